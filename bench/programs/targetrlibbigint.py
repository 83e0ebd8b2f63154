"""RPython target: the rlib_bigint.py computation, translated.

Translate with ``rpython --batch --output=PATH bench/programs/targetrlibbigint.py``
(the rlib suite does it).  Run as ``PATH N ROUNDS``; exit status 1 when the
digits are wrong, like the untranslated program.
"""

import os

from rpython.rlib.rbigint import rbigint

# Expected digits of 1000! and fib(5000): count and digit sum.
EXPECT_N = 1000
EXPECT = [2568, 10539, 1045, 4764]


def digit_sum(s):
    total = 0
    for c in s:
        total += ord(c) - 48
    return total


def entry_point(argv):
    if len(argv) < 3:
        os.write(2, b"usage: targetrlibbigint N ROUNDS\n")
        return 2
    n = int(argv[1])
    rounds = int(argv[2])
    got = [0, 0, 0, 0]
    for _ in range(rounds):
        f = rbigint.fromint(1)
        for i in range(2, n + 1):
            f = f.int_mul(i)
        a = rbigint.fromint(0)
        b = rbigint.fromint(1)
        for _ in range(5 * n):
            c = a.add(b)
            a = b
            b = c
        sf = f.str()
        sa = a.str()
        if not rbigint.fromdecimalstr(sf).eq(f):
            os.write(1, b"WRONG round trip\n")
            return 1
        got = [len(sf), digit_sum(sf), len(sa), digit_sum(sa)]
    if n == EXPECT_N and got != EXPECT:
        os.write(1, b"WRONG digits\n")
        return 1
    os.write(1, b"targetrlibbigint: ok\n")
    return 0


def target(driver, args):
    return entry_point, None
