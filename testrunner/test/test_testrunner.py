"""Tests of the test runner on tiny fake repositories built in tmp dirs."""

import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from testrunner import discovery, runner

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

PASSING = "def test_a():\n    assert 1 + 1 == 2\n\ndef test_b():\n    pass\n"
FAILING = (
    "def test_good():\n    pass\n\n"
    "def test_bad():\n    print('EVIDENCE-OF-FAILURE')\n    assert 2 + 2 == 5\n"
)
SKIPPING = "import pytest\n\n@pytest.mark.skip(reason='x')\ndef test_s():\n    pass\n"
# The fake root's conftest mirrors the real one: --slow enables marked tests.
CONFTEST = """
import pytest

def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", default=False)

def pytest_collection_modifyitems(config, items):
    if config.getoption("--slow"):
        return
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(pytest.mark.skip(reason="slow"))
"""
INI = "[pytest]\nmarkers =\n    slow: slow test\n"


def make_tree(root, files):
    for rel, text in files.items():
        path = os.path.join(str(root), rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)


def fake_repo(root, files):
    base = {"conftest.py": CONFTEST, "pytest.ini": INI}
    base.update(files)
    make_tree(root, base)
    return str(root)


def run_cli(root, *args):
    env = dict(os.environ)
    env["PYTHONPATH"] = REPO
    proc = subprocess.run(
        [sys.executable, "-m", "testrunner", "--root", str(root)] + list(args),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=REPO,
        timeout=120,
    )
    return proc.returncode, proc.stdout.decode()


def last_line(output):
    return output.rstrip().splitlines()[-1]


# --- discovery -------------------------------------------------------------


def test_discover_test_folders_and_loose_files(tmp_path):
    make_tree(
        tmp_path,
        {
            "rpython/__init__.py": "",
            "rpython/flowspace/test/__init__.py": "",
            "rpython/flowspace/test/test_model.py": PASSING,
            "rpython/flowspace/test/deeper/test_more.py": PASSING,
            "rpython/annotator/test/__init__.py": "",  # no test files: no suite
            "rpython/test_loose.py": PASSING,
            "pypy/interpreter/test/test_x.py": PASSING,
            "pypy/build/test/test_hidden.py": PASSING,  # build output: skipped
            "pypy/.hidden/test/test_hidden.py": PASSING,
            "notapackage/test/test_y.py": PASSING,
        },
    )
    suites = discovery.discover(str(tmp_path))
    names = [s.name for s in suites]
    assert names == ["rpython/flowspace/test", "rpython", "pypy/interpreter/test"]
    by_name = {s.name: s for s in suites}
    assert by_name["rpython"].paths == ["rpython/test_loose.py"]
    # the nested folder belongs to the enclosing test folder
    assert by_name["rpython/flowspace/test"].weight == 2


def test_select_by_name_and_prefix():
    suites = [
        discovery.Suite("rpython/flowspace/test", [], 1),
        discovery.Suite("rpython/memory/test", [], 1),
        discovery.Suite("stmgc/test", [], 1),
    ]
    assert [s.name for s in discovery.select(suites, ["rpython"])] == [
        "rpython/flowspace/test",
        "rpython/memory/test",
    ]
    assert [s.name for s in discovery.select(suites, ["./stmgc/test/"])] == [
        "stmgc/test"
    ]
    assert len(discovery.select(suites, [])) == 3
    # "rpython/flow" is not a folder prefix of "rpython/flowspace/test"
    with pytest.raises(ValueError, match="known suites"):
        discovery.select(suites, ["rpython/flow"])


def test_parse_junit_counts(tmp_path):
    path = tmp_path / "j.xml"
    path.write_text(
        '<testsuites><testsuite name="s" tests="7" failures="2" errors="1" '
        'skipped="1"/></testsuites>'
    )
    passed, failed, skipped, element = runner.parse_junit(str(path))
    assert (passed, failed, skipped) == (3, 3, 1)
    assert element.get("name") == "s"


# --- end to end ---------------------------------------------------------------


def test_all_passing_exit_zero_and_summary(tmp_path):
    root = fake_repo(
        tmp_path,
        {
            "bench/test/test_one.py": PASSING,
            "llvmfix/test/test_two.py": PASSING + SKIPPING,
        },
    )
    code, out = run_cli(root, "-j", "2")
    assert code == 0, out
    assert last_line(out) == "4 passed, 0 failed, 1 skipped"
    assert "suite" in out and "seconds" in out
    assert "llvmfix/test" in out and "bench/test" in out
    assert "[2/2]" in out


