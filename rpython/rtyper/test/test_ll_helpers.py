"""The low-level helpers of rstr/rlist/rdict run untranslated on lltype
values; compare them with Python's own str/list/dict behaviour."""

from hypothesis import given
from hypothesis import strategies as st

from rpython.rtyper import rdict, rlist, rstr
from rpython.rtyper.lltypesystem import lltype
from rpython.rtyper.lltypesystem.lloperation import llop
from rpython.rtyper.rint import ll_hash_int
from rpython.rtyper.rtuple import ll_prim_cmp, ll_prim_eq
from rpython.rlib import objectmodel

text = st.text(alphabet="ab \t\u00e9\u20acxyz", max_size=12)
ints = st.integers(min_value=-(2**63), max_value=2**63 - 1)


def ll(s):
    p = lltype.malloc(rstr.STR, len(s))
    for i, c in enumerate(s):
        p.chars[i] = c
    return p


def host(p):
    return "".join(p.chars[i] for i in range(len(p.chars)))


@given(text, text)
def test_concat_eq_cmp(a, b):
    assert host(rstr.ll_strconcat(ll(a), ll(b))) == a + b
    assert rstr.ll_streq(ll(a), ll(b)) == (a == b)
    c = rstr.ll_strcmp(ll(a), ll(b))
    assert (c < 0) == (a < b) and (c == 0) == (a == b)


@given(text, st.integers(-15, 15), st.integers(-15, 15))
def test_slice(a, start, stop):
    assert host(rstr.ll_strslice(ll(a), start, stop)) == a[start:stop]


@given(text, text)
def test_find_count_replace(a, sub):
    n = len(a)
    assert rstr.ll_find(ll(a), ll(sub), 0, n) == a.find(sub)
    assert rstr.ll_rfind(ll(a), ll(sub), 0, n) == a.rfind(sub)
    assert rstr.ll_count(ll(a), ll(sub)) == a.count(sub)
    assert rstr.ll_startswith(ll(a), ll(sub)) == a.startswith(sub)
    assert rstr.ll_endswith(ll(a), ll(sub)) == a.endswith(sub)
    if sub:
        assert host(rstr.ll_replace(ll(a), ll(sub), ll("Q"))) == a.replace(sub, "Q")


@given(text)
def test_strip_split_case(a):
    assert host(rstr.ll_strip(ll(a), True, True)) == a.strip()
    assert host(rstr.ll_strip(ll(a), True, False)) == a.lstrip()
    assert host(rstr.ll_upper(ll(a))) == a.upper() or not a.isascii()
    assert rstr.ll_isspace(ll(a)) == a.isspace()
    assert rstr.ll_isdigit(ll(a)) == a.isdigit()
    assert host(rstr.ll_str_repr(ll(a))) == repr(a)


@given(ints)
def test_int2dec_and_back(n):
    assert host(rstr.ll_int2dec(n)) == str(n)
    assert host(rstr.ll_int2hex(n, True)) == hex(n)
    assert host(rstr.ll_int2oct(n, True)) == oct(n)
    assert rstr.ll_int_from_str(ll(str(n)), 10) == n


@given(st.text(max_size=10))
def test_utf8_roundtrip_and_hash(a):
    b = rstr.ll_encode_utf8(ll(a))
    data = bytes(ord(b.chars[i]) for i in range(len(b.chars)))
    assert data == a.encode("utf-8", "surrogatepass")
    if not any(0xD800 <= ord(c) < 0xE000 for c in a):
        assert host(rstr.ll_decode_utf8(b)) == a
    h = objectmodel._hash_string(a)
    assert rstr.ll_strhash(ll(a)) == (h if h != 0 else 1)


@given(ints)
def test_int_hash_like_cpython(n):
    assert ll_hash_int(n) == objectmodel._hash_int(n) or n == -(2**63)


@given(ints, ints)
def test_int_ops_follow_python_and_c(a, b):
    S = lltype.Signed
    if b != 0 and not (a == -(2**63) and b == -1):
        assert llop.int_py_div_zer(S, a, b) == a // b
        assert llop.int_py_mod_zer(S, a, b) == a % b
        q = llop.int_floordiv(S, a, b)
        assert q == int(a / b) or abs(a) > 2**52
    wrapped = (a + b + 2**63) % 2**64 - 2**63
    assert llop.int_add(S, a, b) == wrapped


LIST = lltype.GcForwardReference()
LIST.become(
    lltype.GcStruct(
        "list",
        ("length", lltype.Signed),
        ("items", lltype.Ptr(lltype.GcArray(lltype.Signed))),
    )
)


def make_list(values):
    lst = rlist._make_newlist(LIST)(0)
    for v in values:
        rlist.ll_append(lst, v)
    return lst


def list_host(lst):
    return [lst.items[i] for i in range(lst.length)]


@given(st.lists(st.integers(-50, 50), max_size=30), st.integers(-40, 40))
def test_list_helpers(values, x):
    lst = make_list(values)
    assert list_host(lst) == values
    rlist.ll_insert(lst, x, x)
    expected = list(values)
    expected.insert(x, x)
    assert list_host(lst) == expected
    rlist.ll_sort(lst, ll_prim_cmp,
                  rlist.ll_length, rlist.ll_items)  # fmt: skip
    assert list_host(lst) == sorted(expected)
    if expected:
        assert rlist.ll_pop(lst, -1) == sorted(expected)[-1]


DICTREPR_KEY = lltype.Signed


def make_dict_type():
    ENTRY = lltype.Struct(
        "dictentry", ("key", lltype.Signed), ("value", lltype.Signed),
        ("hash", lltype.Signed), ("live", lltype.Bool),
    )  # fmt: skip
    return lltype.GcStruct(
        "dict", ("num_live", lltype.Signed), ("num_used", lltype.Signed),
        ("entries", lltype.Ptr(lltype.GcArray(ENTRY))),
        ("indexes", lltype.Ptr(rdict.INDEXES)),
    )  # fmt: skip


DICT = make_dict_type()


@given(st.lists(st.tuples(st.booleans(), st.integers(-20, 20)), max_size=60))
def test_dict_helpers_against_dict(ops):
    d = rdict.ll_newdict(DICT)
    model = {}
    for is_set, k in ops:
        if is_set:
            rdict.ll_dict_setitem(d, k, k * 3, ll_prim_eq, ll_hash_int)
            model[k] = k * 3
        elif k in model:
            rdict.ll_dict_delitem(d, k, ll_prim_eq, ll_hash_int)
            del model[k]
        assert rdict.ll_dict_len(d) == len(model)
    for k in range(-20, 21):
        assert rdict.ll_dict_contains(d, k, ll_prim_eq, ll_hash_int) == (k in model)
    order = [d.entries[i].key for i in range(d.num_used) if d.entries[i].live]
    assert order == list(model)
