"""Code generation: AST (after symtable and constant folding) -> basic blocks (RPython).

One CompilerUnit per code object being built (module, class body, function, lambda,
comprehension); units nest like the scopes.  Statements and expressions emit
instructions into the unit's current basic block; control flow creates new blocks
and jumps between them.  Exception handling uses the SETUP_FINALLY /
SETUP_CLEANUP / SETUP_WITH / POP_BLOCK pseudo instructions, which assemble.py turns
into the exception table; the instruction sequences for try/except/finally/with
follow CPython 3.11's so that the run-time semantics of the exception opcodes are
CPython's.  A stack of "frame blocks" (loops, try bodies, handlers, with bodies)
says what `break`, `continue` and `return` must undo on their way out.

Entry point: compile_ast(tree, filename, mode, flags, optimize) -> CodeObject.
"""

from pypy.interpreter.astcompiler import ast, symtable
from pypy.interpreter.astcompiler import opcodes as ops
from pypy.interpreter.astcompiler.assemble import (
    Block,
    CodeObject,
    ConstCode,
    Instr,
    assemble,
    is_pseudo_setup,
    is_terminator,
)
from pypy.interpreter.astcompiler.constants import (
    CONST_NONE,
    ConstInt,
    ConstStr,
    ConstTuple,
    const_bool,
)
from pypy.interpreter.astcompiler.misc import (
    CompilerRecursionError,
    mangle,
    syntax_error,
)
from pypy.interpreter.astcompiler.optimize import optimize_ast

# frame block kinds
F_WHILE_LOOP = 0
F_FOR_LOOP = 1
F_TRY_EXCEPT = 2
F_FINALLY_TRY = 3
F_FINALLY_END = 4
F_WITH = 5
F_ASYNC_WITH = 6
F_HANDLER_CLEANUP = 7
F_POP_VALUE = 8
F_EXCEPTION_HANDLER = 9
F_EXCEPTION_GROUP_HANDLER = 10
F_ASYNC_COMPREHENSION_GENERATOR = 11

MAX_BLOCKS = 20  # CPython's CO_MAXBLOCKS

CTX_LOAD = 0
CTX_STORE = 1
CTX_DEL = 2

BINOP_NAMES = {
    "Add": "ADD",
    "Sub": "SUBTRACT",
    "Mult": "MULTIPLY",
    "MatMult": "MATRIX_MULTIPLY",
    "Div": "TRUE_DIVIDE",
    "FloorDiv": "FLOOR_DIVIDE",
    "Mod": "MODULO",
    "Pow": "POWER",
    "LShift": "LSHIFT",
    "RShift": "RSHIFT",
    "BitAnd": "AND",
    "BitXor": "XOR",
    "BitOr": "OR",
}
# operator `kind` (1-based, generated order) -> opcode offset from BINARY_ADD
_BINOP_OFFSET = {}
for _cls_name, _op_name in BINOP_NAMES.items():
    _BINOP_OFFSET[getattr(ast, _cls_name).kind] = ops.BINARY_OPS.index(_op_name)


def binary_opcode(op, inplace):
    offset = _BINOP_OFFSET[op.kind]
    if inplace:
        return ops.INPLACE_ADD + offset
    return ops.BINARY_ADD + offset


class FrameBlock(object):
    def __init__(self, kind, block, exit, node):
        self.kind = kind
        self.block = block
        self.exit = exit
        self.node = node  # finally body owner / with stmt / handler name holder
        self.name = None  # HANDLER_CLEANUP: the `as` name to clear


class CompilerUnit(object):
    """The code object under construction for one scope."""

    def __init__(self, scope, name, qualname, firstlineno):
        self.scope = scope
        self.name = name
        self.qualname = qualname
        self.firstlineno = firstlineno
        self.blocks = []
        self.current = None
        self.consts = []
        self.const_index = {}  # ConstValue.key() -> index
        self.names = []
        self.name_index = {}
        self.varnames = []
        self.varname_index = {}
        self.cellvars = scope.cell_names()
        self.freevars = scope.free_names()
        self.fblocks = []
        self.lineno = firstlineno
        self.private_class = scope.private_class
        self.argcount = 0
        self.posonlyargcount = 0
        self.kwonlyargcount = 0
        self.is_async_function = False
        self.in_async_comprehension = False
        for param in scope.params:
            self.add_varname(param)

    def add_varname(self, name):
        if name in self.varname_index:
            return self.varname_index[name]
        index = len(self.varnames)
        self.varnames.append(name)
        self.varname_index[name] = index
        return index

    def add_name(self, name):
        if name in self.name_index:
            return self.name_index[name]
        index = len(self.names)
        self.names.append(name)
        self.name_index[name] = index
        return index

    def add_const(self, value):
        key = value.key()
        if key in self.const_index:
            return self.const_index[key]
        index = len(self.consts)
        self.consts.append(value)
        self.const_index[key] = index
        return index

    def deref_index(self, name):
        for i in range(len(self.cellvars)):
            if self.cellvars[i] == name:
                return i
        for i in range(len(self.freevars)):
            if self.freevars[i] == name:
                return len(self.cellvars) + i
        raise KeyError(name)


def is_none_test(test):
    """Is `test` the comparison `x is None` or `x is not None`?"""
    if not isinstance(test, ast.Compare) or len(test.ops) != 1:
        return False
    op = test.ops[0]
    if not isinstance(op, ast.Is) and not isinstance(op, ast.IsNot):
        return False
    right = test.comparators[0]
    return isinstance(right, ast.Constant) and right.value is CONST_NONE


def find_docstring(body):
    if not body:
        return None
    first = body[0]
    if isinstance(first, ast.Expr):
        expr = first.value
        if isinstance(expr, ast.Constant):
            value = expr.value
            if isinstance(value, ConstStr):
                return value
    return None


class AnnotationFinder(ast.GenericASTVisitor):
    """Does a block body contain an annotated assignment (not in nested defs)?"""

    def __init__(self):
        self.found = False

    def visit_AnnAssign(self, node):
        self.found = True

    def visit_FunctionDef(self, node):
        pass

    def visit_AsyncFunctionDef(self, node):
        pass

    def visit_ClassDef(self, node):
        pass

    def visit_Lambda(self, node):
        pass


def has_annotations(body):
    finder = AnnotationFinder()
    for stmt in body:
        stmt.walkabout(finder)
    return finder.found


class PatternContext(object):
    """State while compiling one case's pattern: the blocks that pop n items and
    go to the next case, names bound so far, and the items above the subject."""

    def __init__(self):
        self.fail_pop = []
        self.on_top = 0
        self.stores = []
        self.allow_irrefutable = False


