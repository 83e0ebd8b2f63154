"""The generated node classes against CPython's ast module, via from_cpython."""

import ast as cpy_ast
import glob
import os
import sysconfig

import pytest

from pypy.interpreter.astcompiler import ast, constants
from pypy.interpreter.astcompiler.tools.from_cpython import convert, dump

SNIPPETS = [
    "x = 1",
    "def f(a, /, b=2, *c, d, e=3, **g) -> int:\n    return a",
    "async def f():\n    async with a as b, c:\n        await x\n    async for i in y: pass",
    "class C(B, metaclass=M):\n    @dec\n    def m(self): yield from x",
    "try:\n    pass\nexcept* E as e:\n    pass\nfinally:\n    pass",
    "match x:\n    case [1, *r] | {'k': v, **kw} | C(a, b=c) | None | (1 as z):\n        pass\n    case _ if y:\n        pass",
    "f'{x!r:>{w}} {y=}'",
    "x = b'\\x00\\'' + 'caf\\u00e9\\n' + 10**100 + 1.5 + 2j + ...",
    "a[1:2, ::3] = {k: v for k, v in d if k}; del a.b",
    "lambda *, k=1: (yield)",
    "from ..m import (a as b, c)\nimport x.y as z\nglobal q\nnonlocal r",
    "x: int = (y := 3)\nx += 1\nassert x, 'm'\nraise E from F",
    "with (a as b, c as d): pass\nwhile x: break\nelse: continue",
    "{1, 2}; [*a, *b]; f(*a, **k); not -x; a < b <= c is not d",
]


@pytest.mark.parametrize("src", SNIPPETS)
def test_dump_matches_cpython(src):
    tree = cpy_ast.parse(src)
    ours = convert(tree)
    assert isinstance(ours, ast.Module)
    assert dump(ours) == cpy_ast.dump(tree)
    assert dump(ours, True) == cpy_ast.dump(tree, include_attributes=True)


def test_every_cpython_node_class_exists():
    for name in dir(cpy_ast):
        cls = getattr(cpy_ast, name)
        if not isinstance(cls, type) or not issubclass(cls, cpy_ast.AST):
            continue
        if name in ("Num", "Str", "Bytes", "NameConstant", "Ellipsis", "Suite"):
            continue
        if name in ("AugLoad", "AugStore", "Param", "slice", "Index", "ExtSlice"):
            continue
        ours = getattr(ast, name)
        assert ours._fields == cls._fields, name
        assert ours._attributes == cls._attributes, name


def test_constant_reprs():
    for value in [
        None,
        True,
        False,
        ...,
        0,
        -5,
        2**80,
        1.5,
        -0.0,
        1e300,
        1j,
        1 + 2j,
        -1.5 - 0.5j,
        "a'b",
        'x"',
        "\x00\u1234\U0001f600é",
        b"\x00'\"\x7f",
        (1,),
        (1, "a"),
        (),
        frozenset(),
    ]:
        tree = cpy_ast.Constant(value)
        from pypy.interpreter.astcompiler.tools.from_cpython import convert_constant

        assert convert_constant(value).repr() == repr(value)
    assert constants.ConstFloat(0.0).key() != constants.ConstFloat(-0.0).key()
    assert constants.ConstInt(1).key() != constants.ConstFloat(1.0).key()
    assert constants.CONST_TRUE.key() != constants.ConstInt(1).key()
    assert tree is not None


class CountNames(ast.GenericASTVisitor):
    def __init__(self):
        self.names = []

    def visit_Name(self, node):
        self.names.append(node.id)


def test_generic_visitor_reaches_nested_names():
    tree = convert(cpy_ast.parse("def f(a=x):\n    return [y for z in w if v]"))
    visitor = CountNames()
    tree.walkabout(visitor)
    assert sorted(visitor.names) == ["v", "w", "x", "y", "z"]


class SwapAdd(ast.ASTTransformer):
    def transform_BinOp(self, node):
        return ast.BinOp(node.right, node.op, node.left)


def test_transformer_replaces_nodes():
    tree = convert(cpy_ast.parse("a + (b + c)"))
    tree.mutate_over(SwapAdd())
    assert dump(tree) == cpy_ast.dump(cpy_ast.parse("(c + b) + a"))


def test_base_visitor_reports_missing_method():
    with pytest.raises(ast.NodeVisitorNotImplemented):
        convert(cpy_ast.parse("x")).walkabout(ast.ASTVisitor())


def _stdlib_sample(count):
    libdir = sysconfig.get_paths()["stdlib"]
    files = sorted(glob.glob(os.path.join(libdir, "*.py")))
    return files[:: max(1, len(files) // count)][:count]


@pytest.mark.parametrize("path", _stdlib_sample(8))
def test_stdlib_files_roundtrip(path):
    with open(path, "rb") as f:
        tree = cpy_ast.parse(f.read())
    assert dump(convert(tree), True) == cpy_ast.dump(tree, include_attributes=True)
