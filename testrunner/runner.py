"""Run suites as pytest subprocesses in parallel and summarise them.

Each suite runs as ``python -m pytest <paths> --junitxml=<tmp>``; the counts come
from that XML (robust against output format changes), the verdict from the exit
status: 0 = all passed, 1 = some tests failed, 5 = nothing collected (fine, e.g.
everything deselected by ``-k``); anything else (collection error, usage error,
internal error, a signal, the time limit) marks the suite as errored.
"""

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

OK_EXIT_CODES = (0, 1, 5)


class SuiteResult:
    def __init__(self, suite):
        self.suite = suite
        self.passed = 0
        self.failed = 0  # failures and errors of single tests
        self.skipped = 0
        self.seconds = 0.0
        self.returncode = None
        self.error = ""  # non-empty when the suite itself broke
        self.output = ""
        self.xml_root = None  # the <testsuite> element, for --junitxml

    @property
    def ok(self):
        return not self.error and self.failed == 0

    @property
    def status(self):
        if self.error:
            return "ERROR"
        if self.failed:
            return "FAIL"
        return "ok"


def parse_junit(path):
    """Return (passed, failed, skipped, testsuite_element) from a junit file."""
    tree = ET.parse(path)
    root = tree.getroot()
    elements = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    passed = failed = skipped = 0
    for ts in elements:
        tests = int(ts.get("tests", 0))
        fails = int(ts.get("failures", 0)) + int(ts.get("errors", 0))
        skips = int(ts.get("skipped", 0))
        passed += tests - fails - skips
        failed += fails
        skipped += skips
    return passed, failed, skipped, (elements[0] if elements else None)


def build_command(suite, python, keyword=None, slow=False, junit_path=None):
    cmd = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    cmd += ["-o", "junit_suite_name=" + suite.name]
    if junit_path:
        cmd.append("--junitxml=" + junit_path)
    if keyword:
        cmd += ["-k", keyword]
    if slow:
        cmd.append("--slow")
    cmd += list(suite.paths)
    return cmd


def run_suite(suite, root, python, keyword=None, slow=False, timeout=None):
    """Run one suite to completion and return its SuiteResult."""
    result = SuiteResult(suite)
    with tempfile.TemporaryDirectory(prefix="testrunner-") as tmp:
        junit = os.path.join(tmp, "junit.xml")
        cmd = build_command(suite, python, keyword, slow, junit)
        env = dict(os.environ)
        env.setdefault("PYTHONDONTWRITEBYTECODE", "1")
        start = time.monotonic()
        try:
            proc = subprocess.Popen(
                cmd,
                cwd=root,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError as e:
            proc = None
            result.error = "could not start pytest: %s" % e
        if proc is not None:
            try:
                stdout, _ = proc.communicate(timeout=timeout)
                result.returncode = proc.returncode
            except subprocess.TimeoutExpired:
                # Kill the whole process group: a test's own children could
                # otherwise keep the output pipe open forever.
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except OSError:
                    pass
                stdout, _ = proc.communicate()
                result.error = "timed out after %d s" % timeout
            result.output = stdout.decode("utf-8", "replace")
        result.seconds = time.monotonic() - start
        if os.path.exists(junit):
            try:
                parsed = parse_junit(junit)
                result.passed, result.failed, result.skipped, result.xml_root = parsed
            except (ET.ParseError, ValueError) as e:
                result.error = result.error or "unreadable junit xml: %s" % e
    code = result.returncode
    if not result.error and code not in OK_EXIT_CODES:
        if code is not None and code < 0:
            result.error = "pytest killed by signal %d" % -code
        elif code == 2:
            result.error = "pytest interrupted (collection error?), exit status 2"
        else:
            result.error = "pytest exit status %s" % code
    if not result.error and code == 1 and result.failed == 0:
        result.error = "pytest reported failure but no failed test"
    return result


def run_all(
    suites,
    root,
    jobs,
    python=None,
    keyword=None,
    slow=False,
    timeout=None,
    out=None,
    heartbeat=60.0,
):
    """Run ``suites`` with ``jobs`` parallel workers, streaming progress.

    Every ``heartbeat`` seconds the suites still running are listed, so a long
    or stuck suite is visible while it runs.
    """
    python = python or sys.executable
    out = out or sys.stdout
    lock = threading.Lock()
    done = [0]
    total = len(suites)
    running = {}  # suite name -> start time
    finished = threading.Event()

    def beat():
        while not finished.wait(heartbeat):
            with lock:
                now = time.monotonic()
                for name, start in sorted(running.items()):
                    out.write("[running] %s for %ds\n" % (name, now - start))
                out.flush()

    # Big suites first, so a long one does not start last and stretch the run.
    order = sorted(range(total), key=lambda i: -suites[i].weight)

    def work(index):
        suite = suites[index]
        with lock:
            out.write("[start] %s\n" % suite.name)
            out.flush()
            running[suite.name] = time.monotonic()
        res = run_suite(suite, root, python, keyword, slow, timeout)
        with lock:
            running.pop(suite.name, None)
            done[0] += 1
            out.write(
                "[%d/%d] %-5s %s: %d passed, %d failed, %d skipped in %.1fs%s\n"
                % (
                    done[0],
                    total,
                    res.status,
                    suite.name,
                    res.passed,
                    res.failed,
                    res.skipped,
                    res.seconds,
                    (" (" + res.error + ")") if res.error else "",
                )
            )
            out.flush()
        return index, res

    results = [None] * total
    beater = None
    if heartbeat and heartbeat > 0:
        beater = threading.Thread(target=beat, daemon=True)
        beater.start()
    try:
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            for index, res in pool.map(work, order):
                results[index] = res
    finally:
        finished.set()
    return results


def format_table(results):
    name_w = max([len("suite")] + [len(r.suite.name) for r in results])
    head = "%-*s  %6s  %6s  %7s  %8s  %s" % (
        name_w,
        "suite",
        "passed",
        "failed",
        "skipped",
        "seconds",
        "status",
    )
    lines = [head, "-" * len(head)]
    for r in results:
        lines.append(
            "%-*s  %6d  %6d  %7d  %8.1f  %s"
            % (name_w, r.suite.name, r.passed, r.failed, r.skipped, r.seconds, r.status)
        )
    return "\n".join(lines)


def totals(results):
    passed = sum(r.passed for r in results)
    # A suite that broke without reporting a failed test still counts once, so
    # the last line never claims "0 failed" for a broken run.
    failed = sum(max(r.failed, 1 if r.error else 0) for r in results)
    skipped = sum(r.skipped for r in results)
    return passed, failed, skipped


def write_junit(results, path):
    top = ET.Element("testsuites")
    for r in results:
        if r.xml_root is not None:
            top.append(r.xml_root)
        else:
            ts = ET.SubElement(
                top,
                "testsuite",
                name=r.suite.name,
                tests="1",
                failures="0",
                errors="1",
                skipped="0",
            )
            case = ET.SubElement(ts, "testcase", classname=r.suite.name, name="suite")
            err = ET.SubElement(case, "error", message=r.error or "no results")
            err.text = r.output[-20000:]
    d = os.path.dirname(os.path.abspath(path))
    os.makedirs(d, exist_ok=True)
    ET.ElementTree(top).write(path, encoding="utf-8", xml_declaration=True)
