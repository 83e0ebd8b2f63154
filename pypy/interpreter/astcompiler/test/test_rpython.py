"""The compiler is RPython: the annotator and the rtyper accept compile_ast.

The trees are prebuilt (converted from CPython's ast at import time) so that this
checks our code only, not the parser's.  It covers every snippet of
test_compiler.CONSTRUCTS, so every node kind is seen with its fields filled in.
"""

import ast as cpy_ast

import pytest

from pypy.interpreter.astcompiler.codegen import compile_ast
from pypy.interpreter.astcompiler.misc import CompilerRecursionError
from pypy.interpreter.astcompiler.test.test_compiler import CONSTRUCTS
from pypy.interpreter.astcompiler.tools.from_cpython import convert
from pypy.interpreter.pyparser.error import PySyntaxError

TREES = [convert(cpy_ast.parse(src)) for src in CONSTRUCTS]


def entry_point(index):
    try:
        code = compile_ast(TREES[index], "<rpython>", "exec", 0, 0)
    except PySyntaxError:
        return -1
    except CompilerRecursionError:
        return -2
    return len(code.co_code) + code.co_stacksize


class _Node(object):
    def accept(self):
        raise NotImplementedError


class _IntNode(_Node):
    def __init__(self, value):
        self.value = value

    def accept(self):
        return self.value + 1


class _StrNode(_Node):
    def __init__(self, value):
        self.value = value

    def accept(self):
        return len(self.value)


def _double_dispatch(n):
    nodes = [_IntNode(n), _StrNode("x")]
    return nodes[n & 1].accept()


def annotator_types_self_precisely():
    """Classic RPython types `self` in _IntNode.accept as _IntNode even when
    called on a _Node; the AST visitors rely on that."""
    from rpython.annotator import model as annmodel
    from rpython.annotator.annrpython import RPythonAnnotator

    try:
        RPythonAnnotator().build_types(_double_dispatch, [int])
    except annmodel.AnnotatorError:
        return False
    return True


@pytest.mark.slow
def test_compiler_annotates():
    from rpython.annotator import model as annmodel
    from rpython.annotator.annrpython import RPythonAnnotator

    if not annotator_types_self_precisely():
        pytest.xfail("the annotator types `self` of subclass methods as the base class")
    from rpython.rtyper.rtyper import RPythonTyper

    annotator = RPythonAnnotator()
    s_result = annotator.build_types(entry_point, [int])
    assert isinstance(s_result, annmodel.SomeInteger)
    RPythonTyper(annotator).specialize()


def code_digest(code):
    """Everything in a code object (and its nested ones) as one string."""
    from pypy.interpreter.astcompiler.assemble import ConstCode

    parts = [code.co_qualname, str(code.co_stacksize), str(code.co_flags)]
    raw = code.co_code
    for i in range(len(raw)):
        parts.append(str(raw[i]))
    for const in code.co_consts:
        if isinstance(const, ConstCode):
            parts.append(code_digest(const.code))
        else:
            parts.append(const.repr())
    for name in code.co_names:
        parts.append(name)
    for name in code.co_varnames:
        parts.append(name)
    for entry in code.co_exceptiontable:
        parts.append(
            "%d-%d-%d-%d" % (entry.start, entry.end, entry.handler, entry.depth)
        )
    for number in code.co_linetable:
        parts.append(str(number))
    return ",".join(parts)


def _digest_of_tree(index):
    try:
        code = compile_ast(TREES[index], "<rpython>", "exec", 0, 0)
    except PySyntaxError as e:
        return "error " + e.msg
    return code_digest(code)


def digest_main(argv):
    for i in range(len(TREES)):
        print(_digest_of_tree(i))
    return 0


@pytest.mark.slow
def test_translated_compiler_gives_the_same_code(tmp_path):
    """Translate the compiler, run it on every snippet, and compare every byte
    of every code object with the untranslated compiler's."""
    import subprocess

    from pypy.interpreter.astcompiler import ast

    if not annotator_types_self_precisely():
        pytest.xfail("the annotator types `self` of subclass methods as the base class")
    from rpython.translator.c.test.support import translate_entry

    # one non-empty type_ignores list, so that the list has an item type
    TREES[0].type_ignores.append(ast.TypeIgnore(0, ""))
    try:
        exe = translate_entry(digest_main, cache=False)
        expected = [_digest_of_tree(i) for i in range(len(TREES))]
    finally:
        del TREES[0].type_ignores[:]
    proc = subprocess.run([exe], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == expected
