"""Time functions for RPython programs.

Each OS call goes through one ``_ll_*`` function (CPython's ``time``
untranslated, the C library when translated).  ``sleep`` releases the GIL.
Broken-down times are ``TimeTuple`` instances.
"""

import time as _time

from rpython.rlib import rgil


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
    rgil.before_external_call()
    try:
        _ll_sleep(seconds)
    finally:
        rgil.after_external_call()


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
    return _time.time()


def _ll_monotonic():
    return _time.monotonic()


def _ll_perf_counter():
    return _time.perf_counter()


def _ll_process_time():
    return _time.process_time()


def _ll_sleep(seconds):
    _time.sleep(seconds)


def _ll_localtime(t):
    try:
        return _tt(_time.localtime(t))
    except (OSError, ValueError):
        raise OverflowError("timestamp out of range for platform time_t")


def _ll_gmtime(t):
    try:
        return _tt(_time.gmtime(t))
    except (OSError, ValueError):
        raise OverflowError("timestamp out of range for platform time_t")


def _ll_mktime(tt):
    try:
        return _time.mktime(tt.as_tuple())
    except OverflowError:
        raise OverflowError("mktime argument out of range")


def _ll_strftime(fmt, tt):
    return _time.strftime(fmt, tt.as_tuple())
