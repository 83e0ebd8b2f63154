"""The --stm runtime of rstm/rgil/rthread (src/stm_rpy.c) linked with stmgc
and driven from C the way generated code calls it: threads started through
pypy_stm_thread_spawn / pypy_stm_run_thread, blocking lock acquires between leave/enter of the
transactional zone, atomic sections, statistics, position markers in the
conflict log, hint_commit_soon.  Exact totals after aborts, 2 and 4
segments, more threads than segments."""

import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(HERE))))
SRC = os.path.join(os.path.dirname(HERE), "src")
STMGC = os.path.join(ROOT, "stmgc")
sys.path.insert(0, ROOT)
from llvmfix.flags import seg_cflags  # noqa: E402

DRIVER = r"""
/* driver of test_threads_runtime.py: NTHREADS threads started by
 * pypy_stm_thread_spawn(), each through pypy_stm_run_thread(); a shared counter incremented in atomic sections
 * with a break after each (conflicts, aborts), and a second counter guarded
 * by a blocking lock taken between leave/enter of the transactional zone
 * (an inevitable waiter would deadlock against the holder). */
#include "stm_rpy.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define COUNTER_TID 1
typedef struct { struct object_s hdr; uint32_t tid; long value; long locked_value; } counter_t;
/* gcc does not take __seg_gs as the start of a declaration after a
   statement: declare through a typedef */
typedef STM_SEG counter_t seg_counter_t;

ssize_t stmcb_size_rounded_up(struct object_s *o) { (void)o; return 24; }
void stmcb_trace(struct object_s *o, void visit(object_t **)) { (void)o; (void)visit; }
void stmcb_finalizer(object_t *o) { (void)o; }

static object_t *counter;
static pthread_mutex_t lock_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t lock_cond = PTHREAD_COND_INITIALIZER;
static int lock_held;
static long per_thread_commits[64];
static __thread long my_index;
static long next_index;

static int lock_try(void)
{
    int ok;
    pthread_mutex_lock(&lock_mutex);
    ok = !lock_held;
    lock_held = 1;
    pthread_mutex_unlock(&lock_mutex);
    return ok;
}
static void lock_acquire_blocking(void)
{
    pthread_mutex_lock(&lock_mutex);
    while (lock_held)
        pthread_cond_wait(&lock_cond, &lock_mutex);
    lock_held = 1;
    pthread_mutex_unlock(&lock_mutex);
}
static void lock_release(void)
{
    pthread_mutex_lock(&lock_mutex);
    lock_held = 0;
    pthread_cond_signal(&lock_cond);
    pthread_mutex_unlock(&lock_mutex);
}

/* one increment per transaction, like rstm code with a break per loop */
static long increment_body(void *arg)
{
    long *remaining = arg; /* thread-private C memory, changed after commit */
    seg_counter_t *c = (seg_counter_t *)counter;
    stm_enter_atomic(&pypy_stm_tl);
    stm_read(counter);
    stm_write(counter);
    c->value += 1;
    stm_leave_atomic(&pypy_stm_tl);
    return *remaining > 1 ? PYPY_STM_BREAK : PYPY_STM_DONE;
}

static long threads_done;

/* the RPython-exported bootstrap of a translated program; here in C */
long rpy_thread_bootstrap(void)
{
    long index = __sync_fetch_and_add(&next_index, 1);
    my_index = index;
    if (pypy_stm_set_marker(100 + index) != 0) {
        printf("BAD: fresh thread has a marker\n");
        exit(1);
    }
    /* the first transaction was started by pypy_stm_run_thread: leave it */
    pypy_stm_leave_transactional_zone();
    pypy_stm_become_inevitable("outside a transaction: a no-op");
    for (long i = 0; i < ROUNDS; i++) {
        long remaining = 1;
        pypy_stm_run(increment_body, &remaining);
    }
    /* locks: the try happens inevitable (an external call), the blocking
       acquire outside any transaction */
    pypy_stm_enter_transactional_zone();
    for (long i = 0; i < LOCK_ROUNDS; i++) {
        pypy_stm_become_inevitable("lock try");
        if (!lock_try()) {
            pypy_stm_leave_transactional_zone();
            pypy_stm_become_inevitable("the pass puts one before the call");
            lock_acquire_blocking();
            pypy_stm_enter_transactional_zone();
        }
        seg_counter_t *c = (seg_counter_t *)counter;
        stm_write(counter);
        c->locked_value += 1;
        pypy_stm_become_inevitable("lock release");
        lock_release();
        pypy_stm_leave_transactional_zone();
        pypy_stm_enter_transactional_zone();
    }
    /* an atomic section keeps its transaction across a blocking call */
    stm_enter_atomic(&pypy_stm_tl);
    pypy_stm_leave_transactional_zone();
    if (!pypy_stm_in_transaction() || !stm_is_inevitable()) {
        printf("BAD: atomic section left its transaction\n");
        exit(1);
    }
    pypy_stm_enter_transactional_zone();
    stm_leave_atomic(&pypy_stm_tl);
    /* hint_commit_soon */
    pypy_stm_hint_commit_soon();
    if (!stm_should_break_transaction(&pypy_stm_tl)) {
        printf("BAD: hint_commit_soon had no effect\n");
        exit(1);
    }
    if (pypy_stm_set_marker(0) != 100 + index) {
        printf("BAD: marker lost\n");
        exit(1);
    }
    /* commit here, before telling main we are done (pypy_stm_run_thread
       then finds no transaction to commit) */
    pypy_stm_leave_transactional_zone();
    per_thread_commits[index] = pypy_stm_get_stat(0);
    __sync_fetch_and_add(&threads_done, 1);
    return 0;
}

int main(void)
{
    static counter_t proto;
    stm_setup();
    pypy_stm_register_thread();
    proto.tid = COUNTER_TID;
    counter = stm_setup_prebuilt((struct object_s *)&proto);
    stm_event_log_enable(0);
    pypy_stm_enable_event_log(100000);
    for (int i = 0; i < NTHREADS; i++)
        if (pypy_stm_thread_spawn() != 0) {
            printf("BAD: spawn failed\n");
            return 1;
        }
    /* the threads are detached: wait for their counter (bounded) */
    for (long waited = 0; __sync_fetch_and_add(&threads_done, 0) < NTHREADS; waited++) {
        if (waited > 60L * 1000) {
            printf("BAD: threads did not finish in 60 s\n");
            return 1;
        }
        usleep(1000);
    }

    long lines = pypy_stm_print_event_log();
    pypy_stm_enter_transactional_zone();
    seg_counter_t *c = (seg_counter_t *)counter;
    stm_read(counter);
    long value = c->value, locked = c->locked_value;
    pypy_stm_leave_transactional_zone();
    long aborts = 0;
    for (int k = 1; k <= 5; k++)
        aborts += pypy_stm_get_global_stat(k);
    long commits = pypy_stm_get_global_stat(0), sum = 0;
    for (int i = 0; i < NTHREADS; i++) {
        if (per_thread_commits[i] < ROUNDS) {
            printf("BAD: thread %d has only %ld commits\n", i, per_thread_commits[i]);
            return 1;
        }
        sum += per_thread_commits[i];
    }
    printf("value %ld locked %ld commits %ld aborts %ld log %ld unknown %ld\n",
           value, locked, commits, aborts, lines, pypy_stm_get_stat(42));
    if (value != (long)NTHREADS * ROUNDS || locked != (long)NTHREADS * LOCK_ROUNDS
        || commits < sum || pypy_stm_get_stat(42) != -1) {
        printf("BAD\n");
        return 1;
    }
    pypy_stm_unregister_thread();
    printf("OK\n");
    return 0;
}
"""


