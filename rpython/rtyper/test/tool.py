"""Test helper: run an RPython function through annotator + rtyper + llinterp.

    interpret(func, [3, "abc"])  -> the result as a low-level value

Arguments are host values; their annotations are taken from their types
(lists of ints etc. are converted to low-level lists).  A raised RPython
exception is re-raised as the host exception class when it is one of the
builtin or user classes the program knows (`LLException` otherwise).
"""

from rpython.rtyper.llinterp import LLException, LLInterpreter
from rpython.translator.translator import TranslationContext


def gengraph(func, argtypes):
    t = TranslationContext()
    a = t.buildannotator()
    a.build_types(func, argtypes)
    typer = t.buildrtyper()
    typer.specialize()
    graph = a.bookkeeper.getdesc(func).getuniquegraph()
    return t, typer, graph


def _argtype(value):
    if isinstance(value, list):
        if not value:
            return [int]
        return [_argtype(value[0])]
    return type(value)


def _convert_arg(typer, graph, i, value):
    r = typer.bindingrepr(graph.getargs()[i])
    return r.convert_const(value)


class Interpreted:
    cache = {}


def interpret(func, values, policy=None):
    key = (func, tuple(_argtype(v) for v in values))
    try:
        t, typer, graph = Interpreted.cache[key]
    except KeyError:
        t, typer, graph = gengraph(func, [_argtype(v) for v in values])
        Interpreted.cache[key] = t, typer, graph
    llargs = [_convert_arg(typer, graph, i, v) for i, v in enumerate(values)]
    interp = LLInterpreter(typer)
    try:
        return interp.eval_graph(graph, llargs)
    except LLException as e:
        cls = interp.find_exception_class(e)
        if cls is not None:
            raise cls()
        raise


def ll_to_host(value):
    """Low-level strings/lists to host str/list, for assertions."""
    from rpython.rtyper.lltypesystem import lltype

    if isinstance(value, lltype._ptr):
        TO = lltype.typeOf(value).TO
        if not value:
            return None
        if isinstance(TO, lltype.Struct) and "chars" in TO._flds:
            chars = value.chars
            text = "".join(chars[i] for i in range(len(chars)))
            if TO._flds["chars"].OF is lltype.Char and getattr(TO, "_name", "") == (
                "rpy_bytes"
            ):
                return text.encode("latin-1")
            return text
        if isinstance(TO, lltype.Struct) and "items" in TO._flds:
            items = value.items
            n = value.length if "length" in TO._flds else len(items)
            return [ll_to_host(items[i]) for i in range(n)]
        if isinstance(TO, lltype.Array):
            return [ll_to_host(value[i]) for i in range(len(value))]
        if (
            isinstance(TO, lltype.Struct)
            and TO._names
            and TO._names[0].startswith("item")
        ):
            return tuple(ll_to_host(getattr(value, n)) for n in TO._names)
    return value
