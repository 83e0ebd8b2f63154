"""Our symbol table against CPython's `symtable` module, and its SyntaxErrors."""

import ast as cpy_ast
import symtable as cpy_symtable

import pytest

from pypy.interpreter.astcompiler import symtable
from pypy.interpreter.astcompiler.tools.from_cpython import convert
from pypy.interpreter.pyparser.error import PySyntaxError

SNIPPETS = [
    "x = 1\ndef f(a, b=x):\n    c = a\n    return c + y",
    "def outer():\n    x = 1\n    def inner():\n        return x\n    return inner",
    "def outer():\n    x = 1\n    def mid():\n        def inner():\n            return x\n        return inner\n    return mid",
    "def f():\n    x = 1\n    def g():\n        nonlocal x\n        x = 2\n    return g",
    "def f():\n    global g\n    g = 1\n    def h():\n        return g",
    "class C:\n    x = 1\n    def m(self):\n        return x\n    def n(self):\n        return super().n()",
    "class C:\n    def m(self):\n        return __class__",
    "def f():\n    class C:\n        y = x\n    x = 1",
    "def f():\n    x = 1\n    class C:\n        x = 2\n        def m(self):\n            return x",
    "def f(a, /, b, *c, d, **e):\n    return [a + i for i in b if i > d]",
    "def f(xs):\n    return {k: v for k, v in xs}, {z for z in xs}, (w for w in xs)",
    "def f(xs):\n    [y := i for i in xs]\n    return y",
    "[y := i for i in range(3)]",
    "def f():\n    lam = lambda a, *b: a + q\n    q = 1\n    return lam",
    "import os.path, sys as system\nfrom x import y as z, w",
    "class C:\n    __private = 1\n    def m(self):\n        __hidden = 2\n        return self.__private + __hidden",
    "x: int = 1\ndef f():\n    y: int\n    z: str = 'a'\n    return y",
    "async def f():\n    async for a in b:\n        await c\n    return [await d for d in e]",
    "def g():\n    yield 1\n    x = yield from h()",
    "try:\n    pass\nexcept E as e:\n    pass",
    "match p:\n    case [a, *rest] | {'k': a, **rest}:\n        pass\n    case C(x=b) as c:\n        pass",
    "def f():\n    def g():\n        def h():\n            nonlocal v\n            v = 3\n        v = 2\n    v = 1",
    "def f(x):\n    def g():\n        return x\n    return g",
    "class T:\n    def m(self):\n        class X:\n            global __class__\n"
    "        class Y:\n            nonlocal __class__\n            __class__ = 1",
    "async def f():\n    return [[i async for i in a] for j in b]",
]


def cpython_table(table):
    result = {}

    def walk(t, path):
        symbols = {}
        for sym in t.get_symbols():
            symbols[sym.get_name()] = (
                sym.is_local(),
                sym.is_global(),
                sym.is_declared_global(),
                sym.is_free(),
                sym.is_parameter(),
                sym.is_referenced(),
                sym.is_assigned(),
                sym.is_imported(),
                sym.is_annotated(),
                sym.is_nonlocal(),
            )
        result[path] = symbols
        for i, child in enumerate(t.get_children()):
            walk(child, path + ((i, child.get_name()),))

    walk(table, ())
    return result


def our_table(top):
    result = {}

    def walk(scope, path):
        symbols = {}
        # CPython's symtable.py decides "module scope" by the table's name being
        # "top", so a function named top gets the module treatment too
        module_like = scope.block_type == symtable.BLOCK_MODULE or scope.name == "top"
        for name, flags in scope.symbols.items():
            sc = scope.lookup(name)
            symbols[name] = (
                sc in (symtable.SCOPE_LOCAL, symtable.SCOPE_CELL)
                or (module_like and bool(flags & symtable.DEF_BOUND)),
                sc in (symtable.SCOPE_GLOBAL_EXPLICIT, symtable.SCOPE_GLOBAL_IMPLICIT)
                or (module_like and bool(flags & symtable.DEF_BOUND)),
                sc == symtable.SCOPE_GLOBAL_EXPLICIT,
                sc == symtable.SCOPE_FREE,
                bool(flags & symtable.DEF_PARAM),
                bool(flags & symtable.USE),
                bool(flags & symtable.DEF_LOCAL),
                bool(flags & symtable.DEF_IMPORT),
                bool(flags & symtable.DEF_ANNOT),
                bool(flags & symtable.DEF_NONLOCAL),
            )
        result[path] = symbols
        for i, child in enumerate(scope.children):
            walk(child, path + ((i, child.name),))

    walk(top, ())
    return result


