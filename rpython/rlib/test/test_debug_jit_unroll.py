import pytest

from rpython.rlib import debug, jit
from rpython.rlib.unroll import unrolling_iterable


def test_ll_assert_and_fatalerror():
    debug.ll_assert(True, "fine")
    with pytest.raises(AssertionError, match="broken"):
        debug.ll_assert(False, "broken")
    with pytest.raises(debug.FatalError):
        debug.fatalerror("stop")


def test_debug_log_sections():
    debug.debuglog.reset()
    debug.debug_start("gc-minor")
    debug.debug_print("freed", 42)
    debug.debug_stop("gc-minor")
    debug.debug_print("top")
    assert debug.debuglog[0][0] == "gc-minor"
    assert list(debug.debuglog[0][1]) == [("debug_print", "freed 42")]
    assert debug.debuglog[1] == ("debug_print", "top")
    with pytest.raises(AssertionError):
        debug.debug_stop("never-started")
    debug.debug_start("a")
    with pytest.raises(AssertionError):
        debug.debug_stop("b")
    debug.debug_stop("a")


def test_jit_hints_are_no_ops():
    @jit.elidable
    def f(x):
        return x + 1

    @jit.unroll_safe
    def g():
        pass

    @jit.dont_look_inside
    def h():
        pass

    assert f._elidable_function_ and f(1) == 2
    assert g._jit_unroll_safe_
    assert h._jit_look_inside_ is False
    assert jit.promote(5) == 5
    assert jit.hint(7, promote=True) == 7
    assert jit.we_are_jitted() is False
    calls = []
    jit.conditional_call(False, calls.append, 1)
    jit.conditional_call(True, calls.append, 2)
    assert calls == [2]


def test_jitdriver_checks_variables():
    driver = jit.JitDriver(greens=["pc", "code"], reds=["frame"])
    driver.jit_merge_point(pc=0, code=None, frame=None)
    driver.can_enter_jit(pc=0, code=None, frame=None)
    with pytest.raises(jit.JitHintError):
        driver.jit_merge_point(pc=0, code=None)
    auto = jit.JitDriver(greens=["pc"], reds="auto")
    auto.jit_merge_point(pc=1)
    with pytest.raises(jit.JitHintError):
        auto.can_enter_jit(pc=1)
    with pytest.raises(jit.JitHintError):
        jit.JitDriver(greens=["a"], reds=["b"], virtualizables=["c"])


def test_unrolling_iterable():
    items = unrolling_iterable([(1, "a"), (2, "b")])
    assert list(items) == [(1, "a"), (2, "b")]
    assert list(items) == [(1, "a"), (2, "b")]  # re-iterable
    assert len(items) == 2
    assert items._unroll_ is True
