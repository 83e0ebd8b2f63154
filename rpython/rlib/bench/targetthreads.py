"""Acceptance program: 4 threads append to shared lists under a lock.

    python3 rpython/bin/rpython --thread rpython/rlib/bench/targetthreads.py
    ./threads-c 1000        # items per thread; prints "ok <total>" or "BAD"

Each thread appends ``n`` items to two shared lists, holding the lock so the
two lists stay in step, and yields the GIL now and then.  The main thread
waits for all four (bounded: it gives up after about 60 seconds) and checks
that the totals are exact.
"""

from rpython.rlib import rgil, rthread, rtime


class Shared:
    def __init__(self):
        self.lock = None
        self.numbers = []
        self.labels = []
        self.finished = 0
        self.next_ident = 0
        self.n = 0


class _Current:
    def __init__(self):
        self.shared = Shared()


current = _Current()  # prebuilt: how the thread function finds its data


def thread_main():
    shared = current.shared
    shared.lock.acquire(True)
    ident = shared.next_ident
    shared.next_ident += 1
    shared.lock.release()
    worker(shared, ident, shared.n)


def worker(shared, ident, n):
    i = 0
    while i < n:
        shared.lock.acquire(True)
        shared.numbers.append(ident * 1000000 + i)
        shared.labels.append(ident)
        shared.lock.release()
        if i % 16 == 0:
            rgil.yield_thread()
        i += 1
    shared.lock.acquire(True)
    shared.finished += 1
    shared.lock.release()


def run(n):
    shared = Shared()
    shared.lock = rthread.allocate_lock()
    shared.n = n
    current.shared = shared
    for ident in range(4):
        rthread.start_new_thread(thread_main, ())
    waited = 0
    while True:
        shared.lock.acquire(True)
        done = shared.finished
        shared.lock.release()
        if done == 4 or waited > 60000:
            break
        rtime.sleep(0.001)
        waited += 1
    if done != 4 or len(shared.numbers) != 4 * n or len(shared.labels) != 4 * n:
        return -1
    counts = [0, 0, 0, 0]
    total = 0
    for k in range(4 * n):
        value = shared.numbers[k]
        if value // 1000000 != shared.labels[k]:
            return -1
        counts[shared.labels[k]] += 1
        total += value
    for c in counts:
        if c != n:
            return -1
    return total


def entry_point(argv):
    n = 1000
    if len(argv) > 1:
        n = int(argv[1])
    total = run(n)
    if total < 0:
        print("BAD")
        return 1
    print("ok " + str(total))
    return 0


def target(driver, args):
    rthread.export_thread_bootstrap()  # this program starts threads
    return entry_point, None
