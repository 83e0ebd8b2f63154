"""src/rlib_os.c compiled with -Wall -Wextra -Werror and called via ctypes:
the C helpers behind the translated rposix/rtime give the host's answers."""

import ctypes
import os
import shutil
import subprocess
import time

import pytest

from rpython.rlib import _oscalls


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    if shutil.which("gcc") is None:
        pytest.skip("gcc not available")
    out = tmp_path_factory.mktemp("rlib_os") / "librlib_os.so"
    src = os.path.join(_oscalls.SRC_DIR, "rlib_os.c")
    subprocess.run(
        ["gcc", "-Wall", "-Wextra", "-Werror", "-O2", "-fPIC", "-shared",
         "-I", _oscalls.SRC_DIR, "-o", str(out), src],
        check=True, capture_output=True,
    )  # fmt: skip
    lib = ctypes.CDLL(str(out))
    lib.rlib_clock.restype = ctypes.c_double
    lib.rlib_clock.argtypes = [ctypes.c_long]
    lib.rlib_sleep.argtypes = [ctypes.c_double]
    lib.rlib_broken_down_time.argtypes = [
        ctypes.c_double,
        ctypes.c_long,
        ctypes.c_void_p,
    ]
    lib.rlib_mktime.restype = ctypes.c_double
    return lib


def longs(n):
    return (ctypes.c_long * n)()


def test_stat(lib, tmp_path):
    path = tmp_path / "f"
    path.write_bytes(b"12345")
    out = longs(_oscalls.STAT_FIELDS)
    assert lib.rlib_stat(str(path).encode(), 1, out) == 0
    st = os.stat(path)
    assert out[0] == st.st_mode and out[1] == st.st_ino and out[6] == 5
    assert out[9] * 10**9 + out[10] == st.st_mtime_ns
    assert lib.rlib_stat(str(tmp_path / "missing").encode(), 1, out) == -1
    assert lib.rlib_errno() == 2
    fd = os.open(path, os.O_RDONLY)
    try:
        assert lib.rlib_fstat(fd, out) == 0 and out[6] == 5
    finally:
        os.close(fd)


def test_waitpid(lib):
    pid = os.fork()
    if pid == 0:
        os._exit(3)
    status = longs(1)
    assert lib.rlib_waitpid(pid, 0, status) == pid
    assert os.WEXITSTATUS(status[0]) == 3


def test_clocks_and_sleep(lib):
    assert abs(lib.rlib_clock(0) - time.time()) < 5
    m = lib.rlib_clock(1)
    assert lib.rlib_sleep(0.002) == 0
    assert lib.rlib_clock(1) - m >= 0.002
    assert lib.rlib_clock(3) >= 0


def test_broken_down_time(lib):
    out = longs(_oscalls.TM_FIELDS)
    for t in [0.0, 1e9, -1.5, 1700000000.25]:
        assert lib.rlib_broken_down_time(t, 0, out) == 0
        g = time.gmtime(t // 1)
        assert list(out)[:9] == [g.tm_year, g.tm_mon, g.tm_mday, g.tm_hour,
                                 g.tm_min, g.tm_sec, g.tm_wday, g.tm_yday, g.tm_isdst]  # fmt: skip
        assert lib.rlib_broken_down_time(t, 1, out) == 0
        assert lib.rlib_mktime(out) == time.mktime(time.localtime(t // 1))
    buf = ctypes.create_string_buffer(64)
    lib.rlib_broken_down_time(ctypes.c_double(0.0), 0, out)
    n = lib.rlib_strftime(buf, 64, b"%Y-%m-%d %a", out)
    assert buf.value[:n] == b"1970-01-01 Thu"


def test_listdir_env(lib, tmp_path):
    for name in ["a", "bb", "c\xe9"]:
        (tmp_path / name).write_text("x")
    lib.rlib_listdir_open.restype = ctypes.c_long
    handle = lib.rlib_listdir_open(str(tmp_path).encode())
    assert handle != 0
    names = []
    buf = ctypes.create_string_buffer(256)
    while True:
        n = lib.rlib_listdir_next(ctypes.c_long(handle), buf, 256)
        assert n >= 0
        if n == 0:
            break
        names.append(buf.value[:n].decode("utf-8"))
    lib.rlib_listdir_close(ctypes.c_long(handle))
    assert sorted(names) == sorted(os.listdir(tmp_path))
    assert lib.rlib_listdir_open(str(tmp_path / "missing").encode()) == 0
    assert lib.rlib_setenv(b"RLIB_C_TEST", b"v") == 0
    libc = ctypes.CDLL(None)
    libc.getenv.restype = ctypes.c_char_p
    assert libc.getenv(b"RLIB_C_TEST") == b"v"
    assert lib.rlib_unsetenv(b"RLIB_C_TEST") == 0
    assert libc.getenv(b"RLIB_C_TEST") is None


def test_signal_flags(lib):
    import signal

    old1 = signal.getsignal(signal.SIGUSR1)
    old2 = signal.getsignal(signal.SIGUSR2)
    try:
        assert lib.rlib_sig_setflag(signal.SIGUSR1) == 0
        assert lib.rlib_sig_setflag(signal.SIGUSR2) == 0
        assert lib.rlib_sig_poll() == -1
        os.kill(os.getpid(), signal.SIGUSR2)
        os.kill(os.getpid(), signal.SIGUSR1)
        assert lib.rlib_sig_occurred() == 1
        assert lib.rlib_sig_poll() == signal.SIGUSR1
        assert lib.rlib_sig_poll() == signal.SIGUSR2
        assert lib.rlib_sig_poll() == -1
        assert lib.rlib_sig_setdisposition(signal.SIGUSR1, 1) == 0
        os.kill(os.getpid(), signal.SIGUSR1)
        assert lib.rlib_sig_poll() == -1
    finally:
        signal.signal(signal.SIGUSR1, old1)
        signal.signal(signal.SIGUSR2, old2)
