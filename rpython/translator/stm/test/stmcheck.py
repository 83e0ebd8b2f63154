"""Test support: an LLInterpreter that checks the STM barriers at run time.

It simulates what stmgc needs: every read of a GC object must follow an
stm_read/stm_write of it in the same transaction (or the object was
allocated in this transaction, or the field is immutable), every write must
follow an stm_write since the last GC allocation (or the object is fresh
since then), and external calls / raw writes need an inevitable transaction.
Transaction breaks and non-harmless external calls forget everything, GC
allocations forget the write knowledge.  A missing barrier raises
MissingBarrier; `trace` records the barrier ops that ran.
"""

from rpython.rtyper import llinterp
from rpython.rtyper.lltypesystem import lltype
from rpython.translator.stm import stmops
from rpython.translator.stm.breakanalysis import external_name, is_harmless_external
from rpython.translator.stm.transform import ClassImmutability, _access_is_immutable


class MissingBarrier(Exception):
    pass


def _container(ptr):
    """The outermost container `ptr` points into (the GC object, for
    interior pointers)."""
    obj = ptr._obj
    while True:
        parent = obj._parentstructure()
        if parent is None:
            return obj
        obj = parent


class CheckingLLInterpreter(llinterp.LLInterpreter):
    def __init__(self, typer=None, check=True, trusted_reads=None):
        llinterp.LLInterpreter.__init__(self, typer)
        # read ops the transform proved to read non-escaping objects
        self.trusted_reads = trusted_reads or {}
        self.check = check
        self.classinfo = ClassImmutability(typer)
        self.trace = []
        self.forget_all()

    def forget_all(self):
        self.read = {}
        self.written = {}
        self.fresh_r = {}
        self.fresh_w = {}
        self.inevitable = False

    def eval_graph(self, graph, args=()):
        return CheckingFrame(graph, list(args), self).eval()


class CheckingFrame(llinterp.LLFrame):
    def __init__(self, graph, args, llinterpreter):
        llinterp.LLFrame.__init__(self, graph, args, llinterpreter)
        # objects allocated by this frame that did not escape it: trusted
        # (barrier-less) reads must be on one of these
        self.own_objects = {}

    def _note_escapes(self, op):
        name = op.opname
        for i, arg in enumerate(op.args):
            T = arg.concretetype
            if not (isinstance(T, lltype.Ptr) and T.TO._gckind == "gc"):
                continue
            if i == 0 and (
                name in stmops.READ_OPS
                or name in stmops.WRITE_OPS
                or name in stmops.ALIAS_OPS
                or name in stmops.EMITTED_OPS
            ):
                continue
            value = self.getval(arg)
            if value:
                self.own_objects.pop(id(_container(value)), None)

    def eval_operation(self, op):
        interp = self.llinterpreter
        name = op.opname
        self._note_escapes(op)
        if name in (stmops.STM_READ, stmops.STM_WRITE):
            ptr = self.getval(op.args[0])
            key = id(_container(ptr))
            interp.trace.append((name, op.args[0]))
            interp.read[key] = True
            if name == stmops.STM_WRITE:
                interp.written[key] = True
        elif name == stmops.STM_BECOME_INEVITABLE:
            interp.trace.append((name, None))
            interp.inevitable = True
        elif name in stmops.TRANSACTION_BREAK_OPS:
            interp.trace.append((name, None))
            interp.forget_all()
        elif interp.check:
            self._check(op)
        llinterp.LLFrame.eval_operation(self, op)
        if name in ("malloc", "malloc_varsize"):
            if op.args[1].value.get("flavor", "gc") == "gc":
                interp.written.clear()
                interp.fresh_w.clear()
                key = id(_container(self.getval(op.result)))
                interp.fresh_r[key] = True
                interp.fresh_w[key] = True
                self.own_objects[key] = True

    def _check(self, op):
        interp = self.llinterpreter
        name = op.opname
        if name in stmops.READ_OPS or name in stmops.WRITE_OPS:
            if op.result.concretetype is lltype.Void and name in stmops.READ_OPS:
                return
            root = _container(self.getval(op.args[0]))
            if root._TYPE._gckind != "gc":
                if name in stmops.WRITE_OPS and not interp.inevitable:
                    raise MissingBarrier("raw write while not inevitable: %r" % op)
                return
            key = id(root)
            if name in stmops.READ_OPS:
                T = op.args[0].concretetype
                if T.TO._gckind == "gc" and _access_is_immutable(op, interp.classinfo):
                    return
                if op in interp.trusted_reads:
                    if key not in self.own_objects:
                        raise MissingBarrier("%r: object escaped or not ours" % op)
                    return
                if key not in interp.read and key not in interp.fresh_r:
                    raise MissingBarrier("read without stm_read: %r" % op)
            else:
                if key not in interp.written and key not in interp.fresh_w:
                    raise MissingBarrier("write without stm_write: %r" % op)
        elif name == "direct_call":
            ext = external_name(op)
            if ext is not None and not is_harmless_external(ext):
                if not interp.inevitable:
                    raise MissingBarrier("external call %s while not inevitable" % ext)
                interp.forget_all()
        elif name in stmops.RAW_WRITE_OPS:
            if not interp.inevitable:
                raise MissingBarrier("%s while not inevitable" % name)
