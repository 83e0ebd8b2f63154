"""RPythonAnnotator: whole-program type inference over flow graphs.

Starting from the entry point's graph and argument annotations, blocks are
processed from a work list ("pending blocks").  Flowing a block computes an
annotation for each operation's result from its arguments' annotations (the
rules live in unaryop.py, binaryop.py and builtin.py), then passes the
annotations along the exits to the target blocks' inputargs, generalizing
them (union) when a block is reached again.  Annotations only grow, so this
reaches a fixpoint.  An operation whose inputs are not known yet (a call
whose callee has not returned anything yet) blocks its block; it is retried
when something it depends on generalizes.  Blocks still blocked at the end
are errors.

Errors are AnnotatorErrors carrying the user's file:line, the operation and
the call chain from the entry point.
"""

import linecache

from rpython.annotator import model as annmodel
from rpython.annotator.bookkeeper import Bookkeeper
from rpython.annotator.model import (
    AnnotatorError,
    SomeBool,
    SomeBuiltinMethod,
    SomeInstance,
    SomeObject,
    SomePBC,
    SomeType,
    UnionError,
    s_ImpossibleValue,
    unionof,
)
from rpython.flowspace.flowcontext import FlowingError
from rpython.flowspace.model import (
    Constant,
    FunctionGraph,
    Variable,
    c_last_exception,
)


class BlockedInference(Exception):
    """An operation cannot be annotated yet (an input is still unknown)."""

    def __init__(self, annotator, op, opindex):
        Exception.__init__(self)
        self.op = op
        self.opindex = opindex
        self.because_of_call = False


class AnnotatorPolicy:
    """Hooks to customize annotation (the rtyper uses a low-level policy)."""

    allow_someobjects = False

    def specialize__default(self, funcdesc, args_s):
        return None  # use the function's own _annspecialcase_


