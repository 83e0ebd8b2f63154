"""From the code generator's basic blocks to a CodeObject (RPython).

Steps, in order:
1. reachability: blocks nobody jumps or falls into are dropped;
2. stack depths: a walk over the control-flow graph computes the depth at the
   start of every block (handlers included), giving co_stacksize and the depth
   that the exception table restores;
3. exception targets: a second walk carries the stack of active SETUP_* handlers
   along the graph, so each instruction knows its handler; the pseudo opcodes then
   become NOPs;
4. superinstructions: adjacent LOAD_FAST/STORE_FAST pairs with small operands fuse,
   LOAD_CONST + RETURN_VALUE becomes RETURN_CONST;
5. layout: jump arguments are absolute unit indices, so sizes (EXTENDED_ARG
   prefixes) are iterated to a fixpoint;
6. emission of the code bytes, the line table and the exception table.
"""

from pypy.interpreter.astcompiler import opcodes as ops
from pypy.interpreter.astcompiler.constants import ConstValue
from pypy.interpreter.pyparser.error import PySyntaxError
from rpython.rlib.rstring import BytesBuilder


class Instr(object):
    """One instruction; `target` is set for jumps and SETUP_* pseudo ops."""

    def __init__(self, opcode, arg, lineno, target=None):
        self.opcode = opcode
        self.arg = arg
        self.lineno = lineno
        self.target = target
        self.handler = None  # Block: exception handler active here (step 3)
        self.offset = 0  # in units, set by the layout (step 5)

    def __repr__(self):
        if self.target is not None:
            return "<%s -> block %d>" % (ops.opname[self.opcode], self.target.index)
        return "<%s %d>" % (ops.opname[self.opcode], self.arg)


class Block(object):
    """A basic block: straight-line instructions; falls through to `next`
    unless its last instruction is a terminator."""

    def __init__(self, index):
        self.index = index
        self.instrs = []
        self.next = None  # the block that follows in the final layout
        self.start_depth = -1
        self.reachable = False
        self.except_stack = None  # list of handler Blocks, during step 3
        self.is_handler = False
        self.preserve_lasti = False
        self.offset = 0

    def last(self):
        if self.instrs:
            return self.instrs[-1]
        return None

    def falls_through(self):
        last = self.last()
        if last is None:
            return True
        return not is_terminator(last.opcode)


def is_terminator(opcode):
    return (
        opcode == ops.JUMP
        or opcode == ops.RETURN_VALUE
        or opcode == ops.RETURN_CONST
        or opcode == ops.RAISE_VARARGS
        or opcode == ops.RERAISE
    )


def is_pseudo_setup(opcode):
    return (
        opcode == ops.SETUP_FINALLY
        or opcode == ops.SETUP_CLEANUP
        or opcode == ops.SETUP_WITH
    )


class ExceptionTableEntry(object):
    """Instructions in units [start, end) jump to `handler` on an exception, with
    the value stack cut back to `depth` items (and f_lasti pushed first when
    `push_lasti`)."""

    def __init__(self, start, end, handler, depth, push_lasti):
        self.start = start
        self.end = end
        self.handler = handler
        self.depth = depth
        self.push_lasti = push_lasti


class ConstCode(ConstValue):
    """A nested code object inside co_consts."""

    def __init__(self, code):
        self.code = code

    def key(self):
        return "code%d" % id(self.code)

    def repr(self):
        return "<code object %s, line %d>" % (
            self.code.co_name,
            self.code.co_firstlineno,
        )

    def truth(self):
        return True

    def type_name(self):
        return "code"


