"""Speed of the translated engine against the host's C `re` (findall-like
loops over search).  Run: .venv/bin/python -m rpython.rlib.rsre.bench

The translated program's start-up is measured with 0 rounds and subtracted;
the figure printed is translated time per round / CPython time per round.
"""

import subprocess
import time

from rpython.rlib.rsre import core
from rpython.rlib.rsre.test.hostre import compile_code
from rpython.rlib.rsre.test.test_translated import parse_ints

PATTERNS = [
    r"\w+@\w+\.com",
    r"(\w+)\s+(\w+)",
    r"(?i)FOX|DOG",
    r"\d{3}-\d{4}",
    r"(?:a|b|c|d|e)+x",
    r"(?<=a)z|q(?!u)",
]
TEXT = (
    "The quick brown fox jumps over the lazy dog; mail bob@example.com, call 555-1234. "
    * 200
)


def bench_entry(argv):
    code = parse_ints(argv[1])
    text = argv[2]
    rounds = int(argv[3])
    ctx = core.StrContext(text)
    core.validate(code)  # once, as a pattern object would
    total = 0
    i = 0
    while i < rounds:
        pos = 0
        while pos <= len(text):
            m = core.search_validated(code, ctx, pos, -1)
            if m is None:
                break
            total += 1
            stop = m.end(0)
            pos = stop + 1 if stop == m.start(0) else stop
        i += 1
    print(total)
    return 0


def _run(exe, code, rounds):
    start = time.perf_counter()
    out = subprocess.run(
        [exe, ",".join(str(c) for c in code), TEXT, str(rounds)],
        capture_output=True,
        text=True,
    ).stdout
    return time.perf_counter() - start, int(out)


def main(rounds=100):
    from rpython.translator.c.test import support

    exe = support.translate_entry(bench_entry)
    for pattern in PATTERNS:
        code, compiled = compile_code(pattern)
        base, _ = _run(exe, code, 0)
        took, count = _run(exe, code, rounds)
        start = time.perf_counter()
        host_count = 0
        for _ in range(rounds):
            host_count += len(compiled.findall(TEXT))
        host = time.perf_counter() - start
        assert count == host_count, (pattern, count, host_count)
        per_round = max(took - base, 0.0) / rounds
        print(
            "%-20s translated %.3f ms/round  CPython re %.3f ms/round  ratio %.1f"
            % (
                pattern,
                per_round * 1e3,
                host / rounds * 1e3,
                per_round / (host / rounds),
            )
        )


if __name__ == "__main__":
    main()
