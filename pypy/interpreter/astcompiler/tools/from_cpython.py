"""Convert CPython `ast` trees to our astcompiler.ast nodes (test-only, not RPython).

Lets the compiler be tested on `ast.parse(src)` before the project parser lands, and
gives the parser tests an oracle:  `convert(ast.parse(src))`.  `dump()` prints one
of our trees in the format of CPython's `ast.dump`.
"""

import ast as cpy_ast
import sys

from pypy.interpreter.astcompiler import ast, constants


def convert_constant(value):
    if value is None:
        return constants.CONST_NONE
    if value is Ellipsis:
        return constants.CONST_ELLIPSIS
    if value is True or value is False:
        return constants.const_bool(value)
    if isinstance(value, int):
        if -sys.maxsize - 1 <= value <= sys.maxsize:
            return constants.ConstInt(value)
        return constants.ConstBigInt(str(value))
    if isinstance(value, float):
        return constants.ConstFloat(value)
    if isinstance(value, complex):
        return constants.ConstComplex(value.real, value.imag)
    if isinstance(value, str):
        return constants.ConstStr(value)
    if isinstance(value, bytes):
        return constants.ConstBytes(value)
    if isinstance(value, tuple):
        return constants.ConstTuple([convert_constant(v) for v in value])
    if isinstance(value, frozenset):
        return constants.ConstFrozenset([convert_constant(v) for v in value])
    raise TypeError("not a constant: %r" % (value,))


def convert(node):
    """Our node for a CPython ast node (recursively); lists map to lists."""
    if isinstance(node, list):
        return [convert(item) for item in node]
    if node is None:
        return None
    if not isinstance(node, cpy_ast.AST):
        return node
    cls = getattr(ast, type(node).__name__)
    if (
        not cls._fields
        and not cls._attributes
        and issubclass(
            cls,
            (ast.expr_context, ast.boolop, ast.operator, ast.unaryop, ast.cmpop),
        )
    ):
        return getattr(ast, type(node).__name__.lower() + "_singleton")
    args = []
    for name in cls._fields:
        value = getattr(node, name, None)
        if name in ("value",) and isinstance(node, (cpy_ast.Constant,)):
            args.append(convert_constant(value))
        elif isinstance(node, cpy_ast.MatchSingleton) and name == "value":
            args.append(convert_constant(value))
        elif name == "level" and value is None:
            args.append(0)
        else:
            args.append(convert(value))
    for name in cls._attributes:
        value = getattr(node, name, None)
        args.append(0 if value is None else value)
    return cls(*args)


def _dump_value(value, include_attributes):
    if isinstance(value, list):
        return "[" + ", ".join(_dump_value(v, include_attributes) for v in value) + "]"
    if isinstance(value, ast.AST):
        return dump(value, include_attributes)
    if isinstance(value, constants.ConstValue):
        return value.repr()
    return repr(value)


def dump(node, include_attributes=False):
    """Our tree in the one-line format of CPython's ast.dump()."""
    cls = type(node)
    parts = []
    for name in cls._fields:
        value = getattr(node, name)
        # ast.dump (3.11) omits fields that are None; empty lists stay
        if value is None:
            continue
        parts.append("%s=%s" % (name, _dump_value(value, include_attributes)))
    if include_attributes:
        for name in cls._attributes:
            value = getattr(node, name)
            if value is None:
                continue
            parts.append("%s=%s" % (name, _dump_value(value, include_attributes)))
    return "%s(%s)" % (cls.__name__, ", ".join(parts))
