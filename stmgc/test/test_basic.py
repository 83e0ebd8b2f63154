"""Deterministic tests of the library through the cffi test build.

Several logical threads share one OS thread; `stm` runs each test with 2
and 4 segments.  Words at offset >= 16 + 8*nrefs are raw data.
"""

import pytest

from stmgc.test.support import STM, Conflict, WouldBlock

D = 16  # first data word of an object without refs


def committed_object(s, t, size=32, nrefs=0, value=None):
    """Allocate an object in a transaction of t and commit it; returns it."""
    s.start(t)
    o = s.alloc(t, size, nrefs=nrefs)
    if value is not None:
        s.write_word(t, o, 16 + 8 * nrefs, value)
    s.push(t, o)
    s.commit(t)
    return s.pop(t)


def test_commit_makes_object_old_and_visible(stm):
    a, b = stm.new_thread(), stm.new_thread()
    o = committed_object(stm, a, value=7)
    assert not stm.in_nursery(o)
    stm.start(b)
    assert stm.read_word(b, o, D) == 7
    stm.commit(b)


def test_isolation_of_uncommitted_writes(stm):
    a, b = stm.new_thread(), stm.new_thread()
    o = committed_object(stm, a, value=1)
    stm.start(a)
    stm.start(b)
    stm.write_word(a, o, D, 2)
    assert stm.read_word(a, o, D) == 2
    assert stm.read_word(b, o, D) == 1
    assert stm.lib.t_committed_word(o, D) == 1
    stm.commit(b)
    stm.commit(a)
    assert stm.lib.t_committed_word(o, D) == 2


def test_write_read_conflict_aborts_reader(stm):
    a, b = stm.new_thread(), stm.new_thread()
    o = committed_object(stm, a, value=1)
    stm.start(a)
    stm.start(b)
    assert stm.read_word(b, o, D) == 1
    stm.write_word(a, o, D, 2)
    stm.commit(a)
    with pytest.raises(Conflict):
        stm.check(b)
    assert stm.stats(b)["aborts"][2] == 1  # write-read
    stm.start(b)
    assert stm.read_word(b, o, D) == 2
    stm.commit(b)


def test_no_conflict_when_read_after_commit(stm):
    a, b = stm.new_thread(), stm.new_thread()
    o = committed_object(stm, a, value=1)
    stm.start(a)
    stm.start(b)
    stm.write_word(a, o, D, 5)
    stm.commit(a)
    assert stm.read_word(b, o, D) == 5  # not read before: sees the new value
    stm.commit(b)


def test_write_write_younger_loses(stm):
    a, b = stm.new_thread(), stm.new_thread()
    o = committed_object(stm, a, value=1)
    stm.start(a)  # older
    stm.start(b)
    stm.write_word(a, o, D, 2)
    with pytest.raises(Conflict):
        stm.write_word(b, o, D, 3)
    assert stm.stats(b)["aborts"][1] == 1
    stm.commit(a)
    assert stm.lib.t_committed_word(o, D) == 2


def test_solo_lock_still_detects_write_write(stm):
    # a starts alone: its barrier takes lock bytes with plain stores
    a, b = stm.new_thread(), stm.new_thread()
    o = committed_object(stm, a, value=1)
    p = committed_object(stm, a, value=5)
    stm.start(a)
    assert stm.lib.t_solo(a)
    stm.write_word(a, o, D, 2)
    stm.start(b)  # stops the world and ends a's solo mode
    assert not stm.lib.t_solo(a) and not stm.lib.t_solo(b)
    # a's in-place write left the shared page: committed state is back
    assert stm.lib.t_committed_word(o, D) == 1
    assert stm.read_word(b, o, D) == 1 and stm.read_word(a, o, D) == 2
    stm.write_word(a, p, D, 6)  # atomic path now
    with pytest.raises(Conflict):
        stm.write_word(b, o, D, 3)  # the lock a took solo is seen
    stm.start(b)
    with pytest.raises(Conflict):
        stm.write_word(b, p, D, 7)
    stm.commit(a)
    stm.start(b)
    assert stm.lib.t_solo(b)  # alone again
    assert stm.read_word(b, o, D) == 2 and stm.read_word(b, p, D) == 6
    stm.write_word(b, o, D, 4)
    stm.commit(b)
    assert stm.lib.t_committed_word(o, D) == 4


