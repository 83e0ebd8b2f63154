# ruff: noqa: F811  (each `class __extend__` adds rules to a class or pairtype)
"""Text (str) and bytes.

    STR   = GcStruct('rpy_string', ('hash', Signed), ('chars', Array(UniChar)))
    BYTES = GcStruct('rpy_bytes',  ('hash', Signed), ('chars', Array(Char)))

A str is an array of code points, so indexing and len() are O(1) and behave
exactly like Python 3's str; `hash` caches the hash (0 = not computed yet).
A one-character str (SomeChar) is a UniChar; a byte from bytes indexing is an
int, as in Python 3.  None is the null pointer.  The operations are
low-level helpers (`ll_*`) written on these structures; they run untranslated
too, so they are tested directly.
"""

from rpython.annotator import model as annmodel
from rpython.annotator.pairtype import pairtype
from rpython.flowspace.model import SpaceOperation, Variable
from rpython.rlib import objectmodel, rfloat, unicodedb
from rpython.rlib.rarithmetic import intmask, ovfcheck, r_uint
from rpython.rtyper.annlowlevel import hlstr, llstr
from rpython.rtyper.error import TyperError
from rpython.rtyper.lltypesystem import rffi
from rpython.rtyper.lltypesystem import lltype
from rpython.rtyper.lltypesystem.lltype import (
    Array,
    Bool,
    Char,
    Float,
    GcArray,
    GcStruct,
    Ptr,
    Signed,
    UniChar,
    Void,
    malloc,
    nullptr,
)
from rpython.rtyper.rint import IntegerRepr, signed_repr
from rpython.rtyper.rmodel import CanBeNull, Repr, inputconst

STR = GcStruct(
    "rpy_string",
    ("hash", Signed),
    ("chars", Array(UniChar, hints={"immutable": True})),
    hints={"immutable_fields": ("chars",)},
)
BYTES = GcStruct(
    "rpy_bytes",
    ("hash", Signed),
    ("chars", Array(Char, hints={"immutable": True})),
    hints={"immutable_fields": ("chars",)},
)
STRPTR = Ptr(STR)
STRARRAY = GcArray(STRPTR)
BYTESPTR = Ptr(BYTES)


# ____________________________________________________________
# low-level helpers, written once for both STR and BYTES


def ll_strlen(s):
    return len(s.chars)


def ll_stritem_nonneg(s, i):
    return s.chars[i]


def ll_stritem(s, i):
    n = len(s.chars)
    if i < 0:
        i += n
    if i < 0 or i >= n:
        raise IndexError
    return s.chars[i]


def ll_byteitem(s, i):
    n = len(s.chars)
    if i < 0:
        i += n
    if i < 0 or i >= n:
        raise IndexError
    return ord(s.chars[i])


def ll_str_is_true(s):
    return bool(s) and len(s.chars) != 0


def ll_strconcat(s1, s2):
    n1 = len(s1.chars)
    n2 = len(s2.chars)
    result = malloc(lltype.typeOf(s1).TO, n1 + n2)
    i = 0
    while i < n1:
        result.chars[i] = s1.chars[i]
        i += 1
    j = 0
    while j < n2:
        result.chars[n1 + j] = s2.chars[j]
        j += 1
    return result


ll_strconcat._annspecialcase_ = "specialize:ll"


def ll_streq(s1, s2):
    if s1 == s2:
        return True
    if not s1 or not s2:
        return False
    n = len(s1.chars)
    if len(s2.chars) != n:
        return False
    i = 0
    while i < n:
        if s1.chars[i] != s2.chars[i]:
            return False
        i += 1
    return True


def ll_strcmp(s1, s2):
    n1 = len(s1.chars)
    n2 = len(s2.chars)
    n = n1
    if n2 < n:
        n = n2
    i = 0
    while i < n:
        c1 = ord(s1.chars[i])
        c2 = ord(s2.chars[i])
        if c1 != c2:
            return c1 - c2
        i += 1
    return n1 - n2


def ll_strhash(s):
    # the same function as objectmodel._hash_string / _hash_bytes: FNV-1a
    # over the code points, xor the length, -1 avoided; cached in s.hash
    if not s:
        return 0
    x = s.hash
    if x == 0:
        x = _ll_compute_hash(s)
        s.hash = x
    return x


def _ll_compute_hash(s):
    n = len(s.chars)
    x = r_uint(0xCBF29CE484222325)
    i = 0
    while i < n:
        x = (x ^ r_uint(ord(s.chars[i]))) * r_uint(0x100000001B3)
        i += 1
    x = x ^ r_uint(n)
    h = intmask(x)
    if h == -1:
        h = -2
    if h == 0:
        h = 1  # 0 means "not computed" in s.hash
    return h


def ll_char_mul(TP, c, times):
    if times < 0:
        times = 0
    result = malloc(TP, times)
    i = 0
    while i < times:
        result.chars[i] = c
        i += 1
    return result


def ll_str_mul(s, times):
    if times < 0:
        times = 0
    n = len(s.chars)
    result = malloc(lltype.typeOf(s).TO, n * times)
    j = 0
    k = 0
    while k < times:
        i = 0
        while i < n:
            result.chars[j] = s.chars[i]
            i += 1
            j += 1
        k += 1
    return result


def ll_strslice(s, start, stop):
    """s[start:stop] with Python's clamping of negative/omitted bounds."""
    n = len(s.chars)
    if start < 0:
        start += n
        if start < 0:
            start = 0
    elif start > n:
        start = n
    if stop < 0:
        stop += n
        if stop < 0:
            stop = 0
    elif stop > n:
        stop = n
    if stop < start:
        stop = start
    result = malloc(lltype.typeOf(s).TO, stop - start)
    i = start
    while i < stop:
        result.chars[i - start] = s.chars[i]
        i += 1
    return result


def ll_find(s, sub, start, end):
    n = len(s.chars)
    m = len(sub.chars)
    if start < 0:
        start += n
        if start < 0:
            start = 0
    if end > n:
        end = n
    elif end < 0:
        end += n
    i = start
    while i + m <= end:
        j = 0
        while j < m and s.chars[i + j] == sub.chars[j]:
            j += 1
        if j == m:
            return i
        i += 1
    return -1


def ll_rfind(s, sub, start, end):
    n = len(s.chars)
    m = len(sub.chars)
    if start < 0:
        start += n
        if start < 0:
            start = 0
    if end > n:
        end = n
    elif end < 0:
        end += n
    i = end - m
    while i >= start:
        j = 0
        while j < m and s.chars[i + j] == sub.chars[j]:
            j += 1
        if j == m:
            return i
        i -= 1
    return -1


def ll_find_char(s, c, start, end):
    n = len(s.chars)
    if start < 0:
        start += n
        if start < 0:
            start = 0
    if end > n:
        end = n
    elif end < 0:
        end += n
    i = start
    while i < end:
        if s.chars[i] == c:
            return i
        i += 1
    return -1


def ll_contains(s, sub):
    return ll_find(s, sub, 0, len(s.chars)) >= 0


def ll_startswith(s, prefix):
    n = len(prefix.chars)
    if len(s.chars) < n:
        return False
    i = 0
    while i < n:
        if s.chars[i] != prefix.chars[i]:
            return False
        i += 1
    return True


def ll_endswith(s, suffix):
    n = len(suffix.chars)
    offset = len(s.chars) - n
    if offset < 0:
        return False
    i = 0
    while i < n:
        if s.chars[offset + i] != suffix.chars[i]:
            return False
        i += 1
    return True


def ll_count(s, sub):
    n = len(s.chars)
    m = len(sub.chars)
    if m == 0:
        return n + 1
    count = 0
    i = 0
    while i + m <= n:
        if ll_find(s, sub, i, i + m) == i:
            count += 1
            i += m
        else:
            i += 1
    return count


def _ll_isspace(c):
    o = ord(c)
    return (
        o == 32
        or (9 <= o <= 13)
        or o == 0x85
        or o == 0xA0
        or o == 0x1680
        or (0x2000 <= o <= 0x200A)
        or o == 0x2028
        or o == 0x2029
        or o == 0x202F
        or o == 0x205F
        or o == 0x3000
    )


def ll_strip(s, left, right):
    n = len(s.chars)
    lpos = 0
    rpos = n
    if left:
        while lpos < rpos and _ll_isspace(s.chars[lpos]):
            lpos += 1
    if right:
        while rpos > lpos and _ll_isspace(s.chars[rpos - 1]):
            rpos -= 1
    return ll_strslice(s, lpos, rpos)


def ll_strip_chars(s, chars, left, right):
    n = len(s.chars)
    lpos = 0
    rpos = n
    if left:
        while (
            lpos < rpos and ll_find_char(chars, s.chars[lpos], 0, len(chars.chars)) >= 0
        ):
            lpos += 1
    if right:
        while rpos > lpos and (
            ll_find_char(chars, s.chars[rpos - 1], 0, len(chars.chars)) >= 0
        ):
            rpos -= 1
    return ll_strslice(s, lpos, rpos)


def ll_lower(s):
    n = len(s.chars)
    result = malloc(lltype.typeOf(s).TO, n)
    i = 0
    while i < n:
        c = s.chars[i]
        o = ord(c)
        if 65 <= o <= 90:
            c = chr(o + 32)
        result.chars[i] = c
        i += 1
    return result


def ll_upper(s):
    n = len(s.chars)
    result = malloc(lltype.typeOf(s).TO, n)
    i = 0
    while i < n:
        c = s.chars[i]
        o = ord(c)
        if 97 <= o <= 122:
            c = chr(o - 32)
        result.chars[i] = c
        i += 1
    return result


def ll_isdigit(s):
    n = len(s.chars)
    if n == 0:
        return False
    i = 0
    while i < n:
        o = ord(s.chars[i])
        if not (48 <= o <= 57):
            return False
        i += 1
    return True


