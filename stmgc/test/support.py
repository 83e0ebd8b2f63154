"""Build the test configuration of stmgc through cffi, once per source hash.

The C side is ``harness.c`` (which includes ``../stmgc.c`` with STM_TESTING):
several logical threads share this OS thread by switching ``%gs``; an abort
unwinds to the harness and comes back here as the :class:`Conflict`
exception, a wait that could never end as :class:`WouldBlock`.

Modules are cached under ``stmgc/test/build/`` keyed by a hash of every C
source and of the build configuration, so repeated runs only import.
"""

import hashlib
import importlib.util
import os
import shutil
import sys

import cffi

HERE = os.path.dirname(os.path.abspath(__file__))
STMGC = os.path.dirname(HERE)
ROOT = os.path.dirname(STMGC)
BUILD = os.path.join(HERE, "build")

if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
from llvmfix.flags import seg_cflags  # noqa: E402

CDEF = """
int t_setup(void);
void t_teardown(void);
int t_new_thread(void);
int t_start(int t);
int t_start_inevitable(int t);
int t_commit(int t);
int t_abort(int t);
int t_become_inevitable(int t);
int t_check(int t);
int t_in_transaction(int t);
int t_segment(int t);
int t_pending(int t);
int t_solo(int t);
int t_is_inevitable(int t);
int t_alloc(int t, long size, int nrefs, int kind, uintptr_t extra, uintptr_t *out);
int t_push(int t, uintptr_t obj);
int t_pop(int t, uintptr_t *out);
long t_depth(int t);
uintptr_t t_root(int t, long i);
void t_set_root(int t, long i, uintptr_t v);
void t_push_marker(int t, uintptr_t v);
int t_read_ref(int t, uintptr_t obj, int i, uintptr_t *out);
int t_write_ref(int t, uintptr_t obj, int i, uintptr_t value);
int t_read_word(int t, uintptr_t obj, long off, uint64_t *out);
int t_write_word(int t, uintptr_t obj, long off, uint64_t value);
uint64_t t_peek_word(int t, uintptr_t obj, long off);
int t_write_card(int t, uintptr_t obj, long off, uint64_t value);
int t_collect(int t, long level);
int t_safe_point(int t);
int t_id(int t, uintptr_t obj, long *id, long *hash);
int t_can_move(int t, uintptr_t obj);
int t_should_break(int t);
void t_set_nursery_mark(int t, uintptr_t mark);
void t_set_threads_waiting(int n);
void t_enter_atomic(int t);
void t_leave_atomic(int t);
int t_run_finalizers(int t, long *count);
uintptr_t t_prebuilt(int nrefs, long size);
int t_call_on(int t, int on_commit, int idx, int remove);
extern long callback_counters[8];
extern long finalized_count;
extern uintptr_t finalized_ids[4096];
uint64_t t_committed_word(uintptr_t obj, long off);
int t_page_private(int seg, uintptr_t obj);
uintptr_t t_nursery_start(void);
uintptr_t t_nursery_end(void);
uintptr_t t_old_start(void);
long t_page_size(void);
uintptr_t t_old_bytes(void);
uint64_t t_pages_released(void);
long t_memfd_bytes(void);
void t_stats(int t, uint64_t *out);
int t_thread_id(int t);
void t_set_no_collect(int t, int v);

typedef struct {
    uint64_t time_ns; int thread_id; int kind; int detail; int other_thread;
    uintptr_t marker; uintptr_t other_marker;
} stm_event_t;
void stm_event_log_enable(long capacity);
void stm_debug_force_abort_after(long n);
long stm_event_log_fetch(stm_event_t *out, long max);
"""


def _sources():
    files = [
        os.path.join(HERE, "harness.c"),
        os.path.join(STMGC, "stmgc.c"),
        os.path.join(STMGC, "stmgc.h"),
    ]
    src = os.path.join(STMGC, "src")
    files += sorted(
        os.path.join(src, f) for f in os.listdir(src) if f.endswith((".c", ".h"))
    )
    return files


_cache = {}


def _prune_old_modules(prefix, keep):
    """Remove modules of older source versions (not touched for an hour)."""
    import time

    for f in os.listdir(BUILD):
        path = os.path.join(BUILD, f)
        if f.startswith(prefix) and not f.startswith(keep) and f.endswith(".so"):
            try:
                if time.time() - os.path.getmtime(path) > 3600:
                    os.unlink(path)
            except OSError:
                pass


