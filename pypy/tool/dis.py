"""Disassembler for the project's code objects (astcompiler.assemble.CodeObject).

    python pypy/tool/dis.py [--host-parser] FILE     # or: -c 'source'

prints every code object of FILE, nested ones after their parent.  Each line:
source line (when it changes), unit offset, ">>" on jump targets, opcode name,
argument and its meaning (constant repr, name, jump target, comparison...).
Exception-table entries are listed after each code object.
"""

import os
import sys

if __name__ == "__main__":
    # run as a script, this folder would shadow the standard library's `dis`
    _here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _here]
    sys.path.insert(0, os.path.dirname(os.path.dirname(_here)))

from pypy.interpreter.astcompiler import opcodes as ops  # noqa: E402
from pypy.interpreter.astcompiler.assemble import ConstCode  # noqa: E402


class Instruction(object):
    def __init__(self, offset, opcode, arg, cache_slot, size):
        self.offset = offset  # in units, of the first unit (EXTENDED_ARG included)
        self.opcode = opcode
        self.arg = arg
        self.cache_slot = cache_slot  # -1 when the opcode has no cache
        self.size = size

    @property
    def opname(self):
        return ops.opname[self.opcode]


def iter_instructions(code):
    """Decoded instructions: EXTENDED_ARG folded in, cache units skipped."""
    raw = code.co_code
    units = len(raw) // 2
    result = []
    i = 0
    while i < units:
        start = i
        arg = 0
        opcode = raw[2 * i]
        while opcode == ops.EXTENDED_ARG:
            arg = (arg | raw[2 * i + 1]) << 8
            i += 1
            opcode = raw[2 * i]
        arg |= raw[2 * i + 1]
        if opcode < ops.HAVE_ARGUMENT:
            arg = 0
        i += 1
        cache_slot = -1
        if opcode in ops.CACHED:
            cache_slot = raw[2 * i] | (raw[2 * i + 1] << 8)
            i += 1
        result.append(Instruction(start, opcode, arg, cache_slot, i - start))
    return result


def _fast_name(code, index):
    if 0 <= index < len(code.co_varnames):
        return code.co_varnames[index]
    return "<bad local %d>" % index


def describe_arg(code, instr):
    op = instr.opcode
    arg = instr.arg
    if op in ops.hasconst:
        return code.co_consts[arg].repr()
    if op in ops.hasname:
        return code.co_names[arg]
    if op in ops.haslocal:
        return _fast_name(code, arg)
    if op in (
        ops.LOAD_FAST_LOAD_FAST,
        ops.STORE_FAST_LOAD_FAST,
        ops.STORE_FAST_STORE_FAST,
    ):
        return "%s, %s" % (_fast_name(code, arg >> 4), _fast_name(code, arg & 15))
    if op in ops.hasfree:
        cells = code.co_cellvars + code.co_freevars
        return cells[arg]
    if op in ops.hasjump:
        return "to %d" % arg
    if op == ops.COMPARE_OP:
        return ops.cmp_op[arg]
    if op == ops.IS_OP:
        return "is not" if arg else "is"
    if op == ops.CONTAINS_OP:
        return "not in" if arg else "in"
    if op == ops.MAKE_FUNCTION:
        flags = []
        for name, bit in (
            ("defaults", ops.MAKE_DEFAULTS),
            ("kwdefaults", ops.MAKE_KWDEFAULTS),
            ("annotations", ops.MAKE_ANNOTATIONS),
            ("closure", ops.MAKE_CLOSURE),
        ):
            if arg & bit:
                flags.append(name)
        return ", ".join(flags)
    if op == ops.FORMAT_VALUE:
        text = ["", "str", "repr", "ascii"][arg & ops.FVC_MASK]
        if arg & ops.FVS_HAVE_SPEC:
            text = (text + ", with format").lstrip(", ")
        return text
    if op == ops.UNPACK_EX:
        return "%d before, %d after" % (arg & 0xFF, arg >> 8)
    return ""


def disassemble_one(code):
    lines = []
    targets = {}
    for instr in iter_instructions(code):
        if instr.opcode in ops.hasjump:
            targets[instr.arg] = None
    for entry in code.co_exceptiontable:
        targets[entry.handler] = None
    last_line = -1
    for instr in iter_instructions(code):
        line = code.line_for_unit(instr.offset)
        if line != last_line:
            line_text = "%4d" % line
            if lines:
                lines.append("")
            last_line = line
        else:
            line_text = "    "
        marker = ">>" if instr.offset in targets else "  "
        text = "%s %s %4d %s" % (line_text, marker, instr.offset, instr.opname)
        if instr.opcode >= ops.HAVE_ARGUMENT:
            text = "%-36s %d" % (text, instr.arg)
            meaning = describe_arg(code, instr)
            if meaning:
                text += " (%s)" % meaning
        lines.append(text.rstrip())
    if code.co_exceptiontable:
        lines.append("ExceptionTable:")
        for entry in code.co_exceptiontable:
            text = "  %d to %d -> %d [%d]" % (
                entry.start,
                entry.end,
                entry.handler,
                entry.depth,
            )
            if entry.push_lasti:
                text += " lasti"
            lines.append(text)
    return "\n".join(lines)


def disassemble(code, recursive=True):
    parts = ["Disassembly of %s:" % code_title(code), disassemble_one(code)]
    if recursive:
        for const in code.co_consts:
            if isinstance(const, ConstCode):
                parts.append("")
                parts.append(disassemble(const.code, True))
    return "\n".join(parts)


def code_title(code):
    return "<code object %s, line %d>" % (code.co_qualname, code.co_firstlineno)


def compile_source(source, filename, mode="exec", host_parser=False):
    """Our parser (or, with host_parser, CPython's ast) and our compiler."""
    from pypy.interpreter.astcompiler.codegen import compile_ast
    from pypy.interpreter.astcompiler.codegen import compile_source as compile_ours

    if not host_parser:
        return compile_ours(source, filename, mode)
    import ast as cpy_ast

    from pypy.interpreter.astcompiler.tools.from_cpython import convert

    tree = convert(cpy_ast.parse(source, filename, mode))
    return compile_ast(tree, filename, mode)


def main(argv):
    from pypy.interpreter.astcompiler.misc import CompilerRecursionError
    from pypy.interpreter.pyparser.error import PySyntaxError

    args = argv[1:]
    host_parser = False
    if args and args[0] == "--host-parser":
        host_parser = True
        args = args[1:]
    if len(args) == 2 and args[0] == "-c":
        source, filename = args[1], "<string>"
    elif len(args) == 1 and not args[0].startswith("-"):
        filename = args[0]
        try:
            with open(filename, "rb") as f:
                source = f.read()
        except OSError as e:
            print(
                "dis.py: cannot read %s: %s" % (filename, e.strerror), file=sys.stderr
            )
            return 2
    else:
        print(
            "usage: dis.py [--host-parser] FILE | dis.py [--host-parser] -c SOURCE",
            file=sys.stderr,
        )
        return 2
    try:
        code = compile_source(source, filename, "exec", host_parser)
    except SyntaxError as e:
        print("%s:%s: SyntaxError: %s" % (filename, e.lineno, e.msg), file=sys.stderr)
        return 1
    except PySyntaxError as e:
        print("%s:%d: %s" % (filename, e.lineno, e.format()), file=sys.stderr)
        return 1
    except CompilerRecursionError as e:
        print("%s: RecursionError: %s" % (filename, e.msg), file=sys.stderr)
        return 1
    print(disassemble(code))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
