"""Every rmath function translated to C: values and exceptions equal
CPython's ``math`` (one translation; one run per function over all inputs)."""

import math

import pytest

from rpython.rlib import rfloat, rmath
from rpython.rlib.rbigint import rbigint
from rpython.rlib.unroll import unrolling_iterable

UNARY = ["sqrt", "exp", "expm1", "log2", "log10", "log1p", "sin", "cos", "tan",
         "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh",
         "atanh", "fabs", "erf", "erfc", "gamma", "lgamma", "degrees", "radians",
         "ulp", "floor_float", "ceil_float", "trunc_float"]  # fmt: skip
BINARY = ["atan2", "copysign", "fmod", "pow", "hypot", "nextafter"]

unary_names = unrolling_iterable(UNARY)
binary_names = unrolling_iterable(BINARY)

INPUTS = ["0.0", "-0.0", "1.0", "-1.0", "0.5", "-0.5", "2.0", "3.7", "-3.7",
          "10.0", "1e-300", "5e-324", "1e300", "-1e300", "1e16", "-2.0",
          "709.0", "710.0", "-710.0", "171.7", "-171.5", "0.999999",
          "4503599627370497.0", "inf", "-inf", "nan"]  # fmt: skip
PAIRS = [(x, y) for x in ["0.0", "-0.0", "1.0", "-1.0", "2.5", "-8.0", "1e300",
                          "inf", "-inf", "nan"]
         for y in ["0.0", "-0.0", "1.0", "-1.0", "0.5", "3.0", "-3.0", "1e300",
                   "inf", "-inf", "nan"]]  # fmt: skip


def show(x):
    return rfloat.float_repr(x)


def call_unary(name, x):
    for fname in unary_names:
        if fname == name:
            return getattr(rmath, fname)(x)
    raise KeyError(name)


def call_binary(name, x, y):
    for fname in binary_names:
        if fname == name:
            return getattr(rmath, fname)(x, y)
    raise KeyError(name)


def outcome(kind, name, args):
    """One output line: the result or the exception and its message."""
    try:
        if kind == "u":
            return show(call_unary(name, rfloat.string_to_float(args[0])))
        if kind == "b":
            x = rfloat.string_to_float(args[0])
            y = rfloat.string_to_float(args[1])
            return show(call_binary(name, x, y))
        if name == "log":
            x = rfloat.string_to_float(args[0])
            return show(rmath.log(x, rfloat.string_to_float(args[1])))
        if name == "ldexp":
            x = rfloat.string_to_float(args[0])
            return show(rmath.ldexp(x, int(args[1])))
        if name == "frexp":
            m, e = rmath.frexp(rfloat.string_to_float(args[0]))
            return show(m) + " " + str(e)
        if name == "modf":
            f, i = rmath.modf(rfloat.string_to_float(args[0]))
            return show(f) + " " + show(i)
        if name == "fsum":
            values = [rfloat.string_to_float(a) for a in args]
            return show(rmath.fsum(values))
        if name == "isclose":
            a = rfloat.string_to_float(args[0])
            b = rfloat.string_to_float(args[1])
            return str(rmath.isclose(a, b, rfloat.string_to_float(args[2]), 0.0))
        if name == "int_of":
            x = rfloat.string_to_float(args[0])
            return rmath.rbigint_from_float_checked(x).str()
        if name == "factorial":
            return rmath.factorial(int(args[0])).str()
        if name == "gcd":
            a = rbigint.fromstr(args[0], 10)
            return rmath.gcd(a, rbigint.fromstr(args[1], 10)).str()
        if name == "gcd_int":
            return str(rmath.gcd_int(int(args[0]), int(args[1])))
        if name == "log_rbigint":
            a = rbigint.fromstr(args[0], 10)
            return show(rmath.log_rbigint(a, rfloat.string_to_float(args[1])))
        if name == "tests":
            x = rfloat.string_to_float(args[0])
            return "%s %s %s" % (rmath.isinf(x), rmath.isnan(x), rmath.isfinite(x))
    except ValueError as e:
        return "ValueError " + str(e)
    except OverflowError as e:
        return "OverflowError " + str(e)
    except ZeroDivisionError as e:
        return "ZeroDivisionError " + str(e)
    return "unknown " + name


def entry_point(argv):
    """argv: KIND NAME then groups of arguments separated by '/'."""
    kind = argv[1]
    name = argv[2]
    group = []
    i = 3
    while i <= len(argv):
        if i == len(argv) or argv[i] == "/":
            if group:
                print(outcome(kind, name, group))
            group = []
        else:
            group.append(argv[i])
        i += 1
    return 0


# ____________________________________________________________
# CPython's side


def cpython_show(x):
    return repr(float(x))


def cpython_outcome(fn, *args):
    try:
        return fn(*args)
    except ValueError as e:
        return "ValueError " + str(e)
    except OverflowError as e:
        return "OverflowError " + str(e)
    except ZeroDivisionError as e:
        return "ZeroDivisionError " + str(e)


def _as_float_result(fn):
    def wrapped(*args):
        return cpython_show(fn(*args))

    return wrapped


def _rounding(fn):
    def wrapped(x):
        if math.isinf(x) or math.isnan(x):
            return cpython_show(x)
        # C's floor/ceil/trunc: a zero result has the sign of x
        return cpython_show(math.copysign(float(fn(x)), x) if fn(x) == 0 else fn(x))

    return wrapped