def test_solo_in_place_write_abort_restores(stm):
    a = stm.new_thread()
    o = committed_object(stm, a, value=1)
    stm.start(a)
    assert stm.lib.t_solo(a)
    stm.write_word(a, o, D, 2)  # in place (page shared), undo-logged
    assert stm.read_word(a, o, D) == 2
    stm.abort(a)
    assert stm.lib.t_committed_word(o, D) == 1
    stm.start(a)
    assert stm.read_word(a, o, D) == 1
    stm.commit(a)


def test_solo_in_place_object_seen_again_after_minor_gc(stm):
    # in-place writes take no lock byte; the minor collection resets the
    # object's barrier flag and must give it one, or the next write would
    # log the uncommitted value as the committed one
    a, b = stm.new_thread(), stm.new_thread()
    o = committed_object(stm, a, value=1)
    stm.start(a)
    assert stm.lib.t_solo(a)
    stm.write_word(a, o, D, 2)  # in place
    stm.minor(a)
    stm.write_word(a, o, D, 3)  # barrier again: already ours
    stm.abort(a)
    assert stm.lib.t_committed_word(o, D) == 1
    stm.start(a)
    stm.write_word(a, o, D, 4)
    stm.minor(a)
    stm.write_word(a, o, D, 5)
    stm.commit(a)  # releases the lock byte the minor collection set
    assert stm.lib.t_committed_word(o, D) == 5
    stm.start(b)
    stm.write_word(b, o, D, 6)  # no conflict: the lock is free
    stm.commit(b)
    assert stm.lib.t_committed_word(o, D) == 6


def test_solo_in_place_object_on_privatized_page_traced_by_major_gc(stm):
    # o is written in place (no lock byte), then its page becomes private
    # (a weakref on it is written) and o gets a reference to q stored into
    # the private copy only: the major collection must trace that version
    # (it finds it through o's lock byte)
    a = stm.new_thread()
    stm.start(a)
    o = stm.alloc(a, 32, nrefs=1)
    stm.push(a, o)
    w = stm.alloc_weakref(a, 0)
    stm.push(a, w)
    stm.commit(a)
    w = stm.pop(a)
    o = stm.root(a, 0)  # stays on the shadow stack
    assert o // stm.lib.t_page_size() == w // stm.lib.t_page_size()
    stm.start(a)
    assert stm.lib.t_solo(a)
    stm.write_ref(a, o, 0, 0)  # in place
    stm.write_word(a, w, 16, 0)  # privatizes the page
    q = stm.alloc(a, 32)
    stm.write_word(a, q, D, 4321)
    stm.write_ref(a, o, 0, q)  # no barrier: private copy only
    stm.major(a)  # its minor collection gives o a lock byte: o's holder
    for _ in range(300):  # would reuse q's slot if it were freed
        n = stm.alloc(a, 32)
        stm.write_word(a, n, D, 99)
        stm.push(a, n)
    stm.minor(a)
    q2 = stm.read_ref(a, o, 0)
    assert stm.read_word(a, q2, D) == 4321
    stm.commit(a)


def test_solo_major_gc_keeps_committed_referent(stm):
    # q is reachable only from the committed version of o, which a solo
    # transaction overwrote in place: the undo log must keep q alive
    a = stm.new_thread()
    o = committed_object(stm, a, size=48, nrefs=1)
    q = committed_object(stm, a, size=32, value=4321)
    stm.push(a, o)
    stm.start(a)
    stm.write_ref(a, o, 0, q)
    stm.commit(a)
    stm.start(a)
    assert stm.lib.t_solo(a)
    stm.write_ref(a, o, 0, 0)
    stm.major(a)
    for _ in range(300):  # would reuse q's slot if it were freed
        n = stm.alloc(a, 32)
        stm.write_word(a, n, D, 99)
        stm.push(a, n)
    stm.minor(a)
    stm.abort(a)
    stm.start(a)
    q2 = stm.read_ref(a, stm.root(a, 0), 0)
    assert q2 == q and stm.read_word(a, q2, D) == 4321
    stm.commit(a)


def test_solo_in_place_then_other_thread_commits(stm):
    a, b = stm.new_thread(), stm.new_thread()
    o = committed_object(stm, a, value=1)
    p = committed_object(stm, a, value=5)
    stm.start(a)
    stm.write_word(a, o, D, 2)  # in place
    stm.start(b)  # a's page becomes private, committed state restored
    stm.write_word(b, p, D, 6)
    stm.commit(b)
    assert stm.read_word(a, p, D) == 6 and stm.read_word(a, o, D) == 2
    stm.commit(a)
    assert stm.lib.t_committed_word(o, D) == 2
    assert stm.lib.t_committed_word(p, D) == 6