def ll_isalpha(s):
    n = len(s.chars)
    if n == 0:
        return False
    i = 0
    while i < n:
        o = ord(s.chars[i])
        if not (65 <= o <= 90 or 97 <= o <= 122 or o >= 0xC0):
            return False
        i += 1
    return True


def ll_isalnum(s):
    n = len(s.chars)
    if n == 0:
        return False
    i = 0
    while i < n:
        o = ord(s.chars[i])
        if not (48 <= o <= 57 or 65 <= o <= 90 or 97 <= o <= 122 or o >= 0xC0):
            return False
        i += 1
    return True


def ll_isspace(s):
    n = len(s.chars)
    if n == 0:
        return False
    i = 0
    while i < n:
        if not _ll_isspace(s.chars[i]):
            return False
        i += 1
    return True


def ll_isupper(s):
    n = len(s.chars)
    cased = False
    i = 0
    while i < n:
        o = ord(s.chars[i])
        if 97 <= o <= 122:
            return False
        if 65 <= o <= 90:
            cased = True
        i += 1
    return cased


def ll_islower(s):
    n = len(s.chars)
    cased = False
    i = 0
    while i < n:
        o = ord(s.chars[i])
        if 65 <= o <= 90:
            return False
        if 97 <= o <= 122:
            cased = True
        i += 1
    return cased


def ll_replace(s, old, new):
    n = len(s.chars)
    m = len(old.chars)
    if m == 0:
        return s
    count = 0
    i = ll_find(s, old, 0, n)
    while i >= 0:
        count += 1
        i = ll_find(s, old, i + m, n)
    if count == 0:
        return s
    k = len(new.chars)
    result = malloc(lltype.typeOf(s).TO, n + count * (k - m))
    src = 0
    dst = 0
    i = ll_find(s, old, 0, n)
    while i >= 0:
        while src < i:
            result.chars[dst] = s.chars[src]
            src += 1
            dst += 1
        j = 0
        while j < k:
            result.chars[dst] = new.chars[j]
            dst += 1
            j += 1
        src += m
        i = ll_find(s, old, src, n)
    while src < n:
        result.chars[dst] = s.chars[src]
        src += 1
        dst += 1
    return result


def ll_char_str(TP, c):
    result = malloc(TP, 1)
    result.chars[0] = c
    return result


def ll_int2dec(n):
    """str(n) for a machine word, without overflow on -sys.maxint-1."""
    sign = n < 0
    if sign:
        un = r_uint(0) - r_uint(n)
    else:
        un = r_uint(n)
    digits = 0
    tmp = un
    while True:
        digits += 1
        tmp = tmp // r_uint(10)
        if tmp == r_uint(0):
            break
    size = digits
    if sign:
        size += 1
    result = malloc(STR, size)
    i = size - 1
    while True:
        result.chars[i] = chr(48 + intmask(un % r_uint(10)))
        un = un // r_uint(10)
        i -= 1
        if un == r_uint(0):
            break
    if sign:
        result.chars[0] = "-"
    return result


def ll_uint2dec(un):
    digits = 0
    tmp = un
    while True:
        digits += 1
        tmp = tmp // r_uint(10)
        if tmp == r_uint(0):
            break
    result = malloc(STR, digits)
    i = digits - 1
    while True:
        result.chars[i] = chr(48 + intmask(un % r_uint(10)))
        un = un // r_uint(10)
        i -= 1
        if un == r_uint(0):
            break
    return result


def _ll_int2base(n, base, prefix_char, with_prefix, upper):
    sign = n < 0
    if sign:
        un = r_uint(0) - r_uint(n)
    else:
        un = r_uint(n)
    digits = 0
    tmp = un
    ubase = r_uint(base)
    while True:
        digits += 1
        tmp = tmp // ubase
        if tmp == r_uint(0):
            break
    size = digits
    if with_prefix:
        size += 2
    if sign:
        size += 1
    result = malloc(STR, size)
    i = size - 1
    while True:
        d = intmask(un % ubase)
        if d < 10:
            result.chars[i] = chr(48 + d)
        elif upper:
            result.chars[i] = chr(55 + d)
        else:
            result.chars[i] = chr(87 + d)
        un = un // ubase
        i -= 1
        if un == r_uint(0):
            break
    pos = 0
    if sign:
        result.chars[0] = "-"
        pos = 1
    if with_prefix:
        result.chars[pos] = "0"
        result.chars[pos + 1] = prefix_char
    return result


def ll_int2hex(n, with_prefix):
    return _ll_int2base(n, 16, "x", with_prefix, False)


def ll_int2hex_upper(n, with_prefix):
    return _ll_int2base(n, 16, "X", with_prefix, True)


def ll_int2bin(n, with_prefix):
    return _ll_int2base(n, 2, "b", with_prefix, False)


def ll_int2oct(n, with_prefix):
    return _ll_int2base(n, 8, "o", with_prefix, False)


def ll_bool2str(b):
    if b:
        return ll_const_str("True")
    return ll_const_str("False")


def ll_const_str(text):
    """A prebuilt STR (untranslated helper; constant-folded when translated)."""
    return _prebuilt_str(text)


_prebuilt_cache = {}


def _prebuilt_str(text, TYPE=STR):
    key = (TYPE, text)
    try:
        return _prebuilt_cache[key]
    except KeyError:
        pass
    p = malloc(TYPE, len(text), immortal=True)
    for i, c in enumerate(text):
        p.chars[i] = c
    p.hash = 0
    _prebuilt_cache[key] = p
    return p


ll_const_str._annspecialcase_ = "specialize:memo"


def ll_float2str(f):
    return llstr(rfloat.float_repr(f))


def ll_hash_float(f):
    return objectmodel._hash_float(f)


def ll_instance_str(obj):
    # "<ClassName object>" like CPython's default repr, without the address
    name = obj.typeptr.name
    n = len(name)
    prefix = "<"
    suffix = " object>"
    result = malloc(STR, n + len(prefix) + len(suffix))
    result.chars[0] = "<"
    i = 0
    while i < n:
        result.chars[1 + i] = name[i]
        i += 1
    j = 0
    while j < len(suffix):
        result.chars[1 + n + j] = suffix[j]
        j += 1
    return result


def ll_join(sep, items, length):
    """sep.join(items[:length]) where items is an array of strings."""
    if length == 0:
        return malloc(lltype.typeOf(sep).TO, 0)
    total = len(sep.chars) * (length - 1)
    i = 0
    while i < length:
        total += len(items[i].chars)
        i += 1
    result = malloc(lltype.typeOf(sep).TO, total)
    pos = 0
    i = 0
    seplen = len(sep.chars)
    while i < length:
        if i > 0:
            j = 0
            while j < seplen:
                result.chars[pos] = sep.chars[j]
                pos += 1
                j += 1
        item = items[i]
        itemlen = len(item.chars)
        j = 0
        while j < itemlen:
            result.chars[pos] = item.chars[j]
            pos += 1
            j += 1
        i += 1
    return result


def ll_join_chars(sep, items, length):
    """sep.join(chars) for a list of one-character strs."""
    seplen = len(sep.chars)
    if length == 0:
        return malloc(STR, 0)
    result = malloc(STR, length + seplen * (length - 1))
    pos = 0
    i = 0
    while i < length:
        if i > 0:
            j = 0
            while j < seplen:
                result.chars[pos] = sep.chars[j]
                pos += 1
                j += 1
        result.chars[pos] = items[i]
        pos += 1
        i += 1
    return result


def ll_str_of_chars_array(TP, chars, length):
    result = malloc(TP, length)
    i = 0
    while i < length:
        result.chars[i] = chars[i]
        i += 1
    return result


def ll_int_from_str(s, base):
    """int(s, base) with Python's rules for whitespace, sign, '_' and prefixes."""
    n = len(s.chars)
    i = 0
    while i < n and _ll_isspace(s.chars[i]):
        i += 1
    while n > i and _ll_isspace(s.chars[n - 1]):
        n -= 1
    sign = 1
    if i < n and s.chars[i] == "-":
        sign = -1
        i += 1
    elif i < n and s.chars[i] == "+":
        i += 1
    if base == 0:
        base = 10
        if i + 1 < n and s.chars[i] == "0":
            c = s.chars[i + 1]
            if c == "x" or c == "X":
                base = 16
                i += 2
            elif c == "o" or c == "O":
                base = 8
                i += 2
            elif c == "b" or c == "B":
                base = 2
                i += 2
    elif (
        base == 16
        and i + 1 < n
        and s.chars[i] == "0"
        and (s.chars[i + 1] == "x" or s.chars[i + 1] == "X")
    ):
        i += 2
    if i >= n:
        raise ValueError
    result = 0
    prev_underscore = True
    while i < n:
        c = s.chars[i]
        o = ord(c)
        if c == "_":
            if prev_underscore:
                raise ValueError
            prev_underscore = True
            i += 1
            continue
        if 48 <= o <= 57:
            d = o - 48
        elif 97 <= o <= 122:
            d = o - 87
        elif 65 <= o <= 90:
            d = o - 55
        else:
            raise ValueError
        if d >= base:
            raise ValueError
        result = ovfcheck_mul_add(result, base, d * sign)
        prev_underscore = False
        i += 1
    if prev_underscore:
        raise ValueError
    return result


def ovfcheck_mul_add(x, base, d):
    try:
        return ovfcheck(ovfcheck(x * base) + d)
    except OverflowError:
        raise ValueError


# ____________________________________________________________
# reprs


