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

from rpython.flowspace.model import Constant

try:
    from rpython.rtyper.lltypesystem.lloperation import LL_OPERATIONS
except ImportError:  # pragma: no cover - arrives with the rtyper
    LL_OPERATIONS = {}


class RaiseAnalyzer(object):
    """Which operations can raise.  A call can raise if its target graph can:
    a graph raises if it links to its except block or contains an operation
    that raises (caught or not: unmatched exceptions propagate too).  With
    `graphs` given, the answer for each is a fixpoint over the call graph;
    calls to other graphs are assumed to raise.  Only leaf functions (that
    call no other graph) can be proven not to raise: every other function
    checks the stack depth on entry and may raise RecursionError."""

    def __init__(self, graphs=()):
        self.known = {}
        for graph in graphs:
            self.known[graph] = False
        for graph in graphs:
            direct = False
            for link in graph.iterlinks():
                if link.target is graph.exceptblock:
                    direct = True
            for block, op in graph.iterblockops():
                callee = self._callee_graph(op)
                if callee is not None:
                    # a function that calls another one checks the stack
                    # depth on entry, and so can raise RecursionError
                    direct = True
                elif self._op_raises_locally(op):
                    direct = True
            self.known[graph] = direct

    def _callee_graph(self, op):
        if op.opname == "direct_call" and isinstance(op.args[0], Constant):
            obj = getattr(op.args[0].value, "_obj", None)
            if getattr(obj, "external", None):
                return None
            return getattr(obj, "graph", None)
        return None

    def _op_raises_locally(self, op):
        """Whether op can raise, not counting calls to graphs we analyse."""
        name = op.opname
        if name == "direct_call":
            fn = op.args[0]
            if isinstance(fn, Constant):
                obj = getattr(fn.value, "_obj", None)
                if (
                    getattr(obj, "external", None)
                    or getattr(obj, "graph", None) is None
                ):
                    return bool(getattr(obj, "_may_raise", False))
            return True
        if name == "indirect_call":
            return True
        desc = LL_OPERATIONS.get(name)
        if desc is None:
            return False
        return bool(getattr(desc, "canraise", ()))

    def graph_can_raise(self, graph):
        return self.known.get(graph, True)

    def op_can_raise(self, op):
        callee = self._callee_graph(op)
        if callee is not None:
            return self.graph_can_raise(callee)
        return self._op_raises_locally(op)


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


class CollectAnalyzer(object):
    """Which graphs may run a collection (allocate in the GC heap, or call
    something that does).  Calls to graphs that cannot collect need no roots
    pushed on the shadow stack.  Computed as a fixpoint over `graphs`; a
    graph outside that set is assumed to collect."""

    DIRECT = ("malloc", "malloc_varsize", "gc__collect", "gc_id", "gc_identityhash")

    def __init__(self, graphs, threaded=False):
        self.known = {}
        callers = {}
        work = []
        for graph in graphs:
            self.known[graph] = False
        for graph in graphs:
            for block, op in graph.iterblockops():
                name = op.opname
                if (
                    name in self.DIRECT
                    or name == "indirect_call"
                    or name.startswith("stm_")
                ):
                    if not self.known[graph]:
                        self.known[graph] = True
                        work.append(graph)
                elif name == "direct_call" and isinstance(op.args[0], Constant):
                    obj = getattr(op.args[0].value, "_obj", None)
                    callee = getattr(obj, "graph", None)
                    if callee is None or getattr(obj, "external", None):
                        # threaded: C code may run without the GIL while
                        # other threads collect
                        if threaded and not self.known[graph]:
                            self.known[graph] = True
                            work.append(graph)
                        continue
                    if callee not in self.known:
                        if not self.known[graph]:
                            self.known[graph] = True
                            work.append(graph)
                    else:
                        callers.setdefault(callee, []).append(graph)
        while work:
            graph = work.pop()
            for caller in callers.get(graph, ()):
                if not self.known[caller]:
                    self.known[caller] = True
                    work.append(caller)

    def graph_may_collect(self, graph):
        return self.known.get(graph, True)


class ExceptionTransformer(object):
    """Placeholder object for TranslationContext.getexceptiontransformer():
    the transform itself happens in the C backend (see module docstring)."""

    def __init__(self, translator):
        self.translator = translator
        self.analyzer = RaiseAnalyzer()

    def create_exception_handling(self, graph):
        # nothing to rewrite: funcgen emits the checks
        return graph
