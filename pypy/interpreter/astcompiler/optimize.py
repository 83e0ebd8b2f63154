"""Constant folding on the AST, like CPython 3.11's AST optimizer (RPython).

Folds, bottom-up: unary and binary operators whose operands are constants (ints
that stay within a machine word, floats, str/bytes concatenation and repetition
within size limits), tuples of constants, subscripts of constant str/bytes/tuple
by a constant int, `not (a in b)` -> `a not in b` (and `is`), list/set displays of
constants used as the right side of `in` or as a `for` iterable (-> tuple /
frozenset), and `__debug__`.  Anything that could raise, or make a large object, is
left for run time, so folding never changes behaviour.
"""

import math

from pypy.interpreter.astcompiler import ast
from pypy.interpreter.astcompiler.constants import (
    ConstBool,
    ConstBytes,
    ConstComplex,
    ConstFloat,
    ConstFrozenset,
    ConstInt,
    ConstStr,
    ConstTuple,
    const_bool,
)
from rpython.rlib.rarithmetic import ovfcheck

MAX_STR_SIZE = 4096
MAX_COLLECTION_SIZE = 256


def _int_value(const):
    """The machine int of an int or bool constant (-1 for anything else)."""
    if isinstance(const, ConstInt):
        return const.value
    if isinstance(const, ConstBool):
        if const.value:
            return 1
        return 0
    return -1


def _is_int(const):
    return isinstance(const, ConstInt) or isinstance(const, ConstBool)


def _is_number(const):
    return _is_int(const) or isinstance(const, ConstFloat)


def _as_float(const):
    if isinstance(const, ConstFloat):
        return const.value
    return float(_int_value(const))


def _make_const(value, node):
    return ast.Constant(
        value, None, node.lineno, node.col_offset, node.end_lineno, node.end_col_offset
    )


