"""Build a flow graph from a live Python function by walking its syntax tree.

The builder keeps a *current block* and a map from local names to the
Variable or Constant they hold.  Control flow forks by closing the current
block with an exitswitch; each outgoing Link is left unfinished (a `Path`,
which remembers the locals at that point) until `merge()` joins one or more
paths into a fresh block whose inputargs receive the locals that differ.
Values thus only travel through link arguments (SSA without phi nodes).

Loops make their header block up front: its inputargs are every local that
is a Variable at loop entry or is assigned in the loop.  Exceptions are
modelled only where a `try` (or `with`) catches them: an operation that can
raise ends its block with exitswitch `c_last_exception`, and its exception
exit goes to the handler's dispatch block, which tests `isinstance` on the
exception value for each `except` clause and re-raises when nothing matches.
`finally` bodies (and `__exit__` calls) are inlined on every path leaving the
protected region: normal end, exception, return, break and continue.
"""

import ast
import builtins
import inspect
import re
import textwrap
import types

from rpython.flowspace.model import (
    Block,
    Constant,
    FunctionGraph,
    Link,
    SpaceOperation,
    Variable,
    c_last_exception,
)
from rpython.flowspace.operation import (
    BINARY_OPS,
    COMPARE_OPS,
    OPERATIONS,
    OVF_VARIANTS,
)


class FlowingError(Exception):
    """The function cannot be turned into a flow graph (not RPython)."""

    def __init__(self, msg, filename=None, lineno=None, funcname=None):
        Exception.__init__(self, msg)
        self.msg = msg
        self.filename = filename
        self.lineno = lineno
        self.funcname = funcname

    def __str__(self):
        where = ""
        if self.filename is not None:
            where = "%s:%s: " % (self.filename, self.lineno)
        txt = where + self.msg
        if self.funcname:
            txt += " (in function %s)" % self.funcname
        return txt


# builtins that become a dedicated operation when called with these arities
BUILTIN_OPS = {
    (len, 1): "len",
    (abs, 1): "abs",
    (str, 1): "str",
    (repr, 1): "repr",
    (int, 1): "int",
    (float, 1): "float",
    (ord, 1): "ord",
    (chr, 1): "chr",
    (hash, 1): "hash",
    (id, 1): "id",
    (type, 1): "type",
    (iter, 1): "iter",
    (next, 1): "next",
    (bool, 1): "bool",
    (getattr, 2): "getattr",
    (setattr, 3): "setattr",
    (divmod, 2): "divmod",
}

# operations whose result is a bool: no extra `bool` before a switch
BOOL_OPS = {"lt", "le", "eq", "ne", "gt", "ge", "is_", "contains", "bool"}

# never folded even on constants: results differ between runs or objects
NEVER_FOLD = {"hash", "id", "iter", "next", "newlist", "newdict"}

PURE_BUILTINS = {isinstance, issubclass, min, max, abs, len, chr, ord, round, hex}

SIMPLE_CONST_TYPES = (int, float, str, bytes, bool, type(None))

_unique_counter = [0]


def _unique(prefix):
    _unique_counter[0] += 1
    return "%s%d" % (prefix, _unique_counter[0])


def _is_simple_value(value):
    if isinstance(value, SIMPLE_CONST_TYPES):
        return True
    if isinstance(value, tuple):
        return all(_is_simple_value(x) for x in value)
    return False


def is_frozen(value):
    """Prebuilt instances declaring `_freeze_()` -> True are constants."""
    freeze = getattr(type(value), "_freeze_", None)
    if freeze is None:
        return False
    try:
        return bool(value._freeze_())
    except Exception:
        return False


def _is_rlib(func, name, module_suffix):
    """Recognise rlib helpers (and test stand-ins) by name and module."""
    if getattr(func, "__name__", None) != name:
        return False
    module = getattr(func, "__module__", None) or ""
    return module.endswith(module_suffix) or module.endswith("fake_rlib")


def is_unrolling_iterable(value):
    return type(value).__name__ == "unrolling_iterable" or getattr(
        type(value), "_unroll_", False
    )


_os_substitutes = {}


def os_substitute(value):
    """The RPython version (rlib.rposix) of an `os` function, or None."""
    if not _os_substitutes:
        import os

        try:
            from rpython.rlib import rposix
        except ImportError:
            _os_substitutes[None] = None
        else:
            for name in dir(rposix):
                if name.startswith("_") and name != "_exit":
                    continue
                func = getattr(os, name, None)
                if callable(func) and callable(getattr(rposix, name)):
                    _os_substitutes[id(func)] = (func, getattr(rposix, name))
    entry = _os_substitutes.get(id(value))
    if entry is not None and entry[0] is value:
        return entry[1]
    return None


_math_substitutes = {}

# math functions whose rlib.rmath version has the same signature and result
# type; the others (floor, ceil, fabs, isinf...) are rtyped directly
_RMATH_SAME = (
    "sqrt exp expm1 log2 log10 log1p sin cos tan asin acos atan atan2 sinh "
    "cosh tanh asinh acosh atanh fmod pow hypot ldexp erf erfc gamma lgamma "
    "degrees radians"
).split()


def math_substitute(value, nargs):
    """The checked RPython version of a `math` function (CPython's
    ValueError "math domain error" / OverflowError "math range error"), or
    None.  rlib code itself keeps the raw libm functions."""
    if not _math_substitutes:
        import math

        from rpython.flowspace import rthelpers
        from rpython.rlib import rmath

        for name in _RMATH_SAME:
            _math_substitutes[id(getattr(math, name))] = (
                getattr(math, name),
                getattr(rmath, name),
            )
        _math_substitutes[id(math.log)] = (math.log, rthelpers.math_log)
        _math_substitutes["log2args"] = (math.log, rthelpers.math_log_base)
        _math_substitutes[id(math.trunc)] = (math.trunc, rthelpers.math_trunc)
        _math_substitutes[id(math.gcd)] = (math.gcd, rmath.gcd_int)
    entry = _math_substitutes.get(id(value))
    if entry is not None and entry[0] is value:
        if entry[1].__name__ == "math_log" and nargs == 2:
            entry = _math_substitutes["log2args"]
        return entry[1]
    return None


def _is_jit_noop(value):
    self_obj = getattr(value, "__self__", None)
    return (
        self_obj is not None
        and type(self_obj).__name__ == "JitDriver"
        and getattr(value, "__name__", "")
        in ("jit_merge_point", "can_enter_jit", "loop_header")
    )


def _is_consumer(value):
    try:
        return value in (list, sum, any, all, sorted, min, max)
    except Exception:
        return False


class Path:
    """An unfinished Link: where it starts and the locals it carries."""

    def __init__(self, link, locals, extras=()):
        self.link = link
        self.locals = locals
        self.extras = list(extras)


class LoopCtx:
    def __init__(self, header, header_names):
        self.header = header  # None for unrolled loops
        self.header_names = header_names
        self.break_paths = []
        self.continue_paths = []


class ExceptCtx:
    """A `try` with `except` clauses: raising ops jump to raise_paths."""

    def __init__(self):
        self.raise_paths = []


class FinallyCtx:
    """A `try/finally` or `with`: `action` runs on every way out."""

    def __init__(self, action):
        self.action = action
        self.raise_paths = []


class HandlingCtx:
    """Inside an `except` clause: what a bare `raise` re-raises."""

    def __init__(self, etype, evalue):
        self.etype = etype
        self.evalue = evalue


class NameScanner(ast.NodeVisitor):
    """Collects the names a function body assigns (its locals) and reads."""

    def __init__(self):
        self.assigned = {}
        self.loaded = {}
        self.globals = {}
        self.nonlocals = {}

    def visit_Name(self, node):
        if isinstance(node.ctx, (ast.Store, ast.Del)):
            self.assigned[node.id] = True
        else:
            self.loaded[node.id] = True

    def visit_Global(self, node):
        for name in node.names:
            self.globals[name] = True

    def visit_Nonlocal(self, node):
        for name in node.names:
            self.nonlocals[name] = True

    def visit_FunctionDef(self, node):
        self.assigned[node.name] = True
        for deco in node.decorator_list:
            self.visit(deco)
        for default in node.args.defaults:
            self.visit(default)
        inner = scan_function(node)
        for name in inner.free:
            self.loaded[name] = True

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node):
        for default in node.args.defaults:
            self.visit(default)
        inner = scan_function(node)
        for name in inner.free:
            self.loaded[name] = True

    def visit_ClassDef(self, node):
        self.assigned[node.name] = True

    def visit_ExceptHandler(self, node):
        if node.name:
            self.assigned[node.name] = True
        self.generic_visit(node)

    def visit_Import(self, node):
        for alias in node.names:
            self.assigned[(alias.asname or alias.name).split(".")[0]] = True

    visit_ImportFrom = visit_Import

    def _visit_comprehension(self, node):
        # comprehension targets are local to the comprehension
        inner = NameScanner()
        for gen in node.generators:
            inner.visit(gen)
        for field in ("elt", "key", "value"):
            if hasattr(node, field):
                inner.visit(getattr(node, field))
        targets = {}
        for gen in node.generators:
            t = NameScanner()
            t.visit(gen.target)
            targets.update(t.assigned)
        for name in inner.loaded:
            if name not in targets:
                self.loaded[name] = True
        for name in inner.assigned:
            if name not in targets:
                self.assigned[name] = True  # walrus

    visit_ListComp = _visit_comprehension
    visit_SetComp = _visit_comprehension
    visit_DictComp = _visit_comprehension
    visit_GeneratorExp = _visit_comprehension