class CodeGenerator(ast.ASTVisitor):
    def __init__(self, symbols, filename, future_flags, optimize, interactive):
        self.symbols = symbols
        self.filename = filename
        self.future_flags = future_flags
        self.optimize = optimize
        self.interactive = interactive
        self.unit = None
        self.units = []
        self.block_counter = 0

    # -- units and blocks ------------------------------------------------------------

    def enter_unit(self, scope, name, qualname, firstlineno):
        unit = CompilerUnit(scope, name, qualname, firstlineno)
        if self.unit is not None:
            self.units.append(self.unit)
        self.unit = unit
        entry = self.new_block()
        self.use_block(entry)
        return unit

    def exit_unit(self, flags):
        unit = self.unit
        code = CodeObject()
        code.co_name = unit.name
        code.co_qualname = unit.qualname
        code.co_filename = self.filename
        code.co_firstlineno = unit.firstlineno
        code.co_argcount = unit.argcount
        code.co_posonlyargcount = unit.posonlyargcount
        code.co_kwonlyargcount = unit.kwonlyargcount
        code.co_consts = unit.consts
        code.co_names = unit.names
        code.co_varnames = unit.varnames
        code.co_nlocals = len(unit.varnames)
        code.co_cellvars = unit.cellvars
        code.co_freevars = unit.freevars
        cell2arg = []
        for name in unit.cellvars:
            index = -1
            if name in unit.scope.params:
                index = unit.varname_index[name]
            cell2arg.append(index)
        code.co_cell2arg = cell2arg
        code.co_flags = flags
        assemble(code, unit.blocks[0], unit.blocks, unit.firstlineno)
        if self.units:
            self.unit = self.units.pop()
        else:
            self.unit = None
        return code

    def new_block(self):
        self.block_counter += 1
        return Block(self.block_counter)

    def use_block(self, block):
        self.unit.blocks.append(block)
        self.unit.current = block

    def current_is_terminated(self):
        last = self.unit.current.last()
        return last is not None and is_terminator(last.opcode)

    def emit(self, opcode, arg=0):
        if self.current_is_terminated():
            self.use_block(self.new_block())
        self.unit.current.instrs.append(Instr(opcode, arg, self.unit.lineno))

    def emit_jump(self, opcode, target):
        if self.current_is_terminated():
            self.use_block(self.new_block())
        self.unit.current.instrs.append(Instr(opcode, 0, self.unit.lineno, target))
        if opcode != ops.JUMP and not is_pseudo_setup(opcode):
            # conditional jumps end a basic block
            self.use_block(self.new_block())

    def emit_no_line(self, opcode, arg=0):
        saved = self.unit.lineno
        self.unit.lineno = -1
        self.emit(opcode, arg)
        self.unit.lineno = saved

    def load_const(self, value):
        self.emit(ops.LOAD_CONST, self.unit.add_const(value))

    def set_lineno(self, node):
        self.unit.lineno = node.lineno

    def error(self, msg, node):
        return syntax_error(msg, node)

    # -- frame blocks ----------------------------------------------------------------

    def push_fblock(self, kind, block, exit, node):
        if len(self.unit.fblocks) >= MAX_BLOCKS:
            raise self.error("too many statically nested blocks", node)
        fblock = FrameBlock(kind, block, exit, node)
        self.unit.fblocks.append(fblock)
        return fblock

    def pop_fblock(self):
        self.unit.fblocks.pop()

    def unwind_fblock(self, fblock, preserve_tos):
        kind = fblock.kind
        if (
            kind == F_WHILE_LOOP
            or kind == F_EXCEPTION_HANDLER
            or kind == F_EXCEPTION_GROUP_HANDLER
            or kind == F_ASYNC_COMPREHENSION_GENERATOR
        ):
            return
        if kind == F_FOR_LOOP:
            if preserve_tos:
                self.emit(ops.SWAP, 2)
            self.emit(ops.POP_TOP)
        elif kind == F_TRY_EXCEPT:
            self.emit(ops.POP_BLOCK)
        elif kind == F_FINALLY_TRY:
            self.emit(ops.POP_BLOCK)
            if preserve_tos:
                self.push_fblock(F_POP_VALUE, None, None, None)
            node = fblock.node
            assert isinstance(node, ast.Try) or isinstance(node, ast.TryStar)
            self.visit_body(node.finalbody)
            if preserve_tos:
                self.pop_fblock()
        elif kind == F_FINALLY_END:
            if preserve_tos:
                self.emit(ops.SWAP, 2)
            self.emit(ops.POP_TOP)
            if preserve_tos:
                self.emit(ops.SWAP, 2)
            self.emit(ops.POP_BLOCK)
            self.emit(ops.POP_EXCEPT)
        elif kind == F_WITH or kind == F_ASYNC_WITH:
            self.set_lineno(fblock.node)
            self.emit(ops.POP_BLOCK)
            if preserve_tos:
                self.emit(ops.SWAP, 2)
            self.call_exit_with_nones()
            if kind == F_ASYNC_WITH:
                self.emit(ops.GET_AWAITABLE, 2)
                self.load_const(CONST_NONE)
                self.emit(ops.YIELD_FROM)
            self.emit(ops.POP_TOP)
        elif kind == F_HANDLER_CLEANUP:
            if fblock.name is not None:
                self.emit(ops.POP_BLOCK)
            if preserve_tos:
                self.emit(ops.SWAP, 2)
            self.emit(ops.POP_BLOCK)
            self.emit(ops.POP_EXCEPT)
            if fblock.name is not None:
                self.load_const(CONST_NONE)
                self.nameop(fblock.name, CTX_STORE, fblock.node)
                self.nameop(fblock.name, CTX_DEL, fblock.node)
        elif kind == F_POP_VALUE:
            if preserve_tos:
                self.emit(ops.SWAP, 2)
            self.emit(ops.POP_TOP)

    def unwind_fblock_stack(self, preserve_tos, want_loop, node):
        """Emit the clean-up of every frame block up to the innermost loop (or all
        of them); returns that loop's FrameBlock or None."""
        fblocks = self.unit.fblocks
        if not fblocks:
            return None
        top = fblocks[-1]
        if top.kind == F_EXCEPTION_GROUP_HANDLER:
            raise self.error(
                "'break', 'continue' and 'return' cannot appear in an except* block",
                node,
            )
        if want_loop and (top.kind == F_WHILE_LOOP or top.kind == F_FOR_LOOP):
            return top
        fblocks.pop()
        self.unwind_fblock(top, preserve_tos)
        result = self.unwind_fblock_stack(preserve_tos, want_loop, node)
        fblocks.append(top)
        return result

    def call_exit_with_nones(self):
        self.load_const(CONST_NONE)
        self.load_const(CONST_NONE)
        self.load_const(CONST_NONE)
        self.emit(ops.CALL, 3)

    # -- names -------------------------------------------------------------------------

    def nameop(self, name, ctx, node):
        if name == "__debug__":
            if ctx == CTX_STORE:
                raise self.error("cannot assign to __debug__", node)
            if ctx == CTX_DEL:
                raise self.error("cannot delete __debug__", node)
            self.load_const(const_bool(self.optimize == 0))
            return
        unit = self.unit
        mangled = mangle(name, unit.private_class)
        scope = unit.scope
        sc = scope.lookup(mangled)
        is_function = scope.block_type == symtable.BLOCK_FUNCTION
        if sc == symtable.SCOPE_FREE or sc == symtable.SCOPE_CELL:
            index = unit.deref_index(mangled)
            if ctx == CTX_LOAD:
                if scope.block_type == symtable.BLOCK_CLASS:
                    self.emit(ops.LOAD_CLASSDEREF, index)
                else:
                    self.emit(ops.LOAD_DEREF, index)
            elif ctx == CTX_STORE:
                self.emit(ops.STORE_DEREF, index)
            else:
                self.emit(ops.DELETE_DEREF, index)
            return
        if sc == symtable.SCOPE_LOCAL and is_function:
            index = unit.add_varname(mangled)
            if ctx == CTX_LOAD:
                self.emit(ops.LOAD_FAST, index)
            elif ctx == CTX_STORE:
                self.emit(ops.STORE_FAST, index)
            else:
                self.emit(ops.DELETE_FAST, index)
            return
        index = unit.add_name(mangled)
        if sc == symtable.SCOPE_GLOBAL_EXPLICIT or (
            sc == symtable.SCOPE_GLOBAL_IMPLICIT and is_function
        ):
            if ctx == CTX_LOAD:
                self.emit(ops.LOAD_GLOBAL, index)
            elif ctx == CTX_STORE:
                self.emit(ops.STORE_GLOBAL, index)
            else:
                self.emit(ops.DELETE_GLOBAL, index)
            return
        if ctx == CTX_LOAD:
            self.emit(ops.LOAD_NAME, index)
        elif ctx == CTX_STORE:
            self.emit(ops.STORE_NAME, index)
        else:
            self.emit(ops.DELETE_NAME, index)

    def mangled_name_index(self, name):
        return self.unit.add_name(mangle(name, self.unit.private_class))

    # -- modules ---------------------------------------------------------------------

    def compile_module(self, tree):
        top = self.symbols.top
        self.enter_unit(top, "<module>", "<module>", 1)
        if isinstance(tree, ast.Module):
            self.compile_body_with_docstring(tree.body, True)
            self.load_const(CONST_NONE)
            self.emit(ops.RETURN_VALUE)
        elif isinstance(tree, ast.Interactive):
            if has_annotations(tree.body):
                self.emit(ops.SETUP_ANNOTATIONS)
            for stmt in tree.body:
                stmt.walkabout(self)
            self.load_const(CONST_NONE)
            self.emit(ops.RETURN_VALUE)
        elif isinstance(tree, ast.Expression):
            tree.body.walkabout(self)
            self.emit(ops.RETURN_VALUE)
        else:
            raise self.error("unsupported module kind", tree)
        return self.exit_unit(0)

    def compile_body_with_docstring(self, body, is_module):
        if has_annotations(body):
            self.emit(ops.SETUP_ANNOTATIONS)
        start = 0
        docstring = find_docstring(body)
        if docstring is not None and self.optimize < 2:
            self.set_lineno(body[0])
            body[0].value.walkabout(self)
            self.nameop("__doc__", CTX_STORE, body[0])
            start = 1
        elif docstring is not None:
            start = 1
        for stmt in body[start:]:
            stmt.walkabout(self)

    def visit_body(self, body):
        for stmt in body:
            stmt.walkabout(self)

    # -- functions and classes -------------------------------------------------------

    def qualname_for(self, name, scope):
        unit = self.unit
        if unit.scope.block_type == symtable.BLOCK_MODULE:
            return name
        parent = unit.scope
        if scope.block_type != symtable.BLOCK_MODULE:
            mangled = mangle(name, unit.private_class)
            if parent.lookup(mangled) == symtable.SCOPE_GLOBAL_EXPLICIT:
                return name
        if parent.block_type == symtable.BLOCK_FUNCTION:
            return unit.qualname + ".<locals>." + name
        return unit.qualname + "." + name

    def check_argument_names(self, args, node):
        all_args = args.posonlyargs + args.args + args.kwonlyargs
        if args.vararg is not None:
            all_args.append(args.vararg)
        if args.kwarg is not None:
            all_args.append(args.kwarg)
        for arg in all_args:
            if arg.arg == "__debug__":
                # CPython reports it at the whole definition
                raise self.error("cannot assign to __debug__", node)

    def visit_defaults(self, args):
        flags = 0
        if args.defaults:
            if self._all_constants(args.defaults):
                values = []
                for default in args.defaults:
                    assert isinstance(default, ast.Constant)
                    values.append(default.value)
                self.load_const(ConstTuple(values))
            else:
                for default in args.defaults:
                    default.walkabout(self)
                self.emit(ops.BUILD_TUPLE, len(args.defaults))
            flags |= ops.MAKE_DEFAULTS
        count = 0
        for i in range(len(args.kwonlyargs)):
            default = args.kw_defaults[i]
            if default is not None:
                name = mangle(args.kwonlyargs[i].arg, self.unit.private_class)
                self.load_const(ConstStr(name))
                default.walkabout(self)
                count += 1
        if count:
            self.emit(ops.BUILD_MAP, count)
            flags |= ops.MAKE_KWDEFAULTS
        return flags

    def visit_annotation_value(self, annotation):
        if self.future_flags & symtable.CO_FUTURE_ANNOTATIONS:
            from pypy.interpreter.astcompiler.unparse import unparse

            self.load_const(ConstStr(unparse(annotation)))
        else:
            annotation.walkabout(self)

    def visit_annotations(self, args, returns):
        count = 0
        all_args = args.args + args.posonlyargs
        if args.vararg is not None:
            all_args.append(args.vararg)
        all_args = all_args + args.kwonlyargs
        if args.kwarg is not None:
            all_args.append(args.kwarg)
        for arg in all_args:
            annotation = arg.annotation
            if annotation is not None:
                self.load_const(ConstStr(mangle(arg.arg, self.unit.private_class)))
                if isinstance(annotation, ast.Starred) and not (
                    self.future_flags & symtable.CO_FUTURE_ANNOTATIONS
                ):
                    # `*args: *Ts` stores the single item of the unpacked value
                    annotation.value.walkabout(self)
                    self.emit(ops.UNPACK_SEQUENCE, 1)
                else:
                    self.visit_annotation_value(annotation)
                count += 1
        if returns is not None:
            self.load_const(ConstStr("return"))
            self.visit_annotation_value(returns)
            count += 1
        if count:
            self.emit(ops.BUILD_TUPLE, 2 * count)
            return ops.MAKE_ANNOTATIONS
        return 0

    def make_closure(self, code, flags, node):
        if code.co_freevars:
            for name in code.co_freevars:
                self.emit(ops.LOAD_CLOSURE, self._closure_index(name, node))
            self.emit(ops.BUILD_TUPLE, len(code.co_freevars))
            flags |= ops.MAKE_CLOSURE
        self.load_const(ConstCode(code))
        self.emit(ops.MAKE_FUNCTION, flags)

    def _closure_index(self, name, node):
        unit = self.unit
        sc = unit.scope.lookup(name)
        if sc == symtable.SCOPE_CELL or (
            name == "__class__" and unit.scope.needs_class_closure
        ):
            for i in range(len(unit.cellvars)):
                if unit.cellvars[i] == name:
                    return i
        for i in range(len(unit.freevars)):
            if unit.freevars[i] == name:
                return len(unit.cellvars) + i
        for i in range(len(unit.cellvars)):
            if unit.cellvars[i] == name:
                return i
        raise self.error("internal compiler error: no cell for '%s'" % name, node)

    def code_flags(self, scope):
        flags = 0
        if scope.block_type == symtable.BLOCK_FUNCTION:
            flags |= ops.CO_OPTIMIZED | ops.CO_NEWLOCALS
            if scope.nested:
                flags |= ops.CO_NESTED
            if scope.is_generator and scope.is_coroutine:
                flags |= ops.CO_ASYNC_GENERATOR
            elif scope.is_generator:
                flags |= ops.CO_GENERATOR
            elif scope.is_coroutine:
                flags |= ops.CO_COROUTINE
        flags |= self.future_flags & symtable.CO_FUTURE_ANNOTATIONS
        return flags

    def _function(self, node, name, args, body, decorators, returns, is_async):
        for decorator in decorators:
            decorator.walkabout(self)
        firstlineno = node.lineno
        if decorators:
            firstlineno = decorators[0].lineno
        self.check_argument_names(args, node)
        flags = self.visit_defaults(args)
        flags |= self.visit_annotations(args, returns)
        scope = self.symbols.find_scope(node)
        qualname = self.qualname_for(name, scope)
        unit = self.enter_unit(scope, name, qualname, firstlineno)
        unit.is_async_function = is_async
        unit.argcount = len(args.posonlyargs) + len(args.args)
        unit.posonlyargcount = len(args.posonlyargs)
        unit.kwonlyargcount = len(args.kwonlyargs)
        docstring = find_docstring(body)
        start = 0
        if docstring is not None and self.optimize < 2:
            unit.add_const(docstring)
            start = 1
        else:
            unit.add_const(CONST_NONE)
            if docstring is not None:
                start = 1
        for stmt in body[start:]:
            stmt.walkabout(self)
        self.load_const(CONST_NONE)
        self.emit(ops.RETURN_VALUE)
        code_flags = self.code_flags(scope)
        if args.vararg is not None:
            code_flags |= ops.CO_VARARGS
        if args.kwarg is not None:
            code_flags |= ops.CO_VARKEYWORDS
        code = self.exit_unit(code_flags)
        self.set_lineno(node)
        self.make_closure(code, flags, node)
        for i in range(len(decorators)):
            self.emit(ops.CALL, 1)
        self.nameop(name, CTX_STORE, node)

    def visit_FunctionDef(self, node):
        self.set_lineno(node)
        self._function(
            node,
            node.name,
            node.args,
            node.body,
            node.decorator_list,
            node.returns,
            False,
        )

    def visit_AsyncFunctionDef(self, node):
        self.set_lineno(node)
        self._function(
            node,
            node.name,
            node.args,
            node.body,
            node.decorator_list,
            node.returns,
            True,
        )

    def visit_Lambda(self, node):
        self.set_lineno(node)
        self.check_argument_names(node.args, node)
        flags = self.visit_defaults(node.args)
        scope = self.symbols.find_scope(node)
        qualname = self.qualname_for("<lambda>", scope)
        unit = self.enter_unit(scope, "<lambda>", qualname, node.lineno)
        unit.argcount = len(node.args.posonlyargs) + len(node.args.args)
        unit.posonlyargcount = len(node.args.posonlyargs)
        unit.kwonlyargcount = len(node.args.kwonlyargs)
        unit.add_const(CONST_NONE)
        node.body.walkabout(self)
        self.emit(ops.RETURN_VALUE)
        code_flags = self.code_flags(scope)
        if node.args.vararg is not None:
            code_flags |= ops.CO_VARARGS
        if node.args.kwarg is not None:
            code_flags |= ops.CO_VARKEYWORDS
        code = self.exit_unit(code_flags)
        self.make_closure(code, flags, node)

    def visit_ClassDef(self, node):
        self.set_lineno(node)
        for decorator in node.decorator_list:
            decorator.walkabout(self)
        firstlineno = node.lineno
        if node.decorator_list:
            firstlineno = node.decorator_list[0].lineno
        scope = self.symbols.find_scope(node)
        qualname = self.qualname_for(node.name, scope)
        self.enter_unit(scope, node.name, qualname, firstlineno)
        self.set_lineno(node)
        self.nameop("__name__", CTX_LOAD, node)
        self.nameop("__module__", CTX_STORE, node)
        self.load_const(ConstStr(qualname))
        self.nameop("__qualname__", CTX_STORE, node)
        self.compile_body_with_docstring(node.body, False)
        if scope.needs_class_closure:
            self.emit(ops.LOAD_CLOSURE, self.unit.deref_index("__class__"))
            self.emit(ops.COPY, 1)
            self.nameop("__classcell__", CTX_STORE, node)
        else:
            self.load_const(CONST_NONE)
        self.emit(ops.RETURN_VALUE)
        code = self.exit_unit(self.code_flags(scope))
        self.set_lineno(node)
        self.emit(ops.LOAD_BUILD_CLASS)
        self.make_closure(code, 0, node)
        self.load_const(ConstStr(node.name))
        self.call_helper(2, node.bases, node.keywords, node)
        for i in range(len(node.decorator_list)):
            self.emit(ops.CALL, 1)
        self.nameop(node.name, CTX_STORE, node)

    # -- simple statements -----------------------------------------------------------

    def visit_Expr(self, node):
        self.set_lineno(node)
        if self.interactive and self.unit.scope.block_type == symtable.BLOCK_MODULE:
            node.value.walkabout(self)
            self.emit(ops.PRINT_EXPR)
            return
        if isinstance(node.value, ast.Constant):
            self.emit(ops.NOP)
            return
        node.value.walkabout(self)
        self.emit(ops.POP_TOP)

    def visit_Pass(self, node):
        self.set_lineno(node)
        self.emit(ops.NOP)

    def visit_Global(self, node):
        self.set_lineno(node)

    def visit_Nonlocal(self, node):
        self.set_lineno(node)

    def visit_Return(self, node):
        self.set_lineno(node)
        scope = self.unit.scope
        if scope.block_type != symtable.BLOCK_FUNCTION:
            raise self.error("'return' outside function", node)
        if node.value is not None and scope.is_coroutine and scope.is_generator:
            raise self.error("'return' with value in async generator", node)
        preserve_tos = node.value is not None and not isinstance(
            node.value, ast.Constant
        )
        if preserve_tos:
            node.value.walkabout(self)
        self.unwind_fblock_stack(preserve_tos, False, node)
        self.set_lineno(node)
        if node.value is None:
            self.load_const(CONST_NONE)
        elif not preserve_tos:
            node.value.walkabout(self)
        self.emit(ops.RETURN_VALUE)

    def visit_Break(self, node):
        self.set_lineno(node)
        loop = self.unwind_fblock_stack(False, True, node)
        if loop is None:
            raise self.error("'break' outside loop", node)
        self.unwind_fblock(loop, False)
        self.emit_jump(ops.JUMP, loop.exit)

    def visit_Continue(self, node):
        self.set_lineno(node)
        loop = self.unwind_fblock_stack(False, True, node)
        if loop is None:
            raise self.error("'continue' not properly in loop", node)
        self.emit_jump(ops.JUMP, loop.block)

    def visit_Raise(self, node):
        self.set_lineno(node)
        count = 0
        if node.exc is not None:
            node.exc.walkabout(self)
            count = 1
            if node.cause is not None:
                node.cause.walkabout(self)
                count = 2
        self.emit(ops.RAISE_VARARGS, count)

    def visit_Assert(self, node):
        self.set_lineno(node)
        if self.optimize:
            return
        end = self.new_block()
        self.jump_if(node.test, True, end)
        self.emit(ops.LOAD_ASSERTION_ERROR)
        if node.msg is not None:
            node.msg.walkabout(self)
            self.emit(ops.CALL, 1)
        self.emit(ops.RAISE_VARARGS, 1)
        self.use_block(end)

    def visit_Import(self, node):
        self.set_lineno(node)
        for alias in node.names:
            self.load_const(ConstInt(0))
            self.load_const(CONST_NONE)
            self.emit(ops.IMPORT_NAME, self.unit.add_name(alias.name))
            if alias.asname is not None:
                name = alias.name
                dot = name.find(".")
                if dot >= 0:
                    while True:
                        pos = dot + 1
                        dot = name.find(".", pos)
                        if dot < 0:
                            attr = name[pos:]
                        else:
                            attr = name[pos:dot]
                        self.emit(ops.IMPORT_FROM, self.unit.add_name(attr))
                        if dot < 0:
                            break
                        self.emit(ops.SWAP, 2)
                        self.emit(ops.POP_TOP)
                    self.nameop(alias.asname, CTX_STORE, node)
                    self.emit(ops.POP_TOP)
                else:
                    self.nameop(alias.asname, CTX_STORE, node)
            else:
                store = alias.name
                dot = store.find(".")
                if dot >= 0:
                    store = store[:dot]
                self.nameop(store, CTX_STORE, node)

    def visit_ImportFrom(self, node):
        self.set_lineno(node)
        self.load_const(ConstInt(node.level))
        names = [ConstStr(alias.name) for alias in node.names]
        self.load_const(ConstTuple(names))
        module = node.module
        if module is None:
            module = ""
        self.emit(ops.IMPORT_NAME, self.unit.add_name(module))
        if len(node.names) == 1 and node.names[0].name == "*":
            self.emit(ops.IMPORT_STAR)
            return
        for alias in node.names:
            self.emit(ops.IMPORT_FROM, self.unit.add_name(alias.name))
            store = alias.asname
            if store is None:
                store = alias.name
            self.nameop(store, CTX_STORE, node)
        self.emit(ops.POP_TOP)

    # -- assignments -----------------------------------------------------------------

    def visit_Assign(self, node):
        self.set_lineno(node)
        node.value.walkabout(self)
        for i in range(len(node.targets)):
            if i < len(node.targets) - 1:
                self.emit(ops.COPY, 1)
            node.targets[i].walkabout(self)

    def visit_AugAssign(self, node):
        self.set_lineno(node)
        target = node.target
        opcode = binary_opcode(node.op, True)
        if isinstance(target, ast.Name):
            self.nameop(target.id, CTX_LOAD, target)
            node.value.walkabout(self)
            self.emit(opcode)
            self.nameop(target.id, CTX_STORE, target)
        elif isinstance(target, ast.Attribute):
            target.value.walkabout(self)
            self.emit(ops.COPY, 1)
            index = self.mangled_name_index(target.attr)
            self.emit(ops.LOAD_ATTR, index)
            node.value.walkabout(self)
            self.emit(opcode)
            self.emit(ops.SWAP, 2)
            self.emit(ops.STORE_ATTR, index)
        elif isinstance(target, ast.Subscript):
            target.value.walkabout(self)
            target.slice.walkabout(self)
            self.emit(ops.COPY, 2)
            self.emit(ops.COPY, 2)
            self.emit(ops.BINARY_SUBSCR)
            node.value.walkabout(self)
            self.emit(opcode)
            self.emit(ops.SWAP, 3)
            self.emit(ops.SWAP, 2)
            self.emit(ops.STORE_SUBSCR)
        else:
            raise self.error("illegal expression for augmented assignment", target)

    def visit_AnnAssign(self, node):
        self.set_lineno(node)
        target = node.target
        if node.value is not None:
            node.value.walkabout(self)
            target.walkabout(self)
        if isinstance(target, ast.Name):
            if target.id == "__debug__":
                raise self.error("cannot assign to __debug__", target)
            block_type = self.unit.scope.block_type
            if node.simple and block_type != symtable.BLOCK_FUNCTION:
                self.visit_annotation_value(node.annotation)
                self.emit(ops.LOAD_NAME, self.unit.add_name("__annotations__"))
                name = mangle(target.id, self.unit.private_class)
                self.load_const(ConstStr(name))
                self.emit(ops.STORE_SUBSCR)
        elif isinstance(target, ast.Attribute):
            if node.value is None:
                target.value.walkabout(self)
                self.emit(ops.POP_TOP)
        elif isinstance(target, ast.Subscript):
            if node.value is None:
                target.value.walkabout(self)
                self.emit(ops.POP_TOP)
                target.slice.walkabout(self)
                self.emit(ops.POP_TOP)
        # the annotation of a complex target is evaluated (and dropped) last
        if not node.simple and not (self.future_flags & symtable.CO_FUTURE_ANNOTATIONS):
            if self.unit.scope.block_type != symtable.BLOCK_FUNCTION:
                node.annotation.walkabout(self)
                self.emit(ops.POP_TOP)

    def visit_Delete(self, node):
        self.set_lineno(node)
        for target in node.targets:
            target.walkabout(self)

    # -- control flow ----------------------------------------------------------------

    def jump_if(self, test, cond, target):
        """Jump to `target` when bool(test) == cond, fall through otherwise."""
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            self.jump_if(test.operand, not cond, target)
            return
        if isinstance(test, ast.BoolOp):
            is_or = isinstance(test.op, ast.Or)
            if is_or == cond:
                for value in test.values:
                    self.jump_if(value, cond, target)
            else:
                skip = self.new_block()
                values = test.values
                for i in range(len(values) - 1):
                    self.jump_if(values[i], not cond, skip)
                self.jump_if(values[-1], cond, target)
                self.use_block(skip)
            return
        if isinstance(test, ast.IfExp):
            end = self.new_block()
            orelse = self.new_block()
            self.jump_if(test.test, False, orelse)
            self.jump_if(test.body, cond, target)
            self.emit_jump(ops.JUMP, end)
            self.use_block(orelse)
            self.jump_if(test.orelse, cond, target)
            self.use_block(end)
            return
        if isinstance(test, ast.Constant):
            if test.value.truth() == cond:
                self.emit_jump(ops.JUMP, target)
            return
        if is_none_test(test):
            assert isinstance(test, ast.Compare)
            # `x is None` tests jump directly on None: no bool object is made
            self.set_lineno(test)
            test.left.walkabout(self)
            is_none = isinstance(test.ops[0], ast.Is)
            if is_none == cond:
                self.emit_jump(ops.POP_JUMP_IF_NONE, target)
            else:
                self.emit_jump(ops.POP_JUMP_IF_NOT_NONE, target)
            return
        test.walkabout(self)
        if cond:
            self.emit_jump(ops.POP_JUMP_IF_TRUE, target)
        else:
            self.emit_jump(ops.POP_JUMP_IF_FALSE, target)

    def visit_If(self, node):
        self.set_lineno(node)
        end = self.new_block()
        if node.orelse:
            orelse = self.new_block()
        else:
            orelse = end
        self.jump_if(node.test, False, orelse)
        self.visit_body(node.body)
        if node.orelse:
            self.emit_jump(ops.JUMP, end)
            self.use_block(orelse)
            self.visit_body(node.orelse)
        self.use_block(end)

    def visit_While(self, node):
        self.set_lineno(node)
        loop = self.new_block()
        body = self.new_block()
        anchor = self.new_block()
        end = self.new_block()
        self.use_block(loop)
        self.push_fblock(F_WHILE_LOOP, loop, end, node)
        self.jump_if(node.test, False, anchor)
        self.use_block(body)
        self.visit_body(node.body)
        self.set_lineno(node)
        self.emit_jump(ops.JUMP, loop)
        self.pop_fblock()
        self.use_block(anchor)
        self.visit_body(node.orelse)
        self.use_block(end)

    def visit_For(self, node):
        self.set_lineno(node)
        start = self.new_block()
        cleanup = self.new_block()
        end = self.new_block()
        node.iter.walkabout(self)
        self.emit(ops.GET_ITER)
        self.use_block(start)
        self.push_fblock(F_FOR_LOOP, start, end, node)
        self.emit_jump(ops.FOR_ITER, cleanup)
        node.target.walkabout(self)
        self.visit_body(node.body)
        self.set_lineno(node)
        self.emit_jump(ops.JUMP, start)
        self.pop_fblock()
        self.use_block(cleanup)
        self.visit_body(node.orelse)
        self.use_block(end)

    def check_async(self, node, what):
        if not self.unit.is_async_function and not self.unit.in_async_comprehension:
            raise self.error("'%s' outside async function" % what, node)

    def visit_AsyncFor(self, node):
        self.set_lineno(node)
        self.check_async(node, "async for")
        start = self.new_block()
        except_block = self.new_block()
        end = self.new_block()
        node.iter.walkabout(self)
        self.emit(ops.GET_AITER)
        self.use_block(start)
        self.push_fblock(F_FOR_LOOP, start, end, node)
        self.emit_jump(ops.SETUP_FINALLY, except_block)
        self.emit(ops.GET_ANEXT)
        self.load_const(CONST_NONE)
        self.emit(ops.YIELD_FROM)
        self.emit(ops.POP_BLOCK)
        node.target.walkabout(self)
        self.visit_body(node.body)
        self.set_lineno(node)
        self.emit_jump(ops.JUMP, start)
        self.pop_fblock()
        self.use_block(except_block)
        self.emit(ops.END_ASYNC_FOR)
        self.visit_body(node.orelse)
        self.use_block(end)

    # -- try / with ------------------------------------------------------------------

    def pop_except_and_reraise(self):
        self.emit(ops.COPY, 3)
        self.emit(ops.POP_EXCEPT)
        self.emit(ops.RERAISE, 1)

    def visit_Try(self, node):
        self.set_lineno(node)
        if node.finalbody:
            self.try_finally(node)
        else:
            self.try_except(node)

    def visit_TryStar(self, node):
        self.set_lineno(node)
        if node.finalbody:
            self.try_finally(node)
        else:
            self.try_star_except(node)

    def try_finally(self, node):
        body = self.new_block()
        end = self.new_block()
        exit = self.new_block()
        cleanup = self.new_block()
        self.emit_jump(ops.SETUP_FINALLY, end)
        self.use_block(body)
        self.push_fblock(F_FINALLY_TRY, body, end, node)
        if isinstance(node, ast.Try):
            if node.handlers:
                self.try_except(node)
            else:
                self.visit_body(node.body)
        else:
            assert isinstance(node, ast.TryStar)
            if node.handlers:
                self.try_star_except(node)
            else:
                self.visit_body(node.body)
        self.emit_no_line(ops.POP_BLOCK)
        self.pop_fblock()
        self.visit_body(node.finalbody)
        self.emit_jump(ops.JUMP, exit)
        self.use_block(end)
        self.unit.lineno = -1
        self.emit_jump(ops.SETUP_CLEANUP, cleanup)
        self.emit(ops.PUSH_EXC_INFO)
        self.push_fblock(F_FINALLY_END, end, None, node)
        self.visit_body(node.finalbody)
        self.pop_fblock()
        self.unit.lineno = -1
        self.emit(ops.RERAISE, 0)
        self.use_block(cleanup)
        self.pop_except_and_reraise()
        self.use_block(exit)

    def try_except(self, node):
        assert isinstance(node, ast.Try)
        body = self.new_block()
        except_block = self.new_block()
        orelse = self.new_block()
        end = self.new_block()
        cleanup = self.new_block()
        self.emit_jump(ops.SETUP_FINALLY, except_block)
        self.use_block(body)
        self.push_fblock(F_TRY_EXCEPT, body, None, node)
        self.visit_body(node.body)
        self.pop_fblock()
        self.emit_no_line(ops.POP_BLOCK)
        self.emit_jump(ops.JUMP, orelse)
        count = len(node.handlers)
        self.use_block(except_block)
        self.unit.lineno = -1
        self.emit_jump(ops.SETUP_CLEANUP, cleanup)
        self.emit(ops.PUSH_EXC_INFO)
        self.push_fblock(F_EXCEPTION_HANDLER, None, None, node)
        for i in range(count):
            handler = node.handlers[i]
            assert isinstance(handler, ast.ExceptHandler)
            self.set_lineno(handler)
            next_handler = self.new_block()
            if handler.type is None and i < count - 1:
                raise self.error("default 'except:' must be last", handler)
            if handler.type is not None:
                handler.type.walkabout(self)
                self.emit(ops.CHECK_EXC_MATCH)
                self.emit_jump(ops.POP_JUMP_IF_FALSE, next_handler)
            if handler.name is not None:
                cleanup_end = self.new_block()
                cleanup_body = self.new_block()
                self.nameop(handler.name, CTX_STORE, handler)
                self.emit_jump(ops.SETUP_CLEANUP, cleanup_end)
                self.use_block(cleanup_body)
                fblock = self.push_fblock(
                    F_HANDLER_CLEANUP, cleanup_body, None, handler
                )
                fblock.name = handler.name
                self.visit_body(handler.body)
                self.pop_fblock()
                self.unit.lineno = -1
                self.emit(ops.POP_BLOCK)
                self.emit(ops.POP_BLOCK)
                self.emit(ops.POP_EXCEPT)
                self.load_const(CONST_NONE)
                self.nameop(handler.name, CTX_STORE, handler)
                self.nameop(handler.name, CTX_DEL, handler)
                self.emit_jump(ops.JUMP, end)
                self.use_block(cleanup_end)
                self.load_const(CONST_NONE)
                self.nameop(handler.name, CTX_STORE, handler)
                self.nameop(handler.name, CTX_DEL, handler)
                self.emit(ops.RERAISE, 1)
            else:
                cleanup_body = self.new_block()
                self.emit(ops.POP_TOP)
                self.use_block(cleanup_body)
                self.push_fblock(F_HANDLER_CLEANUP, cleanup_body, None, handler)
                self.visit_body(handler.body)
                self.pop_fblock()
                self.unit.lineno = -1
                self.emit(ops.POP_BLOCK)
                self.emit(ops.POP_EXCEPT)
                self.emit_jump(ops.JUMP, end)
            self.use_block(next_handler)
        self.pop_fblock()
        self.unit.lineno = -1
        self.emit(ops.RERAISE, 0)
        self.use_block(cleanup)
        self.pop_except_and_reraise()
        self.use_block(orelse)
        self.visit_body(node.orelse)
        self.use_block(end)

    def try_star_except(self, node):
        assert isinstance(node, ast.TryStar)
        body = self.new_block()
        except_block = self.new_block()
        orelse = self.new_block()
        end = self.new_block()
        cleanup = self.new_block()
        reraise_star = self.new_block()
        self.emit_jump(ops.SETUP_FINALLY, except_block)
        self.use_block(body)
        self.push_fblock(F_TRY_EXCEPT, body, None, node)
        self.visit_body(node.body)
        self.pop_fblock()
        self.emit_no_line(ops.POP_BLOCK)
        self.emit_jump(ops.JUMP, orelse)
        count = len(node.handlers)
        self.use_block(except_block)
        self.unit.lineno = -1
        self.emit_jump(ops.SETUP_CLEANUP, cleanup)
        self.emit(ops.PUSH_EXC_INFO)
        self.push_fblock(F_EXCEPTION_GROUP_HANDLER, None, None, node)
        for i in range(count):
            handler = node.handlers[i]
            assert isinstance(handler, ast.ExceptHandler)
            self.set_lineno(handler)
            next_block = self.new_block()
            except_with_error = self.new_block()
            no_match = self.new_block()
            if i == 0:
                # [exc] -> [orig, [], exc]: the list collects what handlers raise
                self.emit(ops.COPY, 1)
                self.emit(ops.BUILD_LIST, 0)
                self.emit(ops.SWAP, 2)
            if handler.type is not None:
                handler.type.walkabout(self)
                self.emit(ops.CHECK_EG_MATCH)
                self.emit(ops.COPY, 1)
                self.emit_jump(ops.POP_JUMP_IF_NONE, no_match)
            cleanup_end = self.new_block()
            cleanup_body = self.new_block()
            if handler.name is not None:
                self.nameop(handler.name, CTX_STORE, handler)
            else:
                self.emit(ops.POP_TOP)
            self.emit_jump(ops.SETUP_CLEANUP, cleanup_end)
            self.use_block(cleanup_body)
            fblock = self.push_fblock(F_HANDLER_CLEANUP, cleanup_body, None, handler)
            fblock.name = handler.name
            self.visit_body(handler.body)
            self.pop_fblock()
            self.unit.lineno = -1
            self.emit(ops.POP_BLOCK)
            if handler.name is not None:
                self.load_const(CONST_NONE)
                self.nameop(handler.name, CTX_STORE, handler)
                self.nameop(handler.name, CTX_DEL, handler)
            self.emit_jump(ops.JUMP, next_block)
            self.use_block(cleanup_end)
            if handler.name is not None:
                self.load_const(CONST_NONE)
                self.nameop(handler.name, CTX_STORE, handler)
                self.nameop(handler.name, CTX_DEL, handler)
            self.emit(ops.LIST_APPEND, 3)
            self.emit(ops.POP_TOP)
            self.emit_jump(ops.JUMP, except_with_error)
            self.use_block(next_block)
            self.emit(ops.NOP)
            self.emit_jump(ops.JUMP, except_with_error)
            self.use_block(no_match)
            self.emit(ops.POP_TOP)
            self.use_block(except_with_error)
            if i == count - 1:
                self.emit(ops.LIST_APPEND, 1)
                self.emit_jump(ops.JUMP, reraise_star)
        self.pop_fblock()
        reraise = self.new_block()
        self.use_block(reraise_star)
        self.unit.lineno = -1
        self.emit(ops.PREP_RERAISE_STAR)
        self.emit(ops.COPY, 1)
        self.emit_jump(ops.POP_JUMP_IF_NOT_NONE, reraise)
        self.emit(ops.POP_TOP)
        self.emit(ops.POP_BLOCK)
        self.emit(ops.POP_EXCEPT)
        self.emit_jump(ops.JUMP, end)
        self.use_block(reraise)
        self.emit(ops.POP_BLOCK)
        self.emit(ops.SWAP, 2)
        self.emit(ops.POP_EXCEPT)
        self.emit(ops.RERAISE, 0)
        self.use_block(cleanup)
        self.pop_except_and_reraise()
        self.use_block(orelse)
        self.visit_body(node.orelse)
        self.use_block(end)

    def visit_With(self, node):
        self.set_lineno(node)
        self.with_item(node, 0, False)

    def visit_AsyncWith(self, node):
        self.set_lineno(node)
        self.check_async(node, "async with")
        self.with_item(node, 0, True)

    def with_item(self, node, pos, is_async):
        if is_async:
            assert isinstance(node, ast.AsyncWith)
            items = node.items
            body = node.body
        else:
            assert isinstance(node, ast.With)
            items = node.items
            body = node.body
        item = items[pos]
        block = self.new_block()
        final = self.new_block()
        exit = self.new_block()
        cleanup = self.new_block()
        item.context_expr.walkabout(self)
        if is_async:
            self.emit(ops.BEFORE_ASYNC_WITH)
            self.emit(ops.GET_AWAITABLE, 1)
            self.load_const(CONST_NONE)
            self.emit(ops.YIELD_FROM)
        else:
            self.emit(ops.BEFORE_WITH)
        self.emit_jump(ops.SETUP_WITH, final)
        self.use_block(block)
        kind = F_WITH
        if is_async:
            kind = F_ASYNC_WITH
        self.push_fblock(kind, block, final, node)
        if item.optional_vars is not None:
            item.optional_vars.walkabout(self)
        else:
            self.emit(ops.POP_TOP)
        if pos + 1 < len(items):
            self.with_item(node, pos + 1, is_async)
        else:
            self.visit_body(body)
        self.pop_fblock()
        self.emit(ops.POP_BLOCK)
        self.set_lineno(node)
        self.call_exit_with_nones()
        if is_async:
            self.emit(ops.GET_AWAITABLE, 2)
            self.load_const(CONST_NONE)
            self.emit(ops.YIELD_FROM)
        self.emit(ops.POP_TOP)
        self.emit_jump(ops.JUMP, exit)
        self.use_block(final)
        self.emit_jump(ops.SETUP_CLEANUP, cleanup)
        self.emit(ops.PUSH_EXC_INFO)
        self.emit(ops.WITH_EXCEPT_START)
        if is_async:
            self.emit(ops.GET_AWAITABLE, 2)
            self.load_const(CONST_NONE)
            self.emit(ops.YIELD_FROM)
        suppressed = self.new_block()
        self.emit_jump(ops.POP_JUMP_IF_TRUE, suppressed)
        self.emit(ops.RERAISE, 2)
        self.use_block(suppressed)
        self.emit(ops.POP_TOP)
        self.emit(ops.POP_BLOCK)
        self.emit(ops.POP_EXCEPT)
        self.emit(ops.POP_TOP)
        self.emit(ops.POP_TOP)
        self.emit_jump(ops.JUMP, exit)
        self.use_block(cleanup)
        self.pop_except_and_reraise()
        self.use_block(exit)

    # -- expressions -----------------------------------------------------------------

    def visit_Constant(self, node):
        self.load_const(node.value)

    def visit_Name(self, node):
        self.set_lineno(node)
        if isinstance(node.ctx, ast.Load):
            self.nameop(node.id, CTX_LOAD, node)
        elif isinstance(node.ctx, ast.Store):
            self.nameop(node.id, CTX_STORE, node)
        else:
            self.nameop(node.id, CTX_DEL, node)

    def visit_Attribute(self, node):
        self.set_lineno(node)
        node.value.walkabout(self)
        index = self.mangled_name_index(node.attr)
        if isinstance(node.ctx, ast.Load):
            self.emit(ops.LOAD_ATTR, index)
        elif isinstance(node.ctx, ast.Store):
            if node.attr == "__debug__":
                raise self.error("cannot assign to __debug__", node)
            self.emit(ops.STORE_ATTR, index)
        else:
            self.emit(ops.DELETE_ATTR, index)

    def visit_Subscript(self, node):
        self.set_lineno(node)
        node.value.walkabout(self)
        node.slice.walkabout(self)
        if isinstance(node.ctx, ast.Load):
            self.emit(ops.BINARY_SUBSCR)
        elif isinstance(node.ctx, ast.Store):
            self.emit(ops.STORE_SUBSCR)
        else:
            self.emit(ops.DELETE_SUBSCR)

    def visit_Slice(self, node):
        count = 2
        if node.lower is not None:
            node.lower.walkabout(self)
        else:
            self.load_const(CONST_NONE)
        if node.upper is not None:
            node.upper.walkabout(self)
        else:
            self.load_const(CONST_NONE)
        if node.step is not None:
            node.step.walkabout(self)
            count = 3
        self.emit(ops.BUILD_SLICE, count)

    def visit_BinOp(self, node):
        self.set_lineno(node)
        node.left.walkabout(self)
        node.right.walkabout(self)
        self.emit(binary_opcode(node.op, False))

    def visit_UnaryOp(self, node):
        self.set_lineno(node)
        node.operand.walkabout(self)
        op = node.op
        if isinstance(op, ast.Not):
            self.emit(ops.UNARY_NOT)
        elif isinstance(op, ast.USub):
            self.emit(ops.UNARY_NEGATIVE)
        elif isinstance(op, ast.UAdd):
            self.emit(ops.UNARY_POSITIVE)
        else:
            self.emit(ops.UNARY_INVERT)

    def visit_BoolOp(self, node):
        self.set_lineno(node)
        end = self.new_block()
        if isinstance(node.op, ast.And):
            opcode = ops.JUMP_IF_FALSE_OR_POP
        else:
            opcode = ops.JUMP_IF_TRUE_OR_POP
        values = node.values
        for i in range(len(values) - 1):
            values[i].walkabout(self)
            self.emit_jump(opcode, end)
        values[-1].walkabout(self)
        self.use_block(end)

    def emit_compare(self, op):
        if isinstance(op, ast.Eq):
            self.emit(ops.COMPARE_OP, ops.CMP_EQ)
        elif isinstance(op, ast.NotEq):
            self.emit(ops.COMPARE_OP, ops.CMP_NE)
        elif isinstance(op, ast.Lt):
            self.emit(ops.COMPARE_OP, ops.CMP_LT)
        elif isinstance(op, ast.LtE):
            self.emit(ops.COMPARE_OP, ops.CMP_LE)
        elif isinstance(op, ast.Gt):
            self.emit(ops.COMPARE_OP, ops.CMP_GT)
        elif isinstance(op, ast.GtE):
            self.emit(ops.COMPARE_OP, ops.CMP_GE)
        elif isinstance(op, ast.Is):
            self.emit(ops.IS_OP, 0)
        elif isinstance(op, ast.IsNot):
            self.emit(ops.IS_OP, 1)
        elif isinstance(op, ast.In):
            self.emit(ops.CONTAINS_OP, 0)
        else:
            self.emit(ops.CONTAINS_OP, 1)

    def visit_Compare(self, node):
        self.set_lineno(node)
        node.left.walkabout(self)
        count = len(node.ops)
        if count == 1:
            node.comparators[0].walkabout(self)
            self.emit_compare(node.ops[0])
            return
        cleanup = self.new_block()
        end = self.new_block()
        for i in range(count - 1):
            node.comparators[i].walkabout(self)
            self.emit(ops.SWAP, 2)
            self.emit(ops.COPY, 2)
            self.emit_compare(node.ops[i])
            self.emit_jump(ops.JUMP_IF_FALSE_OR_POP, cleanup)
        node.comparators[-1].walkabout(self)
        self.emit_compare(node.ops[-1])
        self.emit_jump(ops.JUMP, end)
        self.use_block(cleanup)
        self.emit(ops.SWAP, 2)
        self.emit(ops.POP_TOP)
        self.use_block(end)

    def visit_IfExp(self, node):
        self.set_lineno(node)
        end = self.new_block()
        orelse = self.new_block()
        self.jump_if(node.test, False, orelse)
        node.body.walkabout(self)
        self.emit_jump(ops.JUMP, end)
        self.use_block(orelse)
        node.orelse.walkabout(self)
        self.use_block(end)

    def visit_NamedExpr(self, node):
        self.set_lineno(node)
        node.value.walkabout(self)
        self.emit(ops.COPY, 1)
        node.target.walkabout(self)

    def visit_Starred(self, node):
        if isinstance(node.ctx, ast.Store):
            raise self.error(
                "starred assignment target must be in a list or tuple", node
            )
        raise self.error("can't use starred expression here", node)

    # sequences -----------------------------------------------------------------------

    def _unpack_target(self, elts, node):
        seen_star = False
        for i in range(len(elts)):
            elt = elts[i]
            if isinstance(elt, ast.Starred):
                if seen_star:
                    raise self.error("multiple starred expressions in assignment", node)
                after = len(elts) - i - 1
                if i >= 256 or after >= (1 << 24):
                    raise self.error(
                        "too many expressions in star-unpacking assignment", node
                    )
                self.emit(ops.UNPACK_EX, i + (after << 8))
                seen_star = True
        if not seen_star:
            self.emit(ops.UNPACK_SEQUENCE, len(elts))
        for elt in elts:
            if isinstance(elt, ast.Starred):
                elt.value.walkabout(self)
            else:
                elt.walkabout(self)

    def _all_constants(self, elts):
        for elt in elts:
            if not isinstance(elt, ast.Constant):
                return False
        return True

    def _starunpack(self, elts, build_op, add_op, extend_op, is_tuple):
        has_star = False
        for elt in elts:
            if isinstance(elt, ast.Starred):
                has_star = True
        if not has_star and len(elts) > 2 and self._all_constants(elts):
            values = []
            for elt in elts:
                assert isinstance(elt, ast.Constant)
                values.append(elt.value)
            if is_tuple:
                self.load_const(ConstTuple(values))
                return
            if build_op == ops.BUILD_SET:
                from pypy.interpreter.astcompiler.constants import ConstFrozenset

                self.emit(build_op, 0)
                self.load_const(ConstFrozenset(_unique(values)))
            else:
                self.emit(build_op, 0)
                self.load_const(ConstTuple(values))
            self.emit(extend_op, 1)
            return
        if not has_star:
            for elt in elts:
                elt.walkabout(self)
            if is_tuple:
                self.emit(ops.BUILD_TUPLE, len(elts))
            else:
                self.emit(build_op, len(elts))
            return
        built = False
        pending = 0
        for elt in elts:
            if isinstance(elt, ast.Starred):
                if not built:
                    self.emit(build_op, pending)
                    built = True
                elt.value.walkabout(self)
                self.emit(extend_op, 1)
            else:
                elt.walkabout(self)
                if built:
                    self.emit(add_op, 1)
                else:
                    pending += 1
        if is_tuple:
            self.emit(ops.LIST_TO_TUPLE)

    def visit_Tuple(self, node):
        self.set_lineno(node)
        if isinstance(node.ctx, ast.Store):
            self._unpack_target(node.elts, node)
        elif isinstance(node.ctx, ast.Del):
            for elt in node.elts:
                elt.walkabout(self)
        else:
            self._starunpack(
                node.elts, ops.BUILD_LIST, ops.LIST_APPEND, ops.LIST_EXTEND, True
            )

    def visit_List(self, node):
        self.set_lineno(node)
        if isinstance(node.ctx, ast.Store):
            self._unpack_target(node.elts, node)
        elif isinstance(node.ctx, ast.Del):
            for elt in node.elts:
                elt.walkabout(self)
        else:
            self._starunpack(
                node.elts, ops.BUILD_LIST, ops.LIST_APPEND, ops.LIST_EXTEND, False
            )

    def visit_Set(self, node):
        self.set_lineno(node)
        self._starunpack(node.elts, ops.BUILD_SET, ops.SET_ADD, ops.SET_UPDATE, False)

    def visit_Dict(self, node):
        self.set_lineno(node)
        count = len(node.keys)
        has_unpack = False
        for key in node.keys:
            if key is None:
                has_unpack = True
        if not has_unpack and count > 1:
            keys_constant = True
            for key in node.keys:
                if not isinstance(key, ast.Constant):
                    keys_constant = False
            if keys_constant:
                keys = []
                for i in range(count):
                    key = node.keys[i]
                    assert isinstance(key, ast.Constant)
                    keys.append(key.value)
                    node.values[i].walkabout(self)
                self.load_const(ConstTuple(keys))
                self.emit(ops.BUILD_CONST_KEY_MAP, count)
                return
        pending = 0
        built = False
        for i in range(count):
            key = node.keys[i]
            if key is None:
                if not built:
                    self.emit(ops.BUILD_MAP, pending)
                    built = True
                node.values[i].walkabout(self)
                self.emit(ops.DICT_UPDATE, 1)
            else:
                key.walkabout(self)
                node.values[i].walkabout(self)
                if built:
                    self.emit(ops.MAP_ADD, 1)
                else:
                    pending += 1
        if not built:
            self.emit(ops.BUILD_MAP, pending)

    def visit_JoinedStr(self, node):
        self.set_lineno(node)
        if not node.values:
            self.load_const(ConstStr(""))
            return
        for value in node.values:
            value.walkabout(self)
        if len(node.values) != 1:
            self.emit(ops.BUILD_STRING, len(node.values))

    def visit_FormattedValue(self, node):
        node.value.walkabout(self)
        conversion = node.conversion
        flags = ops.FVC_NONE
        if conversion == ord("s"):
            flags = ops.FVC_STR
        elif conversion == ord("r"):
            flags = ops.FVC_REPR
        elif conversion == ord("a"):
            flags = ops.FVC_ASCII
        if node.format_spec is not None:
            node.format_spec.walkabout(self)
            flags |= ops.FVS_HAVE_SPEC
        self.emit(ops.FORMAT_VALUE, flags)

    # calls -----------------------------------------------------------------------------

    def visit_Call(self, node):
        self.set_lineno(node)
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.ctx, ast.Load)
            and not node.keywords
            and len(node.args) < 256
            and not self._has_starred(node.args)
        ):
            func.value.walkabout(self)
            self.set_lineno(func)
            self.emit(ops.LOAD_METHOD, self.mangled_name_index(func.attr))
            for arg in node.args:
                arg.walkabout(self)
            self.set_lineno(node)
            self.emit(ops.CALL_METHOD, len(node.args))
            return
        func.walkabout(self)
        self.call_helper(0, node.args, node.keywords, node)

    def _has_starred(self, args):
        for arg in args:
            if isinstance(arg, ast.Starred):
                return True
        return False

    def call_helper(self, extra, args, keywords, node):
        """Call the callable below `extra` already-pushed arguments."""
        seen = {}
        has_double_star = False
        for keyword in keywords:
            if keyword.arg is None:
                has_double_star = True
            elif keyword.arg == "__debug__":
                raise self.error("cannot assign to __debug__", node)
            elif keyword.arg in seen:
                raise self.error("keyword argument repeated: %s" % keyword.arg, keyword)
            else:
                seen[keyword.arg] = None
        if not self._has_starred(args) and not has_double_star:
            for arg in args:
                arg.walkabout(self)
            if keywords:
                names = []
                for keyword in keywords:
                    keyword.value.walkabout(self)
                    names.append(ConstStr(keyword.arg))
                self.load_const(ConstTuple(names))
                self.set_lineno(node)
                self.emit(ops.CALL_KW, extra + len(args) + len(keywords))
            else:
                self.set_lineno(node)
                self.emit(ops.CALL, extra + len(args))
            return
        # general case: a tuple of positionals and a dict of keywords
        if extra or not self._has_starred(args):
            self.emit(ops.BUILD_LIST, extra)
            for arg in args:
                if isinstance(arg, ast.Starred):
                    arg.value.walkabout(self)
                    self.emit(ops.LIST_EXTEND, 1)
                else:
                    arg.walkabout(self)
                    self.emit(ops.LIST_APPEND, 1)
            self.emit(ops.LIST_TO_TUPLE)
        elif len(args) == 1 and isinstance(args[0], ast.Starred):
            starred = args[0]
            assert isinstance(starred, ast.Starred)
            starred.value.walkabout(self)
        else:
            self._starunpack(
                args, ops.BUILD_LIST, ops.LIST_APPEND, ops.LIST_EXTEND, True
            )
        if keywords:
            built = False
            pending = 0
            for keyword in keywords:
                if keyword.arg is None:
                    if not built:
                        self.emit(ops.BUILD_MAP, pending)
                        built = True
                    keyword.value.walkabout(self)
                    self.emit(ops.DICT_MERGE, 1)
                else:
                    self.load_const(ConstStr(keyword.arg))
                    keyword.value.walkabout(self)
                    if built:
                        self.emit(ops.MAP_ADD, 1)
                    else:
                        pending += 1
            if not built:
                self.emit(ops.BUILD_MAP, pending)
            self.set_lineno(node)
            self.emit(ops.CALL_FUNCTION_EX, 1)
        else:
            self.set_lineno(node)
            self.emit(ops.CALL_FUNCTION_EX, 0)

    # generators and coroutines ---------------------------------------------------------

    def visit_Yield(self, node):
        self.set_lineno(node)
        if self.unit.scope.block_type != symtable.BLOCK_FUNCTION:
            raise self.error("'yield' outside function", node)
        if node.value is not None:
            node.value.walkabout(self)
        else:
            self.load_const(CONST_NONE)
        self.emit(ops.YIELD_VALUE)

    def visit_YieldFrom(self, node):
        self.set_lineno(node)
        scope = self.unit.scope
        if scope.block_type != symtable.BLOCK_FUNCTION:
            raise self.error("'yield' outside function", node)
        if self.unit.is_async_function:
            raise self.error("'yield from' inside async function", node)
        node.value.walkabout(self)
        self.emit(ops.GET_YIELD_FROM_ITER)
        self.load_const(CONST_NONE)
        self.emit(ops.YIELD_FROM)

    def visit_Await(self, node):
        self.set_lineno(node)
        scope = self.unit.scope
        if scope.block_type != symtable.BLOCK_FUNCTION:
            raise self.error("'await' outside function", node)
        if not self.unit.is_async_function and scope.comp_type == symtable.COMP_NONE:
            raise self.error("'await' outside async function", node)
        node.value.walkabout(self)
        self.emit(ops.GET_AWAITABLE, 0)
        self.load_const(CONST_NONE)
        self.emit(ops.YIELD_FROM)

    # comprehensions ------------------------------------------------------------------

    def visit_ListComp(self, node):
        self.comprehension(node, "<listcomp>", symtable.COMP_LIST, node.generators)

    def visit_SetComp(self, node):
        self.comprehension(node, "<setcomp>", symtable.COMP_SET, node.generators)

    def visit_DictComp(self, node):
        self.comprehension(node, "<dictcomp>", symtable.COMP_DICT, node.generators)

    def visit_GeneratorExp(self, node):
        self.comprehension(node, "<genexpr>", symtable.COMP_GENEXP, node.generators)

    def comprehension(self, node, name, comp_type, generators):
        self.set_lineno(node)
        scope = self.symbols.find_scope(node)
        is_async = scope.is_coroutine and not scope.is_generator
        if comp_type == symtable.COMP_GENEXP:
            is_async = False
        outer_async = (
            self.unit.is_async_function
            or self.unit.scope.comp_type != symtable.COMP_NONE
        )
        if is_async and not outer_async:
            raise self.error(
                "asynchronous comprehension outside of an asynchronous function", node
            )
        qualname = self.qualname_for(name, scope)
        unit = self.enter_unit(scope, name, qualname, node.lineno)
        unit.argcount = 1
        unit.in_async_comprehension = scope.is_coroutine
        if comp_type == symtable.COMP_LIST:
            self.emit(ops.BUILD_LIST, 0)
        elif comp_type == symtable.COMP_SET:
            self.emit(ops.BUILD_SET, 0)
        elif comp_type == symtable.COMP_DICT:
            self.emit(ops.BUILD_MAP, 0)
        self.comprehension_generator(node, generators, 0, comp_type)
        if comp_type == symtable.COMP_GENEXP:
            self.load_const(CONST_NONE)
        self.emit(ops.RETURN_VALUE)
        code = self.exit_unit(self.code_flags(scope))
        self.set_lineno(node)
        self.make_closure(code, 0, node)
        generators[0].iter.walkabout(self)
        if generators[0].is_async:
            self.emit(ops.GET_AITER)
        else:
            self.emit(ops.GET_ITER)
        self.emit(ops.CALL, 1)
        if is_async:
            self.emit(ops.GET_AWAITABLE, 0)
            self.load_const(CONST_NONE)
            self.emit(ops.YIELD_FROM)

    def comprehension_generator(self, node, generators, index, comp_type):
        gen = generators[index]
        start = self.new_block()
        if_cleanup = self.new_block()
        anchor = self.new_block()
        if index == 0:
            self.emit(ops.LOAD_FAST, 0)
        else:
            gen.iter.walkabout(self)
            if gen.is_async:
                self.emit(ops.GET_AITER)
            else:
                self.emit(ops.GET_ITER)
        self.use_block(start)
        if gen.is_async:
            self.push_fblock(F_ASYNC_COMPREHENSION_GENERATOR, start, None, node)
            self.emit_jump(ops.SETUP_FINALLY, anchor)
            self.emit(ops.GET_ANEXT)
            self.load_const(CONST_NONE)
            self.emit(ops.YIELD_FROM)
            self.emit(ops.POP_BLOCK)
        else:
            self.emit_jump(ops.FOR_ITER, anchor)
        gen.target.walkabout(self)
        for cond in gen.ifs:
            self.jump_if(cond, False, if_cleanup)
        if index + 1 < len(generators):
            self.comprehension_generator(node, generators, index + 1, comp_type)
        else:
            depth = len(generators) + 1
            if isinstance(node, ast.GeneratorExp):
                node.elt.walkabout(self)
                self.emit(ops.YIELD_VALUE)
                self.emit(ops.POP_TOP)
            elif isinstance(node, ast.ListComp):
                node.elt.walkabout(self)
                self.emit(ops.LIST_APPEND, depth)
            elif isinstance(node, ast.SetComp):
                node.elt.walkabout(self)
                self.emit(ops.SET_ADD, depth)
            elif isinstance(node, ast.DictComp):
                node.key.walkabout(self)
                node.value.walkabout(self)
                self.emit(ops.MAP_ADD, depth)
        self.use_block(if_cleanup)
        self.emit_jump(ops.JUMP, start)
        self.use_block(anchor)
        if gen.is_async:
            self.pop_fblock()
            self.emit(ops.END_ASYNC_FOR)

    # -- pattern matching ------------------------------------------------------------

    def visit_Match(self, node):
        self.set_lineno(node)
        node.subject.walkabout(self)
        end = self.new_block()
        cases = len(node.cases)
        last = node.cases[-1]
        has_default = (
            cases > 1
            and isinstance(last.pattern, ast.MatchAs)
            and last.pattern.pattern is None
            and last.pattern.name is None
            and last.guard is None
        )
        count = cases
        if has_default:
            count = cases - 1
        for i in range(count):
            case = node.cases[i]
            self.set_lineno(case.pattern)
            pc = PatternContext()
            pc.fail_pop = [self.new_block()]
            pc.allow_irrefutable = case.guard is not None or i == cases - 1
            if i != count - 1:
                self.emit(ops.COPY, 1)
            self.pattern(case.pattern, pc)
            # it matched: bind the captured values, kept on the stack until
            # now so that a failed pattern binds nothing (as CPython)
            for name in pc.stores:
                self.nameop(name, CTX_STORE, case.pattern)
            if case.guard is not None:
                self.jump_if(case.guard, False, pc.fail_pop[0])
            if i != count - 1:
                self.emit(ops.POP_TOP)
            self.visit_body(case.body)
            self.emit_jump(ops.JUMP, end)
            self.emit_fail_pops(pc)
        if has_default:
            self.set_lineno(last.pattern)
            if count == 0:
                self.emit(ops.POP_TOP)
            self.visit_body(last.body)
        self.use_block(end)

    def emit_fail_pops(self, pc):
        index = len(pc.fail_pop) - 1
        while index > 0:
            self.use_block(pc.fail_pop[index])
            self.emit(ops.POP_TOP)
            index -= 1
        self.use_block(pc.fail_pop[0])

    def jump_to_fail(self, pc, pops, opcode):
        # the captured values waiting below the items on top go as well
        total = pc.on_top + len(pc.stores) + pops
        while len(pc.fail_pop) <= total:
            pc.fail_pop.append(self.new_block())
        self.emit_jump(opcode, pc.fail_pop[total])

    def store_capture(self, name, pc, node):
        if name in pc.stores:
            raise self.error(
                "multiple assignments to name '%s' in pattern" % name, node
            )
        # keep the value on the stack, below the items still needed and the
        # values captured before; visit_Match binds them all on success
        self.rotate(pc.on_top + len(pc.stores) + 1)
        pc.stores.append(name)

    def rotate(self, count):
        """Move the top of the stack down to position `count`."""
        while count > 1:
            self.emit(ops.SWAP, count)
            count -= 1

    def subpattern(self, pattern, pc):
        allow = pc.allow_irrefutable
        pc.allow_irrefutable = True
        self.pattern(pattern, pc)
        pc.allow_irrefutable = allow

    def pattern(self, pattern, pc):
        """Match the subject on top of the stack (consumed) against `pattern`."""
        self.set_lineno(pattern)
        if isinstance(pattern, ast.MatchValue):
            # the parser admits only literals (signed / complex) and dotted names
            pattern.value.walkabout(self)
            self.emit(ops.COMPARE_OP, ops.CMP_EQ)
            self.jump_to_fail(pc, 0, ops.POP_JUMP_IF_FALSE)
        elif isinstance(pattern, ast.MatchSingleton):
            self.load_const(pattern.value)
            self.emit(ops.IS_OP, 0)
            self.jump_to_fail(pc, 0, ops.POP_JUMP_IF_FALSE)
        elif isinstance(pattern, ast.MatchAs):
            self.pattern_as(pattern, pc)
        elif isinstance(pattern, ast.MatchStar):
            if pattern.name is not None:
                self.store_capture(pattern.name, pc, pattern)
            else:
                self.emit(ops.POP_TOP)
        elif isinstance(pattern, ast.MatchSequence):
            self.pattern_sequence(pattern, pc)
        elif isinstance(pattern, ast.MatchMapping):
            self.pattern_mapping(pattern, pc)
        elif isinstance(pattern, ast.MatchClass):
            self.pattern_class(pattern, pc)
        elif isinstance(pattern, ast.MatchOr):
            self.pattern_or(pattern, pc)
        else:
            raise self.error("unknown pattern kind", pattern)

    def pattern_as(self, pattern, pc):
        if pattern.pattern is None:
            if not pc.allow_irrefutable:
                if pattern.name is not None:
                    raise self.error(
                        "name capture '%s' makes remaining patterns unreachable"
                        % pattern.name,
                        pattern,
                    )
                raise self.error(
                    "wildcard makes remaining patterns unreachable", pattern
                )
            if pattern.name is not None:
                self.store_capture(pattern.name, pc, pattern)
            else:
                self.emit(ops.POP_TOP)
            return
        pc.on_top += 1
        self.emit(ops.COPY, 1)
        self.subpattern(pattern.pattern, pc)
        pc.on_top -= 1
        if pattern.name is not None:
            self.store_capture(pattern.name, pc, pattern)
        else:
            self.emit(ops.POP_TOP)

    def pattern_sequence(self, pattern, pc):
        patterns = pattern.patterns
        size = len(patterns)
        star = -1
        for i in range(size):
            if isinstance(patterns[i], ast.MatchStar):
                if star >= 0:
                    raise self.error(
                        "multiple starred names in sequence pattern", patterns[i]
                    )
                star = i
        self.emit(ops.MATCH_SEQUENCE)
        self.jump_to_fail(pc, 1, ops.POP_JUMP_IF_FALSE)
        if star < 0:
            self.emit(ops.GET_LEN)
            self.load_const(ConstInt(size))
            self.emit(ops.COMPARE_OP, ops.CMP_EQ)
            self.jump_to_fail(pc, 1, ops.POP_JUMP_IF_FALSE)
            self.emit(ops.UNPACK_SEQUENCE, size)
        else:
            if size - 1 > 0:
                self.emit(ops.GET_LEN)
                self.load_const(ConstInt(size - 1))
                self.emit(ops.COMPARE_OP, ops.CMP_GE)
                self.jump_to_fail(pc, 1, ops.POP_JUMP_IF_FALSE)
            self.emit(ops.UNPACK_EX, star + ((size - 1 - star) << 8))
        base = pc.on_top
        for i in range(size):
            pc.on_top = base + size - 1 - i
            self.subpattern(patterns[i], pc)
        pc.on_top = base

    def pattern_mapping(self, pattern, pc):
        keys = pattern.keys
        size = len(keys)
        self.emit(ops.MATCH_MAPPING)
        self.jump_to_fail(pc, 1, ops.POP_JUMP_IF_FALSE)
        if size == 0 and pattern.rest is None:
            self.emit(ops.POP_TOP)
            return
        if size:
            self.emit(ops.GET_LEN)
            self.load_const(ConstInt(size))
            self.emit(ops.COMPARE_OP, ops.CMP_GE)
            self.jump_to_fail(pc, 1, ops.POP_JUMP_IF_FALSE)
        seen = {}
        for key in keys:
            if isinstance(key, ast.Constant):
                k = key.value.key()
                if k in seen:
                    raise self.error(
                        "mapping pattern checks duplicate key (%s)" % key.value.repr(),
                        pattern,
                    )
                seen[k] = None
            elif not isinstance(key, ast.Attribute):
                raise self.error(
                    "mapping pattern keys may only match literals and attribute "
                    "lookups",
                    key,
                )
            key.walkabout(self)
        self.emit(ops.BUILD_TUPLE, size)
        self.emit(ops.MATCH_KEYS)
        # [subject, keys, values-or-None]
        self.emit(ops.COPY, 1)
        self.jump_to_fail(pc, 3, ops.POP_JUMP_IF_NONE)
        self.emit(ops.UNPACK_SEQUENCE, size)
        base = pc.on_top
        for i in range(size):
            pc.on_top = base + 2 + size - 1 - i
            self.subpattern(pattern.patterns[i], pc)
        pc.on_top = base
        if pattern.rest is not None:
            # rest = dict(subject); del rest[key] for each key
            self.emit(ops.BUILD_MAP, 0)
            self.emit(ops.SWAP, 3)
            self.emit(ops.DICT_UPDATE, 2)
            self.emit(ops.UNPACK_SEQUENCE, size)
            remaining = size
            while remaining:
                self.emit(ops.COPY, 1 + remaining)
                remaining -= 1
                self.emit(ops.SWAP, 2)
                self.emit(ops.DELETE_SUBSCR)
            self.store_capture(pattern.rest, pc, pattern)
        else:
            self.emit(ops.POP_TOP)
            self.emit(ops.POP_TOP)

    def pattern_class(self, pattern, pc):
        nargs = len(pattern.patterns)
        nattrs = len(pattern.kwd_attrs)
        seen = {}
        for i in range(nattrs):
            attr = pattern.kwd_attrs[i]
            if attr in seen:
                raise self.error(
                    "attribute name repeated in class pattern: %s" % attr,
                    pattern.kwd_patterns[i],
                )
            seen[attr] = None
        pattern.cls.walkabout(self)
        self.load_const(ConstTuple([ConstStr(attr) for attr in pattern.kwd_attrs]))
        self.emit(ops.MATCH_CLASS, nargs)
        # [attributes-tuple-or-None]
        self.emit(ops.COPY, 1)
        self.jump_to_fail(pc, 1, ops.POP_JUMP_IF_NONE)
        total = nargs + nattrs
        self.emit(ops.UNPACK_SEQUENCE, total)
        subpatterns = pattern.patterns + pattern.kwd_patterns
        base = pc.on_top
        for i in range(total):
            pc.on_top = base + total - 1 - i
            self.subpattern(subpatterns[i], pc)
        pc.on_top = base

    def pattern_or(self, pattern, pc):
        end = self.new_block()
        alternatives = pattern.patterns
        # the names of the first alternative, in its order: the others must
        # bind the same names and leave their values in the same order
        control = []
        for i in range(len(alternatives)):
            alt = alternatives[i]
            self.set_lineno(alt)
            alt_pc = PatternContext()
            alt_pc.fail_pop = [self.new_block()]
            alt_pc.allow_irrefutable = (
                i == len(alternatives) - 1 and pc.allow_irrefutable
            )
            self.emit(ops.COPY, 1)
            self.pattern(alt, alt_pc)
            if i == 0:
                control = alt_pc.stores
            elif len(alt_pc.stores) != len(control):
                raise self.error("alternative patterns bind different names", pattern)
            else:
                self.reorder_stores(alt_pc.stores, control, pattern)
            self.emit_jump(ops.JUMP, end)
            self.emit_fail_pops(alt_pc)
        # every alternative failed: drop the subject and fail
        self.emit(ops.POP_TOP)
        self.jump_to_fail(pc, 0, ops.JUMP)
        self.use_block(end)
        # [.. earlier captures, items on top, subject, new captures]: move the
        # new captures below everything the enclosing pattern still needs
        rotations = len(control) + 1 + pc.on_top + len(pc.stores)
        for name in control:
            self.rotate(rotations)
            if name in pc.stores:
                raise self.error(
                    "multiple assignments to name '%s' in pattern" % name, pattern
                )
            pc.stores.append(name)
        self.emit(ops.POP_TOP)

    def reorder_stores(self, stores, control, pattern):
        """Reorder the captured values on the stack (and `stores`) of an
        alternative into the order of `control`."""
        icontrol = len(control)
        while icontrol > 0:
            icontrol -= 1
            name = control[icontrol]
            istores = -1
            for k in range(len(stores)):
                if stores[k] == name:
                    istores = k
            if istores < 0:
                raise self.error("alternative patterns bind different names", pattern)
            if istores != icontrol:
                # move the first istores + 1 names after the next
                # icontrol - istores ones; on the stack: as many rotations
                rotations = istores + 1
                moved = stores[:rotations]
                rest = stores[rotations:]
                at = icontrol - istores
                reordered = rest[:at] + moved + rest[at:]
                for k in range(len(reordered)):
                    stores[k] = reordered[k]
                for k in range(rotations):
                    self.rotate(icontrol + 1)


