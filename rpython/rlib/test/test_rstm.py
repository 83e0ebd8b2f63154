"""rstm / rgil: the translation-time switch between the STM and the GIL
meaning, what each build's graphs contain, the untranslated API, and the
whole API translated in the GIL build."""

import pytest

from rpython.rlib import rgil, rstm
from rpython.translator.translator import TranslationConfig, TranslationContext


def rtyped_ops(func, stm):
    """The operation names and called function names of every graph
    reachable from func() after rtyping, with config.stm = stm."""
    t = TranslationContext(config=TranslationConfig(stm=stm))
    a = t.buildannotator()
    s = a.build_types(func, [])
    t.buildrtyper().specialize()
    names = set()
    for graph in t.graphs:
        for block in graph.iterblocks():
            for op in block.operations:
                names.add(op.opname)
                if op.opname == "direct_call":
                    obj = op.args[0].value._obj
                    names.add("call:" + getattr(obj, "_name", "?"))
    return s, names


def test_stm_enabled_is_a_translation_time_constant():
    def f():
        if rstm.stm_enabled():
            return 1
        return 2

    s, _ = rtyped_ops(f, stm=False)
    assert s.const == 2
    s, _ = rtyped_ops(f, stm=True)
    assert s.const == 1
    assert not rstm.stm_enabled()  # untranslated


def use_everything():
    rstm.increment_atomic()
    rstm.increment_atomic()
    depth = rstm.is_atomic()
    rstm.decrement_atomic()
    rstm.decrement_atomic()
    rstm.transaction_break()
    rstm.possible_transaction_break()
    if rstm.should_break_transaction():
        depth += 100
    rstm.become_inevitable()
    rstm.hint_commit_soon()
    depth += rstm.set_marker(7)
    rstm.clear_marker()
    stats = rstm.get_stats()
    rstm.enable_conflict_log(10)
    rstm.print_conflict_log()
    rgil.before_blocking_call()
    rgil.after_blocking_call()
    rgil.before_external_call()
    rgil.after_external_call()
    return depth + stats.commits + rstm.getsegmentlimit()


def test_gil_build_has_no_stm_runtime_calls():
    _, names = rtyped_ops(use_everything, stm=False)
    assert not [n for n in names if n.startswith("call:pypy_stm_")]
    assert "stm_leave_transactional_zone" not in names
    assert "call:rpy_gil_yield" in names  # transaction_break yields the GIL
    assert "stm_transaction_break" in names  # kept for the STM pass's tests


def test_stm_build_has_no_gil_calls():
    _, names = rtyped_ops(use_everything, stm=True)
    assert not [n for n in names if n.startswith("call:rpy_gil_")]
    for op in (
        "stm_transaction_break",
        "stm_possible_transaction_break",
        "stm_should_break_transaction",
        "stm_increment_atomic",
        "stm_become_inevitable",
        "stm_hint_commit_soon",
        "stm_leave_transactional_zone",
        "stm_enter_transactional_zone",
    ):
        assert op in names, op
    for ext in ("pypy_stm_get_stat", "pypy_stm_set_marker"):
        assert "call:" + ext in names, ext


def test_untranslated_api():
    assert rstm.is_atomic() == 0
    with rstm.atomic_section():
        assert rstm.is_atomic() == 1
        with rstm.atomic_section():
            assert rstm.is_atomic() == 2
        assert not rstm.should_break_transaction()
    assert rstm.is_atomic() == 0
    with pytest.raises(RuntimeError):
        rstm.decrement_atomic()
    assert rstm.set_marker(3) == 0
    rstm.clear_marker()
    with pytest.raises(ValueError):
        rstm.set_marker(-1)
    stats = rstm.get_stats()
    assert (stats.commits, stats.aborts, stats.time_lost) == (0, 0, 0.0)
    assert stats.aborts_by_cause == [0] * len(rstm.ABORT_CAUSES)
    assert rstm.get_global_stats().aborts == 0
    assert rstm.getsegmentlimit() == 1
    assert rstm.print_conflict_log() == 0


def entry_point(argv):
    total = use_everything()
    # a long loop of possible breaks: the check interval fires harmlessly
    # while the GIL is off (no thread started)
    i = 0
    while i < 1000:
        rstm.possible_transaction_break()
        i += 1
    print("total %d atomic %d" % (total, rstm.is_atomic()))
    return 0


def test_translated_gil_build():
    support = pytest.importorskip("rpython.translator.c.test.support")
    support.require_toolchain()
    status, out = support.run_translated(entry_point, [])
    assert (status, out) == (0, "total 3 atomic 0\n")


def lock_entry_point(argv):
    from rpython.rlib import rthread

    lock = rthread.allocate_lock()
    before = lock.locked()
    lock.acquire(True)
    during = lock.locked()
    second = lock.acquire(False)
    timed = lock.acquire_timed(1000)
    lock.release()
    ident = rthread.get_ident()
    print(
        "locked %d %d %d %d %d ident %d"
        % (before, during, second, timed, lock.locked(), ident != 0)
    )
    return 0


def test_translated_locks_and_ident():
    support = pytest.importorskip("rpython.translator.c.test.support")
    support.require_toolchain()
    status, out = support.run_translated(lock_entry_point, [])
    assert (status, out) == (0, "locked 0 1 0 0 0 ident 1\n")