def test_write_write_older_wins(stm):
    a, b = stm.new_thread(), stm.new_thread()
    o = committed_object(stm, a, value=1)
    stm.start(a)  # older
    stm.start(b)
    stm.write_word(b, o, D, 3)
    stm.write_word(a, o, D, 2)  # aborts b
    with pytest.raises(Conflict):
        stm.check(b)
    stm.commit(a)
    stm.start(b)
    assert stm.read_word(b, o, D) == 2
    stm.commit(b)


def test_inevitable_wins_write_write(stm):
    a, b = stm.new_thread(), stm.new_thread()
    o = committed_object(stm, a, value=1)
    stm.start(a)  # older, but not inevitable
    stm.start(b)
    stm.become_inevitable(b)
    stm.write_word(b, o, D, 3)
    with pytest.raises(Conflict):
        stm.write_word(a, o, D, 2)
    assert stm.stats(a)["aborts"][3] == 1  # lost against inevitable
    stm.commit(b)


def test_inevitable_reader_wins_write_read(stm):
    a, b = stm.new_thread(), stm.new_thread()
    o = committed_object(stm, a, value=1)
    stm.start(a)
    stm.start(b, inevitable=True)
    stm.read_word(b, o, D)
    stm.write_word(a, o, D, 2)
    with pytest.raises(Conflict):
        stm.commit(a)
    stm.commit(b)
    assert stm.lib.t_committed_word(o, D) == 1


def test_only_one_inevitable(stm):
    a, b = stm.new_thread(), stm.new_thread()
    stm.start(a, inevitable=True)
    stm.start(b)
    with pytest.raises(WouldBlock):
        stm.become_inevitable(b)
    with pytest.raises(WouldBlock):
        stm.start(stm.new_thread(), inevitable=True)
    stm.commit(a)
    stm.become_inevitable(b)
    assert stm.lib.t_is_inevitable(b)
    stm.commit(b)


def test_inevitable_cannot_abort_fatal_is_avoided(stm):
    a = stm.new_thread()
    stm.start(a, inevitable=True)
    o = stm.alloc(a)
    stm.write_word(a, o, D, 1)
    stm.commit(a)


def test_abort_restores_objects_and_shadow_stack(stm):
    a, b = stm.new_thread(), stm.new_thread()
    o = committed_object(stm, a, size=48, nrefs=1, value=10)
    stm.push(a, o)
    depth = stm.depth(a)
    stm.start(a)
    p = stm.alloc(a)
    stm.push(a, p)
    stm.write_ref(a, o, 0, p)
    stm.write_word(a, o, 24, 11)
    stm.minor(a)  # p moves out of the nursery, still uncommitted
    stm.push(a, stm.alloc(a))
    assert stm.depth(a) == depth + 2
    stm.abort(a)
    assert stm.depth(a) == depth
    assert stm.root(a, depth - 1) == o
    stm.start(b)
    assert stm.read_ref(b, o, 0) == 0
    assert stm.read_word(b, o, 24) == 10
    stm.write_word(b, o, 24, 12)  # the lock was released
    stm.commit(b)
    stm.start(a)
    assert stm.read_word(a, o, 24) == 12
    stm.commit(a)
    assert stm.stats(a)["aborts"][0] == 1


def test_abort_callbacks(stm):
    a = stm.new_thread()
    cnt = stm.lib.callback_counters
    for i in range(4):
        cnt[i] = 0
    stm.start(a)
    assert stm.lib.t_call_on(a, 0, 0, 0) == 1
    assert stm.lib.t_call_on(a, 1, 1, 0) == 1
    stm.abort(a)
    assert (cnt[0], cnt[1]) == (1, 0)
    stm.start(a)
    stm.lib.t_call_on(a, 0, 0, 0)
    stm.lib.t_call_on(a, 1, 1, 0)
    stm.lib.t_call_on(a, 1, 2, 0)
    assert stm.lib.t_call_on(a, 1, 2, 1) == 1  # removed again
    stm.commit(a)
    assert (cnt[0], cnt[1], cnt[2]) == (1, 1, 0)


