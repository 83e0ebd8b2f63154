"""stmgc layouts and generated callbacks (gcinfo.py).

Unit tests check offsets and sizes of hand-made lltypes; the linked test
compiles the callbacks generated for real rtyped types together with
stmgc/stmgc.c and stm_driver.c, and runs it with 2 threads."""

import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rpython.rtyper.lltypesystem import lltype  # noqa: I001  (lltype first: import cycle)
from rpython.rtyper.lltypesystem import llmemory
from rpython.rtyper.test.tool import gengraph
from rpython.translator.stm.gcinfo import (
    StmGcInfo,
    StmLayoutError,
    collect_gc_types,
    object_size,
)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
STMGC = os.path.join(ROOT, "stmgc")
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
from llvmfix.flags import seg_cflags  # noqa: E402

# ---------------------------------------------------------------- layouts


def test_object_size_rounding():
    assert object_size(1) == 16
    assert object_size(16) == 16
    assert object_size(17) == 24
    assert object_size(40) == 40


def test_fixed_struct_after_header():
    S = lltype.GcStruct(
        "S", ("c", lltype.Char), ("x", lltype.Signed), ("b", lltype.Bool)
    )
    lay = StmGcInfo([S]).layout(S)
    assert lay.tid == 1
    assert lay.offsetof("c") == 8
    assert lay.offsetof("x") == 16
    assert lay.offsetof("b") == 24
    assert lay.size_of() == 32
    assert lay.gc_offsets == []


def test_small_struct_is_16_bytes():
    S = lltype.GcStruct("S", ("c", lltype.Char))
    assert StmGcInfo([S]).layout(S).size_of() == 16


def test_parent_carries_header_and_pointers():
    T = lltype.GcForwardReference()
    BASE = lltype.GcStruct("Base", ("flag", lltype.Char), ("link", lltype.Ptr(T)))
    T.become(BASE)
    SUB = lltype.GcStruct(
        "Sub", ("super", BASE), ("n", lltype.Signed), ("p", lltype.Ptr(BASE))
    )
    info = StmGcInfo([BASE, SUB])
    sub = info.layout(SUB)
    assert sub.offsetof("flag") == 8
    assert sub.offsetof("link") == 16
    assert sub.offsetof("n") == 24
    assert sub.offsetof("p") == 32
    assert sub.gc_offsets == [16, 32]
    assert sub.size_of() == 40
    assert info.tid(SUB) == 2


def test_char_parent_padding_follows_c():
    # Base = {hdr 4, tid 4, char} -> size 12, align 4 (as in C)
    BASE = lltype.GcStruct("Base", ("c", lltype.Char))
    SUB = lltype.GcStruct(
        "Sub", ("super", BASE), ("i", lltype.UniChar), ("x", lltype.Signed)
    )
    lay = StmGcInfo([SUB]).layout(SUB)
    assert lay.offsetof("i") == 12
    assert lay.offsetof("x") == 16


def test_nested_raw_struct_and_fixed_array():
    GCP = lltype.Ptr(lltype.GcStruct("Leaf", ("v", lltype.Signed)))
    INNER = lltype.Struct("Inner", ("a", lltype.Char), ("p", GCP))
    S = lltype.GcStruct(
        "S",
        ("inner", INNER),
        ("arr", lltype.FixedSizeArray(GCP, 3)),
        ("addr", llmemory.Address),
    )
    lay = StmGcInfo([S]).layout(S)
    assert lay.offsetof("inner", "p") == 16
    assert lay.offsetof("arr", "item2") == 40
    # the Address is not a GC reference: not traced
    assert lay.gc_offsets == [16, 24, 32, 40]
    assert lay.size_of() == 56


def test_var_sized_struct_with_inlined_array():
    STR = lltype.GcStruct(
        "str", ("hash", lltype.Signed), ("chars", lltype.Array(lltype.UniChar))
    )
    lay = StmGcInfo([STR]).layout(STR)
    assert lay.var.length_offset == 16
    assert lay.var.items_offset == 24
    assert lay.var.itemsize == 4
    assert lay.size_of(0) == 24
    assert lay.size_of(3) == 40  # 24 + 12 = 36 -> 40


