"""Old-object pages and the kernel: the major collection keeps free pages
backed (no hole punching and re-faulting in a steady state) but gives them
back when far more are free than the next cycle can use."""

MB = 1 << 20


def _cycle_of_garbage(stm, t, nbytes):
    stm.start(t)
    for _ in range(nbytes // MB):
        stm.alloc(t, MB)  # not kept: garbage at the next major collection
    stm.commit(t)
    stm.start(t)
    stm.major(t)
    stm.commit(t)


def test_steady_state_keeps_free_pages_backed(stm2):
    stm = stm2
    a = stm.new_thread()
    # 24 MB of free pages: more than the next cycle needs (threshold 16 MB)
    # but not enough to give back; a limit of 1 x threshold punched 8 MB
    # every cycle
    _cycle_of_garbage(stm, a, 24 * MB)
    released = stm.lib.t_pages_released()
    for _ in range(5):
        _cycle_of_garbage(stm, a, 24 * MB)
        # freed pages stay in the memfd, ready for the next cycle
        assert stm.lib.t_memfd_bytes() >= 24 * MB
        assert stm.lib.t_pages_released() == released


def test_major_gc_gives_back_pages_far_above_the_threshold(stm2):
    stm = stm2
    a = stm.new_thread()
    n = 52  # MB: more than 3 x the minimum threshold once dropped
    stm.start(a)
    for i in range(n):
        o = stm.alloc(a, MB)
        stm.write_word(a, o, 24, i)
        stm.push(a, o)
    stm.commit(a)
    stm.start(a)
    stm.major(a)
    stm.commit(a)
    assert stm.lib.t_memfd_bytes() >= n * MB
    released = stm.lib.t_pages_released()
    stm.start(a)
    assert stm.read_word(a, stm.root(a, n - 1), 24) == n - 1
    for _ in range(n):
        stm.pop(a)
    stm.major(a)  # live ~0: keep 2 x the minimum threshold (16 MB) backed
    stm.commit(a)
    assert stm.lib.t_pages_released() > released
    assert stm.lib.t_memfd_bytes() <= 33 * MB
    # the punched pages are reusable and read as fresh memory
    stm.start(a)
    for i in range(n):
        o = stm.alloc(a, MB)
        stm.write_word(a, o, 24, 1000 + i)
        stm.push(a, o)
    stm.commit(a)
    stm.start(a)
    assert [stm.read_word(a, stm.root(a, i), 24) for i in range(n)] == [
        1000 + i for i in range(n)
    ]
    stm.commit(a)