CPYTHON_UNARY = {name: _as_float_result(getattr(math, name))
                 for name in UNARY if hasattr(math, name)}  # fmt: skip
CPYTHON_UNARY["floor_float"] = _rounding(math.floor)
CPYTHON_UNARY["ceil_float"] = _rounding(math.ceil)
CPYTHON_UNARY["trunc_float"] = _rounding(math.trunc)


def _run(support, kind, name, groups):
    args = [kind, name]
    for g in groups:
        args += list(g) + ["/"]
    status, out = support.run_translated(entry_point, args)
    assert status == 0
    return out.splitlines()


@pytest.fixture(scope="module")
def support():
    support = pytest.importorskip("rpython.translator.c.test.support")
    support.require_toolchain()
    return support


def _expected_and_got(got, expected, labels):
    bad = [(lab, g, e) for lab, g, e in zip(labels, got, expected) if g != e]
    assert len(got) == len(expected)
    return bad


def test_unary_translated(support):
    bad = []
    for name in UNARY:
        got = _run(support, "u", name, [[x] for x in INPUTS])
        fn = CPYTHON_UNARY[name]
        expected = [cpython_outcome(fn, float(x)) for x in INPUTS]
        bad += _expected_and_got(got, expected, [(name, x) for x in INPUTS])
    assert bad == [], "\n".join(repr(b) for b in bad)


def test_binary_translated(support):
    bad = []
    for name in BINARY:
        got = _run(support, "b", name, PAIRS)
        fn = _as_float_result(getattr(math, name))
        expected = [cpython_outcome(fn, float(x), float(y)) for x, y in PAIRS]
        bad += _expected_and_got(got, expected, [(name, p) for p in PAIRS])
    assert bad == [], "\n".join(repr(b) for b in bad)


def test_other_functions_translated(support):
    def frexp(x):
        m, e = math.frexp(x)
        return "%r %d" % (m, e)

    def modf(x):
        f, i = math.modf(x)
        return "%r %r" % (f, i)

    cases = [
        ("log", [[x, b] for x in ["8.0", "0.0", "-1.0", "1e300", "inf", "nan"]
                 for b in ["2.0", "10.0", "1.0", "0.5", "-2.0"]],
         lambda x, b: cpython_show(math.log(float(x), float(b)))),
        ("ldexp", [[x, i] for x in ["1.0", "-0.75", "0.0", "inf", "nan", "1e-310"]
                   for i in ["0", "10", "1024", "1023", "-1074", "-1080", "5000",
                             "-5000"]],
         lambda x, i: cpython_show(math.ldexp(float(x), int(i)))),
        ("frexp", [[x] for x in INPUTS], lambda x: frexp(float(x))),
        ("modf", [[x] for x in INPUTS], lambda x: modf(float(x))),
        ("fsum", [["1e100", "1.0", "-1e100", "1e-100"], ["0.1"] * 10,
                  ["inf", "1.0"], ["inf", "-inf"], ["1e308", "1e308"],
                  ["nan", "1.0"], ["-0.0", "-0.0"]],
         lambda *xs: cpython_show(math.fsum(float(x) for x in xs))),
        ("isclose", [["1.0", "1.0000000001", "1e-9"], ["1.0", "1.1", "1e-9"],
                     ["inf", "inf", "0.1"], ["1.0", "2.0", "-1.0"]],
         lambda a, b, t: str(math.isclose(float(a), float(b), rel_tol=float(t)))),
        ("int_of", [[x] for x in ["1e300", "-3.7", "-0.0", "inf", "nan",
                                  "9.3e18", "-9.3e18"]],
         lambda x: str(int(float(x)))),
        ("factorial", [["0"], ["1"], ["25"], ["300"], ["-1"]],
         lambda n: str(math.factorial(int(n)))),
        ("gcd", [["0", "0"], ["-12", "18"], ["2" * 40, "6" * 30]],
         lambda a, b: str(math.gcd(int(a), int(b)))),
        ("gcd_int", [["0", "5"], ["-12", "18"], ["1071", "462"]],
         lambda a, b: str(math.gcd(int(a), int(b)))),
        ("log_rbigint", [["1" + "0" * 400, "10.0"], ["7", "0.0"], ["0", "2.0"],
                         ["-5", "2.0"], ["8", "1.0"]],
         lambda a, b: cpython_show(math.log(int(a), float(b)) if float(b)
                                   else math.log(int(a)))),
        ("tests", [[x] for x in ["1.0", "inf", "-inf", "nan"]],
         lambda x: "%s %s %s" % (math.isinf(float(x)), math.isnan(float(x)),
                                 math.isfinite(float(x)))),
    ]  # fmt: skip
    bad = []
    for name, groups, fn in cases:
        got = _run(support, "x", name, groups)
        expected = [cpython_outcome(fn, *g) for g in groups]
        bad += _expected_and_got(got, expected, [(name, g) for g in groups])
    assert bad == [], "\n".join(repr(b) for b in bad)


def test_entry_point_untranslated_agrees(capsys):
    """The same entry point run on CPython gives CPython's answers (so the
    translated comparison above tests translation, not rmath itself)."""
    entry_point(["x", "u", "sqrt", "2.0", "/", "-1.0"])
    entry_point(["x", "u", "floor_float", "1e300", "/", "-2.5"])
    out = capsys.readouterr().out.splitlines()
    assert out == [repr(math.sqrt(2.0)), "ValueError math domain error",
                   "1e+300", "-3.0"]  # fmt: skip
