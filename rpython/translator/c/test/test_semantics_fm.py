"""Translated behaviour == untranslated behaviour, for the semantic gaps
closed in issue 5 (with/__exit__, builtin exception arguments, keyword
arguments to builtins, str/bytes operations, math, generators, argv).

One entry point holds every case (`CASES`, selected by argv[1]) so the
whole file costs one translation; each test runs the executable and the
same entry point on CPython and compares status and output.
"""

import math
import os

import pytest

from rpython.translator.c.test.support import (  # noqa: F401
    require_toolchain,
    run_untranslated,
    translate_entry,
    translation_mode,
)

# ____________________________________________________________
# 1. with statements: __exit__ sees the exception, may suppress it


class Recorder:
    def __init__(self, log, suppress):
        self.log = log
        self.suppress = suppress

    def __enter__(self):
        self.log.append("enter")
        return self

    def __exit__(self, etype, evalue, tb):
        if evalue is None:
            self.log.append("exit(None)")
        else:
            self.log.append("exit(%s)" % str(evalue))
        if etype is ValueError:
            self.log.append("type is ValueError")
        return self.suppress


class Plain:
    """__exit__ returning None: never suppresses."""

    def __init__(self, log):
        self.log = log

    def __enter__(self):
        return self.log

    def __exit__(self, etype, evalue, tb):
        if etype is not None:
            self.log.append("plain saw an exception")


class SuppressKeyError:
    """__exit__ with `return True` on one path and an implicit None."""

    def __enter__(self):
        return self

    def __exit__(self, etype, evalue, tb):
        if etype is KeyError:
            return True


def raise_if(n):
    if n == 1:
        raise ValueError("boom")
    if n == 2:
        raise KeyError("key")
    return n


def with_case(n):
    log = []
    try:
        with Recorder(log, n >= 3), SuppressKeyError():
            with Plain(log) as inner:
                inner.append("body")
                raise_if(n % 3)
                log.append("no exception")
        log.append("after with")
    except ValueError as e:
        log.append("caught ValueError " + str(e))
    except KeyError as e:
        log.append("caught KeyError " + str(e))
    return log


def case_with(argv):
    for n in range(6):
        print(" / ".join(with_case(n)))
    log = []
    for i in range(3):
        with Recorder(log, True):
            if i == 1:
                continue
            log.append("i=%d" % i)
    print(" / ".join(log))
    return 0


# ____________________________________________________________
# 2. builtin exception constructors keep their arguments


class AppError(Exception):
    def __init__(self, msg, code):
        Exception.__init__(self, msg)
        self.code = code


class ShortError(ValueError):
    def __init__(self, msg):
        super().__init__(msg)


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __str__(self):
        return "(%d, %d)" % (self.x, self.y)


class Point3(Point):
    def __str__(self):
        return "3d" + Point.__str__(self)


class Tagged:
    """Only __repr__: str() uses it too, as in Python."""

    def __init__(self, tag):
        self.tag = tag

    def __repr__(self):
        return "Tagged(%s)" % self.tag


class Bare:
    pass


class Animal:
    def __init__(self, name, legs=4):
        self.name = name
        self.legs = legs

    def describe(self):
        return "%s/%d" % (self.name, self.legs)


class Bird(Animal):
    def __init__(self, name, legs=2):
        Animal.__init__(self, "bird " + name, legs)


class Snake(Animal):
    def describe(self):
        return "snake " + self.name


def fail_open(path):
    return os.open(path, os.O_RDONLY, 0)


