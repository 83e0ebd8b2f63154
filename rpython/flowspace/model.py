"""The flow graph data model shared by every stage of the toolchain.

A FunctionGraph is a set of Blocks in SSA form without phi nodes: a value
moves from one block to the next only as an argument of a Link, and each
Block names its own inputargs.  A Variable is assigned exactly once, either
as an inputarg of a Block or as the result of a SpaceOperation in it.
"""

import itertools


class Variable:
    """A value computed at run time; renamed per graph so dumps are readable."""

    __slots__ = ("_name", "_nr", "annotation", "concretetype")
    _counter = itertools.count()

    def __init__(self, name=None):
        self._name = "v"
        self._nr = next(Variable._counter)
        self.annotation = None
        if name is not None:
            self.rename(name)

    @property
    def name(self):
        return "%s%d" % (self._name, self._nr)

    def rename(self, name):
        if isinstance(name, Variable):
            name = name._name
        name = str(name)
        # keep names short and identifier-like, they end up in C code
        cleaned = "".join(c if c.isalnum() or c == "_" else "_" for c in name)
        if not cleaned or cleaned[0].isdigit():
            cleaned = "v" + cleaned
        if not cleaned.endswith("_"):
            cleaned += "_"
        self._name = cleaned

    def copy(self):
        """A fresh Variable with the same name prefix and annotations."""
        v = Variable(self)
        v.annotation = self.annotation
        if hasattr(self, "concretetype"):
            v.concretetype = self.concretetype
        return v

    def __repr__(self):
        return self.name


class Constant:
    """A value known when the graph is built (possibly a prebuilt object)."""

    __slots__ = ("value", "concretetype")

    def __init__(self, value, concretetype=None):
        self.value = value
        if concretetype is not None:
            self.concretetype = concretetype

    def _key(self):
        # Constants are equal when they wrap the same object of the same type;
        # 1 and True and 1.0 must stay distinct.
        v = self.value
        try:
            hash(v)
            return (type(v), v)
        except TypeError:
            return (type(v), id(v))

    def __eq__(self, other):
        if self.__class__ is not other.__class__:
            return NotImplemented
        if self._key() != other._key():
            return False
        ct1 = getattr(self, "concretetype", None)
        ct2 = getattr(other, "concretetype", None)
        return ct1 == ct2

    def __ne__(self, other):
        r = self.__eq__(other)
        if r is NotImplemented:
            return r
        return not r

    def __hash__(self):
        return hash(self._key())

    def foldable(self):
        """Whether the wrapped object may be folded (not mutable at run time)."""
        v = self.value
        if isinstance(v, (list, dict, bytearray)):
            return False
        return True

    def __repr__(self):
        v = self.value
        if isinstance(v, type):
            r = v.__name__
        elif callable(v) and hasattr(v, "__name__"):
            r = "<%s>" % v.__name__
        else:
            r = repr(v)
            if len(r) > 60:
                r = r[:57] + "..."
        return "(%s)" % r


class SpaceOperation:
    """result = opname(*args)"""

    __slots__ = ("opname", "args", "result", "offset")

    def __init__(self, opname, args, result, offset=-1):
        self.opname = opname
        self.args = list(args)
        self.result = result
        self.offset = offset  # source line number, -1 if unknown

    def __eq__(self, other):
        return (
            self.__class__ is other.__class__
            and self.opname == other.opname
            and self.args == other.args
            and self.result == other.result
        )

    def __ne__(self, other):
        return not (self == other)

    def __hash__(self):
        return hash((self.opname, tuple(self.args), self.result))

    def __repr__(self):
        return "%r = %s(%s)" % (
            self.result,
            self.opname,
            ", ".join(map(repr, self.args)),
        )


class Atom:
    """A unique named marker object (like c_last_exception's value)."""

    def __init__(self, name):
        self.__name__ = name

    def __repr__(self):
        return self.__name__