class CodeObject(object):
    """Everything the interpreter needs to run one block of code.

    co_code: bytes of 2-byte units (see opcodes.py); co_consts: list of ConstValue
    (nested code as ConstCode); co_names: names for global/attribute/name ops;
    co_varnames: fast locals (parameters first); co_cellvars then co_freevars form
    the index space of the *_DEREF ops; co_cell2arg[i] is the parameter index whose
    value initialises cell i (-1: none); co_linetable: flat [unit, lineno, ...]
    pairs, one where the line changes; co_exceptiontable: ExceptionTableEntry
    list sorted by start; co_ncaches: size of the inline-cache array.
    """

    def __init__(self):
        self.co_argcount = 0
        self.co_posonlyargcount = 0
        self.co_kwonlyargcount = 0
        self.co_nlocals = 0
        self.co_stacksize = 0
        self.co_flags = 0
        self.co_code = b""
        self.co_consts = []
        self.co_names = []
        self.co_varnames = []
        self.co_cellvars = []
        self.co_freevars = []
        self.co_cell2arg = []
        self.co_filename = ""
        self.co_name = ""
        self.co_qualname = ""
        self.co_firstlineno = 0
        self.co_linetable = []
        self.co_exceptiontable = []
        self.co_ncaches = 0

    def line_for_unit(self, unit):
        line = self.co_firstlineno
        i = 0
        while i < len(self.co_linetable):
            if self.co_linetable[i] > unit:
                break
            line = self.co_linetable[i + 1]
            i += 2
        return line

    def find_handler(self, unit):
        for entry in self.co_exceptiontable:
            if entry.start <= unit < entry.end:
                return entry
        return None


# -- step 1 and 2 ---------------------------------------------------------------------


def successors(block):
    result = []
    for instr in block.instrs:
        if instr.target is not None:
            result.append(instr.target)
        if instr.handler is not None:
            result.append(instr.handler)
    if block.falls_through() and block.next is not None:
        result.append(block.next)
    return result


def mark_reachable(entry):
    todo = [entry]
    entry.reachable = True
    while todo:
        block = todo.pop()
        for succ in successors(block):
            if not succ.reachable:
                succ.reachable = True
                todo.append(succ)


def compute_stack_depths(entry, error_node_lineno):
    """Start depth of every reachable block; returns the maximum depth."""
    max_depth = 0
    entry.start_depth = 0
    todo = [entry]
    while todo:
        block = todo.pop()
        depth = block.start_depth
        fell = True
        for instr in block.instrs:
            if instr.target is not None:
                target_depth = depth + ops.stack_effect(instr.opcode, instr.arg, True)
                _set_depth(instr.target, target_depth, todo, error_node_lineno)
                if target_depth > max_depth:
                    max_depth = target_depth
                if instr.opcode == ops.SETUP_CLEANUP or instr.opcode == ops.SETUP_WITH:
                    instr.target.preserve_lasti = True
                if is_pseudo_setup(instr.opcode):
                    instr.target.is_handler = True
            depth += ops.stack_effect(instr.opcode, instr.arg, False)
            if depth < 0:
                raise PySyntaxError(
                    "internal compiler error: stack underflow", error_node_lineno
                )
            if depth > max_depth:
                max_depth = depth
            if is_terminator(instr.opcode):
                fell = False
                break
        if fell and block.next is not None:
            _set_depth(block.next, depth, todo, error_node_lineno)
    return max_depth


def _set_depth(block, depth, todo, lineno):
    if block.start_depth < 0:
        block.start_depth = depth
        todo.append(block)
    elif block.start_depth != depth:
        raise PySyntaxError(
            "internal compiler error: inconsistent stack depth (%d != %d)"
            % (block.start_depth, depth),
            lineno,
        )


# -- step 3 -----------------------------------------------------------------------


def label_exception_targets(entry):
    entry.except_stack = []
    todo = [entry]
    while todo:
        block = todo.pop()
        stack = list(block.except_stack)
        fell = True
        for instr in block.instrs:
            if is_pseudo_setup(instr.opcode):
                target = instr.target
                if target.except_stack is None:
                    target.except_stack = list(stack)
                    todo.append(target)
                stack.append(target)
                instr.opcode = ops.NOP
                instr.target = None
                instr.arg = 0
            elif instr.opcode == ops.POP_BLOCK:
                if stack:
                    stack.pop()
                instr.opcode = ops.NOP
                instr.arg = 0
            else:
                if stack:
                    instr.handler = stack[-1]
                if instr.target is not None:
                    target = instr.target
                    if target.except_stack is None:
                        target.except_stack = list(stack)
                        todo.append(target)
            if is_terminator(instr.opcode):
                fell = False
                break
        if fell and block.next is not None:
            nxt = block.next
            if nxt.except_stack is None:
                nxt.except_stack = stack
                todo.append(nxt)


