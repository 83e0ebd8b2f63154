"""The rlib modules are RPython: the annotator accepts entry points that use
them.  (Compiled-and-run tests follow when the C backend translates; these
catch non-RPython code early.)"""

import pytest

from rpython.rlib import listsort, rfloat, rmath, rstring, rutf8, unicodedb
from rpython.rlib.objectmodel import compute_hash
from rpython.rlib.rarithmetic import intmask, ovfcheck, r_uint
from rpython.rlib.rbigint import rbigint
from rpython.rlib.rrandom import Random
from rpython.rlib.rstruct import formatting, ieee


def annotate(func, argtypes):
    from rpython.translator.translator import TranslationContext

    t = TranslationContext()
    return t.buildannotator().build_types(func, argtypes)


def entry_rbigint(n, s):
    a = rbigint.fromint(n)
    b = rbigint.fromstr(s, 0)
    c = a.mul(b).add(a.sub(b)).floordiv(rbigint.fromint(7))
    q, r = c.divmod(b.int_add(1))
    d = c.pow(rbigint.fromint(3), rbigint.fromint(1000003))
    e = c.and_(b).or_(a.xor(b)).invert().lshift(5).rshift(3)
    total = len(q.str()) + len(r.repr()) + len(d.hex()) + len(e.format("01"))
    total += c.hash() + a.bit_length() + intmask(c.uintmask())
    if c.lt(b) or c.eq(a) or c.ge(d):
        total += 1
    f = rbigint.fromfloat(float(n) * 1e20).tofloat() + a.truediv(b.int_add(1))
    if a.fits_int():
        total += a.toint()
    raw = c.tobytes(64, "little", True)
    total += rbigint.frombytes(raw, "big", False).bit_length()
    return total + int(f) + len(rbigint.fromdecimalstr("12345").str())


def entry_rfloat(x, s):
    total = len(rfloat.float_repr(x)) + len(rfloat.formatd(x, "e", 5, 0))
    total += len(rfloat.percent_format(x, "+10.3g"))
    y = rfloat.string_to_float(s) + rfloat.round_double(x, 3)
    y += rfloat.round_half_even(x)
    n, d = rfloat.float_to_rbigint_ratio(x)
    return total + int(y) + n.bit_length() + d.bit_length()


def entry_rmath(x):
    return (
        rmath.sqrt(abs(x)) + rmath.exp(1.0) + rmath.log(x + 10.0, 2.0) + rmath.pow(x, 2.0)
        + rmath.fsum([x, 1.0, 1e-16]) + float(rmath.factorial(20).toint())
        + rmath.fmod(x, 3.0) + rmath.gamma(2.5) + rmath.ldexp(x, 3)
    )  # fmt: skip


def entry_text(s, b):
    builder = rstring.StringBuilder()
    builder.append(s)
    builder.append_slice(s, 0, len(s))
    builder.append_multiple_char("x", 3)
    bb = rstring.BytesBuilder()
    bb.append(b)
    bb.append_multiple_char(b"-", 2)
    parts = rstring.split(s, ",", -1) + rstring.rsplit(s, None, 2)
    bparts = rstring.split(b, None, -1)
    total = rstring.find(s, "ab", 0, len(s)) + rstring.count(b, b"a", 0, len(b))
    total += len(rstring.replace(s, "a", "b", -1)) + len(
        rstring.strip(s, None, True, True)
    )
    total += len(rstring.splitlines(s, False))
    encoded = rutf8.encode_utf8(s, "strict")
    text, consumed = rutf8.decode_utf8(b, "replace", True)
    total += rutf8.check_utf8(encoded, False) + consumed + len(text)
    for c in s:
        if unicodedb.isalpha(ord(c)) or unicodedb.isdecimal(ord(c)):
            total += len(unicodedb.lower(ord(c)))
    total += (
        len(rstring.str_lower(s))
        + len(rstring.str_title(s))
        + len(rstring.bytes_upper(b))
    )
    if (
        rstring.str_isidentifier(s)
        or rstring.str_istitle(s)
        or rstring.bytes_isalpha(b)
    ):
        total += 1
    total += len(rstring.center(s, 20, "*")) + len(rstring.str_expandtabs(s, 4))
    return total + len(parts) + len(bparts) + len(builder.build()) + len(bb.build())