def test_minor_collection_keeps_contents_and_updates_refs(stm):
    a = stm.new_thread()
    stm.start(a)
    objs = []
    for i in range(50):
        o = stm.alloc(a, 40, nrefs=1)
        stm.write_word(a, o, 24, i * 3)
        if objs:
            stm.write_ref(a, o, 0, objs[-1])
        objs.append(o)
    stm.push(a, objs[-1])
    stm.minor(a)
    head = stm.root(a, stm.depth(a) - 1)
    assert not stm.in_nursery(head)
    o, i = head, 49
    while o:
        assert stm.read_word(a, o, 24) == i * 3
        o = stm.read_ref(a, o, 0)
        i -= 1
    assert i == -1
    stm.commit(a)


def test_nursery_overflow_triggers_minor_collections(stm):
    a = stm.new_thread()
    stm.start(a)
    keep = stm.alloc(a, 64, nrefs=1)
    stm.push(a, keep)
    n = 0
    while stm.stats(a)["minor"] < 3:
        o = stm.alloc(a, 1024)
        stm.write_word(a, o, 1016, n)
        keep = stm.root(a, 0)
        stm.write_ref(a, keep, 0, o)
        n += 1
    keep = stm.root(a, 0)
    last = stm.read_ref(a, keep, 0)
    assert stm.read_word(a, last, 1016) == n - 1
    assert stm.lib.t_should_break(a)
    stm.commit(a)


def test_major_collection_frees_and_keeps(stm):
    a = stm.new_thread()
    stm.start(a)
    live = stm.alloc(a, 48, nrefs=1)
    stm.push(a, live)
    for i in range(2000):
        stm.push(a, stm.alloc(a, 256))  # old garbage once popped
    stm.commit(a)
    for i in range(2000):
        stm.pop(a)
    stm.start(a)
    live = stm.root(a, 0)
    stm.write_word(a, live, 24, 99)
    stm.commit(a)
    before = stm.lib.t_old_bytes()
    stm.start(a)
    stm.major(a)
    stm.commit(a)
    assert stm.lib.t_old_bytes() < before
    stm.start(a)
    assert stm.read_word(a, stm.root(a, 0), 24) == 99
    stm.commit(a)


def test_major_gc_traces_private_version_of_modified_object(stm):
    a, b = stm.new_thread(), stm.new_thread()
    o = committed_object(stm, a, size=48, nrefs=1)
    stm.push(a, o)
    stm.start(a)
    p = stm.alloc(a, 32)
    stm.write_word(a, p, D, 1234)
    stm.write_ref(a, o, 0, p)  # p only reachable from a's private version of o
    stm.start(b)
    stm.major(b)  # minor-collects a, marks through a's view
    for _ in range(300):
        stm.alloc(b, 32)  # reuse freed slots if p were wrongly freed
    stm.commit(b)
    p2 = stm.read_ref(a, o, 0)
    assert stm.read_word(a, p2, D) == 1234
    stm.commit(a)
    stm.start(b)
    assert stm.read_word(b, stm.read_ref(b, o, 0), D) == 1234
    stm.commit(b)


def test_page_spanning_object(stm):
    a, b = stm.new_thread(), stm.new_thread()
    size = 3 * 4096 + 512
    s = stm
    s.start(a)
    o = s.alloc(a, size)
    s.push(a, o)
    offsets = list(range(16, size, 1016)) + [size - 8]
    for off in offsets:
        s.write_word(a, o, off, off * 7)
    s.commit(a)
    assert s.lib.t_page_private(1, o) in (0, 1)
    s.start(a)
    s.start(b)
    for off in offsets:
        assert s.read_word(b, o, off) == off * 7
    s.write_word(a, o, size - 8, 1)
    assert s.read_word(b, o, size - 8) == (size - 8) * 7
    s.commit(a)
    with pytest.raises(Conflict):
        s.check(b)  # b read o, a wrote it
    for i in range(3):
        s.start(a)
        s.major(a)
        s.commit(a)
    s.start(b)
    assert s.read_word(b, o, size - 8) == 1
    assert s.read_word(b, o, 16) == 16 * 7
    s.commit(b)


def test_large_object_write_card(stm):
    a = stm.new_thread()
    size = 1 << 20
    stm.start(a)
    o = stm.alloc(a, size)
    stm.push(a, o)
    stm.commit(a)
    stm.start(a)
    assert stm.lib.t_write_card(a, o, size - 8, 77) == 0
    stm.commit(a)
    assert stm.lib.t_committed_word(o, size - 8) == 77


