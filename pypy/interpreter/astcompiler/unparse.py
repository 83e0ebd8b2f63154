"""Expression unparser for `from __future__ import annotations` (RPython).

Annotations become strings in the form CPython's own unparser gives them, e.g.
`dict[str, list[int]] | None`.  Precedence levels decide where parentheses go.
"""

from pypy.interpreter.astcompiler import ast

PR_TUPLE = 0
PR_TEST = 1  # if-else, lambda
PR_OR = 2
PR_AND = 3
PR_NOT = 4
PR_CMP = 5
PR_BOR = 6
PR_BXOR = 7
PR_BAND = 8
PR_SHIFT = 9
PR_ARITH = 10
PR_TERM = 11
PR_FACTOR = 12
PR_POWER = 13
PR_AWAIT = 14
PR_ATOM = 15

BINOPS = {
    "Add": ("+", PR_ARITH),
    "Sub": ("-", PR_ARITH),
    "Mult": ("*", PR_TERM),
    "MatMult": ("@", PR_TERM),
    "Div": ("/", PR_TERM),
    "FloorDiv": ("//", PR_TERM),
    "Mod": ("%", PR_TERM),
    "Pow": ("**", PR_POWER),
    "LShift": ("<<", PR_SHIFT),
    "RShift": (">>", PR_SHIFT),
    "BitOr": ("|", PR_BOR),
    "BitXor": ("^", PR_BXOR),
    "BitAnd": ("&", PR_BAND),
}
_BINOP_BY_KIND = {}
for _name, _info in BINOPS.items():
    _BINOP_BY_KIND[getattr(ast, _name).kind] = _info

CMPOPS = {
    "Eq": "==",
    "NotEq": "!=",
    "Lt": "<",
    "LtE": "<=",
    "Gt": ">",
    "GtE": ">=",
    "Is": "is",
    "IsNot": "is not",
    "In": "in",
    "NotIn": "not in",
}
_CMP_BY_KIND = {}
for _name, _text in CMPOPS.items():
    _CMP_BY_KIND[getattr(ast, _name).kind] = _text


def unparse(node):
    parts = []
    _expr(node, PR_TEST, parts)
    return "".join(parts)


def _paren(parts, needed, start):
    if needed:
        parts.insert(start, "(")
        parts.append(")")


def _seq(items, parts):
    for i in range(len(items)):
        if i:
            parts.append(", ")
        _expr(items[i], PR_TEST, parts)


def _expr(node, level, parts):
    start = len(parts)
    if isinstance(node, ast.Name):
        parts.append(node.id)
    elif isinstance(node, ast.Constant):
        if node.value.type_name() == "ellipsis":
            parts.append("...")
        else:
            parts.append(node.value.repr())
    elif isinstance(node, ast.Attribute):
        _expr(node.value, PR_ATOM, parts)
        parts.append(".")
        parts.append(node.attr)
    elif isinstance(node, ast.Subscript):
        _expr(node.value, PR_ATOM, parts)
        parts.append("[")
        slice_node = node.slice
        if isinstance(slice_node, ast.Tuple) and slice_node.elts:
            _seq(slice_node.elts, parts)
            if len(slice_node.elts) == 1:
                parts.append(",")
        else:
            _expr(slice_node, PR_TUPLE, parts)
        parts.append("]")
    elif isinstance(node, ast.Tuple):
        _seq(node.elts, parts)
        if len(node.elts) == 1:
            parts.append(",")
        _paren(parts, True, start)
    elif isinstance(node, ast.List):
        parts.append("[")
        _seq(node.elts, parts)
        parts.append("]")
    elif isinstance(node, ast.Set):
        parts.append("{")
        _seq(node.elts, parts)
        parts.append("}")
    elif isinstance(node, ast.Dict):
        parts.append("{")
        for i in range(len(node.keys)):
            if i:
                parts.append(", ")
            key = node.keys[i]
            if key is None:
                parts.append("**")
                _expr(node.values[i], PR_BOR, parts)
            else:
                _expr(key, PR_TEST, parts)
                parts.append(": ")
                _expr(node.values[i], PR_TEST, parts)
        parts.append("}")
    elif isinstance(node, ast.BinOp):
        text, prec = _BINOP_BY_KIND[node.op.kind]
        left_prec = prec
        right_prec = prec + 1
        if prec == PR_POWER:
            left_prec = prec + 1
            right_prec = prec
        _expr(node.left, left_prec, parts)
        parts.append(" %s " % text)
        _expr(node.right, right_prec, parts)
        _paren(parts, level > prec, start)
    elif isinstance(node, ast.UnaryOp):
        if isinstance(node.op, ast.Not):
            parts.append("not ")
            _expr(node.operand, PR_NOT, parts)
            _paren(parts, level > PR_NOT, start)
        else:
            if isinstance(node.op, ast.USub):
                parts.append("-")
            elif isinstance(node.op, ast.UAdd):
                parts.append("+")
            else:
                parts.append("~")
            _expr(node.operand, PR_FACTOR, parts)
            _paren(parts, level > PR_FACTOR, start)
    elif isinstance(node, ast.BoolOp):
        if isinstance(node.op, ast.And):
            text = " and "
            prec = PR_AND
        else:
            text = " or "
            prec = PR_OR
        for i in range(len(node.values)):
            if i:
                parts.append(text)
            _expr(node.values[i], prec + 1, parts)
        _paren(parts, level > prec, start)
    elif isinstance(node, ast.Compare):
        _expr(node.left, PR_CMP + 1, parts)
        for i in range(len(node.ops)):
            parts.append(" %s " % _CMP_BY_KIND[node.ops[i].kind])
            _expr(node.comparators[i], PR_CMP + 1, parts)
        _paren(parts, level > PR_CMP, start)
    elif isinstance(node, ast.Call):
        _expr(node.func, PR_ATOM, parts)
        parts.append("(")
        first = True
        for arg in node.args:
            if not first:
                parts.append(", ")
            first = False
            _expr(arg, PR_TEST, parts)
        for keyword in node.keywords:
            if not first:
                parts.append(", ")
            first = False
            if keyword.arg is None:
                parts.append("**")
            else:
                parts.append(keyword.arg)
                parts.append("=")
            _expr(keyword.value, PR_TEST, parts)
        parts.append(")")
    elif isinstance(node, ast.Starred):
        parts.append("*")
        _expr(node.value, PR_BOR, parts)
    elif isinstance(node, ast.IfExp):
        _expr(node.body, PR_TEST + 1, parts)
        parts.append(" if ")
        _expr(node.test, PR_TEST + 1, parts)
        parts.append(" else ")
        _expr(node.orelse, PR_TEST, parts)
        _paren(parts, level > PR_TEST, start)
    elif isinstance(node, ast.Slice):
        if node.lower is not None:
            _expr(node.lower, PR_TEST, parts)
        parts.append(":")
        if node.upper is not None:
            _expr(node.upper, PR_TEST, parts)
        if node.step is not None:
            parts.append(":")
            _expr(node.step, PR_TEST, parts)
    elif isinstance(node, ast.Await):
        parts.append("await ")
        _expr(node.value, PR_ATOM, parts)
        _paren(parts, level > PR_AWAIT, start)
    else:
        # lambdas, comprehensions, f-strings...: rare in annotations
        parts.append("...")