def build(src):
    return symtable.SymtableBuilder(convert(cpy_ast.parse(src)))


def _library_sample(count):
    import glob
    import os
    import sysconfig

    libdir = sysconfig.get_paths()["stdlib"]
    files = sorted(glob.glob(os.path.join(libdir, "**", "*.py"), recursive=True))
    return files[:: max(1, len(files) // count)][:count]


@pytest.mark.parametrize("path", _library_sample(25))
def test_library_file_matches_cpython_symtable(path):
    with open(path, "rb") as f:
        src = f.read()
    try:
        tree = cpy_ast.parse(src)
        expected = cpython_table(cpy_symtable.symtable(src, path, "exec"))
    except (SyntaxError, ValueError):
        pytest.skip("not valid Python 3.11")
    ours = our_table(symtable.SymtableBuilder(convert(tree)).top)
    assert ours == expected


@pytest.mark.parametrize("src", SNIPPETS)
def test_matches_cpython_symtable(src):
    expected = cpython_table(cpy_symtable.symtable(src, "<test>", "exec"))
    ours = our_table(build(src).top)
    assert ours == expected


def test_cells_and_frees():
    st = build(SNIPPETS[2])
    outer = st.top.children[0]
    mid = outer.children[0]
    inner = mid.children[0]
    assert outer.cell_names() == ["x"]
    assert mid.free_names() == ["x"]
    assert inner.free_names() == ["x"]
    cls = build(SNIPPETS[6]).top.children[0]
    assert cls.needs_class_closure
    assert cls.cell_names() == ["__class__"]
    assert cls.children[0].free_names() == ["__class__"]


def test_generator_and_coroutine_flags():
    st = build(SNIPPETS[18])
    assert st.top.children[0].is_generator
    st = build(SNIPPETS[17])
    assert st.top.children[0].is_coroutine


ERRORS = [
    "def f():\n    x = 1\n    global x",
    "def f():\n    print(x)\n    global x",
    "def f(x):\n    global x",
    "def f():\n    x: int\n    global x",
    "def f():\n    print(x)\n    nonlocal x",
    "def f(x):\n    nonlocal x",
    "nonlocal x",
    "def f():\n    nonlocal x",
    "def f():\n    x = 1\n    def g():\n        global x\n        nonlocal x",
    "def f(a, a):\n    pass",
    "def f():\n    from os import *",
    "[(yield x) for x in y]",
    "{x: (yield) for x in y}",
    "[i := 0 for i in range(3)]",
    "[x for x in (y := [1])]",
    "class C:\n    [y := 1 for i in x]",
    "def f():\n    global x\n    x: int = 1",
    "from __future__ import nested_scopes\nimport os\nfrom __future__ import division",
    "from __future__ import nope",
    "from __future__ import braces",
]


@pytest.mark.parametrize("src", ERRORS)
def test_syntax_errors_match_cpython(src):
    with pytest.raises(SyntaxError) as expected:
        compile(src, "<test>", "exec")
    tree = cpy_ast.parse(src)
    with pytest.raises(PySyntaxError) as ours:
        symtable.SymtableBuilder(convert(tree))
    assert ours.value.msg == expected.value.msg
    assert ours.value.lineno == expected.value.lineno
    assert ours.value.offset == expected.value.offset
    if expected.value.end_offset is not None:
        assert ours.value.end_lineno == expected.value.end_lineno
        assert ours.value.end_offset == expected.value.end_offset