def test_gc_array_of_structs_with_pointers():
    P = lltype.Ptr(lltype.GcStruct("K", ("v", lltype.Signed)))
    ENTRY = lltype.Struct("entry", ("key", P), ("live", lltype.Bool), ("value", P))
    A = lltype.GcArray(ENTRY)
    lay = StmGcInfo([A]).layout(A)
    assert lay.var.length_offset == 8
    assert lay.var.items_offset == 16
    assert lay.var.itemsize == 24
    assert lay.var.item_gc_offsets == [0, 16]
    assert lay.item_offsetof("value") == 16
    assert lay.size_of(2) == 64


def test_errors_are_clear():
    with pytest.raises(StmLayoutError, match="not a GcStruct"):
        StmGcInfo([lltype.Struct("raw", ("x", lltype.Signed))])
    with pytest.raises(StmLayoutError, match="no length field"):
        StmGcInfo([lltype.GcArray(lltype.Signed, hints={"nolength": True})])
    S = lltype.GcStruct("S", ("x", lltype.Signed))
    info = StmGcInfo([S])
    with pytest.raises(StmLayoutError, match="no field 'y'"):
        info.layout(S).offsetof("y")
    with pytest.raises(StmLayoutError, match="not registered"):
        info.tid(lltype.GcStruct("Other", ("x", lltype.Signed)))


def test_c_source_shape():
    P = lltype.Ptr(lltype.GcStruct("K", ("v", lltype.Signed)))
    A = lltype.GcArray(P)
    S = lltype.GcStruct("S", ("p", P))
    info = StmGcInfo([A, S], finalizers={S: "my_finalizer"})
    src = info.c_source()
    assert "ssize_t stmcb_size_rounded_up(struct object_s *obj)" in src
    assert "case 2: return 16; /* S */" in src
    assert "for (long i = 0; i < n; i++, item += 8)" in src
    assert "case 2: my_finalizer(obj); return;" in src
    assert "void my_finalizer(object_t *);" in src


# ---------------------------------------------------------------- rtyped


class Node:
    def __init__(self, value, name, next):
        self.value = value
        self.name = name
        self.next = next


class Pair:
    def __init__(self):
        self.nodes = []
        self.index = {}


def program(n):
    holder = []
    for t in range(2):
        pair = Pair()
        prev = None
        for i in range(n):
            node = Node(i * 7 + t, "node%d-%d" % (t, i), prev)
            pair.nodes.append(node)
            pair.index["key%d-%d" % (t, i)] = node
            prev = node
        holder.append(pair)
    total = 0
    for pair in holder:
        total += len(pair.nodes) + len(pair.index)
    return total


def _rtyped_info():
    t, typer, graph = gengraph(program, [int])
    info = StmGcInfo(collect_gc_types(t.graphs))
    return info


def _find(info, pred, what):
    found = [lay for lay in info.layouts if pred(lay.TYPE)]
    assert len(found) == 1, (what, found)
    return found[0]


def _ptr_to(T, name):
    return isinstance(T, lltype.Ptr) and getattr(T.TO, "_name", None) == name


def _struct_named(name):
    return lambda T: isinstance(T, lltype.GcStruct) and T._name == name


def _list_of(name):
    return lambda T: (
        isinstance(T, lltype.GcStruct)
        and T._name == "list"
        and _ptr_to(T._flds["items"].TO.OF, name)
    )


def _array_of(name):
    return lambda T: isinstance(T, lltype.GcArray) and _ptr_to(T.OF, name)


