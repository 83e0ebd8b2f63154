"""Benchmark target: rbigint multiply, divide and str, and float repr.

    python3 rpython/bin/rpython rpython/rlib/bench/targetrbigbench.py
    ./rbigbench-c mul 100000 3      # operation, decimal digits, repetitions
    ./rbigbench-c repr 1000000      # float repr of N random floats

Prints ``BENCH-METRIC seconds=...`` (time of the operation only, inputs are
built first) and a checksum line that ``cpython_bench.py`` reproduces with
CPython's int/float, so results are compared, not just timed.
"""

from rpython.rlib import rfloat, rtime
from rpython.rlib.rbigint import rbigint
from rpython.rlib.rrandom import Random


def make_number(ndigits, seed):
    """A number with ``ndigits`` pseudo-random decimal digits."""
    rnd = Random(seed)
    chars = [chr(ord("1") + rnd.getrandbits(3))]
    for i in range(ndigits - 1):
        chars.append(chr(ord("0") + rnd.getrandbits(3)))
    return rbigint.fromdecimalstr("".join(chars))


def bench_bigint(op, ndigits, reps):
    a = make_number(ndigits, 1)
    b = make_number(ndigits // 2 + 1, 2)
    checksum = 0
    start = rtime.perf_counter()
    for i in range(reps):
        if op == "mul":
            r = a.mul(b)
        elif op == "div":
            r = a.floordiv(b)
        else:
            checksum += len(a.str())
            continue
        checksum += r.bit_length()
    elapsed = rtime.perf_counter() - start
    print("BENCH-METRIC seconds=" + rfloat.float_repr(elapsed))
    print("checksum " + str(checksum))


def bench_repr(n):
    rnd = Random(12345)
    values = []
    for i in range(n):
        values.append(rnd.random() * 1000.0 - 500.0)
    total = 0
    start = rtime.perf_counter()
    for x in values:
        total += len(rfloat.float_repr(x))
    elapsed = rtime.perf_counter() - start
    print("BENCH-METRIC seconds=" + rfloat.float_repr(elapsed))
    print("checksum " + str(total))


def entry_point(argv):
    if len(argv) < 3:
        print("usage: rbigbench-c mul|div|str DIGITS REPS | repr N")
        return 2
    op = argv[1]
    if op == "repr":
        bench_repr(int(argv[2]))
        return 0
    if op != "mul" and op != "div" and op != "str":
        print("unknown operation: " + op)
        return 2
    reps = 1
    if len(argv) > 3:
        reps = int(argv[3])
    bench_bigint(op, int(argv[2]), reps)
    return 0


def target(driver, args):
    return entry_point, None