class AbstractStringRepr(CanBeNull, Repr):
    """Shared code of StringRepr (STR) and BytesRepr (BYTES)."""

    def convert_const(self, value):
        if value is None:
            return nullptr(self.lowleveltype.TO)
        if not isinstance(value, self.pytype):
            raise TyperError("not a %s: %r" % (self.pytype.__name__, value))
        if self.pytype is bytes:
            value = value.decode("latin-1")
        return _prebuilt_str(value, self.lowleveltype.TO)

    def get_ll_eq_function(self):
        return ll_streq

    def get_ll_hash_function(self):
        return ll_strhash

    def get_ll_fasthash_function(self):
        return ll_strhash

    def rtype_len(self, hop):
        (v,) = hop.inputargs(self)
        hop.exception_cannot_occur()
        return hop.gendirectcall(ll_strlen, v)

    def rtype_bool(self, hop):
        (v,) = hop.inputargs(self)
        return hop.gendirectcall(ll_str_is_true, v)

    def rtype_hash(self, hop):
        (v,) = hop.inputargs(self)
        return hop.gendirectcall(ll_strhash, v)

    def rtype_str(self, hop):
        (v,) = hop.inputargs(self)
        if self.pytype is str:
            return v
        # str(b) is repr(b), as in Python 3
        return hop.gendirectcall(ll_bytes_repr, v)

    def rtype_getslice(self, hop):
        v_s = hop.inputarg(self, arg=0)
        v_start = _slice_bound(hop, 1, 0)
        v_stop = _slice_bound(hop, 2, lltype.MAXINT)
        hop.exception_cannot_occur()
        return hop.gendirectcall(ll_strslice, v_s, v_start, v_stop)

    def _bool_method(self, hop, func):
        (v,) = hop.inputargs(self)
        hop.exception_cannot_occur()
        return hop.gendirectcall(func, v)

    def rtype_method_isdigit(self, hop):
        return self._bool_method(hop, ll_isdigit)

    def rtype_method_isalpha(self, hop):
        return self._bool_method(hop, ll_isalpha)

    def rtype_method_isalnum(self, hop):
        return self._bool_method(hop, ll_isalnum)

    def rtype_method_isspace(self, hop):
        return self._bool_method(hop, ll_isspace)

    def rtype_method_isupper(self, hop):
        return self._bool_method(hop, ll_isupper)

    def rtype_method_islower(self, hop):
        return self._bool_method(hop, ll_islower)

    def rtype_method_lower(self, hop):
        return self._bool_method(hop, ll_lower)

    def rtype_method_upper(self, hop):
        return self._bool_method(hop, ll_upper)

    def rtype_method_startswith(self, hop):
        if hop.nb_args != 2:
            raise TyperError("startswith() with start/end is not supported")
        v_s, v_prefix = hop.inputargs(self, self)
        hop.exception_cannot_occur()
        return hop.gendirectcall(ll_startswith, v_s, v_prefix)

    def rtype_method_endswith(self, hop):
        if hop.nb_args != 2:
            raise TyperError("endswith() with start/end is not supported")
        v_s, v_suffix = hop.inputargs(self, self)
        hop.exception_cannot_occur()
        return hop.gendirectcall(ll_endswith, v_s, v_suffix)

    def _find(self, hop, ll_func, reverse=False):
        v_s = hop.inputarg(self, arg=0)
        v_start = _slice_bound(hop, 2, 0)
        v_end = _slice_bound(hop, 3, lltype.MAXINT)
        if isinstance(hop.args_r[1], CharRepr) and not reverse:
            v_sub = hop.inputarg(hop.args_r[1], arg=1)
            return v_s, hop.gendirectcall(ll_find_char, v_s, v_sub, v_start, v_end)
        v_sub = hop.inputarg(self, arg=1)
        return v_s, hop.gendirectcall(ll_func, v_s, v_sub, v_start, v_end)

    def rtype_method_find(self, hop):
        hop.exception_cannot_occur()
        return self._find(hop, ll_find)[1]

    def rtype_method_rfind(self, hop):
        hop.exception_cannot_occur()
        return self._find(hop, ll_rfind, reverse=True)[1]

    def rtype_method_index(self, hop):
        hop.has_implicit_exception(ValueError)
        v = self._find(hop, ll_find)[1]
        # the check is the operation that raises: a handler around the call
        # must see its exception
        hop.exception_is_here()
        return hop.gendirectcall(ll_check_found, v)

    def rtype_method_count(self, hop):
        v_s, v_sub = hop.inputargs(self, self)
        hop.exception_cannot_occur()
        return hop.gendirectcall(ll_count, v_s, v_sub)

    def rtype_method_replace(self, hop):
        if hop.nb_args != 3:
            raise TyperError("replace() with a count is not supported")
        v_s, v_old, v_new = hop.inputargs(self, self, self)
        hop.exception_cannot_occur()
        return hop.gendirectcall(ll_replace, v_s, v_old, v_new)

    def _strip(self, hop, left, right):
        v_s = hop.inputarg(self, arg=0)
        c_left = inputconst(Bool, left)
        c_right = inputconst(Bool, right)
        hop.exception_cannot_occur()
        if hop.nb_args == 1 or (
            hop.args_s[1].is_constant() and hop.args_s[1].const is None
        ):
            return hop.gendirectcall(ll_strip, v_s, c_left, c_right)
        v_chars = hop.inputarg(self, arg=1)
        return hop.gendirectcall(ll_strip_chars, v_s, v_chars, c_left, c_right)

    def rtype_method_strip(self, hop):
        return self._strip(hop, True, True)

    def rtype_method_lstrip(self, hop):
        return self._strip(hop, True, False)

    def rtype_method_rstrip(self, hop):
        return self._strip(hop, False, True)

    def rtype_method_join(self, hop):
        from rpython.rtyper.rlist import AbstractListRepr

        r_lst = hop.args_r[1]
        if not isinstance(r_lst, AbstractListRepr):
            raise TyperError("join() of %r" % (r_lst,))
        v_sep = hop.inputarg(self, arg=0)
        v_lst = hop.inputarg(r_lst, arg=1)
        hop.exception_cannot_occur()
        v_items = r_lst.get_items_array(v_lst, hop.llops)
        v_length = r_lst.get_length(v_lst, hop.llops)
        if r_lst.item_repr is char_repr and self is string_repr:
            return hop.gendirectcall(ll_join_chars, v_sep, v_items, v_length)
        if r_lst.item_repr.lowleveltype != self.lowleveltype:
            raise TyperError("join() of a list of %r" % (r_lst.item_repr,))
        return hop.gendirectcall(ll_join, v_sep, v_items, v_length)

    def rtype_method_split(self, hop, reverse=False):
        from rpython.rtyper.rlist import (
            ll_rsplit_max,
            ll_split,
            ll_split_max,
            ll_split_whitespace,
        )

        v_s = hop.inputarg(self, arg=0)
        r_list = hop.r_result
        r_list.setup()
        c_new = inputconst(Void, r_list.ll_newlist)
        c_items = inputconst(Void, r_list.ll_items)
        if hop.nb_args == 1 or (
            hop.args_s[1].is_constant() and hop.args_s[1].const is None
        ):
            if hop.nb_args > 2:
                from rpython.rtyper.rlist import (
                    ll_rsplit_whitespace_max,
                    ll_split_whitespace_max,
                )

                v_max = hop.inputarg(Signed, arg=2)
                hop.exception_cannot_occur()
                if reverse:
                    ll_func = ll_rsplit_whitespace_max
                else:
                    ll_func = ll_split_whitespace_max
                return hop.gendirectcall(ll_func, c_new, c_items, v_s, v_max)
            hop.exception_cannot_occur()
            return hop.gendirectcall(ll_split_whitespace, c_new, c_items, v_s)
        v_sep = hop.inputarg(self, arg=1)
        if hop.nb_args > 2:
            v_max = hop.inputarg(Signed, arg=2)
            hop.has_implicit_exception(ValueError)
            hop.exception_is_here()
            ll_func = ll_rsplit_max if reverse else ll_split_max
            return hop.gendirectcall(ll_func, c_new, c_items, v_s, v_sep, v_max)
        hop.has_implicit_exception(ValueError)
        hop.exception_is_here()
        return hop.gendirectcall(ll_split, c_new, c_items, v_s, v_sep)

    def rtype_method_rsplit(self, hop):
        # without maxsplit, rsplit() and split() give the same pieces
        return self.rtype_method_split(hop, reverse=True)

    def rtype_method_splitlines(self, hop):
        from rpython.rtyper.rlist import ll_splitlines

        v_s = hop.inputarg(self, arg=0)
        if hop.nb_args > 1:
            v_keep = hop.inputarg(Bool, arg=1)
        else:
            v_keep = inputconst(Bool, False)
        r_list = hop.r_result
        r_list.setup()
        c_new = inputconst(Void, r_list.ll_newlist)
        c_items = inputconst(Void, r_list.ll_items)
        c_unicode = inputconst(Bool, self.pytype is str)
        hop.exception_cannot_occur()
        return hop.gendirectcall(ll_splitlines, c_new, c_items, v_s, v_keep, c_unicode)

    def rtype_method_rindex(self, hop):
        hop.has_implicit_exception(ValueError)
        v = self._find(hop, ll_rfind, reverse=True)[1]
        hop.exception_is_here()
        return hop.gendirectcall(ll_check_found, v)

    def _codec(self, hop, table, ll_by_name):
        """The helper for the `encoding` argument (utf-8 by default): picked
        now for a constant name, else looked up when the program runs."""
        if hop.nb_args < 2:
            return table["utf-8"], None
        s_enc = hop.args_s[1]
        if s_enc.is_constant():
            name = _normalize_encoding(s_enc.const)
            if name not in table:
                raise TyperError("encoding %r is not supported" % (s_enc.const,))
            return table[name], None
        return ll_by_name, hop.inputarg(string_repr, arg=1)

    def rtype_method_encode(self, hop):
        v_s = hop.inputarg(self, arg=0)
        ll_func, v_name = self._codec(hop, _ENCODERS, ll_encode_by_name)
        hop.has_implicit_exception(UnicodeEncodeError)
        hop.has_implicit_exception(LookupError)
        hop.exception_is_here()
        if v_name is None:
            return hop.gendirectcall(ll_func, v_s)
        return hop.gendirectcall(ll_func, v_s, v_name)

    def rtype_method_decode(self, hop):
        v_s = hop.inputarg(self, arg=0)
        ll_func, v_name = self._codec(hop, _DECODERS, ll_decode_by_name)
        hop.has_implicit_exception(UnicodeDecodeError)
        hop.has_implicit_exception(LookupError)
        hop.exception_is_here()
        if v_name is None:
            return hop.gendirectcall(ll_func, v_s)
        return hop.gendirectcall(ll_func, v_s, v_name)


