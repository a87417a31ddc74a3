"""anquanyue（安全月）: read, check and add up “安全生产月”活动进展情况统计表.

The library API the CLI calls; every command is usable from Python:

    from anquanyue import read_form, read_inbox, merge_results, write_outputs, status, load_roster, write_form

Names are imported on first use, so ``import anquanyue`` stays light (the CLI starts in half a second).
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "Schema": "schema", "SchemaError": "schema", "list_schemas": "schema", "load_schema": "schema",
    "FileResult": "reading.reader", "read_form": "reading.reader", "read_forms": "reading.reader",
    "validate_files": "reading.validate", "read_inbox": "reading.validate",
    "MergeResult": "merging.merge", "merge": "merging.merge", "merge_results": "merging.merge",
    "merge_to_files": "merging.run",
    "write_outputs": "writing.outputs",
    "status": "chasing.status", "status_of": "chasing.status", "notice_text": "chasing.status",
    "StatusResult": "chasing.status",
    "load_roster": "chasing.roster", "Roster": "chasing.roster",
    "write_form": "writing", "FormData": "formdata", "OtherActivity": "formdata",
    "Issue": "issues", "CATALOGUE": "issues", "Problem": "issues",
}
__all__ = [*_EXPORTS, "__version__"]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'anquanyue' has no attribute {name!r}")
    return getattr(importlib.import_module(f"anquanyue.{module}"), name)
