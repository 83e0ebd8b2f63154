#!/usr/bin/env python3
"""Print the project parser's AST of a file, exactly like CPython's ast.dump.

    pypy/tool/dump_ast.py [--attributes] FILE

Equivalent to `print(ast.dump(ast.parse(src), include_attributes=...))` but
with our tokenizer/parser (pypy/interpreter/pyparser) and our node classes.
A syntax error is printed CPython-style (with the caret) on stderr, exit
status 1.  `main(argv)` is written in RPython so it can run translated.
"""

import os
import sys

if __name__ == "__main__":
    sys.path.insert(
        0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    )
    # untranslated, every nesting level of the source costs Python frames
    sys.setrecursionlimit(100000)

from pypy.interpreter.pyparser.dump import dump  # noqa: E402
from pypy.interpreter.pyparser.error import PySyntaxError  # noqa: E402
from pypy.interpreter.pyparser.pyparse import parse  # noqa: E402

USAGE = "usage: dump_ast.py [--attributes] FILE\n"


def read_file(path):
    fd = os.open(path, os.O_RDONLY, 0)
    try:
        chunks = []
        while True:
            data = os.read(fd, 65536)
            if len(data) == 0:
                break
            chunks.append(data)
    finally:
        os.close(fd)
    return b"".join(chunks)


def write(fd, text):
    os.write(fd, text.encode("utf-8"))


def main(argv):
    attributes = False
    path = ""
    for arg in argv[1:]:
        if arg == "--attributes":
            attributes = True
        elif arg == "-h" or arg == "--help":
            write(1, USAGE)
            return 0
        elif path == "" and not arg.startswith("-"):
            path = arg
        else:
            write(2, USAGE)
            return 2
    if path == "":
        write(2, USAGE)
        return 2
    try:
        source = read_file(path)
    except OSError as e:
        write(2, "dump_ast.py: cannot read %s: %s\n" % (path, os.strerror(e.errno)))
        return 2
    try:
        tree = parse(source)
    except PySyntaxError as e:
        write(2, '  File "%s", line %d\n%s\n' % (path, e.lineno, e.format()))
        return 1
    write(1, dump(tree, attributes) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