def build(tmp_path, segments, nthreads, rounds=3000, lock_rounds=300):
    (tmp_path / "driver.c").write_text(DRIVER)
    exe = tmp_path / "runtime"
    cmd = (
        ["gcc", "-O2", "-g", "-Wall", "-Wextra", "-Werror", "-pthread"]
        + seg_cflags("gcc")
        + ["-DSTM_NB_SEGMENTS=%d" % segments, "-DNTHREADS=%d" % nthreads]
        + ["-DROUNDS=%d" % rounds, "-DLOCK_ROUNDS=%d" % lock_rounds]
        + ["-I", STMGC, "-I", SRC]
        + [str(tmp_path / "driver.c"), os.path.join(SRC, "stm_rpy.c")]
        + [os.path.join(STMGC, "stmgc.c"), "-o", str(exe)]
    )
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    return str(exe)


@pytest.mark.parametrize("segments,nthreads", [(2, 2), (2, 4), (4, 4), (2, 6)], ids=str)
def test_runtime_threads(tmp_path, segments, nthreads):
    exe = build(tmp_path, segments, nthreads)
    res = subprocess.run([exe], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stdout + res.stderr[-3000:]
    assert res.stdout.endswith("OK\n")
    # conflicts name the markers pushed by the threads (100 + index)
    markers = set()
    for line in res.stderr.splitlines():
        if line.startswith("stm: ") and " at marker " in line:
            markers.add(int(line.split(" at marker ")[1].split(",")[0]))
    assert markers <= {0} | {100 + i for i in range(nthreads)}


def test_conflicts_carry_markers(tmp_path):
    """With 4 threads on one counter there are conflicts, and the log lines
    carry the threads' markers."""
    exe = build(tmp_path, 4, 4, rounds=20000, lock_rounds=10)
    seen = set()
    for _ in range(10):  # conflicts need overlapping threads: usually run 1
        res = subprocess.run([exe], capture_output=True, text=True, timeout=120)
        assert res.returncode == 0, res.stdout + res.stderr[-3000:]
        for line in res.stderr.splitlines():
            if line.startswith("stm: ") and "marker 10" in line:
                seen.add(line.split()[1])
        if "abort" in seen or "conflict" in seen:
            break
    assert seen & {"abort", "conflict"}, "no conflict in 10 x 80000 increments"
