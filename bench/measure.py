"""Run commands in fresh processes and measure them.

``measure`` starts one process and collects wall time, user and sys CPU time
and peak RSS of exactly that child (``wait4`` rusage, not of everything this
process ever waited for).  Linux carries the peak RSS of a process across
fork and exec, so a child spawned straight from this (large) Python process
would report our peak; the measurement therefore goes through the tiny C
``launcher.c`` (built on first use into build/bench/), which forks and execs
the command from its own small image.  Without a C compiler the harness falls
back to ``os.wait4`` here and marks peak RSS as an upper bound.
Output goes to temporary files, not pipes, so a chatty child can never block.

``run_interleaved`` runs every variant of a benchmark once per round, in the
order A B C A B C ..., so that slow drift of the machine (other users, thermal
throttling, cache warmth) hits every variant equally.
"""

import hashlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time

# A program reports extra figures with lines such as "BENCH-METRIC aborts=12",
# or with a line made only of "name=number" pairs (the stmgc bench programs
# print "seconds=0.01 commits_per_s=123 aborts=7").
_METRIC = re.compile(r"^BENCH-METRIC\s+([A-Za-z_][\w.-]*)=(-?[\d.eE+-]+)\s*$")
# The rpython command reports each stage as "[rpython] annotate done: ... (1.23s)";
# those become the metrics "stage_annotate" etc. (toolchain suite).
_STAGE = re.compile(r"^\[rpython\] ([\w-]+) done: .*\((\d+(?:\.\d*)?)s\)$")
_PAIR = re.compile(r"^([A-Za-z_][\w.-]*)=(-?[\d.]+(?:[eE][+-]?\d+)?)$")


class Variant:
    """One command to measure: ``label`` is its column/row name."""

    def __init__(self, label, argv, env=None, cwd=None):
        self.label = label
        self.argv = list(argv)
        self.env = env  # extra environment variables, or None
        self.cwd = cwd


class Benchmark:
    """Several variants measured side by side; ratios are against ``baseline``.

    ``kind`` tells the report how to read the ratios: "time" (variant /
    baseline, lower is faster) or "scaling" (the variants run N copies on N
    threads; efficiency = T(baseline) / T(variant), 1.0 is perfect scaling).
    ``params`` maps a variant label to a number for charts (threads).
    ``same_output``: every variant must print exactly what the baseline
    printed in the same round (translated vs untranslated runs of a program
    that does not check itself); a difference fails the variant.
    """

    def __init__(
        self,
        name,
        variants,
        baseline=None,
        kind="time",
        params=None,
        group=None,
        same_output=False,
    ):
        self.name = name
        self.variants = list(variants)
        self.baseline = baseline or (self.variants[0].label if variants else None)
        self.kind = kind
        self.params = dict(params or {})
        self.group = group  # e.g. the interpreter of a scaling curve
        self.same_output = same_output


def parse_metrics(text):
    metrics = {}
    for line in text.splitlines():
        m = _METRIC.match(line.strip())
        if m:
            try:
                metrics[m.group(1)] = float(m.group(2))
            except ValueError:
                pass
            continue
        m = _STAGE.match(line.strip())
        if m:
            metrics["stage_" + m.group(1)] = float(m.group(2))
            continue
        pairs = [_PAIR.match(tok) for tok in line.split()]
        if pairs and all(pairs):
            for p in pairs:
                metrics[p.group(1)] = float(p.group(2))
    return metrics


HERE = os.path.dirname(os.path.abspath(__file__))
LAUNCHER_SRC = os.path.join(HERE, "launcher.c")
LAUNCHER_DIR = os.path.join(os.path.dirname(HERE), "build", "bench")
_launcher_cache = []