class RPythonAnnotator:
    def __init__(self, translator=None, policy=None, bookkeeper=None):
        if translator is None:
            from rpython.translator.translator import TranslationContext

            translator = TranslationContext()
            translator.annotator = self
        self.translator = translator
        self.policy = policy or AnnotatorPolicy()
        self.pendingblocks = {}  # block -> graph
        self.annotated = {}  # block -> graph, or False while blocked
        self.links_followed = {}
        self.notify = {}  # returnblock -> {position_key: True}
        self.blocked_blocks = {}  # block -> (graph, BlockedInference)
        self.blocked_graphs = {}
        self.graph_of_block = {}
        self.callers = {}  # graph -> (caller graph, position) of first call
        self.desc_of_graph = {}
        self.entry_graphs = []
        self.added_blocks = None
        self.frozen = False
        self.bookkeeper = bookkeeper or Bookkeeper(self)

    # ____________________________________________________________
    # entry points

    def build_types(
        self, function, input_arg_types, complete_now=True, main_entry_point=False
    ):
        """Annotate `function` called with arguments of the given types."""
        from rpython.annotator.signature import annotation

        if isinstance(function, FunctionGraph):
            graph = function
            inputcells = [annotation(t, self.bookkeeper) for t in input_arg_types]
        else:
            inputcells = [annotation(t, self.bookkeeper) for t in input_arg_types]
            desc = self.bookkeeper.getdesc(function)
            try:
                inputcells = desc.parse_arguments(inputcells)
                graph = desc.specialize(inputcells)
            except FlowingError as fe:
                raise self.flowing_error(fe, None) from None
            if not isinstance(graph, FunctionGraph):
                raise AnnotatorError("cannot use a memo function as entry point")
        self.entry_graphs.append(graph)
        if main_entry_point:
            self.translator.entry_point_graph = graph
        self.addpendinggraph(graph, inputcells)
        if complete_now:
            self.complete()
        s_result = self.annotation(graph.getreturnvar())
        if main_entry_point and complete_now:
            self.check_entry_point_result(graph, s_result)
        return s_result

    def check_entry_point_result(self, graph, s_result):
        """entry_point(argv) must return the exit status (an int)."""
        from rpython.annotator.model import SomeInteger

        if s_result is s_ImpossibleValue or isinstance(s_result, SomeInteger):
            return
        e = AnnotatorError(
            "the entry point must return an int (the exit status), "
            "not %s" % s_result.describe()
        )
        returns = [
            link.lineno
            for link in graph.iterlinks()
            if link.target is graph.returnblock and link.lineno
        ]
        self._add_context(e, graph, None, None, lineno=returns[0] if returns else None)
        raise e

    def annotate_helper(self, function, args_s, policy=None):
        """Annotate a helper (e.g. from the rtyper) and return its graph."""
        saved = self.policy
        if policy is not None:
            self.policy = policy
        try:
            desc = self.bookkeeper.getdesc(function)
            inputcells = desc.parse_arguments(args_s)
            graph = desc.specialize(inputcells)
            self.addpendinggraph(graph, inputcells)
            self.complete()
        finally:
            self.policy = saved
        return graph

    def register_graph(self, graph, desc):
        self.desc_of_graph[graph] = desc

    def addpendinggraph(self, graph, inputcells):
        self.addpendingblock(graph, graph.startblock, inputcells)

    # ____________________________________________________________
    # annotations of variables

    def binding(self, arg):
        """The annotation of a Variable; KeyError if it has none."""
        if isinstance(arg, Constant):
            return self.bookkeeper.immutablevalue(arg.value)
        s = arg.annotation
        if s is None:
            raise KeyError(arg)
        return s

    def annotation(self, arg):
        """The annotation of a Variable or Constant (s_ImpossibleValue if
        not known yet)."""
        if isinstance(arg, Constant):
            return self.bookkeeper.immutablevalue(arg.value)
        s = arg.annotation
        if s is None:
            return s_ImpossibleValue
        return s

    typeannotation = annotation

    def setbinding(self, arg, s_value):
        arg.annotation = s_value

    def setbinding_generalized(self, arg, s_value):
        s_old = arg.annotation
        if s_old is None:
            arg.annotation = s_value
            return True
        s_new = unionof(s_old, s_value)
        if s_new != s_old:
            arg.annotation = s_new
            return True
        return False

    # ____________________________________________________________
    # the work list

    def addpendingblock(self, graph, block, cells):
        assert len(cells) == len(block.inputargs), (block, cells)
        if block in self.annotated:
            changed = False
            for a, s in zip(block.inputargs, cells):
                s_old = self.annotation(a)
                s_new = unionof(s_old, s)
                if s_new != s_old:
                    a.annotation = s_new
                    changed = True
            if changed or self.annotated[block] is False:
                self.pendingblocks[block] = graph
        else:
            for a, s in zip(block.inputargs, cells):
                a.annotation = s
            self.annotated[block] = False
            self.graph_of_block[block] = graph
            self.pendingblocks[block] = graph

    def reflowfromposition(self, position_key):
        if position_key is None:
            return
        graph, block, index = position_key
        rtyper = getattr(self.translator, "rtyper", None)
        if rtyper is not None and block in rtyper.already_seen:
            # already low-level (a classdef made while rtyping): the
            # rtyper's method tables pick up new subclasses themselves
            return
        if block in self.annotated:
            self.pendingblocks[block] = graph

    def complete(self):
        """Process pending blocks until the fixpoint."""
        while self.pendingblocks:
            block, graph = self.pendingblocks.popitem()
            self.processblock(graph, block)
        if self.blocked_blocks:
            raise self.blocked_error()
        self.bookkeeper.compute_at_fixpoint()
        for graph in self.translator.graphs:
            self.check_return_annotations(graph)

    def check_return_annotations(self, graph):
        pass

    def processblock(self, graph, block):
        if block is graph.returnblock or block is graph.exceptblock:
            self.annotated[block] = graph
        if block is graph.returnblock:
            # the return value generalized: re-flow the callers
            for position in list(self.notify.get(block, {})):
                self.reflowfromposition(position)
            return
        if block is graph.exceptblock:
            return
        self.annotated[block] = graph
        self.blocked_blocks.pop(block, None)
        try:
            self.flowin(graph, block)
        except BlockedInference as e:
            self.annotated[block] = False
            self.blocked_blocks[block] = (graph, e)

    # ____________________________________________________________
    # flowing through one block

    def expand_call_star(self, graph, block, i):
        """Rewrite `call_star(f, a, t)` into getitems of t and a simple_call
        once t is known to be a tuple; returns True if the block changed."""
        from rpython.annotator.model import SomeTuple
        from rpython.flowspace.model import SpaceOperation

        op = block.operations[i]
        s_tuple = self.annotation(op.args[-1])
        if s_tuple is s_ImpossibleValue:
            return False
        if not isinstance(s_tuple, SomeTuple):
            e = AnnotatorError(
                "'*args' in a call needs a tuple, got %s" % s_tuple.describe()
            )
            self._add_context(e, graph, block, i)
            raise e
        newops = []
        items = []
        for j in range(len(s_tuple.items)):
            v = Variable("item")
            newops.append(
                SpaceOperation("getitem", [op.args[-1], Constant(j)], v, op.offset)
            )
            items.append(v)
        call = SpaceOperation("simple_call", op.args[:-1] + items, op.result, op.offset)
        block.operations[i : i + 1] = newops + [call]
        return True

    def expand_call_kw(self, graph, block, i):
        """Rewrite `call_kw(f, names, *args)` into a simple_call with the
        arguments in the callee's parameter order (defaults filled in)."""
        from rpython.annotator.callkw import resolve_call_kw

        op = block.operations[i]
        s_func = self.annotation(op.args[0])
        if s_func is s_ImpossibleValue:
            return False
        try:
            newargs = resolve_call_kw(self.bookkeeper, s_func, op)
        except AnnotatorError as e:
            self._add_context(e, graph, block, i)
            raise
        from rpython.flowspace.model import SpaceOperation

        v_func = op.args[0]
        if isinstance(s_func, SomeBuiltinMethod) and s_func.methodname == "sort":
            # lst.sort(key=, reverse=) -> rthelpers.list_sort(lst, key, reverse)
            from rpython.flowspace import rthelpers

            v_list = None
            for prev in block.operations[:i]:
                if prev.opname == "getattr" and prev.result is v_func:
                    v_list = prev.args[0]
            if v_list is None:
                e = AnnotatorError(
                    "keyword arguments to a sort method held in a variable"
                )
                self._add_context(e, graph, block, i)
                raise e
            v_func = Constant(rthelpers.list_sort)
            newargs = [v_list] + newargs
        block.operations[i] = SpaceOperation(
            "simple_call", [v_func] + newargs, op.result, op.offset
        )
        return True

    def expand_builtin_list(self, block, i):
        """list(s) of a str or list(it) of an iterator (enumerate, reversed,
        dict views...) -> rthelpers.list_of(x), a list comprehension."""
        from rpython.annotator.model import SomeDict, SomeIterator, SomeString
        from rpython.flowspace import rthelpers
        from rpython.flowspace.model import SpaceOperation

        op = block.operations[i]
        s_arg = self.annotation(op.args[1])
        if isinstance(s_arg, SomeIterator):
            if isinstance(s_arg.s_container, SomeDict):
                return False  # dict views: the rtyper copies them itself
        elif not isinstance(s_arg, SomeString):
            return False
        block.operations[i] = SpaceOperation(
            "simple_call",
            [Constant(rthelpers.list_of), op.args[1]],
            op.result,
            op.offset,
        )
        return True

    def expand_slice_step(self, graph, block, i):
        """rthelpers.slice_step(x, ...) -> the str, bytes or list version."""
        from rpython.annotator.model import SomeBytes, SomeList, SomeString
        from rpython.flowspace import rthelpers
        from rpython.flowspace.model import SpaceOperation

        op = block.operations[i]
        s_obj = self.annotation(op.args[1])
        if isinstance(s_obj, SomeString):
            helper = rthelpers.str_slice_step
        elif isinstance(s_obj, SomeBytes):
            helper = rthelpers.bytes_slice_step
        elif isinstance(s_obj, SomeList):
            helper = rthelpers.list_slice_step
        else:
            e = AnnotatorError(
                "slicing %s with a step (only str, bytes and lists)"
                % (s_obj.describe(),)
            )
            self._add_context(e, graph, block, i)
            raise e
        block.operations[i] = SpaceOperation(
            "simple_call", [Constant(helper)] + op.args[1:], op.result, op.offset
        )
        return True

    def flowin(self, graph, block):
        from rpython.flowspace import rthelpers

        ops = block.operations
        for i, op in enumerate(ops):
            if (
                op.opname == "simple_call"
                and isinstance(op.args[0], Constant)
                and op.args[0].value is rthelpers.slice_step
                and self.annotation(op.args[1]) is not s_ImpossibleValue
                and self.expand_slice_step(graph, block, i)
            ):
                return self.flowin(graph, block)  # start again, rewritten
            if (
                op.opname == "simple_call"
                and len(op.args) == 2
                and isinstance(op.args[0], Constant)
                and op.args[0].value is list
                and self.expand_builtin_list(block, i)
            ):
                return self.flowin(graph, block)  # start again, rewritten
            if op.opname in ("call_star", "call_kw"):
                if op.opname == "call_star":
                    expanded = self.expand_call_star(graph, block, i)
                else:
                    expanded = self.expand_call_kw(graph, block, i)
                if expanded:
                    return self.flowin(graph, block)  # start again, rewritten
            self.bookkeeper.enter((graph, block, i))
            try:
                self.consider_op(op)
            except BlockedInference as e:
                e.opindex = i
                if block.canraise and i == len(ops) - 1:
                    # the raising op may still take its exception exits
                    self.follow_exception_links(graph, block)
                if op.opname in ("simple_call", "call_args", "next") and (
                    e.because_of_call
                ):
                    # a call that never returns (it always raises): the
                    # rest of the block is unreachable, which is fine
                    return
                raise
            except AnnotatorError as e:
                self._add_context(e, graph, block, i)
                raise
            except FlowingError as fe:
                raise self.flowing_error(fe, graph) from None
            except (KeyboardInterrupt, MemoryError, RecursionError):
                raise
            except Exception as exc:
                # a bug or an unexpected shape of input: still point the
                # user at the line of the program being annotated
                e = AnnotatorError(
                    "cannot annotate this operation (%s: %s)"
                    % (type(exc).__name__, exc)
                )
                self._add_context(e, graph, block, i)
                raise e from exc
            finally:
                self.bookkeeper.leave()
        if block.exitswitch is c_last_exception:
            self.follow_link(graph, block.exits[0], {})
            self.follow_exception_links(graph, block)
            return
        knowntypedata = {}
        if isinstance(block.exitswitch, Variable):
            s_switch = self.annotation(block.exitswitch)
            knowntypedata = getattr(s_switch, "knowntypedata", {}) or {}
            if s_switch.is_constant():
                for link in block.exits:
                    if link.exitcase == s_switch.const:
                        self.follow_link(
                            graph, link, knowntypedata.get(link.exitcase, {})
                        )
                return
        for link in block.exits:
            ktd = knowntypedata.get(link.exitcase, {}) if knowntypedata else {}
            self.follow_link(graph, link, ktd)

    def follow_exception_links(self, graph, block):
        for link in block.exits[1:]:
            case = link.exitcase
            try:
                classdef = self.bookkeeper.getuniqueclassdef(case)
            except AnnotatorError:
                classdef = None
            s_value = SomeInstance(classdef) if classdef is not None else SomeObject()
            s_type = SomeType()
            cells = []
            for a in link.args:
                if a is link.last_exception:
                    cells.append(s_type)
                elif a is link.last_exc_value:
                    cells.append(s_value)
                else:
                    cells.append(self.annotation(a))
            if isinstance(link.last_exception, Variable):
                link.last_exception.annotation = s_type
            if isinstance(link.last_exc_value, Variable):
                link.last_exc_value.annotation = s_value
            self.links_followed[link] = True
            self.addpendingblock(graph, link.target, cells)

    def follow_link(self, graph, link, knowntypedata):
        cells = []
        for a in link.args:
            if isinstance(a, Variable) and a in knowntypedata:
                s = knowntypedata[a]
                s_orig = self.annotation(a)
                # the narrowed annotation keeps constness of the original
                if s_orig.is_constant() and not s.is_constant():
                    s = s_orig
            else:
                s = self.annotation(a)
            if s is s_ImpossibleValue and isinstance(a, Variable):
                # value not known yet (e.g. comes from a blocked op)
                return
            cells.append(s)
        self.links_followed[link] = True
        try:
            if link.target is graph.returnblock and len(cells) == 1:
                s_old = self.annotation(graph.getreturnvar())
                self.addpendingblock(graph, link.target, cells)
                if self.annotation(graph.getreturnvar()) != s_old:
                    for position in list(self.notify.get(graph.returnblock, {})):
                        self.reflowfromposition(position)
                return
            self.addpendingblock(graph, link.target, cells)
        except UnionError as e:
            if e.source is None:
                if link.target is graph.returnblock:
                    e.msg = "%s (in the values returned by %s)" % (e.msg, graph.name)
                else:
                    e.msg = "%s (a variable gets both types on different paths)" % (
                        e.msg,
                    )
            self._add_context(e, graph, None, None, lineno=link.lineno)
            raise

    def consider_op(self, op):
        from rpython.annotator.operations import consider

        args_s = [self.annotation(a) for a in op.args]
        for s in args_s:
            if s is s_ImpossibleValue:
                raise BlockedInference(self, op, -1)
        resultcell = consider(self, op, args_s)
        if resultcell is None:
            resultcell = s_ImpossibleValue
        if resultcell is s_ImpossibleValue:
            e = BlockedInference(self, op, -1)
            e.because_of_call = True
            raise e
        assert isinstance(resultcell, SomeObject), (op, resultcell)
        s_old = op.result.annotation
        if s_old is not None:
            ktd = getattr(resultcell, "knowntypedata", None)
            resultcell = unionof(s_old, resultcell)
            if ktd is not None and isinstance(resultcell, SomeBool):
                if resultcell is s_old:
                    resultcell = SomeBool()
                    if s_old.is_constant():
                        resultcell.const = s_old.const
                resultcell.knowntypedata = ktd
        op.result.annotation = resultcell

    # ____________________________________________________________
    # calls

    def recursivecall(self, graph, whence, inputcells):
        if whence is not None:
            caller_graph = whence[0]
            if graph not in self.callers and caller_graph is not graph:
                self.callers[graph] = (caller_graph, whence)
            self.translator.update_call_graph(caller_graph, graph, whence)
            self.notify.setdefault(graph.returnblock, {})[whence] = True
        try:
            self.addpendingblock(graph, graph.startblock, inputcells)
        except UnionError as e:
            e.msg = "arguments of %s(): %s" % (graph.name, e.msg)
            raise
        return self.annotation(graph.getreturnvar())

    def call_pbc(self, whence, s_pbc, args_s):
        return self.bookkeeper.pbc_call(s_pbc, args_s)

    # ____________________________________________________________
    # errors

    def callchain(self, graph):
        chain = []
        seen = {}
        while graph is not None and graph not in seen:
            seen[graph] = True
            module = getattr(getattr(graph, "func", None), "__module__", "") or ""
            # the toolchain's own wrappers (e.g. around entry_point) are noise
            if not module.startswith("rpython.translator."):
                chain.append(graph.name)
            caller = self.callers.get(graph)
            graph = caller[0] if caller else None
        chain.reverse()
        return chain

    def _add_context(self, e, graph, block, index, lineno=None):
        if getattr(e, "source", None) is not None:
            return
        if graph is None:
            return
        opdesc = None
        if block is not None and index is not None and block.operations:
            op = block.operations[index]
            lineno = op.offset
            opdesc = describe_op(op)
        if lineno is None or lineno < 0:
            lineno = getattr(graph, "firstlineno", None)
        filename = getattr(graph, "filename", "?")
        text = ""
        if lineno is not None and lineno >= 0:
            text = linecache.getline(filename, lineno).strip()
        e.source = "%s:%s: %s" % (filename, lineno, text)
        if opdesc:
            e.source += "\n    operation: %s" % opdesc
        e.callchain = self.callchain(graph)

    def flowing_error(self, fe, caller_graph):
        """A FlowingError while building a callee's graph, as AnnotatorError."""
        e = AnnotatorError(fe.msg)
        text = ""
        if fe.filename and fe.lineno:
            text = linecache.getline(fe.filename, fe.lineno).strip()
        e.source = "%s:%s: %s" % (fe.filename, fe.lineno, text)
        chain = self.callchain(caller_graph) if caller_graph is not None else []
        if fe.funcname and (not chain or chain[-1] != fe.funcname):
            chain.append(fe.funcname)
        e.callchain = chain
        return e

    def blocked_error(self):
        # report the first blocked operation that does not just wait for
        # another blocked call
        from rpython.annotator.operations import explain_blocked

        items = list(self.blocked_blocks.items())
        best = None
        for block, (graph, exc) in items:
            op = block.operations[exc.opindex]
            msg = explain_blocked(self, op)
            if best is None or (msg is not None and best[3] is None):
                best = (graph, block, exc.opindex, msg)
        graph, block, index, msg = best
        if msg is None:
            msg = "this operation can never be executed with the types seen"
        e = AnnotatorError(msg)
        self._add_context(e, graph, block, index)
        return e


def describe_op(op):
    args = []
    for a in op.args:
        if isinstance(a, Constant):
            args.append(
                repr(a.value)
                if not callable(a.value)
                else getattr(a.value, "__name__", repr(a.value))
            )
        else:
            s = a.annotation
            args.append(s.describe() if s is not None else "?")
    return "%s(%s)" % (op.opname, ", ".join(args))


# re-exported for convenience
__all__ = ["RPythonAnnotator", "AnnotatorError", "annmodel", "SomeBool", "SomePBC"]
