"""The llinterp: runs rtyped low-level flow graphs on untranslated values.

Every Variable holds an lltype value (ints, floats, `_ptr` objects...); each
operation is executed by `opimpl.py` (the same code `llop` uses) or by a
method `op_<name>` of LLFrame when it needs the interpreter (calls,
allocation, exceptions).  Values are checked against the concretetype of the
Variable receiving them, so an rtyper bug shows up here and not as wrong C.

An RPython-level exception travelling through graphs is an LLException
carrying the low-level (vtable, instance) pair.  Host exceptions raised by an
operation (OverflowError from int_add_ovf, ZeroDivisionError...) become the
prebuilt low-level instance of that class via the rtyper's exceptiondata.
Graphs built by hand without an rtyper carry host exceptions directly.
"""

import sys

from rpython.flowspace.model import Constant, Variable, c_last_exception
from rpython.rtyper.lltypesystem import lltype, opimpl


class LLException(Exception):
    """An RPython exception: (etype, evalue) as low-level values."""

    def __init__(self, etype, evalue, error=None):
        Exception.__init__(self, etype, evalue)
        self.etype = etype
        self.evalue = evalue
        self.error = error

    def __str__(self):
        name = getattr(self.etype, "__name__", None)
        if name is None:
            name = _class_name_of_vtable(self.etype)
        return "LLException(%s)" % (name,)


def _class_name_of_vtable(etype):
    try:
        chars = etype.name.chars
        return "".join(chars[i] for i in range(len(chars)))
    except Exception:
        return repr(etype)


class LLFatalError(Exception):
    pass


class LLAssertFailure(Exception):
    pass


class LLInterpreter:
    """Runs graphs; `typer` (an RPythonTyper) maps exceptions, may be None."""

    MAX_DEPTH = 2000

    def __init__(self, typer=None, tracing=False):
        self.typer = typer
        self.tracing = tracing
        self.depth = 0
        self.frame_stack = []
        self.debug_output = []

    def eval_graph(self, graph, args=()):
        """Run `graph` with low-level `args`; RPython exceptions propagate as
        LLException."""
        frame = LLFrame(graph, list(args), self)
        return frame.eval()

    # exceptions ---------------------------------------------------------

    def _exceptiondata(self):
        if self.typer is None:
            return None
        return getattr(self.typer, "exceptiondata", None)

    def make_llexception(self, exc):
        """The LLException for a host exception raised by an operation."""
        data = self._exceptiondata()
        if data is None:
            return LLException(exc.__class__, exc, error=exc)
        evalue = data.get_standard_ll_exc_instance_by_class(exc.__class__)
        etype = data.ll_type_of_exc_inst(evalue)
        return LLException(etype, evalue, error=exc)

    def exception_match(self, etype, exitcase, llexitcase):
        if isinstance(etype, type):
            return isinstance(exitcase, type) and issubclass(etype, exitcase)
        data = self._exceptiondata()
        if data is None:
            raise LLFatalError("low-level exception without an rtyper")
        if llexitcase is None:
            llexitcase = data.get_ll_vtable_of_class(exitcase)
        return data.ll_exception_match(etype, llexitcase)

    def find_exception_class(self, llexc):
        """The host class of an LLException (for tests), or None."""
        if isinstance(llexc.etype, type):
            return llexc.etype
        data = self._exceptiondata()
        if data is None:
            return None
        return data.host_class_of_vtable(llexc.etype)


