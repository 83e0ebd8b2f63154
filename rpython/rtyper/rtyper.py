"""The RTyper: turns annotated graphs into graphs of low-level operations.

For every Variable the annotator's annotation selects a Repr (rmodel.py);
its `lowleveltype` becomes the Variable's `concretetype`.  Every high-level
operation is handed to the Repr(s) of its arguments as a HighLevelOp
("hop"), which emits low-level operations into a LowLevelOpList: directly
(`hop.genop("int_add", ...)`) or as calls to low-level helpers written in
RPython on lltype pointers (`hop.gendirectcall(ll_strconcat, v1, v2)`), which
are annotated and rtyped in turn.  Values crossing a Link whose source and
target reprs differ are converted on the link.

Block by block: inputargs get their concretetypes; each operation is
translated; if the block catches exceptions, the low-level operation that can
raise must be the last one (others are moved to the normal exit); then the
links are converted.  Helper graphs created meanwhile are processed by the
same loop until nothing new appears.
"""

from rpython.annotator import model as annmodel
from rpython.annotator.pairtype import pair
from rpython.flowspace.model import (
    Block,
    Constant,
    Link,
    SpaceOperation,
    Variable,
    c_last_exception,
)
from rpython.rtyper.error import TyperError
from rpython.rtyper.lltypesystem import lltype
from rpython.rtyper.lltypesystem.lltype import Bool, Ptr, Void
from rpython.rtyper.rmodel import HalfConcreteWrapper, Repr, inputconst

BINARY_OPS = {}
for _name in (
    "add sub mul truediv floordiv mod divmod pow lshift rshift and_ or_ xor "
    "lt le eq ne gt ge is_ getitem getitem_idx setitem delitem contains "
    "add_ovf sub_ovf mul_ovf floordiv_ovf mod_ovf lshift_ovf "
    "inplace_add inplace_sub inplace_mul inplace_truediv inplace_floordiv "
    "inplace_mod inplace_lshift inplace_rshift inplace_and inplace_or "
    "inplace_xor"
).split():
    BINARY_OPS[_name] = True


_NO_DEFAULT = object()