class FunctionScan:
    def __init__(self, params, scanner):
        self.params = params
        self.locals = dict.fromkeys(params, True)
        for name in scanner.assigned:
            if name not in scanner.globals and name not in scanner.nonlocals:
                self.locals[name] = True
        self.globals = scanner.globals
        self.nonlocals = scanner.nonlocals
        self.free = {n: True for n in scanner.loaded if n not in self.locals}
        for n in scanner.nonlocals:
            self.free[n] = True


def function_params(args):
    names = [a.arg for a in args.posonlyargs + args.args]
    if args.vararg:
        names.append(args.vararg.arg)
    for a in args.kwonlyargs:
        names.append(a.arg)
    if args.kwarg:
        names.append(args.kwarg.arg)
    return names


def scan_function(node):
    scanner = NameScanner()
    if isinstance(node, ast.Lambda):
        scanner.visit(node.body)
    else:
        for stmt in node.body:
            scanner.visit(stmt)
    return FunctionScan(function_params(node.args), scanner)


def scan_assigned(stmts):
    scanner = NameScanner()
    for stmt in stmts:
        scanner.visit(stmt)
    return scanner.assigned


def _find_function_node(tree, func):
    """The FunctionDef or Lambda node of `func` in its parsed source."""
    code = func.__code__
    candidates = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if node.name == code.co_name:
                candidates.append(node)
        elif isinstance(node, ast.Lambda) and code.co_name == "<lambda>":
            candidates.append(node)
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]
    # several lambdas or same-named defs: pick by argument names
    wanted = list(code.co_varnames[: code.co_argcount])
    for node in candidates:
        if [a.arg for a in node.args.posonlyargs + node.args.args] == wanted:
            return node
    return candidates[0]


_source_cache = {}


_generated_counter = [0]


def exec_with_source(source, namespace, name_hint="generated"):
    """exec() `source` in `namespace` so that the functions it defines keep
    a readable source (registered in linecache under a unique file name),
    which build_flow needs.  For import-time code generation."""
    import linecache

    _generated_counter[0] += 1
    filename = "<rpython-generated-%s-%d>" % (name_hint, _generated_counter[0])
    source = textwrap.dedent(source)
    lines = source.splitlines(True)
    linecache.cache[filename] = (len(source), None, lines, filename)
    exec(compile(source, filename, "exec"), namespace)
    return filename


_file_trees = {}


def _find_in_whole_file(filename, code):
    """Parse the whole file (when the function's own lines do not parse
    alone, e.g. a multi-line string at column 0) and find the def."""
    import linecache

    if filename not in _file_trees:
        text = "".join(linecache.getlines(filename))
        try:
            _file_trees[filename] = ast.parse(text)
        except (SyntaxError, ValueError):
            _file_trees[filename] = None
    tree = _file_trees[filename]
    if tree is None:
        return None
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if node.name != code.co_name:
                continue
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            if first == code.co_firstlineno or node.lineno == code.co_firstlineno:
                return node
    return None


def get_function_source(func):
    """(filename, first line number, FunctionDef/Lambda node) of `func`."""
    code = func.__code__
    key = id(code)  # equal code objects may live in different places
    if key in _source_cache:
        return _source_cache[key][1]
    filename = code.co_filename
    try:
        lines, firstlineno = inspect.getsourcelines(code)
    except (OSError, TypeError) as e:
        raise FlowingError(
            "cannot read the source of %s: %s (functions made with exec() at "
            "import time should use flowcontext.exec_with_source())"
            % (func.__qualname__, e),
            filename,
            code.co_firstlineno,
        )
    source = textwrap.dedent("".join(lines))
    try:
        tree = ast.parse(source)
    except SyntaxError:
        node = None
        if code.co_name != "<lambda>":
            node = _find_in_whole_file(filename, code)
        if node is not None:
            # line numbers of the whole-file tree are already absolute
            result = (filename, 1, node)
            _source_cache[key] = (code, result)
            return result
        # a lambda in the middle of a statement: parse just the lambda text
        text = "".join(lines).strip()
        start = text.find("lambda")
        tree = None
        while start >= 0 and tree is None:
            for end in range(len(text), start, -1):
                try:
                    tree = ast.parse("(" + text[start:end] + ")")
                    break
                except SyntaxError:
                    continue
            if tree is None:
                start = text.find("lambda", start + 1)
        if tree is None:
            raise FlowingError(
                "cannot parse the source of %s" % func.__qualname__,
                filename,
                firstlineno,
            )
    node = _find_function_node(tree, func)
    if node is None:
        raise FlowingError(
            "cannot find the definition of %s in its source" % func.__qualname__,
            filename,
            firstlineno,
        )
    result = (filename, firstlineno, node)
    _source_cache[key] = (code, result)
    return result


_nested_cache = {}


