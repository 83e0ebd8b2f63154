"""The CPython side of targetrbigbench.py: same inputs, same checksums.

    python3 rpython/rlib/bench/cpython_bench.py mul 100000 3
    python3 rpython/rlib/bench/cpython_bench.py repr 1000000

The inputs come from ``random.Random`` with the same seeds (rrandom matches
it bit for bit), so the checksum lines must be equal.
"""

import random
import sys
import time


def make_number(ndigits, seed):
    rnd = random.Random(seed)
    chars = [chr(ord("1") + rnd.getrandbits(3))]
    for _ in range(ndigits - 1):
        chars.append(chr(ord("0") + rnd.getrandbits(3)))
    return int("".join(chars))


def main(argv):
    if hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(0)
    op = argv[1]
    if op == "repr":
        rnd = random.Random(12345)
        values = [rnd.random() * 1000.0 - 500.0 for _ in range(int(argv[2]))]
        start = time.perf_counter()
        total = 0
        for x in values:
            total += len(repr(x))
        elapsed = time.perf_counter() - start
    else:
        ndigits = int(argv[2])
        reps = int(argv[3]) if len(argv) > 3 else 1
        a = make_number(ndigits, 1)
        b = make_number(ndigits // 2 + 1, 2)
        total = 0
        start = time.perf_counter()
        for _ in range(reps):
            if op == "mul":
                total += (a * b).bit_length()
            elif op == "div":
                total += (a // b).bit_length()
            else:
                total += len(str(a))
        elapsed = time.perf_counter() - start
    print("BENCH-METRIC seconds=%r" % elapsed)
    print("checksum %d" % total)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
