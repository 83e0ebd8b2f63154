"""Shared-state workloads under ``atomic`` (conflicts, aborts).

Usage: contention.py THREADS SIZE WORKLOAD
  counter   every thread increments one shared counter: maximal conflicts
  striped   every thread increments its own key of a shared dict: disjoint
            writes to one object
  bank      random transfers between 64 shared accounts: some conflicts;
            the total must be conserved

Blocks run under ``__pypy__.thread.atomic`` when the interpreter has it (our
pypy-stm), else under one threading.Lock (CPython, pypy3) so every
interpreter runs the same program.  The final state is checked exactly.  If
the interpreter exposes abort statistics (``transaction.stats()`` returning a
dict), the aborts are printed as a BENCH-METRIC line for the harness.
"""

import sys
import threading

try:
    from __pypy__.thread import atomic  # type: ignore

    MODE = "atomic"
except ImportError:
    atomic = threading.Lock()
    MODE = "lock"

N_ACCOUNTS = 64
START_BALANCE = 1000


def counter_worker(state, size, index):
    for _ in range(size):
        with atomic:
            state["counter"] += 1


def striped_worker(state, size, index):
    key = "k%d" % index
    for _ in range(size):
        with atomic:
            state[key] += 1


def bank_worker(state, size, index):
    accounts = state["accounts"]
    seed = 1 + index * 7919
    for _ in range(size):
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        a = seed % N_ACCOUNTS
        b = (seed // N_ACCOUNTS) % N_ACCOUNTS
        amount = seed % 17
        with atomic:
            if accounts[a] >= amount:
                accounts[a] -= amount
                accounts[b] += amount


WORKERS = {"counter": counter_worker, "striped": striped_worker, "bank": bank_worker}


def check(workload, state, n_threads, size):
    if workload == "counter":
        return state["counter"] == n_threads * size
    if workload == "striped":
        return all(state["k%d" % i] == size for i in range(n_threads))
    accounts = state["accounts"]
    return sum(accounts) == N_ACCOUNTS * START_BALANCE and min(accounts) >= 0


def report_aborts():
    try:
        import transaction  # lib_pypy/transaction.py on pypy-stm
    except ImportError:
        return
    stats = getattr(transaction, "stats", None)
    if stats is None:
        return
    data = stats()
    if isinstance(data, dict) and "aborts" in data:
        print("BENCH-METRIC aborts=%d" % data["aborts"])


def main(argv):
    n_threads = int(argv[1]) if len(argv) > 1 else 2
    size = int(argv[2]) if len(argv) > 2 else 100000
    workload = argv[3] if len(argv) > 3 else "counter"
    if workload not in WORKERS:
        print(
            "contention: unknown workload %r (one of %s)"
            % (workload, ", ".join(sorted(WORKERS)))
        )
        return 2
    state = {"counter": 0, "accounts": [START_BALANCE] * N_ACCOUNTS}
    for i in range(n_threads):
        state["k%d" % i] = 0
    threads = [
        threading.Thread(target=WORKERS[workload], args=(state, size, i))
        for i in range(n_threads)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if not check(workload, state, n_threads, size):
        print("contention: WRONG final state for %s" % workload)
        return 1
    report_aborts()
    print("contention: %s x %d threads ok (%s)" % (workload, n_threads, MODE))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
