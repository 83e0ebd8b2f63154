"""The high-level operations that appear in flow graphs.

Each name maps to an HLOperation descriptor: its arity, a CPython function
computing it on concrete values (used for constant folding and by the test
evaluator), whether it is pure (foldable when all args are constant) and the
exceptions it may raise when a `try` around it catches them.
"""

import operator


class HLOperation:
    def __init__(self, name, arity, pyfunc, pure=False, canraise=()):
        self.opname = name
        self.arity = arity  # None means variable number of args
        self.pyfunc = pyfunc
        self.pure = pure
        self.canraise = tuple(canraise)

    def __repr__(self):
        return "<HLOperation %s>" % self.opname


OPERATIONS = {}


def add_operator(name, arity, pyfunc, pure=False, canraise=()):
    op = HLOperation(name, arity, pyfunc, pure, canraise)
    OPERATIONS[name] = op
    return op


def _ovf(func):
    # with ovfcheck() the result is checked against the machine word
    def checked(*args):
        result = func(*args)
        if not (-(2**63) <= result < 2**63):
            raise OverflowError("integer overflow")
        return result

    return checked


def _getitem_idx(obj, index):
    return obj[index]


def _newlist(*items):
    return list(items)


def _newtuple(*items):
    return tuple(items)


def _newdict():
    return {}


def _newslice(start, stop, step):
    return slice(start, stop, step)


def _simple_call(func, *args):
    return func(*args)


def _setattr(obj, name, value):
    setattr(obj, name, value)


def _setitem(obj, key, value):
    obj[key] = value


def _delitem(obj, key):
    del obj[key]


def _next(it):
    return next(it)


def _contains(container, item):
    return item in container


def _format(value, spec):
    return format(value, spec)


def _buildstr(*parts):
    return "".join(parts)


def _is_true(x):
    return bool(x)


def _hint(x, *args):
    return x


_ARITH = (ZeroDivisionError, OverflowError)

# arithmetic and comparisons; all pure
for _name, _func, _raises in [
    ("add", operator.add, ()),
    ("sub", operator.sub, ()),
    ("mul", operator.mul, ()),
    ("truediv", operator.truediv, (ZeroDivisionError,)),
    ("floordiv", operator.floordiv, (ZeroDivisionError,)),
    ("mod", operator.mod, (ZeroDivisionError,)),
    ("pow", pow, ()),
    ("lshift", operator.lshift, (ValueError,)),
    ("rshift", operator.rshift, (ValueError,)),
    ("and_", operator.and_, ()),
    ("or_", operator.or_, ()),
    ("xor", operator.xor, ()),
    ("lt", operator.lt, ()),
    ("le", operator.le, ()),
    ("eq", operator.eq, ()),
    ("ne", operator.ne, ()),
    ("gt", operator.gt, ()),
    ("ge", operator.ge, ()),
    ("is_", operator.is_, ()),
    ("divmod", divmod, (ZeroDivisionError,)),
]:
    add_operator(_name, 2, _func, pure=True, canraise=_raises)

# integer arithmetic with overflow check, from ovfcheck(a OP b)
for _name, _func, _raises in [
    ("add_ovf", operator.add, ()),
    ("sub_ovf", operator.sub, ()),
    ("mul_ovf", operator.mul, ()),
    ("floordiv_ovf", operator.floordiv, (ZeroDivisionError,)),
    ("mod_ovf", operator.mod, (ZeroDivisionError,)),
    ("lshift_ovf", operator.lshift, (ValueError,)),
]:
    add_operator(_name, 2, _ovf(_func), pure=True, canraise=(OverflowError,) + _raises)

for _name, _func in [
    ("neg", operator.neg),
    ("pos", operator.pos),
    ("invert", operator.invert),
    ("abs", abs),
    ("bool", _is_true),
    ("int", int),
    ("float", float),
    ("str", str),
    ("repr", repr),
    ("hash", hash),
    ("len", len),
    ("ord", ord),
    ("chr", chr),
    ("type", type),
    ("id", id),
]:
    _raises = ()
    if _name in ("int", "float", "ord", "chr"):
        _raises = (ValueError, TypeError)
    add_operator(_name, 1, _func, pure=True, canraise=_raises)