def fold_int_binop(op, left, right):
    """Result ConstInt, or None when it would overflow or raise."""
    try:
        if isinstance(op, ast.Add):
            return ConstInt(ovfcheck(left + right))
        if isinstance(op, ast.Sub):
            return ConstInt(ovfcheck(left - right))
        if isinstance(op, ast.Mult):
            return ConstInt(ovfcheck(left * right))
        if isinstance(op, ast.FloorDiv):
            if right == 0:
                return None
            return ConstInt(ovfcheck(left // right))
        if isinstance(op, ast.Mod):
            if right == 0:
                return None
            return ConstInt(left % right)
        if isinstance(op, ast.LShift):
            if right < 0 or right >= 63:
                return None
            return ConstInt(ovfcheck(left << right))
        if isinstance(op, ast.RShift):
            if right < 0:
                return None
            if right >= 63:
                if left < 0:
                    return ConstInt(-1)
                return ConstInt(0)
            return ConstInt(left >> right)
        if isinstance(op, ast.BitAnd):
            return ConstInt(left & right)
        if isinstance(op, ast.BitOr):
            return ConstInt(left | right)
        if isinstance(op, ast.BitXor):
            return ConstInt(left ^ right)
        if isinstance(op, ast.Pow):
            if right < 0 or right > 128:
                return None
            result = 1
            for i in range(right):
                result = ovfcheck(result * left)
            return ConstInt(result)
    except OverflowError:
        return None
    return None


def fold_float_binop(op, left, right):
    if isinstance(op, ast.Add):
        return ConstFloat(left + right)
    if isinstance(op, ast.Sub):
        return ConstFloat(left - right)
    if isinstance(op, ast.Mult):
        return ConstFloat(left * right)
    if isinstance(op, ast.Div):
        if right == 0.0:
            return None
        return ConstFloat(left / right)
    return None


def fold_binop(op, left, right):
    if _is_int(left) and _is_int(right):
        if isinstance(op, ast.Div):
            b = _int_value(right)
            a = _int_value(left)
            if b == 0 or abs(a) > (1 << 52) or abs(b) > (1 << 52):
                return None
            return ConstFloat(float(a) / float(b))
        return fold_int_binop(op, _int_value(left), _int_value(right))
    if isinstance(left, ConstComplex) or isinstance(right, ConstComplex):
        if _is_number_or_complex(left) and _is_number_or_complex(right):
            return fold_complex_binop(op, left, right)
        return None
    if _is_number(left) and _is_number(right):
        result = fold_float_binop(op, _as_float(left), _as_float(right))
        if result is not None and (
            math.isinf(result.value) or math.isnan(result.value)
        ):
            return None
        return result
    if isinstance(op, ast.Add):
        if isinstance(left, ConstStr) and isinstance(right, ConstStr):
            if len(left.value) + len(right.value) <= MAX_STR_SIZE:
                return ConstStr(left.value + right.value)
        if isinstance(left, ConstBytes) and isinstance(right, ConstBytes):
            if len(left.value) + len(right.value) <= MAX_STR_SIZE:
                return ConstBytes(left.value + right.value)
        if isinstance(left, ConstTuple) and isinstance(right, ConstTuple):
            if len(left.items) + len(right.items) <= MAX_COLLECTION_SIZE:
                return ConstTuple(left.items + right.items)
    if isinstance(op, ast.Mult) and _is_int(right):
        count = _int_value(right)
        if count < 0:
            count = 0
        if isinstance(left, ConstStr):
            if count <= MAX_STR_SIZE and len(left.value) * count <= MAX_STR_SIZE:
                return ConstStr(left.value * count)
        if isinstance(left, ConstBytes):
            if count <= MAX_STR_SIZE and len(left.value) * count <= MAX_STR_SIZE:
                return ConstBytes(left.value * count)
    return None


def _is_number_or_complex(const):
    return _is_number(const) or isinstance(const, ConstComplex)


def _complex_parts(const):
    if isinstance(const, ConstComplex):
        return const.real, const.imag
    return _as_float(const), 0.0


def fold_complex_binop(op, left, right):
    # only + and -: a real operand is the complex (x, +0.0), as in CPython
    lr, li = _complex_parts(left)
    rr, ri = _complex_parts(right)
    if isinstance(op, ast.Add):
        real = lr + rr
        imag = li + ri
    elif isinstance(op, ast.Sub):
        real = lr - rr
        imag = li - ri
    else:
        return None
    return ConstComplex(real, imag)


def fold_unaryop(op, operand):
    if isinstance(op, ast.Not):
        return const_bool(not operand.truth())
    if _is_int(operand):
        value = _int_value(operand)
        if isinstance(op, ast.USub):
            if value == -value and value != 0:
                return None  # -(most negative int) overflows
            return ConstInt(-value)
        if isinstance(op, ast.UAdd):
            return ConstInt(value)
        if isinstance(op, ast.Invert):
            return ConstInt(~value)
    if isinstance(operand, ConstComplex):
        if isinstance(op, ast.USub):
            return ConstComplex(-operand.real, -operand.imag)
        if isinstance(op, ast.UAdd):
            return operand
    if isinstance(operand, ConstFloat):
        if isinstance(op, ast.USub):
            return ConstFloat(-operand.value)
        if isinstance(op, ast.UAdd):
            return operand
    return None


def fold_subscript(value, index):
    if not _is_int(index) or isinstance(index, ConstBool):
        return None
    i = _int_value(index)
    if isinstance(value, ConstTuple):
        n = len(value.items)
        if i < 0:
            i += n
        if 0 <= i < n:
            return value.items[i]
        return None
    if isinstance(value, ConstStr):
        n = len(value.value)
        if i < 0:
            i += n
        if 0 <= i < n:
            return ConstStr(value.value[i])
    return None


class ConstantFolder(ast.ASTTransformer):
    def __init__(self, optimize):
        self.optimize = optimize

    def transform_Name(self, node):
        if node.id == "__debug__" and isinstance(node.ctx, ast.Load):
            return _make_const(const_bool(self.optimize == 0), node)
        return node

    def transform_UnaryOp(self, node):
        operand = node.operand
        if isinstance(operand, ast.Constant):
            result = fold_unaryop(node.op, operand.value)
            if result is not None:
                return _make_const(result, node)
        if (
            isinstance(node.op, ast.Not)
            and isinstance(operand, ast.Compare)
            and len(operand.ops) == 1
        ):
            op = operand.ops[0]
            new_op = None
            if isinstance(op, ast.In):
                new_op = ast.notin_singleton
            elif isinstance(op, ast.NotIn):
                new_op = ast.in_singleton
            elif isinstance(op, ast.Is):
                new_op = ast.isnot_singleton
            elif isinstance(op, ast.IsNot):
                new_op = ast.is_singleton
            if new_op is not None:
                return ast.Compare(
                    operand.left,
                    [new_op],
                    operand.comparators,
                    node.lineno,
                    node.col_offset,
                    node.end_lineno,
                    node.end_col_offset,
                )
        return node

    def transform_BinOp(self, node):
        left = node.left
        right = node.right
        if isinstance(left, ast.Constant) and isinstance(right, ast.Constant):
            result = fold_binop(node.op, left.value, right.value)
            if result is not None:
                return _make_const(result, node)
        return node

    def transform_Tuple(self, node):
        if not isinstance(node.ctx, ast.Load):
            return node
        values = []
        for elt in node.elts:
            if not isinstance(elt, ast.Constant):
                return node
            values.append(elt.value)
        return _make_const(ConstTuple(values), node)

    def transform_Subscript(self, node):
        value = node.value
        index = node.slice
        if (
            isinstance(node.ctx, ast.Load)
            and isinstance(value, ast.Constant)
            and isinstance(index, ast.Constant)
        ):
            result = fold_subscript(value.value, index.value)
            if result is not None:
                return _make_const(result, node)
        return node

    def transform_Compare(self, node):
        # `x in [1, 2]` / `x in {1, 2}`: the display becomes a constant
        last_op = node.ops[-1]
        if isinstance(last_op, ast.In) or isinstance(last_op, ast.NotIn):
            last = node.comparators[-1]
            folded = fold_iterable_display(last)
            if folded is not None:
                node.comparators[-1] = folded
        return node

    def transform_For(self, node):
        folded = fold_iterable_display(node.iter)
        if folded is not None:
            node.iter = folded
        return node

    def transform_comprehension(self, node):
        folded = fold_iterable_display(node.iter)
        if folded is not None:
            node.iter = folded
        return node


def fold_iterable_display(node):
    """A list or set display of constants as a tuple / frozenset constant."""
    if isinstance(node, ast.List):
        elts = node.elts
    elif isinstance(node, ast.Set):
        elts = node.elts
    else:
        return None
    values = []
    for elt in elts:
        if not isinstance(elt, ast.Constant):
            return None
        values.append(elt.value)
    if isinstance(node, ast.Set):
        seen = {}
        unique = []
        for value in values:
            key = value.key()
            if key not in seen:
                seen[key] = None
                unique.append(value)
        return _make_const(ConstFrozenset(unique), node)
    return _make_const(ConstTuple(values), node)


class _AnnotationStash(ast.GenericASTVisitor):
    """Takes the annotations out of the tree during folding and puts them
    back: under `from __future__ import annotations` CPython 3.11 does not
    fold them (their source text is their value: `x: 1 + 2` is "1 + 2")."""

    def __init__(self):
        # one list of owners (arg, FunctionDef, AsyncFunctionDef, AnnAssign)
        # and one of their annotations
        self.owners = []
        self.annotations = []
        self.placeholder = ast.Name("", ast.load_singleton)

    def visit_arg(self, node):
        if node.annotation is not None:
            self.owners.append(node)
            self.annotations.append(node.annotation)
            node.annotation = None

    def visit_FunctionDef(self, node):
        if node.returns is not None:
            self.owners.append(node)
            self.annotations.append(node.returns)
            node.returns = None
        ast.GenericASTVisitor.visit_FunctionDef(self, node)

    def visit_AsyncFunctionDef(self, node):
        if node.returns is not None:
            self.owners.append(node)
            self.annotations.append(node.returns)
            node.returns = None
        ast.GenericASTVisitor.visit_AsyncFunctionDef(self, node)

    def visit_AnnAssign(self, node):
        self.owners.append(node)
        self.annotations.append(node.annotation)
        node.annotation = self.placeholder
        ast.GenericASTVisitor.visit_AnnAssign(self, node)

    def restore(self):
        for i in range(len(self.owners)):
            owner = self.owners[i]
            annotation = self.annotations[i]
            if isinstance(owner, ast.arg):
                owner.annotation = annotation
            elif isinstance(owner, ast.FunctionDef):
                owner.returns = annotation
            elif isinstance(owner, ast.AsyncFunctionDef):
                owner.returns = annotation
            elif isinstance(owner, ast.AnnAssign):
                owner.annotation = annotation


def optimize_ast(tree, optimize, future_annotations=False):
    stash = None
    if future_annotations:
        stash = _AnnotationStash()
        tree.walkabout(stash)
    result = tree.mutate_over(ConstantFolder(optimize))
    if stash is not None:
        stash.restore()
    assert isinstance(result, ast.mod)
    return result