def case_exceptions(argv):
    e = OSError(2, "No such file")
    print(e.errno, e.strerror, str(e))
    try:
        fail_open("/nonexistent/fm-semantics")
    except OSError as err:
        print("os.open:", err.errno, err.strerror)
    for i in range(7):
        try:
            if i == 4:
                raise ValueError(i * 10)
            if i == 5:
                raise KeyError(i)
            if i == 6:
                raise IndexError(i * 0.5)
            if i == 0:
                raise ValueError("bad value %d" % i)
            if i == 1:
                raise IndexError("out of range")
            if i == 2:
                raise KeyError("k")
            raise RuntimeError()
        except Exception as exc:
            print("[%s]" % str(exc))
    for i in range(2):
        try:
            if i == 0:
                raise AppError("app failed", 42)
            raise ShortError("short")
        except AppError as app_error:
            print(str(app_error), app_error.code)
        except ValueError as value_error:
            print("ValueError:", value_error)
    for cls in [Animal, Bird, Snake]:
        print(cls("x").describe(), cls("y", 0).describe())
    points = [Point(1, 2), Point3(3, 4)]
    for p in points:
        print(p, str(p), "%s" % p, f"<{p}>")
    t = Tagged("x")
    print(t, repr(t), "%r %s" % (t, t), f"{t!r}", [Bare(), None][1:])
    return 0


# ____________________________________________________________
# 5. math


def case_math(argv):
    x = float(len(argv)) + 0.25  # 2.25 with one extra argument
    print(math.trunc(x), math.floor(x), math.ceil(x), math.trunc(-x))
    values = [math.fabs(-x), math.exp(x), math.log(x), math.log(x, 2.0),
              math.log10(x), math.log2(x), math.log1p(x), math.expm1(x),
              math.pow(x, 2.0), math.sin(x), math.cos(x), math.tan(x),
              math.asin(0.5), math.acos(0.5), math.atan(x), math.atan2(x, 1.0),
              math.hypot(x, 1.0), math.fmod(x, 1.5), math.copysign(x, -1.0),
              math.sqrt(x), math.erf(x), math.erfc(x), math.ldexp(x, 3),
              math.sinh(x), math.cosh(x), math.tanh(x)]  # fmt: skip
    print(" ".join([repr(v) for v in values]))
    # CPython computes gamma/lgamma itself, translated code uses libm:
    # the last bits may differ
    print("%.12g %.12g %.12g" % (math.gamma(x), math.lgamma(x), math.gamma(-x)))
    m = math.modf(-x)
    f = math.frexp(x)
    print(repr(m[0]), repr(m[1]), repr(f[0]), f[1], math.gcd(12, 18))
    inf = math.exp(x * 1000.0) if x > 1e9 else float("inf")
    print(math.isinf(inf), math.isnan(inf - inf), math.isfinite(x))
    # errors as in CPython
    bad = [-x, 0.0, x * 1000.0, inf]
    for v in bad:
        for name in ("sqrt", "log", "exp", "sin", "gamma", "trunc", "log2arg"):
            try:
                if name == "sqrt":
                    r = math.sqrt(v)
                elif name == "log":
                    r = math.log(v)
                elif name == "exp":
                    r = math.exp(v)
                elif name == "sin":
                    r = math.sin(v)
                elif name == "gamma":
                    r = float(int(math.gamma(v) * 1e6))
                elif name == "log2arg":
                    r = math.log(x, v)
                else:
                    r = float(math.trunc(v))
                print(name, repr(v), "->", repr(r))
            except ValueError as e:
                print(name, repr(v), "ValueError", str(e))
            except OverflowError as e:
                print(name, repr(v), "OverflowError", str(e))
            except ZeroDivisionError as e:
                print(name, repr(v), "ZeroDivisionError", str(e))
    return 0


# ____________________________________________________________
# 3. keyword arguments: builtins, builtin methods, RPython functions


def neg(x):
    return -x


def describe(a, b=2, c=3, d="d"):
    return "%d %d %d %s" % (a, b, c, d)