def ll_check_found(i):
    if i < 0:
        raise ValueError
    return i


def _slice_bound(hop, index, default):
    if index >= hop.nb_args:
        return inputconst(Signed, default)
    s = hop.args_s[index]
    if s.is_constant() and s.const is None:
        return inputconst(Signed, default)
    return hop.inputarg(Signed, arg=index)


class StringRepr(AbstractStringRepr):
    lowleveltype = STRPTR
    pytype = str

    def rtype_repr(self, hop):
        (v,) = hop.inputargs(self)
        return hop.gendirectcall(ll_str_repr, v)

    def rtype_int(self, hop):
        (v,) = hop.inputargs(self)
        hop.has_implicit_exception(ValueError)
        hop.exception_is_here()
        return hop.gendirectcall(ll_int_from_str, v, inputconst(Signed, 10))

    def rtype_float(self, hop):
        (v,) = hop.inputargs(self)
        hop.has_implicit_exception(ValueError)
        hop.exception_is_here()
        return hop.gendirectcall(ll_str_to_float, v)

    def make_iterator_repr(self, *variant):
        return StringIteratorRepr(self)


class BytesRepr(AbstractStringRepr):
    lowleveltype = BYTESPTR
    pytype = bytes

    def rtype_repr(self, hop):
        (v,) = hop.inputargs(self)
        return hop.gendirectcall(ll_bytes_repr, v)

    def make_iterator_repr(self, *variant):
        if variant:
            raise TyperError("iterating over bytes with %r" % (variant,))
        return BytesIteratorRepr(self)


_HEXDIGITS = "0123456789abcdef"


def ll_bytes_repr(b):
    """repr(b) like CPython: b'...' (b"..." when only ' appears)."""
    n = len(b.chars)
    quote = "'"
    has_single = False
    has_double = False
    i = 0
    while i < n:
        if b.chars[i] == "'":
            has_single = True
        elif b.chars[i] == '"':
            has_double = True
        i += 1
    if has_single and not has_double:
        quote = '"'
    size = 3
    i = 0
    while i < n:
        c = b.chars[i]
        o = ord(c)
        if c == quote or c == "\\" or c == "\n" or c == "\r" or c == "\t":
            size += 2
        elif o < 32 or o >= 127:
            size += 4
        else:
            size += 1
        i += 1
    result = malloc(STR, size)
    result.chars[0] = "b"
    result.chars[1] = quote
    pos = 2
    i = 0
    while i < n:
        c = b.chars[i]
        o = ord(c)
        if c == quote or c == "\\":
            result.chars[pos] = "\\"
            result.chars[pos + 1] = chr(o)
            pos += 2
        elif c == "\n" or c == "\r" or c == "\t":
            result.chars[pos] = "\\"
            if c == "\n":
                result.chars[pos + 1] = "n"
            elif c == "\r":
                result.chars[pos + 1] = "r"
            else:
                result.chars[pos + 1] = "t"
            pos += 2
        elif o < 32 or o >= 127:
            result.chars[pos] = "\\"
            result.chars[pos + 1] = "x"
            result.chars[pos + 2] = _HEXDIGITS[o >> 4]
            result.chars[pos + 3] = _HEXDIGITS[o & 15]
            pos += 4
        else:
            result.chars[pos] = chr(o)
            pos += 1
        i += 1
    result.chars[pos] = quote
    return result


string_repr = StringRepr()
bytes_repr = BytesRepr()


def ll_str_to_float(s):
    return rfloat.string_to_float(hlstr(s))


def ll_str_repr(s):
    """repr(s): quotes like CPython (single unless the text has ' and no ")."""
    n = len(s.chars)
    quote = "'"
    has_single = ll_find_char(s, "'", 0, n) >= 0
    has_double = ll_find_char(s, '"', 0, n) >= 0
    if has_single and not has_double:
        quote = '"'
    size = 2
    i = 0
    while i < n:
        size += _ll_repr_char_size(s.chars[i], quote)
        i += 1
    result = malloc(STR, size)
    result.chars[0] = quote
    pos = 1
    i = 0
    while i < n:
        pos = _ll_repr_char(result, pos, s.chars[i], quote)
        i += 1
    result.chars[pos] = quote
    return result


def _ll_repr_char_size(c, quote):
    o = ord(c)
    if c == quote or c == "\\" or c == "\n" or c == "\r" or c == "\t":
        return 2
    if o < 32 or o == 127:
        return 4
    if 0x80 <= o < 0xA0 or o == 0xAD:
        return 4
    return 1


def _ll_repr_char(result, pos, c, quote):
    o = ord(c)
    if c == quote or c == "\\":
        result.chars[pos] = "\\"
        result.chars[pos + 1] = c
        return pos + 2
    if c == "\n":
        result.chars[pos] = "\\"
        result.chars[pos + 1] = "n"
        return pos + 2
    if c == "\r":
        result.chars[pos] = "\\"
        result.chars[pos + 1] = "r"
        return pos + 2
    if c == "\t":
        result.chars[pos] = "\\"
        result.chars[pos + 1] = "t"
        return pos + 2
    if o < 32 or o == 127 or 0x80 <= o < 0xA0 or o == 0xAD:
        result.chars[pos] = "\\"
        result.chars[pos + 1] = "x"
        result.chars[pos + 2] = _ll_hexdigit(o >> 4)
        result.chars[pos + 3] = _ll_hexdigit(o & 15)
        return pos + 4
    result.chars[pos] = c
    return pos + 1


def _ll_hexdigit(d):
    if d < 10:
        return chr(48 + d)
    return chr(87 + d)


def ll_encode_utf8(s):
    n = len(s.chars)
    size = 0
    i = 0
    while i < n:
        o = ord(s.chars[i])
        if o < 0x80:
            size += 1
        elif o < 0x800:
            size += 2
        elif o < 0x10000:
            size += 3
        else:
            size += 4
        i += 1
    result = malloc(BYTES, size)
    pos = 0
    i = 0
    while i < n:
        o = ord(s.chars[i])
        if o < 0x80:
            result.chars[pos] = lltype.cast_primitive(Char, o)
            pos += 1
        elif o < 0x800:
            result.chars[pos] = lltype.cast_primitive(Char, 0xC0 | (o >> 6))
            result.chars[pos + 1] = lltype.cast_primitive(Char, 0x80 | (o & 0x3F))
            pos += 2
        elif o < 0x10000:
            result.chars[pos] = lltype.cast_primitive(Char, 0xE0 | (o >> 12))
            result.chars[pos + 1] = lltype.cast_primitive(
                Char, 0x80 | ((o >> 6) & 0x3F)
            )
            result.chars[pos + 2] = lltype.cast_primitive(Char, 0x80 | (o & 0x3F))
            pos += 3
        else:
            result.chars[pos] = lltype.cast_primitive(Char, 0xF0 | (o >> 18))
            result.chars[pos + 1] = lltype.cast_primitive(
                Char, 0x80 | ((o >> 12) & 0x3F)
            )
            result.chars[pos + 2] = lltype.cast_primitive(
                Char, 0x80 | ((o >> 6) & 0x3F)
            )
            result.chars[pos + 3] = lltype.cast_primitive(Char, 0x80 | (o & 0x3F))
            pos += 4
        i += 1
    return result


def ll_decode_utf8(b):
    """Strict UTF-8 decoding; UnicodeDecodeError (a ValueError) on malformed input."""
    n = len(b.chars)
    count = 0
    i = 0
    while i < n:
        o = ord(b.chars[i])
        if o < 0x80:
            i += 1
        elif 0xC2 <= o < 0xE0:
            i += 2
        elif 0xE0 <= o < 0xF0:
            i += 3
        elif 0xF0 <= o < 0xF5:
            i += 4
        else:
            raise UnicodeDecodeError
        count += 1
    if i != n:
        raise UnicodeDecodeError
    result = malloc(STR, count)
    i = 0
    k = 0
    while i < n:
        o = ord(b.chars[i])
        if o < 0x80:
            code = o
            i += 1
        elif o < 0xE0:
            code = ((o & 0x1F) << 6) | _ll_cont(b, i + 1)
            i += 2
        elif o < 0xF0:
            code = ((o & 0x0F) << 12) | (_ll_cont(b, i + 1) << 6) | _ll_cont(b, i + 2)
            if code < 0x800 or 0xD800 <= code < 0xE000:
                raise UnicodeDecodeError
            i += 3
        else:
            code = (
                ((o & 0x07) << 18)
                | (_ll_cont(b, i + 1) << 12)
                | (_ll_cont(b, i + 2) << 6)
                | _ll_cont(b, i + 3)
            )
            if code < 0x10000 or code > 0x10FFFF:
                raise UnicodeDecodeError
            i += 4
        result.chars[k] = chr(code)
        k += 1
    return result


def _ll_cont(b, i):
    o = ord(b.chars[i])
    if o & 0xC0 != 0x80:
        raise UnicodeDecodeError
    return o & 0x3F


