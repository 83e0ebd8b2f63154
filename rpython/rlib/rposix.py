"""POSIX calls for RPython programs; errors become ``OSError(errno, msg)``.

Every OS call goes through exactly one ``_ll_*`` function in the section
"Low-level calls" below.  Untranslated those call CPython's ``os``; for
translation each of them is to be swapped for an ``rffi.llexternal`` call to
the C function of the same name plus an errno check (the swap is local to
that section; the public functions above it stay as they are).  Blocking
calls release the GIL around the ``_ll_`` call (``rgil``).

Paths are ``str`` (encoded to UTF-8 with surrogateescape, as CPython does on
Linux); data is ``bytes``.
"""

import os as _os

from rpython.rlib import _oscalls as c
from rpython.rlib import rgil, rutf8
from rpython.rlib.objectmodel import not_rpython, we_are_translated
from rpython.rtyper.lltypesystem import lltype, rffi

O_RDONLY = _os.O_RDONLY
O_WRONLY = _os.O_WRONLY
O_RDWR = _os.O_RDWR
O_CREAT = _os.O_CREAT
O_TRUNC = _os.O_TRUNC
O_APPEND = _os.O_APPEND
O_EXCL = _os.O_EXCL
O_CLOEXEC = _os.O_CLOEXEC
SEEK_SET = 0
SEEK_CUR = 1
SEEK_END = 2
F_OK = _os.F_OK
R_OK = _os.R_OK
W_OK = _os.W_OK
X_OK = _os.X_OK
WNOHANG = _os.WNOHANG


class StatResult:
    """The fields of ``struct stat`` (times as float seconds and int ns)."""

    def __init__(
        self, mode, ino, dev, nlink, uid, gid, size, atime_ns, mtime_ns, ctime_ns
    ):
        self.st_mode = mode
        self.st_ino = ino
        self.st_dev = dev
        self.st_nlink = nlink
        self.st_uid = uid
        self.st_gid = gid
        self.st_size = size
        self.st_atime_ns = atime_ns
        self.st_mtime_ns = mtime_ns
        self.st_ctime_ns = ctime_ns
        self.st_atime = atime_ns * 1e-9
        self.st_mtime = mtime_ns * 1e-9
        self.st_ctime = ctime_ns * 1e-9


def _oserror(e):
    """A plain OSError(errno, strerror) from the host's exception."""
    errno = e.errno or 0
    return OSError(errno, strerror(errno))


# ____________________________________________________________
# Public functions


def read(fd, count):
    if count < 0:
        raise OSError(22, strerror(22))
    rgil.before_external_call()
    try:
        return _ll_read(fd, count)
    finally:
        rgil.after_external_call()


def write(fd, data):
    rgil.before_external_call()
    try:
        return _ll_write(fd, data)
    finally:
        rgil.after_external_call()


def open(path, flags, mode=0o777):
    return _ll_open(path, flags, mode)


def close(fd):
    _ll_close(fd)


def lseek(fd, pos, how):
    return _ll_lseek(fd, pos, how)


def stat(path):
    return _ll_stat(path, True)


def lstat(path):
    return _ll_stat(path, False)


def fstat(fd):
    return _ll_fstat(fd)


def listdir(path):
    """The names in ``path`` (without "." and ".."), unsorted."""
    return _ll_listdir(path)


def getcwd():
    return _ll_getcwd()


def chdir(path):
    _ll_chdir(path)


def mkdir(path, mode=0o777):
    _ll_mkdir(path, mode)


def rmdir(path):
    _ll_rmdir(path)


def unlink(path):
    _ll_unlink(path)


def rename(src, dst):
    _ll_rename(src, dst)


def getpid():
    return _ll_getpid()


def access(path, mode):
    """True if the access is allowed (never raises for missing files)."""
    return _ll_access(path, mode)


def isatty(fd):
    return _ll_isatty(fd)


def pipe():
    """(read_fd, write_fd)."""
    return _ll_pipe()


def dup(fd):
    return _ll_dup(fd)


def dup2(fd, fd2):
    _ll_dup2(fd, fd2)
    return fd2


def waitpid(pid, options):
    """(pid, status)."""
    rgil.before_external_call()
    try:
        return _ll_waitpid(pid, options)
    finally:
        rgil.after_external_call()


def fork():
    return _ll_fork()


def execv(path, args):
    if not args:
        raise ValueError("execv() arg 2 must not be empty")
    _ll_execv(path, args)


def kill(pid, sig):
    _ll_kill(pid, sig)


def _exit(status):
    _ll_exit(status)


