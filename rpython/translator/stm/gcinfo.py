"""stmgc object layouts of lltype GC types, and the C callbacks stmgc needs.

stmgc (``stmgc/stmgc.h``) requires every object to start with
``struct object_s`` (4 bytes, owned by the library), to be a multiple of
8 bytes and at least 16 bytes, and the program to provide three callbacks:

- ``ssize_t stmcb_size_rounded_up(struct object_s *)``
- ``void stmcb_trace(struct object_s *, void (object_t **))``
- ``void stmcb_finalizer(object_t *)``

Our header is ``struct object_s`` followed by a ``uint32_t`` type id (8
bytes, alignment 4), at the start of the *root* GcStruct of an inheritance
chain (the one whose first field is not an inlined GcStruct) or of a
GcArray.  Everything after it follows the C rules of x86-64 (each field at
a multiple of its alignment, a struct padded to its alignment), which is
what the C backend gets when it declares the header as the two members
``struct object_s hdr; uint32_t tid;`` (see README.md for what genc must
emit).  The offsets computed here are plain numbers put into the generated
C; the backend can cross-check them with ``offsetof`` static asserts
(``static_asserts()``).

Type ids are 1..N in the order the types were given; 0 is never used so
that a zeroed (never initialised) object is caught by the ``default:``
branch of the switch instead of being traced as some type.
"""

from rpython.rtyper.lltypesystem import lltype  # noqa: I001  (lltype first: import cycle)
from rpython.rtyper.lltypesystem import llmemory

HEADER_SIZE = 8  # struct object_s (uint32 stm_flags) + uint32 type id
HEADER_ALIGN = 4
TID_OFFSET = 4
MIN_OBJECT_SIZE = 16
WORD = 8


class StmLayoutError(Exception):
    """A type that cannot be laid out as an stmgc object (with the reason)."""


def _round_up(n, align):
    return (n + align - 1) // align * align


def object_size(n):
    """Size stmgc wants for an object whose C size is n bytes."""
    return max(MIN_OBJECT_SIZE, _round_up(n, WORD))


def is_gc_pointer(T):
    return isinstance(T, lltype.Ptr) and T.TO._gckind == "gc"


def _primitive_size(T):
    """(size, alignment) of a non-container field type."""
    if isinstance(T, lltype.Ptr) or T is llmemory.Address:
        return WORD, WORD
    if T is lltype.Void:
        return 0, 1
    if T in (lltype.Char, lltype.Bool):
        return 1, 1
    if T is lltype.UniChar:
        return 4, 4
    if T is lltype.Float:
        return 8, 8
    if isinstance(T, lltype.Number):
        bits = getattr(T._type, "BITS", None)
        if bits is None:
            return WORD, WORD  # Signed / Unsigned: machine words
        return bits // 8, bits // 8
    raise StmLayoutError("no C layout known for field type %r" % (T,))


class VarPart:
    """The variable-sized part of an object: an array, inlined at the end
    of the struct (or the object itself for a GcArray)."""

    def __init__(self, length_offset, items_offset, itemsize, item_gc_offsets):
        self.length_offset = length_offset  # where the Signed length lives
        self.items_offset = items_offset  # item 0
        self.itemsize = itemsize
        self.item_gc_offsets = item_gc_offsets  # GC pointers inside one item


class _Layout:
    """Result of laying out one container type (relative offsets)."""

    def __init__(self):
        self.size = 0
        self.align = 1
        self.fields = {}  # name -> (offset, sub-_Layout or None)
        self.gc_offsets = []
        self.var = None  # VarPart or None