def test_more_threads_than_segments(stm):
    n = stm.nb_segments
    ts = [stm.new_thread() for _ in range(n + 2)]
    o = committed_object(stm, ts[0], value=0)
    for t in ts[:n]:
        stm.start(t)
    with pytest.raises(WouldBlock):
        stm.start(ts[n])
    freed = stm.lib.t_segment(ts[0])
    stm.commit(ts[0])
    stm.start(ts[n])  # takes the freed segment
    assert stm.lib.t_segment(ts[n]) == freed
    stm.write_word(ts[n], o, D, 5)
    stm.commit(ts[n])
    for t in ts[1:n]:
        assert stm.read_word(t, o, D) == 5
        stm.commit(t)
    stm.start(ts[n + 1])
    assert stm.read_word(ts[n + 1], o, D) == 5
    stm.commit(ts[n + 1])


def test_segment_reuse_by_other_thread_no_stale_read_markers(stm2):
    s = stm2
    a, b, c = s.new_thread(), s.new_thread(), s.new_thread()
    o = committed_object(s, a, value=1)
    s.start(a)
    s.read_word(a, o, D)
    s.commit(a)  # segment of a now free, markers stale
    s.start(c)  # c likely reuses a segment
    s.start(b)
    s.write_word(b, o, D, 2)
    s.commit(b)
    s.commit(c)  # c did not read o: no conflict


def test_id_and_hash_stable_across_minor(stm):
    a = stm.new_thread()
    stm.start(a)
    o = stm.alloc(a, 48)
    assert stm.lib.t_can_move(a, o)
    i1, h1 = stm.id_hash(a, o)
    assert not stm.lib.t_can_move(a, o)
    stm.write_word(a, o, D, 5)
    stm.push(a, o)
    stm.minor(a)
    o2 = stm.root(a, 0)
    assert o2 != o and o2 == i1
    assert stm.id_hash(a, o2) == (i1, h1)
    assert stm.read_word(a, o2, D) == 5
    stm.commit(a)
    stm.start(a)
    assert stm.id_hash(a, stm.root(a, 0)) == (i1, h1)
    stm.commit(a)


def test_id_distinct(stm):
    a = stm.new_thread()
    stm.start(a)
    ids = set()
    for _ in range(100):
        ids.add(stm.id_hash(a, stm.alloc(a, 32))[0])
    assert len(ids) == 100
    stm.commit(a)


def test_weakref_cleared_when_referent_dies_young(stm):
    a = stm.new_thread()
    stm.start(a)
    target = stm.alloc(a, 32)
    w = stm.alloc_weakref(a, target)
    stm.push(a, w)
    stm.minor(a)
    w = stm.root(a, 0)
    assert stm.read_word(a, w, D) == 0
    stm.commit(a)


def test_weakref_follows_moved_referent_and_major(stm):
    a = stm.new_thread()
    stm.start(a)
    target = stm.alloc(a, 32)
    stm.write_word(a, target, D, 9)
    stm.push(a, target)
    w = stm.alloc_weakref(a, target)
    stm.push(a, w)
    stm.commit(a)
    stm.start(a)
    target, w = stm.root(a, 0), stm.root(a, 1)
    assert stm.read_word(a, w, D) == target
    stm.major(a)
    assert stm.read_word(a, w, D) == target
    stm.commit(a)
    stm.pop(a)
    stm.pop(a)
    stm.push(a, w)  # drop the strong reference
    stm.start(a)
    stm.major(a)
    assert stm.read_word(a, stm.root(a, 0), D) == 0
    stm.commit(a)


def test_finalizer_committed_object(stm):
    a = stm.new_thread()
    lib = stm.lib
    lib.finalized_count = 0
    stm.start(a)
    o = stm.alloc(a, 32, kind=2)
    stm.write_word(a, o, D, 4242)
    stm.push(a, o)
    stm.commit(a)
    cnt = stm.ffi.new("long *")
    assert lib.t_run_finalizers(a, cnt) == 0 and cnt[0] == 0
    stm.pop(a)
    stm.start(a)
    stm.major(a)
    stm.commit(a)
    assert lib.t_run_finalizers(a, cnt) == 0 and cnt[0] == 1
    assert lib.finalized_count == 1 and lib.finalized_ids[0] == 4242
    stm.start(a)
    stm.major(a)  # really freed now, finalizer not run twice
    stm.commit(a)
    assert lib.t_run_finalizers(a, cnt) == 0 and cnt[0] == 0
    assert lib.finalized_count == 1


