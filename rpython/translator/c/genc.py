"""genc: write the C sources and Makefile of a program and build it.

Layout of the output folder:

    common_header.h   support headers, ECI includes, all struct definitions,
                      declarations of every global and function
    data.c            prebuilt objects, the GC type table, exception table
    implement_N.c     the functions, split every ~SPLIT_LINES lines
    support.c, main.c runtime support and main()
    Makefile          gcc -O2 by default; `make -j2` compiles files in parallel

`CStandaloneBuilder(db, entrypoint)` takes a database (see database.py) and
the function pointer of the entry point: either `(Signed, CCHARPP) -> Signed`
(main's argc/argv, used by the driver's wrapper) or `() -> Signed`.
"""

import os
import shutil
import subprocess

from rpython.rtyper.lltypesystem import lltype
from rpython.translator.c.database import CBackendError, cdecl
from rpython.translator.exceptiontransform import standard_exception
from rpython.translator.tool.cbuild import CompilationError, write_separate_sources

SRC_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "src")
SPLIT_LINES = 4000
INLINE_MAX_OPS = 16  # functions this small are `static inline` in the header
SUPPORT_HEADERS = [
    "g_prerequisite.h",
    "gcsupport.h",
    "exception.h",
    "int.h",
    "float.h",
    "mem.h",
    "misc.h",
]

# --stm: stm_gcsupport.h replaces gcsupport.h, stm_ops.h comes last
STM_HEADERS = ["stm_gcsupport.h", "stm_ops.h"]


def support_headers(db):
    """The support headers, in include order.  --stm replaces the GC
    interface and redefines the GC-specific operations last."""
    if not db.stm:
        return SUPPORT_HEADERS
    headers = [
        STM_HEADERS[0] if name == "gcsupport.h" else name for name in SUPPORT_HEADERS
    ]
    return headers + STM_HEADERS[1:]


SIMPLE_EXCEPTIONS = [
    ("RPY_EXC_OVERFLOW", ("OverflowError",)),
    ("RPY_EXC_ZERODIVISION", ("ZeroDivisionError",)),
    ("RPY_EXC_MEMORY", ("MemoryError",)),
    ("RPY_EXC_RECURSION", ("RecursionError", "RuntimeError")),
    ("RPY_EXC_ASSERTION", ("AssertionError",)),
]


