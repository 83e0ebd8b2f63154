"""Call-graph analyses for the STM transform.

For every graph reachable from the ones given, two facts, each computed by
propagating from the graphs where it holds locally to all their callers:

- may_break: running the graph may commit the current transaction and start
  a new one (stm_transaction_break, stm_possible_transaction_break, gil ops,
  blocking or unknown external calls, indirect calls without a known list of
  targets).  After such a call every barrier must be repeated.
- may_collect: running the graph may run a minor collection (GC allocation,
  anything that may break).  After such a call, write barriers must be
  repeated: stmgc sets WRITE_BARRIER again on objects surviving a minor
  collection (it is also the generational barrier).
- collects_on_return: the graph may collect and then return normally.
  False for graphs that only collect on their way to raising, e.g.
  `math.sqrt`, which allocates its ValueError: a call to it whose
  exception propagates (not caught in the calling block) leaves write
  knowledge and GC locals valid when it returns (op_may_collect_on_return;
  used by transform.py and by the C backend's root pushing with --stm).
  Graphs that may break always count as collecting.
"""

from rpython.rtyper.lltypesystem.lloperation import LL_OPERATIONS
from rpython.translator.stm import stmops


def called_graphs(op):
    """The graphs `op` may call, or None when unknown (or not a call)."""
    if op.opname == "direct_call":
        obj = op.args[0].value._obj
        graph = getattr(obj, "graph", None)
        return [graph] if graph is not None else None
    if op.opname == "indirect_call":
        graphs = op.args[-1].value
        if graphs is None:
            return None
        return list(graphs)
    return None


def external_name(op):
    """The C name of a direct call to an external function, else None."""
    if op.opname != "direct_call":
        return None
    obj = op.args[0].value._obj
    if getattr(obj, "graph", None) is not None:
        return None
    if getattr(obj, "external", None) == "C":
        return getattr(obj, "_name", "?")
    return None


def is_harmless_external(name):
    if name.startswith(stmops.RUNTIME_PREFIX):
        # the runtime glue (stm/src/stm_rpy.c): per-thread statistics and
        # markers, no I/O (except the event-log printer)
        return name not in stmops.RUNTIME_WITH_IO
    return name in stmops.HARMLESS_EXTERNALS


def _gc_malloc(op):
    if op.opname in ("malloc", "malloc_varsize"):
        flags = op.args[1].value
        return flags.get("flavor", "gc") == "gc"
    return False


def op_locally_breaks(op):
    """True if `op` itself (ignoring callee graphs) may break the transaction."""
    if op.opname in stmops.TRANSACTION_BREAK_OPS:
        return True
    if op.opname == "indirect_call" and op.args[-1].value is None:
        return True
    if op.opname == "direct_call":
        obj = op.args[0].value._obj
        if getattr(obj, "graph", None) is None:
            name = external_name(op)
            # unknown non-graph callables (llhelpers with only a _callable)
            # are treated like externals
            return name is None or not is_harmless_external(name)
    return False


def op_locally_collects(op):
    if op_locally_breaks(op) or _gc_malloc(op):
        return True
    if op.opname in ("malloc", "malloc_varsize", "direct_call", "indirect_call"):
        return False
    info = LL_OPERATIONS.get(op.opname)
    return info is not None and info.canmallocgc


class CallGraphAnalysis:
    def __init__(self, graphs):
        self.may_break = {}
        self.may_collect = {}
        self._callers = {}
        self._collect_graphs(graphs)
        self._propagate()

    def _collect_graphs(self, graphs):
        pending = list(graphs)
        seen = {}
        while pending:
            graph = pending.pop()
            if graph in seen:
                continue
            seen[graph] = True
            breaks = collects = False
            for block in graph.iterblocks():
                for op in block.operations:
                    if op_locally_breaks(op):
                        breaks = True
                    if op_locally_collects(op):
                        collects = True
                    for callee in called_graphs(op) or ():
                        self._callers.setdefault(callee, {})[graph] = True
                        if callee not in seen:
                            pending.append(callee)
            self.may_break[graph] = breaks
            self.may_collect[graph] = collects

    def _propagate(self):
        for facts in (self.may_break, self.may_collect):
            work = [g for g, flag in facts.items() if flag]
            while work:
                graph = work.pop()
                for caller in self._callers.get(graph, {}):
                    if not facts[caller]:
                        facts[caller] = True
                        work.append(caller)
        self._compute_collects_on_return()

    def _compute_collects_on_return(self):
        facts = self.collects_on_return = {}
        callers = {}  # callee -> {caller: True}, uncaught calls on return paths
        for graph in self.may_collect:
            flag = self.may_break[graph]
            reaching = _blocks_reaching_return(graph)
            for block in graph.iterblocks():
                if block not in reaching:
                    continue  # ends in a raise: whatever it does is unseen
                ops = block.operations
                for index, op in enumerate(ops):
                    if flag:
                        break
                    if op_locally_collects(op):
                        flag = True
                        break
                    graphs = called_graphs(op)
                    if not graphs:
                        continue
                    if _catching(block, index):
                        if any(self.may_collect.get(g, True) for g in graphs):
                            flag = True
                        continue
                    for g in graphs:
                        if g not in self.may_collect:
                            flag = True
                        else:
                            callers.setdefault(g, {})[graph] = True
            facts[graph] = flag
        work = [g for g, flag in facts.items() if flag]
        while work:
            graph = work.pop()
            for caller in callers.get(graph, {}):
                if not facts[caller]:
                    facts[caller] = True
                    work.append(caller)

    def op_may_break(self, op):
        if op_locally_breaks(op):
            return True
        graphs = called_graphs(op)
        if graphs:
            return any(self.may_break.get(g, True) for g in graphs)
        return False

    def op_may_collect(self, op):
        if op_locally_collects(op):
            return True
        graphs = called_graphs(op)
        if graphs:
            return any(self.may_collect.get(g, True) for g in graphs)
        return False

    def op_may_collect_on_return(self, op, catching):
        """Whether `op` may collect and then go on normally (to the next
        operation; with `catching`, the op is the block's last one and its
        exception links are taken into account too)."""
        if op_locally_collects(op):
            return True
        graphs = called_graphs(op)
        if graphs:
            facts = self.may_collect if catching else self.collects_on_return
            return any(facts.get(g, True) for g in graphs)
        return False


def _catching(block, index):
    """The op at `index` is the last of a block whose exception links
    catch what it raises."""
    return block.canraise and index == len(block.operations) - 1


def _blocks_reaching_return(graph):
    preds = {}
    for block in graph.iterblocks():
        for link in block.exits:
            preds.setdefault(link.target, []).append(block)
    seen = {graph.returnblock: True}
    pending = [graph.returnblock]
    while pending:
        block = pending.pop()
        for pred in preds.get(block, ()):
            if pred not in seen:
                seen[pred] = True
                pending.append(pred)
    return seen