def urandom(n):
    """n random bytes from the OS."""
    if n < 0:
        raise ValueError("negative argument not allowed")
    return _ll_urandom(n)


def strerror(errno):
    return _ll_strerror(errno)


def getenv(name):
    """The value of an environment variable, or None."""
    return _ll_getenv(name)


def putenv(name, value):
    if not name or "=" in name:
        raise ValueError("illegal environment variable name")
    _ll_putenv(name, value)


def unsetenv(name):
    _ll_unsetenv(name)


def environ_items():
    """[(name, value)] of the current environment."""
    return _ll_environ_items()


def WIFEXITED(status):
    return status & 0x7F == 0


def WEXITSTATUS(status):
    return (status >> 8) & 0xFF


def WIFSIGNALED(status):
    return (status & 0x7F) != 0 and (status & 0x7F) != 0x7F


def WTERMSIG(status):
    return status & 0x7F


# ____________________________________________________________
# Low-level calls: the only places that touch the OS.  Each one has a
# translated branch (C through rffi, see _oscalls.py) and a host branch.


def _ll_read(fd, count):
    if we_are_translated():
        return _c_read(fd, count)
    try:
        return _os.read(fd, count)
    except OSError as e:
        raise _oserror(e)


def _ll_write(fd, data):
    if we_are_translated():
        return _c_write(fd, data)
    try:
        return _os.write(fd, data)
    except OSError as e:
        raise _oserror(e)


def _ll_open(path, flags, mode):
    if we_are_translated():
        return _c_open(path, flags, mode)
    try:
        return _os.open(path, flags, mode)
    except OSError as e:
        raise _oserror(e)


def _ll_close(fd):
    if we_are_translated():
        _c_check(c.c_close(_int(fd)))
        return
    try:
        _os.close(fd)
    except OSError as e:
        raise _oserror(e)


def _ll_lseek(fd, pos, how):
    if we_are_translated():
        return _c_lseek(fd, pos, how)
    try:
        return _os.lseek(fd, pos, how)
    except OSError as e:
        raise _oserror(e)


def _stat_result(st):
    return StatResult(
        st.st_mode, st.st_ino, st.st_dev, st.st_nlink, st.st_uid, st.st_gid,
        st.st_size, st.st_atime_ns, st.st_mtime_ns, st.st_ctime_ns,
    )  # fmt: skip


def _ll_stat(path, follow):
    if we_are_translated():
        return _c_stat(path, follow)
    try:
        return _stat_result(_os.stat(path, follow_symlinks=follow))
    except OSError as e:
        raise _oserror(e)


def _ll_fstat(fd):
    if we_are_translated():
        return _c_fstat(fd)
    try:
        return _stat_result(_os.fstat(fd))
    except OSError as e:
        raise _oserror(e)


def _ll_listdir(path):
    if we_are_translated():
        return _c_listdir(path)
    try:
        return _os.listdir(path)
    except OSError as e:
        raise _oserror(e)


def _ll_getcwd():
    if we_are_translated():
        return _c_getcwd()
    try:
        return _os.getcwd()
    except OSError as e:
        raise _oserror(e)


def _ll_chdir(path):
    if we_are_translated():
        _c_path_call(path, 0, 0)
        return
    try:
        _os.chdir(path)
    except OSError as e:
        raise _oserror(e)


def _ll_mkdir(path, mode):
    if we_are_translated():
        _c_path_call(path, 1, mode)
        return
    try:
        _os.mkdir(path, mode)
    except OSError as e:
        raise _oserror(e)


def _ll_rmdir(path):
    if we_are_translated():
        _c_path_call(path, 2, 0)
        return
    try:
        _os.rmdir(path)
    except OSError as e:
        raise _oserror(e)


def _ll_unlink(path):
    if we_are_translated():
        _c_path_call(path, 3, 0)
        return
    try:
        _os.unlink(path)
    except OSError as e:
        raise _oserror(e)


def _ll_rename(src, dst):
    if we_are_translated():
        _c_rename(src, dst)
        return
    try:
        _os.rename(src, dst)
    except OSError as e:
        raise _oserror(e)


def _ll_getpid():
    if we_are_translated():
        return lltype.cast_primitive(lltype.Signed, c.c_getpid())
    return _os.getpid()


def _ll_access(path, mode):
    if we_are_translated():
        return _c_access(path, mode)
    return _os.access(path, mode)


def _ll_isatty(fd):
    if we_are_translated():
        return lltype.cast_primitive(lltype.Signed, c.c_isatty(_int(fd))) != 0
    return _os.isatty(fd)


def _ll_pipe():
    if we_are_translated():
        return _c_pipe()
    try:
        return _os.pipe()
    except OSError as e:
        raise _oserror(e)