last_exception = Atom("last_exception")
c_last_exception = Constant(last_exception)


class Link:
    """An edge: the args are passed to target.inputargs, in order."""

    __slots__ = (
        "args",
        "target",
        "exitcase",
        "llexitcase",
        "prevblock",
        "last_exception",
        "last_exc_value",
        "lineno",
    )

    def __init__(self, args, target, exitcase=None):
        if target is not None:
            assert len(args) == len(target.inputargs), "output args mismatch"
        self.args = list(args)
        self.target = target
        self.exitcase = exitcase
        self.prevblock = None
        # for links leaving a block whose exitswitch is c_last_exception:
        # the Variables (or Constants) that receive the caught exception's
        # type and value; they may be used among self.args
        self.last_exception = None
        self.last_exc_value = None
        self.lineno = None  # source line where this control transfer happens

    def getextravars(self):
        """Variables introduced by this link itself (the caught exception)."""
        result = []
        if isinstance(self.last_exception, Variable):
            result.append(self.last_exception)
        if isinstance(self.last_exc_value, Variable):
            result.append(self.last_exc_value)
        return result

    def copy(self, rename=lambda x: x):
        newargs = [rename(a) for a in self.args]
        newlink = Link(newargs, self.target, self.exitcase)
        newlink.prevblock = self.prevblock
        newlink.last_exception = rename(self.last_exception)
        newlink.last_exc_value = rename(self.last_exc_value)
        if hasattr(self, "llexitcase"):
            newlink.llexitcase = self.llexitcase
        return newlink

    def replace(self, mapping):
        def rename(v):
            if v is not None:
                return mapping.get(v, v)

        return self.copy(rename)

    def settarget(self, targetblock):
        assert len(self.args) == len(targetblock.inputargs), "output args mismatch"
        self.target = targetblock

    def __repr__(self):
        return "link(%s -> %s%s)" % (
            ", ".join(map(repr, self.args)),
            "block@%x" % id(self.target) if self.target is not None else "None",
            "" if self.exitcase is None else " case %r" % (self.exitcase,),
        )


class Block:
    """A basic block: inputargs, a list of operations, and exits."""

    __slots__ = ("inputargs", "operations", "exitswitch", "exits", "blockcolor")

    def __init__(self, inputargs):
        self.inputargs = list(inputargs)
        self.operations = []
        self.exitswitch = None
        self.exits = []
        self.blockcolor = None

    @property
    def is_final_block(self):
        return self.operations == () or (not self.operations and not self.exits)

    @property
    def canraise(self):
        return self.exitswitch is c_last_exception

    @property
    def raising_op(self):
        if self.canraise:
            return self.operations[-1]
        return None

    def getvariables(self):
        """All Variables defined in this block (inputargs and results)."""
        result = list(self.inputargs)
        for op in self.operations:
            result.append(op.result)
        return result

    def getconstants(self):
        result = []
        for op in self.operations:
            for a in op.args:
                if isinstance(a, Constant):
                    result.append(a)
        return result

    def renamevariables(self, mapping):
        self.inputargs = [mapping.get(a, a) for a in self.inputargs]
        for op in self.operations:
            op.args = [mapping.get(a, a) for a in op.args]
            op.result = mapping.get(op.result, op.result)
        if isinstance(self.exitswitch, Variable):
            self.exitswitch = mapping.get(self.exitswitch, self.exitswitch)
        for link in self.exits:
            link.args = [mapping.get(a, a) for a in link.args]

    def closeblock(self, *exits):
        assert self.exits == [], "block already closed"
        self.recloseblock(*exits)

    def recloseblock(self, *exits):
        for exit in exits:
            exit.prevblock = self
        self.exits = list(exits)

    def __repr__(self):
        if self.operations:
            txt = "block@%d" % self.operations[0].offset
        else:
            txt = "codeless block"
        return "%s(%s)" % (txt, ", ".join(map(repr, self.inputargs)))


