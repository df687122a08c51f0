"""The records, held by one uncounted pointer each while a take runs.

A NamedTuple of arrays is a value: every time a phase hands ``folk`` to a rule, Numba counts a
reference to each of its thirty arrays, and the people phase spent nine tenths of its time doing
so; a struct (a Numba ``StructRef``) still counts one reference per rule called. So a take copies
each record once into a struct (:func:`as_struct`), keeps it alive for the whole take, and hands
the phases its :class:`Fields` (:func:`view`): a plain pointer to the struct's fields, never
counted, read without a call. The rules read it exactly as a record (``folk.state[i]``); its
arrays are the record's own, so what the take writes is in the record afterwards.

Numba's disk cache knows a compiled phase by the names of its argument types, not by this
module's source: a change to how :class:`Fields` is laid out must come with a new class name,
or phases cached before would read the new layout the old way.
"""

from __future__ import annotations

from typing import Any

from numba.core import cgutils
from numba.core.datamodel import models
from numba.core.imputils import impl_ret_borrowed
from numba.core.types import (  # type: ignore[attr-defined]  # filled in at import
    BaseNamedTuple,
    StructRef,
    Type,
    uintp,
    unliteral,
    voidptr,
)
from numba.core.typing.templates import AttributeTemplate
from numba.experimental import structref
from numba.experimental.jitclass.base import imp_dtor
from numba.extending import infer_getattr, intrinsic, lower_getattr_generic, register_model


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


class Fields(StructRef):
    """A :class:`Struct`'s fields through a plain pointer to them: no reference count, and no
    call to find the fields on each read. Valid while the struct it was taken from is alive
    (the take's whole run)."""


@register_model(Fields)
class _FieldsModel(models.StructModel):
    def __init__(self, dmm: Any, fe_type: Fields) -> None:
        super().__init__(dmm, fe_type, [("data", voidptr)])


@infer_getattr
class _FieldNames(AttributeTemplate):
    key = Fields

    def generic_resolve(self, typ: Fields, attr: str) -> Any:
        return typ.field_dict.get(attr)


@lower_getattr_generic(Fields)
def _view_field(context: Any, builder: Any, typ: Fields, value: Any, attr: str) -> Any:
    data_type = typ.get_data_type()
    alloc_type = context.data_model_manager[data_type].get_value_type()
    pointer = cgutils.create_struct_proxy(typ)(context, builder, value=value).data
    fields = cgutils.create_struct_proxy(data_type)(
        context, builder, ref=builder.bitcast(pointer, alloc_type.as_pointer())
    )
    return impl_ret_borrowed(context, builder, typ.field_dict[attr], getattr(fields, attr))


@intrinsic
def view(typingctx: Any, struct: Struct) -> Any:
    """``struct``'s :class:`Fields`, uncounted; the caller keeps ``struct`` alive."""
    if not isinstance(struct, Struct):
        return None
    view_type = Fields(list(struct.field_dict.items()))

    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        held = cgutils.create_struct_proxy(struct)(context, builder, value=args[0])
        out = cgutils.create_struct_proxy(view_type)(context, builder)
        data = context.nrt.meminfo_data(builder, held.meminfo)
        out.data = builder.bitcast(data, out.data.type)
        return out._getvalue()

    return view_type(struct), codegen