def _layout_struct(S, as_gc_root):
    lay = _Layout()
    offset = 0
    first = S._names[0] if S._names else None
    parent_first = (
        first is not None
        and isinstance(S._flds[first], lltype.Struct)
        and S._flds[first]._gckind == "gc"
    )
    if as_gc_root and not parent_first:
        offset = HEADER_SIZE
        lay.align = HEADER_ALIGN
    for name in S._names:
        T = S._flds[name]
        if isinstance(T, lltype.Struct):
            # an inlined GcStruct first field is the parent: it carries the
            # header itself
            sub = _layout_struct(T, as_gc_root and name == first and parent_first)
            offset = _round_up(offset, sub.align)
            lay.fields[name] = (offset, sub)
            lay.gc_offsets.extend(offset + o for o in sub.gc_offsets)
            if sub.var is not None:
                v = sub.var
                lay.var = VarPart(
                    offset + v.length_offset,
                    offset + v.items_offset,
                    v.itemsize,
                    v.item_gc_offsets,
                )
            offset += sub.size
            lay.align = max(lay.align, sub.align)
        elif isinstance(T, lltype.Array):
            if name != S._arrayfld:
                raise StmLayoutError(
                    "%s.%s: an inlined array must be the last field" % (S._name, name)
                )
            arr = _layout_array(T, False)
            offset = _round_up(offset, arr.align)
            lay.fields[name] = (offset, arr)
            v = arr.var
            lay.var = VarPart(
                offset + v.length_offset,
                offset + v.items_offset,
                v.itemsize,
                v.item_gc_offsets,
            )
            offset += arr.size
            lay.align = max(lay.align, arr.align)
        elif isinstance(T, lltype.ContainerType):
            raise StmLayoutError(
                "%s.%s: cannot inline a %s" % (S._name, name, T.__class__.__name__)
            )
        else:
            size, align = _primitive_size(T)
            offset = _round_up(offset, align)
            if T is not lltype.Void:  # no storage, no C member
                lay.fields[name] = (offset, None)
            if is_gc_pointer(T):
                lay.gc_offsets.append(offset)
            offset += size
            lay.align = max(lay.align, align)
    if offset == 0:
        offset = 1  # an empty C struct gets one char member (as in genc)
    lay.size = _round_up(offset, lay.align)
    return lay


def _layout_array(A, as_gc_root):
    """An array: [header] length (Signed) then the items.  Its `size` is the
    size of the part before item 0."""
    if A._hints.get("nolength"):
        raise StmLayoutError(
            "array %s has no length field: stmgc cannot size it" % (A._short_name(),)
        )
    lay = _Layout()
    offset = HEADER_SIZE if as_gc_root else 0
    lay.align = WORD
    length_offset = offset
    offset += WORD
    ITEM = A.OF
    if isinstance(ITEM, lltype.Struct):
        item = _layout_struct(ITEM, False)
        if item.var is not None:
            raise StmLayoutError("array items of variable size: %r" % (ITEM,))
        itemsize, itemalign, item_gc = item.size, item.align, item.gc_offsets
    elif isinstance(ITEM, lltype.ContainerType):
        raise StmLayoutError("array of %s not supported" % (ITEM.__class__.__name__,))
    else:
        itemsize, itemalign = _primitive_size(ITEM)
        item_gc = [0] if is_gc_pointer(ITEM) else []
    offset = _round_up(offset, itemalign)
    lay.align = max(lay.align, itemalign)
    lay.var = VarPart(length_offset, offset, itemsize, list(item_gc))
    lay.size = offset
    return lay


class TypeLayout:
    """The stmgc layout of one GC type: type id, sizes, GC pointer offsets."""

    def __init__(self, TYPE, tid):
        if not (
            isinstance(TYPE, (lltype.GcStruct, lltype.GcArray)) and TYPE._gckind == "gc"
        ):
            raise StmLayoutError("not a GcStruct or GcArray: %r" % (TYPE,))
        self.TYPE = TYPE
        self.tid = tid
        if isinstance(TYPE, lltype.GcArray):
            self._lay = _layout_array(TYPE, True)
            self.name = "GcArray of %s" % (TYPE.OF._short_name(),)
        else:
            self._lay = _layout_struct(TYPE, True)
            self.name = TYPE._name
        self.name = self.name.replace("*/", "* /")  # goes into C comments
        self.gc_offsets = self._lay.gc_offsets
        self.var = self._lay.var
        # C size of the fixed part (for var-sized: everything before item 0)
        self.fixed_size = self._lay.size if self.var is None else self.var.items_offset
        self.is_weakref = bool(getattr(TYPE, "_hints", {}).get("weakref"))
        if self.is_weakref:
            last = TYPE._names[-1] if isinstance(TYPE, lltype.Struct) else None
            if (
                self.var is not None
                or last is None
                or TYPE._flds[last] is not (llmemory.Address)
            ):
                raise StmLayoutError(
                    "weakref type %s must be fixed-size and end with an Address"
                    % (self.name,)
                )
            if object_size(self.fixed_size) != self.fixed_size:
                raise StmLayoutError(
                    "weakref type %s: the referent must be the last word" % (self.name,)
                )

    def size_of(self, length=0):
        """stmgc size (rounded up) of an instance with `length` items."""
        if self.var is None:
            return object_size(self.fixed_size)
        return object_size(self.var.items_offset + length * self.var.itemsize)

    def offsetof(self, *path):
        """Offset of a (nested) field; inlined parents are searched through
        automatically, so offsetof('inst_x') works on a subclass instance."""
        lay, base = self._lay, 0
        for name in path:
            found = _find_field(lay, name)
            if found is None:
                raise StmLayoutError("%s has no field %r" % (self.name, name))
            off, lay = found
            base += off
        return base

    def item_offsetof(self, name):
        """Offset of field `name` inside one item of the var-sized part
        (arrays of structs, e.g. dict entries)."""
        if self.var is None:
            raise StmLayoutError("%s has no variable-sized part" % (self.name,))
        ITEM = _array_of(self.TYPE).OF
        if not isinstance(ITEM, lltype.Struct) or name not in ITEM._flds:
            raise StmLayoutError("items of %s have no field %r" % (self.name, name))
        return _layout_struct(ITEM, False).fields[name][0]


