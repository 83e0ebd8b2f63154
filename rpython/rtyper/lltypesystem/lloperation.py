"""The table of every low-level operation: LL_OPERATIONS.

Each entry is an LLOp saying what the operation may do:

- `sideeffects`: False if it only computes a result from its arguments (it can
  be removed when its result is unused).
- `canfold`: the result depends only on the arguments (no side effects, no
  exception) so it can be computed at translation time on constants.
- `canraise`: a tuple of exception classes it may raise (int_add_ovf raises
  OverflowError, direct_call whatever the callee raises).
- `canmallocgc`: it may allocate in the GC heap (and so collect).

`llop.NAME(RESULTTYPE, *args)` runs an operation on untranslated low-level
values; low-level helpers call it, and it becomes the operation NAME when
the helper is translated.  The implementations are in opimpl.py, shared with
the llinterp.
"""


class LLOp:
    def __init__(
        self,
        sideeffects=True,
        canfold=False,
        canraise=(),
        canmallocgc=False,
        canrun=False,
        tryfold=False,
    ):
        if canfold:
            sideeffects = False
        self.sideeffects = sideeffects
        self.canfold = canfold
        self.tryfold = tryfold or canfold
        self.canraise = tuple(canraise)
        self.canmallocgc = canmallocgc
        self.canrun = canrun or canfold
        self.opname = "?"

    def __repr__(self):
        return "<LLOp %s>" % (self.opname,)

    def is_pure(self, args_v):
        """True if the op can be folded or removed for these arguments."""
        return self.canfold

    def __call__(self, RESULTTYPE, *args):
        from rpython.rtyper.lltypesystem import opimpl
        from rpython.rtyper.lltypesystem.lltype import LowLevelTypeError

        impl = opimpl.get_op_impl(self.opname)
        if impl is None:
            raise LowLevelTypeError("llop.%s cannot run untranslated" % (self.opname,))
        if self.opname in opimpl.NEEDS_RESULTTYPE:
            return impl(RESULTTYPE, *args)
        return impl(*args)

    def _freeze_(self):
        return True


class _LLOpFactory:
    """`llop.int_add(Signed, x, y)`: the operations as callables."""

    def __getattr__(self, name):
        try:
            return LL_OPERATIONS[name]
        except KeyError:
            raise AttributeError("no low-level operation %r" % (name,))

    def _freeze_(self):
        return True


llop = _LLOpFactory()

LL_OPERATIONS = {}


def _define(name, op):
    if name in LL_OPERATIONS:
        raise ValueError("operation %r defined twice" % (name,))
    op.opname = name
    LL_OPERATIONS[name] = op


def _pure(*names):
    for name in names:
        _define(name, LLOp(canfold=True))


def _ovf(*names):
    for name in names:
        _define(name, LLOp(canraise=(OverflowError,), tryfold=True))


# ____________________________________________________________
# arithmetic.  Integer division and modulo have C semantics (truncate toward
# zero) in int_floordiv/int_mod; int_py_div/int_py_mod floor like Python.
# A zero divisor is undefined in all of them: the rtyper checks before.

_unary = ["is_true", "neg", "abs", "invert"]
_binary = [
    "add", "sub", "mul", "floordiv", "mod", "py_div", "py_mod",
    "lt", "le", "eq", "ne", "gt", "ge",
    "and", "or", "xor", "lshift", "rshift",
]  # fmt: skip

for _prefix in ("int", "uint", "llong", "ullong"):
    _pure(*["%s_%s" % (_prefix, n) for n in _unary + _binary])
    _pure("%s_max" % _prefix, "%s_min" % _prefix)
_pure("int_between", "int_force_ge_zero", "uint_mul_high")
_ovf(
    "int_add_ovf", "int_add_nonneg_ovf", "int_sub_ovf", "int_mul_ovf",
    "int_neg_ovf", "int_abs_ovf", "int_lshift_ovf",
)  # fmt: skip

# with a zero check: raise ZeroDivisionError (and OverflowError for _ovf)
for _name in ("int_py_div_zer", "int_py_mod_zer", "uint_py_div_zer", "uint_py_mod_zer",
              "float_truediv_zer", "float_py_mod_zer", "float_py_div_zer"):  # fmt: skip
    _define(_name, LLOp(canraise=(ZeroDivisionError,), tryfold=True))
for _name in ("int_py_div_ovf_zer", "int_py_mod_ovf_zer"):
    _define(_name, LLOp(canraise=(OverflowError, ZeroDivisionError), tryfold=True))

_pure(
    "float_is_true", "float_neg", "float_abs",
    "float_add", "float_sub", "float_mul", "float_truediv",
    "float_lt", "float_le", "float_eq", "float_ne", "float_gt", "float_ge",
    "float_floor", "float_ceil", "float_sqrt", "float_fmod", "float_pow",
    "float_isnan", "float_isinf",
)  # fmt: skip

