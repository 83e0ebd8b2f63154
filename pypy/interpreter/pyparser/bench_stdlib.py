"""Time our parser (untranslated) against CPython on the whole stdlib.

    .venv/bin/python -m pypy.interpreter.pyparser.bench_stdlib

Prints the number of files and the seconds spent by: our parse, CPython's
ast.parse, and CPython's compile() (parse + bytecode).  Not RPython.
"""

import ast
import sys
import time
import warnings

from pypy.interpreter.pyparser.error import PySyntaxError
from pypy.interpreter.pyparser.pyparse import parse
from pypy.interpreter.pyparser.test.test_stdlib_oracle import read, stdlib_files


def main():
    sys.setrecursionlimit(100000)
    sources = []
    for path in stdlib_files():
        data = read(path)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ast.parse(data)
        except SyntaxError:
            continue
        sources.append((path, data))
    t0 = time.perf_counter()
    for path, data in sources:
        try:
            parse(data)
        except PySyntaxError:
            pass
    ours = time.perf_counter() - t0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t0 = time.perf_counter()
        for path, data in sources:
            ast.parse(data)
        host_parse = time.perf_counter() - t0
        t0 = time.perf_counter()
        for path, data in sources:
            try:
                compile(data, path, "exec")
            except SyntaxError:
                pass  # compile-time errors (e.g. misplaced __future__)
        host_compile = time.perf_counter() - t0
    print("%d files" % len(sources))
    print("ours (untranslated, on CPython): %.2fs" % ours)
    print("CPython ast.parse:               %.2fs" % host_parse)
    print("CPython compile():               %.2fs" % host_compile)


if __name__ == "__main__":
    main()
