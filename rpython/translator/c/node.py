"""Nodes for prebuilt containers: structs, arrays and functions.

A node has a C `name`, a `declaration()` for the common header and a
`definition()` (the initialised global, or the function body).  `setup()`
runs once, from LowLevelDatabase.complete(), and registers everything the
node refers to, so that the database reaches a fixpoint.
"""

from rpython.rtyper.lltypesystem import lltype
from rpython.translator.c.database import (
    CBackendError,
    array_has_length,
    array_items,
    cdecl,
    is_fixedsizearray,
    is_gc_ptr,
    struct_field_value,
    struct_fields,
)


class StructNode(object):
    kind = "data"

    def __init__(self, db, obj):
        self.db = db
        self.obj = obj
        self.T = lltype.typeOf(obj)
        arrayfld = getattr(self.T, "_arrayfld", None)
        varlength = None
        if arrayfld is not None:
            varlength = len(array_items(struct_field_value(obj, arrayfld)))
        self.varlength = varlength
        self.defnode = db.getdefnode(self.T, varlength)
        self.name = db.names.uniquename("pypy_g_" + getattr(self.T, "_name", "struct"))
        self.is_gc = self.T._gckind == "gc"

    def setup(self):
        # compute the initializer now so that every referenced object is
        # registered while the database is still growing
        self.init = self.initializer(self.obj, self.T, self.varlength, self.tid())

    def tid(self):
        if self.is_gc:
            return self.db.gettid(self.T)
        return None

    def contains_gc_pointers(self):
        return self.is_gc and _has_gc_pointers(self.T)

    def initializer(self, obj, T, varlength, tid):
        return struct_initializer(self.db, obj, T, varlength, tid)

    def declaration(self):
        return "extern %s;" % cdecl(self.defnode.ctype, self.name)

    def definition(self):
        return "%s = %s;" % (cdecl(self.defnode.ctype, self.name), self.init)


class ArrayNode(StructNode):
    def __init__(self, db, obj):
        self.db = db
        self.obj = obj
        self.T = lltype.typeOf(obj)
        self.varlength = len(array_items(obj))
        self.defnode = db.getdefnode(self.T, self.varlength)
        self.name = db.names.uniquename("pypy_g_array")
        self.is_gc = self.T._gckind == "gc"

    def initializer(self, obj, T, varlength, tid):
        return array_initializer(self.db, obj, T, tid)


class FixedSizeArrayNode(StructNode):
    def __init__(self, db, obj):
        self.db = db
        self.obj = obj
        self.T = lltype.typeOf(obj)
        self.varlength = None
        self.defnode = db.getdefnode(self.T)
        self.name = db.names.uniquename("pypy_g_fixedarray")
        self.is_gc = False

    def initializer(self, obj, T, varlength, tid):
        return fixedarray_initializer(self.db, obj, T)


class OpaqueNode(object):
    kind = "data"

    def __init__(self, db, obj):
        self.db = db
        self.obj = obj
        self.name = db.names.uniquename("pypy_g_opaque")
        self.is_gc = False

    def setup(self):
        pass

    def contains_gc_pointers(self):
        return False

    def declaration(self):
        return "extern char %s[16];" % self.name

    def definition(self):
        return "char %s[16];" % self.name


def _has_gc_pointers(T):
    if isinstance(T, lltype.Ptr):
        return T.TO._gckind == "gc"
    if is_fixedsizearray(T):
        return _has_gc_pointers(T.OF)
    if isinstance(T, lltype.Struct):
        return any(_has_gc_pointers(F) for name, F in struct_fields(T))
    if isinstance(T, lltype.Array):
        return _has_gc_pointers(T.OF)
    return False


def value_initializer(db, value, T, varlength=None):
    if isinstance(T, lltype.Struct) and not is_fixedsizearray(T):
        return struct_initializer(db, value, T, varlength, None)
    if is_fixedsizearray(T):
        return fixedarray_initializer(db, value, T)
    if isinstance(T, lltype.Array):
        return array_initializer(db, value, T, None)
    return db.get(value, T)


def gc_header(db, tid):
    if db.stm:
        # struct object_s (stmgc's flags: set by stm_setup_prebuilt), tid
        return "{{0}, %d}" % db.gcpolicy.tid(tid)
    return "{%d, GCFLAG_PREBUILT | GCFLAG_TRACK_YOUNG_PTRS}" % tid


def struct_initializer(db, obj, T, varlength, tid):
    defnode = db.getdefnode(T, varlength)
    parts = []
    if defnode.has_gc_header:
        parts.append(gc_header(db, tid if tid is not None else db.gettid(T)))
    first = True
    for name, cname, F, ctype in defnode.fields:
        value = struct_field_value(obj, name)
        if name == getattr(T, "_arrayfld", None):
            parts.append(array_initializer(db, value, F, None))
        elif first and isinstance(F, lltype.Struct) and F._gckind == "gc":
            # the parent part of a GC instance carries the real type id
            parts.append(struct_initializer(db, value, F, None, tid))
        else:
            parts.append(value_initializer(db, value, F))
        first = False
    if not parts:
        parts.append("0")
    return "{ %s }" % ", ".join(parts)