def _ll_dup(fd):
    if we_are_translated():
        return _c_check(c.c_dup(_int(fd)))
    try:
        return _os.dup(fd)
    except OSError as e:
        raise _oserror(e)


def _ll_dup2(fd, fd2):
    if we_are_translated():
        _c_check(c.c_dup2(_int(fd), _int(fd2)))
        return
    try:
        _os.dup2(fd, fd2)
    except OSError as e:
        raise _oserror(e)


def _ll_waitpid(pid, options):
    if we_are_translated():
        return _c_waitpid(pid, options)
    try:
        return _os.waitpid(pid, options)
    except OSError as e:
        raise _oserror(e)


def _ll_fork():
    if we_are_translated():
        return _c_check(c.c_fork())
    try:
        return _os.fork()
    except OSError as e:
        raise _oserror(e)


def _ll_execv(path, args):
    if we_are_translated():
        _c_execv(path, args)
        return
    try:
        _os.execv(path, args)
    except OSError as e:
        raise _oserror(e)


def _ll_kill(pid, sig):
    if we_are_translated():
        _c_check(c.c_kill(_int(pid), _int(sig)))
        return
    try:
        _os.kill(pid, sig)
    except OSError as e:
        raise _oserror(e)


def _ll_exit(status):
    if we_are_translated():
        c.c_exit(_int(status))
        return
    _os._exit(status)


def _ll_urandom(n):
    if we_are_translated():
        return _c_urandom(n)
    return _os.urandom(n)


def _ll_strerror(errno):
    if we_are_translated():
        return c.charp2text(c.c_strerror(_int(errno)))
    return _os.strerror(errno)


def _ll_getenv(name):
    if we_are_translated():
        return _c_getenv(name)
    return _os.environ.get(name)


def _ll_putenv(name, value):
    if we_are_translated():
        _c_setenv(name, value)
        return
    _os.environ[name] = value


def _ll_unsetenv(name):
    if we_are_translated():
        _c_unsetenv(name)
        return
    _os.environ.pop(name, None)


@not_rpython
def _ll_environ_items_host():
    return list(_os.environ.items())


def _ll_environ_items():
    # translated programs get the environment through getenv (environ is
    # not exposed as a list yet)
    return _ll_environ_items_host()


# ____________________________________________________________
# The translated implementations


def _int(x):
    return lltype.cast_primitive(rffi.INT, x)


def _c_check(res):
    """The result of a call returning -1 on error, as a Signed."""
    value = lltype.cast_primitive(lltype.Signed, res)
    if value < 0:
        raise c.oserror()
    return value


def _c_read(fd, count):
    buf = lltype.malloc(rffi.CCHARP.TO, count + 1, flavor="raw")
    try:
        got = lltype.cast_primitive(
            lltype.Signed,
            c.c_read(_int(fd), buf, lltype.cast_primitive(rffi.SIZE_T, count)),
        )
        if got < 0:
            raise c.oserror()
        return c.charpsize2bytes(buf, got)
    finally:
        lltype.free(buf, flavor="raw")


def _c_write(fd, data):
    buf = c.bytes2charp(data)
    try:
        n = lltype.cast_primitive(
            lltype.Signed,
            c.c_write(_int(fd), buf, lltype.cast_primitive(rffi.SIZE_T, len(data))),
        )
        if n < 0:
            raise c.oserror()
        return n
    finally:
        rffi.free_charp(buf)


def _c_open(path, flags, mode):
    buf = c.path2charp(path)
    try:
        return _c_check(c.c_open(buf, _int(flags | O_CLOEXEC), _int(mode)))
    finally:
        rffi.free_charp(buf)


def _c_lseek(fd, pos, how):
    res = c.c_lseek(_int(fd), pos, _int(how))
    if res < 0:
        raise c.oserror()
    return res


def _c_stat_from(fields):
    return StatResult(
        fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6],
        fields[7] * 1000000000 + fields[8],
        fields[9] * 1000000000 + fields[10],
        fields[11] * 1000000000 + fields[12],
    )  # fmt: skip


def _c_stat(path, follow):
    buf = c.path2charp(path)
    fields = c.new_longs(c.STAT_FIELDS)
    try:
        if c.c_stat(buf, 1 if follow else 0, fields) < 0:
            raise c.oserror()
        return _c_stat_from(fields)
    finally:
        c.free_longs(fields)
        rffi.free_charp(buf)


def _c_fstat(fd):
    fields = c.new_longs(c.STAT_FIELDS)
    try:
        if c.c_fstat(fd, fields) < 0:
            raise c.oserror()
        return _c_stat_from(fields)
    finally:
        c.free_longs(fields)