def launcher_path(build_dir=LAUNCHER_DIR):
    """Path of the compiled launcher, building it if needed; None if no cc."""
    if _launcher_cache:
        return _launcher_cache[0]
    exe = os.path.join(build_dir, "launcher")
    path = None
    if os.path.isfile(exe) and os.path.getmtime(exe) >= os.path.getmtime(LAUNCHER_SRC):
        path = exe
    else:
        cc = shutil.which("gcc") or shutil.which("cc") or shutil.which("clang")
        if cc:
            os.makedirs(build_dir, exist_ok=True)
            tmp = "%s.%d.tmp" % (exe, os.getpid())
            proc = subprocess.run(
                [cc, "-std=gnu11", "-O2", "-Wall", "-Wextra", "-o", tmp, LAUNCHER_SRC],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
            if proc.returncode == 0:
                os.replace(tmp, exe)  # atomic: parallel builders do not clash
                path = exe
    _launcher_cache.append(path)
    return path


def _read_report(path):
    """Parse the launcher's one-line report; None when it is missing."""
    try:
        with open(path) as f:
            line = f.read().strip()
    except OSError:
        return None
    if line.startswith("exec-error"):
        return {"exec_error": line[len("exec-error") :].strip()}
    parts = line.split()
    if len(parts) != 5:
        return None
    return {
        "exit": int(parts[0]),
        "wall": float(parts[1]),
        "user": float(parts[2]),
        "sys": float(parts[3]),
        "maxrss_kb": int(parts[4]),
    }


def measure(argv, env=None, cwd=None, timeout=None, use_launcher=True):
    """Run ``argv`` once; return a dict with wall, user, sys, maxrss_kb, exit."""
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    launcher = launcher_path() if use_launcher else None
    report_fd, report_path = tempfile.mkstemp(prefix="bench-report-")
    os.close(report_fd)
    spawn = [launcher, report_path] + list(argv) if launcher else list(argv)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(
                spawn,
                stdout=out,
                stderr=err,
                env=full_env,
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError as e:
            os.unlink(report_path)
            return {
                "wall": 0.0,
                "user": 0.0,
                "sys": 0.0,
                "maxrss_kb": 0,
                "exit": -1,
                "error": "cannot start %s: %s" % (argv[0], e),
                "metrics": {},
                "output": "",
            }
        timed_out = []

        def kill():
            timed_out.append(True)
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass

        timer = None
        if timeout:
            timer = threading.Timer(timeout, kill)
            timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if timer:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    result = {
        "wall": wall,
        "user": usage.ru_utime,
        "sys": usage.ru_stime,
        "maxrss_kb": usage.ru_maxrss,  # Linux: kilobytes
        "exit": proc.returncode,
        "metrics": parse_metrics(stdout),
        "output": (stdout + stderr)[-2000:],
        "stdout_sha1": hashlib.sha1(stdout.encode("utf-8")).hexdigest(),
    }
    if launcher:
        rep = _read_report(report_path)
        if rep is None:
            result["exit"] = proc.returncode or -1
        elif "exec_error" in rep:
            result["exit"] = -1
            result["error"] = "cannot start %s: %s" % (argv[0], rep["exec_error"])
        else:
            result.update(rep)
    else:
        result["maxrss_upper_bound"] = True
    os.unlink(report_path)
    if result.get("error"):
        pass
    elif timed_out:
        result["error"] = "timed out after %s s" % timeout
    elif result["exit"] != 0:
        result["error"] = "exit status %d" % result["exit"]
    return result


def run_interleaved(bench, runs, measure_fn=measure, timeout=None, progress=None):
    """Measure every variant ``runs`` times, interleaved; label -> list of runs.

    A variant that fails once is not run again (a wrong answer stays wrong);
    its failure is kept in its list.
    """
    results = {v.label: [] for v in bench.variants}
    failed = set()
    for round_index in range(runs):
        reference = None  # the baseline's stdout digest in this round
        for v in bench.variants:
            if v.label in failed:
                continue
            r = measure_fn(v.argv, env=v.env, cwd=v.cwd, timeout=timeout)
            if bench.same_output and not r.get("error"):
                if v.label == bench.baseline:
                    reference = r.get("stdout_sha1")
                elif reference is not None and r.get("stdout_sha1") != reference:
                    r["error"] = "output differs from %s" % bench.baseline
            results[v.label].append(r)
            if r.get("error"):
                failed.add(v.label)
            if progress:
                progress(bench, v, round_index, r)
    return results