class FlowBuilder:
    """Turns one live function into a FunctionGraph."""

    on_yield = None  # set when this builder inlines a generator's body

    def __init__(self, func, name=None, inline_generator=False):
        if not isinstance(func, types.FunctionType):
            raise FlowingError("%r is not a Python function" % (func,))
        self.func = func
        self.filename, self.firstlineno, self.node = get_function_source(func)
        self.lineno = self.firstlineno
        self.globals = func.__globals__
        code = func.__code__
        self.closure = {}
        if func.__closure__:
            for freevar, cell in zip(code.co_freevars, func.__closure__):
                try:
                    self.closure[freevar] = cell.cell_contents
                except ValueError:
                    pass  # empty cell: reading it is an error later
        self.name = name or func.__qualname__.replace("<locals>.", "")
        self.scan = scan_function(self.node)
        if code.co_flags & inspect.CO_GENERATOR and not inline_generator:
            self.error(
                "generator function %s can only be used in a for loop"
                % func.__qualname__
            )
        self.ctx = []
        self.renames = []  # comprehension scopes: {name: hidden name}
        self.bool_vars = {}  # Variables known to hold a bool

    # ____________________________________________________________
    # errors and positions

    def error(self, msg):
        raise FlowingError(msg, self.filename, self.lineno, self.name)

    def set_lineno(self, node):
        lineno = getattr(node, "lineno", None)
        if lineno is not None:
            self.lineno = lineno + self.firstlineno - 1

    # ____________________________________________________________
    # building

    def build(self):
        args = self.node.args
        if args.kwonlyargs or args.kwarg:
            self.error("keyword-only arguments and **kwargs are not RPython")
        argnames = [a.arg for a in args.posonlyargs + args.args]
        inputargs = [Variable(n) for n in argnames]
        self.locals = dict(zip(argnames, inputargs))
        if args.vararg:
            v = Variable(args.vararg.arg)
            inputargs.append(v)
            self.locals[args.vararg.arg] = v
        startblock = Block(inputargs)
        self.graph = FunctionGraph(self.name, startblock)
        self.graph.func = self.func
        self.graph.filename = self.filename
        self.graph.firstlineno = self.firstlineno
        self.graph.signature = (argnames, args.vararg.arg if args.vararg else None)
        self.graph.defaults = self.func.__defaults__ or ()
        self.block = startblock
        if isinstance(self.node, ast.Lambda):
            self.set_lineno(self.node)
            value = self.expr(self.node.body)
            self.do_return(value)
        else:
            self.stmts(self.node.body)
            if self.block is not None:
                self.do_return(self.implicit_result())
        from rpython.flowspace.simplify import simplify_graph

        simplify_graph(self.graph)
        return self.graph

    # ____________________________________________________________
    # paths, forks and merges

    def fork(self, exitswitch, cases):
        """Close the current block on `exitswitch`; one Path per case."""
        block = self.block
        block.exitswitch = exitswitch
        paths = []
        for case in cases:
            link = Link([], None, case)
            link.lineno = self.lineno
            link.prevblock = block
            block.exits.append(link)
            paths.append(Path(link, dict(self.locals)))
        self.block = None
        return paths

    def goto_path(self):
        """Close the current block with a single (unfinished) exit."""
        if self.block is None:
            return []
        return self.fork(None, [None])

    def merge(self, paths, nextras=0):
        """Start a new block joining `paths`; return its extra Variables."""
        paths = [p for p in paths if p is not None]
        if not paths:
            self.block = None
            self.locals = {}
            return None
        names = set(paths[0].locals)
        for p in paths[1:]:
            names &= set(p.locals)
        newlocals = {}
        inputargs = []
        argnames = []
        for name in sorted(names):
            values = [p.locals[name] for p in paths]
            first = values[0]
            if isinstance(first, Constant) and all(
                isinstance(v, Constant) and v == first for v in values
            ):
                newlocals[name] = first
            else:
                v = Variable(name.lstrip("$").split(".")[-1])
                inputargs.append(v)
                argnames.append(name)
                newlocals[name] = v
        extras = [Variable("e") for i in range(nextras)]
        block = Block(inputargs + extras)
        for p in paths:
            assert len(p.extras) == nextras
            p.link.args = [p.locals[n] for n in argnames] + list(p.extras)
            p.link.target = block
        self.block = block
        self.locals = newlocals
        return extras

    def link_to(self, target, args):
        """Close the current block with a link to a known block."""
        link = Link(args, target)
        link.lineno = self.lineno
        self.block.closeblock(link)
        self.block = None

    def make_loop_header(self, body_stmts):
        """A block that loop back-edges (continue) can jump to."""
        assigned = scan_assigned(body_stmts)
        names = []
        consts = {}
        for name in sorted(self.locals):
            value = self.locals[name]
            base = name
            if (
                isinstance(value, Constant)
                and base not in assigned
                and not (self.on_yield is not None and name.startswith("^"))
            ):
                consts[name] = value
            else:
                names.append(name)
        inputargs = [Variable(n.lstrip("$").split(".")[-1]) for n in names]
        header = Block(inputargs)
        self.link_to(header, [self.locals[n] for n in names])
        self.block = header
        self.locals = dict(consts)
        self.locals.update(zip(names, inputargs))
        return header, names

    def jump_to_header(self, loop):
        args = []
        for name in loop.header_names:
            if name not in self.locals:
                self.error(
                    "variable %r may be undefined at the start of a loop"
                    % name.lstrip("$")
                )
            args.append(self.locals[name])
        for name, value in loop.header_consts.items():
            if self.locals.get(name) != value:
                self.error("variable %r changes inside the loop" % name.lstrip("$"))
        self.link_to(loop.header, args)

    # ____________________________________________________________
    # operations

    def emit(self, opname, *args):
        """Append `opname(*args)`; fold it when possible; returns result."""
        folded = self.try_fold(opname, args)
        if folded is not None:
            return folded
        result = Variable()
        op = SpaceOperation(opname, args, result, self.lineno)
        self.block.operations.append(op)
        hlop = OPERATIONS.get(opname)
        if hlop is not None and hlop.canraise:
            self.maybe_split_for_exception()
        if opname in BOOL_OPS:
            self.bool_vars[result] = True
        return result

    def try_fold(self, opname, args):
        if opname in NEVER_FOLD:
            return None
        if not all(isinstance(a, Constant) for a in args):
            return None
        hlop = OPERATIONS.get(opname)
        if hlop is None or not hlop.pure or hlop.pyfunc is None:
            return None
        values = [a.value for a in args]
        if opname == "getattr":
            obj = values[0]
            if not (
                isinstance(obj, (types.ModuleType, type))
                or is_frozen(obj)
                or _is_simple_value(obj)
                and not callable(getattr(obj, values[1], None))
            ):
                return None
        elif opname in ("is_", "isinstance", "issubtype", "type"):
            pass
        elif not all(_is_simple_value(v) or isinstance(v, type) for v in values):
            return None
        try:
            result = hlop.pyfunc(*values)
        except Exception:
            return None  # raises at run time: keep the operation
        return Constant(result)

    def handler_ctx(self):
        """The innermost context that catches exceptions, or None."""
        for ctx in reversed(self.ctx):
            if isinstance(ctx, (ExceptCtx, FinallyCtx)):
                return ctx
        return None

    def maybe_split_for_exception(self):
        handler = self.handler_ctx()
        if handler is None:
            return
        op = self.block.operations[-1]
        locals_before = dict(self.locals)
        hlop = OPERATIONS[op.opname]
        case = Exception
        if len(hlop.canraise) == 1:
            case = hlop.canraise[0]
        normal, exc = self.fork(c_last_exception, [None, case])
        # the op's result is not defined on the exception path
        exc.locals = locals_before
        etype, evalue = Variable("last_exception"), Variable("last_exc_value")
        exc.link.last_exception = etype
        exc.link.last_exc_value = evalue
        exc.extras = [etype, evalue]
        handler.raise_paths.append(exc)
        normal.extras = [op.result]
        (newresult,) = self.merge([normal], 1)
        # later uses of the op's result see the renamed variable
        self.pending_rename = (op.result, newresult)

    def emit_op(self, opname, *args):
        """emit() that follows the renaming done by exception splits."""
        self.pending_rename = None
        result = self.emit(opname, *args)
        if self.pending_rename is not None and self.pending_rename[0] is result:
            result = self.pending_rename[1]
            if opname in BOOL_OPS:
                self.bool_vars[result] = True
        self.pending_rename = None
        return result

    pending_rename = None

    def call(self, func, args):
        return self.emit_op("simple_call", func, *args)

    # ____________________________________________________________
    # names

    def local_key(self, name):
        for scope in reversed(self.renames):
            if name in scope:
                return scope[name]
        return name

    def load_name(self, name):
        key = self.local_key(name)
        if key != name or name in self.scan.locals:
            if key not in self.locals:
                self.error("local variable %r may be used before assignment" % name)
            return self.locals[key]
        if name in self.closure:
            return Constant(self.closure[name])
        if name in self.globals:
            return Constant(self.globals[name])
        if hasattr(builtins, name):
            return Constant(getattr(builtins, name))
        self.error("name %r is not defined" % name)

    def store_name(self, name, value):
        key = self.local_key(name)
        if key == name:
            if name in self.scan.globals:
                self.error(
                    "global %r is rebound at run time; module globals are "
                    "constants in RPython (keep mutable state in an attribute "
                    "of a prebuilt instance)" % name
                )
            if name in self.scan.nonlocals:
                self.error(
                    "nonlocal %r is rebound; closures may only read outer "
                    "variables in RPython" % name
                )
        self.locals[key] = value

    def new_tmp(self, value):
        name = _unique("$tmp")
        self.locals[name] = value
        return name

    def pop_tmp(self, name):
        return self.locals.pop(name)

    # Values held in Python variables do not survive a merge (a new block);
    # whenever sub-expressions that may create blocks are evaluated while a
    # value is pending, the value is parked in a hidden local.

    def exprs(self, nodes, already=()):
        """Evaluate `nodes` in order; `already` are values computed before."""
        names = [self.new_tmp(v) for v in already]
        for node in nodes:
            names.append(self.new_tmp(self.expr_item(node)))
        return [self.pop_tmp(n) for n in names]

    # ____________________________________________________________
    # statements

    def stmts(self, body):
        for stmt in body:
            if self.block is None:
                break  # dead code after return/raise/break/continue
            self.stmt(stmt)

    def stmt(self, node):
        self.set_lineno(node)
        meth = getattr(self, "stmt_" + node.__class__.__name__, None)
        if meth is None:
            self.error("unsupported statement: %s" % node.__class__.__name__)
        meth(node)

    def stmt_Expr(self, node):
        if isinstance(node.value, ast.Constant):
            return  # docstring or bare constant
        if isinstance(node.value, ast.Yield) and self.on_yield is not None:
            value = node.value.value
            self.on_yield(self.expr(value) if value is not None else Constant(None))
            return
        self.expr(node.value)

    def expr_Yield(self, node):
        self.error(
            "'yield' is only supported as a statement in a generator used by a for loop"
        )

    expr_YieldFrom = expr_Yield
    expr_Await = expr_Yield

    def stmt_Pass(self, node):
        pass

    def stmt_Assign(self, node):
        value = self.expr(node.value)
        for target in node.targets:
            self.assign(target, value)

    def stmt_AnnAssign(self, node):
        if node.value is not None:
            self.assign(node.target, self.expr(node.value))

    def stmt_AugAssign(self, node):
        opname = "inplace_" + BINARY_OPS[node.op.__class__.__name__]
        opname = {"inplace_and_": "inplace_and", "inplace_or_": "inplace_or"}.get(
            opname, opname
        )
        if opname not in OPERATIONS:
            self.error("unsupported augmented assignment")
        target = node.target
        if isinstance(target, ast.Name):
            old = self.load_name(target.id)
            old, value = self.exprs([node.value], [old])
            new = self.emit_op(opname, old, value)
            self.store_name(target.id, new)
        elif isinstance(target, ast.Attribute):
            obj = self.expr(target.value)
            attr = Constant(target.attr)
            old = self.emit_op("getattr", obj, attr)
            obj, old, value = self.exprs([node.value], [obj, old])
            new = self.emit_op(opname, old, value)
            self.emit_op("setattr", obj, attr, new)
        elif isinstance(target, ast.Subscript):
            if isinstance(target.slice, ast.Slice):
                self.error("augmented assignment to a slice is not RPython")
            obj, index = self.exprs([target.value, target.slice])
            old = self.emit_op("getitem", obj, index)
            obj, index, old, value = self.exprs([node.value], [obj, index, old])
            new = self.emit_op(opname, old, value)
            self.emit_op("setitem", obj, index, new)
        else:
            self.error("unsupported augmented assignment target")

    def assign(self, target, value):
        if isinstance(target, ast.Name):
            self.store_name(target.id, value)
        elif isinstance(target, ast.Attribute):
            value, obj = self.exprs([target.value], [value])
            self.emit_op("setattr", obj, Constant(target.attr), value)
        elif isinstance(target, ast.Subscript):
            if isinstance(target.slice, ast.Slice):
                self.error("assignment to a slice is not RPython")
            value, obj, index = self.exprs([target.value, target.slice], [value])
            self.emit_op("setitem", obj, index, value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for elt in target.elts:
                if isinstance(elt, ast.Starred):
                    self.error("starred assignment is not RPython")
            if isinstance(value, Constant):
                try:
                    items = list(value.value)
                except TypeError:
                    self.error("cannot unpack non-iterable constant %r" % (value,))
                if len(items) != len(target.elts):
                    self.error(
                        "unpacking %d values into %d targets"
                        % (len(items), len(target.elts))
                    )
                for elt, item in zip(target.elts, items):
                    self.assign(elt, Constant(item))
                return
            vname = self.new_tmp(value)
            names = []
            for i in range(len(target.elts)):
                item = self.emit_op("getitem", self.locals[vname], Constant(i))
                names.append(self.new_tmp(item))
            self.pop_tmp(vname)
            for elt, name in zip(target.elts, names):
                self.assign(elt, self.pop_tmp(name))
        elif isinstance(target, ast.Starred):
            self.error("starred assignment is not RPython")
        else:
            self.error("unsupported assignment target")

    def stmt_Delete(self, node):
        for target in node.targets:
            if isinstance(target, ast.Name):
                self.locals.pop(self.local_key(target.id), None)
            elif isinstance(target, ast.Subscript):
                if isinstance(target.slice, ast.Slice):
                    self.error("deleting a slice is not supported")
                obj, index = self.exprs([target.value, target.slice])
                self.emit_op("delitem", obj, index)
            else:
                self.error("deleting attributes is not RPython")

    def stmt_Global(self, node):
        pass  # checked when the name is stored

    def stmt_Nonlocal(self, node):
        pass

    def stmt_Import(self, node):
        for alias in node.names:
            try:
                module = __import__(alias.name)
            except ImportError as e:
                self.error("import failed: %s" % e)
            if alias.asname:
                for part in alias.name.split(".")[1:]:
                    module = getattr(module, part)
                self.store_name(alias.asname, Constant(module))
            else:
                self.store_name(alias.name.split(".")[0], Constant(module))

    def stmt_ImportFrom(self, node):
        if node.level:
            package = self.globals.get("__package__") or ""
            modname = package
            for i in range(node.level - 1):
                modname = modname.rpartition(".")[0]
            if node.module:
                modname = modname + "." + node.module
        else:
            modname = node.module
        import importlib

        try:
            module = importlib.import_module(modname)
        except ImportError as e:
            self.error("import failed: %s" % e)
        for alias in node.names:
            if alias.name == "*":
                self.error("'from ... import *' inside a function")
            if not hasattr(module, alias.name):
                try:
                    importlib.import_module(modname + "." + alias.name)
                except ImportError:
                    self.error("cannot import %s from %s" % (alias.name, modname))
            value = getattr(module, alias.name)
            self.store_name(alias.asname or alias.name, Constant(value))

    def stmt_ClassDef(self, node):
        self.error(
            "class %s is created at run time; define it at module level" % node.name
        )

    def stmt_FunctionDef(self, node):
        func = self.make_nested_function(node)
        self.store_name(node.name, Constant(func))

    def stmt_If(self, node):
        true_paths, false_paths = self.cond(node.test)
        self.merge(true_paths)
        self.stmts(node.body)
        ends = self.goto_path()
        self.merge(false_paths)
        self.stmts(node.orelse)
        ends += self.goto_path()
        self.merge(ends)

    def stmt_While(self, node):
        header, names = self.make_loop_header([node])
        loop = LoopCtx(header, names)
        loop.header_consts = {k: v for k, v in self.locals.items() if k not in names}
        true_paths, false_paths = self.cond(node.test)
        self.merge(true_paths)
        self.run_loop_body(loop, node.body)
        self.merge(false_paths)
        self.stmts(node.orelse)
        self.merge(self.goto_path() + loop.break_paths)

    def run_loop_body(self, loop, body):
        self.ctx.append(loop)
        self.stmts(body)
        self.ctx.pop()
        if self.block is not None:
            self.jump_to_header(loop)
        for path in loop.continue_paths:
            self.merge([path])
            self.jump_to_header(loop)

    def stmt_For(self, node):
        iterable = self.iterable_or_generator(node.iter)
        if isinstance(iterable, tuple):
            genfunc, args = iterable
            self.inline_generator_loop(
                node.target, genfunc, args, lambda: self.stmts(node.body), node.orelse
            )
            return
        self.compile_for(
            node.target,
            iterable,
            lambda: self.stmts(node.body),
            [node],
            orelse=node.orelse,
        )

    def inline_generator_loop(self, target, genfunc, args, body_fn, orelse):
        """`for x in gen(args)`: the generator's body is flowed in place, and
        each `yield v` runs the loop body with x = v.  The caller's locals
        travel through the generator's blocks under names prefixed with '^';
        while the loop body runs, the generator's locals are parked in the
        caller's locals under a unique prefix."""
        outer_handler = self.handler_ctx()
        child = FlowBuilder(genfunc, inline_generator=True)
        gcode = genfunc.__code__
        argnames = list(gcode.co_varnames[: gcode.co_argcount])
        if gcode.co_flags & (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS):
            self.error("generators with *args are not supported")
        defaults = genfunc.__defaults__ or ()
        if len(args) > len(argnames) or len(args) < len(argnames) - len(defaults):
            self.error(
                "%s() takes %d arguments, %d given"
                % (genfunc.__name__, len(argnames), len(args))
            )
        while len(args) < len(argnames):
            args.append(Constant(defaults[len(args) - len(argnames)]))
        gid = _unique("$gen")
        child.graph = self.graph
        child.block = self.block
        child.locals = {"^" + k: v for k, v in self.locals.items()}
        child.locals.update(zip(argnames, args))
        child.gen_end_paths = []
        bridge = None
        if outer_handler is not None:
            # exceptions in the generator's body go to our handler
            bridge = ExceptCtx()
            child.ctx.append(bridge)
        loop = LoopCtx(None, None)
        self.ctx.append(loop)

        def on_yield(value):
            # generator -> loop body
            tmp = child.new_tmp(value)
            self.block = child.block
            self.locals = {}
            for k, v in child.locals.items():
                if k.startswith("^"):
                    self.locals[k[1:]] = v
                elif k != tmp:
                    self.locals[gid + "." + k] = v
            self.assign(target, child.locals.pop(tmp))
            loop.continue_paths = []
            body_fn()
            self.merge(self.goto_path() + loop.continue_paths)
            # loop body -> generator
            child.block = self.block
            child.locals = {}
            if self.block is not None:
                for k, v in self.locals.items():
                    if k.startswith(gid + "."):
                        child.locals[k[len(gid) + 1 :]] = v
                    else:
                        child.locals["^" + k] = v

        child.on_yield = on_yield
        child.stmts(child.node.body)
        end_paths = child.gen_end_paths + child.goto_path()
        self.ctx.pop()
        if bridge is not None:
            gen_raise_paths = bridge.raise_paths
        else:
            gen_raise_paths = []
        for p in end_paths + gen_raise_paths:
            p.locals = {k[1:]: v for k, v in p.locals.items() if k.startswith("^")}
        if outer_handler is not None:
            outer_handler.raise_paths += gen_raise_paths
        self.merge(end_paths)
        self.stmts(orelse)
        self.merge(self.goto_path() + loop.break_paths)

    def compile_for(self, target, iterable, body_fn, body_nodes, orelse=()):
        if isinstance(iterable, Constant):
            value = iterable.value
            unroll = is_unrolling_iterable(value)
            if isinstance(value, tuple) and len({type(x) for x in value}) > 1:
                unroll = True  # items of different types: one copy per item
            if unroll:
                self.compile_unrolled_for(target, list(value), body_fn, orelse)
                return
        v_iter = self.emit_op("iter", iterable)
        iter_name = self.new_tmp(v_iter)
        header, names = self.make_loop_header(body_nodes)
        loop = LoopCtx(header, names)
        loop.header_consts = {k: v for k, v in self.locals.items() if k not in names}
        result = Variable()
        op = SpaceOperation("next", [self.locals[iter_name]], result, self.lineno)
        self.block.operations.append(op)
        locals_before = dict(self.locals)
        normal, stop = self.fork(c_last_exception, [None, StopIteration])
        stop.link.last_exception = Variable("last_exception")
        stop.link.last_exc_value = Variable("last_exc_value")
        stop.locals = locals_before
        normal.extras = [result]
        (item,) = self.merge([normal], 1)
        self.assign(target, item)
        self.ctx.append(loop)
        body_fn()
        self.ctx.pop()
        if self.block is not None:
            self.jump_to_header(loop)
        for path in loop.continue_paths:
            self.merge([path])
            self.jump_to_header(loop)
        self.merge([stop])
        self.locals.pop(iter_name, None)
        self.stmts(orelse)
        ends = self.goto_path()
        for p in loop.break_paths:
            p.locals.pop(iter_name, None)
        self.merge(ends + loop.break_paths)

    def compile_unrolled_for(self, target, items, body_fn, orelse):
        loop = LoopCtx(None, None)
        for item in items:
            if self.block is None:
                break
            loop.continue_paths = []
            self.assign(target, Constant(item))
            self.ctx.append(loop)
            body_fn()
            self.ctx.pop()
            self.merge(self.goto_path() + loop.continue_paths)
        if self.block is not None:
            self.stmts(orelse)
        self.merge(self.goto_path() + loop.break_paths)

    def find_loop(self, what):
        for i in range(len(self.ctx) - 1, -1, -1):
            if isinstance(self.ctx[i], LoopCtx):
                return i
        self.error("'%s' outside a loop" % what)

    def run_finally_actions(self, stop_index):
        """Inline the finally bodies between the innermost context and
        self.ctx[stop_index] (exclusive), innermost first."""
        saved = self.ctx
        for i in range(len(saved) - 1, stop_index, -1):
            ctx = saved[i]
            if isinstance(ctx, FinallyCtx):
                self.ctx = saved[:i]
                ctx.action()
                if self.block is None:
                    break
        self.ctx = saved

    def stmt_Break(self, node):
        index = self.find_loop("break")
        self.run_finally_actions(index)
        if self.block is not None:
            self.ctx[index].break_paths += self.goto_path()

    def stmt_Continue(self, node):
        index = self.find_loop("continue")
        self.run_finally_actions(index)
        if self.block is not None:
            self.ctx[index].continue_paths += self.goto_path()

    def implicit_result(self):
        """What a bare `return` (or the end of the body) returns: None,
        except in an `__exit__` that also returns values (`return True`
        to suppress an exception), where it is False so that the results
        have one type; a with statement treats both as false."""
        if self.node.name == "__exit__":
            for sub in ast.walk(self.node):
                if isinstance(sub, ast.Return) and sub.value is not None:
                    return Constant(False)
        return Constant(None)

    def stmt_Return(self, node):
        if node.value is None:
            value = self.implicit_result()
        else:
            value = self.expr(node.value)
        if any(isinstance(c, FinallyCtx) for c in self.ctx):
            tmp = self.new_tmp(value)
            self.run_finally_actions(-1)
            if self.block is None:
                return
            value = self.pop_tmp(tmp)
        self.do_return(value)

    def do_return(self, value):
        if self.on_yield is not None:
            # `return` in an inlined generator ends the iteration
            self.gen_end_paths += self.goto_path()
            return
        self.link_to(self.graph.returnblock, [value])

    def stmt_Raise(self, node):
        if node.exc is None:
            for ctx in reversed(self.ctx):
                if isinstance(ctx, HandlingCtx):
                    self.do_raise(self.locals[ctx.etype], self.locals[ctx.evalue])
                    return
            self.error("bare 'raise' outside an except clause")
        exc = node.exc
        if isinstance(exc, ast.Call):
            func = self.expr(exc.func)
            evalue = self.compile_call(func, exc.args, exc.keywords)
            if isinstance(func, Constant) and isinstance(func.value, type):
                if not issubclass(func.value, BaseException):
                    self.error(
                        "raising %s, which is not an exception class"
                        % func.value.__name__
                    )
                self.do_raise(func, evalue)
                return
        else:
            evalue = self.expr(exc)
        if isinstance(evalue, Constant) and isinstance(evalue.value, type):
            if not issubclass(evalue.value, BaseException):
                self.error(
                    "raising %s, which is not an exception class"
                    % evalue.value.__name__
                )
            etype = evalue
            evalue = self.call(etype, [])
        elif isinstance(evalue, Constant):
            etype = Constant(type(evalue.value))
        else:
            etype = self.emit_op("type", evalue)
        self.do_raise(etype, evalue)

    def do_raise(self, etype, evalue):
        handler = self.handler_ctx()
        if etype is None:
            return  # unreachable
        if handler is None:
            self.link_to(self.graph.exceptblock, [etype, evalue])
        else:
            (path,) = self.goto_path()
            path.extras = [etype, evalue]
            handler.raise_paths.append(path)

    def stmt_Assert(self, node):
        true_paths, false_paths = self.cond(node.test)
        self.merge(false_paths)
        if self.block is not None:
            cls = Constant(AssertionError)
            if node.msg is not None:
                evalue = self.call(cls, [self.expr(node.msg)])
            else:
                evalue = self.call(cls, [])
            self.do_raise(cls, evalue)
        self.merge(true_paths)

    def stmt_Try(self, node):
        if node.finalbody:
            fctx = FinallyCtx(lambda: self.stmts(node.finalbody))
            self.ctx.append(fctx)
        ends = []
        if node.handlers:
            ectx = ExceptCtx()
            self.ctx.append(ectx)
            self.stmts(node.body)
            self.ctx.pop()
            self.stmts(node.orelse)
            ends += self.goto_path()
            etype, evalue = self.merge(ectx.raise_paths, 2) or (None, None)
            if self.block is not None:
                ends += self.dispatch_exception(node.handlers, etype, evalue)
        else:
            self.stmts(node.body)
            ends += self.goto_path()
        self.merge(ends)
        if node.finalbody:
            self.ctx.pop()
            self.stmts(node.finalbody)
            ends = self.goto_path()
            etype, evalue = self.merge(fctx.raise_paths, 2) or (None, None)
            if self.block is not None:
                tt, tv = self.new_tmp(etype), self.new_tmp(evalue)
                self.stmts(node.finalbody)
                if self.block is not None:
                    self.do_raise(self.pop_tmp(tt), self.pop_tmp(tv))
            self.merge(ends)

    def dispatch_exception(self, handlers, etype, evalue):
        tt, tv = self.new_tmp(etype), self.new_tmp(evalue)
        ends = []
        for handler in handlers:
            if self.block is None:
                break
            self.set_lineno(handler)
            if handler.type is None:
                match_paths, self_paths = self.goto_path(), []
            else:
                classes = self.expr(handler.type)
                if not isinstance(classes, Constant):
                    self.error("'except' needs constant exception classes")
                classes = classes.value
                if not isinstance(classes, tuple):
                    classes = (classes,)
                match_paths = []
                for cls in classes:
                    if not (isinstance(cls, type) and issubclass(cls, BaseException)):
                        self.error("'except %r': not an exception class" % (cls,))
                    if self.block is None:
                        break
                    v = self.emit_op(
                        "simple_call",
                        Constant(isinstance),
                        self.locals[tv],
                        Constant(cls),
                    )
                    nomatch, match = self.fork(v, [False, True])
                    match_paths.append(match)
                    self.merge([nomatch])
                self_paths = self.goto_path()
            self.merge(match_paths)
            if self.block is not None:
                if handler.name:
                    self.store_name(handler.name, self.locals[tv])
                self.ctx.append(HandlingCtx(tt, tv))
                self.stmts(handler.body)
                self.ctx.pop()
                if handler.name and self.block is not None:
                    self.locals.pop(self.local_key(handler.name), None)
                ends += self.goto_path()
            self.merge(self_paths)
        if self.block is not None:
            self.do_raise(self.locals[tt], self.locals[tv])
        for p in ends:
            p.locals.pop(tt, None)
            p.locals.pop(tv, None)
        return ends

    def stmt_With(self, node):
        if len(node.items) > 1:
            first, rest = node.items[0], node.items[1:]
            inner = ast.With(items=rest, body=node.body)
            ast.copy_location(inner, node)
            node = ast.With(items=[first], body=[inner])
            ast.copy_location(node, inner)
        item = node.items[0]
        mgr = self.expr(item.context_expr)
        v_exit = self.emit_op("getattr", mgr, Constant("__exit__"))
        exit_name = self.new_tmp(v_exit)
        entered = self.call(self.emit_op("getattr", mgr, Constant("__enter__")), [])
        if item.optional_vars is not None:
            self.assign(item.optional_vars, entered)
        none = Constant(None)

        def normal_exit():
            self.call(self.locals[exit_name], [none, none, none])

        fctx = FinallyCtx(normal_exit)
        self.ctx.append(fctx)
        self.stmts(node.body)
        self.ctx.pop()
        if self.block is not None:
            normal_exit()
        ends = self.goto_path()
        etype, evalue = self.merge(fctx.raise_paths, 2) or (None, None)
        if self.block is not None:
            tt, tv = self.new_tmp(etype), self.new_tmp(evalue)
            # as in Python, __exit__ sees the exception's type and value (the
            # traceback is always None) and a true result suppresses it
            v_result = self.call(
                self.locals[exit_name], [self.locals[tt], self.locals[tv], none]
            )
            if self.block is not None:
                v_true = self.emit_op("bool", v_result)
                reraise, suppress = self.fork(v_true, [False, True])
                suppress.locals.pop(tt, None)
                suppress.locals.pop(tv, None)
                ends.append(suppress)
                self.merge([reraise])
                if self.block is not None:
                    self.do_raise(self.pop_tmp(tt), self.pop_tmp(tv))
        self.merge(ends)
        self.locals.pop(exit_name, None)

    # ____________________________________________________________
    # conditions: (true_paths, false_paths) without materializing a bool

    def cond(self, node):
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            t, f = self.cond(node.operand)
            return f, t
        if isinstance(node, ast.BoolOp):
            is_and = isinstance(node.op, ast.And)
            done = []
            cont = None
            for i, value in enumerate(node.values):
                if i > 0:
                    self.merge(cont)
                    if self.block is None:
                        break
                t, f = self.cond(value)
                if is_and:
                    cont, out = t, f
                else:
                    cont, out = f, t
                done += out
            if is_and:
                return cont, done
            return done, cont
        if isinstance(node, ast.Compare) and len(node.ops) > 1:
            return self.cond_chain(node)
        self.set_lineno(node)
        if isinstance(node, ast.Compare):
            opname = node.ops[0].__class__.__name__
            if opname in ("IsNot", "NotIn"):
                left, right = self.exprs([node.left, node.comparators[0]])
                if opname == "IsNot":
                    v = self.emit_op("is_", left, right)
                else:
                    v = self.emit_op("contains", right, left)
                t, f = self.switch_on(v)
                return f, t
        v = self.expr(node)
        return self.switch_on(v)

    def switch_on(self, v):
        if isinstance(v, Constant):
            value = v.value
            if not isinstance(value, (list, dict)):
                try:
                    truth = bool(value)
                except Exception:
                    truth = None
                if truth is not None:
                    if truth:
                        return self.goto_path(), []
                    return [], self.goto_path()
        if v not in self.bool_vars:
            v = self.emit_op("bool", v)
        if isinstance(v, Constant):
            return self.switch_on(v)
        false, true = self.fork(v, [False, True])
        return [true], [false]

    def cond_chain(self, node):
        left = self.expr(node.left)
        false_paths = []
        for i, (op, comp) in enumerate(zip(node.ops, node.comparators)):
            left, right = self.exprs([comp], [left])
            tmp = self.new_tmp(right)
            v = self.compare(op, left, right)
            t, f = self.switch_on(v)
            false_paths += f
            if i == len(node.ops) - 1:
                for p in t + false_paths:
                    p.locals.pop(tmp, None)
                return t, false_paths
            self.merge(t)
            if self.block is None:
                return [], false_paths
            left = self.pop_tmp(tmp)
        raise AssertionError("unreachable")

    # ____________________________________________________________
    # expressions

    def expr(self, node):
        self.set_lineno(node)
        meth = getattr(self, "expr_" + node.__class__.__name__, None)
        if meth is None:
            self.error("unsupported expression: %s" % node.__class__.__name__)
        result = meth(node)
        assert isinstance(result, (Variable, Constant)), (node, result)
        return result

    def expr_Constant(self, node):
        return Constant(node.value)

    def expr_Name(self, node):
        return self.load_name(node.id)

    def expr_Attribute(self, node):
        obj = self.expr(node.value)
        return self.emit_op("getattr", obj, Constant(node.attr))

    def expr_BinOp(self, node):
        left, right = self.exprs([node.left, node.right])
        opname = BINARY_OPS.get(node.op.__class__.__name__)
        if opname is None:
            self.error("unsupported operator %s" % node.op.__class__.__name__)
        return self.emit_op(opname, left, right)

    def expr_UnaryOp(self, node):
        if isinstance(node.op, ast.Not):
            return self.value_from_cond(node)
        operand = self.expr(node.operand)
        opname = {"USub": "neg", "UAdd": "pos", "Invert": "invert"}[
            node.op.__class__.__name__
        ]
        return self.emit_op(opname, operand)

    def value_from_cond(self, node):
        """A bool value computed by branching (for `not x`, `a is not b`...)."""
        t, f = self.cond(node)
        tmp = _unique("$tmp")
        ends = []
        self.merge(t)
        if self.block is not None:
            self.locals[tmp] = Constant(True)
            ends += self.goto_path()
        self.merge(f)
        if self.block is not None:
            self.locals[tmp] = Constant(False)
            ends += self.goto_path()
        self.merge(ends)
        result = self.pop_tmp(tmp)
        if isinstance(result, Variable):
            self.bool_vars[result] = True
        return result

    def compare(self, op, left, right):
        opname = op.__class__.__name__
        if opname in COMPARE_OPS:
            return self.emit_op(COMPARE_OPS[opname], left, right)
        if opname == "In":
            return self.emit_op("contains", right, left)
        raise AssertionError(opname)

    def expr_Compare(self, node):
        if len(node.ops) == 1 and node.ops[0].__class__.__name__ not in (
            "IsNot",
            "NotIn",
        ):
            left, right = self.exprs([node.left, node.comparators[0]])
            return self.compare(node.ops[0], left, right)
        return self.value_from_cond(node)

    def expr_BoolOp(self, node):
        # `a or b` returns a or b itself, not a bool
        is_and = isinstance(node.op, ast.And)
        tmp = _unique("$tmp")
        ends = []
        for i, value in enumerate(node.values):
            v = self.expr(value)
            self.locals[tmp] = v
            if i == len(node.values) - 1:
                ends += self.goto_path()
                break
            t, f = self.switch_on(v)
            if is_and:
                ends += f
                self.merge(t)
            else:
                ends += t
                self.merge(f)
            if self.block is None:
                break
        self.merge(ends)
        return self.pop_tmp(tmp)

    def expr_IfExp(self, node):
        t, f = self.cond(node.test)
        tmp = _unique("$tmp")
        ends = []
        self.merge(t)
        if self.block is not None:
            self.locals[tmp] = self.expr(node.body)
            ends += self.goto_path()
        self.merge(f)
        if self.block is not None:
            self.locals[tmp] = self.expr(node.orelse)
            ends += self.goto_path()
        self.merge(ends)
        return self.pop_tmp(tmp)

    def expr_Tuple(self, node):
        return self.emit_op("newtuple", *self.exprs(node.elts))

    def expr_item(self, node):
        if isinstance(node, ast.Starred):
            self.error("starred expressions are not RPython")
        return self.expr(node)

    def expr_List(self, node):
        return self.emit_op("newlist", *self.exprs(node.elts))

    def expr_Dict(self, node):
        tmp = self.new_tmp(self.emit_op("newdict"))
        for k, v in zip(node.keys, node.values):
            if k is None:
                self.error("'**' in dict displays is not RPython")
            key, value = self.exprs([k, v])
            self.emit_op("setitem", self.locals[tmp], key, value)
        return self.pop_tmp(tmp)

    def expr_Set(self, node):
        self.error("sets are not RPython (use a dict)")

    expr_SetComp = expr_Set

    def expr_Subscript(self, node):
        obj = self.expr(node.value)
        sl = node.slice
        if isinstance(sl, ast.Slice):
            if sl.step is not None:
                tmp = self.new_tmp(obj)
                step = self.expr(sl.step)
                obj = self.pop_tmp(tmp)
                if not (isinstance(step, Constant) and step.value in (None, 1)):
                    return self.slice_with_step(obj, sl, step)
            none = ast.Constant(value=None)
            obj, start, stop = self.exprs([sl.lower or none, sl.upper or none], [obj])
            return self.emit_op("getslice", obj, start, stop)
        obj, index = self.exprs([sl], [obj])
        return self.emit_op("getitem", obj, index)

    def slice_with_step(self, obj, sl, step):
        """x[a:b:c] -> rthelpers.slice_step(x, a, b, c, has_a, has_b); the
        annotator picks the str, bytes or list version (rthelpers)."""
        from rpython.flowspace import rthelpers

        names = [self.new_tmp(obj), self.new_tmp(step)]
        bounds = []
        for bound in (sl.lower, sl.upper):
            if bound is None:
                bounds.append((Constant(0), Constant(False)))
            else:
                bounds.append((self.expr(bound), Constant(True)))
                names.append(self.new_tmp(bounds[-1][0]))
        values = [self.pop_tmp(n) for n in names]
        obj, step = values[0], values[1]
        k = 2
        args = []
        for value, present in bounds:
            if present.value:
                value = values[k]
                k += 1
            args.append(value)
        return self.call(
            Constant(rthelpers.slice_step),
            [obj, args[0], args[1], step, bounds[0][1], bounds[1][1]],
        )

    def expr_JoinedStr(self, node):
        fmt = []
        argnodes = []
        for part in node.values:
            if isinstance(part, ast.Constant):
                fmt.append(str(part.value).replace("%", "%%"))
                continue
            assert isinstance(part, ast.FormattedValue)
            spec = ""
            if part.format_spec is not None:
                for sp in part.format_spec.values:
                    if not isinstance(sp, ast.Constant):
                        self.error("f-string format specs must be constant")
                    spec += str(sp.value)
            conv = {-1: "s", 115: "s", 114: "r", 97: "r"}[part.conversion]
            fmt.append(self.percent_spec(spec, conv))
            argnodes.append(part.value)
        args = self.exprs(argnodes)
        fmtstr = Constant("".join(fmt))
        if not args:
            return Constant("".join(fmt).replace("%%", "%"))
        if fmtstr.value == "%s" and len(args) == 1:
            return self.emit_op("str", args[0])
        return self.emit_op("mod", fmtstr, self.emit_op("newtuple", *args))

    def percent_spec(self, spec, conv):
        m = re.match(r"^([<>]?)(\d*)(\.\d+)?([dxXofFeEgGs]?)$", spec)
        if m is None:
            self.error("unsupported f-string format spec %r" % spec)
        align, width, prec, kind = m.groups()
        if not kind:
            kind = conv if not prec else "g"
        elif conv == "r":
            self.error("cannot combine !r with a format spec")
        return "%" + ("-" if align == "<" else "") + width + (prec or "") + kind

    def expr_Lambda(self, node):
        return Constant(self.make_nested_function(node))

    def expr_NamedExpr(self, node):
        value = self.expr(node.value)
        self.assign(node.target, value)
        return value

    def expr_ListComp(self, node):
        return self.comprehension(node, "newlist")

    def expr_GeneratorExp(self, node):
        # consumed at once by sum()/join()/any()...: build the list
        return self.comprehension(node, "newlist")

    def expr_DictComp(self, node):
        return self.comprehension(node, "newdict")

    def comprehension(self, node, kind):
        result = self.emit_op(kind)
        res_name = self.new_tmp(result)
        scope = {}
        for gen in node.generators:
            for name in scan_assigned([ast.Expr(value=gen.target)]):
                scope[name] = _unique("$comp") + "." + name

        def loop(i):
            if i == len(node.generators):
                container = self.locals[res_name]
                if kind == "newlist":
                    item = self.expr(node.elt)
                    container = self.locals[res_name]
                    meth = self.emit_op("getattr", container, Constant("append"))
                    self.call(meth, [item])
                else:
                    key, value = self.exprs([node.key, node.value])
                    container = self.locals[res_name]
                    self.emit_op("setitem", container, key, value)
                return
            gen = node.generators[i]
            if gen.is_async:
                self.error("async comprehensions are not RPython")

            def body():
                for test in gen.ifs:
                    t, f = self.cond(test)
                    self.loop_continue(f)
                    self.merge(t)
                    if self.block is None:
                        return
                loop(i + 1)

            fake = [ast.Expr(value=gen.target)] + [ast.Expr(value=e) for e in gen.ifs]
            fake.append(ast.Expr(value=node))
            if i == 0:
                iterable = first_iterable
            else:
                iterable = self.iterable_or_generator(gen.iter)
            if isinstance(iterable, tuple):
                genfunc, args = iterable
                self.inline_generator_loop(gen.target, genfunc, args, body, ())
            else:
                self.compile_for(gen.target, iterable, body, fake)

        # the first iterable is evaluated in the enclosing scope
        first_iterable = self.iterable_or_generator(node.generators[0].iter)
        self.renames.append(scope)
        loop(0)
        self.renames.pop()
        return self.pop_tmp(res_name)

    def is_generator_call(self, node):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, (ast.Name, ast.Attribute))
        ):
            return False
        if (
            isinstance(node.func, ast.Name)
            and self.local_key(node.func.id) in self.locals
        ):
            value = self.locals[self.local_key(node.func.id)]
        elif isinstance(node.func, ast.Name):
            try:
                value = self.load_name(node.func.id)
            except FlowingError:
                return False
        else:
            return False
        return isinstance(value, Constant) and inspect.isgeneratorfunction(value.value)

    def iterable_or_generator(self, iter_node):
        """The value to iterate over, or (genfunc, args) for a call to a
        generator function (which is then inlined)."""
        if isinstance(iter_node, ast.Call) and isinstance(
            iter_node.func, (ast.Name, ast.Attribute)
        ):
            func = self.expr(iter_node.func)
            if isinstance(func, Constant) and inspect.isgeneratorfunction(func.value):
                args = self.exprs(iter_node.args)
                if iter_node.keywords:
                    kwvalues = self.exprs([kw.value for kw in iter_node.keywords])
                    args = self.resolve_keywords(
                        func.value, args, iter_node.keywords, kwvalues
                    )
                return (func.value, args)
            return self.compile_call(func, iter_node.args, iter_node.keywords)
        return self.expr(iter_node)

    def loop_continue(self, paths):
        for ctx in reversed(self.ctx):
            if isinstance(ctx, LoopCtx):
                ctx.continue_paths += paths
                return
        raise AssertionError("no loop")

    # ____________________________________________________________
    # calls

    def expr_Call(self, node):
        fnode = node.func
        # super().meth(...) -> the method of the next class in the MRO
        if (
            isinstance(fnode, ast.Attribute)
            and isinstance(fnode.value, ast.Call)
            and isinstance(fnode.value.func, ast.Name)
            and fnode.value.func.id == "super"
            and not fnode.value.args
        ):
            return self.super_call(fnode.attr, node)
        func = self.expr(fnode)
        if isinstance(func, Constant):
            f = func.value
            if _is_rlib(f, "we_are_translated", "objectmodel"):
                return Constant(True)
            if _is_rlib(f, "ovfcheck", "rarithmetic"):
                return self.ovfcheck(node)
        return self.compile_call(func, node.args, node.keywords)

    def super_call(self, methname, node):
        cls = self.closure.get("__class__")
        params = self.scan.params
        if cls is None or not params:
            self.error("super() needs to be used in a method")
        for base in cls.__mro__[1:]:
            if methname in base.__dict__:
                meth = base.__dict__[methname]
                break
        else:
            self.error("super(): no base class defines %r" % methname)
        self_value = self.load_name(params[0])
        args = self.exprs(node.args, [self_value])[1:]
        if node.keywords:
            kwvalues = [self.expr(kw.value) for kw in node.keywords]
            args = self.resolve_keywords(
                meth, [self_value] + args, node.keywords, kwvalues
            )[1:]
        return self.call(Constant(meth), [self_value] + args)

    def ovfcheck(self, node):
        if len(node.args) != 1 or node.keywords:
            self.error("ovfcheck() takes exactly one argument")
        arg = node.args[0]
        if isinstance(arg, ast.BinOp):
            opname = BINARY_OPS.get(arg.op.__class__.__name__)
            operands = self.exprs([arg.left, arg.right])
        elif isinstance(arg, ast.UnaryOp) and isinstance(arg.op, ast.USub):
            opname = "neg"
            operands = [self.expr(arg.operand)]
        elif (
            isinstance(arg, ast.Call)
            and isinstance(arg.func, ast.Name)
            and arg.func.id == "abs"
            and len(arg.args) == 1
        ):
            opname = "abs"
            operands = [self.expr(arg.args[0])]
        else:
            opname = None
        if opname not in OVF_VARIANTS:
            self.error(
                "ovfcheck() needs an arithmetic operation (+ - * // % << or "
                "unary -) as its argument"
            )
        return self.emit_op(OVF_VARIANTS[opname], *operands)

    def print_with_keywords(self, argnodes, keywords):
        """print(a, b, sep=S, end=E, file=F): the text is built here and
        written with rthelpers.print_text (S, E and F must be constants)."""
        import sys

        from rpython.flowspace import rthelpers

        options = {"sep": " ", "end": "\n", "file": None, "flush": False}
        for kw in keywords:
            if kw.arg not in options:
                self.error("print() got an unexpected keyword argument %r" % kw.arg)
            value = self.expr(kw.value)
            if not isinstance(value, Constant):
                self.error("print(%s=...) needs a constant" % kw.arg)
            options[kw.arg] = value.value
        fd = 1
        if options["file"] is sys.stderr:
            fd = 2
        elif options["file"] not in (None, sys.stdout):
            self.error("print(file=...) only supports sys.stdout and sys.stderr")
        if options["sep"] is None:
            options["sep"] = " "
        if options["end"] is None:
            options["end"] = "\n"
        text = None
        for i, value in enumerate(self.exprs(argnodes)):
            part = self.emit_op("str", value)
            if i > 0:
                part = self.emit_op("add", Constant(options["sep"]), part)
            text = part if text is None else self.emit_op("add", text, part)
        if text is None:
            text = Constant(options["end"])
        else:
            text = self.emit_op("add", text, Constant(options["end"]))
        self.call(Constant(rthelpers.print_text), [Constant(fd), text])
        return Constant(None)

    def compile_call(self, func, argnodes, keywords):
        if isinstance(func, Constant) and func.value is print and keywords:
            return self.print_with_keywords(argnodes, keywords)
        if (
            isinstance(func, Constant)
            and _is_consumer(func.value)
            and len(argnodes) == 1
            and self.is_generator_call(argnodes[0])
        ):
            # list(gen()), sum(gen())...: consume it through a comprehension
            comp = ast.ListComp(
                elt=ast.Name(id="_genitem_", ctx=ast.Load()),
                generators=[
                    ast.comprehension(
                        target=ast.Name(id="_genitem_", ctx=ast.Store()),
                        iter=argnodes[0],
                        ifs=[],
                        is_async=0,
                    )
                ],
            )
            ast.copy_location(comp, argnodes[0])
            argnodes = [comp]
        if isinstance(func, Constant):
            substitute = os_substitute(func.value)
            modname = self.globals.get("__name__") or ""
            if substitute is None and not modname.startswith(
                ("rpython.rlib.", "rpython.rtyper.")
            ):
                substitute = math_substitute(func.value, len(argnodes))
            if substitute is not None and modname != "rpython.rlib.rposix":
                func = Constant(substitute)
            elif _is_jit_noop(func.value):
                return Constant(None)  # jitdriver.jit_merge_point(...) & co
        names = [self.new_tmp(func)]
        star_tuple = None
        for i, a in enumerate(argnodes):
            if isinstance(a, ast.Starred):
                star = self.expr(a.value)
                if isinstance(star, Constant) and isinstance(star.value, tuple):
                    names += [self.new_tmp(Constant(x)) for x in star.value]
                    continue
                if i != len(argnodes) - 1 or keywords:
                    self.error(
                        "'*args' in a call must be the last argument, "
                        "without keyword arguments"
                    )
                star_tuple = self.new_tmp(star)
                continue
            names.append(self.new_tmp(self.expr(a)))
        if star_tuple is not None:
            # f(a, *t): the annotator expands it once t's length is known
            values = [self.pop_tmp(n) for n in names]
            return self.emit_op("call_star", *(values + [self.pop_tmp(star_tuple)]))
        kwnames = []
        for kw in keywords:
            kwnames.append(self.new_tmp(self.expr(kw.value)))
        values = [self.pop_tmp(n) for n in names]
        func, args = values[0], values[1:]
        kwvalues = [self.pop_tmp(n) for n in kwnames]
        if keywords:
            for kw in keywords:
                if kw.arg is None:
                    self.error("'**kwargs' in calls is not RPython")
            if isinstance(func, Constant) and func.value in (sorted, min, max, int):
                func, args = self.builtin_keywords(func.value, args, keywords, kwvalues)
                keywords = []
        if keywords:
            if not isinstance(func, Constant) or not isinstance(
                func.value, (types.FunctionType, type)
            ):
                # a method or a function in a variable: the annotator
                # resolves the keywords once it knows the callee
                kwnames = Constant(tuple(kw.arg for kw in keywords))
                return self.emit_op("call_kw", func, kwnames, *(args + kwvalues))
            args = self.resolve_keywords(func.value, args, keywords, kwvalues)
        if (
            isinstance(func, Constant)
            and func.value in (any, all, sorted)
            and len(args) == 1
            and not keywords
        ):
            # any(it), all(it), sorted(it) of any iterable (dict views too)
            from rpython.flowspace import rthelpers

            helper = {any: rthelpers.any_of, all: rthelpers.all_of}
            func = Constant(helper.get(func.value, rthelpers.sorted_plain))
        if isinstance(func, Constant) and func.value is print:
            # print(x) writes str(x): any type with a str() may be printed
            args = [
                a
                if isinstance(a, Constant) and isinstance(a.value, str)
                else self.emit_op("str", a)
                for a in args
            ]
        if isinstance(func, Constant):
            f = func.value
            try:
                opname = BUILTIN_OPS.get((f, len(args)))
            except TypeError:
                opname = None
            if opname is not None:
                if opname in ("getattr", "setattr") and not isinstance(
                    args[1], Constant
                ):
                    self.error(
                        "%s() with a non-constant attribute name is not RPython"
                        % opname
                    )
                return self.emit_op(opname, *args)
            if f in PURE_BUILTINS and all(isinstance(a, Constant) for a in args):
                values = [a.value for a in args]
                if all(_is_simple_value(v) or isinstance(v, type) for v in values) or (
                    f is isinstance
                ):
                    try:
                        return Constant(f(*values))
                    except Exception:
                        pass
            if f is isinstance and len(args) == 2:
                result = self.call(func, args)
                if isinstance(result, Variable):
                    self.bool_vars[result] = True
                return result
            if (
                f is hasattr
                and len(args) == 2
                and all(isinstance(a, Constant) for a in args)
                and (
                    isinstance(args[0].value, (types.ModuleType, type))
                    or is_frozen(args[0].value)
                )
            ):
                return Constant(hasattr(args[0].value, args[1].value))
            if f in (getattr, setattr, hasattr, delattr):
                self.error("%s() with these arguments is not RPython" % f.__name__)
            if f in (eval, exec, globals, locals, compile, vars):
                self.error("%s() is not RPython" % f.__name__)
            if inspect.isgeneratorfunction(f):
                self.error("generator %s() can only be used in a for loop" % f.__name__)
        return self.call(func, args)

    def builtin_keywords(self, f, args, keywords, kwvalues):
        """sorted(it, key=, reverse=), min/max(..., key=, default=) and
        int(s, base=) as calls of positional helpers (see rthelpers)."""
        from rpython.flowspace import rthelpers

        allowed = {
            sorted: ("key", "reverse"),
            min: ("key", "default"),
            max: ("key", "default"),
            int: ("base",),
        }[f]
        kw = {}
        for keyword, value in zip(keywords, kwvalues):
            if keyword.arg not in allowed:
                self.error(
                    "%s() got an unexpected keyword argument %r"
                    % (f.__name__, keyword.arg)
                )
            kw[keyword.arg] = value
        if f is int:
            if len(args) != 1:
                self.error("int() takes a string and a base")
            return Constant(int), [args[0], kw["base"]]
        if not args:
            self.error("%s() expects at least one positional argument" % f.__name__)
        key = kw.get("key", Constant(None))
        if f is sorted:
            if len(args) != 1:
                self.error("sorted() takes one positional argument")
            reverse = kw.get("reverse", Constant(False))
            return Constant(rthelpers.sorted_kw), [args[0], key, reverse]
        if isinstance(key, Constant) and key.value is None:
            key = Constant(rthelpers.identity_key)
        if len(args) > 1:
            if "default" in kw:
                self.error(
                    "cannot give a default to %s() with several positional "
                    "arguments" % f.__name__
                )
            iterable = self.emit_op("newlist", *args)
        else:
            iterable = args[0]
        name = f.__name__
        if "default" in kw:
            helper = getattr(rthelpers, name + "_kw_default")
            return Constant(helper), [iterable, key, kw["default"]]
        return Constant(getattr(rthelpers, name + "_kw")), [iterable, key]

    def resolve_keywords(self, f, args, keywords, kwvalues):
        """Turn f(a, k=v) into positional arguments for a known function."""
        target = f
        skip = 0
        if isinstance(f, type):
            target = f.__init__
            skip = 1
        if not isinstance(target, types.FunctionType):
            self.error(
                "keyword arguments to %s are not supported"
                % getattr(f, "__name__", repr(f))
            )
        code = target.__code__
        if code.co_kwonlyargcount:
            self.error("keyword-only arguments are not RPython")
        names = list(code.co_varnames[skip : code.co_argcount])
        defaults = target.__defaults__ or ()
        first_default = code.co_argcount - skip - len(defaults)
        values = list(args) + [None] * (len(names) - len(args))
        if len(args) > len(names):
            self.error("too many arguments for %s()" % target.__name__)
        for kw, kwvalue in zip(keywords, kwvalues):
            if kw.arg is None:
                self.error("'**kwargs' in calls is not RPython")
            if kw.arg not in names:
                self.error(
                    "%s() got an unexpected keyword argument %r"
                    % (target.__name__, kw.arg)
                )
            i = names.index(kw.arg)
            if values[i] is not None:
                self.error(
                    "%s() got multiple values for argument %r"
                    % (target.__name__, kw.arg)
                )
            values[i] = kwvalue
        for i, v in enumerate(values):
            if v is None:
                if i < first_default:
                    self.error("%s() missing argument %r" % (target.__name__, names[i]))
                values[i] = Constant(defaults[i - first_default])
        return values

    # ____________________________________________________________
    # nested functions: built now, with constant closure values

    def make_nested_function(self, node):
        inner = scan_function(node)
        free = sorted(
            n
            for n in inner.free
            if n in self.scan.locals or self.local_key(n) != n or n in self.closure
        )
        values = []
        for name in free:
            v = self.load_name(name)
            if not isinstance(v, Constant):
                self.error(
                    "nested function reads the local variable %r, which is "
                    "not a constant here; pass it as an argument instead" % name
                )
            values.append(v.value)
        if inner.nonlocals:
            self.error("'nonlocal' is not RPython")
        defaults = []
        for d in node.args.defaults:
            v = self.expr(d)
            if not isinstance(v, Constant):
                self.error("default argument values must be constants")
            defaults.append(v.value)
        decorators = []
        for d in getattr(node, "decorator_list", []):
            v = self.expr(d)
            if not isinstance(v, Constant):
                self.error("decorators of nested functions must be constants")
            decorators.append(v.value)
        if node.args.kwonlyargs or node.args.kwarg:
            self.error("keyword-only arguments and **kwargs are not RPython")
        key = (self.func.__code__, node.lineno, node.col_offset, len(free))
        cache = _nested_cache.setdefault(key, [])
        for cached_values, cached_defaults, func in cache:
            if (
                len(cached_values) == len(values)
                and all(a is b for a, b in zip(cached_values, values))
                and cached_defaults == defaults
            ):
                return func
        func = self.compile_nested(node, free, values, defaults)
        for deco in reversed(decorators):
            try:
                func = deco(func)
            except Exception as e:
                self.error("decorator of nested function failed: %s" % (e,))
        cache.append((values, defaults, func))
        return func

    def compile_nested(self, node, free, values, defaults):
        import copy

        node = copy.deepcopy(node)
        # defaults and decorators were evaluated by the caller already
        node.args.defaults = [ast.Constant(value=None) for d in node.args.defaults]
        if not isinstance(node, ast.Lambda):
            node.decorator_list = []
        if isinstance(node, ast.Lambda):
            inner_name = "_lambda_"
            inner = ast.Assign(
                targets=[ast.Name(id=inner_name, ctx=ast.Store())], value=node
            )
            ast.copy_location(inner, node)
        else:
            inner_name = node.name
            inner = node
        params = [ast.arg(arg=n) for n in free]
        factory = ast.FunctionDef(
            name="_make_nested_",
            args=ast.arguments(
                posonlyargs=[],
                args=params,
                vararg=None,
                kwonlyargs=[],
                kw_defaults=[],
                kwarg=None,
                defaults=[],
            ),
            body=[inner, ast.Return(value=ast.Name(id=inner_name, ctx=ast.Load()))],
            decorator_list=[],
            returns=None,
            type_comment=None,
        )
        ast.copy_location(factory, node)
        module = ast.Module(body=[factory], type_ignores=[])
        ast.fix_missing_locations(module)
        ast.increment_lineno(module, self.firstlineno - 1)
        try:
            code = compile(module, self.filename, "exec")
            namespace = {}
            exec(code, self.globals, namespace)
            func = namespace["_make_nested_"](*values)
        except Exception as e:
            self.error("cannot build the nested function: %s" % (e,))
        if defaults and isinstance(func, types.FunctionType):
            func.__defaults__ = tuple(defaults)
        return func


def build_flow(func):
    """The FunctionGraph of a live Python function."""
    if getattr(func, "_not_rpython_", False):
        raise FlowingError(
            "%s is marked @not_rpython and cannot be translated"
            % getattr(func, "__qualname__", func),
            func.__code__.co_filename,
            func.__code__.co_firstlineno,
        )
    builder = FlowBuilder(func)
    return builder.build()
