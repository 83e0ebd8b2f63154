import pytest

from rpython.rlib.rarithmetic import r_uint
from rpython.rtyper.lltypesystem import lltype, opimpl
from rpython.rtyper.lltypesystem.lloperation import LL_OPERATIONS, llop


def test_table_flags():
    for name in ("int_add", "float_mul", "ptr_eq", "cast_pointer", "same_as"):
        op = LL_OPERATIONS[name]
        assert op.canfold and not op.sideeffects and op.canraise == ()
    assert LL_OPERATIONS["int_add_ovf"].canraise == (OverflowError,)
    assert LL_OPERATIONS["direct_call"].canraise == (Exception,)
    assert LL_OPERATIONS["setfield"].sideeffects
    assert not LL_OPERATIONS["getfield"].sideeffects
    assert not LL_OPERATIONS["getfield"].canfold
    assert LL_OPERATIONS["malloc"].canmallocgc


def test_every_foldable_op_has_an_implementation():
    missing = [
        name
        for name, op in LL_OPERATIONS.items()
        if op.canfold and opimpl.get_op_impl(name) is None
    ]
    assert missing == []


def test_int_semantics_are_c_semantics():
    S = lltype.Signed
    assert llop.int_add(S, lltype.MAXINT, 1) == lltype.MININT
    assert llop.int_floordiv(S, -7, 2) == -3
    assert llop.int_mod(S, -7, 2) == -1
    assert llop.int_py_div(S, -7, 2) == -4
    assert llop.int_py_mod(S, -7, 2) == 1
    with pytest.raises(OverflowError):
        llop.int_add_ovf(S, lltype.MAXINT, 1)
    assert llop.int_mul_ovf(S, 3, 4) == 12
    assert llop.uint_sub(lltype.Unsigned, r_uint(0), r_uint(1)) == (1 << 64) - 1
    assert llop.uint_rshift(lltype.Unsigned, r_uint(-1), 63) == 1
    assert llop.int_rshift(S, -8, 1) == -4
    assert llop.int_lt(lltype.Bool, 1, 2) is True


def test_llop_pointer_ops():
    T = lltype.GcStruct("T", ("x", lltype.Signed))
    p = lltype.malloc(T)
    llop.setfield(lltype.Void, p, "x", 3)
    assert llop.getfield(lltype.Signed, p, "x") == 3
    assert llop.ptr_nonzero(lltype.Bool, p)
    assert llop.ptr_iszero(lltype.Bool, lltype.nullptr(T))


def test_unknown_op():
    with pytest.raises(AttributeError):
        llop.no_such_operation
