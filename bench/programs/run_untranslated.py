"""Run an RPython target's entry point untranslated on the host Python.

Usage: run_untranslated.py TARGET.py ARGS...  Imports the target module (with
the repository root on sys.path, as the rpython command does), asks
``target(None, [])`` for the entry point and calls it with
``[TARGET.py] + ARGS``; its return value is the exit status.  The toolchain
and rlib suites compare this against the translated executable.
"""

import importlib.util
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main(argv):
    if len(argv) < 2:
        print("usage: run_untranslated.py TARGET.py ARGS...")
        return 2
    path = os.path.abspath(argv[1])
    sys.path[:0] = [ROOT, os.path.dirname(path)]
    spec = importlib.util.spec_from_file_location("bench_target", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    entry = module.target(None, [])
    if isinstance(entry, tuple):
        entry = entry[0]
    return entry([path] + argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
