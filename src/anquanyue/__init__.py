"""anquanyue（安全月）: read, check and add up “安全生产月”活动进展情况统计表.

The library API the CLI calls; every command is usable from Python:

    from anquanyue import load_schema, read_form, validate_files, merge, status
"""
__version__ = "0.1.0"

from .schema import Schema, SchemaError, list_schemas, load_schema  # noqa: E402

__all__ = ["Schema", "SchemaError", "list_schemas", "load_schema", "__version__"]
