"""``python3 -m llvmfix``: report whether the installed compilers are segment-safe.

Prints, for each compiler and optimisation level, the verdict of every check
pattern built with the shared flags from ``segflags.mk`` and, with
``--no-flags``, without them (how the findings in README.md were made).  Exit
status 1 when a required pattern is not "ok" with the shared flags.
"""

import argparse
import sys

from llvmfix import checks


def main(argv=None):
    p = argparse.ArgumentParser(prog="python3 -m llvmfix", description=__doc__)
    p.add_argument(
        "--no-flags",
        action="store_true",
        help="also build every pattern without the shared flags",
    )
    p.add_argument("--opt", default="-O0,-O2", help="levels (default -O0,-O2)")
    args = p.parse_args(argv)
    compilers = checks.available_compilers()
    if not compilers:
        print("llvmfix: neither gcc nor clang found")
        return 1
    flag_sets = [("shared flags", None)]
    if args.no_flags:
        flag_sets.append(("no flags", []))
    bad = 0
    for cc in compilers:
        print("%s: %s" % (cc, checks.compiler_version(cc)))
        print("  shared flags: %s" % " ".join(checks.seg_cflags(cc)))
        for label, flags in flag_sets:
            for opt in args.opt.split(","):
                cells = []
                for pattern in checks.ALL_PATTERNS:
                    res = checks.check(cc, opt, pattern, flags)
                    cells.append("%s=%s" % (pattern, res["status"]))
                    required = pattern in checks.REQUIRED_PATTERNS
                    if flags is None and res["status"] != "ok":
                        if required or res["status"] not in ("refused", "skip"):
                            bad += 1
                print("  %-12s %-3s %s" % (label, opt, " ".join(cells)))
    print(
        "llvmfix: %s"
        % ("all required checks ok" if not bad else "%d required checks FAILED" % bad)
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
