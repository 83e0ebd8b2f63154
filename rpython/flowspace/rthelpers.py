"""Small RPython helpers that the flow space calls in place of Python
constructs it rewrites (e.g. print() with keyword arguments)."""

import os

from rpython.rlib import rmath


def print_text(fd, text):
    """Write already-formatted print() output to a file descriptor."""
    data = text.encode("utf-8")
    while data:
        written = os.write(fd, data)
        if written <= 0:
            break
        data = data[written:]


def math_log(x):
    """math.log(x) with CPython's errors."""
    return rmath.log(x)


def math_log_base(x, base):
    """math.log(x, base): rmath.log treats a base of 0.0 as "no base"."""
    if base == 0.0:
        raise ValueError("math domain error")
    return rmath.log(x, base)


def math_trunc(x):
    """math.trunc(float) -> int."""
    if rmath.isnan(x):
        raise ValueError("cannot convert float NaN to integer")
    if rmath.isinf(x):
        raise OverflowError("cannot convert float infinity to integer")
    t = rmath.trunc_float(x)
    if t >= 9.2233720368547758e18 or t < -9.2233720368547758e18:
        raise OverflowError("int too large to convert to a machine word")
    return int(t)


# ____________________________________________________________
# keyword arguments of sorted(), min(), max() and list.sort(): the flow
# space (sorted/min/max) and the annotator (list.sort) call these instead.
# Each call site gets its own copy (the key function and the item type
# differ from one call to the next).


def _keyed(lst, key, reverse):
    """[(key(item), index)] sorted so that the indexes give a stable sort
    of lst, ascending or (reverse) descending."""
    keyed = []
    i = 0
    while i < len(lst):
        if reverse:
            keyed.append((key(lst[i]), -i))
        else:
            keyed.append((key(lst[i]), i))
        i += 1
    keyed.sort()
    return keyed


_keyed._annspecialcase_ = "specialize:call_location"


def list_sort(lst, key, reverse):
    """lst.sort(key=key, reverse=reverse); key may be None."""
    if key is None:
        lst.sort()
        if reverse:
            lst.reverse()
        return
    keyed = _keyed(lst, key, reverse)
    copy = [x for x in lst]
    n = len(keyed)
    if reverse:
        # ascending (key, -index): walking it backwards gives descending
        # keys with equal keys in their original order
        i = 0
        while i < n:
            lst[i] = copy[-keyed[n - 1 - i][1]]
            i += 1
    else:
        i = 0
        while i < n:
            lst[i] = copy[keyed[i][1]]
            i += 1


list_sort._annspecialcase_ = "specialize:call_location"


def sorted_kw(iterable, key, reverse):
    """sorted(iterable, key=key, reverse=reverse)."""
    lst = [x for x in iterable]
    list_sort(lst, key, reverse)
    return lst


sorted_kw._annspecialcase_ = "specialize:call_location"


def identity_key(x):
    """The key of min()/max() with default= but no key=."""
    return x


identity_key._annspecialcase_ = "specialize:argtype(0)"


def _best_index(items, key, want_max):
    best = 0
    best_key = key(items[0])
    i = 1
    while i < len(items):
        k = key(items[i])
        if (best_key < k) if want_max else (k < best_key):
            best = i
            best_key = k
        i += 1
    return best


_best_index._annspecialcase_ = "specialize:call_location"


def min_kw(iterable, key):
    """min(iterable, key=key)."""
    items = [x for x in iterable]
    if not items:
        raise ValueError("min() arg is an empty sequence")
    return items[_best_index(items, key, False)]


def max_kw(iterable, key):
    """max(iterable, key=key)."""
    items = [x for x in iterable]
    if not items:
        raise ValueError("max() arg is an empty sequence")
    return items[_best_index(items, key, True)]


def min_kw_default(iterable, key, default):
    """min(iterable, key=key, default=default)."""
    items = [x for x in iterable]
    if not items:
        return default
    return items[_best_index(items, key, False)]


def max_kw_default(iterable, key, default):
    """max(iterable, key=key, default=default)."""
    items = [x for x in iterable]
    if not items:
        return default
    return items[_best_index(items, key, True)]


for _f in (min_kw, max_kw, min_kw_default, max_kw_default):
    _f._annspecialcase_ = "specialize:call_location"
del _f


# ____________________________________________________________
# any(), all() and sorted() of any iterable


def any_of(iterable):
    for x in iterable:
        if x:
            return True
    return False


def all_of(iterable):
    for x in iterable:
        if not x:
            return False
    return True


def sorted_plain(iterable):
    lst = [x for x in iterable]
    lst.sort()
    return lst


def list_of(iterable):
    """list(x) of a str or an iterator (the annotator's rewrite)."""
    return [x for x in iterable]


# one copy per call site: specialize:argtype would merge, e.g., the
# iterators over d.keys() and d.items() (same Python type)
for _f in (any_of, all_of, sorted_plain, list_of):
    _f._annspecialcase_ = "specialize:call_location"
del _f


# ____________________________________________________________
# slices with a step: x[a:b:c] (the flow space calls slice_step, which the
# annotator replaces by the version for the type of x)


def slice_step(obj, start, stop, step, has_start, has_stop):
    raise TypeError("slicing with a step needs a str, bytes or list")


def _slice_range(length, start, stop, step, has_start, has_stop):
    """(first index, number of items) as Python's slice.indices()."""
    if step == 0:
        raise ValueError("slice step cannot be zero")
    if step > 0:
        lower = 0
        upper = length
    else:
        lower = -1
        upper = length - 1
    if has_start:
        if start < 0:
            start += length
            if start < lower:
                start = lower
        elif start > upper:
            start = upper
    elif step < 0:
        start = upper
    else:
        start = lower
    if has_stop:
        if stop < 0:
            stop += length
            if stop < lower:
                stop = lower
        elif stop > upper:
            stop = upper
    elif step < 0:
        stop = lower
    else:
        stop = upper
    count = 0
    if step > 0 and stop > start:
        count = (stop - start + step - 1) // step
    elif step < 0 and start > stop:
        count = (start - stop - step - 1) // (-step)
    return start, count


def str_slice_step(s, start, stop, step, has_start, has_stop):
    first, count = _slice_range(len(s), start, stop, step, has_start, has_stop)
    return "".join([s[first + i * step] for i in range(count)])


def bytes_slice_step(s, start, stop, step, has_start, has_stop):
    first, count = _slice_range(len(s), start, stop, step, has_start, has_stop)
    pieces = []
    for i in range(count):
        k = first + i * step
        pieces.append(s[k : k + 1])
    return b"".join(pieces)


def list_slice_step(lst, start, stop, step, has_start, has_stop):
    first, count = _slice_range(len(lst), start, stop, step, has_start, has_stop)
    return [lst[first + i * step] for i in range(count)]


for _f in (str_slice_step, bytes_slice_step, list_slice_step):
    _f._annspecialcase_ = "specialize:call_location"
del _f
