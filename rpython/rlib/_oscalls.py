"""The C functions behind rposix and rtime when translated.

Declared with ``rffi.llexternal``; the helpers needing C structures live in
``src/rlib_os.c``.  Only the translated branches of ``rposix``/``rtime``
(``if we_are_translated():``) call these, so untranslated code never touches
them; ``test_oscalls_c.py`` checks the C file itself through ctypes.
"""

import os

from rpython.rlib import rutf8
from rpython.rtyper.lltypesystem import lltype, rffi
from rpython.translator.tool.cbuild import ExternalCompilationInfo

SRC_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "src")

eci = ExternalCompilationInfo(
    includes=["rlib_os.h", "unistd.h", "fcntl.h", "string.h", "signal.h", "stdlib.h"],
    include_dirs=[SRC_DIR],
    separate_module_files=[os.path.join(SRC_DIR, "rlib_os.c")],
)

LONGS = rffi.CArray(lltype.Signed)
LONGSP = lltype.Ptr(LONGS)
STAT_FIELDS = 13
TM_FIELDS = 10


def _ext(name, args, result):
    return rffi.llexternal(name, args, result, compilation_info=eci)


c_errno = _ext("rlib_errno", [], lltype.Signed)
c_read = _ext("read", [rffi.INT, rffi.CCHARP, rffi.SIZE_T], rffi.SSIZE_T)
c_write = _ext("write", [rffi.INT, rffi.CCHARP, rffi.SIZE_T], rffi.SSIZE_T)
c_open = _ext("open", [rffi.CCHARP, rffi.INT, rffi.INT], rffi.INT)
c_close = _ext("close", [rffi.INT], rffi.INT)
c_lseek = _ext("lseek", [rffi.INT, lltype.Signed, rffi.INT], lltype.Signed)
c_dup = _ext("dup", [rffi.INT], rffi.INT)
c_dup2 = _ext("dup2", [rffi.INT, rffi.INT], rffi.INT)
c_isatty = _ext("isatty", [rffi.INT], rffi.INT)
c_getpid = _ext("getpid", [], rffi.INT)
c_kill = _ext("kill", [rffi.INT, rffi.INT], rffi.INT)
c_exit = _ext("_exit", [rffi.INT], lltype.Void)
c_unlink = _ext("unlink", [rffi.CCHARP], rffi.INT)
c_rmdir = _ext("rmdir", [rffi.CCHARP], rffi.INT)
c_mkdir = _ext("mkdir", [rffi.CCHARP, rffi.INT], rffi.INT)
c_chdir = _ext("chdir", [rffi.CCHARP], rffi.INT)
c_rename = _ext("rename", [rffi.CCHARP, rffi.CCHARP], rffi.INT)
c_access = _ext("access", [rffi.CCHARP, rffi.INT], rffi.INT)
c_fork = _ext("fork", [], rffi.INT)
c_strerror = _ext("strerror", [rffi.INT], rffi.CCHARP)
c_stat = _ext("rlib_stat", [rffi.CCHARP, lltype.Signed, LONGSP], lltype.Signed)
c_fstat = _ext("rlib_fstat", [lltype.Signed, LONGSP], lltype.Signed)
c_waitpid = _ext("rlib_waitpid", [lltype.Signed, lltype.Signed, LONGSP], lltype.Signed)
c_clock = _ext("rlib_clock", [lltype.Signed], lltype.Float)
c_sleep = _ext("rlib_sleep", [lltype.Float], lltype.Signed)
c_broken_down_time = _ext(
    "rlib_broken_down_time", [lltype.Float, lltype.Signed, LONGSP], lltype.Signed
)
c_mktime = _ext("rlib_mktime", [LONGSP], lltype.Float)
c_getcwd = _ext("getcwd", [rffi.CCHARP, rffi.SIZE_T], rffi.CCHARP)
c_pipe = _ext("pipe", [rffi.INTP], rffi.INT)
c_getenv = _ext("getenv", [rffi.CCHARP], rffi.CCHARP)
c_setenv = _ext("rlib_setenv", [rffi.CCHARP, rffi.CCHARP], lltype.Signed)
c_unsetenv = _ext("rlib_unsetenv", [rffi.CCHARP], lltype.Signed)
c_execv = _ext("rlib_execv", [rffi.CCHARP, rffi.CCHARPP], lltype.Signed)
c_listdir_open = _ext("rlib_listdir_open", [rffi.CCHARP], lltype.Signed)
c_listdir_next = _ext(
    "rlib_listdir_next", [lltype.Signed, rffi.CCHARP, lltype.Signed], lltype.Signed
)
c_listdir_close = _ext("rlib_listdir_close", [lltype.Signed], lltype.Void)
c_sig_setflag = _ext("rlib_sig_setflag", [lltype.Signed], lltype.Signed)
c_sig_setdisposition = _ext(
    "rlib_sig_setdisposition", [lltype.Signed, lltype.Signed], lltype.Signed
)
c_sig_poll = _ext("rlib_sig_poll", [], lltype.Signed)
c_sig_occurred = _ext("rlib_sig_occurred", [], lltype.Signed)
c_strftime = _ext(
    "rlib_strftime", [rffi.CCHARP, lltype.Signed, rffi.CCHARP, LONGSP], lltype.Signed
)


def bytes2charp(data):
    """A raw NUL-terminated copy of ``data``; free with rffi.free_charp."""
    n = len(data)
    buf = lltype.malloc(rffi.CCHARP.TO, n + 1, flavor="raw")
    i = 0
    while i < n:
        buf[i] = chr(data[i])
        i += 1
    buf[n] = "\x00"
    return buf


def path2charp(path):
    """A path (str) as raw UTF-8 with surrogateescape, as CPython on Linux."""
    return bytes2charp(rutf8.encode_utf8(path, "surrogateescape"))


def charpsize2bytes(buf, n):
    out = []
    i = 0
    while i < n:
        out.append(ord(buf[i]))
        i += 1
    return bytes(out)


def charp2text(buf):
    """NUL-terminated UTF-8 (surrogateescape) to str."""
    n = 0
    while buf[n] != "\x00":
        n += 1
    text, consumed = rutf8.decode_utf8(charpsize2bytes(buf, n), "surrogateescape", True)
    return text


def new_longs(n):
    return lltype.malloc(LONGS, n, flavor="raw")


def free_longs(p):
    lltype.free(p, flavor="raw")


def oserror():
    """OSError from the errno of the call that just failed."""
    errno = c_errno()
    return OSError(
        errno, charp2text(c_strerror(lltype.cast_primitive(rffi.INT, errno)))
    )
