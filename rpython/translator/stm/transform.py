"""STM barrier insertion on rtyped low-level graphs.

    report = transform_graphs(graphs, StmOptions(...))
    print(report.format())

Inserts `stm_read(obj)` / `stm_write(obj)` before reads / writes of GC
objects and `stm_become_inevitable(reason)` before external calls and raw
writes, eliding what the analyses prove redundant (README.md, "Barriers and
their elision").  Knowledge is a forward dataflow over each graph:

- read:      objects with a read barrier (or write barrier) since the last
             possible transaction break;
- written:   objects with a write barrier since the last possible collection;
- fresh_r / fresh_w: objects allocated in this transaction (fresh_w only
             until the next possible collection);
- inevitable: the transaction became inevitable since the last break.

Keys are variables (mapped through same_as/cast_pointer to one
representative) or ("const", container) for prebuilt objects.  At a join the
knowledge is the intersection over all incoming links.
"""

from rpython.flowspace.model import Constant, SpaceOperation, Variable
from rpython.rtyper.lltypesystem import lltype
from rpython.translator.stm import stmops
from rpython.translator.stm.breakanalysis import (
    CallGraphAnalysis,
    external_name,
    is_harmless_external,
)


class StmTransformError(Exception):
    """The input graphs cannot be transformed (e.g. not rtyped)."""


class StmOptions:
    """Which elisions run; each one can be switched off for measurements."""

    def __init__(
        self,
        elide_fresh=True,
        elide_seen=True,
        elide_immutable=True,
        elide_inevitable=True,
        elide_local=True,
    ):
        self.elide_fresh = elide_fresh
        self.elide_seen = elide_seen
        self.elide_immutable = elide_immutable
        self.elide_inevitable = elide_inevitable
        self.elide_local = elide_local


RULES = ("immutable", "fresh", "local", "seen")


class GraphCounts:
    def __init__(self, name):
        self.name = name
        # barriers a naive pass would insert
        self.candidate = {"read": 0, "write": 0}
        self.inserted = {"read": 0, "write": 0}
        # elided[rule][kind]; a barrier is credited to the first rule of
        # RULES that removes it
        self.elided = {rule: {"read": 0, "write": 0} for rule in RULES}
        self.inevitable_inserted = 0
        self.inevitable_elided = 0

    def total_inserted(self):
        return self.inserted["read"] + self.inserted["write"]

    def total_candidate(self):
        return self.candidate["read"] + self.candidate["write"]

    def add(self, other):
        for kind in ("read", "write"):
            self.candidate[kind] += other.candidate[kind]
            self.inserted[kind] += other.inserted[kind]
            for rule in RULES:
                self.elided[rule][kind] += other.elided[rule][kind]
        self.inevitable_inserted += other.inevitable_inserted
        self.inevitable_elided += other.inevitable_elided


class StmReport:
    def __init__(self):
        self.graphs = []
        self.total = GraphCounts("TOTAL")
        # read ops left without barrier by the "local" rule (the run-time
        # checker of the tests trusts the escape analysis for these)
        self.local_reads = {}

    def add(self, counts):
        self.graphs.append(counts)
        self.total.add(counts)

    def for_graph(self, name):
        for counts in self.graphs:
            # graph names may carry a qualifying prefix ("outer.<locals>.g")
            if counts.name == name or counts.name.endswith("." + name):
                return counts
        raise KeyError(name)

    def format(self):
        row = "%-40s" + " %9s" * (len(RULES) + 2) + " %6s"
        head = row % (
            ("graph", "naive r/w")
            + tuple("-" + rule for rule in RULES)
            + ("final r/w", "inev")
        )
        lines = [head]
        for counts in self.graphs + [self.total]:
            cells = []
            left = dict(counts.candidate)
            cells.append("%d/%d" % (left["read"], left["write"]))
            for rule in RULES:
                for kind in ("read", "write"):
                    left[kind] -= counts.elided[rule][kind]
                cells.append("%d/%d" % (left["read"], left["write"]))
            cells.append("%d/%d" % (counts.inserted["read"], counts.inserted["write"]))
            lines.append(
                row
                % ((counts.name[:40],) + tuple(cells) + (counts.inevitable_inserted,))
            )
        return "\n".join(lines)


