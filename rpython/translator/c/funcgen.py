"""One C function per low-level flow graph.

Blocks become labels, links become assignments to the target block's input
variables followed by a goto (through temporaries when the assignments
overlap).  Each operation is written by a method OP_<NAME> when it needs the
database (fields, calls, allocation) or as a macro call `OP_<NAME>(args,
result);` from src/*.h otherwise.

Exceptions (the exception transform): an operation that can raise is followed
by a test of the per-thread exception state.  If its block catches
exceptions (exitswitch c_last_exception) the test jumps to code that matches
the exception against each exit; otherwise it jumps to the function's error
exit, which returns a dummy value with the exception still set.  A link to
the graph's except block sets the state and takes the same exit.

GC roots (the GC transform, policy from memory/gctransform): around an
operation that can collect, the GC references still needed afterwards are
pushed on the shadow stack and reloaded from it after the call.
"""

from rpython.flowspace.model import Constant, Variable, c_last_exception
from rpython.rtyper.lltypesystem import lltype
from rpython.translator.c.database import CBackendError, cdecl, is_gc_ptr
from rpython.translator.exceptiontransform import exception_match_fn, op_can_raise

# operations that never collect even though they look like calls
COLLECTING_OPS = frozenset(
    [
        "direct_call",
        "indirect_call",
        "jit_conditional_call",
        "jit_conditional_call_value",
        "malloc",
        "malloc_varsize",
        "gc__collect",
        "gc_id",
        "gc_identityhash",
    ]
)

# with --stm these commit or start transactions or may collect
STM_COLLECTING_OPS = frozenset(
    [
        "stm_become_inevitable",
        "stm_transaction_break",
        "stm_possible_transaction_break",
        "stm_enter_transactional_zone",
        "stm_leave_transactional_zone",
    ]
)

# with --stm: the transaction is committed and a new one is started in the
# frame of the function that contains the operation (see stm_break below)
# (rgc.collect() too: a major collection, then the commit runs stmgc's
# finalizers, see src/stm_fq.h)
STM_BREAK_OPS = frozenset(
    ["stm_transaction_break", "stm_possible_transaction_break", "gc__collect"]
)

NOOP_OPS = frozenset(
    [
        "keepalive",
        "hint",
        "jit_marker",
        "jit_force_virtualizable",
        "jit_force_quasi_immutable",
        "jit_record_exact_class",
        "debug_start",
        "debug_stop",
        "debug_record_traceback",
        "gc_push_roots",
        "gc_pop_roots",
        "stack_check",
        "track_alloc_start",
        "track_alloc_stop",
        "zero_gc_pointers_inside",
        "debug_catch_exception",
        "debug_reraise_traceback",
        "debug_print_traceback",
        "debug_start_traceback",
        "debug_view",
        "gc__disable_finalizers",
        "gc__enable_finalizers",
        "gc_enter_roots_frame",
        "gc_leave_roots_frame",
        "gc_save_root",
        "gc_restore_root",
        "gc_stack_bottom",
        "gc_thread_run",
        "gc_thread_before_fork",
        "gc_thread_after_fork",
        "gc_fq_register",
    ]
)


def is_void(v):
    return getattr(v, "concretetype", None) is lltype.Void