def array_initializer(db, obj, A, tid):
    items = array_items(obj)
    parts = []
    if A._gckind == "gc":
        parts.append(gc_header(db, tid if tid is not None else db.gettid(A)))
    if array_has_length(A):
        parts.append("%dL" % len(items))
    if A.OF is not lltype.Void:
        if A.OF is lltype.Char and len(items) > 8:
            parts.append(c_string_literal(items))
        else:
            itemtexts = [value_initializer(db, item, A.OF) for item in items]
            parts.append("{ %s }" % ", ".join(itemtexts or ["0"]))
    if not parts:
        parts.append("0")
    return "{ %s }" % ", ".join(parts)


def fixedarray_initializer(db, obj, T):
    items = [getattr(obj, "item%d" % i) for i in range(T.length)]
    texts = [value_initializer(db, item, T.OF) for item in items]
    return "{ { %s } }" % ", ".join(texts or ["0"])


def c_string_literal(chars):
    out = ['"']
    for c in chars:
        n = ord(c)
        if c in '"\\':
            out.append("\\" + c)
        elif 32 <= n < 127 and c != "?":
            out.append(c)
        else:
            out.append("\\%03o" % n)
    out.append('"')
    return "".join(out)


class FuncNode(object):
    """A function with a graph: its C body comes from funcgen."""

    kind = "func"

    def __init__(self, db, obj):
        self.db = db
        self.obj = obj
        self.T = lltype.typeOf(obj)
        self.graph = obj.graph
        export = getattr(getattr(self.graph, "func", None), "_export_c_name_", None)
        if export is not None:
            self.name = db.names.uniquename(export)
            if self.name != export:
                raise CBackendError("two functions exported as C name %r" % (export,))
        else:
            self.name = db.names.uniquename(
                "pypy_g_" + getattr(obj, "_name", self.graph.name)
            )
        self.exported = export is not None
        self.funcgen = None

    def setup(self):
        from rpython.translator.c.funcgen import FunctionCodeGenerator

        self.funcgen = FunctionCodeGenerator(self.graph, self.db, self.name)
        # writing the text now registers every type it mentions while the
        # database is still growing (the header is written afterwards)
        self.lines = self.funcgen.gen_function()
        self.prototype = self.funcgen.prototype()

    is_gc = False

    def contains_gc_pointers(self):
        return False

    # set by genc for small functions: defined `static inline` in the common
    # header, so that gcc can inline them into callers in every C file
    inline = False

    def op_count(self):
        return sum(len(block.operations) for block in self.graph.iterblocks())

    def declaration(self):
        if self.inline:
            return "static inline " + self.prototype + ";"
        return self.prototype + ";"

    def definition(self):
        lines = list(self.lines)
        if self.inline:
            lines[0] = "static inline " + lines[0]
        return "\n".join(lines)


class ExternalFuncNode(object):
    """A C function provided elsewhere (rffi.llexternal or C support code)."""

    kind = "external"
    is_gc = False

    def __init__(self, db, obj):
        self.db = db
        self.obj = obj
        self.T = lltype.typeOf(obj)
        eci = getattr(obj, "compilation_info", None)
        db.add_eci(eci)
        # An ECI with includes or post_include_bits declares the function:
        # declaring it again could clash with the exact library prototype
        # (`int open(const char *, int, ...)`).  Without them nothing may
        # declare it, and an implicit declaration would return int.  Then
        # the function gets its own prototype under a private C name bound
        # to the real symbol with an asm label, which cannot clash with a
        # system header that happens to declare the same name.
        self.c_symbol = obj._name
        self.own_prototype = eci is None or not (eci.includes or eci.post_include_bits)
        if self.own_prototype:
            self.name = "rpy_extern_" + obj._name
        else:
            self.name = obj._name

    def setup(self):
        pass

    def contains_gc_pointers(self):
        return False

    def _c_type(self, T):
        # the call site passes pointers as void * and casts the result
        if isinstance(T, lltype.Ptr):
            return "void *"
        return cdecl(self.db.gettype(T), "").strip()

    def declaration(self):
        if not self.own_prototype:
            return ""
        args = [self._c_type(A) for A in self.T.ARGS if A is not lltype.Void]
        result = "void" if self.T.RESULT is lltype.Void else self._c_type(self.T.RESULT)
        return 'extern %s %s(%s) __asm__("%s");' % (
            result,
            self.name,
            ", ".join(args) or "void",
            self.c_symbol,
        )

    def definition(self):
        return ""


def make_container_node(db, obj):
    T = lltype.typeOf(obj)
    if isinstance(T, lltype.FuncType):
        if getattr(obj, "graph", None) is not None and not getattr(
            obj, "external", None
        ):
            return FuncNode(db, obj)
        if getattr(obj, "external", None) != "C":
            raise CBackendError(
                "function %s is called but was never annotated (no flow graph) "
                "and is not an rffi.llexternal C function"
                % (getattr(obj, "_name", obj),)
            )
        return ExternalFuncNode(db, obj)
    if is_fixedsizearray(T):
        return FixedSizeArrayNode(db, obj)
    if isinstance(T, lltype.Struct):
        return StructNode(db, obj)
    if isinstance(T, lltype.Array):
        return ArrayNode(db, obj)
    if isinstance(T, lltype.OpaqueType):
        return OpaqueNode(db, obj)
    raise CBackendError("cannot emit prebuilt %r" % (T,))


__all__ = ["make_container_node", "is_gc_ptr"]