class FunctionGraph:
    """A function as flow graph; startblock's inputargs are the parameters."""

    def __init__(self, name, startblock, return_var=None):
        self.name = name
        self.startblock = startblock
        # the returnblock and exceptblock have no operations and no exits
        rv = return_var if return_var is not None else Variable("result")
        self.returnblock = Block([rv])
        self.returnblock.operations = ()
        etype = Variable("etype")
        evalue = Variable("evalue")
        self.exceptblock = Block([etype, evalue])
        self.exceptblock.operations = ()
        self.tag = None
        self.func = None  # the live Python function, if any

    def getargs(self):
        return self.startblock.inputargs

    def getreturnvar(self):
        return self.returnblock.inputargs[0]

    @property
    def source(self):
        import inspect

        if self.func is None:
            raise AttributeError("graph %s has no function" % self.name)
        return inspect.getsource(self.func)

    def iterblocks(self):
        block = self.startblock
        yield block
        seen = {block: True}
        stack = list(block.exits[::-1])
        while stack:
            block = stack.pop().target
            if block not in seen:
                yield block
                seen[block] = True
                stack += block.exits[::-1]

    def iterlinks(self):
        block = self.startblock
        seen = {block: True}
        stack = list(block.exits[::-1])
        while stack:
            link = stack.pop()
            yield link
            block = link.target
            if block not in seen:
                seen[block] = True
                stack += block.exits[::-1]

    def iterblockops(self):
        for block in self.iterblocks():
            for op in block.operations:
                yield block, op

    def show(self):
        print(dump_graph(self))

    def __repr__(self):
        return "<FunctionGraph of %s>" % self.name


def dump_graph(graph):
    """A plain-text listing of the graph, for debugging and test failures."""
    names = {}
    for i, block in enumerate(graph.iterblocks()):
        names[block] = "b%d" % i
    lines = ["graph %s" % graph.name]
    for block in graph.iterblocks():
        lines.append("%s(%s):" % (names[block], ", ".join(map(repr, block.inputargs))))
        for op in block.operations:
            lines.append("    %r" % (op,))
        if block.exitswitch is not None:
            lines.append("    switch %r" % (block.exitswitch,))
        for link in block.exits:
            extra = ""
            if link.exitcase is not None:
                extra = " [%r]" % (link.exitcase,)
            lines.append(
                "    -> %s(%s)%s"
                % (names[link.target], ", ".join(map(repr, link.args)), extra)
            )
    return "\n".join(lines)


def mkentrymap(graph):
    """Maps each block to the list of links entering it (startblock: a fake
    link with no prevblock)."""
    startlink = Link(graph.getargs(), graph.startblock)
    result = {graph.startblock: [startlink]}
    for link in graph.iterlinks():
        lst = result.setdefault(link.target, [])
        lst.append(link)
    return result


def copygraph(graph, shallow=False):
    """A deep copy of the graph with fresh Variables (same Constants)."""
    blockmap = {}
    varmap = {}

    def copyvar(v):
        if shallow:
            return v
        if isinstance(v, Variable):
            if v not in varmap:
                varmap[v] = v.copy()
            return varmap[v]
        return v

    def copyblock(block):
        newblock = Block([copyvar(v) for v in block.inputargs])
        if block.operations == ():
            newblock.operations = ()
        else:
            for op in block.operations:
                newop = SpaceOperation(
                    op.opname, [copyvar(a) for a in op.args], copyvar(op.result)
                )
                newop.offset = op.offset
                newblock.operations.append(newop)
        newblock.exitswitch = copyvar(block.exitswitch)
        return newblock

    for block in graph.iterblocks():
        blockmap[block] = copyblock(block)
    if graph.returnblock not in blockmap:
        blockmap[graph.returnblock] = copyblock(graph.returnblock)
    if graph.exceptblock not in blockmap:
        blockmap[graph.exceptblock] = copyblock(graph.exceptblock)
    for block, newblock in blockmap.items():
        newlinks = []
        for link in block.exits:
            newlink = link.copy(copyvar)
            newlink.target = blockmap[link.target]
            newlinks.append(newlink)
        newblock.closeblock(*newlinks)
    newgraph = FunctionGraph(graph.name, blockmap[graph.startblock])
    newgraph.returnblock = blockmap[graph.returnblock]
    newgraph.exceptblock = blockmap[graph.exceptblock]
    for key, value in graph.__dict__.items():
        newgraph.__dict__.setdefault(key, value)
    return newgraph


