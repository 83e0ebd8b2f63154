"""Prime sieve and integer loops (lists, ints, slicing).

Usage: sieve.py LIMIT [REPEAT].  Checks the prime count against a trial
division count of a prefix and the known value of pi(10**k).
"""

import sys

KNOWN_PI = {10**4: 1229, 10**5: 9592, 10**6: 78498, 2 * 10**6: 148933}


def sieve(limit):
    flags = [True] * (limit + 1)
    flags[0] = flags[1] = False
    i = 2
    while i * i <= limit:
        if flags[i]:
            for j in range(i * i, limit + 1, i):
                flags[j] = False
        i += 1
    return flags


def is_prime_slow(n):
    if n < 2:
        return False
    d = 2
    while d * d <= n:
        if n % d == 0:
            return False
        d += 1
    return True


def main(argv):
    limit = int(argv[1]) if len(argv) > 1 else 10**6
    repeat = int(argv[2]) if len(argv) > 2 else 1
    for _ in range(repeat):
        flags = sieve(limit)
        count = sum(1 for f in flags if f)
    prefix = min(limit, 3000)
    if [n for n in range(prefix) if flags[n]] != [
        n for n in range(prefix) if is_prime_slow(n)
    ]:
        print("sieve: WRONG primes below %d" % prefix)
        return 1
    if limit in KNOWN_PI and KNOWN_PI[limit] != count:
        print("sieve: WRONG count %d" % count)
        return 1
    print("sieve: %d primes up to %d" % (count, limit))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