def test_finalizer_young_object_dies_in_committing_tx(stm):
    a = stm.new_thread()
    lib = stm.lib
    lib.finalized_count = 0
    stm.start(a)
    o = stm.alloc(a, 32, kind=2)
    stm.write_word(a, o, D, 77)
    stm.minor(a)  # o unreachable: finalized after commit
    stm.commit(a)
    cnt = stm.ffi.new("long *")
    lib.t_run_finalizers(a, cnt)
    assert cnt[0] == 1 and lib.finalized_ids[0] == 77


def test_finalizer_not_run_for_aborted_tx(stm):
    a = stm.new_thread()
    lib = stm.lib
    lib.finalized_count = 0
    stm.start(a)
    stm.alloc(a, 32, kind=2)
    stm.minor(a)
    stm.abort(a)
    stm.start(a)
    stm.major(a)
    stm.commit(a)
    cnt = stm.ffi.new("long *")
    lib.t_run_finalizers(a, cnt)
    assert cnt[0] == 0 and lib.finalized_count == 0


def test_prebuilt_objects(stm):
    a, b = stm.new_thread(), stm.new_thread()
    pb = stm.lib.t_prebuilt(1, 32)
    stm.start(a)
    o = stm.alloc(a, 32)
    stm.write_word(a, o, D, 3)
    stm.write_ref(a, pb, 0, o)
    stm.commit(a)
    stm.start(b)
    stm.major(b)
    o = stm.read_ref(b, pb, 0)
    assert stm.read_word(b, o, D) == 3
    stm.commit(b)


def test_should_break_with_mark_lowered_to_zero(stm):
    # a runtime hint may set nursery_mark to 0; with threads waiting for a
    # segment the mark is scaled down, which must not wrap around
    a = stm.new_thread()
    stm.start(a)
    stm.alloc(a, 32)
    assert not stm.lib.t_should_break(a)
    stm.lib.t_set_nursery_mark(a, 0)
    assert stm.lib.t_should_break(a)
    stm.lib.t_set_threads_waiting(1)
    try:
        assert stm.lib.t_should_break(a)
    finally:
        stm.lib.t_set_threads_waiting(0)
    stm.commit(a)


def test_atomic_disables_should_break(stm):
    a = stm.new_thread()
    stm.start(a)
    stm.alloc(a, 32)
    assert not stm.lib.t_should_break(a)
    stm.minor(a)  # a minor collection during the transaction: time to break
    stm.alloc(a, 32)
    assert stm.lib.t_should_break(a)
    stm.lib.t_enter_atomic(a)
    assert not stm.lib.t_should_break(a)
    stm.lib.t_leave_atomic(a)
    assert stm.lib.t_should_break(a)
    stm.commit(a)


def test_event_log_with_markers(stm):
    a, b = stm.new_thread(), stm.new_thread()
    ffi, lib = stm.ffi, stm.lib
    o = committed_object(stm, a, value=1)
    lib.stm_event_log_enable(100)
    try:
        stm.start(a)
        stm.start(b)
        lib.t_push_marker(a, 1111)
        lib.t_push_marker(b, 2222)
        stm.read_word(b, o, D)
        stm.write_word(a, o, D, 2)
        stm.commit(a)
        with pytest.raises(Conflict):
            stm.check(b)
        out = ffi.new("stm_event_t[100]")
        n = lib.stm_event_log_fetch(out, 100)
        evs = [
            (e.thread_id, e.kind, e.detail, e.other_thread, e.marker, e.other_marker)
            for e in out[0:n]
        ]
        ta, tb = lib.t_thread_id(a), lib.t_thread_id(b)
        assert (ta, 3, 2, tb, 1111, 2222) in evs  # conflict, write-read
        assert (tb, 2, 2, ta, 2222, 1111) in evs  # abort of b
        assert any(e[0] == ta and e[1] == 1 for e in evs)  # commit
    finally:
        lib.stm_event_log_enable(0)