for _prefix in ("char", "unichar"):
    _pure(*["%s_%s" % (_prefix, n) for n in ("lt", "le", "eq", "ne", "gt", "ge")])

_pure("bool_not")

# ____________________________________________________________
# conversions

_pure(
    "cast_primitive", "cast_bool_to_int", "cast_bool_to_uint", "cast_bool_to_float",
    "cast_char_to_int", "cast_unichar_to_int", "cast_int_to_char",
    "cast_int_to_unichar", "cast_int_to_uint", "cast_uint_to_int",
    "cast_int_to_float", "cast_uint_to_float", "cast_longlong_to_float",
    "cast_ulonglong_to_float", "cast_float_to_int", "cast_float_to_uint",
    "cast_float_to_longlong", "cast_float_to_ulonglong", "cast_int_to_longlong",
    "truncate_longlong_to_int", "convert_float_bytes_to_longlong",
    "convert_longlong_bytes_to_float", "is_early_constant",
)  # fmt: skip

# pointers: folding a cast of a constant pointer is fine
_pure(
    "cast_pointer", "cast_opaque_ptr", "ptr_eq", "ptr_ne", "ptr_iszero",
    "ptr_nonzero", "cast_ptr_to_int", "cast_int_to_ptr", "cast_ptr_to_adr",
    "cast_adr_to_ptr", "cast_adr_to_int", "cast_int_to_adr",
)  # fmt: skip

_define("same_as", LLOp(canfold=True))
_define("hint", LLOp(canfold=True))  # jit hints: the first argument unchanged
_define("keepalive", LLOp())

# ____________________________________________________________
# memory

# reads are not pure (the object may be mutated) but have no side effects;
# getfield of an immutable field on a constant folds (tryfold)
for _name in (
    "getfield",
    "getarrayitem",
    "getinteriorfield",
    "getarraysize",
    "getinteriorarraysize",
):
    _define(_name, LLOp(sideeffects=False, tryfold=True, canrun=True))
for _name in ("getsubstruct", "getarraysubstruct"):
    _define(_name, LLOp(canfold=True))
for _name in ("direct_fieldptr", "direct_arrayitems", "direct_ptradd"):
    _define(_name, LLOp(sideeffects=False))
for _name in (
    "setfield",
    "bare_setfield",
    "setarrayitem",
    "bare_setarrayitem",
    "setinteriorfield",
    "bare_setinteriorfield",
):
    _define(_name, LLOp(canrun=True))

_define("malloc", LLOp(canraise=(MemoryError,), canmallocgc=True))
_define("malloc_varsize", LLOp(canraise=(MemoryError,), canmallocgc=True))
_define("shrink_array", LLOp(canrun=True))
_define("free", LLOp())
_define("zero_gc_pointers_inside", LLOp())

# raw memory through addresses (llmemory)
_define("raw_malloc", LLOp(canraise=(MemoryError,)))
_define("raw_malloc_usage", LLOp(sideeffects=False))
_define("raw_free", LLOp())
_define("raw_memclear", LLOp())
_define("raw_memset", LLOp())
_define("raw_memcopy", LLOp())
_define("raw_memmove", LLOp())
_define("raw_load", LLOp(sideeffects=False, canrun=True))
_define("raw_store", LLOp(canrun=True))
_pure("adr_add", "adr_sub", "adr_delta", "adr_eq", "adr_ne", "adr_lt", "adr_le")
_pure("adr_gt", "adr_ge")
_define("track_alloc_start", LLOp())
_define("track_alloc_stop", LLOp())

# ____________________________________________________________
# calls

_define("direct_call", LLOp(canraise=(Exception,), canmallocgc=True))
_define("indirect_call", LLOp(canraise=(Exception,), canmallocgc=True))

# ____________________________________________________________
# debugging

_define("debug_assert", LLOp(tryfold=True))
_define("debug_assert_not_none", LLOp(tryfold=True))
_define("debug_fatalerror", LLOp())
_define("debug_print", LLOp(canrun=True))
_define("debug_start", LLOp(canrun=True))
_define("debug_stop", LLOp(canrun=True))
_define("debug_flush", LLOp(canrun=True))
_define("debug_have_print", LLOp(canrun=True))
_define("debug_offset", LLOp(canrun=True))
_define("debug_llinterpcall", LLOp(canraise=(Exception,)))
_define("debug_record_traceback", LLOp())
_define("debug_catch_exception", LLOp())
_define("debug_reraise_traceback", LLOp())
_define("debug_print_traceback", LLOp())
_define("debug_start_traceback", LLOp())
_define("debug_view", LLOp())
_define("have_debug_prints", LLOp(canrun=True))
_define("check_and_clear_exc", LLOp())

# ____________________________________________________________
# GC interface (implemented by the GC transform and the C backend)