class CharRepr(Repr):
    """A one-character str: a UniChar."""

    lowleveltype = UniChar

    def convert_const(self, value):
        if not isinstance(value, str) or len(value) != 1:
            raise TyperError("not a character: %r" % (value,))
        return value

    def get_ll_eq_function(self):
        return None

    def get_ll_hash_function(self):
        return ll_char_hash

    def rtype_len(self, hop):
        return hop.inputconst(Signed, 1)

    def rtype_bool(self, hop):
        return hop.inputconst(Bool, True)

    def rtype_ord(self, hop):
        (v,) = hop.inputargs(self)
        hop.exception_cannot_occur()
        return hop.genop("cast_unichar_to_int", [v], resulttype=Signed)

    def rtype_str(self, hop):
        (v,) = hop.inputargs(self)
        return hop.gendirectcall(ll_char_str, inputconst(Void, STR), v)

    def rtype_repr(self, hop):
        (v,) = hop.inputargs(self)
        v_s = hop.gendirectcall(ll_char_str, inputconst(Void, STR), v)
        return hop.gendirectcall(ll_str_repr, v_s)

    def rtype_hash(self, hop):
        (v,) = hop.inputargs(self)
        return hop.gendirectcall(ll_char_hash, v)

    def _char_pred(self, hop, func):
        (v,) = hop.inputargs(self)
        v_s = hop.gendirectcall(ll_char_str, inputconst(Void, STR), v)
        hop.exception_cannot_occur()
        return hop.gendirectcall(func, v_s)

    def rtype_method_isdigit(self, hop):
        return self._char_pred(hop, ll_isdigit)

    def rtype_method_isalpha(self, hop):
        return self._char_pred(hop, ll_isalpha)

    def rtype_method_isalnum(self, hop):
        return self._char_pred(hop, ll_isalnum)

    def rtype_method_isspace(self, hop):
        return self._char_pred(hop, ll_isspace)

    def rtype_method_isupper(self, hop):
        return self._char_pred(hop, ll_isupper)

    def rtype_method_islower(self, hop):
        return self._char_pred(hop, ll_islower)

    def rtype_method_lower(self, hop):
        return self._char_pred(hop, ll_lower)

    def rtype_method_upper(self, hop):
        return self._char_pred(hop, ll_upper)


def ll_char_hash(c):
    # objectmodel._hash_string of a one-character str
    x = (r_uint(0xCBF29CE484222325) ^ r_uint(ord(c))) * r_uint(0x100000001B3)
    h = intmask(x ^ r_uint(1))
    if h == -1:
        h = -2
    return h


char_repr = CharRepr()


class ByteCharRepr(Repr):
    lowleveltype = Char

    def convert_const(self, value):
        if isinstance(value, bytes) and len(value) == 1:
            return chr(value[0])
        if isinstance(value, str) and len(value) == 1 and ord(value) < 256:
            return value
        raise TyperError("not a byte: %r" % (value,))

    def get_ll_eq_function(self):
        return None

    def rtype_ord(self, hop):
        (v,) = hop.inputargs(self)
        return hop.genop("cast_char_to_int", [v], resulttype=Signed)


bytechar_repr = ByteCharRepr()


class StringIteratorRepr(Repr):
    def __init__(self, r_str):
        self.r_str = r_str
        self.ITER = GcStruct("stringiter", ("string", r_str.lowleveltype),
                             ("index", Signed))  # fmt: skip
        self.lowleveltype = Ptr(self.ITER)

    def newiter(self, hop):
        (v,) = hop.inputargs(self.r_str)
        citer = inputconst(Void, self.ITER)
        return hop.gendirectcall(ll_striter, citer, v)

    def rtype_next(self, hop):
        (v_iter,) = hop.inputargs(self)
        hop.has_implicit_exception(StopIteration)
        hop.exception_is_here()
        return hop.gendirectcall(ll_strnext, v_iter)


class BytesIteratorRepr(StringIteratorRepr):
    """for b in some_bytes: the items are ints, as in Python 3."""

    def rtype_next(self, hop):
        (v_iter,) = hop.inputargs(self)
        hop.has_implicit_exception(StopIteration)
        hop.exception_is_here()
        v_char = hop.gendirectcall(ll_strnext, v_iter)
        return hop.genop("cast_char_to_int", [v_char], resulttype=Signed)


def ll_striter(ITER, s):
    it = malloc(ITER)
    it.string = s
    it.index = 0
    return it


def ll_strnext(it):
    chars = it.string.chars
    index = it.index
    if index >= len(chars):
        raise StopIteration
    it.index = index + 1
    return chars[index]


# ____________________________________________________________
# annotations -> reprs


class __extend__(annmodel.SomeString):
    def rtyper_makerepr(self, rtyper):
        return string_repr

    def rtyper_makekey(self):
        return (self.__class__,)


class __extend__(annmodel.SomeChar):
    def rtyper_makerepr(self, rtyper):
        return char_repr

    def rtyper_makekey(self):
        return (self.__class__,)


class __extend__(annmodel.SomeBytes):
    def rtyper_makerepr(self, rtyper):
        return bytes_repr

    def rtyper_makekey(self):
        return (self.__class__,)


class __extend__(annmodel.SomeByteChar):
    def rtyper_makerepr(self, rtyper):
        return bytechar_repr

    def rtyper_makekey(self):
        return (self.__class__,)


# ____________________________________________________________
# binary operations


class __extend__(pairtype(AbstractStringRepr, AbstractStringRepr)):
    def rtype_add(pair_reprs, hop):
        r = pair_reprs[0]
        v1, v2 = hop.inputargs(r, r)
        hop.exception_cannot_occur()
        return hop.gendirectcall(ll_strconcat, v1, v2)

    rtype_inplace_add = rtype_add

    def rtype_eq(pair_reprs, hop):
        r = pair_reprs[0]
        v1, v2 = hop.inputargs(r, r)
        return hop.gendirectcall(ll_streq, v1, v2)

    def rtype_ne(pair_reprs, hop):
        r = pair_reprs[0]
        v1, v2 = hop.inputargs(r, r)
        v = hop.gendirectcall(ll_streq, v1, v2)
        return hop.genop("bool_not", [v], resulttype=Bool)

    def _cmp(pair_reprs, hop, opname):
        r = pair_reprs[0]
        v1, v2 = hop.inputargs(r, r)
        v = hop.gendirectcall(ll_strcmp, v1, v2)
        return hop.genop(opname, [v, inputconst(Signed, 0)], resulttype=Bool)

    def rtype_lt(pair_reprs, hop):
        return pair_reprs._cmp(hop, "int_lt")

    def rtype_le(pair_reprs, hop):
        return pair_reprs._cmp(hop, "int_le")

    def rtype_gt(pair_reprs, hop):
        return pair_reprs._cmp(hop, "int_gt")

    def rtype_ge(pair_reprs, hop):
        return pair_reprs._cmp(hop, "int_ge")

    def rtype_contains(pair_reprs, hop):
        r = pair_reprs[0]
        v1, v2 = hop.inputargs(r, r)
        return hop.gendirectcall(ll_contains, v1, v2)

    def rtype_is_(pair_reprs, hop):
        r = pair_reprs[0]
        v1, v2 = hop.inputargs(r, r)
        return hop.genop("ptr_eq", [v1, v2], resulttype=Bool)


class __extend__(pairtype(AbstractStringRepr, IntegerRepr)):
    def rtype_getitem(pair_reprs, hop):
        r_str = pair_reprs[0]
        v_s, v_i = hop.inputargs(r_str, Signed)
        if hop.has_implicit_exception(IndexError) or True:
            hop.exception_is_here()
        if r_str is bytes_repr:
            return hop.gendirectcall(ll_byteitem, v_s, v_i)
        return hop.gendirectcall(ll_stritem, v_s, v_i)

    rtype_getitem_idx = rtype_getitem

    def rtype_mul(pair_reprs, hop):
        r_str = pair_reprs[0]
        v_s, v_n = hop.inputargs(r_str, Signed)
        hop.exception_cannot_occur()
        return hop.gendirectcall(ll_str_mul, v_s, v_n)

    rtype_inplace_mul = rtype_mul


class __extend__(pairtype(IntegerRepr, AbstractStringRepr)):
    def rtype_mul(pair_reprs, hop):
        r_str = pair_reprs[1]
        v_n, v_s = hop.inputargs(Signed, r_str)
        hop.exception_cannot_occur()
        return hop.gendirectcall(ll_str_mul, v_s, v_n)


class __extend__(pairtype(CharRepr, CharRepr)):
    def _cmp(pair_reprs, hop, opname):
        v1, v2 = hop.inputargs(char_repr, char_repr)
        return hop.genop("unichar_" + opname, [v1, v2], resulttype=Bool)

    def rtype_eq(pair_reprs, hop):
        return pair_reprs._cmp(hop, "eq")

    def rtype_ne(pair_reprs, hop):
        return pair_reprs._cmp(hop, "ne")

    def rtype_lt(pair_reprs, hop):
        return pair_reprs._cmp(hop, "lt")

    def rtype_le(pair_reprs, hop):
        return pair_reprs._cmp(hop, "le")

    def rtype_gt(pair_reprs, hop):
        return pair_reprs._cmp(hop, "gt")

    def rtype_ge(pair_reprs, hop):
        return pair_reprs._cmp(hop, "ge")

    def rtype_add(pair_reprs, hop):
        v1, v2 = hop.inputargs(string_repr, string_repr)
        return hop.gendirectcall(ll_strconcat, v1, v2)

    def rtype_is_(pair_reprs, hop):
        return pair_reprs._cmp(hop, "eq")


class __extend__(pairtype(CharRepr, IntegerRepr)):
    def rtype_mul(pair_reprs, hop):
        v_c, v_n = hop.inputargs(char_repr, Signed)
        return hop.gendirectcall(ll_char_mul, inputconst(Void, STR), v_c, v_n)