class _Knowledge:
    def __init__(self):
        self.read = {}
        self.written = {}
        self.fresh_r = {}
        self.fresh_w = {}
        self.inevitable = False

    def copy(self):
        k = _Knowledge()
        k.read = dict(self.read)
        k.written = dict(self.written)
        k.fresh_r = dict(self.fresh_r)
        k.fresh_w = dict(self.fresh_w)
        k.inevitable = self.inevitable
        return k

    def forget_all(self):
        self.read.clear()
        self.written.clear()
        self.fresh_r.clear()
        self.fresh_w.clear()
        self.inevitable = False

    def forget_writes(self):
        self.written.clear()
        self.fresh_w.clear()

    def meet(self, other):
        """Intersect with `other` in place; True if something was dropped."""
        changed = False
        for name in ("read", "written", "fresh_r", "fresh_w"):
            mine = getattr(self, name)
            theirs = getattr(other, name)
            for key in list(mine):
                if key not in theirs:
                    del mine[key]
                    changed = True
        if self.inevitable and not other.inevitable:
            self.inevitable = False
            changed = True
        return changed


def _merge_into(mapping, key, items):
    """mapping[key] |= items; True if it grew."""
    current = mapping.setdefault(key, {})
    grew = False
    for item in items:
        if item not in current:
            current[item] = True
            grew = True
    return grew


def _is_gc_ptr(T):
    return isinstance(T, lltype.Ptr) and T.TO._gckind == "gc"


def _is_raw_ptr(T):
    return isinstance(T, lltype.Ptr) and T.TO._gckind == "raw"


def _const_key(c):
    obj = c.value._obj
    normalize = getattr(obj, "_normalizedcontainer", None)
    if normalize is not None:
        obj = normalize()
    return ("const", id(obj))


class ClassImmutability:
    """Immutable fields declared on RPython classes, found via the rtyper.

    The rtyper does not turn `_immutable_` / `_immutable_fields_` into lltype
    hints (see CONTRACT-NOTES.md), so this reads them from the classes of
    the rtyper's instance reprs: `_immutable_ = True` anywhere in the MRO
    makes every field of the class immutable; `_immutable_fields_` entries
    name fields ("x"), or fixed-size list fields whose items are immutable
    too ("x[*]").  Quasi-immutable entries ("x?") can still change and are
    ignored.
    """

    def __init__(self, rtyper=None):
        self._fields = {}  # id(GcStruct) -> {mangled field name: True}
        self._arrays = {}  # id(GcArray) -> True
        self._keepalive = []
        if rtyper is not None:
            for r in list(rtyper.instance_reprs.values()):
                self._add_repr(r)

    def _add_repr(self, r):
        classdef = getattr(r, "classdef", None)
        if classdef is None:
            return
        cls = classdef.classdesc.pyobj
        everything = False
        declared = {}
        for klass in cls.__mro__:
            if klass.__dict__.get("_immutable_", False):
                everything = True
            for entry in klass.__dict__.get("_immutable_fields_", ()):
                declared[entry] = True
        STRUCT = r.object_type
        fields = self._fields.setdefault(id(STRUCT), {})
        self._keepalive.append(STRUCT)
        for name, (mangled, field_repr) in r.fields.items():
            if everything or name in declared or name + "[*]" in declared:
                fields[mangled] = True
            if name + "[*]" in declared:
                T = field_repr.lowleveltype
                if isinstance(T, lltype.Ptr) and isinstance(T.TO, lltype.Array):
                    self._arrays[id(T.TO)] = True
                    self._keepalive.append(T.TO)

    def struct_field(self, STRUCT, field):
        return field in self._fields.get(id(STRUCT), ())

    def array_items(self, ARRAY):
        return id(ARRAY) in self._arrays


