"""Built-in form schemas (YAML data). This folder ships in the wheel as ``anquanyue.schemas``."""