class __extend__(pairtype(ByteCharRepr, ByteCharRepr)):
    def rtype_eq(pair_reprs, hop):
        vlist = hop.inputargs(bytechar_repr, bytechar_repr)
        return hop.genop("char_eq", vlist, resulttype=Bool)

    def rtype_ne(pair_reprs, hop):
        vlist = hop.inputargs(bytechar_repr, bytechar_repr)
        return hop.genop("char_ne", vlist, resulttype=Bool)

    def rtype_lt(pair_reprs, hop):
        vlist = hop.inputargs(bytechar_repr, bytechar_repr)
        return hop.genop("char_lt", vlist, resulttype=Bool)


class __extend__(pairtype(CharRepr, StringRepr)):
    def convert_from_to(pair_reprs, v, llops):
        return llops.gendirectcall(ll_char_str, inputconst(Void, STR), v)

    def rtype_contains(pair_reprs, hop):
        raise TyperError("'str' in 'char'")


class __extend__(pairtype(StringRepr, CharRepr)):
    def convert_from_to(pair_reprs, v, llops):
        return llops.gendirectcall(ll_stritem_nonneg, v, inputconst(Signed, 0))

    def rtype_contains(pair_reprs, hop):
        v_s, v_c = hop.inputargs(string_repr, char_repr)
        hop.exception_cannot_occur()
        v = hop.gendirectcall(
            ll_find_char,
            v_s,
            v_c,
            inputconst(Signed, 0),
            inputconst(Signed, lltype.MAXINT),
        )
        return hop.genop("int_ge", [v, inputconst(Signed, 0)], resulttype=Bool)

    def _via_str(pair_reprs, hop, opname):
        hop2 = hop.copy()
        hop2.args_r = [string_repr, string_repr]
        return getattr(pairtype(StringRepr, StringRepr), "rtype_" + opname)(
            (string_repr, string_repr), hop2
        )

    def rtype_add(pair_reprs, hop):
        v1, v2 = hop.inputargs(string_repr, string_repr)
        return hop.gendirectcall(ll_strconcat, v1, v2)

    def rtype_eq(pair_reprs, hop):
        v1, v2 = hop.inputargs(string_repr, string_repr)
        return hop.gendirectcall(ll_streq, v1, v2)

    def rtype_ne(pair_reprs, hop):
        v1, v2 = hop.inputargs(string_repr, string_repr)
        v = hop.gendirectcall(ll_streq, v1, v2)
        return hop.genop("bool_not", [v], resulttype=Bool)


class __extend__(pairtype(CharRepr, StringRepr)):
    def rtype_add(pair_reprs, hop):
        v1, v2 = hop.inputargs(string_repr, string_repr)
        return hop.gendirectcall(ll_strconcat, v1, v2)

    def rtype_eq(pair_reprs, hop):
        v1, v2 = hop.inputargs(string_repr, string_repr)
        return hop.gendirectcall(ll_streq, v1, v2)

    def rtype_ne(pair_reprs, hop):
        v1, v2 = hop.inputargs(string_repr, string_repr)
        v = hop.gendirectcall(ll_streq, v1, v2)
        return hop.genop("bool_not", [v], resulttype=Bool)


# ____________________________________________________________
# int(s, base), % formatting and f-strings, print()


def rtype_int_with_base(hop):
    v_s = hop.inputarg(string_repr, arg=0)
    v_base = hop.inputarg(Signed, arg=1)
    hop.has_implicit_exception(ValueError)
    hop.exception_is_here()
    return hop.gendirectcall(ll_int_from_str, v_s, v_base)


def _parse_format(fmt):
    """'%5.2f and %s' -> list of str pieces and (flags, width, prec, kind)."""
    pieces = []
    i = 0
    n = len(fmt)
    literal = []
    while i < n:
        c = fmt[i]
        if c != "%":
            literal.append(c)
            i += 1
            continue
        i += 1
        if i < n and fmt[i] == "%":
            literal.append("%")
            i += 1
            continue
        if literal:
            pieces.append("".join(literal))
            literal = []
        flags = ""
        while i < n and fmt[i] in "-0+ #":
            flags += fmt[i]
            i += 1
        width = ""
        while i < n and fmt[i].isdigit():
            width += fmt[i]
            i += 1
        prec = None
        if i < n and fmt[i] == ".":
            i += 1
            p = ""
            while i < n and fmt[i].isdigit():
                p += fmt[i]
                i += 1
            prec = int(p or "0")
        if i >= n:
            raise TyperError("incomplete format string %r" % (fmt,))
        kind = fmt[i]
        i += 1
        if kind not in "sdirxXofFeEgG":
            raise TyperError("unsupported format character %r in %r" % (kind, fmt))
        pieces.append((flags, int(width) if width else 0, prec, kind))
    if literal:
        pieces.append("".join(literal))
    return pieces


def rtype_string_format(hop, r_fmt):
    """`fmt % args` with a constant fmt: one conversion per directive."""
    from rpython.rtyper.rtuple import TupleRepr

    s_fmt = hop.args_s[0]
    if not s_fmt.is_constant():
        raise TyperError("% formatting needs a constant format string")
    fmt = s_fmt.const
    if isinstance(fmt, bytes):
        raise TyperError("% formatting of bytes is not supported")
    pieces = _parse_format(fmt)
    r_arg = hop.args_r[1]
    if isinstance(r_arg, TupleRepr):
        v_tuple = hop.inputarg(r_arg, arg=1)
        items = []
        for i, r_item in enumerate(r_arg.items_r):
            v_item = r_arg.getitem_internal(hop.llops, v_tuple, i)
            items.append((v_item, r_item, r_arg.items_s[i] if hasattr(r_arg, "items_s")
                          else None))  # fmt: skip
    else:
        items = [(hop.inputarg(r_arg, arg=1), r_arg, hop.args_s[1])]
    ndirectives = len([p for p in pieces if not isinstance(p, str)])
    if ndirectives != len(items):
        raise TyperError(
            "format %r has %d directives for %d arguments"
            % (fmt, ndirectives, len(items))
        )
    hop.exception_cannot_occur()
    strings_v = []
    it = iter(items)
    for piece in pieces:
        if isinstance(piece, str):
            strings_v.append(inputconst(string_repr, piece))
            continue
        v, r, s = next(it)
        strings_v.append(_format_one(hop, piece, v, r))
    return _concat_all(hop.llops, strings_v)


def _format_one(hop, directive, v, r):
    flags, width, prec, kind = directive
    llops = hop.llops
    from rpython.rtyper.rfloat import FloatRepr

    if kind in "sr":
        if kind == "s" and r is string_repr:
            v_s = v
        else:
            v_s = _str_of(hop, v, r, repr_=(kind == "r"))
    elif kind in "di":
        if isinstance(r, FloatRepr):
            v = llops.gendirectcall(_ll_float_trunc_int, v)
        else:
            v = llops.convertvar(v, r, signed_repr)
        v_s = llops.gendirectcall(ll_int2dec, v)
        if "+" in flags:
            v_s = llops.gendirectcall(ll_sign_prefix, v_s)
    elif kind in "xXo":
        v = llops.convertvar(v, r, signed_repr)
        func = {"x": ll_int2hex, "X": ll_int2hex_upper, "o": ll_int2oct}[kind]
        v_s = llops.gendirectcall(func, v, inputconst(Bool, "#" in flags))
    else:
        from rpython.rtyper.rfloat import float_repr

        v = llops.convertvar(v, r, float_repr)
        p = 6 if prec is None else prec
        v_s = llops.gendirectcall(
            ll_format_float, v, inputconst(char_repr, kind), inputconst(Signed, p)
        )
        if "+" in flags:
            v_s = llops.gendirectcall(ll_sign_prefix, v_s)
    if width:
        if "-" in flags:
            v_s = llops.gendirectcall(ll_ljust, v_s, inputconst(Signed, width))
        elif "0" in flags and kind not in "sr":
            v_s = llops.gendirectcall(ll_zfill, v_s, inputconst(Signed, width))
        else:
            v_s = llops.gendirectcall(ll_rjust, v_s, inputconst(Signed, width))
    return v_s


def _ll_float_trunc_int(f):
    from rpython.rtyper import rfloat

    return rfloat.ll_float_to_int(f)


def ll_sign_prefix(s):
    if len(s.chars) > 0 and s.chars[0] == "-":
        return s
    return ll_strconcat(ll_char_str(STR, "+"), s)


def ll_rjust(s, width):
    n = len(s.chars)
    if n >= width:
        return s
    result = malloc(STR, width)
    pad = width - n
    i = 0
    while i < pad:
        result.chars[i] = " "
        i += 1
    j = 0
    while j < n:
        result.chars[pad + j] = s.chars[j]
        j += 1
    return result


def ll_ljust(s, width):
    n = len(s.chars)
    if n >= width:
        return s
    result = malloc(STR, width)
    i = 0
    while i < n:
        result.chars[i] = s.chars[i]
        i += 1
    while i < width:
        result.chars[i] = " "
        i += 1
    return result


def ll_zfill(s, width):
    n = len(s.chars)
    if n >= width:
        return s
    result = malloc(STR, width)
    pad = width - n
    start = 0
    if n > 0 and (s.chars[0] == "-" or s.chars[0] == "+"):
        result.chars[0] = s.chars[0]
        start = 1
    i = start
    while i < pad + start:
        result.chars[i] = "0"
        i += 1
    j = start
    while j < n:
        result.chars[pad + j] = s.chars[j]
        j += 1
    return result


def ll_format_float(f, kind, prec):
    return llstr(rfloat.formatd(f, kind, prec))


