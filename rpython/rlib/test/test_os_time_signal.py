import errno
import os
import signal
import time

import pytest

from rpython.rlib import rposix, rsignal, rtime


def test_file_roundtrip(tmp_path):
    path = str(tmp_path / "f.txt")
    fd = rposix.open(path, rposix.O_WRONLY | rposix.O_CREAT | rposix.O_TRUNC, 0o644)
    assert rposix.write(fd, b"hello world") == 11
    rposix.close(fd)
    st = rposix.stat(path)
    assert st.st_size == 11 and st.st_mtime > 0 and st.st_mtime_ns > 0
    fd = rposix.open(path, rposix.O_RDONLY)
    assert rposix.lseek(fd, 6, rposix.SEEK_SET) == 6
    assert rposix.read(fd, 100) == b"world"
    assert rposix.read(fd, 100) == b""
    assert rposix.fstat(fd).st_size == 11
    rposix.close(fd)
    rposix.rename(path, path + "2")
    assert rposix.listdir(str(tmp_path)) == ["f.txt2"]
    assert rposix.access(path + "2", rposix.R_OK)
    assert not rposix.access(path, rposix.F_OK)
    rposix.unlink(path + "2")
    d = str(tmp_path / "sub")
    rposix.mkdir(d)
    assert rposix.lstat(d).st_mode & 0o040000
    rposix.rmdir(d)


def test_errors_are_oserror_with_errno(tmp_path):
    missing = str(tmp_path / "nope")
    for call in [
        lambda: rposix.open(missing, rposix.O_RDONLY),
        lambda: rposix.stat(missing),
        lambda: rposix.unlink(missing),
        lambda: rposix.listdir(missing),
        lambda: rposix.chdir(missing),
    ]:
        with pytest.raises(OSError) as info:
            call()
        assert info.value.errno == errno.ENOENT
        assert info.value.strerror == os.strerror(errno.ENOENT)
    with pytest.raises(OSError) as info:
        rposix.close(987654)
    assert info.value.errno == errno.EBADF
    with pytest.raises(OSError):
        rposix.read(0, -1)


def test_pipe_dup_fork_waitpid():
    r, w = rposix.pipe()
    w2 = rposix.dup(w)
    pid = rposix.fork()
    if pid == 0:
        rposix.write(w2, b"child")
        rposix._exit(7)
    rposix.close(w)
    rposix.close(w2)
    got_pid, status = rposix.waitpid(pid, 0)
    assert got_pid == pid
    assert rposix.WIFEXITED(status) and rposix.WEXITSTATUS(status) == 7
    assert rposix.read(r, 10) == b"child"
    assert not rposix.isatty(r)
    rposix.close(r)
    assert rposix.getpid() == os.getpid()


def test_misc_calls(tmp_path):
    cwd = rposix.getcwd()
    try:
        rposix.chdir(str(tmp_path))
        assert rposix.getcwd() == str(tmp_path)
    finally:
        rposix.chdir(cwd)
    assert len(rposix.urandom(16)) == 16
    with pytest.raises(ValueError):
        rposix.urandom(-1)
    rposix.putenv("RLIB_TEST_VAR", "x1")
    assert rposix.getenv("RLIB_TEST_VAR") == "x1"
    assert ("RLIB_TEST_VAR", "x1") in rposix.environ_items()
    rposix.unsetenv("RLIB_TEST_VAR")
    assert rposix.getenv("RLIB_TEST_VAR") is None
    with pytest.raises(ValueError):
        rposix.putenv("A=B", "x")
    r, w = rposix.pipe()
    assert rposix.dup2(r, 200) == 200
    rposix.close(200)
    rposix.close(r)
    rposix.close(w)
    assert rposix.strerror(errno.EPERM) == os.strerror(errno.EPERM)
    with pytest.raises(ValueError):
        rposix.execv("/bin/true", [])


def test_time():
    t = rtime.time()
    assert abs(t - time.time()) < 60
    m1 = rtime.monotonic()
    rtime.sleep(0.001)
    assert rtime.monotonic() >= m1
    assert rtime.perf_counter() > 0
    tt = rtime.gmtime(0.0)
    assert (tt.tm_year, tt.tm_mon, tt.tm_mday, tt.tm_wday) == (1970, 1, 1, 3)
    assert rtime.strftime("%Y-%m-%d %H:%M:%S", tt) == "1970-01-01 00:00:00"
    lt = rtime.localtime(1e9)
    assert rtime.mktime(lt) == 1e9
    with pytest.raises(ValueError):
        rtime.sleep(-1.0)
    with pytest.raises(OverflowError):
        rtime.gmtime(1e300)
    with pytest.raises(ValueError):
        rtime.strftime("%Y", rtime.TimeTuple(2000, 13, 1, 0, 0, 0, 0, 1, 0))


def test_signal_flags():
    old = signal.getsignal(signal.SIGUSR1)
    try:
        assert rsignal.pypysig_poll() == -1
        rsignal.pypysig_setflag(rsignal.SIGUSR1)
        rsignal.pypysig_setflag(rsignal.SIGUSR2)
        os.kill(os.getpid(), signal.SIGUSR2)
        os.kill(os.getpid(), signal.SIGUSR1)
        assert rsignal.pypysig_getaddr_occurred()
        assert rsignal.pypysig_poll() == signal.SIGUSR1
        assert rsignal.pypysig_poll() == signal.SIGUSR2
        assert rsignal.pypysig_poll() == -1
        rsignal.pypysig_ignore(rsignal.SIGUSR1)
        os.kill(os.getpid(), signal.SIGUSR1)
        assert rsignal.pypysig_poll() == -1
        with pytest.raises(ValueError):
            rsignal.pypysig_setflag(0)
    finally:
        signal.signal(signal.SIGUSR1, old)
        rsignal.pypysig_default(rsignal.SIGUSR2)