_define("gc_identityhash", LLOp(sideeffects=False, canmallocgc=True))
_define("gc_id", LLOp(sideeffects=False, canmallocgc=True))
_define("gc__collect", LLOp(canmallocgc=True))
_define("gc__disable_finalizers", LLOp())
_define("gc__enable_finalizers", LLOp())
_define("gc_can_move", LLOp(sideeffects=False))
_define("gc_pin", LLOp(canrun=True))
_define("gc_unpin", LLOp(canrun=True))
_define("gc_writebarrier", LLOp(canrun=True))
_define("gc_writebarrier_before_copy", LLOp(canrun=True))
_define("gc_push_roots", LLOp())
_define("gc_pop_roots", LLOp())
_define("gc_enter_roots_frame", LLOp())
_define("gc_leave_roots_frame", LLOp())
_define("gc_save_root", LLOp())
_define("gc_restore_root", LLOp())
_define("gc_stack_bottom", LLOp(canrun=True))
_define("gc_thread_run", LLOp())
_define("gc_thread_start", LLOp())
_define("gc_thread_die", LLOp())
_define("gc_thread_before_fork", LLOp())
_define("gc_thread_after_fork", LLOp())
_define("gc_get_rpy_memory_usage", LLOp())
_define("gc_fq_next_dead", LLOp())
_define("gc_fq_register", LLOp())
_define("gc_add_memory_pressure", LLOp())
_define("gc_heap_stats", LLOp(canmallocgc=True))
_define("gc_get_type_info_group", LLOp(sideeffects=False))
_define("gc_gettypeptr_group", LLOp(sideeffects=False))
_define("gc_load_indexed", LLOp(sideeffects=False, canrun=True))
_define("gc_store_indexed", LLOp(canrun=True))
_define("gc_adr_of_nursery_free", LLOp())
_define("gc_adr_of_nursery_top", LLOp())
_define("gc_adr_of_root_stack_top", LLOp())
_define("gc_adr_of_root_stack_base", LLOp())

# ____________________________________________________________
# threads and STM (the stm/ transform and rlib/rstm, rthread)

_define("threadlocalref_get", LLOp(sideeffects=False))
_define("threadlocalref_addr", LLOp(sideeffects=False))
_define("threadlocalref_store", LLOp())
_define("stm_read", LLOp())
_define("stm_write", LLOp())
_define("stm_write_card", LLOp())
_define("stm_transaction_break", LLOp(canmallocgc=True))
_define("stm_should_break_transaction", LLOp(sideeffects=False))
_define("stm_possible_transaction_break", LLOp(canmallocgc=True))
_define("stm_become_inevitable", LLOp(canmallocgc=True))
_define("stm_hint_commit_soon", LLOp())
_define("stm_increment_atomic", LLOp())
_define("stm_decrement_atomic", LLOp())
_define("stm_is_atomic", LLOp(sideeffects=False))
_define("stm_get_segment_limit", LLOp(sideeffects=False))
_define("stm_is_inevitable", LLOp(sideeffects=False))
_define("stm_abort_info_push", LLOp())
_define("stm_abort_info_pop", LLOp())
_define("stm_inspect_abort_info", LLOp())
_define("stm_get_abort_statistics", LLOp())
_define("stm_enter_transactional_zone", LLOp(canmallocgc=True))
_define("stm_leave_transactional_zone", LLOp(canmallocgc=True))
_define("stm_id", LLOp(sideeffects=False))
_define("stm_identityhash", LLOp(sideeffects=False))
_define("stm_can_move", LLOp(sideeffects=False))
_define("stm_allocate_preexisting", LLOp(canmallocgc=True))

# ____________________________________________________________
# JIT markers (there is no JIT: they only mark places, and are dropped)

_define("jit_marker", LLOp())
_define("jit_force_virtualizable", LLOp())
_define("jit_force_virtual", LLOp(canrun=True))
_define("jit_is_virtual", LLOp(canrun=True))
_define("jit_force_quasi_immutable", LLOp(canrun=True))
_define("jit_record_exact_class", LLOp(canrun=True))
_define("jit_record_known_result", LLOp(canrun=True))
_define("jit_ffi_save_result", LLOp(canrun=True))
_define("jit_conditional_call", LLOp())
_define("jit_conditional_call_value", LLOp())
_define("jit_enter_portal_frame", LLOp(canrun=True))
_define("jit_leave_portal_frame", LLOp(canrun=True))

# ____________________________________________________________
# process-level

_define("get_exception_addr", LLOp())
_define("get_exc_value_addr", LLOp())
_define("get_write_barrier_failing_case", LLOp(sideeffects=False))
_define("length_of_simple_gcarray_from_opaque", LLOp(sideeffects=False))
_define("likely", LLOp(canfold=True))
_define("unlikely", LLOp(canfold=True))
_define("stack_current", LLOp(sideeffects=False))
_define("stack_malloc", LLOp())
_define("ll_read_timestamp", LLOp(canrun=True))
_define("ll_stack_check", LLOp(canraise=(RuntimeError,)))
_define("instrument_count", LLOp())
_define("nop", LLOp(canfold=True))
