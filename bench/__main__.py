"""``python3 -m bench``: run benchmark suites and compare results.

python3 -m bench list
python3 -m bench run [SUITE...] [--interp NAME=CMD ...] [--threads 1,2,4]
                     [--runs N] [--scale X] [--noise 0.10] [--out DIR]
python3 -m bench compare OLD.json NEW.json [--threshold 0.05]
"""

import argparse
import datetime
import os
import sys

from bench import compare as compare_mod
from bench import interps as interps_mod
from bench import machine, report, stats, suites
from bench.measure import run_interleaved

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "bench", "results")


def default_threads():
    cores = os.cpu_count() or 1
    values = list(range(1, cores + 1)) + [2 * cores]
    return ",".join(str(v) for v in values)


def parse_threads(text):
    try:
        values = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise ValueError("--threads wants numbers like 1,2,4, got %r" % text)
    if not values or min(values) < 1:
        raise ValueError("--threads wants positive numbers, got %r" % text)
    return values


def make_parser():
    p = argparse.ArgumentParser(
        prog="python3 -m bench", description="Benchmarks with side-by-side ratios."
    )
    sub = p.add_subparsers(dest="command")
    sub.add_parser("list", help="list the suites")
    r = sub.add_parser("run", help="run suites")
    r.add_argument(
        "suites",
        nargs="*",
        metavar="SUITE",
        help="suites to run (default: all): %s" % ", ".join(suites.NAMES),
    )
    r.add_argument(
        "--interp",
        action="append",
        default=[],
        metavar="NAME=CMD",
        help="an interpreter to compare (repeatable); the first is the "
        "baseline of the ratios",
    )
    r.add_argument(
        "--threads",
        default=default_threads(),
        help="thread counts for scaling suites (default %(default)s)",
    )
    r.add_argument("--runs", type=int, default=3, help="runs per variant")
    r.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="multiply problem sizes (e.g. 0.2 for a quick look)",
    )
    r.add_argument(
        "--noise",
        type=float,
        default=stats.NOISE_THRESHOLD,
        help="spread above which figures are flagged (default 0.10)",
    )
    r.add_argument(
        "--timeout",
        type=float,
        default=1800,
        help="seconds per run before it is killed",
    )
    r.add_argument("--out", default=RESULTS, help="results folder")
    c = sub.add_parser("compare", help="compare two JSON results")
    c.add_argument("old")
    c.add_argument("new")
    c.add_argument("--threshold", type=float, default=compare_mod.DEFAULT_THRESHOLD)
    return p


def choose_interps(specs):
    """(existing interps, explicit?, messages about missing ones)."""
    msgs = []
    if specs:
        chosen = [interps_mod.parse(s) for s in specs]
        explicit = True
    else:
        chosen = interps_mod.defaults(ROOT)
        explicit = False
    found = []
    for i in chosen:
        if interps_mod.exists(i):
            found.append(i)
        else:
            msgs.append(
                "interpreter %s (%s) not found, left out" % (i.name, " ".join(i.argv))
            )
    return found, explicit, msgs


def progress(bench, variant, round_index, result):
    status = result.get("error") or "%.3f s" % result["wall"]
    print(
        "  %s [%s] run %d: %s" % (bench.name, variant.label, round_index + 1, status),
        flush=True,
    )


def run_suite(name, ctx, args, command):
    module = suites.load(name)
    doc = {
        "schema": report.SCHEMA,
        "suite": name,
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "command": command,
        "config": {
            "runs": args.runs,
            "threads": ctx.threads,
            "scale": args.scale,
            "noise": args.noise,
            "interps": {i.name: i.argv for i in ctx.interps},
        },
        "machine": machine.describe(ctx.interps),
        "notes": ctx.notes,
        "skipped": None,
        "benchmarks": [],
    }
    print("== %s: %s" % (name, module.DESCRIPTION), flush=True)
    try:
        benches = module.plan(ctx)
    except suites.SkipSuite as e:
        doc["skipped"] = str(e)
        print("== %s skipped: %s" % (name, e))
        return doc, False
    for note in ctx.notes:
        print("   note: %s" % note)
    failed = False
    for bench in benches:
        results = run_interleaved(
            bench, args.runs, timeout=args.timeout, progress=progress
        )
        analysed = stats.analyse(bench, results, args.noise)
        doc["benchmarks"].append(analysed)
        failed = failed or any(v["failed"] for v in analysed["variants"])
    return doc, failed


def cmd_run(args, command):
    try:
        threads = parse_threads(args.threads)
        names = args.suites or list(suites.NAMES)
        for n in names:
            suites.load(n)
        found, explicit, msgs = choose_interps(args.interp)
    except ValueError as e:
        print("bench: %s" % e, file=sys.stderr)
        return 2
    if args.runs < 1:
        print("bench: --runs must be at least 1", file=sys.stderr)
        return 2
    for m in msgs:
        print("bench: %s" % m)
    any_failed = False
    stamp = datetime.date.today().isoformat()
    for name in names:
        ctx = suites.Context(ROOT, found, explicit, threads, args.scale)
        doc, failed = run_suite(name, ctx, args, command)
        any_failed = any_failed or failed
        if doc["skipped"]:
            continue
        text = report.markdown(doc)
        paths = report.write(doc, args.out, "%s-%s" % (stamp, name))
        print()
        print(text)
        print("written: %s" % ", ".join(paths[k] for k in sorted(paths)))
        if "png" not in paths:
            print("no chart: nothing to draw or matplotlib missing")
    return 1 if any_failed else 0


def cmd_compare(args):
    try:
        old = compare_mod.load(args.old)
        new = compare_mod.load(args.new)
    except (OSError, ValueError) as e:
        print("bench compare: %s" % e, file=sys.stderr)
        return 2
    rows = compare_mod.compare(old, new, args.threshold)
    print(compare_mod.format_rows(rows))
    return 0


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    args = make_parser().parse_args(argv)
    if args.command == "list":
        for n in suites.NAMES:
            print("%-11s %s" % (n, suites.load(n).DESCRIPTION))
        return 0
    if args.command == "run":
        return cmd_run(args, ["python3", "-m", "bench"] + list(argv))
    if args.command == "compare":
        return cmd_compare(args)
    make_parser().print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