_NO_CLASS_INFO = ClassImmutability()


def _access_is_immutable(op, classinfo=_NO_CLASS_INFO):
    """True if the memory `op` reads can never change after allocation."""
    ptrtype = op.args[0].concretetype
    T = ptrtype.TO
    name = op.opname
    if name in ("getarraysize", "getinteriorarraysize"):
        # an array's length is fixed when it is allocated (shrink_array is
        # only used on fresh objects, before they are visible to others)
        return True
    if name == "getfield":
        field = op.args[1].value
        return (
            field == "typeptr"
            or T._immutable_field(field)
            or classinfo.struct_field(T, field)
        )
    if name == "getarrayitem":
        return bool(T._hints.get("immutable")) or classinfo.array_items(T)
    if name == "getinteriorfield":
        for offset in op.args[1:]:
            if isinstance(T, lltype.Struct):
                field = offset.value
                if T._immutable_field(field):
                    return True
                T = T._flds[field]
            elif isinstance(T, lltype.Array):
                if T._hints.get("immutable"):
                    return True
                T = T.OF
            else:
                return False
        return False
    return False


def _accessed_type_is_void(op):
    if op.opname in ("getfield", "getarrayitem", "getinteriorfield"):
        return op.result.concretetype is lltype.Void
    if op.opname in stmops.WRITE_OPS:
        return op.args[-1].concretetype is lltype.Void
    return False


def _find_local_objects(graph):
    """Variables that can only hold objects that never escape this graph.

    Variables connected by same_as/cast_pointer or by links form groups
    (union-find).  A group is local when every value entering it comes from
    a GC `malloc` in this graph, and every use of its variables is as the
    object of a field/item read or write (not the stored value), an alias,
    or a link into the group.  Nobody else can see such objects, so reading
    them needs no read marker even after a transaction break.  Writes still
    get their barrier: it records the object for rollback on abort and is
    the GC's generational barrier.
    """
    parent = {}

    def find(v):
        root = v
        while parent.get(root, root) is not root:
            root = parent[root]
        while v is not root:
            nxt = parent.get(v, v)
            parent[v] = root
            v = nxt
        return root

    def union(a, b):
        ra, rb = find(a), find(b)
        if ra is not rb:
            parent[ra] = rb

    bad = {}  # root-independent: variables that spoil their group
    sources = {}
    for block in graph.iterblocks():
        for op in block.operations:
            name = op.opname
            if not _is_gc_ptr(op.result.concretetype):
                pass
            elif name in ("malloc", "malloc_varsize"):
                sources[op.result] = True
            elif name in stmops.ALIAS_OPS and isinstance(op.args[0], Variable):
                union(op.result, op.args[0])
            else:
                bad[op.result] = True  # a GC pointer from elsewhere
            for i, arg in enumerate(op.args):
                if not isinstance(arg, Variable):
                    continue
                if i == 0 and (
                    name in stmops.READ_OPS
                    or name in stmops.WRITE_OPS
                    or name in stmops.ALIAS_OPS
                ):
                    continue
                bad[arg] = True  # escapes (stored, passed, derived, compared)
        for link in block.exits:
            for arg, inputarg in zip(link.args, link.target.inputargs):
                if not _is_gc_ptr(inputarg.concretetype):
                    continue
                if isinstance(arg, Variable):
                    union(arg, inputarg)
                else:
                    bad[inputarg] = True
            if link.target is graph.returnblock or link.target is graph.exceptblock:
                for arg in link.args:
                    if isinstance(arg, Variable):
                        bad[arg] = True
    for v in graph.getargs():
        bad[v] = True
    spoiled = {}
    for v in bad:
        spoiled[find(v)] = True
    local = {}
    for block in graph.iterblocks():
        candidates = list(block.inputargs)
        candidates += [op.result for op in block.operations]
        for v in candidates:
            if _is_gc_ptr(v.concretetype) and find(v) not in spoiled:
                local[v] = True
    # a group with no malloc at all (e.g. only constants) is not local
    has_source = {}
    for v in sources:
        has_source[find(v)] = True
    return {v: True for v in local if find(v) in has_source}


