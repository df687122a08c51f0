"""The records, held by one uncounted pointer each while a take runs.

A NamedTuple of arrays is a value: every time a phase hands ``folk`` to a rule, Numba counts a
reference to each of its thirty arrays, and the people phase spent nine tenths of its time doing
so; a struct (a Numba ``StructRef``) still counts one reference per rule called. So a take copies
each record once into a struct (:func:`as_struct`), keeps it alive for the whole take, and hands
the phases a :class:`View` of it (:func:`view`): the same fields behind a plain pointer that is
never counted. The rules read it exactly as a record (``folk.state[i]``); its arrays are the
record's own, so what the take writes is in the record afterwards.
"""

from __future__ import annotations

from typing import Any

from numba.core import cgutils
from numba.core.datamodel import models
from numba.core.types import (  # type: ignore[attr-defined]  # filled in at import
    BaseNamedTuple,
    StructRef,
    Type,
    uintp,
    unliteral,
    voidptr,
)
from numba.experimental import structref
from numba.experimental.jitclass.base import imp_dtor
from numba.extending import intrinsic, register_model


@structref.register
class Struct(StructRef):
    """A record's fields, by name and type, behind one reference."""

    def preprocess_fields(self, fields: Any) -> tuple[tuple[str, Type], ...]:
        return tuple((name, unliteral(kind)) for name, kind in fields)


@intrinsic
def as_struct(typingctx: Any, record: BaseNamedTuple) -> Any:
    """The NamedTuple ``record`` as a :class:`Struct` with the same fields (jit code only)."""
    if not isinstance(record, BaseNamedTuple):
        return None
    inst_type = Struct(list(zip(record.fields, record.types, strict=True)))

    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        data_type = inst_type.get_data_type()
        alloc_type = context.data_model_manager[data_type].get_value_type()
        meminfo = context.nrt.meminfo_alloc_dtor(
            builder,
            context.get_constant(uintp, context.get_abi_sizeof(alloc_type)),
            imp_dtor(context, builder.module, inst_type),
        )
        pointer = builder.bitcast(
            context.nrt.meminfo_data(builder, meminfo), alloc_type.as_pointer()
        )
        builder.store(cgutils.get_null_value(alloc_type), pointer)
        payload = cgutils.create_struct_proxy(data_type)(context, builder, ref=pointer)
        for k, (name, kind) in enumerate(zip(record.fields, record.types, strict=True)):
            value = builder.extract_value(args[0], k)
            context.nrt.incref(builder, kind, value)
            setattr(payload, name, value)
        inst = context.make_helper(builder, inst_type)
        inst.meminfo = meminfo
        return inst._getvalue()

    return inst_type(record), codegen


class View(StructRef):
    """A :class:`Struct`'s fields through a pointer that carries no reference count: valid
    while the struct it was taken from is alive (the take's whole run)."""


@register_model(View)
class _ViewModel(models.StructModel):
    def __init__(self, dmm: Any, fe_type: View) -> None:
        super().__init__(dmm, fe_type, [("meminfo", voidptr)])


structref.define_attributes(View)


@intrinsic
def view(typingctx: Any, struct: Struct) -> Any:
    """An uncounted :class:`View` of ``struct``; the caller keeps ``struct`` alive."""
    if not isinstance(struct, Struct):
        return None
    view_type = View(list(struct.field_dict.items()))

    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        held = cgutils.create_struct_proxy(struct)(context, builder, value=args[0])
        out = cgutils.create_struct_proxy(view_type)(context, builder)
        out.meminfo = builder.bitcast(held.meminfo, out.meminfo.type)
        return out._getvalue()

    return view_type(struct), codegen