def test_many_small_objects_survive_major_collections(stm):
    a = stm.new_thread()
    stm.start(a)
    arr = stm.alloc(a, 16 + 8 * 2000, nrefs=2000)
    stm.push(a, arr)
    for i in range(2000):
        o = stm.alloc(a, 32)
        stm.write_word(a, o, D, i)
        arr = stm.root(a, 0)
        stm.write_ref(a, arr, i, o)
    stm.commit(a)
    for _ in range(5):
        stm.start(a)
        stm.major(a)
        for _ in range(200):
            stm.alloc(a, 32)
        stm.commit(a)
    stm.start(a)
    arr = stm.root(a, 0)
    for i in range(0, 2000, 37):
        assert stm.read_word(a, stm.read_ref(a, arr, i), D) == i
    stm.commit(a)


def _run_python(code):
    import os
    import subprocess
    import sys

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = dict(os.environ, PYTHONPATH=root)
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_misuse_is_a_clear_error():
    r = _run_python(
        "from stmgc.test.support import STM\n"
        "s = STM(2)\n"
        "a = s.new_thread()\n"
        "s.commit(a)\n"
    )
    assert r.returncode != 0
    assert "requires a running transaction" in r.stderr


def test_heap_exhaustion_is_a_clear_error():
    r = _run_python(
        "from stmgc.test.support import STM\n"
        "s = STM(2, segment_mb=16, nursery_kb=256)\n"
        "a = s.new_thread()\n"
        "s.start(a)\n"
        "while True:\n"
        "    o = s.alloc(a, 1 << 20)\n"
        "    s.push(a, o)\n"
    )
    assert r.returncode != 0
    assert "out of memory" in r.stderr and "STM_SEGMENT_SIZE_MB" in r.stderr


def test_stm_instance_reusable():
    for _ in range(3):
        s = STM(2)
        a = s.new_thread()
        s.start(a)
        s.alloc(a)
        s.commit(a)
        s.close()


def test_major_gc_while_other_thread_has_pending_abort(stm):
    # regression: the aborted thread's shadow stack still named its (reset)
    # nursery until it resumed, and the major collection scanned it
    a, b = stm.new_thread(), stm.new_thread()
    o = committed_object(stm, a, value=1)
    stm.start(a)
    stm.start(b)
    stm.read_word(b, o, D)
    stm.push(b, stm.alloc(b, 32))
    stm.write_word(a, o, D, 2)
    stm.commit(a)
    stm.start(a)
    stm.major(a)
    stm.commit(a)
    with pytest.raises(Conflict):
        stm.check(b)
    assert stm.depth(b) == 0


def _map_count():
    with open("/proc/self/maps") as f:
        return sum(1 for _ in f)


