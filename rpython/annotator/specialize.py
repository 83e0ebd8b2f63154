"""Specialization: several graphs for one function, chosen per call.

`func._annspecialcase_` (set by rlib.objectmodel.specialize) selects:
- "specialize:argtype(i, ...)": one graph per type of the given arguments;
- "specialize:arg(i, ...)": one graph per constant value of the arguments;
- "specialize:memo": called at annotation time on constant arguments, the
  result becomes a constant;
- "specialize:call_location": one graph per call site;
- "specialize:ll" / "ll_and_arg(i)": low-level helpers, by all arg types;
- "specialize:arg_or_var(i)": per constant value, or one graph if variable.
"""

from rpython.annotator.model import (
    AnnotatorError,
    SomeInstance,
    SomeInteger,
    SomeList,
    SomeObject,
)


def parse_tag(tag):
    """'specialize:argtype(0, 1)' -> ('argtype', (0, 1))"""
    if not tag.startswith("specialize:"):
        raise AnnotatorError("unknown _annspecialcase_ %r" % (tag,))
    body = tag[len("specialize:") :]
    if "(" in body:
        name, _, rest = body.partition("(")
        rest = rest.rstrip(")")
        args = tuple(eval(a) for a in rest.split(",") if a.strip())
    else:
        name, args = body, ()
    return name, args


def annotation_key(s):
    """A hashable key telling annotations apart for specialization."""
    if isinstance(s, SomeInstance):
        return ("instance", s.classdef)
    if isinstance(s, SomeList):
        return ("list", annotation_key(s.listdef.listitem.s_value))
    if isinstance(s, SomeInteger):
        return ("int", s.knowntype)
    key = getattr(s, "ll_ptrtype", None)
    if key is not None:
        return ("ptr", key)
    if type(s).__name__ == "SomePBC" and len(s.descriptions) == 1:
        return ("pbc", s.any_description())
    return (type(s).__name__, s.knowntype if hasattr(s, "knowntype") else None)


def _const_key(funcdesc, inputcells, i):
    s = inputcells[i]
    if not s.is_constant():
        raise AnnotatorError(
            "%s() is specialized on argument %d, which must be a constant "
            "(got %s)" % (funcdesc.name, i + 1, s.describe())
        )
    try:
        hash(s.const)
        return s.const
    except TypeError:
        return ("id", id(s.const))


def _name(funcdesc, key):
    text = "_".join(
        str(getattr(k, "name", None) or getattr(k, "__name__", None) or k)
        for k in (key if isinstance(key, tuple) else (key,))
    )
    cleaned = "".join(c if c.isalnum() else "_" for c in text)[:40]
    return "%s__%s" % (funcdesc.name, cleaned)


def specialize_call(funcdesc, inputcells):
    """The graph (or a direct annotation, for memo) for this call."""
    policy = funcdesc.bookkeeper.annotator.policy
    custom = getattr(policy, "specialize__default", None)
    if custom is not None and funcdesc.specializer is None:
        result = custom(funcdesc, inputcells)
        if result is not None:
            return result
    tag = funcdesc.specializer
    if tag is None:
        if funcdesc.has_varargs:
            key = ("varargs", len(inputcells[-1].items))
            return funcdesc.cachedgraph(
                key, _name(funcdesc, key[1]) if key[1] else None
            )
        return funcdesc.cachedgraph(None)
    name, args = parse_tag(tag)
    if name == "argtype":
        key = tuple(annotation_key(inputcells[i]) for i in args)
        return funcdesc.cachedgraph(
            key, _name(funcdesc, ("t%d" % len(funcdesc._cache),))
        )
    if name in ("arg", "arg_or_var"):
        try:
            key = tuple(_const_key(funcdesc, inputcells, i) for i in args)
        except AnnotatorError:
            if name == "arg_or_var":
                return funcdesc.cachedgraph(None)
            raise
        return funcdesc.cachedgraph(key, _name(funcdesc, key))
    if name == "arglistitemtype":
        key = tuple(
            annotation_key(inputcells[i].listdef.listitem.s_value) for i in args
        )
        return funcdesc.cachedgraph(
            key, _name(funcdesc, ("t%d" % len(funcdesc._cache),))
        )
    if name == "call_location":
        key = funcdesc.bookkeeper.position_key
        return funcdesc.cachedgraph(
            ("loc",) + tuple(id(k) for k in key),
            _name(funcdesc, "loc%d" % len(funcdesc._cache)),
        )
    if name == "memo":
        return memo_call(funcdesc, inputcells)
    if name in ("ll", "ll_and_arg"):
        key = tuple(annotation_key(s) for s in inputcells)
        if name == "ll_and_arg":
            key += tuple(_const_key(funcdesc, inputcells, i) for i in args)
        return funcdesc.cachedgraph(
            key, _name(funcdesc, ("ll%d" % len(funcdesc._cache),))
        )
    raise AnnotatorError("unknown specialization %r of %s()" % (tag, funcdesc.name))


def memo_call(funcdesc, inputcells):
    """Call a memo function now, on every constant argument."""
    bk = funcdesc.bookkeeper
    values = []
    for i, s in enumerate(inputcells):
        if s.is_constant():
            values.append(s.const)
        elif type(s).__name__ == "SomePBC":
            raise AnnotatorError(
                "memo function %s() called with a non-constant prebuilt "
                "argument (not supported yet)" % funcdesc.name
            )
        else:
            raise AnnotatorError(
                "memo function %s() needs constant arguments, argument %d is %s"
                % (funcdesc.name, i + 1, s.describe())
            )
    result = funcdesc.pyobj(*values)
    bk.memo_tables.append((funcdesc, tuple(values), result))
    s_result = bk.immutablevalue(result)
    assert isinstance(s_result, SomeObject)
    return s_result
