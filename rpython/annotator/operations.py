"""Dispatch of flow graph operations to annotation rules.

Unary operations call a method of the first argument's annotation
(`s_obj.len()`, `s_obj.getattr(s_name)`, `s_func.simple_call(*args_s)`);
binary ones call a method of the pair (`pair(s1, s2).add()`), see
unaryop.py and binaryop.py.  A missing rule is an AnnotatorError naming the
operation and the argument types.
"""

from rpython.annotator import binaryop, builtin, unaryop  # noqa: F401  (rules)
from rpython.annotator.model import (
    AnnotatorError,
    SomeBool,
    SomeNone,
    SomeInstance,
    SomeList,
    SomeTuple,
    s_ImpossibleValue,
    s_None,
)
from rpython.annotator.pairtype import pair

BINARY = {
    "add",
    "sub",
    "mul",
    "truediv",
    "floordiv",
    "mod",
    "pow",
    "lshift",
    "rshift",
    "and_",
    "or_",
    "xor",
    "lt",
    "le",
    "eq",
    "ne",
    "gt",
    "ge",
    "is_",
    "divmod",
    "add_ovf",
    "sub_ovf",
    "mul_ovf",
    "floordiv_ovf",
    "mod_ovf",
    "lshift_ovf",
    "getitem",
    "getitem_idx",
    "delitem",
    "inplace_add",
    "inplace_sub",
    "inplace_mul",
    "inplace_truediv",
    "inplace_floordiv",
    "inplace_mod",
    "inplace_lshift",
    "inplace_rshift",
    "inplace_and",
    "inplace_or",
    "inplace_xor",
}

OPERATOR_TEXT = {
    "add": "+",
    "sub": "-",
    "mul": "*",
    "truediv": "/",
    "floordiv": "//",
    "mod": "%",
    "pow": "**",
    "lshift": "<<",
    "rshift": ">>",
    "and_": "&",
    "or_": "|",
    "xor": "^",
    "lt": "<",
    "le": "<=",
    "gt": ">",
    "ge": ">=",
    "eq": "==",
    "ne": "!=",
}


def consider(annotator, op, args_s):
    opname = op.opname
    bk = annotator.bookkeeper
    if opname == "newlist":
        return bk.newlist(*args_s)
    if opname == "newdict":
        return bk.newdict()
    if opname == "newtuple":
        return SomeTuple(args_s)
    if opname == "newslice":
        raise AnnotatorError("slice objects are not RPython")
    if opname == "hint":
        return args_s[0]
    if opname == "keepalive":
        return s_None
    if opname in BINARY:
        s1, s2 = args_s[0], args_s[1]
        meth = getattr(pair(s1, s2), opname, None)
        if meth is None:
            if isinstance(s1, SomeNone) or isinstance(s2, SomeNone):
                # maybe a value seen as None so far; explain_blocked()
                # reports it if it stays so
                return s_ImpossibleValue
            raise binary_error(opname, s1, s2)
        result = meth()
        if opname == "is_" or opname in ("eq", "ne"):
            _add_is_knowntypedata(annotator, op, opname, s1, s2, result)
        return result
    if opname == "setitem":
        meth = getattr(pair(args_s[0], args_s[1]), "setitem", None)
        if meth is None:
            raise binary_error("setitem", args_s[0], args_s[1])
        return meth(args_s[2])
    s_obj = args_s[0]
    meth = getattr(s_obj, opname, None)
    if meth is None or not callable(meth):
        raise unary_error(opname, s_obj, args_s)
    result = meth(*args_s[1:])
    if opname == "bool" and s_obj.can_be_none() and not result.is_constant():
        # `if x:` on a nullable value: x is not None on the true exit
        from rpython.flowspace.model import Variable

        s_nonnull = s_obj.nonnoneify()
        if isinstance(op.args[0], Variable) and s_nonnull is not s_ImpossibleValue:
            result = SomeBool()
            result.knowntypedata = {True: {op.args[0]: s_nonnull}}
    return result


def binary_error(opname, s1, s2):
    if opname in OPERATOR_TEXT:
        what = "'%s'" % OPERATOR_TEXT[opname]
    else:
        what = "operation %s" % opname
    from rpython.annotator.model import SomeNone

    hint = ""
    if isinstance(s1, SomeNone) or isinstance(s2, SomeNone):
        hint = " (None used where a value is needed)"
    return AnnotatorError(
        "unsupported %s between %s and %s%s"
        % (what, s1.describe(), s2.describe(), hint)
    )


def unary_error(opname, s_obj, args_s):
    from rpython.annotator.model import SomeNone

    if opname == "simple_call":
        return AnnotatorError("calling %s, which is not callable" % s_obj.describe())
    if opname == "getattr" and len(args_s) > 1 and args_s[1].is_constant():
        if isinstance(s_obj, SomeNone):
            return AnnotatorError("reading attribute %r of None" % (args_s[1].const,))
    return AnnotatorError("unsupported operation %s on %s" % (opname, s_obj.describe()))


def _add_is_knowntypedata(annotator, op, opname, s1, s2, result):
    """`x is None` / `x is not None` narrow x on the corresponding exits."""
    from rpython.annotator.model import SomeBool, SomeNone

    if not isinstance(result, SomeBool) or result.is_constant():
        return
    if opname != "is_":
        return
    from rpython.flowspace.model import Variable

    ktd = {}
    for v, s_other, s_v in ((op.args[0], s2, s1), (op.args[1], s1, s2)):
        if isinstance(v, Variable) and isinstance(s_other, SomeNone):
            ktd.setdefault(True, {})[v] = s_None
            s_nonnull = s_v.nonnoneify()
            if s_nonnull is not s_ImpossibleValue:
                ktd.setdefault(False, {})[v] = s_nonnull
    if ktd:
        result.knowntypedata = ktd


def explain_blocked(annotator, op):
    """Why this operation could never be annotated, or None."""
    args_s = [annotator.annotation(a) for a in op.args]
    if op.opname == "getattr" and isinstance(args_s[0], SomeInstance):
        name = args_s[1].const
        classdef = args_s[0].classdef
        attr_s = classdef.about_attribute(name)
        if attr_s is None or attr_s is s_ImpossibleValue:
            return (
                "attribute %r of class %s is read but never written "
                "(no assignment to it anywhere in the program)" % (name, classdef.name)
            )
    if op.opname == "getitem" and isinstance(args_s[0], SomeList):
        return "reading from a list that never contains any item"
    if op.opname in BINARY and any(isinstance(s, SomeNone) for s in args_s[:2]):
        return str(binary_error(op.opname, args_s[0], args_s[1]))
    if op.opname in ("getattr", "setattr") and isinstance(args_s[0], SomeNone):
        return "reading or writing attribute %r of None (this value is always None)" % (
            args_s[1].const,
        )
    return None