def _array_of(TYPE):
    while not isinstance(TYPE, lltype.Array):
        TYPE = TYPE._flds[TYPE._arrayfld]
    return TYPE


def _find_field(lay, name):
    if name in lay.fields:
        return lay.fields[name]
    for fname, (off, sub) in lay.fields.items():
        if sub is not None and fname == "super":
            found = _find_field(sub, name)
            if found is not None:
                return off + found[0], found[1]
    return None


def collect_gc_types(graphs):
    """Every GcStruct/GcArray reachable from the variables and constants of
    the graphs, in a deterministic order (first seen first)."""
    found = {}
    seen = {}

    def walk(T):
        if T in seen:
            return
        seen[T] = True
        if isinstance(T, lltype.Ptr):
            walk(T.TO)
        elif isinstance(T, lltype.Struct):
            if T._gckind == "gc":
                found[T] = True
            for name in T._names:
                walk(T._flds[name])
        elif isinstance(T, lltype.Array):
            if T._gckind == "gc":
                found[T] = True
            walk(T.OF)

    for graph in graphs:
        for block in graph.iterblocks():
            for v in block.inputargs:
                walk(v.concretetype)
            for op in block.operations:
                for a in op.args:
                    walk(a.concretetype)
                walk(op.result.concretetype)
        for link in graph.iterlinks():
            for a in link.args:
                if hasattr(a, "concretetype"):
                    walk(a.concretetype)
    return list(found)


