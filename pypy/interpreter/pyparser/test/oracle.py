"""Helpers for the oracle tests: our parser's result next to CPython's.

A result is the `ast.dump(..., include_attributes=True)` text, or for a
rejected source "SyntaxError: msg @ line:offset".
"""

import ast
import sys
import warnings

from pypy.interpreter.pyparser.dump import dump
from pypy.interpreter.pyparser.error import PySyntaxError
from pypy.interpreter.pyparser.pyparse import parse

# untranslated, every nesting level costs a few Python frames
sys.setrecursionlimit(max(sys.getrecursionlimit(), 100000))


def host_result(source):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            tree = ast.parse(source)
        except SyntaxError as e:
            return "SyntaxError: %s @ %s:%s" % (e.msg, e.lineno, e.offset)
    return ast.dump(tree, include_attributes=True)


def our_result(source):
    """Our result; any exception other than PySyntaxError propagates."""
    try:
        tree = parse(source)
    except PySyntaxError as e:
        return "SyntaxError: %s @ %s:%s" % (e.msg, e.lineno, e.offset)
    return dump(tree, True)


def accepted(result):
    return not result.startswith("SyntaxError: ")


def read_snippets(path):
    with open(path) as f:
        return f.read().split("\n#####\n")
