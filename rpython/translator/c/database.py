"""The C database: every low-level type, prebuilt object and function that the
program needs, each with its C name.

C types are written as templates with '@' standing for the declared name,
so that `cdecl(template, name)` spells any declarator, including pointers to
functions (``long (*@)(long)``).  A GC type gets a type id (tid): its index in
the `rpy_typeinfo_table` that the generational GC reads.  Prebuilt objects are
global C variables; a variable-sized one gets its own struct type of the
exact length (C cannot initialise a flexible array member inside a struct),
whose address is cast to the generic type.

Everything that reads lltype's internals goes through the small helpers at
the top of this file, so that the rest of the backend only sees types and
values.
"""

import math

from rpython.rtyper.lltypesystem import lltype

try:
    from rpython.rtyper.lltypesystem import llmemory
except ImportError:  # pragma: no cover - llmemory arrives with the rtyper
    llmemory = None


class CBackendError(Exception):
    """The program contains something the C backend cannot express."""


C_KEYWORDS = frozenset(
    """auto break case char const continue default do double else enum extern
    float for goto if inline int long register restrict return short signed
    sizeof static struct switch typedef union unsigned void volatile while
    main errno""".split()
)


def cdecl(template, name):
    """Declare `name` with the C type `template` ('@' marks the name)."""
    return template.replace("@", name).strip()


def ident(text):
    """A C identifier made from arbitrary text."""
    out = "".join(c if (c.isalnum() and c.isascii()) or c == "_" else "_" for c in text)
    if not out or out[0].isdigit():
        out = "_" + out
    return out


class NameManager(object):
    def __init__(self):
        self.used = {}

    def uniquename(self, base):
        base = ident(base)[:60]
        n = self.used.get(base, 0)
        self.used[base] = n + 1
        if n == 0 and base not in C_KEYWORDS:
            return base
        return "%s_%d" % (base, n)


# ---------------------------------------------------------------------------
# lltype access helpers


def _primitive_ctypes():
    table = {}

    def add(name, ctype):
        T = getattr(lltype, name, None)
        if T is not None and T not in table:  # LongLong may alias Signed
            table[T] = ctype

    add("Signed", "long @")
    add("Unsigned", "unsigned long @")
    add("SignedLongLong", "long long @")
    add("UnsignedLongLong", "unsigned long long @")
    add("SignedLongLongLong", "__int128 @")
    add("Float", "double @")
    add("SingleFloat", "float @")
    add("LongFloat", "long double @")
    add("Char", "char @")
    add("UniChar", "rpy_unichar @")
    add("Bool", "bool_t @")
    add("Void", "void @")
    if llmemory is not None:
        for name in ("Address", "GCREF"):
            T = getattr(llmemory, name, None)
            if T is not None and not isinstance(T, lltype.Ptr):
                table[T] = "void *@"
    return table


PRIMITIVE_CTYPES = _primitive_ctypes()

# rffi's sized integer types, by their lltype name
NUMBER_CTYPES = {
    "INT": "int @",
    "UINT": "unsigned int @",
    "SHORT": "short @",
    "USHORT": "unsigned short @",
    "SIGNEDCHAR": "signed char @",
    "UCHAR": "unsigned char @",
    "LONG": "long @",
    "ULONG": "unsigned long @",
    "LONGLONG": "long long @",
    "ULONGLONG": "unsigned long long @",
    "SIZE_T": "size_t @",
    "SSIZE_T": "ssize_t @",
    "INT8": "int8_t @",
    "UINT8": "uint8_t @",
    "INT16": "int16_t @",
    "UINT16": "uint16_t @",
    "INT32": "int32_t @",
    "UINT32": "uint32_t @",
    "INT64": "int64_t @",
    "UINT64": "uint64_t @",
    "WCHAR_T": "wchar_t @",
}


def is_gc_ptr(T):
    return isinstance(T, lltype.Ptr) and T.TO._gckind == "gc"


def is_fixedsizearray(T):
    FSA = getattr(lltype, "FixedSizeArray", None)
    return FSA is not None and isinstance(T, FSA)


