"""Model-based random test: a Python model predicts every read and abort
(and its cause, checked against the per-thread abort counters).

The model keeps the committed state (object id -> refs and value), and for
each logical thread its transaction: read set, write set (committed objects
it locked), overlay of its own writes, objects it created, start order,
inevitable flag, and whether another thread aborted it (the abort surfaces
at that thread's next operation).  The contention policy is the library's:
inevitable wins; write-write: the younger loses; write-read at commit: the
committer wins unless a reader is inevitable.  Shared state hangs off one
prebuilt root object R with NROOTS reference slots.

Every object: refs at offsets 16 and 24, its model id at 32 (written once,
read back without a read barrier to identify what a reference points to),
its value in the last word.  Kinds: small (nursery), page-spanning (3
pages, allocated outside the nursery) and large (64 KB).
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stmgc.test.support import STM, Conflict, WouldBlock

NROOTS = 4
EXPLICIT, WRITE_WRITE, WRITE_READ, INEVITABLE = 0, 1, 2, 3  # enum stm_abort_cause
SIZES = [48, 3 * 4096 + 1000, 64 * 1024]
ID_OFF = 32

OPS = (
    ["start"] * 6
    + ["commit"] * 4
    + ["abort"]
    + ["inevitable"]
    + ["alloc"] * 4
    + ["load_root"] * 6
    + ["load_field"] * 4
    + ["store_field"] * 4
    + ["store_root"] * 3
    + ["read_val"] * 5
    + ["write_val"] * 5
    + ["pop"] * 2
    + ["minor"]
    + ["major"]
)


class Obj:
    def __init__(self, oid, kind):
        self.oid = oid
        self.kind = kind
        self.size = SIZES[kind]


class Tx:
    def __init__(self, seq, inevitable):
        self.seq = seq
        self.inevitable = inevitable
        self.read = set()
        self.written = set()
        self.overlay = {}  # oid -> [ref0, ref1, val]
        self.new = set()


class Model:
    def __init__(self, s, nthreads):
        self.s = s
        self.threads = [s.new_thread() for _ in range(nthreads)]
        self.root = s.lib.t_prebuilt(NROOTS, 16 + 8 * NROOTS)
        self.objs = {0: None}
        self.committed = {0: [None] * NROOTS}  # R: refs only
        self.tx = {}  # thread -> Tx
        self.pending = set()
        self.stack = {t: [] for t in self.threads}
        self.seq = 0
        self.next_oid = 1
        # expected abort counters: thread -> [explicit, ww, wr, inevitable, other]
        self.aborts = {t: [0] * 5 for t in self.threads}

    # ---- model helpers ----
    def busy_segments(self):
        return len(self.tx) + len(self.pending)

    def view(self, t, oid):
        tx = self.tx[t]
        if oid in tx.overlay:
            return tx.overlay[oid]
        return self.committed[oid]

    def kill(self, u, cause):
        self.aborts[u][cause] += 1
        del self.tx[u]
        self.pending.add(u)
        self.stack[u] = []

    def lose(self, t, cause):
        self.aborts[t][cause] += 1
        del self.tx[t]
        self.stack[t] = []

    def addr_of_stack(self, t, i):
        return self.s.root(t, i)

    def field_off(self, oid, i):
        if oid == 0:
            return 16 + 8 * i
        return 16 + 8 * i

    def val_off(self, oid):
        return self.objs[oid].size - 8

    def check_ref(self, t, addr, expected):
        if expected is None:
            assert addr == 0
        else:
            assert addr != 0
            assert self.s.lib.t_peek_word(t, addr, ID_OFF) == expected

    # ---- model of a write barrier on a committed object ----
    def write_barrier(self, t, oid):
        """Returns the abort cause if t is expected to abort, else None."""
        tx = self.tx[t]
        if oid in tx.new or oid in tx.written:
            return None
        holder = None
        for u, utx in self.tx.items():
            if u != t and oid in utx.written:
                holder = u
        if holder is not None:
            htx = self.tx[holder]
            if htx.inevitable:
                return INEVITABLE
            if tx.inevitable or tx.seq < htx.seq:
                self.kill(holder, WRITE_WRITE)
            else:
                return WRITE_WRITE
        tx.written.add(oid)
        tx.read.add(oid)
        tx.overlay[oid] = list(self.committed[oid])
        return None

    def expect_conflict(self, fn, *args):
        with pytest.raises(Conflict):
            fn(*args)

    # ---- operations ----
    def step(self, op, ti, a, b, v):
        s = self.s
        t = self.threads[ti % len(self.threads)]
        if t in self.pending:
            self.expect_conflict(s.check, t)
            self.pending.discard(t)
            return
        tx = self.tx.get(t)
        st = self.stack[t]
        if op == "start":
            if tx is not None:
                return
            inev = a == 0
            if self.busy_segments() >= s.nb_segments or (
                inev and any(x.inevitable for x in self.tx.values())
            ):
                with pytest.raises(WouldBlock):
                    s.start(t, inevitable=inev)
                return
            s.start(t, inevitable=inev)
            self.seq += 1
            self.tx[t] = Tx(self.seq, inev)
            return
        if tx is None:
            return
        if op == "commit":
            readers = [
                u for u, utx in self.tx.items() if u != t and utx.read & tx.written
            ]
            if not tx.inevitable and any(self.tx[u].inevitable for u in readers):
                self.expect_conflict(s.commit, t)
                self.lose(t, INEVITABLE)
                return
            s.commit(t)
            for u in readers:
                self.kill(u, WRITE_READ)
            for oid in tx.written | tx.new:
                self.committed[oid] = tx.overlay[oid]
            del self.tx[t]
            while s.depth(t) > 0:
                s.pop(t)
            self.stack[t] = []
        elif op == "abort":
            if tx.inevitable:
                return
            s.abort(t)
            self.lose(t, EXPLICIT)
            assert s.depth(t) == 0
        elif op == "inevitable":
            if any(x.inevitable for u, x in self.tx.items() if u != t):
                with pytest.raises(WouldBlock):
                    s.become_inevitable(t)
                return
            s.become_inevitable(t)
            tx.inevitable = True
        elif op == "alloc":
            kind = 0 if a < 5 else (1 if a < 7 else 2)
            oid = self.next_oid
            self.next_oid += 1
            obj = Obj(oid, kind)
            addr = s.alloc(t, obj.size, nrefs=2)
            s.write_word(t, addr, ID_OFF, oid)
            self.objs[oid] = obj
            tx.new.add(oid)
            tx.overlay[oid] = [None, None, 0]
            s.push(t, addr)
            st.append(oid)
        elif op == "load_root":
            i = a % NROOTS
            tx.read.add(0)
            expected = self.view(t, 0)[i]
            addr = s.read_ref(t, self.root, i)
            self.check_ref(t, addr, expected)
            s.push(t, addr)
            st.append(expected)
        elif op in ("load_field", "read_val", "write_val", "store_field", "pop"):
            if not st:
                return
            k = a % len(st)
            oid = st[k]
            if op == "pop":
                s.pop(t)
                st.pop()
                return
            if oid is None:
                return
            addr = s.root(t, k)
            if op == "load_field":
                i = b % 2
                if oid not in tx.new:
                    tx.read.add(oid)
                expected = self.view(t, oid)[i]
                got = s.read_ref(t, addr, i)
                self.check_ref(t, got, expected)
                s.push(t, got)
                st.append(expected)
            elif op == "read_val":
                if oid not in tx.new:
                    tx.read.add(oid)
                assert s.read_word(t, addr, self.val_off(oid)) == self.view(t, oid)[2]
            elif op == "write_val":
                cause = self.write_barrier(t, oid)
                if cause is not None:
                    self.expect_conflict(s.write_word, t, addr, self.val_off(oid), v)
                    self.lose(t, cause)
                    return
                s.write_word(t, addr, self.val_off(oid), v)
                tx.overlay[oid][2] = v
            elif op == "store_field":
                i = b % 2
                src = st[v % len(st)] if v % 3 else None
                src_addr = s.root(t, v % len(st)) if src is not None else 0
                cause = self.write_barrier(t, oid)
                if cause is not None:
                    self.expect_conflict(s.write_ref, t, addr, i, src_addr)
                    self.lose(t, cause)
                    return
                s.write_ref(t, addr, i, src_addr)
                tx.overlay[oid][i] = src
        elif op == "store_root":
            i = a % NROOTS
            src = st[v % len(st)] if st and v % 4 else None
            src_addr = s.root(t, v % len(st)) if src is not None else 0
            cause = self.write_barrier(t, 0)
            if cause is not None:
                self.expect_conflict(s.write_ref, t, self.root, i, src_addr)
                self.lose(t, cause)
                return
            s.write_ref(t, self.root, i, src_addr)
            tx.overlay[0][i] = src
        elif op == "minor":
            s.minor(t)
        elif op == "major":
            s.major(t)
        else:
            raise AssertionError(op)

    def finish(self):
        """Surface pending aborts, commit what runs, check all reachable."""
        s = self.s
        for t in list(self.pending):
            self.expect_conflict(s.check, t)
        self.pending.clear()
        for t in sorted(self.tx, key=lambda u: self.tx[u].seq):
            if t in self.tx:
                self.step("commit", self.threads.index(t), 0, 0, 0)
            for u in list(self.pending):
                self.expect_conflict(s.check, u)
            self.pending.clear()
        for t in self.threads:
            assert s.stats(t)["aborts"] == self.aborts[t], t
        t = self.threads[0]
        s.start(t)
        seen = set()
        todo = [(self.root, 0)]
        while todo:
            addr, oid = todo.pop()
            if oid in seen:
                continue
            seen.add(oid)
            state = self.committed[oid]
            nrefs = NROOTS if oid == 0 else 2
            for i in range(nrefs):
                got = s.read_ref(t, addr, i)
                self.check_ref(t, got, state[i])
                if state[i] is not None:
                    todo.append((got, state[i]))
            if oid != 0:
                assert s.read_word(t, addr, self.val_off(oid)) == state[2]
        s.commit(t)


step_st = st.tuples(
    st.sampled_from(OPS),
    st.integers(0, 7),
    st.integers(0, 7),
    st.integers(0, 7),
    st.integers(0, 1 << 40),
)


def run_model(nseg, ops):
    s = STM(nseg, segment_mb=64, nursery_kb=64)
    try:
        m = Model(s, nseg + 1)  # more threads than segments
        for op in ops:
            m.step(*op)
        m.finish()
    finally:
        s.close()


@pytest.mark.parametrize("nseg", [2, 4])
@settings(max_examples=200)
@given(ops=st.lists(step_st, min_size=200, max_size=200))
def test_model(nseg, ops):
    run_model(nseg, ops)


@pytest.mark.slow
@pytest.mark.parametrize("nseg", [2, 4])
@settings(max_examples=2000)
@given(ops=st.lists(step_st, min_size=200, max_size=200))
def test_model_slow(nseg, ops):
    run_model(nseg, ops)
