"""JSON for people and machines: one item of each list per line, every item encoded by json's C encoder.

(``indent=`` would switch json to its pure-Python encoder: seconds for ten thousand forms.)
"""
from __future__ import annotations

import json


def _one(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _block(value: object, pad: str) -> str:
    if isinstance(value, list) and value:
        return "[\n" + ",\n".join(f"{pad}  {_one(item)}" for item in value) + f"\n{pad}]"
    return _one(value)


def dumps(value: object) -> str:
    """A list: one element per line. A dict: one key per line, its lists one element per line."""
    if isinstance(value, dict):
        lines = [f"  {_one(key)}: {_block(item, '  ')}" for key, item in value.items()]
        return "{\n" + ",\n".join(lines) + "\n}"
    return _block(value, "")