def test_failure_is_reported_with_output(tmp_path):
    root = fake_repo(
        tmp_path,
        {"pypy/test/test_ok.py": PASSING, "stmgc/test/test_fail.py": FAILING},
    )
    code, out = run_cli(root)
    assert code == 1
    assert last_line(out) == "3 passed, 1 failed"
    assert "EVIDENCE-OF-FAILURE" in out
    assert "FAIL" in out


def test_collection_error_is_an_error(tmp_path):
    root = fake_repo(
        tmp_path,
        {
            "pypy/test/test_ok.py": PASSING,
            "pypy/objspace/test/test_broken.py": "def test_x(:\n    pass\n",
        },
    )
    code, out = run_cli(root)
    assert code == 1
    assert "ERROR" in out or "FAIL" in out
    assert not last_line(out).endswith(" 0 failed")


def test_crashing_suite_is_an_error(tmp_path):
    crash = "import os\n\ndef test_die():\n    os._exit(3)\n"
    root = fake_repo(tmp_path, {"pypy/test/test_crash.py": crash})
    code, out = run_cli(root)
    assert code == 1
    assert "ERROR" in out
    assert last_line(out) == "0 passed, 1 failed"


def test_nothing_ran_is_a_failure(tmp_path):
    root = fake_repo(tmp_path, {"pypy/test/test_ok.py": PASSING})
    code, out = run_cli(root, "-k", "no_such_test_name")
    assert code == 1
    assert last_line(out) == "0 passed, 0 failed"
    root2 = fake_repo(tmp_path / "empty", {})
    code, out = run_cli(root2)
    assert code == 1
    assert last_line(out) == "0 passed, 0 failed"


def test_keyword_and_suite_selection(tmp_path):
    root = fake_repo(
        tmp_path,
        {"pypy/test/test_ok.py": PASSING, "stmgc/test/test_fail.py": FAILING},
    )
    code, out = run_cli(root, "pypy")
    assert code == 0
    assert last_line(out) == "2 passed, 0 failed"
    assert "stmgc" not in out.split("\n\n")[-2]
    code, out = run_cli(root, "-k", "good")
    assert code == 0, out
    assert last_line(out) == "1 passed, 0 failed"
    code, out = run_cli(root, "no/such/suite")
    assert code == 2
    assert "known suites" in out


def test_slow_flag_is_passed_on(tmp_path):
    slow = "import pytest\n\n@pytest.mark.slow\ndef test_long():\n    pass\n"
    root = fake_repo(tmp_path, {"rpython/test/test_slow.py": PASSING + slow})
    code, out = run_cli(root)
    assert last_line(out) == "2 passed, 0 failed, 1 skipped"
    code, out = run_cli(root, "--slow")
    assert code == 0
    assert last_line(out) == "3 passed, 0 failed"


def test_merged_junitxml(tmp_path):
    root = fake_repo(
        tmp_path / "repo",
        {"pypy/test/test_ok.py": PASSING, "stmgc/test/test_fail.py": FAILING},
    )
    xml_path = str(tmp_path / "out" / "junit.xml")
    code, out = run_cli(root, "--junitxml", xml_path)
    assert code == 1
    top = ET.parse(xml_path).getroot()
    assert top.tag == "testsuites"
    names = sorted(ts.get("name") for ts in top.iter("testsuite"))
    assert names == ["pypy/test", "stmgc/test"]
    assert sum(int(ts.get("failures")) for ts in top.iter("testsuite")) == 1


def test_bad_jobs_value(tmp_path):
    code, out = run_cli(fake_repo(tmp_path, {}), "-j", "0")
    assert code == 2
    assert "positive" in out


def test_heartbeat_and_time_limit(tmp_path):
    # the test's own child keeps the output pipe open: the kill must reach it
    sleepy = (
        "import subprocess, sys, time\n\ndef test_sleep():\n"
        "    subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        "    time.sleep(30)\n"
    )
    root = fake_repo(
        tmp_path, {"pypy/test/test_sleepy.py": sleepy, "bench/test/test_ok.py": PASSING}
    )
    code, out = run_cli(root, "--timeout", "3", "--heartbeat", "1")
    assert code == 1
    assert "[running] pypy/test for" in out
    assert "timed out after 3 s" in out
    assert last_line(out) == "2 passed, 1 failed"
