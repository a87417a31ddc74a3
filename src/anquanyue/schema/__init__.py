"""Form schemas: what a year's form asks (items, blanks, rules), loaded from YAML data — never from code."""
from anquanyue.schema.model import (  # noqa: F401
    AnomalySettings, Blank, Item, Schema, SchemaError, list_schemas, load_schema, parse_schema, render_template,
    split_template,
)