def case_keywords(argv):
    n = len(argv)  # 3 (program, case, one argument)
    lst = [3, 1, n, 5, 2]
    print(sorted(lst, key=neg), sorted(lst, reverse=True))
    print(sorted(lst, key=lambda x: x % 3, reverse=True))
    words = ["bb", "a", "ccc", "dd", "e"]
    print(sorted(words, key=len), sorted(words, key=len, reverse=True))
    print(min(words, key=len), max(words, key=len), max(4, n, 7, key=neg))
    print(min([w for w in words if len(w) > 5], default="none"))
    try:
        max([w for w in words if len(w) > 5], key=len)
    except ValueError as e:
        print("ValueError", str(e))
    copy = [w for w in words]
    copy.sort(key=len, reverse=True)
    lst.sort(reverse=True)
    print(copy, lst)
    print(int("ff", base=16), int("-101", base=2 * n - 2))
    print(" a b  c ".split(maxsplit=1), "a,b,c".rsplit(sep=",", maxsplit=1))
    print(" a b  c ".rsplit(None, 1), "x y".split(None, 0), "x\ny\n".splitlines(True))
    print(describe(1, c=5), describe(d="x", a=n), describe(n, 7, d="z", c=9))
    ages = {"bob": n, "al": 7, "cy": 1}
    print(sorted(ages.items()), sorted(ages), sorted(ages.values(), reverse=True))
    print(any([x > n for x in lst]), all(x > 0 for x in lst), any(words), all([]))
    print(sorted(ages.keys()), list("abc"), list(enumerate(words[:2])))
    print(list(reversed(lst)), any(ages.values()), list(ages.items()))
    rows = [[3, n], [1, 2], [3], [], [1, 2, 0]]
    rows.sort()
    print(rows, [1, 2] < [1, 2, 0], ["b"] > ["a", "z"], sorted(rows, key=len))
    point = (n, n * 2, 7)
    print(list(point), list(("x", "y")))
    print("no newline", n, end="")
    print(" / sep", "here", sep="-")
    return 0


# ____________________________________________________________
# 4. str and bytes


def case_strings(argv):
    n = len(argv)  # 4 (program, case, two arguments)
    s = ""
    for i in range(n * 3):
        s += str(i)
        s += "-"
    b = b""
    for i in range(n):
        b += b"x"
        b += b"yz"
    print(s, b, "ab" * n, b"ab" * n, n * b"c", b"d" * 0, len(b * 4))
    print(repr(b"it's"), str(b'q"\x00\xff\n\\'), b"z" + b)
    raw = "h\xe9llo \u20ac".encode("utf-8")
    print(len(raw), raw.decode("utf-8"), "caf\xe9".encode("latin-1"))
    print(b"\xe9t\xe9".decode("latin-1"), "abc".encode("ascii"))
    total = 0
    for byte in raw:
        total = total * 3 + byte
    pairs = [(len(w), w) for w in ["bb", "a", "ccc"]]
    pairs.sort()
    print(total, [byte for byte in b"\x00\x7f\x80\xff"], pairs, (n, 2.5, "x"), (n,))
    text = "abcdefgh"
    print(text[::2], text[::-1], text[1:7:n], text[n::-2], pairs[::-1], b"xyz"[::-1])
    counts = {}
    for word in ["b", "a", "b", "c'"]:
        counts[word] = counts.get(word, 0) + n
    del counts["a"]
    print(counts, {1.5: (1, "x")}, str({}), [{n: [n]}])
    for codec in ("ascii", "latin-1", "utf-8"):
        try:
            print(codec, "\u20ac".encode(codec))
        except UnicodeEncodeError:
            print(codec, "UnicodeEncodeError")
        try:
            print(codec, b"\xff".decode(codec))
        except UnicodeDecodeError:
            print(codec, "UnicodeDecodeError")
    return 0


# ____________________________________________________________
# 7. generators consumed by for loops (inlined by the flow space)


def countdown(n):
    while n > 0:
        yield n
        n -= 1


def evens_until(limit, stop_at):
    for i in range(limit):
        if i == stop_at:
            return
        if i % 2 == 0:
            yield i


def case_generators(argv):
    n = len(argv)  # 3
    total = 0
    for x in countdown(n * 2):
        for y in evens_until(x, 5):
            total += x * y
    print(total, [x * 10 for x in countdown(n)], sum(countdown(n)))
    print(list(evens_until(10, n * 3)), max(countdown(n)))
    return 0


