"""Speed check of the generated code (a benchmark, not a test).

    python3 -m rpython.translator.goal.bench [--quick]

- n-body: translated vs untranslated (CPython running the same target file),
  time per step, and the ratio (goal: >= 30x).
- binary-trees: translated with our generational GC vs with Boehm
  (`--gc=boehm`), wall time and peak RSS of each (goal: ours <= 1.5x Boehm).

Executables are built with the rpython command into a temporary folder.
"""

import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
RPYTHON = os.path.join(ROOT, "rpython", "bin", "rpython")


def translate(target, output, *options):
    cmd = [sys.executable, RPYTHON, "--output=" + output] + list(options)
    cmd.append(os.path.join(HERE, target))
    t0 = time.time()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.time() - t0


def measure(cmd):
    """(CPU seconds, peak RSS in MB, stdout) of one run.  CPU time (user +
    system, from wait4) rather than wall time: the machine is shared."""
    t0 = time.time()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    if proc.returncode != 0:
        raise RuntimeError("%s failed with %d" % (cmd, proc.returncode))
    del t0
    return cpu, usage.ru_maxrss / 1024.0, out.decode()


def translation_speed(tmp, host=sys.executable):
    """Translate the generated 1,000-line program; print the stage times."""
    cmd = [host, RPYTHON, "--output=" + os.path.join(tmp, "big-c")]
    cmd.append(os.path.join(HERE, "targetbig1000.py"))
    t0 = time.time()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    total = time.time() - t0
    print(
        "translation of targetbig1000.py on %s: %.1fs wall"
        % (os.path.basename(host), total)
    )
    for line in proc.stdout.splitlines():
        if line.startswith("[rpython]   "):
            print("   " + line[len("[rpython]") :])
    return total


def main(argv):
    quick = "--quick" in argv
    tmp = tempfile.mkdtemp(prefix="rpython-bench-")
    translation_speed(tmp)
    nbody = os.path.join(tmp, "nbody-c")
    translate("targetnbody.py", nbody)
    steps_c = 200000 if quick else 2000000
    steps_py = 20000 if quick else 100000
    t_c, _, out_c = measure([nbody, str(steps_c)])
    t_py, _, out_py = measure(
        [sys.executable, os.path.join(HERE, "targetnbody.py"), str(steps_py)]
    )
    per_c = t_c / steps_c
    per_py = t_py / steps_py
    print(
        "n-body: translated %.3fs CPU for %d steps, untranslated %.3fs CPU for %d steps"
        % (t_c, steps_c, t_py, steps_py)
    )
    print(
        "n-body: speed-up %.1fx (per step %.2gs vs %.2gs)"
        % (per_py / per_c, per_c, per_py)
    )
    depth = "16" if quick else "19"
    results = {}
    for gc in ("framework", "boehm"):
        exe = os.path.join(tmp, "binarytrees-%s" % gc)
        translate("targetbinarytrees.py", exe, "--gc=" + gc)
        results[gc] = measure([exe, depth])
        print(
            "binary-trees %s (depth %s): %.3fs CPU, peak RSS %.1f MB"
            % (gc, depth, results[gc][0], results[gc][1])
        )
    if results["framework"][2] != results["boehm"][2]:
        print("WARNING: outputs differ")
    print(
        "binary-trees: ours / boehm CPU time ratio %.2f"
        % (results["framework"][0] / results["boehm"][0])
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
