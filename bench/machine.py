"""Description of the machine a measurement ran on (stored in every JSON)."""

import os
import platform
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _first_line(argv):
    try:
        proc = subprocess.run(
            argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=20
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = proc.stdout.decode("utf-8", "replace").strip()
    if proc.returncode != 0 or not text:
        return None
    return text.splitlines()[0]


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def describe(interps=()):
    """A dict: CPU, cores, kernel, compilers, git revision, interpreters."""
    git = _first_line(["git", "-C", ROOT, "rev-parse", "HEAD"])
    dirty = _first_line(
        ["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"]
    )
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "cpu_model": cpu_model(),
        "cores": os.cpu_count(),
        "kernel": platform.release(),
        "system": platform.system(),
        "machine": platform.machine(),
        "python": platform.python_version(),
        "gcc": _first_line(["gcc", "--version"]),
        "clang": _first_line(["clang", "--version"]),
        "git_revision": git,
        "git_dirty": bool(dirty),
        "load_average": list(load) if load else None,
        "interpreters": {i.name: _first_line(i.argv + ["--version"]) for i in interps},
    }
