"""The Mersenne Twister (MT19937) with CPython's seeding and outputs.

``Random(seed)`` produces exactly what ``random.Random(seed)`` produces for
an integer seed: ``random()``, ``getrandbits(k)`` and the state
(``getstate``/``setstate`` as the 625-int list CPython's state tuple holds).
Words are kept in plain ints masked to 32 bits; every intermediate product
stays below 2**63, so no machine-word overflow happens when translated.
"""

from rpython.rlib.rbigint import NULLRBIGINT, rbigint

N = 624
M = 397
MATRIX_A = 0x9908B0DF
UPPER_MASK = 0x80000000
LOWER_MASK = 0x7FFFFFFF
MASK32 = 0xFFFFFFFF


class Random:
    def __init__(self, seed=0):
        self.state = [0] * N
        self.index = N + 1
        self.init_by_array(_seed_key(seed))

    def init_genrand(self, s):
        mt = self.state
        mt[0] = s & MASK32
        i = 1
        while i < N:
            mt[i] = (1812433253 * (mt[i - 1] ^ (mt[i - 1] >> 30)) + i) & MASK32
            i += 1
        self.index = N

    def init_by_array(self, key):
        """CPython's seeding from a list of 32-bit words."""
        self.init_genrand(19650218)
        mt = self.state
        i = 1
        j = 0
        k = N
        if len(key) > N:
            k = len(key)
        while k > 0:
            mt[i] = (
                (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525)) + key[j] + j
            ) & MASK32
            i += 1
            j += 1
            if i >= N:
                mt[0] = mt[N - 1]
                i = 1
            if j >= len(key):
                j = 0
            k -= 1
        k = N - 1
        while k > 0:
            mt[i] = (
                (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941)) - i
            ) & MASK32
            i += 1
            if i >= N:
                mt[0] = mt[N - 1]
                i = 1
            k -= 1
        mt[0] = 0x80000000

    def _twist(self):
        mt = self.state
        kk = 0
        while kk < N:
            y = (mt[kk] & UPPER_MASK) | (mt[(kk + 1) % N] & LOWER_MASK)
            value = mt[(kk + M) % N] ^ (y >> 1)
            if y & 1:
                value ^= MATRIX_A
            mt[kk] = value
            kk += 1
        self.index = 0

    def genrand32(self):
        """The next 32-bit output word."""
        if self.index >= N:
            self._twist()
        y = self.state[self.index]
        self.index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C5680
        y ^= (y << 15) & 0xEFC60000
        y ^= y >> 18
        return y

    def random(self):
        """A float in [0.0, 1.0) with 53 random bits (as CPython)."""
        a = self.genrand32() >> 5
        b = self.genrand32() >> 6
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)

    def getrandbits(self, k):
        """An int of k random bits, 0 <= k <= 63 (larger: getrandbits_rbigint)."""
        if k < 0:
            raise ValueError("number of bits must be non-negative")
        if k > 63:
            raise OverflowError("use getrandbits_rbigint for more than 63 bits")
        if k == 0:
            return 0
        if k <= 32:
            return self.genrand32() >> (32 - k)
        low = self.genrand32()
        high = self.genrand32() >> (64 - k)
        return (high << 32) | low

    def getrandbits_rbigint(self, k):
        """getrandbits(k) for any k >= 0, as an rbigint."""
        if k < 0:
            raise ValueError("number of bits must be non-negative")
        result = NULLRBIGINT
        shift = 0
        while k > 0:
            word = self.genrand32()
            if k < 32:
                word >>= 32 - k
            result = result.or_(rbigint.fromint(word).lshift(shift))
            shift += 32
            k -= 32
        return result

    def getstate(self):
        """The 624 state words followed by the index (CPython's layout)."""
        result = self.state[:]
        result.append(self.index)
        return result

    def setstate(self, words):
        if len(words) != N + 1:
            raise ValueError("state vector is the wrong size")
        index = words[N]
        if index < 0 or index > N:
            raise ValueError("invalid state")
        i = 0
        while i < N:
            self.state[i] = words[i] & MASK32
            i += 1
        self.index = index

    def jumpahead(self, n):
        """Advance the generator by n outputs."""
        while n > 0:
            self.genrand32()
            n -= 1


def _seed_key(seed):
    """CPython's key for an int seed: 32-bit words of abs(seed), low first."""
    if seed < 0:
        seed = -seed
    key = []
    while seed:
        key.append(seed & MASK32)
        seed >>= 32
    if not key:
        key.append(0)
    return key


def seed_key_from_rbigint(value):
    """The key for an arbitrary-size seed given as an rbigint."""
    value = value.abs()
    key = []
    mask = rbigint.fromint(MASK32)
    while value.tobool():
        key.append(value.and_(mask).toint())
        value = value.rshift(32)
    if not key:
        key.append(0)
    return key


def random_from_key(key):
    r = Random(0)
    r.init_by_array(key)
    return r