class IntSort(listsort.TimSort):
    def lt(self, a, b):
        return a < b


def entry_misc(n):
    r = Random(n)
    lst = [r.getrandbits(16) for i in range(100)]
    IntSort(lst).sort()
    total = lst[0] + int(r.random() * 100.0)
    total += compute_hash("abc") + compute_hash(n) + compute_hash(1.5)
    u = r_uint(n) * r_uint(3)
    total += intmask(u)
    try:
        total = ovfcheck(total + n)
    except OverflowError:
        total = 0
    data = formatting.pack("<hd", [formatting.IntValue(rbigint.fromint(n)),
                                   formatting.FloatValue(1.5)])  # fmt: skip
    values = formatting.unpack("<hd", data)
    v = values[0]
    if isinstance(v, formatting.IntValue):
        total += v.value.toint()
    total += intmask(ieee.float_pack(2.5, 4))
    return total


def entry_posix(path):
    from rpython.rlib import rposix

    fd = rposix.open(path, rposix.O_RDWR | rposix.O_CREAT, 0o644)
    n = rposix.write(fd, b"hello")
    rposix.lseek(fd, 0, rposix.SEEK_SET)
    data = rposix.read(fd, 10)
    st = rposix.fstat(fd)
    rposix.close(fd)
    total = n + len(data) + st.st_size + rposix.stat(path).st_mode + rposix.getpid()
    try:
        rposix.unlink(path + ".missing")
    except OSError as e:
        total += e.errno
    if rposix.access(path, rposix.R_OK) and not rposix.isatty(1):
        total += 1
    fd2 = rposix.dup(1)
    rposix.dup2(fd2, 1)
    rposix.close(fd2)
    rposix.rename(path, path + ".2")
    rposix.unlink(path + ".2")
    rposix.mkdir(path + ".d", 0o755)
    rposix.rmdir(path + ".d")
    names = rposix.listdir(rposix.getcwd())
    r, w = rposix.pipe()
    rposix.close(r)
    rposix.close(w)
    rposix.putenv("X", "1")
    value = rposix.getenv("X")
    if value is not None:
        total += len(value)
    rposix.unsetenv("X")
    total += len(rposix.urandom(4)) + len(names)
    if total == 12345:
        rposix.execv("/bin/true", ["true"])
    from rpython.rlib import rsignal

    rsignal.pypysig_setflag(rsignal.SIGUSR1)
    rsignal.pypysig_ignore(rsignal.SIGUSR2)
    if rsignal.pypysig_getaddr_occurred():
        total += rsignal.pypysig_poll()
    return total + len(rposix.strerror(2))


def entry_stm_time(n):
    from rpython.rlib import rstm, rtime

    rstm.increment_atomic()
    depth = rstm.is_atomic()
    rstm.decrement_atomic()
    rstm.transaction_break()
    if rstm.should_break_transaction():
        rstm.possible_transaction_break()
    rstm.become_inevitable()
    rstm.hint_commit_soon()
    t = rtime.time() + rtime.monotonic() + rtime.perf_counter()
    rtime.sleep(0.0)
    tt = rtime.gmtime(float(n))
    text = rtime.strftime("%Y", tt)
    return depth + rstm.getsegmentlimit() + int(t) + len(text) + int(rtime.mktime(tt))


CASES = [
    (entry_stm_time, [int]),
    (entry_posix, [str]),
    (entry_rbigint, [int, str]),
    (entry_rfloat, [float, str]),
    (entry_rmath, [float]),
    (entry_text, [str, bytes]),
    (entry_misc, [int]),
]


@pytest.mark.parametrize("func,argtypes", CASES, ids=[c[0].__name__ for c in CASES])
def test_annotates(func, argtypes):
    try:
        annotate(func, argtypes)
    except ImportError as e:  # the annotator is being written concurrently
        pytest.skip("annotator not importable: %s" % e)