class LLFrame:
    def __init__(self, graph, args, llinterpreter):
        self.graph = graph
        self.args = args
        self.llinterpreter = llinterpreter
        self.bindings = {}
        self.curr_block = None
        self.curr_op = None

    # values ---------------------------------------------------------------

    def getval(self, v):
        if isinstance(v, Constant):
            return v.value
        try:
            return self.bindings[v]
        except KeyError:
            if getattr(v, "concretetype", None) is lltype.Void:
                # the result of an op rtyped into nothing (e.g. a call of a
                # function returning None) may still travel on a link
                return None
            raise LLFatalError(
                "variable %r used before being set in %s" % (v, self.graph.name)
            )

    def setvar(self, v, value):
        T = getattr(v, "concretetype", None)
        if T is not None and T is not lltype.Void and not T._contains_value(value):
            raise LLFatalError(
                "in %s: %r (%s) receives %r of type %s"
                % (self.graph.name, v, T, value, _safe_typeof(value))
            )
        self.bindings[v] = value

    # execution ------------------------------------------------------------

    def eval(self):
        interp = self.llinterpreter
        if interp.depth >= interp.MAX_DEPTH:
            raise LLException(*self._stack_overflow())
        interp.depth += 1
        interp.frame_stack.append(self)
        try:
            graph = self.graph
            inputargs = graph.startblock.inputargs
            if len(inputargs) != len(self.args):
                raise LLFatalError(
                    "%s called with %d arguments instead of %d"
                    % (graph.name, len(self.args), len(inputargs))
                )
            block = graph.startblock
            args = self.args
            while True:
                nextblock, args = self.eval_block(block, args)
                if nextblock is None:
                    return args
                block = nextblock
        finally:
            interp.frame_stack.pop()
            interp.depth -= 1

    def _stack_overflow(self):
        exc = self.llinterpreter.make_llexception(RecursionError())
        return exc.etype, exc.evalue

    def eval_block(self, block, args):
        """Run one block; returns (nextblock, args) or (None, result)."""
        self.curr_block = block
        for v, value in zip(block.inputargs, args):
            self.setvar(v, value)
        graph = self.graph
        if block is graph.returnblock:
            return None, self.getval(block.inputargs[0])
        if block is graph.exceptblock:
            etype = self.getval(block.inputargs[0])
            evalue = self.getval(block.inputargs[1])
            raise LLException(etype, evalue)
        catch = block.exitswitch is c_last_exception
        ops = block.operations
        for i, op in enumerate(ops):
            self.curr_op = op
            if catch and i == len(ops) - 1:
                try:
                    self.eval_operation(op)
                except LLException as e:
                    link = self.find_exception_link(block, e)
                    if link is None:
                        raise
                    return link.target, self.link_args(link, e)
            else:
                self.eval_operation(op)
        return self.choose_exit(block)

    def find_exception_link(self, block, exc):
        interp = self.llinterpreter
        for link in block.exits[1:]:
            exitcase = link.exitcase
            if exitcase is None:
                continue
            llexitcase = getattr(link, "llexitcase", None)
            if interp.exception_match(exc.etype, exitcase, llexitcase):
                return link
        return None

    def link_args(self, link, exc=None):
        result = []
        for a in link.args:
            if exc is not None and a is link.last_exception and a is not None:
                result.append(exc.etype)
            elif exc is not None and a is link.last_exc_value and a is not None:
                result.append(exc.evalue)
            else:
                result.append(self.getval(a))
        return result

    def choose_exit(self, block):
        exits = block.exits
        if not exits:
            raise LLFatalError("block without exits in %s" % (self.graph.name,))
        switch = block.exitswitch
        if switch is None or switch is c_last_exception:
            link = exits[0]
            return link.target, self.link_args(link)
        value = self.getval(switch)
        default = None
        for link in exits:
            case = link.exitcase
            if case == "default":
                default = link
                continue
            llcase = getattr(link, "llexitcase", None)
            if llcase is None:
                llcase = case
            if llcase == value and type(llcase) is type(value):
                return link.target, self.link_args(link)
            if isinstance(value, bool) and llcase is value:
                return link.target, self.link_args(link)
        if default is not None:
            return default.target, self.link_args(default)
        raise LLFatalError(
            "no exit for switch value %r in %s" % (value, self.graph.name)
        )

    def eval_operation(self, op):
        if self.llinterpreter.tracing:
            sys.stderr.write("llinterp: %r\n" % (op,))
        name = op.opname
        meth = getattr(self, "op_" + name, None)
        args = [self.getval(a) for a in op.args]
        try:
            if meth is not None:
                result = meth(*args)
            else:
                impl = opimpl.get_op_impl(name)
                if impl is None:
                    raise LLFatalError("llinterp: operation %r not implemented" % name)
                if name in opimpl.NEEDS_RESULTTYPE:
                    result = impl(op.result.concretetype, *args)
                else:
                    result = impl(*args)
        except LLException:
            raise
        except (OverflowError, ZeroDivisionError, MemoryError, RecursionError) as e:
            raise self.llinterpreter.make_llexception(e)
        except IndexError as e:
            raise LLFatalError("in %s: %r: %s" % (self.graph.name, op, e))
        self.setvar(op.result, result)

    # operations that need the interpreter ---------------------------------

    def op_direct_call(self, f, *args):
        obj = f._obj
        graph = getattr(obj, "graph", None)
        if graph is not None:
            return self.llinterpreter.eval_graph(graph, args)
        callable_ = getattr(obj, "_callable", None)
        if callable_ is None:
            raise LLFatalError("calling %r: no graph and no implementation" % (obj,))
        try:
            return callable_(*args)
        except LLException:
            raise
        except (OverflowError, ZeroDivisionError, MemoryError, ValueError,
                OSError, KeyError, IndexError, RuntimeError) as e:  # fmt: skip
            if self.llinterpreter._exceptiondata() is None:
                raise LLException(e.__class__, e, error=e)
            raise self.llinterpreter.make_llexception(e)

    def op_indirect_call(self, f, *args):
        # the last argument is the list of possible graphs (or None)
        if not f:
            raise LLFatalError("indirect_call of a NULL function pointer")
        return self.op_direct_call(f, *args[:-1])

    def op_malloc(self, TYPE, flags):
        flavor = flags.get("flavor", "gc")
        zero = flags.get("zero", False)
        return lltype.malloc(TYPE, flavor=flavor, zero=zero)

    def op_malloc_varsize(self, TYPE, flags, size):
        flavor = flags.get("flavor", "gc")
        if size < 0:
            raise MemoryError()
        return lltype.malloc(TYPE, size, flavor=flavor, zero=flags.get("zero", False))

    def op_free(self, p, flags):
        lltype.free(p, flags.get("flavor", "raw"))

    def op_shrink_array(self, p, smallersize):
        return False

    def op_zero_gc_pointers_inside(self, p):
        pass

    def op_debug_print(self, *args):
        parts = []
        for a in args:
            if isinstance(a, lltype._ptr):
                parts.append(_ll_str_to_host(a))
            else:
                parts.append(str(a))
        self.llinterpreter.debug_output.append(" ".join(parts))

    def op_debug_start(self, *args):
        pass

    op_debug_stop = op_debug_start
    op_debug_flush = op_debug_start

    def op_debug_fatalerror(self, msg):
        text = _ll_str_to_host(msg) if isinstance(msg, lltype._ptr) else str(msg)
        raise LLFatalError(text)

    def op_debug_assert(self, cond, msg):
        if not cond:
            raise LLAssertFailure(msg)

    def op_debug_record_traceback(self, *args):
        pass

    op_debug_catch_exception = op_debug_record_traceback
    op_debug_reraise_traceback = op_debug_record_traceback
    op_debug_print_traceback = op_debug_record_traceback
    op_debug_start_traceback = op_debug_record_traceback
    op_track_alloc_start = op_debug_record_traceback
    op_track_alloc_stop = op_debug_record_traceback
    op_gc_add_memory_pressure = op_debug_record_traceback
    op_gc_thread_run = op_debug_record_traceback
    op_gc_thread_start = op_debug_record_traceback
    op_gc_thread_die = op_debug_record_traceback
    op_stm_hint_commit_soon = op_debug_record_traceback
    op_jit_conditional_call = op_debug_record_traceback
    op_ll_stack_check = op_debug_record_traceback
    op_instrument_count = op_debug_record_traceback

    def op_debug_llinterpcall(self, pythonfunction, *args):
        return pythonfunction(*args)

    # STM without --stm: one thread, every transaction is inevitable
    def op_stm_transaction_break(self, *args):
        pass

    op_stm_possible_transaction_break = op_stm_transaction_break
    op_stm_become_inevitable = op_stm_transaction_break
    op_stm_read = op_stm_transaction_break
    op_stm_write = op_stm_transaction_break

    def op_stm_should_break_transaction(self, *args):
        return False

    def op_stm_is_inevitable(self):
        return True

    def op_stm_get_segment_limit(self):
        return 1

    def op_threadlocalref_get(self, offset):
        RESTYPE = self.curr_op.result.concretetype
        locals_ = self.llinterpreter.__dict__.setdefault("threadlocals", {})
        return locals_.get(offset, RESTYPE._defl())

    def op_threadlocalref_store(self, offset, value):
        self.llinterpreter.__dict__.setdefault("threadlocals", {})[offset] = value

    def op_ll_read_timestamp(self):
        import time

        return int(time.perf_counter() * 1e9)


def _ll_str_to_host(p):
    """Best effort: the text of a low-level string pointer."""
    try:
        chars = p.chars
        return "".join(chars[i] for i in range(len(chars)))
    except Exception:
        return repr(p)


def _safe_typeof(value):
    try:
        return lltype.typeOf(value)
    except Exception:
        return type(value).__name__


def eval_function_graph(graph, args, typer=None):
    """Convenience: run one graph."""
    return LLInterpreter(typer).eval_graph(graph, args)


__all__ = [
    "LLInterpreter",
    "LLFrame",
    "LLException",
    "LLFatalError",
    "LLAssertFailure",
    "Variable",
]