def struct_fields(T):
    """(name, FIELDTYPE) pairs of a Struct, in order."""
    return [(name, T._flds[name]) for name in T._names]


def array_has_length(A):
    return not A._hints.get("nolength", False)


def container_of(ptr):
    """The container object a non-null pointer points to."""
    obj = ptr._obj
    return obj


def parent_of(obj):
    """(parent container, index or field name) for a substructure, else None."""
    getparent = getattr(obj, "_parentstructure", None)
    if getparent is None:
        return None
    parent = getparent()
    if parent is None:
        return None
    return parent, obj._parent_index


def array_items(obj):
    items = getattr(obj, "items", None)
    if items is not None:
        return list(items)
    return [obj.getitem(i) for i in range(obj.getlength())]


def struct_field_value(obj, name):
    return getattr(obj, name)


def top_container(obj):
    """Walk up from an embedded substructure to the outermost container; return
    (outer, path) where path is the list of field names / indices."""
    path = []
    while True:
        p = parent_of(obj)
        if p is None:
            return obj, path
        obj, index = p
        path.insert(0, index)


# ---------------------------------------------------------------------------
# Type definitions


class StructDefNode(object):
    """The C struct for an lltype Struct (or one exact-length variant)."""

    def __init__(self, db, T, varlength=None):
        self.db = db
        self.T = T
        self.varlength = varlength
        base = "pypy_" + getattr(T, "_name", "struct")
        if varlength is not None:
            base += "_len%d" % varlength
        self.name = db.names.uniquename(base)
        self.ctype = "struct %s @" % self.name
        self.fields = []  # (lltype name, C name, FIELDTYPE)
        self.has_gc_header = T._gckind == "gc" and not self._first_is_gcstruct()
        self.defined = False

    def _first_is_gcstruct(self):
        if not self.T._names:
            return False
        F = self.T._flds[self.T._names[0]]
        return isinstance(F, lltype.Struct) and F._gckind == "gc"

    def setup(self):
        T = self.T
        arrayfld = getattr(T, "_arrayfld", None)
        for name, F in struct_fields(T):
            if F is lltype.Void:
                continue
            cname = "c_" + ident(name)
            if name == arrayfld:
                ctype = self.db.gettype(F, varlength=self.varlength)
            else:
                ctype = self.db.gettype(F)
            self.fields.append((name, cname, F, ctype))

    def c_field(self, name):
        for fname, cname, F, ctype in self.fields:
            if fname == name:
                return cname
        raise CBackendError("no field %r in %s" % (name, self.T))

    def definition(self):
        lines = ["struct %s {" % self.name]
        if self.has_gc_header:
            lines.append("\trpy_gchdr_t _gchdr;")
        for name, cname, F, ctype in self.fields:
            lines.append("\t%s;" % cdecl(ctype, cname))
        if not self.fields and not self.has_gc_header:
            lines.append("\tchar _empty;")
        lines.append("};")
        return "\n".join(lines)

    def dependencies(self):
        """DefNodes that must be complete before this one (embedded by value)."""
        deps = []
        for name, cname, F, ctype in self.fields:
            if isinstance(F, lltype.ContainerType):
                deps.append(self.db.getdefnode(F, self._varlength_for(name)))
        return deps

    def _varlength_for(self, name):
        if name == getattr(self.T, "_arrayfld", None):
            return self.varlength
        return None


class ArrayDefNode(object):
    """The C struct for an lltype Array: [header] [length] items[]."""

    def __init__(self, db, A, varlength=None):
        self.db = db
        self.T = A
        self.varlength = varlength
        base = "pypy_array"
        if varlength is not None:
            base += "_len%d" % varlength
        self.name = db.names.uniquename(base)
        self.ctype = "struct %s @" % self.name
        self.has_gc_header = A._gckind == "gc"
        self.has_length = array_has_length(A)

    def setup(self):
        self.itemtype = self.db.gettype(self.T.OF)

    def definition(self):
        lines = ["struct %s {" % self.name]
        if self.has_gc_header:
            lines.append("\trpy_gchdr_t _gchdr;")
        if self.has_length:
            lines.append("\tlong length;")
        if self.T.OF is not lltype.Void:
            if self.varlength is None:
                n = ""
                if not self.has_length and not self.has_gc_header:
                    # C wants a named member before a flexible array
                    lines.append("\tchar _nolength[0];")
            else:
                n = str(max(self.varlength, 1))
            lines.append("\t%s;" % cdecl(self.itemtype, "items[%s]" % n))
        elif not self.has_length and not self.has_gc_header:
            lines.append("\tchar _empty;")
        lines.append("};")
        return "\n".join(lines)

    def dependencies(self):
        if isinstance(self.T.OF, lltype.ContainerType):
            return [self.db.getdefnode(self.T.OF)]
        return []


