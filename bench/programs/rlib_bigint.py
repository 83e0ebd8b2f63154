"""Big-integer work: factorial, Fibonacci, decimal conversion both ways.

Usage: rlib_bigint.py MODE N ROUNDS
  native   CPython's (or pypy3's) built-in int
  rbigint  rpython.rlib.rbigint running untranslated on the host Python
N! and fib(5 * N) are computed ROUNDS times, converted to decimal and parsed
back; digit count and digit sum are checked against the table below (known
for the N the rlib suite uses).  The same computation, translated, is
bench/programs/targetrlibbigint.py.
"""

import os
import sys

# N -> (digits of N!, digit sum of N!, digits of fib(5N), digit sum of fib(5N))
EXPECTED = {1000: (2568, 10539, 1045, 4764)}


def digit_check(s):
    return len(s), sum(ord(c) - 48 for c in s)


def run_native(n, rounds):
    if hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(0)
    out = None
    for _ in range(rounds):
        f = 1
        for i in range(2, n + 1):
            f *= i
        a, b = 0, 1
        for _ in range(5 * n):
            a, b = b, a + b
        sf, sa = str(f), str(a)
        if int(sf) != f or int(sa) != a:
            return None
        out = (digit_check(sf), digit_check(sa))
    return out


def run_rbigint(n, rounds):
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    sys.path.insert(0, root)
    from rpython.rlib.rbigint import rbigint

    out = None
    for _ in range(rounds):
        f = rbigint.fromint(1)
        for i in range(2, n + 1):
            f = f.int_mul(i)
        a, b = rbigint.fromint(0), rbigint.fromint(1)
        for _ in range(5 * n):
            a, b = b, a.add(b)
        sf, sa = f.str(), a.str()
        if not rbigint.fromdecimalstr(sf).eq(f) or not rbigint.fromdecimalstr(sa).eq(a):
            return None
        out = (digit_check(sf), digit_check(sa))
    return out


def main(argv):
    if len(argv) < 4 or argv[1] not in ("native", "rbigint"):
        print("usage: rlib_bigint.py native|rbigint N ROUNDS")
        return 2
    n, rounds = int(argv[2]), int(argv[3])
    result = (run_native if argv[1] == "native" else run_rbigint)(n, rounds)
    if result is None:
        print("rlib_bigint: WRONG round trip through decimal")
        return 1
    (fd, fs), (ad, asum) = result
    want = EXPECTED.get(n)
    if want and (
        want[0] not in (None, fd)
        or want[1] not in (None, fs)
        or want[2] not in (None, ad)
        or want[3] not in (None, asum)
    ):
        print("rlib_bigint: WRONG digits %r, expected %r" % (result, want))
        return 1
    print(
        "rlib_bigint: %s n=%d: %d! has %d digits, fib has %d" % (argv[1], n, n, fd, ad)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
