"""Time our compiler against CPython's on the standard library's top-level modules.

    .venv/bin/python pypy/interpreter/astcompiler/tools/bench_compile.py

Untranslated (running on the host CPython), so it measures the algorithms, not
the translated speed.  Parsing uses CPython's ast plus from_cpython.
"""

import ast
import glob
import os
import sys
import sysconfig
import time

sys.path.insert(
    0,
    os.path.dirname(
        os.path.dirname(
            os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        )
    ),
)

from pypy.interpreter.astcompiler.codegen import compile_ast  # noqa: E402
from pypy.interpreter.astcompiler.tools.from_cpython import convert  # noqa: E402


def main():
    libdir = sysconfig.get_paths()["stdlib"]
    files = sorted(glob.glob(os.path.join(libdir, "*.py")))
    sources = []
    for path in files:
        with open(path, "rb") as f:
            sources.append(f.read())
    start = time.time()
    trees = [convert(ast.parse(source)) for source in sources]
    convert_time = time.time() - start
    start = time.time()
    for tree in trees:
        compile_ast(tree)
    ours = time.time() - start
    start = time.time()
    for source in sources:
        compile(source, "x", "exec")
    cpython = time.time() - start
    print(
        "%d files, %d bytes: our compile_ast %.2fs (untranslated); "
        "CPython compile() including its parser %.2fs; CPython parse + convert %.2fs"
        % (len(files), sum(len(s) for s in sources), ours, cpython, convert_time)
    )


if __name__ == "__main__":
    main()