def summary(graph):
    """Counts of operation names, e.g. {'int_add': 2}; handy in tests."""
    counts = {}
    for block, op in graph.iterblockops():
        counts[op.opname] = counts.get(op.opname, 0) + 1
    return counts


def checkgraph(graph):
    """Sanity checks on the graph structure; raises AssertionError on error."""
    exitblocks = {graph.returnblock: 1, graph.exceptblock: 2}
    for block, nbargs in exitblocks.items():
        assert len(block.inputargs) == nbargs, "%r has wrong inputargs" % block
        assert not block.operations, "final block %r has operations" % block
        assert not block.exits, "final block %r has exits" % block

    definedin = {}  # Variable -> Block
    for block in graph.iterblocks():
        if block in exitblocks:
            for v in block.inputargs:
                assert isinstance(v, Variable)
                definedin[v] = block
            continue
        assert block.exits, "non-final block %r has no exits" % (block,)
        assert isinstance(block.operations, list)
        defined = {}

        def define(v):
            assert isinstance(v, Variable), "not a Variable: %r" % (v,)
            assert v not in definedin, "variable %r defined twice" % (v,)
            definedin[v] = block
            defined[v] = True

        def use(v):
            if isinstance(v, Variable):
                assert v in defined, "variable %r used before definition in %r" % (
                    v,
                    block,
                )
            else:
                assert isinstance(v, Constant), "bad arg %r" % (v,)

        for v in block.inputargs:
            define(v)
        for op in block.operations:
            assert isinstance(op, SpaceOperation), "not an operation: %r" % (op,)
            for a in op.args:
                use(a)
            define(op.result)
        if block.exitswitch is None:
            assert len(block.exits) <= 1, "too many exits without exitswitch"
            if block.exits:
                assert block.exits[0].exitcase is None
        elif block.exitswitch is c_last_exception:
            assert len(block.operations) >= 1, "exception switch without op"
            # the raising operation's result is not visible on exception exits
            assert len(block.exits) >= 2
            assert block.exits[0].exitcase is None
            for link in block.exits[1:]:
                assert isinstance(link.exitcase, type) and issubclass(
                    link.exitcase, BaseException
                ), "bad exception exitcase %r" % (link.exitcase,)
        else:
            use(block.exitswitch)
            cases = [link.exitcase for link in block.exits]
            assert len(set(map(repr, cases))) == len(cases), "duplicate exitcase"
            if isinstance(block.exitswitch, Variable):
                assert block.exitswitch in defined
        for link in block.exits:
            assert link.prevblock is block, "link.prevblock mismatch in %r" % (block,)
            assert link.target is not None
            assert len(link.args) == len(link.target.inputargs), (
                "link arg count mismatch: %r" % (link,)
            )
            excvars = {}
            if block.exitswitch is c_last_exception and link is not block.exits[0]:
                for v in link.getextravars():
                    excvars[v] = True
            for a in link.args:
                if isinstance(a, Variable):
                    if a in excvars:
                        continue
                    assert a in defined, "link %r uses undefined %r" % (link, a)
                    if (
                        block.exitswitch is c_last_exception
                        and link is not block.exits[0]
                    ):
                        assert a is not block.operations[-1].result, (
                            "exception link uses the raising op's result"
                        )
                else:
                    assert isinstance(a, Constant), "bad link arg %r" % (a,)