class StmGcInfo:
    """Layouts of a set of GC types, and the C source of the callbacks.

    `finalizers` maps a GC type to the name of a C function
    ``void f(object_t *)`` that stmcb_finalizer must call for it.
    """

    def __init__(self, types, finalizers=None):
        self.layouts = []
        self._by_type = {}
        for TYPE in types:
            if TYPE in self._by_type:
                continue
            lay = TypeLayout(TYPE, len(self.layouts) + 1)
            self.layouts.append(lay)
            self._by_type[TYPE] = lay
        self.finalizers = {}
        for TYPE, fname in (finalizers or {}).items():
            self.finalizers[self.layout(TYPE).tid] = fname

    def layout(self, TYPE):
        try:
            return self._by_type[TYPE]
        except KeyError:
            raise StmLayoutError("type not registered with StmGcInfo: %r" % (TYPE,))

    def tid(self, TYPE):
        return self.layout(TYPE).tid

    # ---- C generation ----

    def c_source(self, include='#include "stmgc.h"'):
        """One C file defining stmcb_size_rounded_up, stmcb_trace and
        stmcb_finalizer for the registered types."""
        out = [
            "/* Generated by rpython/translator/stm/gcinfo.py: the stmgc",
            " * callbacks for %d GC types.  Every object starts with"
            % len(self.layouts),
            " * struct object_s (4 bytes) and a uint32_t type id at offset 4;",
            " * the switches below dispatch on that id.  Offsets are numbers",
            " * computed from the lltype layouts (x86-64 C rules). */",
            include,
            "#include <stdio.h>",
            "#include <stdlib.h>",
            "",
            "/* the type id is the low 24 bits; the C backend keeps the queue",
            "   of an object registered with an rgc.FinalizerQueue above it",
            "   (rpython/translator/c/src/stm_fq.h) */",
            "#ifndef RPY_STM_TID_MASK",
            "#define RPY_STM_TID_MASK 0xffffffu",
            "#endif",
            "",
        ]
        for fname in sorted(set(self.finalizers.values())):
            out.append("void %s(object_t *);" % fname)
        out += [
            "static void stmcb_bad_type_id(const char *where, struct object_s *obj)",
            "{",
            '    fprintf(stderr, "stmgc %s: bad type id %u at %p\\n", where,',
            "            ((unsigned int *)obj)[1], (void *)obj);",
            "    abort();",
            "}",
            "",
            "static inline ssize_t stmcb_round_size(ssize_t n)",
            "{",
            "    n = (n + 7) & ~(ssize_t)7;",
            "    return n < %d ? %d : n;" % (MIN_OBJECT_SIZE, MIN_OBJECT_SIZE),
            "}",
            "",
            "ssize_t stmcb_size_rounded_up(struct object_s *obj)",
            "{",
            "    char *p = (char *)obj;",
            "    (void)p;",
            "    switch (((uint32_t *)obj)[1] & RPY_STM_TID_MASK) {",
        ]
        for lay in self.layouts:
            if lay.var is None:
                out.append(
                    "    case %d: return %d; /* %s */"
                    % (lay.tid, lay.size_of(), lay.name)
                )
            else:
                v = lay.var
                out.append(
                    "    case %d: /* %s */ return stmcb_round_size(%d + "
                    "*(long *)(p + %d) * %d);"
                    % (lay.tid, lay.name, v.items_offset, v.length_offset, v.itemsize)
                )
        out += [
            "    }",
            '    stmcb_bad_type_id("size", obj);',
            "    return 0;",
            "}",
            "",
            "void stmcb_trace(struct object_s *obj, void visit(object_t **))",
            "{",
            "    char *p = (char *)obj;",
            "    switch (((uint32_t *)obj)[1] & RPY_STM_TID_MASK) {",
        ]
        for lay in self.layouts:
            out.append("    case %d: /* %s */" % (lay.tid, lay.name))
            for off in lay.gc_offsets:
                out.append("        visit((object_t **)(p + %d));" % off)
            v = lay.var
            if v is not None and v.item_gc_offsets:
                out += [
                    "        {",
                    "            long n = *(long *)(p + %d);" % v.length_offset,
                    "            char *item = p + %d;" % v.items_offset,
                    "            for (long i = 0; i < n; i++, item += %d) {"
                    % v.itemsize,
                ]
                for off in v.item_gc_offsets:
                    out.append("                visit((object_t **)(item + %d));" % off)
                out += ["            }", "        }"]
            out.append("        return;")
        out += [
            "    }",
            '    stmcb_bad_type_id("trace", obj);',
            "}",
            "",
            "void stmcb_finalizer(object_t *obj)",
            "{",
        ]
        if self.finalizers:
            out.append("    switch (((STM_SEG uint32_t *)obj)[1] & RPY_STM_TID_MASK) {")
            for tid in sorted(self.finalizers):
                out.append(
                    "    case %d: %s(obj); return;" % (tid, self.finalizers[tid])
                )
            out.append("    }")
        else:
            out.append("    (void)obj; /* no type has a finalizer */")
        out += ["}", ""]
        return "\n".join(out)

    def static_asserts(self):
        """C declarations of every registered type, written the way the C
        backend declares them (header members, nested structs by value,
        inlined arrays as {long length; T items[];}, Void fields omitted),
        followed by _Static_asserts that the C compiler's offsetof/sizeof
        agree with the offsets used by the callbacks."""
        decls = _CDecls()
        out = [
            "/* Generated by rpython/translator/stm/gcinfo.py: C layouts of",
            " * the GC types, checked against the offsets in the stmcb_*",
            " * callbacks. */",
            "#include <stddef.h>",
            "#include <stdint.h>",
            "",
        ]
        asserts = []
        for lay in self.layouts:
            cname = decls.name_of(lay.TYPE, True)
            _field_asserts(asserts, cname, lay._lay, "", 0)
            msg = '"layout of %s"' % (cname,)
            if lay.var is not None and _array_of(lay.TYPE).OF is not lltype.Void:
                asserts.append(
                    "_Static_assert(offsetof(struct %s, %s) == %d, %s);"
                    % (cname, decls.items_path(lay.TYPE), lay.var.items_offset, msg)
                )
            elif lay.var is None:
                asserts.append(
                    "_Static_assert(sizeof(struct %s) == %d, %s);"
                    % (cname, lay._lay.size, msg)
                )
        out += decls.lines + [""] + asserts + [""]
        return "\n".join(out)

    def layout_macros(self, names):
        """#defines for a C program that builds objects by hand: `names`
        maps a C prefix to (TYPE, [field paths]).  Emits PREFIX_TID,
        PREFIX_SIZE (fixed part) and PREFIX_<FIELD> offsets; for var-sized
        types PREFIX_LENGTH, PREFIX_ITEMS, PREFIX_ITEMSIZE."""
        out = []
        for prefix in sorted(names):
            TYPE, fields = names[prefix]
            lay = self.layout(TYPE)
            out.append("#define %s_TID %d" % (prefix, lay.tid))
            out.append("#define %s_SIZE %d" % (prefix, lay.size_of()))
            for path in fields:
                if isinstance(path, str):
                    path = (path,)
                cname = "_".join(path).upper()
                out.append("#define %s_%s %d" % (prefix, cname, lay.offsetof(*path)))
            if lay.var is not None:
                out.append("#define %s_LENGTH %d" % (prefix, lay.var.length_offset))
                out.append("#define %s_ITEMS %d" % (prefix, lay.var.items_offset))
                out.append("#define %s_ITEMSIZE %d" % (prefix, lay.var.itemsize))
        return "\n".join(out) + "\n"