def layout_header(info):
    node = _find(info, _struct_named("Node"), "Node")
    pair = _find(info, _struct_named("Pair"), "Pair")
    string = _find(info, _struct_named("rpy_string"), "str")
    lst = _find(info, _list_of("Node"), "list of Node")
    nodes = _find(info, _array_of("Node"), "items of list of Node")
    holder = _find(info, _array_of("Pair"), "items of list of Pair")
    dct = _find(info, _struct_named("dict"), "dict")
    entries = _find(
        info,
        lambda T: isinstance(T, lltype.GcArray) and isinstance(T.OF, lltype.Struct),
        "dict entries",
    )
    defs = {
        "NODE_TID": node.tid,
        "NODE_SIZE": node.size_of(),
        "NODE_INST_VALUE": node.offsetof("inst_value"),
        "NODE_INST_NAME": node.offsetof("inst_name"),
        "NODE_INST_NEXT": node.offsetof("inst_next"),
        "PAIR_TID": pair.tid,
        "PAIR_SIZE": pair.size_of(),
        "PAIR_INST_NODES": pair.offsetof("inst_nodes"),
        "PAIR_INST_INDEX": pair.offsetof("inst_index"),
        "LIST_TID": lst.tid,
        "LIST_SIZE": lst.size_of(),
        "LIST_LENGTH_FIELD": lst.offsetof("length"),
        "LIST_ITEMS_FIELD": lst.offsetof("items"),
        "DICT_TID": dct.tid,
        "DICT_SIZE": dct.size_of(),
        "DICT_ENTRIES": dct.offsetof("entries"),
        "DICT_NUM_LIVE": dct.offsetof("num_live"),
        "DICT_NUM_USED": dct.offsetof("num_used"),
        "ENTRY_KEY": entries.item_offsetof("key"),
        "ENTRY_VALUE": entries.item_offsetof("value"),
        "ENTRY_HASH": entries.item_offsetof("hash"),
        "ENTRY_LIVE": entries.item_offsetof("live"),
    }
    for prefix, lay in [
        ("STR", string),
        ("NODES", nodes),
        ("HOLDER", holder),
        ("ENTRIES", entries),
    ]:
        defs[prefix + "_TID"] = lay.tid
        defs[prefix + "_LENGTH"] = lay.var.length_offset
        defs[prefix + "_ITEMS"] = lay.var.items_offset
        defs[prefix + "_ITEMSIZE"] = lay.var.itemsize
    lines = ["/* layout.h -- generated by test_gcinfo.py from rtyped types */"]
    lines += ["#define %s %d" % (k, v) for k, v in sorted(defs.items())]
    return "\n".join(lines) + "\n"


def test_rtyped_layouts():
    info = _rtyped_info()
    node = _find(info, _struct_named("Node"), "Node")
    # header 8, typeptr (raw vtable pointer, not traced), then the fields
    assert node.offsetof("typeptr") == 8
    assert sorted(node.gc_offsets) == sorted(
        [node.offsetof("inst_name"), node.offsetof("inst_next")]
    )
    string = _find(info, _struct_named("rpy_string"), "str")
    assert string.gc_offsets == [] and string.var.itemsize == 4
    entries = _find(
        info,
        lambda T: isinstance(T, lltype.GcArray) and isinstance(T.OF, lltype.Struct),
        "dict entries",
    )
    assert sorted(entries.var.item_gc_offsets) == sorted(
        [entries.item_offsetof("key"), entries.item_offsetof("value")]
    )
    tids = [lay.tid for lay in info.layouts]
    assert tids == list(range(1, len(tids) + 1))


def _compile(tmp_path, info, opt, compiler="gcc", segments=2, threads=2, extra=()):
    (tmp_path / "layout.h").write_text(layout_header(info))
    (tmp_path / "stmcb.c").write_text(info.c_source())
    exe = tmp_path / ("driver-%s%s-seg%d%s" % (compiler, opt, segments, "".join(extra)))
    cmd = (
        [compiler, opt, "-g", "-Wall", "-Wextra", "-Werror", "-pthread"]
        + ["-DSTM_NB_SEGMENTS=%d" % segments, "-DNTHREADS=%d" % threads]
        + list(extra)
        + seg_cflags(compiler)
        + ["-I", str(tmp_path), "-I", STMGC]
        + [
            os.path.join(HERE, "stm_driver.c"),
            str(tmp_path / "stmcb.c"),
            os.path.join(STMGC, "stmgc.c"),
            "-o",
            str(exe),
        ]
    )
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    return exe