def _unique(values):
    seen = {}
    result = []
    for value in values:
        key = value.key()
        if key not in seen:
            seen[key] = None
            result.append(value)
    return result


def compile_ast(tree, filename="<string>", mode="exec", flags=0, optimize=0):
    """Compile a mod node to a CodeObject; raises PySyntaxError, or
    CompilerRecursionError for trees nested too deeply."""
    try:
        # the future statements are read first, as CPython does
        future = (flags & symtable.CO_FUTURE_ANNOTATIONS) | symtable.parse_future(tree)
        tree = optimize_ast(
            tree, optimize, (future & symtable.CO_FUTURE_ANNOTATIONS) != 0
        )
        symbols = symtable.SymtableBuilder(tree, flags & symtable.CO_FUTURE_ANNOTATIONS)
        generator = CodeGenerator(
            symbols, filename, symbols.future_flags, optimize, mode == "single"
        )
        return generator.compile_module(tree)
    except RecursionError:
        raise CompilerRecursionError(
            "maximum recursion depth exceeded during compilation"
        )


def compile_source(source, filename="<string>", mode="exec", flags=0, optimize=0):
    """Parse with the project parser and compile: source text -> CodeObject."""
    from pypy.interpreter.pyparser.pyparse import parse

    return compile_ast(parse(source, mode), filename, mode, flags, optimize)