# ____________________________________________________________
# 9. argv: UTF-8 with surrogateescape, like CPython's sys.argv


def case_argv(argv):
    for arg in argv[2:]:
        print(len(arg), [ord(c) for c in arg])
    return 0


CASES = {
    "with": case_with,
    "exceptions": case_exceptions,
    "math": case_math,
    "keywords": case_keywords,
    "strings": case_strings,
    "generators": case_generators,
    "argv": case_argv,
}


def entry_point(argv):
    if len(argv) < 2 or argv[1] not in CASES:
        print("usage: prog CASE")
        return 2
    return CASES[argv[1]](argv)


@pytest.fixture(scope="module")
def exe(translation_mode):  # noqa: F811  (plain and --stm builds)
    require_toolchain()
    return translate_entry(entry_point)


def check_case(exe, name, args=()):
    import subprocess

    argv = [name] + list(args)
    expected = run_untranslated(entry_point, argv)
    proc = subprocess.run([exe] + argv, capture_output=True, timeout=120)
    got = (proc.returncode, proc.stdout.decode("utf-8", "replace"))
    assert got == expected
    return got[1]


def test_with_exit_sees_exception_and_suppresses(exe):
    out = check_case(exe, "with")
    assert "exit(boom) / type is ValueError" in out
    # n=2: SuppressKeyError swallows the KeyError before Recorder sees it
    lines = out.splitlines()
    assert lines[2] == "enter / body / plain saw an exception / exit(None) / after with"
    assert "caught" not in out.splitlines()[4]  # n=4: suppressed ValueError


def test_builtin_exception_arguments(exe):
    out = check_case(exe, "exceptions")
    assert "2 No such file [Errno 2] No such file" in out
    assert "os.open: 2 No such file or directory" in out
    assert "[bad value 0]" in out and "['k']" in out and "[]" in out
    assert "[40]" in out and "[5]" in out and "[3.0]" in out
    assert "app failed 42" in out and "ValueError: short" in out
    assert "3d(3, 4) 3d(3, 4) 3d(3, 4) <3d(3, 4)>" in out
    assert "bird x/2 bird y/0" in out and "snake x snake y" in out
    assert "Tagged(x) Tagged(x) Tagged(x) Tagged(x) Tagged(x) [None]" in out


def test_math_functions_and_errors(exe):
    out = check_case(exe, "math", ["x"])
    assert "sqrt -3.25 ValueError math domain error" in out
    assert "exp 3250.0 OverflowError math range error" in out
    assert "trunc inf OverflowError cannot convert float infinity" in out


def test_keyword_arguments(exe):
    out = check_case(exe, "keywords", ["x"])
    assert "[5, 3, 3, 2, 1] [5, 3, 3, 2, 1]" in out
    assert "none" in out and "ValueError max() arg is an empty sequence" in out
    assert "no newline 3 / sep-here" in out


def test_str_and_bytes_operations(exe):
    out = check_case(exe, "strings", ["x", "y"])
    assert "b'xyzxyzxyzxyz'" in out
    assert "ascii UnicodeEncodeError" in out


def test_generators_in_for_loops(exe):
    out = check_case(exe, "generators", ["x"])
    assert "[30, 20, 10] 6" in out


def test_non_ascii_argv_is_decoded_like_cpython(exe):
    import subprocess

    raw = ["h\xe9llo \u20ac".encode("utf-8"), b"bad \xff\xfe end", b""]
    proc = subprocess.run([exe, "argv"] + raw, capture_output=True, timeout=120)
    # CPython's sys.argv: os.fsdecode (UTF-8, surrogateescape)
    expected = run_untranslated(entry_point, ["argv"] + [os.fsdecode(a) for a in raw])
    assert (proc.returncode, proc.stdout.decode()) == expected
    assert "[104, 233, 108, 108, 111, 32, 8364]" in expected[1]
    assert "56575, 56574" in expected[1]  # \udcff \udcfe
