"""Run the stmgc benchmarks and print the tables for stmgc/README.md.

Usage: python bench/run.py BUILD_DIR [overhead] [scale] [conflicts]
(``make -C stmgc bench`` runs all three)

- overhead: CPU time (user+sys, min of REPEAT interleaved runs) of the
  same workload through the STM build and the no-STM build (barriers
  without STM work, same GC); ratio = stm / nostm.
- scaling: wall time (min of REPEAT_SCALE interleaved runs) of 2 threads
  doing 2 independent copies vs 1 thread doing 1 copy, next to the same
  ratio for a pure spin loop (how many cores the loaded machine really gave
  us at that moment); the per-thread CPU-time ratio, which shows the extra
  work of running in parallel independently of the machine's load; and the
  library's diagnostics for 2 threads: commits, stop-the-world count, pauses,
  pages privatized (mmap calls), re-share calls, mutex acquisitions, page
  faults, voluntary context switches (sleeps in the kernel), and the time
  spent waiting, paused, and with the world stopped.
- conflicts: 2 threads, a tunable per-mille of transactions writing one
  shared object: commits/s and aborts.
"""

import os
import resource
import subprocess
import sys

REPEAT = 9
REPEAT_SCALE = 7
SCALE_ROUNDS = "30000"  # about 0.7 s per copy: long enough for stable ratios
TIME_KEYS = ("waiting", "paused", "world_stopped")


def run(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    fields = dict(kv.split("=") for kv in out.split())
    return float(fields["seconds"]), cpu, fields


def best_interleaved(cmds):
    """CPU time (min of REPEAT) of each command, the runs of the commands
    alternating so that load changes hit them alike."""
    times = [[] for _ in cmds]
    for _ in range(REPEAT):
        for cmd, t in zip(cmds, times):
            t.append(run(cmd)[1])
    return [min(t) for t in times]


def overhead(stm, nostm):
    print(
        "## Single-thread overhead (CPU seconds, min of %d interleaved runs, "
        "load average %.1f at start)\n" % (REPEAT, os.getloadavg()[0])
    )
    print("| workload | STM | no-STM | ratio |")
    print("|---|---|---|---|")
    for mode, rounds in (("overhead", 5000), ("overhead-short", 5000)):
        a, b = best_interleaved([[stm, mode, str(rounds)], [nostm, mode, str(rounds)]])
        print("| %s %d | %.3f | %.3f | %.2fx |" % (mode, rounds, a, b, a / b))


def scaling(stm, nostm, spin):
    # Scaling: the 1-thread and 2-thread runs of every program are
    # interleaved (round-robin, REPEAT_SCALE rounds) so that load changes
    # on the shared machine hit all configurations alike; each run gives
    # its wall time and, for the bench, the load-independent diagnostics
    # it prints (per-thread CPU time, library counters).
    progs = (
        ("bench scale (STM)", [stm, "scale"], SCALE_ROUNDS),
        ("bench scale (no-STM build)", [nostm, "scale"], SCALE_ROUNDS),
        ("spin loop (machine)", [spin], None),
    )
    results = {name: ([], []) for name, _, _ in progs}
    load = os.getloadavg()[0]
    for _ in range(REPEAT_SCALE):
        for name, cmd, rounds in progs:
            for nthreads, runs in zip(("1", "2"), results[name]):
                args = cmd + [nthreads] + ([rounds] if rounds else [])
                runs.append(run(args))
    print(
        "\n## Scaling: 2 copies on 2 threads vs 1 copy on 1 thread "
        "(%s rounds, min of %d interleaved runs, load average %.1f at start)\n"
        % (SCALE_ROUNDS, REPEAT_SCALE, load)
    )
    print(
        "| program | wall 1 | wall 2 | wall ratio | CPU 1 | CPU 2 "
        "| CPU 2 / (2 x CPU 1) |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, _, _ in progs:
        one, two = results[name]
        w1, w2 = min(r[0] for r in one), min(r[0] for r in two)
        # per-thread CPU clocks when the program reports them (they do not
        # count time spent descheduled), else the process CPU time
        c1 = min(float(r[2].get("thread_cpu_sum", r[1])) for r in one)
        c2 = min(float(r[2].get("thread_cpu_sum", r[1])) for r in two)
        row = (name, w1, w2, w2 / w1, c1, c2, c2 / (2 * c1))
        print("| %s | %.3f | %.3f | %.2f | %.3f | %.3f | %.3f |" % row)

    print(
        "\n### Scaling diagnostics, 2 threads (median of the runs; counts do not"
        " depend on the load, times do)\n"
    )
    keys = (
        "commits",
        "world_stops",
        "pauses",
        "privatized",
        "reshare_calls",
        "major",
        "mutex_locks",
        "minflt",
        "voluntary_switches",
        "waiting",
        "paused",
        "world_stopped",
    )
    print("| program | " + " | ".join(keys) + " |")
    print("|---|" + "---|" * len(keys))
    for name, _, _ in progs[:2]:
        two = results[name][1]
        cells = []
        for key in keys:
            vals = sorted(float(r[2][key]) for r in two)
            v = vals[len(vals) // 2]
            cells.append("%.4f" % v if v != int(v) or key in TIME_KEYS else "%d" % v)
        print("| %s | %s |" % (name, " | ".join(cells)))


def conflicts(stm):
    print("\n## Conflicts: 2 threads, 200 private writes per transaction\n")
    print("| shared-write per-mille | commits/s | aborts per 1000 commits |")
    print("|---|---|---|")
    rounds = 20000
    for pm in (0, 10, 100, 500, 1000):
        _, _, f = run([stm, "conflict", "2", str(pm), str(rounds)])
        aborts = int(f["aborts"])
        print(
            "| %d | %s | %.1f |"
            % (pm, f["commits_per_s"], 1000.0 * aborts / (2 * rounds))
        )


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    parts = sys.argv[2:] or ["overhead", "scale", "conflicts"]
    for part in parts:
        if part not in ("overhead", "scale", "conflicts"):
            sys.exit("usage: run.py BUILD_DIR [overhead] [scale] [conflicts]")
    stm = os.path.join(build, "bench-stm")
    nostm = os.path.join(build, "bench-nostm")
    spin = os.path.join(build, "spin")
    here = os.path.dirname(os.path.abspath(__file__))
    subprocess.run(
        ["gcc", "-O2", "-pthread", os.path.join(here, "spin.c"), "-o", spin], check=True
    )
    if "overhead" in parts:
        overhead(stm, nostm)
    if "scale" in parts:
        scaling(stm, nostm, spin)
    if "conflicts" in parts:
        conflicts(stm)


if __name__ == "__main__":
    main()