@pytest.mark.parametrize(
    "compiler, opt, segments, threads",
    [
        ("gcc", "-O0", 2, 2),
        ("gcc", "-O2", 2, 2),
        ("clang", "-O2", 2, 2),
        ("gcc", "-O2", 4, 2),
        ("gcc", "-O2", 2, 4),
        ("gcc", "-O2", 2, 3),
    ],
)
def test_linked_driver_two_threads(tmp_path, compiler, opt, segments, threads):
    info = _rtyped_info()
    exe = _compile(tmp_path, info, opt, compiler, segments, threads)
    for _ in range(3):
        res = subprocess.run([str(exe)], capture_output=True, text=True, timeout=120)
        assert res.returncode == 0, res.stdout + res.stderr
        assert res.stdout.endswith("OK\n"), res.stdout
        assert "major=" in res.stdout


def test_linked_driver_forced_aborts(tmp_path):
    """Transactions aborted in the middle of building (stmgc's debug hook)
    restart and rebuild; the callbacks see the rolled-back state."""
    info = _rtyped_info()
    exe = _compile(tmp_path, info, "-O1", extra=["-DSTM_DEBUG_FORCE_ABORTS"])
    res = subprocess.run([str(exe)], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "aborts_forced=6 " in res.stdout, res.stdout
    assert res.stdout.endswith("OK\n")


def test_linked_driver_detects_wrong_trace(tmp_path):
    """The driver must fail when the callbacks forget a GC pointer: the
    Node's `next` field is dropped from the trace."""
    info = _rtyped_info()
    node = _find(info, _struct_named("Node"), "Node")
    node.gc_offsets.remove(node.offsetof("inst_next"))
    exe = _compile(tmp_path, info, "-O1")
    res = subprocess.run([str(exe)], capture_output=True, text=True, timeout=120)
    assert res.returncode != 0
    assert "OK" not in res.stdout


# ---------------------------------------------------------------- C check


def _hand_made_types():
    GCP = lltype.Ptr(lltype.GcStruct("Leaf", ("v", lltype.Signed)))
    INNER = lltype.Struct("Inner", ("a", lltype.Char), ("p", GCP))
    BASE = lltype.GcStruct("Base", ("c", lltype.Char))
    SUB = lltype.GcStruct(
        "Sub",
        ("super", BASE),
        ("i", lltype.UniChar),
        ("inner", INNER),
        ("arr", lltype.FixedSizeArray(GCP, 3)),
        ("nothing", lltype.Void),
        ("f", lltype.Float),
        ("addr", llmemory.Address),
    )
    VAR = lltype.GcStruct("Var", ("b", lltype.Bool), ("tail", lltype.Array(INNER)))
    return [BASE, SUB, VAR, lltype.GcArray(INNER), lltype.GcArray(lltype.Char)]


def _syntax_check(tmp_path, source, compiler):
    path = tmp_path / "layouts.c"
    path.write_text(source)
    return subprocess.run(
        [
            compiler,
            "-std=gnu11",
            "-Wall",
            "-Wextra",
            "-Werror",
            "-fsyntax-only",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("compiler", ["gcc", "clang"])
def test_offsets_agree_with_the_c_compiler(tmp_path, compiler):
    info = StmGcInfo(
        _hand_made_types() + collect_gc_types(gengraph(program, [int])[0].graphs)
    )
    src = info.static_asserts()
    assert src.count("_Static_assert") > 30
    res = _syntax_check(tmp_path, src, compiler)
    assert res.returncode == 0, res.stderr + src


def test_static_asserts_catch_a_wrong_offset(tmp_path):
    types = _hand_made_types()
    info = StmGcInfo(types)
    lay = info.layout(types[1])
    off, sub = lay._lay.fields["f"]
    lay._lay.fields["f"] = (off + 8, sub)
    res = _syntax_check(tmp_path, info.static_asserts(), "gcc")
    assert res.returncode != 0
    assert "Sub" in res.stderr or ".f" in res.stderr


# ------------------------------------------------- random shapes vs the C compiler

_PRIMITIVES = [
    lltype.Char,
    lltype.Bool,
    lltype.UniChar,
    lltype.Signed,
    lltype.Float,
    llmemory.Address,
    lltype.Void,
]


@st.composite
def _field_types(draw, depth, leaf_ptr):
    kind = draw(st.integers(0, 5 if depth else 2))
    if kind <= 1:
        return draw(st.sampled_from(_PRIMITIVES))
    if kind == 2:
        return leaf_ptr
    if kind == 3:
        return lltype.FixedSizeArray(
            draw(st.sampled_from([lltype.Char, leaf_ptr])), draw(st.integers(1, 3))
        )
    return _raw_struct(draw, depth - 1, leaf_ptr)


_counter = [0]


def _fresh(prefix):
    _counter[0] += 1
    return "%s%d" % (prefix, _counter[0])


def _raw_struct(draw, depth, leaf_ptr):
    n = draw(st.integers(1, 4))
    fields = [("f%d" % i, draw(_field_types(depth, leaf_ptr))) for i in range(n)]
    return lltype.Struct(_fresh("R"), *fields)


@st.composite
def _gc_types(draw):
    leaf_ptr = lltype.Ptr(lltype.GcStruct(_fresh("Leaf"), ("v", lltype.Signed)))
    types = [leaf_ptr.TO]
    for _ in range(draw(st.integers(1, 4))):
        n = draw(st.integers(0, 4))
        fields = [("g%d" % i, draw(_field_types(2, leaf_ptr))) for i in range(n)]
        if draw(st.booleans()) and types:
            parent = draw(
                st.sampled_from(
                    [
                        T
                        for T in types
                        if isinstance(T, lltype.GcStruct) and not T._is_varsize()
                    ]
                )
            )
            fields.insert(0, ("super", parent))
        if draw(st.booleans()):
            fields.append(("tail", lltype.Array(draw(_field_types(1, leaf_ptr)))))
            types.append(lltype.GcStruct(_fresh("V"), *fields))
        else:
            types.append(lltype.GcStruct(_fresh("S"), *fields))
        if draw(st.booleans()):
            types.append(lltype.GcArray(draw(_field_types(1, leaf_ptr))))
    return types


@settings(max_examples=20, deadline=None)
@given(_gc_types())
def test_random_layouts_agree_with_gcc(tmp_path_factory, types):
    info = StmGcInfo(types)
    for lay in info.layouts:
        assert lay.size_of() % 8 == 0 and lay.size_of() >= 16
        # every traced offset is a word-aligned slot after the header
        for off in lay.gc_offsets:
            assert off % 8 == 0 and off >= 8
    res = _syntax_check(tmp_path_factory.mktemp("rand"), info.static_asserts(), "gcc")
    assert res.returncode == 0, res.stderr


# ------------------------------------------------- finalizers and weakrefs, linked


@pytest.mark.parametrize("register", [True, False])
def test_linked_finalizers_and_weakrefs(tmp_path, register):
    """register=False generates the callbacks without the finalizer entry:
    the driver must notice that nothing was finalized."""
    LEAF = lltype.GcStruct("Leaf", ("v", lltype.Signed))
    RES = lltype.GcStruct("Res", ("value", lltype.Signed), ("child", lltype.Ptr(LEAF)))
    WEAK = lltype.GcStruct(
        "weakref", ("weakptr", llmemory.Address), hints={"weakref": True}
    )
    ARR = lltype.GcArray(llmemory.GCREF)
    info = StmGcInfo(
        [LEAF, RES, WEAK, ARR], finalizers={RES: "res_finalizer"} if register else None
    )
    assert info.layout(WEAK).is_weakref and not info.layout(RES).is_weakref
    defs = {
        "LEAF_TID": info.tid(LEAF),
        "LEAF_SIZE": info.layout(LEAF).size_of(),
        "LEAF_V": info.layout(LEAF).offsetof("v"),
        "RES_TID": info.tid(RES),
        "RES_SIZE": info.layout(RES).size_of(),
        "RES_VALUE": info.layout(RES).offsetof("value"),
        "RES_CHILD": info.layout(RES).offsetof("child"),
        "WEAK_TID": info.tid(WEAK),
        "WEAK_SIZE": info.layout(WEAK).size_of(),
        "WEAK_WEAKPTR": info.layout(WEAK).offsetof("weakptr"),
        "ARR_TID": info.tid(ARR),
        "ARR_LENGTH": info.layout(ARR).var.length_offset,
        "ARR_ITEMS": info.layout(ARR).var.items_offset,
    }
    # the referent is the last word and is not traced
    assert defs["WEAK_WEAKPTR"] == defs["WEAK_SIZE"] - 8
    assert info.layout(WEAK).gc_offsets == []
    (tmp_path / "layout.h").write_text(
        "".join("#define %s %d\n" % kv for kv in sorted(defs.items()))
    )
    (tmp_path / "stmcb.c").write_text(info.c_source())
    exe = tmp_path / "final"
    cmd = (
        ["gcc", "-O2", "-g", "-Wall", "-Wextra", "-Werror", "-pthread"]
        + seg_cflags("gcc")
        + ["-I", str(tmp_path), "-I", STMGC]
        + [os.path.join(HERE, "stm_final_driver.c"), str(tmp_path / "stmcb.c")]
        + [os.path.join(STMGC, "stmgc.c"), "-o", str(exe)]
    )
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    res = subprocess.run([str(exe)], capture_output=True, text=True, timeout=120)
    if register:
        assert res.returncode == 0, res.stdout + res.stderr
        assert res.stdout.endswith("OK\n")
    else:
        assert res.returncode == 1
        assert "FAIL: finalized count (0, 600)" in res.stdout


def test_weakref_hint_checked():
    with pytest.raises(
        StmLayoutError, match="must be fixed-size and end with an Address"
    ):
        StmGcInfo([lltype.GcStruct("w", ("x", lltype.Signed), hints={"weakref": True})])


# ------------------------------------------------- prebuilt data, linked

SRC = os.path.join(os.path.dirname(HERE), "src")


@pytest.mark.parametrize("compiler", ["gcc", "clang"])
def test_linked_prebuilt_setup(tmp_path, compiler):
    info = _rtyped_info()
    (tmp_path / "layout.h").write_text(layout_header(info))
    (tmp_path / "stmcb.c").write_text(info.c_source())
    exe = tmp_path / "prebuilt"
    cmd = (
        [compiler, "-O2", "-g", "-Wall", "-Wextra", "-Werror", "-pthread"]
        + seg_cflags(compiler)
        + ["-I", str(tmp_path), "-I", STMGC, "-I", SRC]
        + [os.path.join(HERE, "stm_prebuilt_driver.c"), str(tmp_path / "stmcb.c")]
        + [os.path.join(SRC, "stm_prebuilt.c"), os.path.join(STMGC, "stmgc.c")]
        + ["-o", str(exe)]
    )
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    res = subprocess.run([str(exe)], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stdout + res.stderr
    assert res.stdout.endswith("OK\n")
    res = subprocess.run([str(exe), "bad"], capture_output=True, text=True, timeout=120)
    assert res.returncode == 3, res.stdout + res.stderr
    assert "which is not a prebuilt object" in res.stderr


# ------------------------------------------------- against the C backend's structs


def _backend_asserts(info):
    """The C backend's own struct definitions for the registered types (its
    database, GC policy "none"), with _Static_asserts that its offsets agree
    with gcinfo's.  Its header {tid, flags} has our header's size and
    alignment, so every offset after it must match."""
    from rpython.translator.c.database import LowLevelDatabase

    db = LowLevelDatabase(gcpolicy="none")
    for lay in info.layouts:
        db.getdefnode(lay.TYPE)
    out = [
        "#include <stddef.h>",
        "#include <stdint.h>",
        "#include <stdbool.h>",
        "typedef unsigned char bool_t;",
        "typedef unsigned int rpy_unichar;",
        "typedef struct { uint32_t tid; uint32_t flags; } rpy_gchdr_t;",
    ]
    out += [node.definition() for node in db.sorted_defnodes()]
    count = [0]

    def fields(T, lay, cprefix, base):
        for name, (off, sub) in lay.fields.items():
            F = T._flds[name]
            if isinstance(T, lltype.FixedSizeArray):
                cpath = "%sitems[%s]" % (cprefix, name[len("item") :])
            else:
                cpath = cprefix + db.getdefnode(T).c_field(name)
            if sub is None:
                out.append(
                    "_Static_assert(offsetof(struct %s, %s) == %d, %r);"
                    % (cname, cpath, base + off, cpath)
                )
                count[0] += 1
            elif isinstance(F, lltype.Struct):
                fields(F, sub, cpath + ".", base + off)

    for lay in info.layouts:
        cname = db.getdefnode(lay.TYPE).name
        if isinstance(lay.TYPE, lltype.Struct):
            fields(lay.TYPE, lay._lay, "", 0)
        if lay.var is not None:
            path = "items"
            if isinstance(lay.TYPE, lltype.Struct):
                path = db.getdefnode(lay.TYPE).c_field(lay.TYPE._arrayfld) + ".items"
            out.append(
                "_Static_assert(offsetof(struct %s, %s) == %d, %r);"
                % (cname, path, lay.var.items_offset, path)
            )
            count[0] += 1
    return "\n".join(out).replace("'", '"') + "\n", count[0]


def test_offsets_agree_with_the_c_backend(tmp_path):
    EMPTY = lltype.Struct("Empty")
    WITH_EMPTY = lltype.GcStruct("WithEmpty", ("e", EMPTY), ("x", lltype.Signed))
    types = _hand_made_types() + [WITH_EMPTY]
    types += collect_gc_types(gengraph(program, [int])[0].graphs)
    info = StmGcInfo(types)
    src, count = _backend_asserts(info)
    assert count > 40
    res = _syntax_check(tmp_path, src, "gcc")
    assert res.returncode == 0, res.stderr + src


# ------------------------------------------------- the transaction loop frame


@pytest.mark.parametrize("segments", [2, 4])
def test_linked_transaction_loop(tmp_path, segments):
    info = _rtyped_info()
    (tmp_path / "layout.h").write_text(layout_header(info))
    (tmp_path / "stmcb.c").write_text(info.c_source())
    exe = tmp_path / "run"
    cmd = (
        ["gcc", "-O2", "-g", "-Wall", "-Wextra", "-Werror", "-pthread"]
        + seg_cflags("gcc")
        + ["-DSTM_NB_SEGMENTS=%d" % segments]
        + ["-I", str(tmp_path), "-I", STMGC, "-I", SRC]
        + [os.path.join(HERE, "stm_run_driver.c"), str(tmp_path / "stmcb.c")]
        + [os.path.join(SRC, "stm_rpy.c"), os.path.join(STMGC, "stmgc.c")]
        + ["-o", str(exe)]
    )
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    res = subprocess.run([str(exe)], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stdout + res.stderr
    assert res.stdout.endswith("OK\n")


def test_layout_macros():
    STR = lltype.GcStruct(
        "str", ("hash", lltype.Signed), ("chars", lltype.Array(lltype.UniChar))
    )
    S = lltype.GcStruct("S", ("c", lltype.Char), ("p", lltype.Ptr(STR)))
    info = StmGcInfo([S, STR])
    text = info.layout_macros({"S": (S, ["c", "p"]), "STR": (STR, ["hash"])})
    assert text.splitlines() == [
        "#define S_TID 1",
        "#define S_SIZE 24",
        "#define S_C 8",
        "#define S_P 16",
        "#define STR_TID 2",
        "#define STR_SIZE 24",
        "#define STR_HASH 8",
        "#define STR_LENGTH 16",
        "#define STR_ITEMS 24",
        "#define STR_ITEMSIZE 4",
    ]