def _str_of(hop, v, r, repr_=False):
    """A STR for str(v) (or repr(v)) for any repr r."""
    llops = hop.llops
    if r is string_repr:
        if repr_:
            return llops.gendirectcall(ll_str_repr, v)
        return v
    if r is char_repr:
        v_s = llops.gendirectcall(ll_char_str, inputconst(Void, STR), v)
        if repr_:
            return llops.gendirectcall(ll_str_repr, v_s)
        return v_s
    from rpython.rtyper.rbool import BoolRepr
    from rpython.rtyper.rfloat import FloatRepr

    if r is bytechar_repr:
        v = llops.gendirectcall(ll_char_str, inputconst(Void, BYTES), v)
        r = bytes_repr
    if r is bytes_repr:
        return llops.gendirectcall(ll_bytes_repr, v)
    if isinstance(r, BoolRepr):
        return llops.gendirectcall(ll_bool2str, v)
    if isinstance(r, IntegerRepr):
        if r.lowleveltype is lltype.Unsigned:
            return llops.gendirectcall(ll_uint2dec, v)
        v = llops.convertvar(v, r, signed_repr)
        return llops.gendirectcall(ll_int2dec, v)
    if isinstance(r, FloatRepr):
        return llops.gendirectcall(ll_float2str, v)
    if r.lowleveltype is Void:
        s = hop.rtyper.binding(v) if not hasattr(v, "value") else None
        if s is None or (s.is_constant() and s.const is None):
            return inputconst(string_repr, "None")
        return inputconst(string_repr, str(s.const))
    from rpython.rtyper.rclass import InstanceRepr

    ll_str = getattr(r, "ll_str", None)
    if ll_str is None or isinstance(r, InstanceRepr):
        rtype = getattr(r, "rtype_repr" if repr_ else "rtype_str", None)
        if rtype is not None:
            # the repr's own str() typer (lists, dicts, tuples...), on a
            # one-argument copy of this operation
            hop2 = hop.copy()
            hop2.args_v = [v]
            hop2.args_r = [r]
            hop2.args_s = [annmodel.SomeObject()]
            hop2.r_result = string_repr
            hop2.s_result = annmodel.SomeString()
            hop2.spaceop = SpaceOperation("repr" if repr_ else "str", [v], Variable())
            return rtype(hop2)
        raise TyperError("str() of %r is not supported" % (r,))
    return llops.gendirectcall(ll_str, v)


def _concat_all(llops, strings_v):
    if not strings_v:
        return inputconst(string_repr, "")
    v = strings_v[0]
    for v2 in strings_v[1:]:
        v = llops.gendirectcall(ll_strconcat, v, v2)
    return v


class __extend__(pairtype(StringRepr, Repr)):
    def rtype_mod(pair_reprs, hop):
        return rtype_string_format(hop, pair_reprs[0])


class __extend__(pairtype(StringRepr, IntegerRepr)):
    def rtype_mod(pair_reprs, hop):
        return rtype_string_format(hop, pair_reprs[0])


def rtype_buildstr(hop):
    strings_v = []
    for i in range(hop.nb_args):
        v = hop.inputarg(hop.args_r[i], arg=i)
        strings_v.append(_str_of(hop, v, hop.args_r[i]))
    return _concat_all(hop.llops, strings_v)


def rtype_print(hop):
    """print(a, b): debugging output, one line on stdout."""
    strings_v = []
    for i in range(hop.nb_args):
        if i > 0:
            strings_v.append(inputconst(string_repr, " "))
        v = hop.inputarg(hop.args_r[i], arg=i)
        strings_v.append(_str_of(hop, v, hop.args_r[i]))
    strings_v.append(inputconst(string_repr, "\n"))
    v_line = _concat_all(hop.llops, strings_v)
    hop.exception_cannot_occur()
    hop.gendirectcall(ll_write_stdout, v_line)
    return None


def ll_write_stdout(s):
    rffi.ll_write_text(1, s)


class __extend__(AbstractStringRepr):
    def rtype_format(self, hop):
        raise TyperError("format() of a str is not supported")


del Float


def _delegate_to_string(name):
    def rtype_method(self, hop):
        # a one-character str used as a str: converted by inputarg()
        return getattr(string_repr, name)(hop)

    return rtype_method


for _name in dir(StringRepr):
    if _name.startswith("rtype_method_") and not hasattr(CharRepr, _name):
        setattr(CharRepr, _name, _delegate_to_string(_name))
for _name in ("rtype_getslice",):
    setattr(CharRepr, _name, _delegate_to_string(_name))


# ____________________________________________________________
# more str methods


def ll_pad(s, width, fillchar, where):
    """where: 0 = ljust, 1 = rjust, 2 = center (CPython's split of the pad)."""
    n = len(s.chars)
    if n >= width:
        return s
    pad = width - n
    if where == 0:
        left = 0
    elif where == 1:
        left = pad
    else:
        left = pad // 2 + (pad & width & 1)
    result = malloc(lltype.typeOf(s).TO, width)
    i = 0
    while i < left:
        result.chars[i] = fillchar
        i += 1
    j = 0
    while j < n:
        result.chars[left + j] = s.chars[j]
        j += 1
    k = left + n
    while k < width:
        result.chars[k] = fillchar
        k += 1
    return result


def ll_capitalize(s):
    n = len(s.chars)
    result = malloc(STR, n)
    i = 0
    while i < n:
        o = ord(s.chars[i])
        if i == 0 and 97 <= o <= 122:
            o -= 32
        elif i > 0 and 65 <= o <= 90:
            o += 32
        result.chars[i] = chr(o)
        i += 1
    return result


def ll_swapcase(s):
    n = len(s.chars)
    result = malloc(STR, n)
    i = 0
    while i < n:
        o = ord(s.chars[i])
        if 97 <= o <= 122:
            o -= 32
        elif 65 <= o <= 90:
            o += 32
        result.chars[i] = chr(o)
        i += 1
    return result


def ll_title(s):
    n = len(s.chars)
    result = malloc(STR, n)
    prev_cased = False
    i = 0
    while i < n:
        o = ord(s.chars[i])
        lower = 97 <= o <= 122
        upper = 65 <= o <= 90
        if lower and not prev_cased:
            o -= 32
        elif upper and prev_cased:
            o += 32
        prev_cased = lower or upper
        result.chars[i] = chr(o)
        i += 1
    return result


def ll_partition(s, sep):
    n = len(s.chars)
    m = len(sep.chars)
    if m == 0:
        raise ValueError
    i = ll_find(s, sep, 0, n)
    if i < 0:
        return (s, ll_strslice(s, n, n), ll_strslice(s, n, n))
    return (ll_strslice(s, 0, i), sep, ll_strslice(s, i + m, n))


def ll_rpartition(s, sep):
    n = len(s.chars)
    m = len(sep.chars)
    if m == 0:
        raise ValueError
    i = ll_rfind(s, sep, 0, n)
    if i < 0:
        return (ll_strslice(s, 0, 0), ll_strslice(s, 0, 0), s)
    return (ll_strslice(s, 0, i), sep, ll_strslice(s, i + m, n))


def _pad_method(where):
    def rtype_method(self, hop):
        v_s = hop.inputarg(self, arg=0)
        v_width = hop.inputarg(Signed, arg=1)
        if hop.nb_args > 2:
            v_fill = hop.inputarg(char_repr, arg=2)
        else:
            v_fill = inputconst(char_repr, " ")
        hop.exception_cannot_occur()
        return hop.gendirectcall(
            ll_pad, v_s, v_width, v_fill, inputconst(Signed, where)
        )

    return rtype_method


def _simple_method(func):
    def rtype_method(self, hop):
        (v_s,) = hop.inputargs(self)
        hop.exception_cannot_occur()
        return hop.gendirectcall(func, v_s)

    return rtype_method


def _partition_method(func):
    def rtype_method(self, hop):
        v_s, v_sep = hop.inputargs(self, self)
        hop.has_implicit_exception(ValueError)
        hop.exception_is_here()
        v = hop.gendirectcall(func, v_s, v_sep)
        return v

    return rtype_method


def rtype_method_zfill(self, hop):
    v_s, v_width = hop.inputargs(self, Signed)
    hop.exception_cannot_occur()
    return hop.gendirectcall(ll_zfill, v_s, v_width)


StringRepr.rtype_method_ljust = _pad_method(0)
StringRepr.rtype_method_rjust = _pad_method(1)
StringRepr.rtype_method_center = _pad_method(2)
StringRepr.rtype_method_zfill = rtype_method_zfill
StringRepr.rtype_method_capitalize = _simple_method(ll_capitalize)
StringRepr.rtype_method_swapcase = _simple_method(ll_swapcase)
StringRepr.rtype_method_title = _simple_method(ll_title)
StringRepr.rtype_method_partition = _partition_method(ll_partition)
StringRepr.rtype_method_rpartition = _partition_method(ll_rpartition)
for _name in ("rtype_method_ljust", "rtype_method_rjust", "rtype_method_center",
              "rtype_method_zfill", "rtype_method_capitalize", "rtype_method_swapcase",
              "rtype_method_title", "rtype_method_partition",
              "rtype_method_rpartition"):  # fmt: skip
    setattr(CharRepr, _name, _delegate_to_string(_name))


def _format_to_percent(fmt, nargs):
    """'{} and {0:>5.2f}' -> ('%s and %5.2f', [0, 0]): a %-format and the
    argument index of each directive."""
    import re

    out = []
    order = []
    auto = 0
    manual = False
    i = 0
    n = len(fmt)
    while i < n:
        c = fmt[i]
        if c == "{" and i + 1 < n and fmt[i + 1] == "{":
            out.append("{")
            i += 2
            continue
        if c == "}" and i + 1 < n and fmt[i + 1] == "}":
            out.append("}")
            i += 2
            continue
        if c == "%":
            out.append("%%")
            i += 1
            continue
        if c != "{":
            out.append(c)
            i += 1
            continue
        j = fmt.find("}", i)
        if j < 0:
            raise TyperError("unbalanced braces in format string %r" % (fmt,))
        field = fmt[i + 1 : j]
        name, _, spec = field.partition(":")
        conv = "s"
        if "!" in name:
            name, _, conv = name.partition("!")
        if name == "":
            if manual:
                raise TyperError(
                    "cannot switch from manual to automatic field numbering"
                )
            index = auto
            auto += 1
        elif name.isdigit():
            if auto:
                raise TyperError(
                    "cannot switch from automatic to manual field numbering"
                )
            index = int(name)
            manual = True
        else:
            raise TyperError("str.format() with named fields is not supported")
        m = re.match(r"^([<>]?)(\d*)(\.\d+)?([dxXofFeEgGs]?)$", spec)
        if m is None:
            raise TyperError("unsupported format spec %r" % (spec,))
        align, width, prec, kind = m.groups()
        if not kind:
            kind = conv if not prec else "g"
        out.append("%" + ("-" if align == "<" else "") + width + (prec or "") + kind)
        order.append(index)
        i = j + 1
    for index in order:
        if index >= nargs:
            raise TyperError("format string %r needs more arguments" % (fmt,))
    return "".join(out), order