class CStandaloneBuilder(object):
    def __init__(
        self,
        db,
        entrypoint,
        opt=2,
        lldebug=False,
        thread=False,
        cc="gcc",
        extra_entrypoints=(),
    ):
        self.db = db
        self.entrypoint = entrypoint
        self.extra_entrypoints = list(extra_entrypoints)
        self.opt = opt
        self.lldebug = lldebug
        self.thread = thread
        self.cc = cc
        self.targetdir = None
        self.executable_name = None
        self.stats = {}

    # -- source generation ------------------------------------------------

    def collect(self):
        db = self.db
        self.entry_expr = db.get(self.entrypoint)
        for fnptr in self.extra_entrypoints:
            db.get(fnptr)
        self.simple_exc = []
        self.simple_exc_values = []
        for enum, names in SIMPLE_EXCEPTIONS:
            found = None
            for name in names:
                found = standard_exception(db, name)
                if found is not None:
                    break
            if found is None:
                self.simple_exc.append((enum, "NULL", "NULL"))
                self.simple_exc_values.append(None)
            else:
                vtable, inst = found
                self.simple_exc.append((enum, db.get(vtable), db.get(inst)))
                self.simple_exc_values.append(inst)
        self.uncaught_lines = self.uncaught_report()
        db.complete()
        entry_obj = self.entrypoint._obj
        for node in db.containernode_order:
            if node.kind == "func" and node.obj is not entry_obj and not node.exported:
                node.inline = self.opt > 0 and node.op_count() <= INLINE_MAX_OPS
        from rpython.translator.c.threadsupport import uses_threads

        if uses_threads(db):
            self.thread = True  # thread.c needs thread-local runtime state
            db.thread = True

    def generate_source(self, targetdir):
        self.targetdir = targetdir
        if os.path.isdir(targetdir):
            shutil.rmtree(targetdir)
        os.makedirs(targetdir)
        self.collect()
        db = self.db
        eci = None
        for e in db.ecis:
            eci = e if eci is None else eci.merge(e)
        if eci is not None:
            eci = write_separate_sources(eci, targetdir)
        self.eci = eci
        for name in support_headers(db):
            shutil.copy(os.path.join(SRC_DIR, name), targetdir)
        shutil.copy(os.path.join(SRC_DIR, "support.c"), targetdir)
        self.write_header()
        self.write_data()
        cfiles = self.write_functions()
        self.write_main()
        cfiles = ["support.c", "data.c"] + cfiles + ["main.c"]
        extra = []
        for path in db.gcpolicy.c_sources():
            shutil.copy(path, targetdir)
            extra.append(os.path.basename(path))
        for path in db.gcpolicy.include_dirs():
            for name in os.listdir(path):
                if name.endswith(".h"):
                    shutil.copy(os.path.join(path, name), targetdir)
        if db.stm:
            for path in db.gcpolicy.extra_headers():
                shutil.copy(path, targetdir)
            extra += self.write_stm_files()
            extra += db.gcpolicy.compiled_in_place()
        if eci is not None:
            for path in eci.separate_module_files:
                extra.append(os.path.abspath(path))
        self.write_makefile(cfiles + extra)
        self.stats["functions"] = sum(
            1 for n in db.containernode_order if n.kind == "func"
        )
        self.stats["types"] = len(db.defnode_order)
        self.stats["c_files"] = len(cfiles) + len(extra)
        return targetdir

    def _write(self, name, lines):
        with open(os.path.join(self.targetdir, name), "w") as f:
            for line in lines:
                f.write(line)
                f.write("\n")

    def write_header(self):
        db = self.db
        lines = [
            "/* common_header.h -- generated by rpython/translator/c/genc.py:",
            " * every type, global and function of the program. */",
            "#ifndef RPY_COMMON_HEADER_H",
            "#define RPY_COMMON_HEADER_H",
        ]
        for define in db.gcpolicy.c_defines():
            lines.append("#define %s 1" % define)
        if self.lldebug:
            lines.append("#define RPY_LL_ASSERT 1")
        for name in support_headers(db):
            lines.append('#include "%s"' % name)
        if self.eci is not None:
            import io

            buf = io.StringIO()
            self.eci.write_c_header(buf)
            lines.append(buf.getvalue())
        lines.append("/* forward declarations */")
        for node in db.defnode_order:
            lines.append("struct %s;" % node.name)
        lines.append("/* type definitions */")
        for node in db.sorted_defnodes():
            lines.append(node.definition())
        lines.append("/* globals and functions */")
        for node in db.containernode_order:
            decl = node.declaration()
            if decl:
                lines.append(decl)
        lines.append("/* small functions, inlined where they are called */")
        for node in db.containernode_order:
            if node.kind == "func" and node.inline:
                lines.append(node.definition())
        lines.append("#endif")
        self._write("common_header.h", lines)

    def write_data(self):
        db = self.db
        lines = ['#include "common_header.h"', ""]
        for node in db.containernode_order:
            if node.kind == "data":
                lines.append(node.definition())
        if db.stm:
            lines += self.stm_startup_lines()
            self._write("data.c", lines)
            return
        # the GC's type table: offsets computed by the C compiler
        rows = []
        for tid, node in enumerate(db.gctypes):
            rows.append(self.typeinfo_row(tid, node, lines))
        lines.append("const struct rpy_typeinfo rpy_typeinfo_table[] = {")
        lines.extend("\t%s," % row for row in rows)
        if not rows:
            lines.append("\t{0, 0, 0, 0, 0},")
        lines.append("};")
        roots = [
            "(void *)&%s" % node.name
            for node in db.containernode_order
            if node.kind == "data" and node.is_gc and node.contains_gc_pointers()
        ]
        lines.append("void *const rpy_prebuilt_gc_objects[] = {")
        lines.extend("\t%s," % r for r in roots)
        lines.append("\tNULL")
        lines.append("};")
        lines.append("void *const rpy_simple_exceptions[RPY_EXC_COUNT][2] = {")
        for enum, t, v in self.simple_exc:
            lines.append("\t[%s] = {(void *)%s, (void *)%s}," % (enum, t, v))
        lines.append("};")
        self._write("data.c", lines)

    def typeinfo_row(self, tid, node, lines):
        """One rpy_typeinfo initializer; appends offset arrays to `lines`."""
        T = node.T
        sname = "struct %s" % node.name
        fixed_ptrs = []
        item_ptrs = []
        if isinstance(T, lltype.Array) and T.OF is lltype.Void:
            # a list of Nones: only the length is stored
            fixedsize = "sizeof(%s)" % sname
            ofs_length = "offsetof(%s, length)" % sname
            itemsize = "0"
        elif isinstance(T, lltype.Array):
            fixedsize = "offsetof(%s, items)" % sname
            ofs_length = "offsetof(%s, length)" % sname
            itemsize = (
                "sizeof(%s)" % cdecl(self.db.gettype(T.OF), "")
                if T.OF is not lltype.Void
                else "0"
            )
            item_ptrs = self.gc_ptr_offsets(T.OF, "")
        else:
            arrayfld = getattr(T, "_arrayfld", None)
            fixed_ptrs = self.gc_ptr_offsets(T, "", skip_array=True)
            if arrayfld is None:
                fixedsize = "sizeof(%s)" % sname
                ofs_length = "0"
                itemsize = "0"
            else:
                path = self.c_path_to_array(T)
                A = self.array_type_of(T)
                if A.OF is lltype.Void:
                    fixedsize = "sizeof(%s)" % sname
                else:
                    fixedsize = "offsetof(%s, %s.items)" % (sname, path)
                ofs_length = "offsetof(%s, %s.length)" % (sname, path)
                itemsize = (
                    "sizeof(%s)" % cdecl(self.db.gettype(A.OF), "")
                    if A.OF is not lltype.Void
                    else "0"
                )
                item_ptrs = self.gc_ptr_offsets(A.OF, "")
        fixed_ptrs = ["offsetof(%s, %s)" % (sname, p) for p in fixed_ptrs]
        if isinstance(T, lltype.Array):
            OF = T.OF
        else:
            OF = self.array_type_of(T).OF if getattr(T, "_arrayfld", None) else None
        item_texts = []
        for p in item_ptrs:
            if p == "":
                item_texts.append("0")
            else:
                item_texts.append(
                    "offsetof(%s, %s)" % (cdecl(self.db.gettype(OF), "").strip(), p)
                )
        lines.append(
            "static const long rpy_ti_ptrs_%d[] = {%s};"
            % (tid, ", ".join(fixed_ptrs + ["-1"]))
        )
        lines.append(
            "static const long rpy_ti_items_%d[] = {%s};"
            % (tid, ", ".join(item_texts + ["-1"]))
        )
        return "{%s, %s, %s, rpy_ti_ptrs_%d, rpy_ti_items_%d}" % (
            fixedsize,
            itemsize,
            ofs_length,
            tid,
            tid,
        )

    def array_type_of(self, T):
        while not isinstance(T, lltype.Array):
            T = T._flds[T._arrayfld]
        return T

    def c_path_to_array(self, T):
        parts = []
        while not isinstance(T, lltype.Array):
            node = self.db.getdefnode(T)
            parts.append(node.c_field(T._arrayfld))
            T = T._flds[T._arrayfld]
        return ".".join(parts)

    def gc_ptr_offsets(self, T, prefix, skip_array=False):
        """C member paths (relative to a value of type T) of its GC pointers."""
        from rpython.translator.c.database import is_fixedsizearray, is_gc_ptr

        if is_gc_ptr(T):
            return [prefix]
        result = []
        if is_fixedsizearray(T):
            for i in range(T.length):
                result += self.gc_ptr_offsets(
                    T.OF, "%s%sitems[%d]" % (prefix, "." if prefix else "", i)
                )
            return result
        if isinstance(T, lltype.Struct):
            node = self.db.getdefnode(T)
            arrayfld = getattr(T, "_arrayfld", None)
            for name, cname, F, ctype in node.fields:
                if skip_array and name == arrayfld:
                    continue
                sub = prefix + "." + cname if prefix else cname
                result += self.gc_ptr_offsets(F, sub, skip_array=skip_array)
            return result
        if isinstance(T, lltype.Array) and not skip_array:
            raise CBackendError(
                "GC pointers in an inlined array inside an array item: %r" % (T,)
            )
        return result

    def write_functions(self):
        files = []
        current = []
        count = 0
        for node in self.db.containernode_order:
            if node.kind != "func" or node.inline:
                continue
            text = node.definition()
            current.append(text)
            current.append("")
            count += text.count("\n") + 2
            if count > SPLIT_LINES:
                files.append(current)
                current = []
                count = 0
        if current or not files:
            files.append(current)
        names = []
        for i, body in enumerate(files):
            name = "implement_%d.c" % i
            self._write(name, ['#include "common_header.h"', ""] + body)
            names.append(name)
        return names

    # -- --stm -------------------------------------------------------------

    def write_stm_files(self):
        """The stmgc callbacks of the program's GC types, and the table of
        simple exceptions (in a file of its own: exception.h declares it
        const, but rpy_stm_startup() fills it)."""
        from rpython.translator.stm.gcinfo import StmGcInfo, StmLayoutError

        db = self.db
        types = [node.T for node in db.gctypes]
        fq_types = db.stm_finalizer_types()
        finalizers = {T: "rpy_stm_fq_dead" for T in types if T in fq_types}
        try:
            info = StmGcInfo(types, finalizers)
        except StmLayoutError as e:
            raise CBackendError("--stm: %s" % e)
        for i, T in enumerate(types):
            if info.tid(T) != db.gcpolicy.tid(i):
                raise CBackendError("--stm: type ids disagree for %r" % (T,))
        self.stm_info = info
        self._write("stm_callbacks.c", [info.c_source('#include "stmgc.h"')])
        self._write(
            "stm_data.c",
            [
                "/* stm_data.c -- generated by genc.py: filled at start-up by",
                " * rpy_stm_startup() (data.c), read by rpy_raise_simple(). */",
                "void *rpy_stm_simple_exceptions[%d][2];" % len(SIMPLE_EXCEPTIONS),
                "__thread void *pypy_stm_anchor_frame;",
            ],
        )
        # rgc.FinalizerQueue (rpy_stm_fq_run_triggers() is called after
        # every rgc.collect(): always compiled, a no-op without queues)
        shutil.copy(os.path.join(SRC_DIR, "stm_fq.h"), self.targetdir)
        self._write(
            "stm_fq.c",
            [
                "/* stm_fq.c -- generated by genc.py: see stm_fq.h */",
                '#include "common_header.h"',
                '#include "stm_fq.h"',
            ],
        )
        return ["stm_callbacks.c", "stm_data.c", "stm_fq.c"]

    def stm_startup_lines(self):
        """rpy_stm_startup(): move every prebuilt GC object into stmgc,
        record their object_t, and patch the GC references held by raw
        prebuilt data (vtables, ...) and the simple-exceptions table."""
        from rpython.translator.c.node import FuncNode

        db = self.db
        gcnodes = [
            n
            for n in db.containernode_order
            if n.kind == "data" and n.is_gc and not isinstance(n, FuncNode)
        ]
        lines = []
        # the code refers to some of them through rpy_stm_prebuilt_objs[k];
        # patching raw data below may add more indices
        patches = []
        for node in db.containernode_order:
            if node.kind == "data" and not node.is_gc:
                patches += self.stm_raw_gc_slots(node)
        exc_lines = []
        for i, (enum, t, v) in enumerate(self.simple_exc):
            inst = self.simple_exc_values[i]
            if inst is None:
                continue
            exc_lines.append(
                "\t((void **)rpy_stm_simple_exceptions)[2 * %s] = (void *)%s;"
                % (enum, t)
            )
            exc_lines.append(
                "\t((void **)rpy_stm_simple_exceptions)[2 * %s + 1] = "
                "(void *)(uintptr_t)%s;" % (enum, db.get(inst, code=True))
            )
        indexed = sorted(db.stm_prebuilt_index.items(), key=lambda item: item[1])
        lines.append("object_t *rpy_stm_prebuilt_objs[%d];" % max(len(indexed), 1))
        lines.append("static const struct object_s *const rpy_stm_copies[] = {")
        for node in gcnodes:
            lines.append("\t(const struct object_s *)&%s," % node.name)
        lines.append("\tNULL")
        lines.append("};")
        lines.append("void rpy_stm_startup(void)")
        lines.append("{")
        lines.append(
            "\tif (stm_rpy_setup_prebuilts(&pypy_stm_tl, rpy_stm_copies, %d) < 0)"
            % len(gcnodes)
        )
        lines.append('\t\trpy_fatalerror("--stm: moving the prebuilt objects failed");')
        for node, k in indexed:
            lines.append(
                "\trpy_stm_prebuilt_objs[%d] = "
                "stm_rpy_prebuilt((const struct object_s *)&%s);" % (k, node.name)
            )
        lines += patches
        lines += exc_lines
        if db.stm_finalizer_types():
            lines.append("\trpy_stm_fq_setup(); /* src/stm_fq.h */")
        lines.append("}")
        return lines

    def stm_raw_gc_slots(self, node):
        """Assignments storing, into raw prebuilt data, the object_t of the
        prebuilt GC objects it references."""
        db = self.db
        out = []

        def walk(value, T, lvalue, varlength=None):
            if isinstance(T, lltype.Ptr):
                if T.TO._gckind == "gc" and value:
                    out.append("\t%s = %s;" % (lvalue, db.get(value, T, code=True)))
                return
            if isinstance(T, lltype.Struct):
                defnode = db.getdefnode(T, varlength)
                if defnode.__class__.__name__ == "FixedSizeArrayDefNode":
                    for i in range(T.length):
                        walk(
                            getattr(value, "item%d" % i),
                            T.OF,
                            "%s.items[%d]" % (lvalue, i),
                        )
                    return
                for name, cname, F, ctype in defnode.fields:
                    sub = getattr(value, name)
                    if name == getattr(T, "_arrayfld", None):
                        walk(sub, F, lvalue + "." + cname, varlength)
                    else:
                        walk(sub, F, lvalue + "." + cname)
                return
            if isinstance(T, lltype.Array):
                if not _contains_gc_ptr(T.OF):
                    return
                from rpython.translator.c.database import array_items

                for i, item in enumerate(array_items(value)):
                    walk(item, T.OF, "%s.items[%d]" % (lvalue, i))

        T = lltype.typeOf(node.obj)
        if not _contains_gc_ptr(T):
            return out
        walk(node.obj, T, node.name, getattr(node, "varlength", None))
        return out

    def write_main(self):
        T = lltype.typeOf(self.entrypoint).TO
        args = [A for A in T.ARGS if A is not lltype.Void]
        if len(args) == 2:
            # argv is passed as the low-level array of char pointers
            call = "%s(argc, (void *)argv)" % self.entry_expr
        elif not args:
            call = "%s()" % self.entry_expr
        else:
            raise CBackendError("entry point must take (argc, argv) or nothing")
        if T.RESULT is lltype.Void:
            body = ["\t%s;" % call, "\tresult = 0;"]
        else:
            body = ["\tresult = (int)%s;" % call]
        if self.db.stm:
            self.write_stm_main(body)
            return
        lines = [
            '#include "common_header.h"',
            "",
            "int main(int argc, char **argv)",
            "{",
            "\tint result;",
            "\t(void)argc; (void)argv;",
            "\trpy_init_stack_limit();",
            "\t%s" % self.db.gcpolicy.setup_code(),
        ]
        lines += body
        lines += ["\tif (RPyExceptionOccurred()) {"]
        lines += ["\t\t" + line for line in self.uncaught_lines]
        lines += [
            "\t\treturn 1;",
            "\t}",
            "\treturn result;",
            "}",
        ]
        self._write("main.c", lines)

    def write_stm_main(self, body):
        """main() of a --stm build: stmgc and the prebuilt objects are set
        up, then the main thread runs in a transaction from start to exit.
        That first transaction is anchored in main(): an abort before any
        transaction break restarts the entry point (argc and argv are never
        modified, so they are still valid after the jump)."""
        lines = [
            '#include "common_header.h"',
            "",
            "int main(int argc, char **argv)",
            "{",
            "\tint result;",
            "\t(void)argc; (void)argv;",
            "\trpy_init_stack_limit();",
            "\tstm_setup();",
            "\tpypy_stm_register_thread();",
            "\trpy_stm_startup();",
            "\tstm_start_transaction(&pypy_stm_tl);",
            "\tpypy_stm_anchor_frame = NULL;",
        ]
        lines += body
        lines += [
            "\t/* the entry point may return after committing (funcgen.py,",
            "\t   stm_epilogue): the rest runs in an inevitable transaction */",
            "\tif (!pypy_stm_in_transaction())",
            "\t\tstm_start_inevitable_transaction(&pypy_stm_tl);",
            "\tpypy_stm_anchor_frame = NULL;",
        ]
        lines += ["\tif (RPyExceptionOccurred()) {"]
        lines += ["\t\t" + line for line in self.uncaught_lines]
        lines += [
            "\t\tresult = 1;",
            "\t}",
            "\tstm_commit_transaction();",
            "\treturn result;",
            "}",
        ]
        self._write("main.c", lines)

    def uncaught_report(self):
        """C lines printing the class name of an exception escaping main."""
        generic = ['fprintf(stderr, "Fatal RPython error: uncaught exception\\n");']
        rtyper = getattr(self.db.translator, "rtyper", None)
        data = getattr(rtyper, "exceptiondata", None)
        T = getattr(data, "lltype_of_exception_type", None)
        if not isinstance(T, lltype.Ptr) or "name" not in getattr(T.TO, "_flds", {}):
            return generic
        NAME = T.TO._flds["name"]
        if not (isinstance(NAME, lltype.Ptr) and isinstance(NAME.TO, lltype.Array)):
            return generic
        node = self.db.getdefnode(T.TO)
        namenode = self.db.getdefnode(NAME.TO)
        if not namenode.has_length:
            return generic
        return [
            "struct %s *cls = (struct %s *)rpy_exc_type;" % (node.name, node.name),
            'if (cls->%s) fprintf(stderr, "Fatal RPython error: %%.*s\\n", '
            "(int)cls->%s->length, (char *)cls->%s->items);"
            % ((node.c_field("name"),) * 3),
            "else " + generic[0],
        ]

    def write_makefile(self, cfiles):
        cflags = ["-O%d" % self.opt, "-fno-strict-aliasing", "-fwrapv"]
        if self.lldebug:
            cflags = ["-O0", "-g", "-fno-strict-aliasing", "-fwrapv"]
        cflags += ["-Wall", "-Wextra"]
        if self.thread:
            cflags += ["-pthread", "-DRPY_THREAD"]
        if self.db.stm:
            from llvmfix.flags import seg_cflags

            cflags += seg_cflags(self.cc)
            # RPY_STM: for C files that do not include common_header.h
            # (src/thread.c starts threads through stm_rpy.c then)
            cflags += ["-DSTM_NB_SEGMENTS=%d" % self.db.stm_segments, "-DRPY_STM"]
            if "-pthread" not in cflags:
                cflags.append("-pthread")
        libs = ["-lm"]
        incdirs = []
        libdirs = []
        if self.eci is not None:
            libs = ["-l" + lib for lib in self.eci.libraries] + libs
            incdirs = ["-I" + d for d in self.eci.include_dirs]
            libdirs = ["-L" + d for d in self.eci.library_dirs]
            cflags += list(self.eci.compile_extra)
        libs = ["-l" + lib for lib in self.db.gcpolicy.libraries()] + libs
        if self.thread:
            libs.append("-lpthread")
        objs = [os.path.splitext(os.path.basename(c))[0] + ".o" for c in cfiles]
        lines = [
            "# Generated by rpython/translator/c/genc.py",
            "CC = %s" % self.cc,
            "CFLAGS = %s" % " ".join(cflags),
            "INCLUDES = -I. %s" % " ".join(incdirs),
            "LDFLAGS = %s"
            % " ".join(libdirs + list(self.eci.link_extra if self.eci else [])),
            "LIBS = %s" % " ".join(libs),
            "OBJECTS = %s" % " ".join(objs),
            "",
            "program: $(OBJECTS)",
            "\t$(CC) $(CFLAGS) -o $@ $(OBJECTS) $(LDFLAGS) $(LIBS)",
            "",
        ]
        for c, o in zip(cfiles, objs):
            if os.path.basename(c) == "stmgc.c":
                # the library: its own assertions only with --lldebug
                ndebug = "" if self.lldebug else " -DNDEBUG"
                lines.append("%s: %s" % (o, c))
                lines.append("\t$(CC) $(CFLAGS)%s -c %s -o %s" % (ndebug, c, o))
                lines.append("")
                continue
            lines.append("%s: %s common_header.h" % (o, c))
            lines.append("\t$(CC) $(CFLAGS) $(INCLUDES) -c %s -o %s" % (c, o))
            lines.append("")
        lines.append("clean:")
        lines.append("\trm -f *.o program")
        self._write("Makefile", lines)

    # -- compilation ------------------------------------------------------

    def compile(self, jobs=2):
        cmd = ["make", "-j%d" % jobs, "-s", "-C", self.targetdir]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        # kept so that tests can check the generated C compiles without warnings
        self.compiler_output = proc.stdout + proc.stderr
        if proc.returncode != 0:
            raise CompilationError(cmd, self.compiler_output[-6000:])
        self.executable_name = os.path.join(self.targetdir, "program")
        return self.executable_name


def _contains_gc_ptr(T, seen=None):
    if isinstance(T, lltype.Ptr):
        return T.TO._gckind == "gc"
    if seen is None:
        seen = {}
    if T in seen:
        return False
    seen[T] = True
    if isinstance(T, lltype.Struct):
        return any(_contains_gc_ptr(T._flds[n], seen) for n in T._names)
    if isinstance(T, lltype.Array):
        return _contains_gc_ptr(T.OF, seen)
    return False


def build_executable(db, entrypoint, targetdir, **kwds):
    builder = CStandaloneBuilder(db, entrypoint, **kwds)
    builder.generate_source(targetdir)
    return builder.compile()