def load(nb_segments=2, segment_mb=64, nursery_kb=256):
    """Return (ffi, lib) for the test build with the given configuration."""
    key = (nb_segments, segment_mb, nursery_kb)
    if key in _cache:
        return _cache[key]
    h = hashlib.sha256()
    for f in _sources():
        with open(f, "rb") as fp:
            h.update(fp.read())
    h.update(CDEF.encode())
    h.update(repr(key).encode())
    with open(os.path.abspath(__file__), "rb") as fp:  # the compile flags
        h.update(fp.read())
    digest = h.hexdigest()[:12]
    name = "_stmgc_test_%d_%s" % (nb_segments, digest)
    os.makedirs(BUILD, exist_ok=True)
    suffixes = [
        s for s in os.listdir(BUILD) if s.startswith(name + ".") and s.endswith(".so")
    ]
    if not suffixes:
        ffi = cffi.FFI()
        ffi.cdef(CDEF)
        ffi.set_source(
            name,
            '#include "%s"\n' % os.path.join(HERE, "harness.c"),
            extra_compile_args=[
                "-O1",
                "-DSTM_DEBUG_FORCE_ABORTS",
                "-g",
                "-Wall",
                "-Wextra",
                "-Werror",
                "-DSTM_NB_SEGMENTS=%d" % nb_segments,
                "-DSTM_SEGMENT_SIZE_MB=%d" % segment_mb,
                "-DSTM_NURSERY_SIZE_KB=%d" % nursery_kb,
            ]
            + seg_cflags("gcc"),
        )
        tmp = os.path.join(BUILD, "tmp_%s_%d" % (name, os.getpid()))
        ffi.compile(tmpdir=tmp, verbose=False)
        for f in os.listdir(tmp):
            if f.startswith(name) and f.endswith(".so"):
                os.replace(os.path.join(tmp, f), os.path.join(BUILD, f))
        shutil.rmtree(tmp, ignore_errors=True)
        _prune_old_modules("_stmgc_test_%d_" % nb_segments, name)
        suffixes = [
            s
            for s in os.listdir(BUILD)
            if s.startswith(name + ".") and s.endswith(".so")
        ]
    path = os.path.join(BUILD, suffixes[0])
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    _cache[key] = (mod.ffi, mod.lib)
    return _cache[key]


class Conflict(Exception):
    """The operation aborted the transaction of the thread doing it."""


class WouldBlock(Exception):
    """The operation would wait for another logical thread."""


OBJ_HEADER = 16  # header, size, nrefs, kind


class STM:
    """One stm_setup() .. stm_teardown() session of the test build."""

    def __init__(self, nb_segments=2, **kw):
        self.ffi, self.lib = load(nb_segments, **kw)
        self.nb_segments = self.lib.t_setup()
        self.threads = []
        self._p = self.ffi.new("uintptr_t *")
        self._w = self.ffi.new("uint64_t *")

    def close(self):
        self.lib.t_teardown()

    def new_thread(self):
        t = self.lib.t_new_thread()
        self.threads.append(t)
        return t

    def _check(self, r):
        if r == 1:
            raise Conflict()
        if r == 2:
            raise WouldBlock()
        assert r == 0, r

    def start(self, t, inevitable=False):
        f = self.lib.t_start_inevitable if inevitable else self.lib.t_start
        self._check(f(t))

    def commit(self, t):
        self._check(self.lib.t_commit(t))

    def abort(self, t):
        r = self.lib.t_abort(t)
        assert r == 1, r

    def become_inevitable(self, t):
        self._check(self.lib.t_become_inevitable(t))

    def check(self, t):
        self._check(self.lib.t_check(t))

    def alloc(self, t, size=32, nrefs=0, kind=0, referent=0):
        size = max(size, OBJ_HEADER + 8 * nrefs, 16)
        size = (size + 7) & ~7
        self._check(self.lib.t_alloc(t, size, nrefs, kind, referent, self._p))
        return self._p[0]

    def alloc_weakref(self, t, referent):
        return self.alloc(t, size=24, kind=1, referent=referent)

    def push(self, t, obj):
        self.lib.t_push(t, obj)

    def pop(self, t):
        assert self.lib.t_pop(t, self._p) == 0
        return self._p[0]

    def root(self, t, i):
        return self.lib.t_root(t, i)

    def depth(self, t):
        return self.lib.t_depth(t)

    def read_ref(self, t, obj, i):
        self._check(self.lib.t_read_ref(t, obj, i, self._p))
        return self._p[0]

    def write_ref(self, t, obj, i, value):
        self._check(self.lib.t_write_ref(t, obj, i, value))

    def read_word(self, t, obj, off):
        self._check(self.lib.t_read_word(t, obj, off, self._w))
        return self._w[0]

    def write_word(self, t, obj, off, value):
        self._check(self.lib.t_write_word(t, obj, off, value))

    def minor(self, t):
        self._check(self.lib.t_collect(t, 0))

    def major(self, t):
        self._check(self.lib.t_collect(t, 1))

    def id_hash(self, t, obj):
        i = self.ffi.new("long *")
        h = self.ffi.new("long *")
        self._check(self.lib.t_id(t, obj, i, h))
        return i[0], h[0]

    def stats(self, t):
        out = self.ffi.new("uint64_t[13]")
        self.lib.t_stats(t, out)
        return {
            "commits": out[0],
            "aborts": list(out[1:6]),
            "minor": out[6],
            "major": out[7],
            "time_lost_ns": out[8],
            "privatized": out[9],
            "reshare_calls": out[10],
            "world_stops": out[11],
            "pauses": out[12],
        }

    def in_nursery(self, obj):
        return self.lib.t_nursery_start() <= obj < self.lib.t_nursery_end()