# -- step 4 -----------------------------------------------------------------------


def fuse_superinstructions(blocks):
    for block in blocks:
        result = []
        instrs = block.instrs
        for i in range(len(instrs)):
            instr = instrs[i]
            if instr.opcode == ops.NOP:
                # keep a NOP only when it carries a line number nobody else has
                # (a `pass` still gets its line event)
                if instr.lineno <= 0:
                    continue
                if result and result[-1].lineno == instr.lineno:
                    continue
                if i + 1 < len(instrs) and instrs[i + 1].lineno == instr.lineno:
                    continue
            prev = None
            if result:
                prev = result[-1]
            if (
                prev is not None
                and prev.handler is instr.handler
                and prev.lineno == instr.lineno
            ):
                fused = _fuse(prev, instr)
                if fused:
                    continue
            result.append(instr)
        block.instrs = result


def _fuse(prev, instr):
    """Try to merge `instr` into `prev` (same block, same handler)."""
    small = prev.arg < 16 and instr.arg < 16
    if prev.opcode == ops.LOAD_FAST and instr.opcode == ops.LOAD_FAST and small:
        prev.opcode = ops.LOAD_FAST_LOAD_FAST
    elif prev.opcode == ops.STORE_FAST and instr.opcode == ops.LOAD_FAST and small:
        prev.opcode = ops.STORE_FAST_LOAD_FAST
    elif prev.opcode == ops.STORE_FAST and instr.opcode == ops.STORE_FAST and small:
        prev.opcode = ops.STORE_FAST_STORE_FAST
    elif prev.opcode == ops.LOAD_CONST and instr.opcode == ops.RETURN_VALUE:
        prev.opcode = ops.RETURN_CONST
        return True
    else:
        return False
    prev.arg = (prev.arg << 4) | instr.arg
    return True


# -- step 5 and 6 -----------------------------------------------------------------


def instr_size(instr):
    """Size in units, EXTENDED_ARG prefixes and cache units included."""
    arg = instr.arg
    size = 1
    while arg > 0xFF:
        size += 1
        arg >>= 8
    if instr.opcode in ops.CACHED:
        size += 1
    return size


def layout(blocks):
    for instr_list_block in blocks:
        for instr in instr_list_block.instrs:
            if instr.target is not None:
                instr.arg = 0
    while True:
        offset = 0
        for block in blocks:
            block.offset = offset
            for instr in block.instrs:
                instr.offset = offset
                offset += instr_size(instr)
        changed = False
        for block in blocks:
            for instr in block.instrs:
                if instr.target is not None:
                    old_size = instr_size(instr)
                    instr.arg = instr.target.offset
                    if instr_size(instr) != old_size:
                        changed = True
        if not changed:
            return offset


def emit(code, blocks, firstlineno):
    out = BytesBuilder()
    linetable = []
    last_line = -1
    ncaches = 0
    for block in blocks:
        for instr in block.instrs:
            if instr.lineno > 0 and instr.lineno != last_line:
                linetable.append(instr.offset)
                linetable.append(instr.lineno)
                last_line = instr.lineno
            arg = instr.arg
            shift = 0
            while (arg >> shift) > 0xFF:
                shift += 8
            while shift > 0:
                out.append_byte(ops.EXTENDED_ARG)
                out.append_byte((arg >> shift) & 0xFF)
                shift -= 8
            out.append_byte(instr.opcode)
            out.append_byte(arg & 0xFF)
            if instr.opcode in ops.CACHED:
                slot = ops.NO_CACHE_SLOT
                if ncaches < ops.NO_CACHE_SLOT:
                    slot = ncaches
                    ncaches += 1
                out.append_byte(slot & 0xFF)
                out.append_byte(slot >> 8)
    code.co_code = out.build()
    code.co_linetable = linetable
    code.co_ncaches = ncaches
    code.co_exceptiontable = build_exception_table(blocks)


