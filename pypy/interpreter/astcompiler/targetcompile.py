"""Translation target: parse and compile the Python files named on the command line.

    rpython pypy/interpreter/astcompiler/targetcompile.py
    ./compile-c FILE...           # prints one line per file and a summary

Each file is parsed by the project parser and compiled by this package; the
output says how many code objects and bytecode bytes it gave, or the SyntaxError.
Untranslated, `entry_point(["compile", FILE...])` does the same on CPython.
"""

import os

from pypy.interpreter.astcompiler.assemble import ConstCode
from pypy.interpreter.astcompiler.codegen import compile_source
from pypy.interpreter.astcompiler.misc import CompilerRecursionError
from pypy.interpreter.pyparser.error import PySyntaxError
from pypy.interpreter.pyparser.pyparse import decode_source


def read_file(path):
    fd = os.open(path, os.O_RDONLY, 0)
    chunks = []
    try:
        while True:
            data = os.read(fd, 65536)
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(fd)
    return b"".join(chunks)


def count_code(code):
    """(number of code objects, total co_code bytes) of code and its children."""
    objects = 1
    size = len(code.co_code)
    for const in code.co_consts:
        if isinstance(const, ConstCode):
            sub_objects, sub_size = count_code(const.code)
            objects += sub_objects
            size += sub_size
    return objects, size


def compile_file(path):
    """One report line for the file; the bool says whether it compiled."""
    try:
        data = read_file(path)
    except OSError as e:
        return "%s: cannot read (errno %d)" % (path, e.errno), False
    try:
        # the bytes are decoded as CPython does: BOM, coding cookie, UTF-8
        code = compile_source(decode_source(data), path, "exec")
    except PySyntaxError as e:
        return "%s:%d: %s" % (path, e.lineno, e.msg), False
    except CompilerRecursionError as e:
        return "%s: RecursionError: %s" % (path, e.msg), False
    objects, size = count_code(code)
    return "%s: %d code objects, %d bytes" % (path, objects, size), True


def entry_point(argv):
    if len(argv) < 2:
        print("usage: %s FILE..." % argv[0])
        return 2
    compiled = 0
    failed = 0
    for path in argv[1:]:
        line, ok = compile_file(path)
        print(line)
        if ok:
            compiled += 1
        else:
            failed += 1
    print("%d compiled, %d failed" % (compiled, failed))
    if failed:
        return 1
    return 0


def target(driver, args):
    return entry_point, None
