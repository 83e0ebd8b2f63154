"""``python3 -m testrunner``: run the repository's test suites.

Examples::

    python3 -m testrunner                       # every suite, one worker per CPU
    python3 -m testrunner rpython/flowspace/test llvmfix
    python3 -m testrunner -k barrier --slow -j 1 --junitxml out/junit.xml
"""

import argparse
import os
import sys

from testrunner import discovery, runner

DEFAULT_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def make_parser():
    p = argparse.ArgumentParser(
        prog="python3 -m testrunner",
        description="Discover the test suites (one per top-level package plus "
        "each test/ folder) and run them as parallel pytest processes.",
    )
    p.add_argument(
        "suites",
        nargs="*",
        metavar="SUITE",
        help="suite names or folder prefixes (default: all)",
    )
    p.add_argument(
        "-k",
        dest="keyword",
        metavar="EXPR",
        help="only tests matching EXPR (passed to pytest -k)",
    )
    p.add_argument(
        "--slow",
        action="store_true",
        help="include tests marked slow (passed to pytest)",
    )
    p.add_argument("--junitxml", metavar="PATH", help="write one merged junit XML file")
    p.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="parallel workers (default: CPU count)",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=3600,
        metavar="SECONDS",
        help="time limit per suite (default: 3600)",
    )
    p.add_argument(
        "--heartbeat",
        type=float,
        default=60,
        metavar="SECONDS",
        help="list the suites still running this often (default: 60, 0: never)",
    )
    p.add_argument(
        "--list", action="store_true", help="list the discovered suites and exit"
    )
    p.add_argument("--root", default=DEFAULT_ROOT, help=argparse.SUPPRESS)
    return p


def choose_python(root):
    """The interpreter for the pytest processes.

    ``make test`` runs us with .venv/bin/python, which has every test
    dependency.  Run as plain ``python3 -m testrunner`` from an interpreter
    that lacks them, we still use the project's .venv when it exists.
    """
    venv_python = os.path.join(root, ".venv", "bin", "python")
    try:
        import cffi  # noqa: F401
        import hypothesis  # noqa: F401
        import pytest  # noqa: F401
    except ImportError:
        if os.path.isfile(venv_python):
            return venv_python
    return sys.executable


def main(argv=None):
    args = make_parser().parse_args(argv)
    if args.jobs < 1:
        print("testrunner: -j needs a positive number", file=sys.stderr)
        return 2
    root = os.path.abspath(args.root)
    suites = discovery.discover(root)
    try:
        suites = discovery.select(suites, args.suites)
    except ValueError as e:
        print("testrunner: %s" % e, file=sys.stderr)
        return 2
    if args.list:
        for s in suites:
            print(s.name)
        return 0
    if not suites:
        print("testrunner: no test suites found under %s" % root)
        print("0 passed, 0 failed")
        return 1
    jobs = min(args.jobs, len(suites))
    print("testrunner: %d suites, %d workers" % (len(suites), jobs), flush=True)
    python = choose_python(root)
    if python != sys.executable:
        print("testrunner: running pytest with %s" % python, flush=True)
    results = runner.run_all(
        suites,
        root,
        jobs,
        python=python,
        keyword=args.keyword,
        slow=args.slow,
        timeout=args.timeout,
        heartbeat=args.heartbeat,
    )
    bad = [r for r in results if not r.ok]
    for r in bad:
        print()
        print("=" * 30, "%s: %s" % (r.suite.name, r.error or "failures"), "=" * 30)
        print(r.output.rstrip())
    if args.junitxml:
        runner.write_junit(results, args.junitxml)
    print()
    print(runner.format_table(results))
    passed, failed, skipped = runner.totals(results)
    print()
    if skipped:
        print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    else:
        print("%d passed, %d failed" % (passed, failed))
    sys.stdout.flush()
    if bad or passed == 0:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