def _c_path_call(path, which, mode):
    """chdir (0), mkdir (1), rmdir (2) or unlink (3) of a path."""
    buf = c.path2charp(path)
    try:
        if which == 0:
            res = c.c_chdir(buf)
        elif which == 1:
            res = c.c_mkdir(buf, _int(mode))
        elif which == 2:
            res = c.c_rmdir(buf)
        else:
            res = c.c_unlink(buf)
        _c_check(res)
    finally:
        rffi.free_charp(buf)


def _c_rename(src, dst):
    a = c.path2charp(src)
    b = c.path2charp(dst)
    try:
        _c_check(c.c_rename(a, b))
    finally:
        rffi.free_charp(a)
        rffi.free_charp(b)


def _c_access(path, mode):
    buf = c.path2charp(path)
    try:
        return lltype.cast_primitive(lltype.Signed, c.c_access(buf, _int(mode))) == 0
    finally:
        rffi.free_charp(buf)


def _c_waitpid(pid, options):
    status = c.new_longs(1)
    try:
        res = c.c_waitpid(pid, options, status)
        if res < 0:
            raise c.oserror()
        return res, status[0]
    finally:
        c.free_longs(status)


def _c_listdir(path):
    buf = c.path2charp(path)
    try:
        handle = c.c_listdir_open(buf)
    finally:
        rffi.free_charp(buf)
    if handle == 0:
        raise c.oserror()
    names = []
    name = lltype.malloc(rffi.CCHARP.TO, 4096, flavor="raw")
    try:
        while True:
            n = c.c_listdir_next(handle, name, 4096)
            if n < 0:
                raise c.oserror()
            if n == 0:
                break
            text, consumed = rutf8.decode_utf8(
                c.charpsize2bytes(name, n), "surrogateescape", True
            )
            names.append(text)
    finally:
        lltype.free(name, flavor="raw")
        c.c_listdir_close(handle)
    return names


def _c_getcwd():
    size = 1024
    while True:
        buf = lltype.malloc(rffi.CCHARP.TO, size, flavor="raw")
        try:
            res = c.c_getcwd(buf, lltype.cast_primitive(rffi.SIZE_T, size))
            if res:
                return c.charp2text(buf)
            if c.c_errno() != 34 or size > 1 << 20:  # ERANGE: grow and retry
                raise c.oserror()
        finally:
            lltype.free(buf, flavor="raw")
        size *= 4


def _c_pipe():
    fds = lltype.malloc(rffi.INTP.TO, 2, flavor="raw")
    try:
        _c_check(c.c_pipe(fds))
        return (
            lltype.cast_primitive(lltype.Signed, fds[0]),
            lltype.cast_primitive(lltype.Signed, fds[1]),
        )
    finally:
        lltype.free(fds, flavor="raw")


def _c_execv(path, args):
    cpath = c.path2charp(path)
    argv = lltype.malloc(rffi.CCHARPP.TO, len(args) + 1, flavor="raw")
    i = 0
    while i < len(args):
        argv[i] = c.path2charp(args[i])
        i += 1
    argv[len(args)] = lltype.nullptr(rffi.CCHARP.TO)
    try:
        c.c_execv(cpath, argv)
        raise c.oserror()  # execv only returns on failure
    finally:
        i = 0
        while i < len(args):
            rffi.free_charp(argv[i])
            i += 1
        lltype.free(argv, flavor="raw")
        rffi.free_charp(cpath)


def _c_urandom(n):
    fd = _c_open("/dev/urandom", O_RDONLY, 0)
    try:
        pieces = []
        got = 0
        while got < n:
            chunk = _c_read(fd, n - got)
            if len(chunk) == 0:
                raise OSError(5, "short read from /dev/urandom")
            pieces.append(chunk)
            got += len(chunk)
        return b"".join(pieces)
    finally:
        c.c_close(_int(fd))


def _c_getenv(name):
    buf = c.path2charp(name)
    try:
        res = c.c_getenv(buf)
        if not res:
            return None
        return c.charp2text(res)
    finally:
        rffi.free_charp(buf)


def _c_setenv(name, value):
    a = c.path2charp(name)
    b = c.path2charp(value)
    try:
        if c.c_setenv(a, b) < 0:
            raise c.oserror()
    finally:
        rffi.free_charp(a)
        rffi.free_charp(b)


def _c_unsetenv(name):
    a = c.path2charp(name)
    try:
        if c.c_unsetenv(a) < 0:
            raise c.oserror()
    finally:
        rffi.free_charp(a)
