"""Time functions for RPython programs.

Each OS call goes through one ``_ll_*`` function: CPython's ``time``
untranslated, and in its ``we_are_translated()`` branch the C helpers of
``src/rlib_os.c``.  ``sleep`` releases the GIL.
Broken-down times are ``TimeTuple`` instances.
"""

import time as _time

from rpython.rlib import _oscalls as c
from rpython.rlib import rgil
from rpython.rlib.objectmodel import we_are_translated
from rpython.rtyper.lltypesystem import lltype, rffi


class TimeTuple:
    def __init__(self, year, mon, mday, hour, minute, sec, wday, yday, isdst,
                 zone="", gmtoff=0):  # fmt: skip
        self.tm_year = year
        self.tm_mon = mon
        self.tm_mday = mday
        self.tm_hour = hour
        self.tm_min = minute
        self.tm_sec = sec
        self.tm_wday = wday
        self.tm_yday = yday
        self.tm_isdst = isdst
        self.tm_zone = zone
        self.tm_gmtoff = gmtoff

    def as_tuple(self):
        return (self.tm_year, self.tm_mon, self.tm_mday, self.tm_hour,
                self.tm_min, self.tm_sec, self.tm_wday, self.tm_yday,
                self.tm_isdst)  # fmt: skip


def time():
    return _ll_time()


def monotonic():
    return _ll_monotonic()


def perf_counter():
    return _ll_perf_counter()


def process_time():
    return _ll_process_time()


def sleep(seconds):
    if seconds < 0.0:
        raise ValueError("sleep length must be non-negative")
    # A blocking call: releases the GIL, and under --stm commits first so
    # that a sleeping thread does not keep its transaction (and possibly
    # the inevitable slot) open.
    rgil.before_blocking_call()
    try:
        _ll_sleep(seconds)
    finally:
        rgil.after_blocking_call()


def _check_time(t):
    if t != t or t > 1e18 or t < -1e18:
        raise OverflowError("timestamp out of range for platform time_t")


def localtime(t):
    _check_time(t)
    return _ll_localtime(t)


def gmtime(t):
    _check_time(t)
    return _ll_gmtime(t)


def mktime(tt):
    return _ll_mktime(tt)


def strftime(fmt, tt):
    if tt.tm_mon < 1 or tt.tm_mon > 12:
        raise ValueError("month out of range")
    if tt.tm_mday < 0 or tt.tm_mday > 31:
        raise ValueError("day of month out of range")
    return _ll_strftime(fmt, tt)


# ____________________________________________________________
# Low-level calls


def _tt(st):
    return TimeTuple(
        st.tm_year, st.tm_mon, st.tm_mday, st.tm_hour, st.tm_min, st.tm_sec,
        st.tm_wday, st.tm_yday, st.tm_isdst, st.tm_zone or "", st.tm_gmtoff or 0,
    )  # fmt: skip


def _ll_time():
    if we_are_translated():
        return c.c_clock(0)
    return _time.time()


def _ll_monotonic():
    if we_are_translated():
        return c.c_clock(1)
    return _time.monotonic()


def _ll_perf_counter():
    if we_are_translated():
        return c.c_clock(2)
    return _time.perf_counter()


def _ll_process_time():
    if we_are_translated():
        return c.c_clock(3)
    return _time.process_time()


def _ll_sleep(seconds):
    if we_are_translated():
        if c.c_sleep(seconds) < 0:
            raise c.oserror()
        return
    _time.sleep(seconds)


def _ll_localtime(t):
    if we_are_translated():
        return _c_broken_down(t, 1)
    try:
        return _tt(_time.localtime(t))
    except (OSError, ValueError):
        raise OverflowError("timestamp out of range for platform time_t")


def _ll_gmtime(t):
    if we_are_translated():
        return _c_broken_down(t, 0)
    try:
        return _tt(_time.gmtime(t))
    except (OSError, ValueError):
        raise OverflowError("timestamp out of range for platform time_t")


def _ll_mktime(tt):
    if we_are_translated():
        return _c_mktime(tt)
    try:
        return _time.mktime(tt.as_tuple())
    except OverflowError:
        raise OverflowError("mktime argument out of range")


def _ll_strftime(fmt, tt):
    if we_are_translated():
        return _c_strftime(fmt, tt)
    return _time.strftime(fmt, tt.as_tuple())


# ____________________________________________________________
# Translated implementations


def _c_broken_down(t, local):
    fields = c.new_longs(c.TM_FIELDS)
    try:
        if c.c_broken_down_time(t, local, fields) < 0:
            raise OverflowError("timestamp out of range for platform time_t")
        return TimeTuple(
            fields[0], fields[1], fields[2], fields[3], fields[4], fields[5],
            fields[6], fields[7], fields[8], "", fields[9],
        )  # fmt: skip
    finally:
        c.free_longs(fields)


def _c_fill(tt, fields):
    fields[0] = tt.tm_year
    fields[1] = tt.tm_mon
    fields[2] = tt.tm_mday
    fields[3] = tt.tm_hour
    fields[4] = tt.tm_min
    fields[5] = tt.tm_sec
    fields[6] = tt.tm_wday
    fields[7] = tt.tm_yday
    fields[8] = tt.tm_isdst
    fields[9] = tt.tm_gmtoff


def _c_mktime(tt):
    fields = c.new_longs(c.TM_FIELDS)
    try:
        _c_fill(tt, fields)
        result = c.c_mktime(fields)
        if result == -1.0:
            raise OverflowError("mktime argument out of range")
        return result
    finally:
        c.free_longs(fields)


def _c_strftime(fmt, tt):
    fields = c.new_longs(c.TM_FIELDS)
    cfmt = c.bytes2charp(fmt.encode("utf-8"))
    size = 256
    try:
        _c_fill(tt, fields)
        while True:
            buf = lltype.malloc(rffi.CCHARP.TO, size, flavor="raw")
            try:
                n = c.c_strftime(buf, size, cfmt, fields)
                if n > 0 or size > 65536 or len(fmt) == 0:
                    data = c.charpsize2bytes(buf, n)
                    return data.decode("utf-8")
            finally:
                lltype.free(buf, flavor="raw")
            size *= 4
    finally:
        rffi.free_charp(cfmt)
        c.free_longs(fields)
