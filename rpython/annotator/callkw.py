"""Keyword arguments in calls through variables and methods.

The flow space resolves `f(a, k=v)` itself when f is a known function or
class.  Otherwise it emits `call_kw(f, Constant(("k",)), a, v)`; once f's
annotation is known, the annotator rewrites that into a `simple_call` with
the arguments in parameter order, defaults filled in as constants.  Every
possible callee must have the same parameter names for this to be valid.
"""

import types

from rpython.annotator.description import (
    ClassDesc,
    FunctionDesc,
    MethodDesc,
    MethodOfFrozenDesc,
)
from rpython.annotator.model import AnnotatorError, SomeBuiltinMethod, SomePBC
from rpython.flowspace.model import Constant


def _signature(desc):
    """(name, parameter names without self, defaults) of a desc's function."""
    if isinstance(desc, FunctionDesc):
        func, skip = desc.pyobj, 0
    elif isinstance(desc, (MethodDesc, MethodOfFrozenDesc)):
        func, skip = desc.funcdesc.pyobj, 1
    elif isinstance(desc, ClassDesc):
        initdesc = desc.lookup("__init__")
        if initdesc is None:
            return (desc.name, [], ())
        func, skip = initdesc.classdict["__init__"], 1
    else:
        raise AnnotatorError("keyword arguments when calling %s" % desc.describe())
    if not isinstance(func, types.FunctionType):
        raise AnnotatorError("keyword arguments when calling %s" % desc.describe())
    code = func.__code__
    names = list(code.co_varnames[skip : code.co_argcount])
    return (func.__name__, names, func.__defaults__ or ())


# keyword parameters of methods of builtin types: (names, defaults) of the
# parameters after self, as in CPython
BUILTIN_METHOD_PARAMS = {
    "split": (["sep", "maxsplit"], (None, -1)),
    "rsplit": (["sep", "maxsplit"], (None, -1)),
    "splitlines": (["keepends"], (False,)),
    "encode": (["encoding", "errors"], ("utf-8", "strict")),
    "decode": (["encoding", "errors"], ("utf-8", "strict")),
    "sort": (["key", "reverse"], (None, False)),
    "expandtabs": (["tabsize"], (8,)),
}


def resolve_builtin_method_kw(s_func, op):
    """Positional arguments for `obj.meth(k=v)` on a str/bytes/list."""
    name = s_func.methodname
    if name not in BUILTIN_METHOD_PARAMS:
        raise AnnotatorError(
            "keyword arguments when calling builtin method %s are not supported" % name
        )
    names, defaults = BUILTIN_METHOD_PARAMS[name]
    kwnames = op.args[1].value
    values = op.args[2:]
    npos = len(values) - len(kwnames)
    result = list(values[:npos]) + [None] * (len(names) - npos)
    if npos > len(names):
        raise AnnotatorError("%s() takes at most %d arguments" % (name, len(names)))
    for kw, value in zip(kwnames, values[npos:]):
        if kw not in names:
            raise AnnotatorError(
                "%s() got an unexpected keyword argument %r" % (name, kw)
            )
        i = names.index(kw)
        if result[i] is not None:
            raise AnnotatorError(
                "%s() got multiple values for argument %r" % (name, kw)
            )
        result[i] = value
    for i, v in enumerate(result):
        if v is None:
            result[i] = Constant(defaults[i])
    # drop trailing defaults: the rtyper's typers know the short forms
    while result and isinstance(result[-1], Constant):
        i = len(result) - 1
        if result[i].value != defaults[i] or name == "sort":
            break
        result.pop()
    return result


def resolve_call_kw(bookkeeper, s_func, op):
    if isinstance(s_func, SomeBuiltinMethod):
        return resolve_builtin_method_kw(s_func, op)
    if not isinstance(s_func, SomePBC):
        raise AnnotatorError(
            "keyword arguments when calling %s are not supported" % s_func.describe()
        )
    kwnames = op.args[1].value
    values = op.args[2:]
    npos = len(values) - len(kwnames)
    positional, kwvalues = list(values[:npos]), list(values[npos:])
    signatures = [_signature(d) for d in s_func.descriptions]
    name, names, defaults = signatures[0]
    for other in signatures[1:]:
        if other[1] != names or other[2] != defaults:
            raise AnnotatorError(
                "keyword arguments in a call to functions with different "
                "signatures (%s and %s)" % (name, other[0])
            )
    if len(positional) > len(names):
        raise AnnotatorError(
            "%s() takes %d arguments but %d were given" % (name, len(names), npos)
        )
    result = positional + [None] * (len(names) - len(positional))
    for kw, value in zip(kwnames, kwvalues):
        if kw not in names:
            raise AnnotatorError(
                "%s() got an unexpected keyword argument %r" % (name, kw)
            )
        i = names.index(kw)
        if result[i] is not None:
            raise AnnotatorError(
                "%s() got multiple values for argument %r" % (name, kw)
            )
        result[i] = value
    first_default = len(names) - len(defaults)
    for i, v in enumerate(result):
        if v is None:
            if i < first_default:
                raise AnnotatorError("%s() missing argument %r" % (name, names[i]))
            result[i] = Constant(defaults[i - first_default])
    return result
