"""Which translated programs are threaded builds (-DRPY_THREAD): only those
that can start threads.  Blocking calls release the GIL through rgil, which
links thread.c, but must not make a single-threaded program pay for
thread-local runtime state ("threaded build by accident")."""

import os
import subprocess
import tempfile

import pytest

from rpython.rlib import rthread, rtime


def sleeper(argv):
    rtime.sleep(0.001)
    lock = rthread.allocate_lock()  # locks alone do not need threads
    lock.acquire(True)
    lock.release()
    print("slept")
    return 0


def noop_thread():
    pass


def starter(argv):
    rthread.start_new_thread(noop_thread, ())
    print("started")
    return 0


def translate(entry_point, export_bootstrap=False):
    support = pytest.importorskip("rpython.translator.c.test.support")
    support.require_toolchain()
    from rpython.translator.driver import TranslationDriver, default_config

    if export_bootstrap:
        rthread.export_thread_bootstrap()
    try:
        with open(os.devnull, "w") as out:
            driver = TranslationDriver(default_config(gc="framework", opt=1), out=out)
            driver.setup(entry_point)
            driver.source_dir = tempfile.mkdtemp(prefix="usession-rthread-")
            driver.run()
    finally:
        rthread.unexport_thread_bootstrap()
    return driver


def test_blocking_calls_do_not_make_a_threaded_build():
    driver = translate(sleeper)
    assert driver.builder.thread is False
    proc = subprocess.run([driver.executable], capture_output=True, timeout=60)
    assert (proc.returncode, proc.stdout) == (0, b"slept\n")


def test_starting_threads_makes_a_threaded_build():
    driver = translate(starter, export_bootstrap=True)
    assert driver.builder.thread is True
    proc = subprocess.run([driver.executable], capture_output=True, timeout=60)
    assert (proc.returncode, proc.stdout) == (0, b"started\n")
