"""Time the translated parser+compiler on the whole standard library.

    .venv/bin/python rpython/bin/rpython --output=/tmp/compile-c \\
        pypy/interpreter/astcompiler/targetcompile.py
    .venv/bin/python pypy/interpreter/astcompiler/tools/bench_translated.py \\
        /tmp/compile-c [--runs N] [--list FILE]

Files: every .py file under the host CPython's stdlib folder (site-packages
excluded) that CPython's compile() accepts (the target decodes the bytes as
CPython does: BOM, coding cookie, else UTF-8).  The executable
gets all of them in one process (one command line), so the time covers
reading, tokenizing, parsing, symbol tables and code generation for the whole
library.  CPython's figure is compile(source, path, "exec") on the same bytes
in one process, reading included.  The best of N runs is reported for both
(runs interleaved; --also EXE times another build in the same runs).
Then a sample of --check files (spread over the list) is compiled again by
the untranslated target on CPython, and the report lines (code objects and
bytecode bytes per file) must be identical.
"""

import argparse
import os
import resource
import subprocess
import sys
import sysconfig
import time


def stdlib_files():
    libdir = sysconfig.get_paths()["stdlib"]
    found = []
    for dirpath, dirnames, filenames in os.walk(libdir):
        dirnames[:] = sorted(
            d
            for d in dirnames
            if d not in ("site-packages", "dist-packages", "__pycache__")
        )
        for name in sorted(filenames):
            if name.endswith(".py"):
                found.append(os.path.join(dirpath, name))
    return libdir, found


def accepted_by_cpython(paths):
    """(paths CPython's compile() accepts, count it rejects)."""
    accepted = []
    rejected = 0
    for path in paths:
        with open(path, "rb") as f:
            data = f.read()
        try:
            compile(data, path, "exec")
        except (SyntaxError, ValueError):
            rejected += 1
            continue
        accepted.append(path)
    return accepted, rejected


def _cpu(who):
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def time_cpython(paths):
    """(wall seconds, CPU seconds) of compile() over paths in this process."""
    start = time.perf_counter()
    cpu = _cpu(resource.RUSAGE_SELF)
    for path in paths:
        with open(path, "rb") as f:
            compile(f.read(), path, "exec")
    return time.perf_counter() - start, _cpu(resource.RUSAGE_SELF) - cpu


def time_translated(exe, paths):
    """(wall seconds, CPU seconds, process) of one run of exe over paths.  The
    CPU time (user + system) moves much less than wall time when other jobs
    load the machine."""
    start = time.perf_counter()
    cpu = _cpu(resource.RUSAGE_CHILDREN)
    proc = subprocess.run([exe] + paths, capture_output=True, timeout=600)
    elapsed = time.perf_counter() - start
    return elapsed, _cpu(resource.RUSAGE_CHILDREN) - cpu, proc


def untranslated_lines(paths):
    """The target's report lines for paths, running untranslated here."""
    import io

    root = os.path.dirname(
        os.path.dirname(
            os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        )
    )
    if root not in sys.path:
        sys.path.insert(0, root)
    from pypy.interpreter.astcompiler import targetcompile

    saved = sys.stdout
    sys.stdout = buf = io.StringIO()
    try:
        targetcompile.entry_point(["compile"] + paths)
    finally:
        sys.stdout = saved
    return buf.getvalue().splitlines()


def _runs(times):
    """'runs wall/cpu: 3.10/2.75, ...; best cpu 2.70'"""
    pairs = ", ".join("%.2f/%.2f" % (wall, cpu) for wall, cpu in times)
    return "runs wall/cpu: %s; best cpu %.2fs" % (pairs, min(c for _, c in times))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("executable", help="translated targetcompile.py")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--list", help="write the file list here")
    parser.add_argument(
        "--check", type=int, default=40, help="files compared with untranslated"
    )
    parser.add_argument(
        "--also",
        action="append",
        default=[],
        help="another translated executable to time in the same runs",
    )
    opts = parser.parse_args(argv)
    if not os.access(opts.executable, os.X_OK):
        parser.error("not an executable: %s" % opts.executable)
    libdir, paths = stdlib_files()
    files, rejected = accepted_by_cpython(paths)
    if opts.list:
        with open(opts.list, "w") as f:
            f.write("\n".join(files) + "\n")
    size = sum(os.path.getsize(p) for p in files)
    # runs interleaved (ours, --also ones, CPython) so that they share the load
    ours_times = []
    also_times = [[] for _ in opts.also]
    cpython_times = []
    for _ in range(opts.runs):
        elapsed, cpu, proc = time_translated(opts.executable, files)
        ours_times.append((elapsed, cpu))
        for i in range(len(opts.also)):
            also_times[i].append(time_translated(opts.also[i], files)[:2])
        cpython_times.append(time_cpython(files))
    ours = min(ours_times)[0]
    cpython = min(cpython_times)[0]
    out = proc.stdout.decode("utf-8", "replace").splitlines()
    failures = [line for line in out[:-1] if " code objects, " not in line]
    print("stdlib: %s" % libdir)
    print(
        "%d files (%d bytes); skipped: %d rejected by CPython"
        % (len(files), size, rejected)
    )
    print(
        "translated parse+compile: %.2fs wall, exit %d; %s"
        % (ours, proc.returncode, _runs(ours_times))
    )
    for i in range(len(opts.also)):
        print(
            "also %s: %.2fs wall; %s"
            % (opts.also[i], min(also_times[i])[0], _runs(also_times[i]))
        )
    print("CPython 3.11 compile():   %.2fs wall; %s" % (cpython, _runs(cpython_times)))
    print("summary line: %s" % (out[-1] if out else "(no output)"))
    if proc.returncode < 0 or (proc.returncode != 0 and not failures):
        print("crash: %s" % proc.stderr.decode("utf-8", "replace")[-2000:])
    for line in failures[:20]:
        print("  failed: %s" % line)
    status = 0 if proc.returncode == 0 else 1
    if opts.check > 0 and files:
        step = max(1, len(files) // opts.check)
        sample = files[::step][: opts.check]
        ours_by_file = {}
        for line in out[:-1]:
            ours_by_file[line.split(":", 1)[0]] = line
        differ = [
            (ours_by_file.get(line.split(":", 1)[0]), line)
            for line in untranslated_lines(sample)[:-1]
            if ours_by_file.get(line.split(":", 1)[0]) != line
        ]
        print(
            "untranslated check: %d of %d sampled files give identical report lines"
            % (len(sample) - len(differ), len(sample))
        )
        for got, want in differ[:10]:
            print("  translated:   %s\n  untranslated: %s" % (got, want))
        if differ:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