add_operator("neg_ovf", 1, _ovf(operator.neg), pure=True, canraise=(OverflowError,))
add_operator("abs_ovf", 1, _ovf(abs), pure=True, canraise=(OverflowError,))
add_operator("not_", 1, operator.not_, pure=True)
add_operator("issubtype", 2, issubclass, pure=True)
add_operator("isinstance", 2, isinstance, pure=True)
add_operator("contains", 2, _contains, pure=True)
add_operator("format", 2, _format, pure=True)
add_operator("buildstr", None, _buildstr, pure=True)

# object operations
add_operator("getattr", 2, getattr, pure=True)
add_operator("setattr", 3, _setattr)
add_operator("delattr", 2, delattr)
add_operator("getitem", 2, _getitem_idx, pure=True, canraise=(IndexError, KeyError))
add_operator("getitem_idx", 2, _getitem_idx, pure=True, canraise=(IndexError,))
add_operator("setitem", 3, _setitem, canraise=(IndexError, KeyError))
add_operator("delitem", 2, _delitem, canraise=(IndexError, KeyError))
add_operator("getslice", 3, lambda o, a, b: o[a:b], pure=True)
add_operator("iter", 1, iter)
add_operator("next", 1, _next, canraise=(StopIteration,))
add_operator("simple_call", None, _simple_call, canraise=(Exception,))
add_operator("call_args", None, None, canraise=(Exception,))


def _call_star(func, *args):
    return func(*(args[:-1] + tuple(args[-1])))


def _call_kw(func, kwnames, *args):
    npos = len(args) - len(kwnames)
    return func(*args[:npos], **dict(zip(kwnames, args[npos:])))


# f(a, k=v) through a variable or method; rewritten by the annotator into a
# simple_call with the arguments in parameter order
add_operator("call_kw", None, _call_kw, canraise=(Exception,))

# f(a, *t) with a tuple t; the annotator rewrites it into getitems and a
# simple_call, so later stages never see it
add_operator("call_star", None, _call_star, canraise=(Exception,))
add_operator("hint", None, _hint, pure=True)

# constructors
add_operator("newlist", None, _newlist)
add_operator("newtuple", None, _newtuple, pure=True)
add_operator("newdict", 0, _newdict)
add_operator("newslice", 3, _newslice, pure=True)

# in-place forms of the binary operators (x += y); on immutable values
# they behave exactly like the plain ones
for _name, _func in [
    ("inplace_add", operator.iadd),
    ("inplace_sub", operator.isub),
    ("inplace_mul", operator.imul),
    ("inplace_truediv", operator.itruediv),
    ("inplace_floordiv", operator.ifloordiv),
    ("inplace_mod", operator.imod),
    ("inplace_lshift", operator.ilshift),
    ("inplace_rshift", operator.irshift),
    ("inplace_and", operator.iand),
    ("inplace_or", operator.ior),
    ("inplace_xor", operator.ixor),
]:
    _raises = ()
    if _name in ("inplace_truediv", "inplace_floordiv", "inplace_mod"):
        _raises = (ZeroDivisionError,)
    add_operator(_name, 2, _func, canraise=_raises)

# operations that cannot raise at run time (other than MemoryError)
NORAISE = {name: True for name, op in OPERATIONS.items() if not op.canraise}

BINARY_OPS = {
    "Add": "add",
    "Sub": "sub",
    "Mult": "mul",
    "Div": "truediv",
    "FloorDiv": "floordiv",
    "Mod": "mod",
    "Pow": "pow",
    "LShift": "lshift",
    "RShift": "rshift",
    "BitAnd": "and_",
    "BitOr": "or_",
    "BitXor": "xor",
}

COMPARE_OPS = {
    "Lt": "lt",
    "LtE": "le",
    "Eq": "eq",
    "NotEq": "ne",
    "Gt": "gt",
    "GtE": "ge",
    "Is": "is_",
}

UNARY_OPS = {
    "USub": "neg",
    "UAdd": "pos",
    "Invert": "invert",
    "Not": "not_",
}

# ovfcheck(a OP b) rewrites OP into its checked form
OVF_VARIANTS = {
    "add": "add_ovf",
    "sub": "sub_ovf",
    "mul": "mul_ovf",
    "floordiv": "floordiv_ovf",
    "mod": "mod_ovf",
    "lshift": "lshift_ovf",
    "neg": "neg_ovf",
    "abs": "abs_ovf",
    "inplace_add": "add_ovf",
    "inplace_sub": "sub_ovf",
    "inplace_mul": "mul_ovf",
    "inplace_floordiv": "floordiv_ovf",
    "inplace_mod": "mod_ovf",
    "inplace_lshift": "lshift_ovf",
}