def test_major_gc_reshares_private_pages(stm):
    # privatized pages cost kernel mappings (vm.max_map_count): the major
    # collection must map them back onto the shared memfd pages
    a = stm.new_thread()
    n = 120
    stm.start(a)
    for i in range(n):
        stm.push(a, stm.alloc(a, 4096 + 64))
    stm.commit(a)
    objs = [stm.root(a, i) for i in range(n)]
    baseline = _map_count()
    before = stm.stats(a)
    stm.start(a)
    for i, o in enumerate(objs[::2]):  # every other object: separate VMAs
        stm.write_word(a, o, 16, i)
    seg = stm.lib.t_segment(a)
    stm.commit(a)
    assert all(stm.lib.t_page_private(seg, o) for o in objs[::2])
    assert _map_count() > baseline + n // 2
    # diagnostic counters: one mmap per privatized page (objects span 2)
    after = stm.stats(a)
    assert after["privatized"] - before["privatized"] == 2 * (n // 2)
    assert after["world_stops"] - before["world_stops"] == 1  # the commit
    assert after["reshare_calls"] == before["reshare_calls"]
    stm.start(a)
    assert stm.lib.t_segment(a) == seg
    stm.write_word(a, objs[0], 16, 999)  # uncommitted: must stay private
    stm.major(a)
    # objs[2::2] are separate runs of pages: one re-sharing call each
    assert stm.stats(a)["reshare_calls"] - after["reshare_calls"] == n // 2 - 1
    assert stm.lib.t_page_private(seg, objs[0])
    assert not any(stm.lib.t_page_private(seg, o) for o in objs[2::2])
    assert _map_count() < baseline + 10
    assert stm.read_word(a, objs[2], 16) == 1
    stm.commit(a)
    assert stm.lib.t_committed_word(objs[0], 16) == 999


def test_debug_hook_forces_abort_at_nth_operation(stm):
    a = stm.new_thread()
    o = committed_object(stm, a, value=1)
    for n in range(1, 6):
        stm.start(a)
        stm.lib.stm_debug_force_abort_after(n)
        done = 0
        with pytest.raises(Conflict):
            for _ in range(10):
                stm.alloc(a, 32)  # one tick
                stm.write_word(a, o, D, 100 + n)  # one tick
                done += 2
        assert done == n - 1 - (n - 1) % 2
        assert stm.lib.t_committed_word(o, D) == 1
    assert stm.stats(a)["aborts"][4] == 5  # cause "other"
    stm.lib.stm_debug_force_abort_after(0)


@pytest.mark.parametrize("nseg", [8, 16])
def test_many_segments_conflicts_and_queueing(nseg):
    s = STM(nseg)
    try:
        ts = [s.new_thread() for _ in range(nseg + 1)]
        o = committed_object(s, ts[0], value=1)
        for t in ts[:nseg]:
            s.start(t)
            assert s.read_word(t, o, D) == 1
        with pytest.raises(WouldBlock):
            s.start(ts[nseg])
        segs = sorted(s.lib.t_segment(t) for t in ts[:nseg])
        assert segs == list(range(1, nseg + 1))
        s.write_word(ts[0], o, D, 2)
        s.commit(ts[0])  # every other reader is aborted
        for t in ts[1:nseg]:
            with pytest.raises(Conflict):
                s.check(t)
        s.start(ts[nseg])
        assert s.read_word(ts[nseg], o, D) == 2
        s.commit(ts[nseg])
        assert sum(s.stats(t)["aborts"][2] for t in ts) == nseg - 1
    finally:
        s.close()


def test_abort_restores_atomic_nesting(stm):
    a = stm.new_thread()
    stm.lib.t_enter_atomic(a)  # outer atomic section, before the transaction
    stm.start(a)
    stm.lib.t_enter_atomic(a)
    stm.lib.t_enter_atomic(a)
    stm.abort(a)
    stm.lib.t_leave_atomic(a)  # depth back to 1: one leave is valid
    stm.start(a)
    stm.alloc(a, 32)
    stm.minor(a)
    stm.alloc(a, 32)
    assert stm.lib.t_should_break(a)
    stm.commit(a)


def test_major_gc_postponed_while_a_segment_pauses_in_write_barrier(stm):
    # regression (found by the alloc demo at 16 threads): a thread paused in
    # the conflict path of stm_write may hold young objects in C locals, so
    # another thread's major collection must not minor-collect its segment
    a, b = stm.new_thread(), stm.new_thread()
    stm.start(a)
    young = stm.alloc(a, 32)
    stm.write_word(a, young, D, 5)
    stm.start(b)
    stm.lib.t_set_no_collect(a, 1)
    majors = stm.stats(b)["major"]
    stm.major(b)
    assert stm.stats(b)["major"] == majors  # postponed
    assert stm.in_nursery(young)
    stm.lib.t_set_no_collect(a, 0)
    assert stm.read_word(a, young, D) == 5
    stm.push(a, young)
    stm.commit(b)  # the pending major collection runs now
    assert stm.stats(b)["major"] == majors + 1
    young = stm.root(a, 0)
    assert not stm.in_nursery(young)
    assert stm.read_word(a, young, D) == 5
    stm.commit(a)


def test_solo_in_place_object_whose_page_becomes_private(stm):
    # a solo transaction writes o in place, then a write to a weakref on
    # the same page takes the general path and privatizes that page: later
    # writes to o land in the private copy, so the commit must copy o
    # (it skips only objects whose page nobody holds privately)
    a = stm.new_thread()
    stm.start(a)
    o = stm.alloc(a, 32)
    stm.push(a, o)
    w = stm.alloc_weakref(a, 0)
    stm.push(a, w)
    stm.commit(a)
    w, o = stm.pop(a), stm.pop(a)
    page = stm.lib.t_page_size()
    assert o // page == w // page
    stm.start(a)
    assert stm.lib.t_solo(a)
    stm.write_word(a, o, D, 1)  # in place
    stm.write_word(a, w, 16, 0)  # weakref: general path, page privatized
    seg = stm.lib.t_segment(a)
    assert stm.lib.t_page_private(seg, o)
    stm.write_word(a, o, D, 2)  # no barrier: into the private copy only
    assert stm.lib.t_committed_word(o, D) == 1
    stm.commit(a)
    assert stm.lib.t_committed_word(o, D) == 2
