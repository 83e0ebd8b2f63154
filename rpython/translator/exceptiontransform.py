"""The exception transform: RPython exceptions as a per-thread error state.

After rtyping, an exception is a pair (vtable pointer, instance pointer).
Translated code keeps the pair in `rpy_exc_type` / `rpy_exc_value`
(src/exception.h): raising sets them and returns a dummy value; the caller
tests `rpy_exc_type` after every operation that can raise and either jumps to
the matching handler of its block or propagates by returning too.

The C backend applies the transform while it writes each function
(translator/c/funcgen.py); this module holds the decisions it needs:

- `op_can_raise(op)`: does the state have to be tested after this operation?
  Calls can raise unless their target is known not to (RaiseAnalyzer); other
  operations can raise when lloperation says so.
- `exception_match_fn(db)`: the rtyper's low-level helper that tells whether
  a raised vtable is a subclass of a handler's class.
- `standard_exception(db, name)`: the prebuilt instance the C code raises for
  OverflowError, ZeroDivisionError, MemoryError and stack overflow.
"""

from rpython.flowspace.model import Constant, c_last_exception

try:
    from rpython.rtyper.lltypesystem.lloperation import LL_OPERATIONS
except ImportError:  # pragma: no cover - arrives with the rtyper
    LL_OPERATIONS = {}


class RaiseAnalyzer(object):
    """Which graphs can raise: a graph raises if it links to its except block
    or contains an operation that raises and is not caught."""

    def __init__(self):
        self.cache = {}

    def graph_can_raise(self, graph):
        try:
            return self.cache[graph]
        except KeyError:
            pass
        self.cache[graph] = False  # optimistic for recursion, refined below
        result = self._compute(graph)
        self.cache[graph] = result
        return result

    def _compute(self, graph):
        for block in graph.iterblocks():
            for link in block.exits:
                if link.target is graph.exceptblock:
                    return True
            for i, op in enumerate(block.operations):
                caught = (
                    block.exitswitch is c_last_exception
                    and i == len(block.operations) - 1
                )
                if caught:
                    # caught exceptions that are re-raised go to exceptblock
                    continue
                if self.op_can_raise(op):
                    return True
        return False

    def op_can_raise(self, op):
        name = op.opname
        if name == "direct_call":
            fn = op.args[0]
            if isinstance(fn, Constant):
                obj = getattr(fn.value, "_obj", None)
                graph = getattr(obj, "graph", None)
                if graph is None or getattr(obj, "external", None):
                    return bool(getattr(obj, "_may_raise", False))
                return True
            return True
        if name == "indirect_call":
            return True
        desc = LL_OPERATIONS.get(name)
        if desc is None:
            return False
        return bool(getattr(desc, "canraise", ()))


_default_analyzer = RaiseAnalyzer()


def op_can_raise(op, db=None):
    analyzer = getattr(db, "raise_analyzer", None) if db is not None else None
    if analyzer is None:
        analyzer = _default_analyzer
    return analyzer.op_can_raise(op)


def _exceptiondata(db):
    translator = getattr(db, "translator", None)
    rtyper = getattr(translator, "rtyper", None)
    return getattr(rtyper, "exceptiondata", None)


def exception_match_fn(db):
    """Function pointer (etype, case_vtable) -> Bool, or None without rtyper."""
    data = _exceptiondata(db)
    if data is None:
        return None
    return getattr(data, "fn_exception_match", None)


def standard_exception(db, name):
    """(vtable ptr, instance ptr) of the builtin exception class `name`, or
    None when the rtyper did not build it."""
    import builtins

    data = _exceptiondata(db)
    if data is None:
        return None
    cls = getattr(builtins, name, None)
    if cls is None:
        return None
    getter = getattr(data, "get_standard_ll_exc_instance_by_class", None)
    if getter is None:
        return None
    try:
        inst = getter(cls)
    except Exception:
        return None
    if inst is None:
        return None
    typeof = getattr(data, "ll_type_of_exc_inst", None)
    vtable = typeof(inst) if typeof is not None else getattr(inst, "typeptr", None)
    if vtable is None:
        return None
    return vtable, inst


class ExceptionTransformer(object):
    """Placeholder object for TranslationContext.getexceptiontransformer():
    the transform itself happens in the C backend (see module docstring)."""

    def __init__(self, translator):
        self.translator = translator
        self.analyzer = RaiseAnalyzer()

    def create_exception_handling(self, graph):
        # nothing to rewrite: funcgen emits the checks
        return graph
