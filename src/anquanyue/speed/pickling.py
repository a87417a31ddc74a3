"""Pydantic models passed between processes as plain tuples of their fields, in the order the model declares them.

Pickled the ordinary way, every model carries its ``__dict__``'s keys and a set of the fields given when it was
made (``model_fields_set``); rebuilding those costs the main process time and memory for every one of tens of
thousands of forms. Here a model travels as ``(class, field values)`` and comes back with the same field values
and one shared set of all its fields as its "fields set" (nothing in the package asks which fields were given, and
setting a field adds a name the set already holds). Equality, ``model_dump`` and every field are unchanged.
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel

_set = object.__setattr__  # how pydantic itself sets a model's internals, bypassing validation


class Packing:
    """How one model class is packed: its field names in order, and the one fields set its rebuilt models share."""

    def __init__(self, cls: type[BaseModel]) -> None:
        if cls.__private_attributes__ or cls.model_config.get("extra") == "allow":
            raise TypeError(f"{cls.__name__}: a model with private or extra attributes is pickled the ordinary way")
        self.cls = cls
        self.names = tuple(cls.model_fields)
        self.every_field = set(self.names)

    def pack(self, model: BaseModel) -> tuple:
        fields = model.__dict__
        return tuple([fields[name] for name in self.names])

    def unpack(self, values: tuple) -> Any:
        model = self.cls.__new__(self.cls)
        _set(model, "__dict__", dict(zip(self.names, values)))
        _set(model, "__pydantic_fields_set__", self.every_field)
        _set(model, "__pydantic_extra__", None)
        _set(model, "__pydantic_private__", None)
        return model