def rtype_method_format(self, hop):
    s_fmt = hop.args_s[0]
    if not s_fmt.is_constant():
        raise TyperError("str.format() needs a constant format string")
    nargs = hop.nb_args - 1
    pfmt, order = _format_to_percent(s_fmt.const, nargs)
    pieces = _parse_format(pfmt)
    values = []
    for i in range(1, hop.nb_args):
        values.append((hop.inputarg(hop.args_r[i], arg=i), hop.args_r[i]))
    hop.exception_cannot_occur()
    strings_v = []
    it = iter(order)
    for piece in pieces:
        if isinstance(piece, str):
            strings_v.append(inputconst(string_repr, piece))
            continue
        v, r = values[next(it)]
        strings_v.append(_format_one(hop, piece, v, r))
    return _concat_all(hop.llops, strings_v)


StringRepr.rtype_method_format = rtype_method_format


# ____________________________________________________________
# str (not bytes) predicates and case mappings with the full Unicode data
# of rlib.unicodedb, so that they give Python's results for every code point


def _ll_ud_pred(s, pred):
    n = len(s.chars)
    if n == 0:
        return False
    i = 0
    while i < n:
        if not pred(ord(s.chars[i])):
            return False
        i += 1
    return True


def ll_u_isdigit(s):
    return _ll_ud_pred(s, unicodedb.isdigit)


def ll_u_isalpha(s):
    return _ll_ud_pred(s, unicodedb.isalpha)


def ll_u_isalnum(s):
    return _ll_ud_pred(s, unicodedb.isalnum)


def ll_u_isspace(s):
    return _ll_ud_pred(s, unicodedb.isspace)


def ll_u_isdecimal(s):
    return _ll_ud_pred(s, unicodedb.isdecimal)


def _ll_ud_cased(s, want_upper):
    # isupper(): at least one cased character and no lowercase one
    n = len(s.chars)
    cased = False
    i = 0
    while i < n:
        code = ord(s.chars[i])
        if want_upper:
            if unicodedb.islower(code) or unicodedb.istitle(code):
                return False
            if unicodedb.isupper(code):
                cased = True
        else:
            if unicodedb.isupper(code) or unicodedb.istitle(code):
                return False
            if unicodedb.islower(code):
                cased = True
        i += 1
    return cased


def ll_u_isupper(s):
    return _ll_ud_cased(s, True)


def ll_u_islower(s):
    return _ll_ud_cased(s, False)


def _ll_ud_map(s, mapping):
    n = len(s.chars)
    size = 0
    i = 0
    while i < n:
        size += len(mapping(ord(s.chars[i])))
        i += 1
    result = malloc(STR, size)
    pos = 0
    i = 0
    while i < n:
        codes = mapping(ord(s.chars[i]))
        j = 0
        while j < len(codes):
            result.chars[pos] = chr(codes[j])
            pos += 1
            j += 1
        i += 1
    return result


def ll_u_upper(s):
    return _ll_ud_map(s, unicodedb.upper)


def ll_u_lower(s):
    return _ll_ud_map(s, unicodedb.lower)


def ll_u_isprintable(s):
    # unlike the other predicates, "".isprintable() is True
    n = len(s.chars)
    i = 0
    while i < n:
        if not unicodedb.isprintable(ord(s.chars[i])):
            return False
        i += 1
    return True


for _name, _func in [
    ("isprintable", ll_u_isprintable),
    ("isdigit", ll_u_isdigit),
    ("isalpha", ll_u_isalpha),
    ("isalnum", ll_u_isalnum),
    ("isspace", ll_u_isspace),
    ("isdecimal", ll_u_isdecimal),
    ("isupper", ll_u_isupper),
    ("islower", ll_u_islower),
    ("upper", ll_u_upper),
    ("lower", ll_u_lower),
]:
    setattr(StringRepr, "rtype_method_" + _name, _simple_method(_func))
    setattr(
        CharRepr, "rtype_method_" + _name, _delegate_to_string("rtype_method_" + _name)
    )


# ____________________________________________________________
# codecs: utf-8, latin-1 and ascii (str.encode / bytes.decode)


def _normalize_encoding(name):
    name = name.lower().replace("_", "-")
    return {"utf8": "utf-8", "latin1": "latin-1", "iso-8859-1": "latin-1",
            "iso8859-1": "latin-1", "l1": "latin-1", "us-ascii": "ascii",
            }.get(name, name)  # fmt: skip


def ll_encode_limited(s, limit):
    n = len(s.chars)
    result = malloc(BYTES, n)
    i = 0
    while i < n:
        o = ord(s.chars[i])
        if o >= limit:
            raise UnicodeEncodeError
        result.chars[i] = lltype.cast_primitive(Char, o)
        i += 1
    return result


def ll_encode_latin1(s):
    return ll_encode_limited(s, 256)


def ll_encode_ascii(s):
    return ll_encode_limited(s, 128)


def ll_decode_limited(b, limit):
    n = len(b.chars)
    result = malloc(STR, n)
    i = 0
    while i < n:
        o = ord(b.chars[i])
        if o >= limit:
            raise UnicodeDecodeError
        result.chars[i] = chr(o)
        i += 1
    return result


def ll_decode_latin1(b):
    return ll_decode_limited(b, 256)


def ll_decode_ascii(b):
    return ll_decode_limited(b, 128)


_ENCODERS = {"utf-8": ll_encode_utf8, "latin-1": ll_encode_latin1,
             "ascii": ll_encode_ascii}  # fmt: skip
_DECODERS = {"utf-8": ll_decode_utf8, "latin-1": ll_decode_latin1,
             "ascii": ll_decode_ascii}  # fmt: skip
_CODEC_NAMES = ["utf-8", "utf8", "latin-1", "latin1", "iso-8859-1", "iso8859-1",
                "l1", "ascii", "us-ascii"]  # fmt: skip
# the names as prebuilt low-level strings, for lookups at run time
LL_CODEC_NAMES = [string_repr.convert_const(_n) for _n in _CODEC_NAMES]
LL_CODEC_KINDS = [
    {"utf-8": 0, "latin-1": 1, "ascii": 2}[_normalize_encoding(_n)]
    for _n in _CODEC_NAMES
]
LL_UNDERSCORE = string_repr.convert_const("_")
LL_DASH = string_repr.convert_const("-")


def ll_codec_kind(name):
    """0 utf-8, 1 latin-1, 2 ascii; LookupError for other names."""
    name = ll_replace(ll_lower(name), LL_UNDERSCORE, LL_DASH)
    i = 0
    while i < len(LL_CODEC_NAMES):
        if ll_streq(name, LL_CODEC_NAMES[i]):
            return LL_CODEC_KINDS[i]
        i += 1
    raise LookupError


def ll_encode_by_name(s, name):
    kind = ll_codec_kind(name)
    if kind == 0:
        return ll_encode_utf8(s)
    return ll_encode_limited(s, 256 if kind == 1 else 128)


def ll_decode_by_name(b, name):
    kind = ll_codec_kind(name)
    if kind == 0:
        return ll_decode_utf8(b)
    return ll_decode_limited(b, 256 if kind == 1 else 128)


# ____________________________________________________________
# one-byte bytes (SomeByteChar, e.g. the constant b"x") mixed with bytes


class __extend__(pairtype(ByteCharRepr, BytesRepr)):
    def convert_from_to(pair_reprs, v, llops):
        return llops.gendirectcall(ll_char_str, inputconst(Void, BYTES), v)


def _bytes_binop(opname):
    def rtype(pair_reprs, hop):
        hop2 = hop.copy()
        hop2.args_r = [bytes_repr, bytes_repr]
        meth = getattr(pairtype(BytesRepr, BytesRepr), "rtype_" + opname)
        return meth((bytes_repr, bytes_repr), hop2)

    return rtype


for _pair in (
    pairtype(ByteCharRepr, BytesRepr),
    pairtype(BytesRepr, ByteCharRepr),
    pairtype(ByteCharRepr, ByteCharRepr),
):
    for _opname in ("add", "inplace_add", "eq", "ne", "lt", "le", "gt", "ge"):
        if _opname not in _pair.__dict__ or _pair is not pairtype(
            ByteCharRepr, ByteCharRepr
        ):
            setattr(_pair, "rtype_" + _opname, _bytes_binop(_opname))
setattr(pairtype(BytesRepr, ByteCharRepr), "rtype_contains", _bytes_binop("contains"))


class __extend__(pairtype(ByteCharRepr, IntegerRepr)):
    def rtype_mul(pair_reprs, hop):
        v_c, v_n = hop.inputargs(bytechar_repr, Signed)
        hop.exception_cannot_occur()
        return hop.gendirectcall(ll_char_mul, inputconst(Void, BYTES), v_c, v_n)

    rtype_inplace_mul = rtype_mul


class __extend__(pairtype(IntegerRepr, ByteCharRepr)):
    def rtype_mul(pair_reprs, hop):
        v_n, v_c = hop.inputargs(Signed, bytechar_repr)
        hop.exception_cannot_occur()
        return hop.gendirectcall(ll_char_mul, inputconst(Void, BYTES), v_c, v_n)