class RPythonTyper:
    def __init__(self, annotator):
        self.annotator = annotator
        self.translator = annotator.translator
        self.reprs = {}
        self._reprs_must_call_setup = []
        self._seen_reprs_must_call_setup = {}
        self.already_seen = {}
        self.concrete_calltables = {}
        self.class_reprs = {}
        self.instance_reprs = {}
        self.classdef_to_pytypeobject = {}
        self.graph2callable = {}
        self.helper_graphs = {}
        self.typererrors = []
        self.typererror_count = 0
        self.crash_on_first_typeerror = True
        self._exceptiondata = None
        self.exceptiondata = None
        self.custom_trace_funcs = []
        self.cache_dummy_values = {}
        self.lowlevel_ann_policy = None
        from rpython.rtyper.rclass import ExceptionData

        self.exceptiondata = ExceptionData(self)

    # reprs ------------------------------------------------------------------

    def getrepr(self, s_obj):
        key = s_obj.rtyper_makekey()
        try:
            result = self.reprs[key]
        except KeyError:
            self.reprs[key] = None
            result = s_obj.rtyper_makerepr(self)
            if not isinstance(result, Repr):
                raise TyperError("rtyper_makerepr() of %r gave %r" % (s_obj, result))
            self.reprs[key] = result
            self.add_pendingsetup(result)
        if result is None:
            raise TyperError("recursive getrepr() of %r" % (s_obj,))
        return result

    def add_pendingsetup(self, repr):
        if repr in self._seen_reprs_must_call_setup:
            return
        self._reprs_must_call_setup.append(repr)
        self._seen_reprs_must_call_setup[repr] = True

    def call_all_setups(self):
        # setting up a repr may create new reprs: loop until done
        must_setup_more = []
        delayed = []
        while self._reprs_must_call_setup:
            r = self._reprs_must_call_setup.pop()
            if r.is_setup_delayed():
                delayed.append(r)
            else:
                r.setup()
                must_setup_more.append(r)
        for r in must_setup_more:
            r.setup_final()
        self._reprs_must_call_setup.extend(delayed)

    def binding(self, var, default=None):
        if default is None:
            default = _NO_DEFAULT
        s = getattr(var, "annotation", None)
        if s is None:
            binding = getattr(self.annotator, "binding", None)
            if binding is not None:
                try:
                    s = binding(var)
                except KeyError:
                    s = None
        if s is None:
            if isinstance(var, Constant):
                return self.annotator.bookkeeper.immutablevalue(var.value)
            if default is _NO_DEFAULT:
                # a variable of an annotated graph that no value ever reaches
                return annmodel.s_ImpossibleValue
            return default
        return s

    def bindingrepr(self, var):
        return self.getrepr(self.binding(var))

    def setconcretetype(self, v):
        assert isinstance(v, Variable)
        v.concretetype = self.bindingrepr(v).lowleveltype

    # the main loop ------------------------------------------------------------

    def annotated_graphs(self):
        return list(self.translator.graphs)

    def specialize(self, dont_simplify_again=False):
        """Main entry point: rtype every annotated graph."""
        self.exceptiondata.make_helpers()
        self.specialize_more_blocks()
        self.exceptiondata.finish()
        self.specialize_more_blocks()

    def specialize_more_blocks(self):
        while True:
            self.call_all_setups()
            pending = []
            for graph in self.annotated_graphs():
                for block in graph.iterblocks():
                    if block not in self.already_seen:
                        pending.append((graph, block))
            if not pending:
                break
            for graph, block in pending:
                if block in self.already_seen:
                    continue
                try:
                    self.specialize_block(graph, block)
                except TyperError as e:
                    if e.where is None:
                        e.where = self._where(graph, _first_op(block))
                    raise
                self.already_seen[block] = True
        self.call_all_setups()
        for graph in self.annotated_graphs():
            self._fix_graph_types(graph)
        from rpython.rtyper.rclass import refresh_subclass_ids

        if refresh_subclass_ids(self):
            # a method table needs graphs that were just annotated
            self.specialize_more_blocks()

    def _fix_graph_types(self, graph):
        for v in graph.getargs() + [graph.getreturnvar()]:
            if not hasattr(v, "concretetype"):
                self.setconcretetype(v)
        for v in graph.exceptblock.inputargs:
            if not hasattr(v, "concretetype"):
                v.concretetype = Void

    def _where(self, graph, op=None):
        func = getattr(graph, "func", None)
        where = graph.name
        if func is not None:
            code = getattr(func, "__code__", None)
            if code is not None:
                line = code.co_firstlineno
                offset = getattr(op, "offset", -1) if op is not None else -1
                if offset is not None and offset >= 0:
                    line = offset
                where = "%s:%d (in %s)" % (code.co_filename, line, graph.name)
        if op is not None:
            where += ": %r" % (op,)
        return where

    def _prune_dead_links(self, graph, block):
        """Drop the exits the annotator never followed (dead branches)."""
        followed = getattr(self.annotator, "links_followed", None)
        if followed is None or not block.exits:
            return
        alive = [link for link in block.exits if link in followed]
        if len(alive) == len(block.exits):
            return
        if not alive:
            # the block never completes: a call in it always raises (e.g.
            # `return self.fail()`).  Its exits carry values the annotator
            # never saw; replace them by one harmless link to the return block
            block.exitswitch = None
            block.recloseblock(self._dead_return_link(graph))
            return
        if block.canraise:
            if alive[0] is not block.exits[0]:
                # the operation always raises: its normal exit is dead code;
                # keep a harmless one (to the return block) for the backend
                alive.insert(0, self._dead_return_link(graph))
            if len(alive) == 1:
                block.exitswitch = None
        elif isinstance(block.exitswitch, Variable) and len(alive) == 1:
            block.exitswitch = None
            alive[0].exitcase = None
        block.recloseblock(*alive)

    def _dead_return_link(self, graph):
        r_ret = self.bindingrepr(graph.getreturnvar())
        T = r_ret.lowleveltype
        c_ret = inputconst(T, T._defl() if T is not Void else None)
        return Link([c_ret], graph.returnblock)

    def _block_is_annotated(self, graph, block):
        annotated = getattr(self.annotator, "annotated", None)
        if annotated is None or block in (graph.returnblock, graph.exceptblock):
            return True
        if getattr(graph, "_is_lowlevel_adapter", False):
            return True
        return bool(annotated.get(block))

    def specialize_block(self, graph, block):
        self.current_graph = graph
        if not self._block_is_annotated(graph, block):
            return
        if block is not graph.exceptblock and block is not graph.returnblock:
            self._prune_dead_links(graph, block)
        if block is graph.exceptblock:
            self._specialize_exceptblock(block)
            return
        for v in block.inputargs:
            self.setconcretetype(v)
        if block.operations == () or (block is graph.returnblock):
            return
        newops = LowLevelOpList(self, block)
        ops = block.operations
        for i, op in enumerate(ops):
            is_last = i == len(ops) - 1
            exclinks = block.exits[1:] if (block.canraise and is_last) else []
            hop = HighLevelOp(self, op, exclinks, newops)
            # the annotator's position, for specialize:call_location
            bookkeeper = self.annotator.bookkeeper
            saved_position = bookkeeper.position_key
            bookkeeper.position_key = (graph, block, i)
            try:
                if is_last and block.canraise:
                    newops.llop_raising_exceptions = None
                    newops.catching = True
                self.translate_hl_to_ll(hop)
            except TyperError as e:
                if e.where is None:
                    e.where = self._where(graph, op)
                raise
            finally:
                bookkeeper.position_key = saved_position
        block.operations[:] = newops
        if block.canraise:
            self._fix_raising_block(block, newops)
        self.insert_link_conversions(graph, block)

    def _specialize_exceptblock(self, block):
        etype, evalue = block.inputargs
        etype.concretetype = self.exceptiondata.lltype_of_exception_type
        evalue.concretetype = self.exceptiondata.lltype_of_exception_value

    def _fix_raising_block(self, block, newops):
        where = newops.llop_raising_exceptions
        if where == "removed" or where is None and not newops:
            # nothing can raise after all: drop the exception exits
            block.exitswitch = None
            block.recloseblock(block.exits[0])
            return
        if where is None:
            # by default the last low-level operation is the one that raises
            where = len(newops) - 1
        if where < len(newops) - 1:
            # move the operations following the raising one to the normal link
            extra = list(block.operations[where + 1 :])
            del block.operations[where + 1 :]
            newblock = self._insert_ops_on_link(block.exits[0], extra, block)
            self.insert_link_conversions(self.current_graph, newblock)

    def _insert_ops_on_link(self, link, ops, prevblock):
        """Put `ops` in a new block on `link`, passing live variables."""
        defined = {}
        for op in ops:
            defined[op.result] = True
        needed = []
        seen = {}

        def need(v):
            if isinstance(v, Variable) and v not in defined and v not in seen:
                seen[v] = True
                needed.append(v)

        for op in ops:
            for a in op.args:
                need(a)
        for a in link.args:
            need(a)
        mapping = {}
        newinputs = []
        for v in needed:
            w = Variable(v)
            w.concretetype = v.concretetype
            w.annotation = getattr(v, "annotation", None)
            mapping[v] = w
            newinputs.append(w)
        newblock = Block(newinputs)
        for op in ops:
            newblock.operations.append(
                SpaceOperation(
                    op.opname, [mapping.get(a, a) for a in op.args], op.result
                )
            )
        newlink = Link([mapping.get(a, a) for a in link.args], link.target)
        newblock.closeblock(newlink)
        link.args = list(needed)
        link.target = newblock
        self.already_seen[newblock] = True
        return newblock

    def insert_link_conversions(self, graph, block):
        can_insert_here = block.exitswitch is None and len(block.exits) == 1
        for link in list(block.exits):
            if (
                block.exitswitch is not None
                and block.exitswitch is not c_last_exception
            ):
                self._set_llexitcase(block, link)
            if (
                link.exitcase is not None
                and block.canraise
                and link is not block.exits[0]
            ):
                if isinstance(link.exitcase, type):
                    link.llexitcase = self.exceptiondata.get_ll_vtable_of_class(
                        link.exitcase
                    )
                for attr, T in (
                    ("last_exception", self.exceptiondata.lltype_of_exception_type),
                    ("last_exc_value", self.exceptiondata.lltype_of_exception_value),
                ):
                    v = getattr(link, attr)
                    if isinstance(v, Variable):
                        v.concretetype = T
            newops = LowLevelOpList(self, block)
            target = link.target
            for i, a in enumerate(link.args):
                v_target = target.inputargs[i]
                if target is graph.exceptblock:
                    r_target = (
                        self.exceptiondata.r_exception_type
                        if i == 0
                        else self.exceptiondata.r_exception_value
                    )
                elif getattr(v_target, "annotation", None) is None and hasattr(
                    v_target, "concretetype"
                ):
                    # a block made by the rtyper itself: already low-level
                    if isinstance(a, Constant) and not hasattr(a, "concretetype"):
                        link.args[i] = inputconst(v_target.concretetype, a.value)
                    continue
                else:
                    r_target = self.bindingrepr(v_target)
                if isinstance(a, Constant):
                    link.args[i] = self.typedconstant(a, r_target, link, i)
                    continue
                if a is link.last_exception:
                    r_a = None
                    T = self.exceptiondata.lltype_of_exception_type
                elif a is link.last_exc_value:
                    r_a = self.exceptiondata.r_exception_value
                    T = self.exceptiondata.lltype_of_exception_value
                else:
                    r_a = self.bindingrepr(a)
                    T = r_a.lowleveltype
                if r_a is None:
                    if T != r_target.lowleveltype and r_target.lowleveltype is not Void:
                        raise TyperError(
                            "exception type flowing into %r" % (r_target,),
                            self._where(graph),
                        )
                    continue
                if (
                    r_a is r_target
                    or r_a.lowleveltype == r_target.lowleveltype
                    and (r_a == r_target or _same_reprs(r_a, r_target))
                ):
                    continue
                link.args[i] = newops.convertvar(a, r_a, r_target)
            if newops:
                if can_insert_here:
                    block.operations.extend(newops)
                else:
                    self._insert_ops_on_link(link, list(newops), block)

    def typedconstant(self, c, r_target, link=None, i=None):
        if hasattr(c, "concretetype") and c.concretetype == r_target.lowleveltype:
            return c
        try:
            return inputconst(r_target, c.value)
        except TyperError as e:
            raise TyperError(
                "constant %r on a link into %r: %s" % (c.value, r_target, e.msg)
            )

    def _set_llexitcase(self, block, link):
        if link.exitcase == "default" or link.exitcase is None:
            return
        r_switch = self.bindingrepr(block.exitswitch)
        if r_switch.lowleveltype is Bool:
            link.llexitcase = bool(link.exitcase)
        else:
            link.llexitcase = r_switch.convert_const(link.exitcase)

    def translate_hl_to_ll(self, hop):
        resultvar = hop.dispatch()
        op = hop.spaceop
        if hop.exceptionlinks and hop.llops.llop_raising_exceptions is None:
            # the implementation did not say: assume the last op raises if it
            # is a call or an operation that can raise
            hop.llops.llop_raising_exceptions = _guess_raising(hop.llops)
        result_T = hop.r_result.lowleveltype
        if resultvar is None:
            if result_T is not Void:
                raise TyperError(
                    "the rtyper of %r returned no result, expected %s"
                    % (op.opname, result_T)
                )
            op.result.concretetype = Void
            return
        if isinstance(resultvar, HalfConcreteWrapper):
            resultvar = resultvar.concretize()
        resulttype = resultvar.concretetype
        if resulttype != result_T:
            raise TyperError(
                "inconsistent type for the result of %r:\n"
                "annotator says %s,\n"
                "whose repr is %r\n"
                "but rtype_%s returned %r"
                % (op.opname, hop.s_result, hop.r_result, op.opname, resulttype)
            )
        op.result.concretetype = result_T
        llops = hop.llops
        if (
            isinstance(resultvar, Variable)
            and llops
            and llops[-1].result is resultvar
            and (resultvar not in hop.args_v)
        ):
            llops[-1].result = op.result
        else:
            llops.append(SpaceOperation("same_as", [resultvar], op.result))

    # special high-level operations not dispatched on a repr -----------------

    def translate_op_newlist(self, hop):
        from rpython.rtyper.rlist import rtype_newlist

        return rtype_newlist(hop)

    def translate_op_newtuple(self, hop):
        from rpython.rtyper.rtuple import rtype_newtuple

        return rtype_newtuple(hop)

    def translate_op_newdict(self, hop):
        from rpython.rtyper.rdict import rtype_newdict

        return rtype_newdict(hop)

    def translate_op_buildstr(self, hop):
        from rpython.rtyper.rstr import rtype_buildstr

        return rtype_buildstr(hop)

    def translate_op_newslice(self, hop):
        from rpython.rtyper.rslice import rtype_newslice

        return rtype_newslice(hop)

    def translate_op_hint(self, hop):
        return hop.inputarg(hop.r_result, arg=0)

    def translate_op_keepalive(self, hop):
        hop.exception_cannot_occur()
        return None

    # helpers ----------------------------------------------------------------

    def annotate_helper(self, ll_function, args_s):
        """Annotate a low-level helper for these argument annotations and
        return its graph (specialized by argument types)."""
        from rpython.rtyper.annlowlevel import annotate_lowlevel_helper

        return annotate_lowlevel_helper(self.annotator, ll_function, args_s)

    def getcallable(self, graph):
        """A function pointer to the (rtyped or to-be-rtyped) graph."""
        try:
            return self.graph2callable[graph]
        except KeyError:
            pass
        FT = self.functype_of_graph(graph)
        name = graph.name
        func = getattr(graph, "func", None)
        fptr = lltype.functionptr(FT, name, graph=graph, _callable=func)
        self.graph2callable[graph] = fptr
        return fptr

    def functype_of_graph(self, graph):
        allvars = graph.getargs() + [graph.getreturnvar()]
        if getattr(graph, "_is_lowlevel_adapter", False) or all(
            getattr(v, "annotation", None) is None and hasattr(v, "concretetype")
            for v in allvars
        ):
            args = [v.concretetype for v in graph.getargs()]
            return lltype.FuncType(args, graph.getreturnvar().concretetype)
        args = [self.bindingrepr(v).lowleveltype for v in graph.getargs()]
        result = self.bindingrepr(graph.getreturnvar()).lowleveltype
        return lltype.FuncType(args, result)

    def getexceptiondata(self):
        return self.exceptiondata

    def generic_is(self, robj1, robj2, hop):
        roriginal1 = robj1
        roriginal2 = robj2
        if robj1.lowleveltype is Void:
            robj1 = robj2
        elif robj2.lowleveltype is Void:
            robj2 = robj1
        if not isinstance(robj1.lowleveltype, Ptr) or not isinstance(
            robj2.lowleveltype, Ptr
        ):
            raise TyperError(
                "is of instances of the non-pointers: %r, %r" % (roriginal1, roriginal2)
            )
        if robj1.lowleveltype != robj2.lowleveltype:
            raise TyperError(
                "is of instances of different pointer types: %r, %r"
                % (roriginal1, roriginal2)
            )
        v_list = hop.inputargs(robj1, robj2)
        return hop.genop("ptr_eq", v_list, resulttype=Bool)