class FunctionCodeGenerator(object):
    def __init__(self, graph, db, name):
        self.graph = graph
        self.db = db
        self.name = name
        self.gcpolicy = db.gcpolicy
        self.stm = db.stm
        if self.stm:
            self._stm_transform_if_needed()
        # restart points: breaks, and calls after which a new transaction
        # may have to start in this frame (see stm_break, stm_call_restart)
        self.stm_breaks = self.stm and any(
            op.opname in STM_BREAK_OPS or self.stm_call_may_restart(op)
            for block, op in graph.iterblockops()
        )
        self.stm_saved = {}  # variable -> name of its volatile copy
        # the op being written is the last of a block catching its exception
        # (conservative default; set by the block loop)
        self.current_catching = True
        self.varnames = {}
        self.vartypes = {}
        self.blocknum = {}
        for i, block in enumerate(graph.iterblocks()):
            self.blocknum[block] = i
        self._collect_variables()
        self.uses_calls = any(
            op.opname in ("direct_call", "indirect_call")
            for block, op in graph.iterblockops()
        )
        # register everything the body refers to, so the database completes
        self.body = None
        self.interior_in = self.compute_interior_inputs()
        self.body = list(self._gen_body())

    def _stm_transform_if_needed(self):
        """A graph made after the driver's stm pass (a helper the database
        asked the rtyper for) gets its barriers here: with stmgc a write
        without stm_write would also miss the generational barrier."""
        done = self.db.stm_transformed
        if done is None or self.graph in done:
            return
        from rpython.translator.stm.transform import transform_graphs

        rtyper = getattr(self.db.translator, "rtyper", None)
        transform_graphs([self.graph], None, rtyper)
        done[self.graph] = True

    def cast(self, T, text):
        """C cast of `text` to the low-level type T.  With --stm a pointer
        cast goes through uintptr_t: gcc warns about direct casts between
        the %gs and the generic address space (see src/stm_ops.h)."""
        ctype = cdecl(self.db.gettype(T), "")
        if self.stm and ctype.endswith("*"):
            return "((%s)(uintptr_t)(%s))" % (ctype, text)
        return "(%s)%s" % (ctype, text)

    # -- variables ------------------------------------------------------

    def _collect_variables(self):
        used = {}
        for block in self.graph.iterblocks():
            for v in block.inputargs:
                self._addvar(v, used)
            for op in block.operations:
                self._addvar(op.result, used)
            for link in block.exits:
                for v in link.getextravars():
                    self._addvar(v, used)

    def _addvar(self, v, used):
        if v in self.varnames or is_void(v):
            return
        T = getattr(v, "concretetype", None)
        if T is None:
            raise CBackendError(
                "variable %r in %s has no concretetype (not rtyped?)"
                % (v, self.graph.name)
            )
        base = "l_" + v.name
        n = used.get(base, 0)
        used[base] = n + 1
        self.varnames[v] = base if n == 0 else "%s_%d" % (base, n)
        self.vartypes[v] = T

    def expr(self, v):
        if isinstance(v, Constant):
            T = getattr(v, "concretetype", None)
            if T is None:
                raise CBackendError(
                    "constant %r without concretetype in %s" % (v, self.graph.name)
                )
            return self.db.get(v.value, T, code=True)
        if is_void(v):
            return "/* void */"
        return self.varnames[v]

    def ctype_of(self, v):
        return self.db.gettype(v.concretetype)

    # -- declarations ---------------------------------------------------

    def prototype(self):
        args = [
            cdecl(self.db.gettype(v.concretetype), "a_%d" % i)
            for i, v in enumerate(self.graph.getargs())
            if not is_void(v)
        ]
        restype = self.db.gettype(self.graph.getreturnvar().concretetype)
        return cdecl(restype, "%s(%s)" % (self.name, ", ".join(args) or "void"))

    def return_dummy(self):
        v = self.graph.getreturnvar()
        if is_void(v):
            return "return;"
        T = v.concretetype
        if isinstance(T, lltype.Ptr):
            return "return NULL;"
        return "return (%s)0;" % cdecl(self.db.gettype(T), "")

    def gen_function(self):
        lines = [self.prototype(), "{"]
        for v, name in self.varnames.items():
            # SSA copies are often assigned and never read again
            lines.append(
                "\t%s RPY_UNUSED;" % cdecl(self.db.gettype(self.vartypes[v]), name)
            )
        if self.stm_breaks:
            # see stm_break(): the shadow-stack slots this frame reserved
            # and the copies of the non-GC locals, both read after the jump
            # of an abort back into this frame
            lines.append("\tstruct stm_shadowentry_s *volatile rpy_stm_ss_base = NULL;")
            for v, name in sorted(self.stm_saved.items(), key=lambda item: item[1]):
                lines.append(
                    "\t%s RPY_UNUSED;"
                    % cdecl(self.db.gettype(v.concretetype), "volatile " + name)
                )
        lines.append("")
        body = self.body
        if self.stm_breaks and not any("goto err;" in line for line in body):
            # the error exit (label, epilogue, return) is the end of the body
            body = body[: body.index("err:")]
        elif not any("goto err;" in line for line in body):
            body = [line for line in body if line != "err:"]
            # the error exit is the last two lines: the label and its return
            if body and body[-1] == "\t" + self.return_dummy():
                body = body[:-1]
        lines.extend(body)
        lines.append("}")
        return lines

    # -- body -----------------------------------------------------------

    def _gen_body(self):
        graph = self.graph
        if self.uses_calls:
            check = "RPY_STACK_CHECK_FAILED()"
            if self.stm:
                check += " || RPY_STM_SHADOWSTACK_FULL()"
            elif self.gcpolicy.needs_roots:
                check += " || rpy_shadowstack_top > rpy_shadowstack_limit"
            yield "\tif (%s) {" % check
            yield "\t\trpy_stack_overflow();"
            yield "\t\t%s" % self.return_dummy()
            yield "\t}"
        for i, v in enumerate(graph.getargs()):
            if not is_void(v):
                yield "\t%s = a_%d;" % (self.varnames[v], i)
        yield "\tgoto block%d;" % self.blocknum[graph.startblock]
        for block in graph.iterblocks():
            yield "block%d:" % self.blocknum[block]
            for line in self.gen_block(block):
                yield "\t" + line
        yield "err:"
        for line in self.stm_epilogue(None):
            yield "\t" + line
        yield "\t" + self.return_dummy()

    def gen_block(self, block):
        graph = self.graph
        if block is graph.returnblock:
            v = block.inputargs[0]
            for line in self.stm_epilogue(v):
                yield line
            if is_void(v):
                yield "return;"
            else:
                yield "return %s;" % self.expr(v)
            return
        if block is graph.exceptblock:
            etype, evalue = block.inputargs
            yield "RPyRaiseException(%s, %s);" % (self.expr(etype), self.expr(evalue))
            yield "goto err;"
            return
        live_after = self.compute_live_gc_vars(block)
        self.live_all = self.compute_live_vars(block) if self.stm_breaks else None
        ops = block.operations
        self.fresh = set()  # young objects malloced since the last collection
        # interior pointers into GC objects: var -> (GC object var, index or
        # None), so that a store through them gets the container's barrier
        self.interior = dict(self.interior_in.get(block, {}))
        for i, op in enumerate(ops):
            catching = block.exitswitch is c_last_exception and i == len(ops) - 1
            self.current_catching = catching
            if self.interior and self.gcpolicy.moving and self.op_collects(op):
                self.check_no_interior_across(block, i)
            self.current_index = i
            for line in self.gen_op(op, live_after[i]):
                yield line
            self.track_interior(op)
            if self.op_collects(op):
                self.fresh = set()
            if op.opname == "malloc" and self._flavor(op, 1) == "gc":
                # a fixed-size GC object starts in the nursery: stores into
                # it need no write barrier until the next collection point
                self.fresh.add(op.result)
            if op.opname in ("malloc", "malloc_varsize") and self.gcpolicy.moving:
                continue  # our GC aborts instead of returning NULL
            if op_can_raise(op, self.db):
                if catching:
                    yield (
                        "if (RPyExceptionOccurred()) goto exc%d;" % self.blocknum[block]
                    )
                else:
                    yield "if (RPyExceptionOccurred()) goto err;"
        for line in self.gen_exits(block):
            yield line

    def gen_exits(self, block):
        if not block.exits:
            raise CBackendError("block without exits in %s" % self.graph.name)
        if block.exitswitch is None:
            assert len(block.exits) == 1
            for line in self.gen_link(block.exits[0]):
                yield line
            return
        if block.exitswitch is c_last_exception:
            for line in self.gen_link(block.exits[0]):
                yield line
            yield "exc%d: __attribute__((unused));" % self.blocknum[block]
            yield "{"
            yield "\tvoid *etype = RPyFetchExceptionType();"
            yield "\tvoid *evalue = RPyFetchExceptionValue();"
            yield "\t(void)evalue;"
            for link in block.exits[1:]:
                cond = self.exception_match("etype", link)
                yield "\tif (%s) {" % cond
                yield "\t\tRPyClearException();"
                for line in self.gen_link(link, exc=("etype", "evalue")):
                    yield "\t\t" + line
                yield "\t}"
            yield "\tgoto err;"
            yield "}"
            return
        # a switch on a Bool, integer or char variable
        switch = self.expr(block.exitswitch)
        T = block.exitswitch.concretetype
        if T is lltype.Bool and len(block.exits) == 2:
            false_link, true_link = block.exits
            if false_link.exitcase:
                false_link, true_link = true_link, false_link
            yield "if (%s) {" % switch
            for line in self.gen_link(true_link):
                yield "\t" + line
            yield "}"
            for line in self.gen_link(false_link):
                yield line
            return
        default = None
        yield "switch (%s) {" % switch
        for link in block.exits:
            if link.exitcase == "default":
                default = link
                continue
            case = getattr(link, "llexitcase", None)
            if case is None:
                case = link.exitcase
            yield "case %s:" % self.db.get(case, T)
            for line in self.gen_link(link):
                yield "\t" + line
        yield "default:"
        if default is not None:
            for line in self.gen_link(default):
                yield "\t" + line
        else:
            yield '\trpy_fatalerror("impossible switch value in %s");' % self.graph.name
            yield "\tgoto err;"
        yield "}"

    def exception_match(self, etype, link):
        case = getattr(link, "llexitcase", None)
        if case is None:
            raise CBackendError(
                "exception exit %r of %s has no llexitcase"
                % (link.exitcase, self.graph.name)
            )
        T = lltype.typeOf(case)
        fnptr = exception_match_fn(self.db)
        if fnptr is not None:
            fnT = lltype.typeOf(fnptr).TO
            return "%s((%s)%s, %s)" % (
                self.db.get(fnptr),
                cdecl(self.db.gettype(fnT.ARGS[0]), ""),
                etype,
                self.db.get(case, fnT.ARGS[1]),
            )
        VT = T.TO if isinstance(T, lltype.Ptr) else None
        if isinstance(VT, lltype.Struct) and "subclassrange_min" in VT._flds:
            # class ids are numbered so that subclasses form a range
            node = self.db.getdefnode(VT)
            cmin = node.c_field("subclassrange_min")
            cmax = node.c_field("subclassrange_max")
            e = "((%s)%s)" % (cdecl(self.db.gettype(T), ""), etype)
            c = self.db.get(case, T)
            return "(%s->%s <= %s->%s && %s->%s < %s->%s)" % (
                c,
                cmin,
                e,
                cmin,
                e,
                cmin,
                c,
                cmax,
            )
        return "%s == (void *)(uintptr_t)%s" % (etype, self.db.get(case, T, code=True))

    def gen_link(self, link, exc=None):
        srcs = []
        dsts = []
        for src, dst in zip(link.args, link.target.inputargs):
            if is_void(dst):
                continue
            if exc is not None and src is link.last_exception:
                text = self.cast(dst.concretetype, exc[0])
            elif exc is not None and src is link.last_exc_value:
                text = self.cast(dst.concretetype, exc[1])
            else:
                text = self.expr(src)
            if text == self.varnames.get(dst):
                continue
            srcs.append((src, text))
            dsts.append(dst)
        dstnames = set(self.varnames[d] for d in dsts)
        overlap = any(
            isinstance(s, Variable) and self.varnames.get(s) in dstnames
            for s, t in srcs
        )
        if overlap and len(dsts) > 1:
            yield "{"
            for i, ((s, text), d) in enumerate(zip(srcs, dsts)):
                yield "\t%s = %s;" % (
                    cdecl(self.db.gettype(d.concretetype), "tmp%d" % i),
                    text,
                )
            for i, d in enumerate(dsts):
                yield "\t%s = tmp%d;" % (self.varnames[d], i)
            yield "}"
        else:
            for (s, text), d in zip(srcs, dsts):
                yield "%s = %s;" % (self.varnames[d], text)
        yield "goto block%d;" % self.blocknum[link.target]

    # -- GC roots -------------------------------------------------------

    def compute_live_gc_vars(self, block):
        """For each operation, the GC-pointer Variables still needed after it."""
        return [
            [v for v in live if is_gc_ptr(getattr(v, "concretetype", None))]
            for live in self.compute_live_vars(block)
        ]

    def compute_live_vars(self, block):
        """For each operation, the non-Void Variables still needed after it."""
        live = set()
        for link in block.exits:
            extra = set(link.getextravars())
            for v in link.args:
                if isinstance(v, Variable) and v not in extra:
                    live.add(v)
        if isinstance(block.exitswitch, Variable):
            live.add(block.exitswitch)
        result = [None] * len(block.operations)
        for i in range(len(block.operations) - 1, -1, -1):
            op = block.operations[i]
            live.discard(op.result)
            result[i] = [v for v in live if v in self.varnames]
            for v in op.args:
                if isinstance(v, Variable):
                    live.add(v)
        for i in range(len(result)):
            result[i].sort(key=lambda v: self.varnames[v])
        return result

    # -- --stm: transaction breaks ----------------------------------------

    def stm_break(self, op, live):
        """Commit the transaction and start the next one here, in this
        function's own frame (stm_start_transaction is a setjmp: an abort
        jumps back to it, so the frame must stay alive while the transaction
        runs; stm_epilogue handles the return).  What the rest of the
        function needs must survive the abort:

        - GC references: in shadow-stack slots this frame reserves until it
          returns (stmgc restores the stack depth at transaction start and
          never touches the slots below it); moved down to the reserved
          base only between the commit and the start, when no transaction
          runs and so nothing can abort;
        - other locals: copied into volatile locals before the setjmp and
          reloaded after it (C locals are not rolled back, and registers are
          clobbered by the jump).

        Inside an atomic section a break makes the transaction inevitable
        instead (the section must run as one transaction)."""
        gcvars = [v for v in live if is_gc_ptr(v.concretetype)]
        others = [v for v in live if not is_gc_ptr(v.concretetype)]
        n = len(gcvars)
        lines = []
        for i, v in enumerate(gcvars):
            lines.append(
                "pypy_stm_tl.shadowstack[%d].ss = (object_t *)%s;"
                % (i, self.varnames[v])
            )
        lines.append("pypy_stm_tl.shadowstack += %d;" % n)
        if op.opname == "gc__collect":
            gen = self.expr(op.args[0]) if op.args else "1"
            lines.append("stm_collect(%s);" % gen)
        lines.append("if (pypy_stm_tl.atomic > 0) {")
        lines.append(
            '\tpypy_stm_become_inevitable("transaction break in an atomic section");'
        )
        lines.append("\tpypy_stm_tl.shadowstack -= %d;" % n)
        lines += [
            "\t" + line
            for line in self.stm_reload_gcvars(gcvars, "pypy_stm_tl.shadowstack")
        ]
        lines.append("} else {")
        body = ["stm_commit_transaction();"]
        body += self.stm_reanchor(n, others)
        body += self.stm_reload_gcvars(gcvars, "rpy_stm_ss_base")
        lines += ["\t" + line for line in body]
        lines.append("}")
        if op.opname == "gc__collect":
            # the queues that received objects at the commit (src/stm_fq.h)
            lines.append("rpy_stm_fq_run_triggers();")
        if op.opname == "stm_possible_transaction_break":
            # only when stmgc says so (never inside an atomic section)
            lines = (
                ["if (stm_should_break_transaction(&pypy_stm_tl)) {"]
                + ["\t" + line for line in lines]
                + ["}"]
            )
        return lines

    def stm_reanchor(self, m, others):
        """Between a commit and the next start (no transaction runs, so
        nothing can abort): keep the top `m` shadow-stack entries in this
        frame's reserved slots (reserving them on the first break), copy the
        non-GC locals `others` into volatile copies, start the transaction
        here and reload the copies (after an abort they are what the jump
        lands with)."""
        lines = ["if (rpy_stm_ss_base == NULL) {"]
        lines.append("\trpy_stm_ss_base = pypy_stm_tl.shadowstack - %d;" % m)
        lines.append("} else {")
        for i in range(m):
            lines.append(
                "\trpy_stm_ss_base[%d].ss = pypy_stm_tl.shadowstack[%d].ss;"
                % (i, i - m)
            )
        lines.append("\tpypy_stm_tl.shadowstack = rpy_stm_ss_base + %d;" % m)
        lines.append("}")
        for v in others:
            name = self.stm_saved.setdefault(v, "rpy_stm_saved_" + self.varnames[v])
            lines.append("%s = %s;" % (name, self.varnames[v]))
        lines.append("RPY_STM_START_TRANSACTION_HERE();")
        lines.append("pypy_stm_anchor_frame = __builtin_frame_address(0);")
        for v in others:
            lines.append("%s = %s;" % (self.varnames[v], self.stm_saved[v]))
        return lines

    def stm_reload_gcvars(self, gcvars, base):
        """Reload GC locals from shadow-stack entries base[0], base[1], ..."""
        return [
            "%s = (%s)%s[%d].ss;"
            % (
                self.varnames[v],
                cdecl(self.db.gettype(v.concretetype), ""),
                base,
                i,
            )
            for i, v in enumerate(gcvars)
        ]

    def stm_call_may_restart(self, op):
        """A call after which the transaction may have to be restarted in
        this frame: the callee may contain a transaction break."""
        if op.opname == "direct_call":
            graph = getattr(op.args[0].value._obj, "graph", None)
            return graph is not None and self.db.stm_graph_may_break(graph)
        if op.opname == "indirect_call":
            graphs = op.args[-1].value
            if graphs is None:
                return True
            return any(self.db.stm_graph_may_break(g) for g in graphs)
        return False

    def stm_call_restart(self, op, call_lines, live):
        """A call to a function that may break the transaction: when it
        returns after committing (or inevitable, with the anchor lost: see
        stm_epilogue), the next transaction starts here, in this frame, with
        the same rules as stm_break.  The fast path is one thread-local
        test; GC locals live across the call are pushed as for any call
        that may collect."""
        gcvars = [v for v in live if is_gc_ptr(v.concretetype)]
        n = len(gcvars)
        result = op.result
        gc_result = not is_void(result) and is_gc_ptr(result.concretetype)
        lines = []
        for i, v in enumerate(gcvars):
            lines.append(
                "pypy_stm_tl.shadowstack[%d].ss = (object_t *)%s;"
                % (i, self.varnames[v])
            )
        lines.append("pypy_stm_tl.shadowstack += %d;" % n)
        lines += call_lines
        lines.append(
            "if (RPY_UNLIKELY(pypy_stm_anchor_frame == PYPY_STM_ANCHOR_RESTART)) {"
        )
        body = []
        extra = []
        if gc_result:
            extra.append("(object_t *)%s" % self.varnames[result])
        extra.append("(object_t *)(uintptr_t)rpy_exc_value")
        m = n + len(extra)
        for i, text in enumerate(extra):
            body.append("pypy_stm_tl.shadowstack[%d].ss = %s;" % (i, text))
        body.append("pypy_stm_tl.shadowstack += %d;" % len(extra))
        body.append("if (pypy_stm_in_transaction())")
        body.append("\tstm_commit_transaction(); /* it was made inevitable */")
        others = [v for v in live if not is_gc_ptr(v.concretetype)]
        if not is_void(result) and not gc_result:
            others.append(result)
        body += self.stm_reanchor(m, others)
        if gc_result:
            body.append(
                "%s = (%s)rpy_stm_ss_base[%d].ss;"
                % (self.varnames[result], cdecl(self.ctype_of(result), ""), n)
            )
        body.append(
            "rpy_exc_value = (void *)(uintptr_t)rpy_stm_ss_base[%d].ss;" % (m - 1)
        )
        # the GC locals, once more above the reserved slots: popped below
        for i in range(n):
            body.append("rpy_stm_ss_base[%d].ss = rpy_stm_ss_base[%d].ss;" % (m + i, i))
        body.append("pypy_stm_tl.shadowstack = rpy_stm_ss_base + %d;" % (m + n))
        lines += ["\t" + line for line in body]
        lines.append("}")
        lines.append("pypy_stm_tl.shadowstack -= %d;" % n)
        lines += self.stm_reload_gcvars(gcvars, "pypy_stm_tl.shadowstack")
        return lines

    def stm_epilogue(self, v_result):
        """Before returning from a function that started the running
        transaction (at a restart point): its setjmp is in this frame, which
        is about to die.  Without a GC result or a pending exception, the
        transaction commits; otherwise it becomes inevitable (it can no
        longer abort; the result and the exception stay on the shadow stack
        meanwhile).  Either way the caller starts the next transaction in
        its own frame (stm_call_restart), except inside an atomic section:
        there the transaction only becomes inevitable and goes on.  Then
        the reserved shadow-stack slots are released."""
        if not self.stm_breaks:
            return []
        keep = []
        if v_result is not None and isinstance(v_result, Variable):
            if is_gc_ptr(v_result.concretetype):
                keep.append(v_result)
        lines = ["if (rpy_stm_ss_base != NULL) {"]
        lines.append("\tif (pypy_stm_anchor_frame == __builtin_frame_address(0)) {")
        if not keep:
            lines.append("\t\tif (rpy_exc_value == NULL && pypy_stm_tl.atomic == 0) {")
            lines.append("\t\t\tstm_commit_transaction();")
            lines.append("\t\t\tpypy_stm_anchor_frame = PYPY_STM_ANCHOR_RESTART;")
            lines.append("\t\t}")
            lines.append("\t}")
            lines.append("\tif (pypy_stm_anchor_frame == __builtin_frame_address(0)) {")
        inner = []
        for i, v in enumerate(keep):
            inner.append(
                "pypy_stm_tl.shadowstack[%d].ss = (object_t *)%s;"
                % (i, self.varnames[v])
            )
        k = len(keep)
        inner.append(
            "pypy_stm_tl.shadowstack[%d].ss = (object_t *)(uintptr_t)rpy_exc_value;" % k
        )
        inner.append("pypy_stm_tl.shadowstack += %d;" % (k + 1))
        inner.append(
            'pypy_stm_become_inevitable("return from the frame that started '
            'the transaction");'
        )
        inner.append("pypy_stm_tl.shadowstack -= %d;" % (k + 1))
        inner += self.stm_reload_gcvars(keep, "pypy_stm_tl.shadowstack")
        inner.append(
            "rpy_exc_value = (void *)(uintptr_t)pypy_stm_tl.shadowstack[%d].ss;" % k
        )
        # inside an atomic section the transaction must not be split: it
        # stays inevitable (no anchor needed) and the caller goes on in it
        inner.append(
            "pypy_stm_anchor_frame = pypy_stm_tl.atomic > 0 ? NULL : "
            "PYPY_STM_ANCHOR_RESTART;"
        )
        lines += ["\t\t" + line for line in inner]
        lines.append("\t}")
        lines.append("\tpypy_stm_tl.shadowstack = rpy_stm_ss_base;")
        lines.append("}")
        return lines

    def op_collects(self, op):
        if self.stm and op.opname in STM_COLLECTING_OPS:
            return True
        if op.opname not in COLLECTING_OPS:
            return False
        if op.opname in ("malloc", "malloc_varsize") and self._flavor(op, 1) != "gc":
            return False
        if op.opname == "direct_call":
            fn = op.args[0]
            if isinstance(fn, Constant):
                obj = fn.value._obj
                graph = getattr(obj, "graph", None)
                if graph is None or getattr(obj, "external", None):
                    # with threads, other threads may run (and collect)
                    # while this one is in C code without the GIL; with
                    # stmgc every thread collects only its own nursery
                    return bool(self.db.thread) and not self.stm
                if self.stm:
                    # a callee that collects only on its way to raising
                    # (math.sqrt allocating its ValueError) needs no roots
                    # when its exception goes to `err` (stm/breakanalysis.py)
                    analysis = self.db.stm_call_analysis()
                    if graph in analysis.may_collect:
                        return analysis.op_may_collect_on_return(
                            op, self.current_catching
                        )
                analyzer = getattr(self.db, "collect_analyzer", None)
                if analyzer is not None:
                    return analyzer.graph_may_collect(graph)
        return True

    def gen_op(self, op, live):
        if self.stm and op.opname in STM_BREAK_OPS:
            return self.stm_break(op, self.live_all[self.current_index])
        if self.stm_breaks and self.stm_call_may_restart(op):
            call_lines = getattr(self, "OP_" + op.opname.upper())(op)
            if isinstance(call_lines, str):
                call_lines = [call_lines]
            return self.stm_call_restart(
                op, list(call_lines), self.live_all[self.current_index]
            )
        meth = getattr(self, "OP_" + op.opname.upper(), None)
        if self.stm:
            meth = getattr(self, "STM_" + op.opname.upper(), meth)
        if op.opname in NOOP_OPS:
            lines = ["/* %s */" % op.opname]
        elif meth is not None:
            lines = meth(op)
            if isinstance(lines, str):
                lines = [lines]
        else:
            lines = [self.generic_op(op)]
        if self.stm and live and self.op_collects(op):
            # the thread-local's shadow stack; values are computed before
            # the stack pointer moves (src/stm_rpy.h explains why)
            n = len(live)
            pre = [
                "pypy_stm_tl.shadowstack[%d].ss = (object_t *)%s;"
                % (i, self.varnames[v])
                for i, v in enumerate(live)
            ]
            pre.append("pypy_stm_tl.shadowstack += %d;" % n)
            post = ["pypy_stm_tl.shadowstack -= %d;" % n]
            post += self.stm_reload_gcvars(live, "pypy_stm_tl.shadowstack")
            lines = pre + list(lines) + post
        elif self.gcpolicy.needs_roots and live and self.op_collects(op):
            n = len(live)
            pre = [
                "rpy_shadowstack_top[%d] = (void *)%s;" % (i, self.varnames[v])
                for i, v in enumerate(live)
            ]
            pre.append("rpy_shadowstack_top += %d;" % n)
            post = ["rpy_shadowstack_top -= %d;" % n]
            post += [
                "%s = (%s)rpy_shadowstack_top[%d];"
                % (self.varnames[v], cdecl(self.db.gettype(v.concretetype), ""), i)
                for i, v in enumerate(live)
            ]
            lines = pre + list(lines) + post
        return lines

    def generic_op(self, op):
        args = [self.expr(a) for a in op.args if not is_void(a)]
        if is_void(op.result):
            args.append("")
        else:
            args.append(self.varnames[op.result])
        return "OP_%s(%s);" % (op.opname.upper(), ", ".join(args))

    def result(self, op):
        if is_void(op.result):
            return None
        return self.varnames[op.result]

    def assign(self, op, text):
        r = self.result(op)
        if r is None:
            return "%s;" % text
        return "%s = %s;" % (r, text)

    # -- operations needing the database ---------------------------------

    def OP_SAME_AS(self, op):
        if is_void(op.result):
            return []
        return self.assign(op, self.expr(op.args[0]))

    def OP_CAST_POINTER(self, op):
        if is_void(op.result):
            return []
        return self.assign(op, self.cast(op.result.concretetype, self.expr(op.args[0])))

    OP_CAST_OPAQUE_PTR = OP_CAST_POINTER
    OP_CAST_PTR_TO_ADR = OP_CAST_POINTER
    OP_CAST_ADR_TO_PTR = OP_CAST_POINTER

    def OP_CAST_PRIMITIVE(self, op):
        if is_void(op.result):
            return []
        arg = self.expr(op.args[0])
        if op.args[0].concretetype is lltype.Char:
            arg = "(unsigned char)%s" % arg  # C's char is signed: bytes are 0..255
        return self.assign(op, "(%s)%s" % (cdecl(self.ctype_of(op.result), ""), arg))

    def OP_CAST_PTR_TO_INT(self, op):
        return self.assign(op, "(long)%s" % self.expr(op.args[0]))

    def OP_CAST_INT_TO_PTR(self, op):
        return self.OP_CAST_POINTER(op)

    def _defnode_of_ptr(self, v):
        T = v.concretetype
        if not isinstance(T, lltype.Ptr):
            raise CBackendError("expected a pointer, got %r" % (T,))
        return self.db.getdefnode(T.TO)

    def _field_access(self, v, fieldname):
        node = self._defnode_of_ptr(v)
        if node.__class__.__name__ == "FixedSizeArrayDefNode":
            return "%s->items[%d]" % (self.expr(v), int(fieldname[4:]))
        return "%s->%s" % (self.expr(v), node.c_field(fieldname))

    def OP_GETFIELD(self, op):
        if is_void(op.result):
            return []
        return self.assign(op, self._field_access(op.args[0], op.args[1].value))

    def OP_SETFIELD(self, op, barrier=True):
        obj, field, value = op.args
        if is_void(value):
            return []
        lines = []
        if barrier:
            lines += self.write_barrier(obj, value)
        lines.append(
            "%s = %s;" % (self._field_access(obj, field.value), self.expr(value))
        )
        return lines

    def OP_BARE_SETFIELD(self, op):
        return self.OP_SETFIELD(op, barrier=False)

    def OP_GETSUBSTRUCT(self, op):
        return self.assign(op, "&%s" % self._field_access(op.args[0], op.args[1].value))

    def _item_access(self, v, index):
        return "%s->items[%s]" % (self.expr(v), self.expr(index))

    def OP_GETARRAYITEM(self, op):
        if is_void(op.result):
            return []
        return self.assign(op, self._item_access(op.args[0], op.args[1]))

    def OP_SETARRAYITEM(self, op, barrier=True):
        arr, index, value = op.args
        if is_void(value):
            return []
        lines = []
        if barrier:
            lines += self.write_barrier(arr, value, index)
        lines.append("%s = %s;" % (self._item_access(arr, index), self.expr(value)))
        return lines

    def OP_BARE_SETARRAYITEM(self, op):
        return self.OP_SETARRAYITEM(op, barrier=False)

    def OP_GETARRAYSUBSTRUCT(self, op):
        return self.assign(op, "&%s" % self._item_access(op.args[0], op.args[1]))

    def OP_GETARRAYSIZE(self, op):
        T = op.args[0].concretetype.TO
        node = self.db.getdefnode(T)
        if node.__class__.__name__ == "FixedSizeArrayDefNode":
            return self.assign(op, "%dL" % T.length)
        return self.assign(op, "%s->length" % self.expr(op.args[0]))

    def _interior(self, v, path):
        """C lvalue for an interior access: path of field names and indices."""
        expr = "(*%s)" % self.expr(v)
        T = v.concretetype.TO
        for step in path:
            if isinstance(step, Constant) and isinstance(step.value, str):
                node = self.db.getdefnode(T)
                if node.__class__.__name__ == "FixedSizeArrayDefNode":
                    expr += ".items[%d]" % int(step.value[4:])
                    T = T.OF
                else:
                    expr += "." + node.c_field(step.value)
                    T = T._flds[step.value]
            else:
                expr += ".items[%s]" % self.expr(step)
                T = T.OF
        return expr

    def OP_GETINTERIORFIELD(self, op):
        if is_void(op.result):
            return []
        return self.assign(op, self._interior(op.args[0], op.args[1:]))

    def OP_SETINTERIORFIELD(self, op, barrier=True):
        value = op.args[-1]
        if is_void(value):
            return []
        lines = []
        path = op.args[1:-1]
        if barrier:
            index = None
            for step in path:
                if not (isinstance(step, Constant) and isinstance(step.value, str)):
                    index = step
                    break
            lines += self.write_barrier(op.args[0], value, index)
        lines.append("%s = %s;" % (self._interior(op.args[0], path), self.expr(value)))
        return lines

    def OP_BARE_SETINTERIORFIELD(self, op):
        return self.OP_SETINTERIORFIELD(op, barrier=False)

    def OP_GETINTERIORARRAYSIZE(self, op):
        return self.assign(op, "%s.length" % self._interior(op.args[0], op.args[1:]))

    def check_no_interior_across(self, block, i):
        """An interior pointer into a GC object must not live across an
        operation that can move that object."""
        used_later = set()
        for op in block.operations[i + 1 :]:
            used_later.update(op.args)
        for link in block.exits:
            used_later.update(link.args)
        for v, (base, index) in self.interior.items():
            if isinstance(base, Variable) and v in used_later:
                raise CBackendError(
                    "interior pointer %r into a GC object is used after %r, "
                    "which can move the object (in %s)"
                    % (v, block.operations[i], self.graph.name)
                )

    def track_interior(self, op, interior=None):
        if interior is None:
            interior = self.interior
        name = op.opname
        if name in ("getarraysubstruct", "getsubstruct", "direct_fieldptr"):
            base = op.args[0]
            if base in interior:
                interior[op.result] = interior[base]
            elif is_gc_ptr(base.concretetype):
                index = op.args[1] if name == "getarraysubstruct" else None
                interior[op.result] = (base, index)
        elif name in ("same_as", "cast_pointer") and op.args[0] in interior:
            interior[op.result] = interior[op.args[0]]

    def compute_interior_inputs(self):
        """Interior pointers passed to other blocks: block -> {inputarg:
        (GC object inputarg, index inputarg/constant/None)}.  A link must
        pass the GC object along too (it keeps the object alive); an index
        that is not passed becomes None (barrier on the whole object)."""
        result = {}
        for _ in range(10):
            changed = False
            incoming = {}
            for block in self.graph.iterblocks():
                interior = dict(result.get(block, {}))
                for op in block.operations:
                    self.track_interior(op, interior)
                for link in block.exits:
                    if link.target.operations == ():
                        continue
                    mapping = {}
                    for arg, targ in zip(link.args, link.target.inputargs):
                        if arg not in interior:
                            continue
                        base, index = interior[arg]
                        tbase = None
                        tindex = index if isinstance(index, Constant) else None
                        for a2, t2 in zip(link.args, link.target.inputargs):
                            if a2 is base:
                                tbase = t2
                            if isinstance(index, Variable) and a2 is index:
                                tindex = t2
                        if tbase is not None:
                            mapping[targ] = (tbase, tindex)
                    incoming.setdefault(link.target, []).append(mapping)
            for block, maps in incoming.items():
                if block is self.graph.startblock:
                    continue
                merged = {}
                for v, info in maps[0].items():
                    if all(m.get(v) == info for m in maps[1:]):
                        merged[v] = info
                if merged != result.get(block, {}):
                    result[block] = merged
                    changed = True
            if not changed:
                break
        return result

    def write_barrier(self, obj, value, index=None):
        if not self.gcpolicy.needs_write_barrier:
            return []
        if not is_gc_ptr(value.concretetype):
            return []
        if not is_gc_ptr(obj.concretetype):
            container = getattr(self, "interior", {}).get(obj)
            if container is None:
                if isinstance(obj, Variable):
                    # an interior pointer made in another block: the GC
                    # object is unknown here
                    raise CBackendError(
                        "store of a GC pointer through an interior pointer %r "
                        "whose GC object is not known in its block (%s)"
                        % (obj, self.graph.name)
                    )
                return []
            base, base_index = container
            if base_index is not None and isinstance(base_index, Constant):
                base_index = base_index if isinstance(base_index.value, int) else None
            return self.write_barrier(base, value, base_index or index)
        if isinstance(value, Constant) and not value.value:
            return []
        if obj in getattr(self, "fresh", ()):
            return []
        if index is not None:
            return [
                "rpy_gc_write_barrier_array(%s, %s);"
                % (self.expr(obj), self.expr(index))
            ]
        return ["rpy_gc_write_barrier(%s);" % self.expr(obj)]

    # -- allocation -----------------------------------------------------

    def _flavor(self, op, pos):
        flags = op.args[pos].value if len(op.args) > pos else {}
        if isinstance(flags, dict):
            return flags.get("flavor", "gc")
        return "gc"

    def OP_MALLOC(self, op):
        T = op.args[0].value
        node = self.db.getdefnode(T)
        ctype = cdecl(self.ctype_of(op.result), "")
        if self._flavor(op, 1) != "gc":
            return [
                "%s = (%s)calloc(1, sizeof(struct %s));"
                % (self.result(op), ctype, node.name),
                "if (!%s) rpy_raise_simple(RPY_EXC_MEMORY);" % self.result(op),
            ]
        tid = self.db.gettid(T)
        if self.stm and T in self.db.stm_finalizer_types():
            return self.assign(
                op,
                "(%s)rpy_stm_malloc_with_finalizer(%d, sizeof(struct %s))"
                % (ctype, self.gcpolicy.tid(tid), node.name),
            )
        if self.stm and _is_weakref_type(T):
            return self.assign(
                op,
                "(%s)rpy_stm_malloc_weakref(%d, sizeof(struct %s))"
                % (ctype, self.gcpolicy.tid(tid), node.name),
            )
        return self.assign(
            op, self.gcpolicy.malloc_fixed(tid, "sizeof(struct %s)" % node.name, ctype)
        )

    def _varsize_parts(self, T):
        """(size-of-fixed-part expr, item size expr, length field lvalue-suffix)."""
        node = self.db.getdefnode(T)
        if isinstance(T, lltype.Array):
            itemsize = (
                "sizeof(%s)" % cdecl(self.db.gettype(T.OF), "")
                if T.OF is not lltype.Void
                else "0"
            )
            lengthfield = (
                "offsetof(struct %s, length)" % node.name if node.has_length else "-1"
            )
            if T.OF is lltype.Void:
                return "sizeof(struct %s)" % node.name, itemsize, lengthfield
            return "offsetof(struct %s, items)" % node.name, itemsize, lengthfield
        arrayfld = T._arrayfld
        A = T._flds[arrayfld]
        anode = self.db.getdefnode(A)
        cf = node.c_field(arrayfld)
        itemsize = (
            "sizeof(%s)" % cdecl(self.db.gettype(A.OF), "")
            if A.OF is not lltype.Void
            else "0"
        )
        lengthfield = (
            "offsetof(struct %s, %s.length)" % (node.name, cf)
            if anode.has_length
            else "-1"
        )
        if A.OF is lltype.Void:
            return "sizeof(struct %s)" % node.name, itemsize, lengthfield
        return "offsetof(struct %s, %s.items)" % (node.name, cf), itemsize, lengthfield

    def OP_MALLOC_VARSIZE(self, op):
        T = op.args[0].value
        length = self.expr(op.args[-1])
        ctype = cdecl(self.ctype_of(op.result), "")
        fixed, itemsize, lengthfield = self._varsize_parts(T)
        size = "(%s + %s * (%s))" % (fixed, itemsize, length)
        r = self.result(op)
        if self._flavor(op, 1) != "gc":
            lines = [
                "%s = (%s)calloc(1, %s);" % (r, ctype, size),
                "if (!%s) rpy_raise_simple(RPY_EXC_MEMORY);" % r,
            ]
            if lengthfield != "-1":
                lines.append(
                    "else *(long *)((char *)%s + %s) = %s;" % (r, lengthfield, length)
                )
            return lines
        tid = self.db.gettid(T)
        if self.stm:
            return self.assign(
                op,
                self.gcpolicy.malloc_varsize_parts(
                    tid, fixed, itemsize, length, lengthfield, ctype
                ),
            )
        return self.assign(
            op, self.gcpolicy.malloc_varsize(tid, length, size, lengthfield, ctype)
        )

    def OP_FREE(self, op):
        return "free(%s);" % self.expr(op.args[0])

    def OP_RAW_FREE(self, op):
        return "free(%s);" % self.expr(op.args[0])

    def OP_GC_IDENTITYHASH(self, op):
        return self.assign(op, self.gcpolicy.identityhash(self.expr(op.args[0])))

    def OP_GC_ID(self, op):
        return self.assign(op, self.gcpolicy.gc_id(self.expr(op.args[0])))

    def OP_GC__COLLECT(self, op):
        gen = self.expr(op.args[0]) if op.args else "1"
        return self.gcpolicy.collect(gen)

    # -- calls ----------------------------------------------------------

    def OP_DIRECT_CALL(self, op):
        fn = self.expr(op.args[0])
        args = [a for a in op.args[1:] if not is_void(a)]
        obj = (
            getattr(op.args[0].value, "_obj", None)
            if isinstance(op.args[0], Constant)
            else None
        )
        if getattr(obj, "external", None) == "C":
            # a C library function has its own prototype: pass pointers as
            # void * and cast the result to the low-level type
            texts = [
                "(void *)(uintptr_t)%s" % self.expr(a)
                if self.stm and isinstance(a.concretetype, lltype.Ptr)
                else "(void *)%s" % self.expr(a)
                if isinstance(a.concretetype, lltype.Ptr)
                else self.expr(a)
                for a in args
            ]
            call = "%s(%s)" % (fn, ", ".join(texts))
            if not is_void(op.result):
                call = self.cast(op.result.concretetype, call)
            return self.assign(op, call)
        return self.assign(op, "%s(%s)" % (fn, ", ".join(self.expr(a) for a in args)))

    def OP_INDIRECT_CALL(self, op):
        fn = self.expr(op.args[0])
        args = [self.expr(a) for a in op.args[1:-1] if not is_void(a)]
        return self.assign(op, "%s(%s)" % (fn, ", ".join(args)))

    def OP_DIRECT_FIELDPTR(self, op):
        return self.OP_GETSUBSTRUCT(op)

    def OP_DIRECT_ARRAYITEMS(self, op):
        return self.assign(op, "&%s->items[0]" % self.expr(op.args[0]))

    def _same_as_first(self, op):
        if is_void(op.result):
            return []
        return self.assign(op, self.cast(op.result.concretetype, self.expr(op.args[0])))

    OP_LIKELY = _same_as_first
    OP_UNLIKELY = _same_as_first
    OP_JIT_FORCE_VIRTUAL = _same_as_first

    def _typed_load(self, op, addr):
        if is_void(op.result):
            return []
        return self.assign(
            op, "*(%s *)(%s)" % (cdecl(self.ctype_of(op.result), ""), addr)
        )

    def OP_RAW_LOAD(self, op):
        base, ofs = op.args[0], op.args[1]
        return self._typed_load(
            op, "(char *)%s + %s" % (self.expr(base), self.expr(ofs))
        )

    def OP_RAW_STORE(self, op):
        base, ofs, value = op.args[0], op.args[1], op.args[2]
        T = cdecl(self.db.gettype(value.concretetype), "")
        return "*(%s *)((char *)%s + %s) = %s;" % (
            T,
            self.expr(base),
            self.expr(ofs),
            self.expr(value),
        )

    def OP_GC_LOAD_INDEXED(self, op):
        base, index, scale, ofs = op.args[:4]
        if self.stm:
            # a GC object: read through %gs
            if is_void(op.result):
                return []
            addr = "(uintptr_t)%s + %s * %s + %s" % tuple(
                self.expr(a) for a in (base, index, scale, ofs)
            )
            T = cdecl(self.ctype_of(op.result), "")
            return self.assign(op, "*(STM_SEG %s *)(%s)" % (T, addr))
        addr = "(char *)%s + %s * %s + %s" % tuple(
            self.expr(a) for a in (base, index, scale, ofs)
        )
        return self._typed_load(op, addr)

    def OP_GC_STORE_INDEXED(self, op):
        base, index, value, scale, ofs = op.args[:5]
        T = cdecl(self.db.gettype(value.concretetype), "")
        if self.stm:
            addr = "(uintptr_t)%s + %s * %s + %s" % tuple(
                self.expr(a) for a in (base, index, scale, ofs)
            )
            return "*(STM_SEG %s *)(%s) = %s;" % (T, addr, self.expr(value))
        addr = "(char *)%s + %s * %s + %s" % tuple(
            self.expr(a) for a in (base, index, scale, ofs)
        )
        return "*(%s *)(%s) = %s;" % (T, addr, self.expr(value))

    def OP_GC_WRITEBARRIER_BEFORE_COPY(self, op):
        lines = []
        if self.gcpolicy.needs_write_barrier:
            lines.append("rpy_gc_write_barrier(%s);" % self.expr(op.args[1]))
        if not is_void(op.result):
            lines.append("%s = 1;" % self.result(op))
        return lines

    def OP_GC_ADR_OF_NURSERY_FREE(self, op):
        return self.assign(op, "(void *)&rpy_nursery_free")

    def OP_GC_ADR_OF_NURSERY_TOP(self, op):
        return self.assign(op, "(void *)&rpy_nursery_top")

    def OP_GC_ADR_OF_ROOT_STACK_TOP(self, op):
        return self.assign(op, "(void *)&rpy_shadowstack_top")

    def OP_GC_ADR_OF_ROOT_STACK_BASE(self, op):
        return self.assign(op, "(void *)&rpy_shadowstack_base")

    def OP_THREADLOCALREF_ADDR(self, op):
        return self.assign(op, "(void *)rpy_threadlocal_block")

    def OP_THREADLOCALREF_GET(self, op):
        return self._typed_load(
            op, "rpy_threadlocal_block + %s" % self.expr(op.args[0])
        )

    def OP_THREADLOCALREF_STORE(self, op):
        ofs, value = op.args[0], op.args[1]
        T = cdecl(self.db.gettype(value.concretetype), "")
        return "*(%s *)(rpy_threadlocal_block + %s) = %s;" % (
            T,
            self.expr(ofs),
            self.expr(value),
        )

    def OP_STM_ID(self, op):
        return self.OP_GC_ID(op)

    def OP_STM_IDENTITYHASH(self, op):
        return self.OP_GC_IDENTITYHASH(op)

    def OP_STM_CAN_MOVE(self, op):
        return self.assign(op, "1" if self.gcpolicy.moving else "0")

    # --stm versions of operations that are macros in misc.h otherwise
    # (gen_op calls STM_<NAME> instead of the macro)

    def STM_STM_BECOME_INEVITABLE(self, op):
        reason = "become_inevitable"
        if op.args and isinstance(op.args[0], Constant):
            reason = str(op.args[0].value)
        # the runtime's version is a no-op outside a transaction (between
        # stm_leave_transactional_zone and the next enter)
        return 'pypy_stm_become_inevitable("%s");' % c_escape(reason)

    def OP_STM_ALLOCATE_PREEXISTING(self, op):
        return 'rpy_fatalerror("stm_allocate_preexisting needs --stm");'

    def OP_JIT_CONDITIONAL_CALL(self, op):
        cond, fn = op.args[0], op.args[1]
        args = [self.expr(a) for a in op.args[2:] if not is_void(a)]
        return "if (%s) %s(%s);" % (self.expr(cond), self.expr(fn), ", ".join(args))

    def OP_JIT_CONDITIONAL_CALL_VALUE(self, op):
        value, fn = op.args[0], op.args[1]
        args = [self.expr(a) for a in op.args[2:] if not is_void(a)]
        r = self.result(op)
        return [
            "%s = %s;" % (r, self.expr(value)),
            "if (!%s) %s = %s(%s);" % (r, r, self.expr(fn), ", ".join(args)),
        ]

    # -- debugging ------------------------------------------------------

    def OP_DEBUG_ASSERT(self, op):
        msg = op.args[1].value if len(op.args) > 1 else "assertion"
        return 'RPyAssert(%s, "%s");' % (self.expr(op.args[0]), c_escape(str(msg)))

    def OP_DEBUG_PRINT(self, op):
        parts = []
        args = []
        for a in op.args:
            T = a.concretetype
            if T is lltype.Void and isinstance(a, Constant):
                parts.append(c_escape(str(a.value)).replace("%", "%%"))
            elif T in (lltype.Signed, lltype.Bool):
                parts.append("%ld")
                args.append("(long)" + self.expr(a))
            elif T is lltype.Unsigned:
                parts.append("%lu")
                args.append("(unsigned long)" + self.expr(a))
            elif T is lltype.Float:
                parts.append("%.17g")
                args.append(self.expr(a))
            elif T is lltype.Char:
                parts.append("%c")
                args.append(self.expr(a))
            elif self._is_char_string(T):
                # an rstr: print its characters (up to 0xFF each)
                node = self.db.getdefnode(T.TO)
                chars = "%s->%s" % (self.expr(a), node.c_field(T.TO._arrayfld))
                parts.append("%s")
                args.append(
                    "rpy_debug_str(%s ? (const void *)%s.items : NULL, %s ? %s.length : 0, %d)"
                    % (self.expr(a), chars, self.expr(a), chars, self._char_size(T))
                )
            else:
                parts.append("%p")
                args.append("(void *)(uintptr_t)" + self.expr(a))
        fmt = " ".join(parts) + "\\n"
        return 'fprintf(stderr, "%s"%s);' % (fmt, "".join(", " + x for x in args))

    def _is_char_string(self, T):
        if not isinstance(T, lltype.Ptr) or not isinstance(T.TO, lltype.Struct):
            return False
        fld = getattr(T.TO, "_arrayfld", None)
        if fld is None:
            return False
        A = T.TO._flds[fld]
        return A.OF in (lltype.Char, lltype.UniChar) and not A._hints.get("nolength")

    def _char_size(self, T):
        return 1 if T.TO._flds[T.TO._arrayfld].OF is lltype.Char else 4

    def OP_DEBUG_FATALERROR(self, op):
        a = op.args[0]
        if isinstance(a, Constant) and a.concretetype is lltype.Void:
            return 'rpy_fatalerror("%s");' % c_escape(str(a.value))
        return 'rpy_fatalerror("fatal error");'

    def OP_DEBUG_LLINTERPCALL(self, op):
        return 'rpy_fatalerror("debug_llinterpcall in translated code");'


def _is_weakref_type(T):
    """The rtyper's weakref object (rtyper/rweakref.py): --stm allocates
    it with stm_allocate_weakref."""
    from rpython.rtyper import rweakref

    return T is getattr(rweakref, "WEAKREF", None)


def c_escape(text):
    out = []
    for c in text:
        n = ord(c)
        if c in '"\\':
            out.append("\\" + c)
        elif 32 <= n < 127:
            out.append(c)
        else:
            out.append("\\%03o" % (n & 0xFF))
    return "".join(out)
