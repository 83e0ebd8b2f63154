"""N threads, each running an independent copy of the same CPU-bound work.

Usage: threads_independent.py THREADS SIZE.  Each thread builds and walks its
own trees and counts primes with its own sieve; nothing is shared, so on an
interpreter whose threads run in parallel the wall time stays flat as THREADS
grows up to the core count.  Every thread's result is checked.
"""

import sys
import threading

PI_20000 = 2262


class Node:
    __slots__ = ("left", "right")

    def __init__(self, left, right):
        self.left = left
        self.right = right


def build(depth):
    if depth == 0:
        return Node(None, None)
    return Node(build(depth - 1), build(depth - 1))


def count(node):
    if node.left is None:
        return 1
    return 1 + count(node.left) + count(node.right)


def primes_below(limit):
    flags = [True] * limit
    flags[0] = flags[1] = False
    for i in range(2, int(limit**0.5) + 1):
        if flags[i]:
            for j in range(i * i, limit, i):
                flags[j] = False
    return sum(flags)


def work(size, results, index):
    ok = True
    for _ in range(size):
        if count(build(12)) != 2**13 - 1:
            ok = False
        if primes_below(20000) != PI_20000:
            ok = False
    results[index] = ok


def main(argv):
    n_threads = int(argv[1]) if len(argv) > 1 else 2
    size = int(argv[2]) if len(argv) > 2 else 20
    results = [None] * n_threads
    threads = [
        threading.Thread(target=work, args=(size, results, i)) for i in range(n_threads)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if not all(r is True for r in results):
        print("threads_independent: WRONG results %r" % (results,))
        return 1
    print("threads_independent: %d threads x %d rounds ok" % (n_threads, size))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