def _field_asserts(asserts, cname, lay, prefix, base):
    for name, (off, sub) in lay.fields.items():
        path = prefix + name
        if sub is None:
            asserts.append(
                '_Static_assert(offsetof(struct %s, %s) == %d, "%s.%s");'
                % (cname, path, base + off, cname, path)
            )
        else:
            _field_asserts(asserts, cname, sub, path + ".", base + off)


def _c_primitive(T):
    if isinstance(T, lltype.Ptr) or T is llmemory.Address:
        return "void *"
    if T is lltype.Char:
        return "char"
    if T is lltype.Bool:
        return "unsigned char"
    if T is lltype.UniChar:
        return "uint32_t"
    if T is lltype.Float:
        return "double"
    if T is lltype.Signed:
        return "long"
    if T is lltype.Unsigned:
        return "unsigned long"
    if isinstance(T, lltype.Number):
        bits = getattr(T._type, "BITS", None)
        if bits is None:
            return "long"
        signed = getattr(T._type, "SIGNED", True)
        return "%sint%d_t" % ("" if signed else "u", bits)
    raise StmLayoutError("no C type known for %r" % (T,))


class _CDecls:
    """Struct declarations for the static layout checks."""

    def __init__(self):
        self.lines = []
        self.names = {}

    def name_of(self, T, as_gc_root):
        key = (T, as_gc_root)
        if key in self.names:
            return self.names[key]
        cname = "stm_l%d" % (len(self.names) + 1)
        self.names[key] = cname
        members = []
        if isinstance(T, lltype.Array):
            if as_gc_root:
                members += ["uint32_t hdr;", "uint32_t tid;"]
            members.append("long length;")
            if T.OF is not lltype.Void:  # genc omits Void items too
                members.append("%s items[];" % self._member_type(T.OF, False))
        else:
            first = T._names[0] if T._names else None
            parent_first = (
                first is not None
                and isinstance(T._flds[first], lltype.Struct)
                and T._flds[first]._gckind == "gc"
            )
            if as_gc_root and not parent_first:
                members += ["uint32_t hdr;", "uint32_t tid;"]
            for name in T._names:
                F = T._flds[name]
                if F is lltype.Void:
                    continue
                root = as_gc_root and name == first and parent_first
                members.append("%s %s;" % (self._member_type(F, root), name))
        if not members:
            members.append("char _empty;")
        self.lines.append("struct %s {" % cname)
        self.lines += ["    " + m for m in members]
        self.lines.append("};")
        return cname

    def _member_type(self, F, as_gc_root):
        if isinstance(F, (lltype.Struct, lltype.Array)):
            return "struct " + self.name_of(F, as_gc_root)
        return _c_primitive(F)

    def items_path(self, T):
        path = []
        while not isinstance(T, lltype.Array):
            path.append(T._arrayfld)
            T = T._flds[T._arrayfld]
        return ".".join(path + ["items"])
