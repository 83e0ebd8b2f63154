"""Oracle: every stdlib file CPython parses dumps identically with us.

Default run: a fixed, deterministic sample of the sorted file list (at least
300 files).  With --slow: all files; the count of identical dumps and every
difference (with its reason) are printed.
"""

import os
import sysconfig

import pytest

from pypy.interpreter.pyparser.test.oracle import accepted, host_result, our_result

SAMPLE_SIZE = 320


def stdlib_files():
    root = sysconfig.get_paths()["stdlib"]
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        if "site-packages" in dirpath:
            continue
        for name in sorted(filenames):
            if name.endswith(".py"):
                found.append(os.path.join(dirpath, name))
    found.sort()
    return found


def sample_files():
    files = stdlib_files()
    step = max(1, len(files) // SAMPLE_SIZE)
    return files[::step]


def read(path):
    with open(path, "rb") as f:
        return f.read()


def compare_file(path):
    """(same, reason) for one file; reason is "" when the dumps agree."""
    data = read(path)
    expected = host_result(data)
    try:
        ours = our_result(data)
    except Exception as e:  # an internal error is a difference too
        return False, "internal error %r" % (e,)
    if ours == expected:
        return True, ""
    if not accepted(expected):
        if not accepted(ours):
            return True, ""  # both reject
        return False, "CPython rejects (%s), we accept" % expected
    if not accepted(ours):
        return False, "we reject: %s" % ours
    i = 0
    while i < min(len(ours), len(expected)) and ours[i] == expected[i]:
        i += 1
    return False, "dump differs near: ours %r / CPython %r" % (
        ours[max(0, i - 80) : i + 60],
        expected[max(0, i - 80) : i + 60],
    )


def test_sample_is_large_enough():
    assert len(sample_files()) >= 300


@pytest.mark.parametrize("path", sample_files(), ids=lambda p: os.path.basename(p))
def test_stdlib_sample(path):
    same, reason = compare_file(path)
    assert same, reason


@pytest.mark.slow
def test_whole_stdlib():
    files = stdlib_files()
    identical = 0
    cpython_rejects = 0
    differences = []
    for path in files:
        if not accepted(host_result(read(path))):
            cpython_rejects += 1
        same, reason = compare_file(path)
        if same:
            identical += 1
        else:
            differences.append((path, reason))
    print()
    print(
        "stdlib oracle: %d files, %d identical (%d of them rejected by both), %d differ"
        % (len(files), identical, cpython_rejects, len(differences))
    )
    for path, reason in differences:
        print("DIFF %s: %s" % (path, reason))
    assert not differences
