"""The base of every schema table, and the checks every value of a scenario passes.

Every float must be finite (no ``inf`` or ``nan``), a boolean is never taken for a number,
and no integer may leave the 64-bit range the kernels count in.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from hyosan.errors import KeyProblem

INT64_MAX = 2**63 - 1


class Strict(BaseModel):
    """Unknown keys are errors; values are checked again when assigned; floats are finite;
    booleans only where a field is a yes/no; integers fit in 64 bits."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _no_bool_numbers(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        for key, value in data.items():
            field = cls.model_fields.get(key) if isinstance(key, str) else None
            if field is None:
                continue
            kind = field.annotation
            found = _bad_scalar(value, _takes_bool(kind), into_tables=not _holds_model(kind))
            if found is not None:
                where, message, bad = found
                raise KeyProblem(f"{key}{where}", message, value=bad)
        return data


def _bad_scalar(
    value: Any, bool_ok: bool, where: str = "", *, into_tables: bool = True
) -> tuple[str, str, Any] | None:
    """The first boolean where a number is wanted, or integer beyond 64 bits, in a value;
    tables are searched too unless they are schema tables of their own (checked there)."""
    if isinstance(value, bool):
        return None if bool_ok else (where, "a boolean is not a number here", value)
    if isinstance(value, int) and abs(value) > INT64_MAX:
        return (where, "integer out of the 64-bit range (|value| ≤ 2**63 - 1)", value)
    items: list[tuple[Any, Any]] = []
    if isinstance(value, list):
        items = list(enumerate(value))
    elif isinstance(value, dict) and into_tables:
        items = list(value.items())
    for key, item in items:
        found = _bad_scalar(item, bool_ok, f"{where}.{key}", into_tables=into_tables)
        if found is not None:
            return found
    return None


def _holds_model(annotation: Any) -> bool:
    """Whether a field's type has schema tables in it (they check their own values)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_model(a) for a in typing.get_args(annotation))


def _takes_bool(annotation: Any) -> bool:
    """Whether a field's type admits a plain boolean."""
    if annotation is bool:
        return True
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _takes_bool(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list, dict, typing.Literal):
        if origin is typing.Literal:
            return any(isinstance(a, bool) for a in typing.get_args(annotation))
        return any(_takes_bool(a) for a in typing.get_args(annotation))
    return annotation is typing.Any