def _first_op(block):
    if block.operations:
        return block.operations[0]
    return None


def _same_reprs(r1, r2):
    return (
        r1.__class__ is r2.__class__
        and r1.lowleveltype == r2.lowleveltype
        and (
            getattr(r1, "_same_as_key", None) is not None
            and r1._same_as_key() == r2._same_as_key()
        )
    )


def _guess_raising(llops):
    from rpython.rtyper.lltypesystem.lloperation import LL_OPERATIONS

    for i in range(len(llops) - 1, -1, -1):
        op = llops[i]
        desc = LL_OPERATIONS.get(op.opname)
        if desc is not None and desc.canraise:
            return i
    return "removed"


class HighLevelOp:
    """One high-level operation being translated; passed to rtype_* methods."""

    forced_opname = None

    def __init__(self, rtyper, spaceop, exceptionlinks, llops):
        self.rtyper = rtyper
        self.spaceop = spaceop
        self.exceptionlinks = exceptionlinks
        self.llops = llops
        self.args_v = list(spaceop.args)
        self.args_s = [rtyper.binding(a) for a in spaceop.args]
        self.s_result = rtyper.binding(spaceop.result)
        self.args_r = [rtyper.getrepr(s_a) for s_a in self.args_s]
        self.r_result = rtyper.getrepr(self.s_result)
        rtyper.call_all_setups()

    @property
    def nb_args(self):
        return len(self.args_v)

    def copy(self):
        result = HighLevelOp.__new__(HighLevelOp)
        for key, value in self.__dict__.items():
            if type(value) is list:
                value = list(value)
            setattr(result, key, value)
        return result

    def dispatch(self):
        rtyper = self.rtyper
        opname = self.forced_opname or self.spaceop.opname
        translate_meth = getattr(rtyper, "translate_op_" + opname, None)
        if translate_meth is not None:
            return translate_meth(self)
        if opname in BINARY_OPS and self.nb_args >= 2:
            r0, r1 = self.args_r[0], self.args_r[1]
            meth = getattr(pair(r0, r1), "rtype_" + opname, None)
            if meth is None and opname.startswith("inplace_"):
                # x += y on immutable values is x = x + y
                meth = getattr(pair(r0, r1), "rtype_" + opname[8:], None)
            if meth is None:
                raise TyperError(
                    "unsupported operation %s between %s and %s"
                    % (opname, self.args_s[0].describe(), self.args_s[1].describe())
                )
            return meth(self)
        if not self.args_r:
            raise TyperError("operation %s without arguments" % (opname,))
        r0 = self.args_r[0]
        meth = getattr(r0, "rtype_" + opname, None)
        if meth is None:
            raise TyperError(
                "unsupported operation %s on %s" % (opname, self.args_s[0].describe())
            )
        return meth(self)

    def dispatch_unary(self, opname):
        hop2 = self.copy()
        hop2.forced_opname = opname
        hop2.r_result = (
            self.rtyper.getrepr(annmodel.s_Bool)
            if opname == "bool"
            else (self.r_result)
        )
        hop2.s_result = annmodel.s_Bool if opname == "bool" else self.s_result
        return hop2.dispatch()

    def inputarg(self, converted_to, arg):
        """The arg'th argument converted to a repr or low-level type."""
        v = self.args_v[arg]
        if isinstance(v, Constant):
            return inputconst(converted_to, v.value)
        s_binding = self.args_s[arg]
        if (
            s_binding.is_constant()
            and isinstance(s_binding, annmodel.SomeObject)
            and (_is_simple_constant(s_binding))
        ):
            return inputconst(converted_to, s_binding.const)
        r_binding = self.args_r[arg]
        return self.llops.convertvar(v, r_binding, converted_to)

    inputconst = staticmethod(inputconst)

    def inputargs(self, *converted_to):
        if len(converted_to) != self.nb_args:
            raise TyperError(
                "operation argument count mismatch:\n"
                "'%s' has %d arguments, rtyper wants %d"
                % (self.spaceop.opname, self.nb_args, len(converted_to))
            )
        vars = []
        for i in range(len(converted_to)):
            vars.append(self.inputarg(converted_to[i], i))
        return vars

    def genop(self, opname, args_v, resulttype=None):
        return self.llops.genop(opname, args_v, resulttype)

    def gendirectcall(self, ll_function, *args_v):
        return self.llops.gendirectcall(ll_function, *args_v)

    def r_s_pop(self, index=-1):
        "Return and discard the argument with index position."
        self.args_v.pop(index)
        return self.args_r.pop(index), self.args_s.pop(index)

    def r_s_popfirstarg(self):
        "Return and discard the first argument."
        return self.r_s_pop(0)

    def v_s_insertfirstarg(self, v_newfirstarg, s_newfirstarg):
        r_newfirstarg = self.rtyper.getrepr(s_newfirstarg)
        self.args_v.insert(0, v_newfirstarg)
        self.args_r.insert(0, r_newfirstarg)
        self.args_s.insert(0, s_newfirstarg)

    def swap_fst_snd_args(self):
        self.args_v[0], self.args_v[1] = self.args_v[1], self.args_v[0]
        self.args_s[0], self.args_s[1] = self.args_s[1], self.args_s[0]
        self.args_r[0], self.args_r[1] = self.args_r[1], self.args_r[0]

    def has_implicit_exception(self, exc_cls):
        """Is the exception class caught by one of the links of this op?"""
        if self.llops.llop_raising_exceptions is not None:
            raise TyperError("already generated the llop that raises the exception")
        if not self.exceptionlinks:
            return False
        checked = self.llops.implicit_exceptions_checked
        if checked is not None:
            checked.append(exc_cls)
        for link in self.exceptionlinks:
            if isinstance(link.exitcase, type) and issubclass(exc_cls, link.exitcase):
                return True
        return False

    def exception_is_here(self):
        """The next llop generated is the one that raises."""
        if self.llops.llop_raising_exceptions is not None:
            raise TyperError("cannot catch an exception at more than one llop")
        if not self.exceptionlinks:
            return
        self.llops.llop_raising_exceptions = len(self.llops)

    def exception_cannot_occur(self):
        if self.llops.llop_raising_exceptions is not None:
            raise TyperError("cannot catch an exception at more than one llop")
        if not self.exceptionlinks:
            return
        self.llops.llop_raising_exceptions = "removed"


