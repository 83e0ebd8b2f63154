"""Expression unparser for `from __future__ import annotations` (RPython).

Annotations become strings in the form CPython's own unparser gives them, e.g.
`dict[str, list[int]] | None`.  Precedence levels decide where parentheses go.
Every expression is covered, with CPython 3.11's quirks: `lambda*a: 0` (no
space before a star when there is no positional parameter), infinities
written `1e309`, an f-string rebuilt from its parts (`f'{x=}'` becomes
`f'x={x!r}'`), a lone generator argument without its own parentheses.
"""

from pypy.interpreter.astcompiler import ast
from pypy.interpreter.astcompiler.constants import ConstComplex, ConstFloat, ConstStr
from pypy.interpreter.astcompiler.constants import str_repr

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
            if node.kind is not None and node.kind == "u":
                parts.append("u")
            parts.append(_constant_repr(node.value))
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
        if len(node.elts) == 0:
            parts.append("()")
        else:
            _seq(node.elts, parts)
            if len(node.elts) == 1:
                parts.append(",")
            _paren(parts, level > PR_TUPLE, start)
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
        if (
            len(node.args) == 1
            and len(node.keywords) == 0
            and isinstance(node.args[0], ast.GeneratorExp)
        ):
            # f(x for x in y): the generator's parentheses are the call's
            _expr(node.args[0], PR_TEST, parts)
            return
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
    elif isinstance(node, ast.Lambda):
        args = node.args
        if len(args.args) + len(args.posonlyargs) > 0:
            parts.append("lambda ")
        else:
            parts.append("lambda")
        _arguments(args, parts)
        parts.append(": ")
        _expr(node.body, PR_TEST, parts)
        _paren(parts, level > PR_TEST, start)
    elif isinstance(node, ast.ListComp):
        parts.append("[")
        _expr(node.elt, PR_TEST, parts)
        _comprehensions(node.generators, parts)
        parts.append("]")
    elif isinstance(node, ast.SetComp):
        parts.append("{")
        _expr(node.elt, PR_TEST, parts)
        _comprehensions(node.generators, parts)
        parts.append("}")
    elif isinstance(node, ast.DictComp):
        parts.append("{")
        _expr(node.key, PR_TEST, parts)
        parts.append(": ")
        _expr(node.value, PR_TEST, parts)
        _comprehensions(node.generators, parts)
        parts.append("}")
    elif isinstance(node, ast.GeneratorExp):
        parts.append("(")
        _expr(node.elt, PR_TEST, parts)
        _comprehensions(node.generators, parts)
        parts.append(")")
    elif isinstance(node, ast.JoinedStr):
        parts.append("f")
        parts.append(str_repr(_fstring_body(node.values)))
    elif isinstance(node, ast.FormattedValue):
        parts.append("f")
        parts.append(str_repr(_formatted_value(node)))
    elif isinstance(node, ast.NamedExpr):
        _expr(node.target, PR_ATOM, parts)
        parts.append(" := ")
        _expr(node.value, PR_ATOM, parts)
        _paren(parts, level > PR_TUPLE, start)
    elif isinstance(node, ast.Yield):
        if node.value is None:
            parts.append("yield")
        else:
            parts.append("yield ")
            _expr(node.value, PR_TEST, parts)
        _paren(parts, level > PR_TUPLE, start)
    elif isinstance(node, ast.YieldFrom):
        parts.append("yield from ")
        _expr(node.value, PR_TEST, parts)
        _paren(parts, level > PR_TUPLE, start)
    else:
        raise AssertionError("unparse: unexpected expression node")


def _constant_repr(value):
    text = value.repr()
    # an infinity must read back as one: CPython writes 1e309
    if isinstance(value, ConstComplex) or (
        isinstance(value, ConstFloat) and "inf" in text
    ):
        text = text.replace("inf", "1e309")
    return text


def _arguments(args, parts):
    """Parameters of a lambda, as CPython's unparser writes them."""
    first = True
    n_posonly = len(args.posonlyargs)
    n_positional = n_posonly + len(args.args)
    n_defaults = len(args.defaults)
    for i in range(n_positional):
        if not first:
            parts.append(", ")
        first = False
        if i < n_posonly:
            _arg(args.posonlyargs[i], parts)
        else:
            _arg(args.args[i - n_posonly], parts)
        default_index = i - n_positional + n_defaults
        if default_index >= 0:
            parts.append("=")
            _expr(args.defaults[default_index], PR_TEST, parts)
        if n_posonly > 0 and i + 1 == n_posonly:
            parts.append(", /")
    if args.vararg is not None or len(args.kwonlyargs) > 0:
        if not first:
            parts.append(", ")
        first = False
        parts.append("*")
        if args.vararg is not None:
            _arg(args.vararg, parts)
    for i in range(len(args.kwonlyargs)):
        if not first:
            parts.append(", ")
        first = False
        _arg(args.kwonlyargs[i], parts)
        default_index = i - len(args.kwonlyargs) + len(args.kw_defaults)
        if default_index >= 0:
            default = args.kw_defaults[default_index]
            if default is not None:
                parts.append("=")
                _expr(default, PR_TEST, parts)
    if args.kwarg is not None:
        if not first:
            parts.append(", ")
        parts.append("**")
        _arg(args.kwarg, parts)


def _arg(node, parts):
    parts.append(node.arg)
    if node.annotation is not None:
        parts.append(": ")
        _expr(node.annotation, PR_TEST, parts)


def _comprehensions(generators, parts):
    for gen in generators:
        if gen.is_async:
            parts.append(" async for ")
        else:
            parts.append(" for ")
        _expr(gen.target, PR_TUPLE, parts)
        parts.append(" in ")
        _expr(gen.iter, PR_TEST + 1, parts)
        for condition in gen.ifs:
            parts.append(" if ")
            _expr(condition, PR_TEST + 1, parts)


def _fstring_body(values):
    """The text between the quotes of an f-string made of `values`."""
    parts = []
    for value in values:
        _fstring_element(value, parts)
    return "".join(parts)


def _fstring_element(node, parts):
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, ConstStr):
            parts.append(value.value.replace("{", "{{").replace("}", "}}"))
    elif isinstance(node, ast.JoinedStr):
        for value in node.values:
            _fstring_element(value, parts)
    elif isinstance(node, ast.FormattedValue):
        parts.append(_formatted_value(node))


def _formatted_value(node):
    # the expression is written above PR_TEST, so a lambda gets parentheses
    # (its ':' would start the format spec)
    text = unparse_at(node.value, PR_TEST + 1)
    parts = []
    if text.startswith("{"):
        parts.append("{ ")  # "{{" would be an escaped brace
    else:
        parts.append("{")
    parts.append(text)
    if node.conversion == ord("a"):
        parts.append("!a")
    elif node.conversion == ord("r"):
        parts.append("!r")
    elif node.conversion == ord("s"):
        parts.append("!s")
    if node.format_spec is not None:
        parts.append(":")
        _fstring_element(node.format_spec, parts)
    parts.append("}")
    return "".join(parts)


def unparse_at(node, level):
    parts = []
    _expr(node, level, parts)
    return "".join(parts)