def build_exception_table(blocks):
    entries = []
    current = None
    current_handler = None
    for block in blocks:
        for instr in block.instrs:
            handler = instr.handler
            end = instr.offset + instr_size(instr)
            if current is not None and handler is current_handler:
                current.end = end
                continue
            current = None
            current_handler = handler
            if handler is not None:
                depth = handler.start_depth - 1
                if handler.preserve_lasti:
                    depth -= 1
                current = ExceptionTableEntry(
                    instr.offset, end, handler.offset, depth, handler.preserve_lasti
                )
                entries.append(current)
    return entries


def assemble(code, entry, blocks, lineno):
    """Fill `code` (a CodeObject with names/consts already set) from the blocks,
    given in layout order with `entry` first."""
    for i in range(len(blocks) - 1):
        blocks[i].next = blocks[i + 1]
    mark_reachable(entry)
    # An unreachable handler stays out of the graph entirely.
    live = [block for block in blocks if block.reachable]
    for i in range(len(live) - 1):
        live[i].next = live[i + 1]
    if live:
        live[-1].next = None
    code.co_stacksize = compute_stack_depths(entry, lineno)
    label_exception_targets(entry)
    for block in live:
        if block.except_stack is None:
            block.except_stack = []
    fuse_superinstructions(live)
    optimize_jumps(live)
    live = drop_unreachable(entry, live)
    layout(live)
    emit(code, live, code.co_firstlineno)


CONDITIONAL_INVERSE = {
    ops.POP_JUMP_IF_FALSE: ops.POP_JUMP_IF_TRUE,
    ops.POP_JUMP_IF_TRUE: ops.POP_JUMP_IF_FALSE,
    ops.POP_JUMP_IF_NONE: ops.POP_JUMP_IF_NOT_NONE,
    ops.POP_JUMP_IF_NOT_NONE: ops.POP_JUMP_IF_NONE,
}


def first_instr(block):
    """The first instruction executed from `block` (empty blocks fall through)."""
    while block is not None and not block.instrs:
        block = block.next
    if block is None:
        return None
    return block.instrs[0]


def optimize_jumps(blocks):
    """`if-jump L; JUMP X; L:` -> `inverted-if-jump X; L:`, then jump threading
    (a jump to a JUMP goes straight to that JUMP's target)."""
    incoming = {}
    for block in blocks:
        for instr in block.instrs:
            if instr.target is not None:
                incoming[instr.target] = None
            if instr.handler is not None:
                incoming[instr.handler] = None
    for block in blocks:
        last = block.last()
        nxt = block.next
        if last is None or last.opcode not in CONDITIONAL_INVERSE or nxt is None:
            continue
        if len(nxt.instrs) != 1 or nxt.instrs[0].opcode != ops.JUMP:
            continue
        if nxt in incoming or nxt.instrs[0].handler is not last.handler:
            continue
        if first_instr(last.target) is not first_instr(nxt.next):
            continue
        jump = nxt.instrs[0]
        last.opcode = CONDITIONAL_INVERSE[last.opcode]
        last.target = jump.target
        nxt.instrs = []
    for block in blocks:
        for instr in block.instrs:
            if instr.opcode == ops.JUMP or instr.opcode in CONDITIONAL_INVERSE:
                for i in range(16):
                    first = first_instr(instr.target)
                    if first is None or first.opcode != ops.JUMP:
                        break
                    if first.handler is not instr.handler or first is instr:
                        break
                    instr.target = first.target


def drop_unreachable(entry, blocks):
    for block in blocks:
        block.reachable = False
    mark_reachable(entry)
    live = [block for block in blocks if block.reachable]
    for i in range(len(live) - 1):
        live[i].next = live[i + 1]
    if live:
        live[-1].next = None
    return live