def _is_simple_constant(s_binding):
    # constants of immutable kinds can be rebuilt; instances/lists cannot
    return isinstance(
        s_binding,
        (
            annmodel.SomeInteger,
            annmodel.SomeFloat,
            annmodel.SomeStringOrBytes,
            annmodel.SomeNone,
            annmodel.SomePBC,
            annmodel.SomeTuple,
        ),
    )


class LowLevelOpList(list):
    """The low-level operations emitted for one block."""

    llop_raising_exceptions = None
    implicit_exceptions_checked = None
    catching = False

    def __init__(self, rtyper=None, originalblock=None):
        list.__init__(self)
        self.rtyper = rtyper
        self.originalblock = originalblock

    def getparentgraph(self):
        return None

    def hasparentgraph(self):
        return False

    def convertvar(self, orig_v, r_from, r_to):
        if isinstance(r_to, lltype.LowLevelType):
            if r_from.lowleveltype == r_to:
                return orig_v
            from rpython.rtyper.llannotation import lltype_to_annotation

            try:
                r_to = self.rtyper.getrepr(lltype_to_annotation(r_to))
            except (ValueError, TyperError):
                raise TyperError(
                    "cannot convert %r to the low-level type %s" % (r_from, r_to)
                )
        v = orig_v
        if r_to is not r_from:
            v = pair(r_from, r_to).convert_from_to(v, self)
            if v is NotImplemented:
                raise TyperError(
                    "don't know how to convert from %r to %r" % (r_from, r_to)
                )
            if v.concretetype != r_to.lowleveltype:
                raise TyperError(
                    "bug in conversion from %r to %r: returned a %r"
                    % (r_from, r_to, v.concretetype)
                )
        return v

    def genop(self, opname, args_v, resulttype=None):
        try:
            for v in args_v:
                v.concretetype
        except AttributeError:
            raise AssertionError(
                "wrong level!  you must call hop.inputargs() and pass its result"
                " to genop(), never hop.args_v directly."
            )
        vresult = Variable()
        self.append(SpaceOperation(opname, args_v, vresult))
        if resulttype is None:
            vresult.concretetype = Void
            return None
        if isinstance(resulttype, Repr):
            resulttype = resulttype.lowleveltype
        if not isinstance(resulttype, lltype.LowLevelType):
            raise TypeError("genop(): bad resulttype %r" % (resulttype,))
        vresult.concretetype = resulttype
        return vresult

    def gendirectcall(self, ll_function, *args_v):
        rtyper = self.rtyper
        args_s = []
        newargs_v = []
        for v in args_v:
            if isinstance(v, HalfConcreteWrapper):
                v = v.concretize()
            if v.concretetype is Void:
                s_value = rtyper.binding(v, default=annmodel.s_None)
                if not s_value.is_constant():
                    raise TyperError(
                        "non-constant variable of type Void passed to %r"
                        % (ll_function,)
                    )
                from rpython.rtyper.llannotation import annotation_of_constant  # noqa

                s_value = _constant_annotation(rtyper, v)
                args_s.append(s_value)
            else:
                from rpython.rtyper.llannotation import lltype_to_annotation

                args_s.append(lltype_to_annotation(v.concretetype))
            newargs_v.append(v)
        graph = rtyper.annotate_helper(ll_function, args_s)
        rtyper.helper_graphs[graph] = True
        # Void constant arguments are not passed to the specialized helper
        real_args = [v for v in newargs_v if v.concretetype is not Void]
        ARGS = (
            [v.concretetype for v in graph.getargs()]
            if all(hasattr(v, "concretetype") for v in graph.getargs())
            else None
        )
        fptr = rtyper.getcallable(graph)
        FT = lltype.typeOf(fptr).TO
        if len(FT.ARGS) != len(real_args):
            # the helper kept its Void parameters: pass them too
            real_args = newargs_v
        del ARGS
        c = inputconst(lltype.typeOf(fptr), fptr)
        return self.genop("direct_call", [c] + list(real_args), resulttype=FT.RESULT)

    def genconst(self, ll_value):
        return inputconst(lltype.typeOf(ll_value), ll_value)

    def genvoidconst(self, placeholder):
        c = inputconst(Void, placeholder)
        return c


def _constant_annotation(rtyper, v):
    if isinstance(v, Constant):
        value = v.value
    else:
        value = rtyper.binding(v).const
    bk = rtyper.annotator.bookkeeper
    return bk.immutablevalue(value)


# register the rtyper support of every family (each adds rtyper_makerepr to
# its annotations through __extend__)
def _load_families():
    from rpython.rtyper import rbool, rfloat, rint, rnone  # noqa: F401

    for name in ("rtuple", "rlist", "rstr", "rdict", "rclass", "rpbc", "rbuiltin",
                 "rrange", "rptr", "riterable", "rslice"):  # fmt: skip
        try:
            __import__("rpython.rtyper." + name)
        except ImportError as e:
            if "rpython.rtyper." + name not in str(e) and name not in str(e):
                raise


_load_families()