class FixedSizeArrayDefNode(object):
    """lltype FixedSizeArray: a struct holding `T items[N]`."""

    def __init__(self, db, T, varlength=None):
        self.db = db
        self.T = T
        self.varlength = None
        self.name = db.names.uniquename("pypy_fixedarray")
        self.ctype = "struct %s @" % self.name
        self.has_gc_header = False

    def setup(self):
        self.itemtype = self.db.gettype(self.T.OF)

    def definition(self):
        return "struct %s {\n\t%s;\n};" % (
            self.name,
            cdecl(self.itemtype, "items[%d]" % max(self.T.length, 1)),
        )

    def dependencies(self):
        if isinstance(self.T.OF, lltype.ContainerType):
            return [self.db.getdefnode(self.T.OF)]
        return []


# ---------------------------------------------------------------------------
# The database


class LowLevelDatabase(object):
    def __init__(self, translator=None, gcpolicy="framework", thread=False):
        self.translator = translator
        self.gcpolicy_name = gcpolicy
        self.thread = thread
        self.names = NameManager()
        self.defnodes = {}  # (TYPE, varlength) -> def node
        self.defnode_order = []
        self.containernodes = {}  # id(container) -> node
        self.containernode_order = []
        self.pending = []
        self.gctypes = []  # def nodes of GC types, index = tid
        self.tids = {}  # TYPE -> tid
        self.ecis = []
        self.completed = False
        # set by the driver: RaiseAnalyzer / CollectAnalyzer over all graphs
        self.raise_analyzer = None
        self.collect_analyzer = None
        from rpython.memory.gctransform import gcpolicy_for

        self.gcpolicy = gcpolicy_for(gcpolicy, self)
        # --stm: GC pointers are %gs pointers (see stm_gcsupport.h)
        self.stm = self.gcpolicy.stm
        self.stm_segments = 2
        self.stm_transformed = None  # graphs the driver's stm pass has seen
        self._stm_fq_types = None  # see stm_finalizer_types()
        self._stm_call_analysis = None  # see stm_call_analysis()
        self._stm_inlined = None
        self.stm_prebuilt_index = {}  # GC data node -> index after start-up
        self._stm_may_break = {}

    # -- types ------------------------------------------------------------

    def gettype(self, T, varlength=None):
        if isinstance(T, lltype.Primitive) or T in PRIMITIVE_CTYPES:
            try:
                return PRIMITIVE_CTYPES[T]
            except KeyError:
                pass
            name = getattr(T, "_name", None)
            if name in NUMBER_CTYPES:
                return NUMBER_CTYPES[name]
            raise CBackendError("no C type for primitive %r" % (T,))
        if isinstance(T, lltype.Ptr):
            TO = T.TO
            if isinstance(TO, lltype.FuncType):
                args = [self.gettype(A) for A in TO.ARGS if A is not lltype.Void]
                argtext = ", ".join(cdecl(a, "") for a in args) or "void"
                return self.gettype(TO.RESULT).replace("@", "(*@)(%s)" % argtext)
            if isinstance(TO, lltype.OpaqueType):
                if self.stm and TO._gckind == "gc":
                    return "object_t *@"
                return "void *@"
            if self.stm and self.is_stm_pointee(TO):
                return "STM_SEG " + self.gettype(TO, varlength).replace("@", "*@")
            return self.gettype(TO, varlength).replace("@", "*@")
        if isinstance(T, lltype.OpaqueType):
            return "void *@"
        if isinstance(T, (lltype.Struct, lltype.Array)) or is_fixedsizearray(T):
            return self.getdefnode(T, varlength).ctype
        name = getattr(T, "_name", None)
        if name in NUMBER_CTYPES:
            return NUMBER_CTYPES[name]
        raise CBackendError("no C type for %r" % (T,))

    def is_stm_pointee(self, TO):
        """--stm: whether pointers to TO are %gs pointers: GC types, and the
        non-GC types that GC objects contain by value (interior pointers,
        e.g. a dict entry inside its GcArray)."""
        if TO._gckind == "gc":
            return True
        if self._stm_inlined is None:
            self._stm_inlined = stm_inlined_types(self.translator)
        return TO in self._stm_inlined

    def stm_call_analysis(self):
        """--stm: stm/breakanalysis.py's facts about the program's graphs
        (funcgen asks which calls collect only when they raise)."""
        if self._stm_call_analysis is None:
            from rpython.translator.stm.breakanalysis import CallGraphAnalysis

            graphs = list(getattr(self.translator, "graphs", None) or [])
            self._stm_call_analysis = CallGraphAnalysis(graphs)
        return self._stm_call_analysis

    def stm_finalizer_types(self):
        """--stm: the GcStructs of instances that may be registered with an
        rgc.FinalizerQueue (queue.Class and its subclasses).  stmgc only
        finalizes objects allocated with stm_allocate_with_finalizer, so
        these are all allocated that way (src/stm_fq.h)."""
        if self._stm_fq_types is None:
            self._stm_fq_types = {}
            rtyper = getattr(self.translator, "rtyper", None)
            if rtyper is not None:
                from rpython.rtyper import rweakref
                from rpython.rtyper.rclass import getinstancerepr

                bk = rtyper.annotator.bookkeeper
                for _, queue, _ in rweakref._fq_state(bk).values():
                    top = bk.getuniqueclassdef(queue.Class)
                    for classdef in top.getallsubdefs():
                        r = getinstancerepr(rtyper, classdef)
                        self._stm_fq_types[r.lowleveltype.TO] = True
        return self._stm_fq_types

    def stm_graph_may_break(self, graph):
        """--stm: whether calling `graph` may commit the transaction at a
        transaction break (its own or a callee's)."""
        if graph not in self._stm_may_break:
            graphs = list(getattr(self.translator, "graphs", None) or [])
            self._compute_may_break(graphs + [graph])
        return self._stm_may_break[graph]

    def _compute_may_break(self, roots):
        from rpython.translator.c.funcgen import STM_BREAK_OPS

        callers = {}
        pending = [g for g in roots if g not in self._stm_may_break]
        found = {}
        while pending:
            graph = pending.pop()
            if graph in found:
                continue
            breaks = False
            for block in graph.iterblocks():
                for op in block.operations:
                    if op.opname in STM_BREAK_OPS:
                        breaks = True
                    callees = []
                    if op.opname == "direct_call":
                        g = getattr(op.args[0].value._obj, "graph", None)
                        if g is not None:
                            callees.append(g)
                    elif op.opname == "indirect_call":
                        if op.args[-1].value is None:
                            breaks = True  # unknown targets
                        else:
                            callees.extend(op.args[-1].value)
                    for g in callees:
                        callers.setdefault(g, []).append(graph)
                        if g not in found and g not in self._stm_may_break:
                            pending.append(g)
            found[graph] = breaks
        for graph, flag in found.items():
            self._stm_may_break[graph] = flag
        work = [g for g, flag in found.items() if flag]
        while work:
            graph = work.pop()
            for caller in callers.get(graph, ()):
                if not self._stm_may_break.get(caller):
                    self._stm_may_break[caller] = True
                    work.append(caller)

    def getdefnode(self, T, varlength=None):
        if varlength is not None:
            if isinstance(T, lltype.Struct) and not is_fixedsizearray(T):
                if getattr(T, "_arrayfld", None) is None:
                    varlength = None
            elif not isinstance(T, lltype.Array):
                varlength = None
        key = (T, varlength)
        try:
            return self.defnodes[key]
        except KeyError:
            pass
        if is_fixedsizearray(T):
            node = FixedSizeArrayDefNode(self, T)
        elif isinstance(T, lltype.Struct):
            node = StructDefNode(self, T, varlength)
        elif isinstance(T, lltype.Array):
            node = ArrayDefNode(self, T, varlength)
        else:
            raise CBackendError("not a container type: %r" % (T,))
        self.defnodes[key] = node
        node.setup()
        self.defnode_order.append(node)
        if node.has_gc_header and varlength is None:
            self.gettid(T)
        return node

    def gettid(self, T):
        """The type id of GC type T (allocated on first request)."""
        try:
            return self.tids[T]
        except KeyError:
            pass
        tid = len(self.gctypes)
        self.tids[T] = tid
        self.gctypes.append(self.getdefnode(T))
        return tid

    def sorted_defnodes(self):
        """Def nodes in an order where by-value dependencies come first."""
        result = []
        state = {}

        def visit(node):
            s = state.get(node)
            if s == 2:
                return
            if s == 1:
                raise CBackendError("recursive by-value type %r" % (node.T,))
            state[node] = 1
            for dep in node.dependencies():
                visit(dep)
            state[node] = 2
            result.append(node)

        for node in list(self.defnode_order):
            visit(node)
        return result

    # -- constants --------------------------------------------------------

    def get(self, value, T=None, code=False):
        """A C expression for the constant `value` of low-level type T.
        `code`: the expression is used in a function body (not a static
        initializer); with --stm, prebuilt GC objects then live in stmgc."""
        if T is None:
            T = lltype.typeOf(value)
        if isinstance(T, lltype.Ptr):
            if self.stm and code and value:
                moved = self.get_stm_pointer(value, T)
                if moved is not None:
                    return moved
            return self.get_pointer(value, T)
        if T is lltype.Void:
            return "/* void */"
        return self.get_primitive(value, T)

    def get_primitive(self, value, T):
        if llmemory is not None and isinstance(
            value, getattr(llmemory, "AddressOffset", ())
        ):
            return self.get_offset(value)
        compute_fn = getattr(value, "compute_fn", None)
        if compute_fn is not None:  # ComputedIntSymbolic: known after rtyping
            value = compute_fn()
        elif type(value).__name__ == "CDefinedIntSymbolic":
            return "(%s)" % value.expr
        if T is lltype.Float or T is getattr(lltype, "SingleFloat", None):
            return c_float(float(value))
        if T is lltype.Char:
            return "((char)%d)" % ord(value)
        if T is lltype.UniChar:
            return "((rpy_unichar)%d)" % ord(value)
        if T is lltype.Bool:
            return "1" if value else "0"
        if llmemory is not None and T is getattr(llmemory, "Address", None):
            if not value:
                return "NULL"
            raise CBackendError("prebuilt non-null address %r" % (value,))
        value = int(value)
        if T in (
            getattr(lltype, "Unsigned", None),
            getattr(lltype, "UnsignedLongLong", None),
        ):
            return "%dUL" % (value & 0xFFFFFFFFFFFFFFFF)
        if value == -(2**63):
            return "(-9223372036854775807L-1)"
        return "%dL" % value

    def get_offset(self, value):
        """Symbolic sizes and offsets from llmemory."""
        cls = type(value).__name__
        if cls == "ItemOffset":
            return "(sizeof(%s) * %d)" % (
                cdecl(self.gettype(value.TYPE), ""),
                value.repeat,
            )
        if cls == "FieldOffset":
            node = self.getdefnode(value.TYPE)
            return "offsetof(struct %s, %s)" % (node.name, node.c_field(value.fldname))
        if cls == "ArrayItemsOffset":
            node = self.getdefnode(value.TYPE)
            if value.TYPE.OF is lltype.Void:
                # an array of Void has no items member: they would start at the end
                return "sizeof(struct %s)" % node.name
            return "offsetof(struct %s, items)" % node.name
        if cls == "ArrayLengthOffset":
            node = self.getdefnode(value.TYPE)
            return "offsetof(struct %s, length)" % node.name
        if cls == "GCHeaderOffset":
            return "sizeof(rpy_gchdr_t)"
        if cls == "CompositeOffset":
            return "(%s)" % " + ".join(self.get_offset(o) for o in value.offsets)
        raise CBackendError("unsupported symbolic %r" % (value,))

    def get_pointer(self, value, T):
        if not value:
            return "((%s) NULL)" % cdecl(self.gettype(T), "")
        obj = container_of(value)
        if isinstance(T.TO, lltype.FuncType):
            return self.getcontainernode(obj).name
        if isinstance(T.TO, lltype.OpaqueType):
            node = self.getcontainernode(obj)
            return "((void *)&%s)" % node.name
        outer, path = top_container(obj)
        node = self.getcontainernode(outer)
        expr = node.name
        current = node.defnode
        for step in path:
            if isinstance(step, str):
                expr += "." + current.c_field(step)
                current = self.getdefnode(current.T._flds[step])
            else:
                expr += ".items[%d]" % step
                current = (
                    self.getdefnode(current.T.OF)
                    if isinstance(current.T.OF, lltype.ContainerType)
                    else None
                )
        if self.stm and self.is_stm_pointee(T.TO):
            # the static copy of a GC object (moved into stmgc at start-up)
            return "((%s)(uintptr_t)&%s)" % (cdecl(self.gettype(T), ""), expr)
        return "((%s)&%s)" % (cdecl(self.gettype(T), ""), expr)

    def get_stm_pointer(self, value, T):
        """--stm, in code: a pointer into a prebuilt GC object is its
        object_t after start-up (rpy_stm_prebuilt_objs) plus the offset of
        the addressed part inside the static copy; None if not in a GC
        object."""
        if isinstance(T.TO, (lltype.FuncType, lltype.OpaqueType)):
            return None
        outer, path = top_container(container_of(value))
        if lltype.typeOf(outer)._gckind != "gc":
            return None
        node = self.getcontainernode(outer)
        index = self.stm_prebuilt_index.setdefault(node, len(self.stm_prebuilt_index))
        base = "(uintptr_t)rpy_stm_prebuilt_objs[%d]" % index
        if path:
            static = self.get_pointer(value, T)
            base += " + ((uintptr_t)%s - (uintptr_t)&%s)" % (static, node.name)
        return "((%s)(%s))" % (cdecl(self.gettype(T), ""), base)

    def getcontainernode(self, obj):
        key = id(obj)
        try:
            return self.containernodes[key][1]
        except KeyError:
            pass
        from rpython.translator.c.node import make_container_node

        node = make_container_node(self, obj)
        self.containernodes[key] = (obj, node)  # keep obj alive
        self.containernode_order.append(node)
        self.pending.append(node)
        return node

    def complete(self):
        """Follow every reference until nothing new appears."""
        while self.pending:
            node = self.pending.pop(0)
            node.setup()
        self.completed = True

    def add_eci(self, eci):
        if eci is not None and eci not in self.ecis:
            self.ecis.append(eci)


def stm_inlined_types(translator):
    """The non-GC container types that the GC types of the program contain
    by value (their pointers are interior pointers into GC objects)."""
    if translator is None:
        return {}
    from rpython.translator.stm.gcinfo import collect_gc_types

    result = {}

    def walk(T, inside_gc):
        if isinstance(T, lltype.Struct):
            if inside_gc and T._gckind != "gc":
                if T in result:
                    return
                result[T] = True
            for name in T._names:
                walk(T._flds[name], inside_gc)
        elif isinstance(T, lltype.Array):
            if inside_gc and T._gckind != "gc":
                if T in result:
                    return
                result[T] = True
            walk(T.OF, inside_gc)

    for T in collect_gc_types(translator.graphs):
        walk(T, True)
    return result


def c_float(x):
    if math.isnan(x):
        return "(NAN)"
    if math.isinf(x):
        return "(HUGE_VAL)" if x > 0 else "(-HUGE_VAL)"
    return repr(float(x))