class _GraphTransformer:
    def __init__(self, graph, analysis, options, classinfo):
        self.classinfo = classinfo
        self.graph = graph
        self.analysis = analysis
        self.options = options
        self.counts = GraphCounts(graph.name)
        self.local_reads = {}  # read ops elided by the "local" rule
        self._find_interior_pointers()
        self.local = _find_local_objects(graph) if options.elide_local else {}

    def _find_interior_pointers(self):
        """Interior pointers into GC objects, and what is done through them.

        `derived` maps every variable holding a pointer into a GC object
        (getsubstruct, getarraysubstruct, ... possibly across links) to the
        set of `origins`: the results of the operations that derived it
        directly from a GC pointer.  The barrier goes before the origin
        operation, on its GC argument: a write barrier if anything writes
        through a derived pointer or the pointer leaves the graph's local
        operations (call argument, return), else a read barrier.  Valid
        because interior pointers never live across a collection or a
        transaction break (the GC transform refuses them there).
        """
        derived = {}
        changed = True
        while changed:
            changed = False
            for block in self.graph.iterblocks():
                for op in block.operations:
                    origins = None
                    if op.opname in stmops.INTERIOR_OPS:
                        base = op.args[0]
                        if _is_gc_ptr(base.concretetype):
                            origins = {op.result: True}
                        elif base in derived:
                            origins = derived[base]
                    elif op.opname in stmops.ALIAS_OPS and op.args[0] in derived:
                        origins = derived[op.args[0]]
                    if origins is not None:
                        changed |= _merge_into(derived, op.result, origins)
                for link in block.exits:
                    for arg, inputarg in zip(link.args, link.target.inputargs):
                        if isinstance(arg, Variable) and arg in derived:
                            changed |= _merge_into(derived, inputarg, derived[arg])
        use = {}
        for block in self.graph.iterblocks():
            for op in block.operations:
                name = op.opname
                for i, arg in enumerate(op.args):
                    if not (isinstance(arg, Variable) and arg in derived):
                        continue
                    if i == 0 and name in stmops.READ_OPS:
                        kind = "read"
                    elif i == 0 and (
                        name in stmops.INTERIOR_OPS or name in stmops.ALIAS_OPS
                    ):
                        continue  # the derived pointer's own uses count
                    else:
                        kind = "write"  # written, or escapes
                    for origin in derived[arg]:
                        if use.get(origin) != "write":
                            use[origin] = kind
            for link in block.exits:
                if link.target is self.graph.returnblock:
                    for arg in link.args:
                        for origin in derived.get(arg, ()):
                            use[origin] = "write"
        self.derived = derived
        self.origin_use = use

    # -- per-block state ------------------------------------------------------

    def _key(self, arg, alias):
        if isinstance(arg, Constant):
            if not arg.value:
                return None
            return _const_key(arg)
        return alias.get(arg, arg)

    def _run_block(self, block, knowledge, emit):
        """Walk the block's operations; returns (knowledge, alias, interior).

        With `emit`, also rebuilds block.operations with the barriers and
        updates the counts."""
        alias = {}  # Variable -> representative key
        newops = [] if emit else None
        opts = self.options
        last = len(block.operations) - 1
        for index, op in enumerate(block.operations):
            name = op.opname
            target = None  # (gc object arg, key) for barriers
            kind = None
            if name in stmops.READ_OPS or name in stmops.WRITE_OPS:
                kind = "read" if name in stmops.READ_OPS else "write"
                obj = op.args[0]
                T = obj.concretetype
                if _accessed_type_is_void(op):
                    kind = None
                elif _is_gc_ptr(T):
                    target = (obj, self._key(obj, alias))
                elif isinstance(obj, Variable) and obj in self.derived:
                    kind = None  # the barrier is at the origin
                elif _is_raw_ptr(T) and kind == "write":
                    self._inevitable(op, knowledge, newops, "raw write")
                    kind = None
                else:
                    kind = None
            elif name in stmops.INTERIOR_OPS and op.result in self.origin_use:
                kind = self.origin_use[op.result]
                target = (op.args[0], self._key(op.args[0], alias))
            elif name in stmops.RAW_WRITE_OPS or (
                name == "free" and op.args[1].value.get("flavor") == "raw"
            ):
                self._inevitable(op, knowledge, newops, "raw memory: " + name)
            elif name == stmops.STM_BECOME_INEVITABLE:
                knowledge.inevitable = True
            elif name == "direct_call":
                ext = external_name(op)
                if ext is not None and not is_harmless_external(ext):
                    self._inevitable(op, knowledge, newops, "external call: " + ext)

            if kind is not None and target is not None:
                self._barrier(op, kind, target, knowledge, newops)

            if emit:
                newops.append(op)

            # effects of the operation itself
            if self.analysis.op_may_break(op):
                knowledge.forget_all()
            elif self.analysis.op_may_collect_on_return(
                op, block.canraise and index == last
            ):
                # (a call that collects only when it raises leaves the
                # graph then, unless this block catches it)
                knowledge.forget_writes()
            if name in ("malloc", "malloc_varsize") and _is_gc_ptr(
                op.result.concretetype
            ):
                if opts.elide_fresh:
                    knowledge.fresh_r[op.result] = True
                    knowledge.fresh_w[op.result] = True
            elif name in stmops.ALIAS_OPS and _is_gc_ptr(op.result.concretetype):
                key = self._key(op.args[0], alias)
                if key is not None:
                    alias[op.result] = key
        if emit:
            if opts.elide_seen:
                self._write_before_read(newops, alias, block.canraise)
            block.operations = newops
        return alias

    def _write_before_read(self, newops, alias, canraise):
        """A read barrier followed in the same block by a write barrier on
        the same object, with nothing that may collect or break between
        them, becomes that write barrier (moved up) and the later one goes:
        an object written since the last possible break needs no read
        barrier (rule "seen"), and a write barrier executed a little early
        is still valid until the next possible collection.  Typical case:
        `p.x = p.x * 3 + p.y` -- one barrier instead of two."""
        pending = {}  # object key -> index in newops of its stm_read
        dropped = {}  # index in newops -> True
        for index, op in enumerate(newops):
            name = op.opname
            if name == stmops.STM_READ or name == stmops.STM_WRITE:
                key = self._key(op.args[0], alias)
                if key is None:
                    continue
                if name == stmops.STM_READ:
                    if key not in pending:
                        pending[key] = index
                elif key in pending:
                    read_op = newops[pending[key]]
                    newops[pending[key]] = SpaceOperation(
                        stmops.STM_WRITE, [read_op.args[0]], read_op.result
                    )
                    dropped[index] = True
                    del pending[key]
                    self.counts.inserted["read"] -= 1
                    self.counts.elided["seen"]["read"] += 1
            elif self.analysis.op_may_break(op) or (
                self.analysis.op_may_collect_on_return(
                    op, canraise and index == len(newops) - 1
                )
            ):
                pending.clear()
        if dropped:
            newops[:] = [op for i, op in enumerate(newops) if i not in dropped]

    def _inevitable(self, op, knowledge, newops, reason):
        if knowledge.inevitable and self.options.elide_inevitable:
            if newops is not None:
                self.counts.inevitable_elided += 1
            return
        knowledge.inevitable = True
        if newops is not None:
            self.counts.inevitable_inserted += 1
            v = Variable()
            v.concretetype = lltype.Void
            newops.append(
                SpaceOperation(
                    stmops.STM_BECOME_INEVITABLE, [Constant(reason, lltype.Void)], v
                )
            )

    def _barrier(self, op, kind, target, knowledge, newops):
        obj, key = target
        opts = self.options
        rule = None
        if kind == "read":
            if opts.elide_immutable and _access_is_immutable(op, self.classinfo):
                rule = "immutable"
            elif key is not None and key in knowledge.fresh_r:
                rule = "fresh"
            elif isinstance(obj, Variable) and obj in self.local:
                rule = "local"
            elif opts.elide_seen and key is not None and key in knowledge.read:
                rule = "seen"
        else:
            if key is not None and key in knowledge.fresh_w:
                rule = "fresh"
            elif opts.elide_seen and key is not None and key in knowledge.written:
                rule = "seen"
        if key is not None and rule not in ("immutable", "local"):
            # an elided immutable read is no barrier: it proves nothing
            # about the object's other fields
            knowledge.read[key] = True
            if kind == "write":
                knowledge.written[key] = True
        if newops is None:
            return
        self.counts.candidate[kind] += 1
        if rule is not None:
            self.counts.elided[rule][kind] += 1
            if rule == "local":
                self.local_reads[op] = True
            return
        self.counts.inserted[kind] += 1
        v = Variable()
        v.concretetype = lltype.Void
        opname = stmops.STM_READ if kind == "read" else stmops.STM_WRITE
        newops.append(SpaceOperation(opname, [obj], v))

    # -- dataflow -------------------------------------------------------------

    def _along_link(self, link, knowledge, alias):
        """Knowledge at link.target's entry, as seen through this link."""
        out = _Knowledge()
        out.inevitable = knowledge.inevitable
        for name in ("read", "written", "fresh_r", "fresh_w"):
            src = getattr(knowledge, name)
            dst = getattr(out, name)
            for key in src:
                if isinstance(key, tuple):
                    dst[key] = True  # prebuilt constants keep their key
            for arg, inputarg in zip(link.args, link.target.inputargs):
                if isinstance(arg, Variable):
                    if alias.get(arg, arg) in src:
                        dst[inputarg] = True
                elif isinstance(arg, Constant) and _is_gc_ptr(arg.concretetype):
                    if arg.value and _const_key(arg) in src:
                        dst[inputarg] = True
        return out

    def run(self):
        graph = self.graph
        entry = {graph.startblock: _Knowledge()}
        pending = [graph.startblock]
        while pending:
            block = pending.pop()
            knowledge = entry[block].copy()
            alias = self._run_block(block, knowledge, emit=False)
            for link in block.exits:
                incoming = self._along_link(link, knowledge, alias)
                target = link.target
                if target not in entry:
                    entry[target] = incoming
                    pending.append(target)
                elif entry[target].meet(incoming):
                    if target not in pending:
                        pending.append(target)
        for block in list(graph.iterblocks()):
            if block in entry and block.operations:
                self._run_block(block, entry[block].copy(), emit=True)
        return self.counts


def transform_graphs(graphs, options=None, rtyper=None):
    """Insert STM barriers into every graph in `graphs` (in place).

    With `rtyper`, class-level `_immutable_` / `_immutable_fields_` are
    honoured (ClassImmutability)."""
    if options is None:
        options = StmOptions()
    for graph in graphs:
        for v in graph.getargs():
            if getattr(v, "concretetype", None) is None:
                raise StmTransformError(
                    "graph %s is not rtyped (argument %s has no low-level "
                    "type): run the rtyper before the stm transform" % (graph.name, v)
                )
    classinfo = ClassImmutability(rtyper)
    graphs = list(graphs)
    analysis = CallGraphAnalysis(graphs)
    report = StmReport()
    for graph in graphs:
        transformer = _GraphTransformer(graph, analysis, options, classinfo)
        report.add(transformer.run())
        report.local_reads.update(transformer.local_reads)
    return report
