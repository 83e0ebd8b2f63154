"""Symbol table: which scope each name of each block belongs to (RPython).

Two passes, as in CPython 3.11:
1. SymtableBuilder walks the tree once, creating one Scope per module, class,
   function, lambda and comprehension, and recording for every name in every scope
   how it is used (DEF_* flags: assigned, parameter, declared global/nonlocal, read,
   imported, annotated).  Declaration errors that depend only on order inside one
   scope (`global x` after using x, ...) are raised here.
2. Scope.analyze() resolves each name to LOCAL, CELL, FREE, GLOBAL_EXPLICIT or
   GLOBAL_IMPLICIT, walking the scopes top-down with the set of names bound in
   enclosing function scopes ("bound") and bottom-up with the names children need
   from outside ("free").  A function local that a child needs becomes a CELL; a
   name that only passes through becomes FREE in the intermediate scopes too, so
   closures can be threaded through.  Class scopes are invisible to their children,
   except for the implicit `__class__` cell that `super()` needs.
Comprehensions are function scopes with one parameter `.0` (the first iterator).
"""

from pypy.interpreter.astcompiler import ast
from pypy.interpreter.astcompiler.misc import mangle, syntax_error

# Usage flags, recorded by the builder.
DEF_GLOBAL = 1
DEF_LOCAL = 2
DEF_PARAM = 4
DEF_NONLOCAL = 8
USE = 16
DEF_FREE_CLASS = 64
DEF_IMPORT = 128
DEF_ANNOT = 256
DEF_COMP_ITER = 512
DEF_BOUND = DEF_LOCAL | DEF_PARAM | DEF_IMPORT

# Resolved scopes, computed by analyze().
SCOPE_UNKNOWN = 0
SCOPE_LOCAL = 1
SCOPE_GLOBAL_EXPLICIT = 2
SCOPE_GLOBAL_IMPLICIT = 3
SCOPE_FREE = 4
SCOPE_CELL = 5

BLOCK_MODULE = 0
BLOCK_FUNCTION = 1
BLOCK_CLASS = 2
BLOCK_ANNOTATION = 3

COMP_NONE = 0
COMP_LIST = 1
COMP_SET = 2
COMP_DICT = 3
COMP_GENEXP = 4

CO_FUTURE_ANNOTATIONS = 0x1000000

FUTURE_FEATURES = [
    "nested_scopes",
    "generators",
    "division",
    "absolute_import",
    "with_statement",
    "print_function",
    "unicode_literals",
    "barry_as_FLUFL",
    "generator_stop",
    "annotations",
]


def comprehension_description(comp_type):
    if comp_type == COMP_LIST:
        return "list comprehension"
    if comp_type == COMP_SET:
        return "set comprehension"
    if comp_type == COMP_DICT:
        return "dict comprehension"
    return "generator expression"


class Scope(object):
    """One block of code: its names and how they resolve."""

    def __init__(self, name, block_type, node, lineno):
        self.name = name
        self.block_type = block_type
        self.node = node
        self.lineno = lineno
        self.symbols = {}  # name -> DEF_* flags, in first-seen order
        self.scopes = {}  # name -> SCOPE_*, filled by analyze()
        self.directives = {}  # name -> the Global/Nonlocal node declaring it
        self.params = []  # parameter names in order
        self.children = []
        self.parent = None
        self.is_generator = False
        self.is_coroutine = False
        self.is_lambda = False
        self.comp_type = COMP_NONE
        self.comp_iter_expr = 0
        self.comp_iter_target = 0
        self.needs_class_closure = False
        self.has_free = False  # needs names from enclosing functions
        self.child_has_free = False
        self.nested = False
        self.has_docstring = False
        self.private_class = None  # for name mangling

    def is_function(self):
        return self.block_type == BLOCK_FUNCTION

    def note(self, name, flags, node):
        """Record a use of `name` (already mangled) with DEF_* `flags`."""
        old = self.symbols.get(name, 0)
        if flags & DEF_PARAM and old & DEF_PARAM:
            raise syntax_error(
                "duplicate argument '%s' in function definition" % name, node
            )
        self.symbols[name] = old | flags

    def lookup(self, name):
        """SCOPE_* of an already-mangled name."""
        return self.scopes.get(name, SCOPE_UNKNOWN)

    def get_flags(self, name):
        return self.symbols.get(name, 0)

    # -- analysis ------------------------------------------------------------------

    def analyze(self, bound, free, globals_):
        """Resolve every name; `bound`, `globals_` are dicts used as sets (None for
        the module), `free` collects what this block needs from enclosing ones."""
        local = {}
        scopes = {}
        for name, flags in self.symbols.items():
            self._analyze_name(scopes, name, flags, bound, local, free, globals_)
        new_bound = {}
        new_globals = {}
        if globals_ is not None:
            for name in globals_:
                new_globals[name] = None
        if self.block_type != BLOCK_CLASS:
            if self.block_type == BLOCK_FUNCTION:
                for name in local:
                    new_bound[name] = None
            if bound is not None:
                for name in bound:
                    new_bound[name] = None
            for name, sc in scopes.items():
                if sc == SCOPE_GLOBAL_EXPLICIT:
                    new_globals[name] = None
                elif name in new_globals and sc == SCOPE_LOCAL:
                    del new_globals[name]
        else:
            if bound is not None:
                for name in bound:
                    new_bound[name] = None
            new_bound["__class__"] = None
        new_free = {}
        for child in self.children:
            child_free = {}
            # each child works on its own copies: a `global` in one child must
            # not hide a binding from its siblings
            child.analyze(new_bound.copy(), child_free, new_globals.copy())
            for name in child_free:
                new_free[name] = None
            if child.has_free or child.child_has_free:
                self.child_has_free = True
        if self.block_type == BLOCK_FUNCTION:
            for name in list(new_free.keys()):
                if scopes.get(name, SCOPE_UNKNOWN) == SCOPE_LOCAL:
                    scopes[name] = SCOPE_CELL
                    del new_free[name]
        elif self.block_type == BLOCK_CLASS:
            if "__class__" in new_free:
                del new_free["__class__"]
                self.needs_class_closure = True
        self._update_symbols(scopes, bound, new_free)
        self.scopes = scopes
        for name in new_free:
            free[name] = None

    def _analyze_name(self, scopes, name, flags, bound, local, free, globals_):
        if flags & DEF_GLOBAL:
            if flags & DEF_NONLOCAL:
                raise syntax_error(
                    "name '%s' is nonlocal and global" % name, self.directives[name]
                )
            scopes[name] = SCOPE_GLOBAL_EXPLICIT
            if globals_ is not None:
                globals_[name] = None
            if bound is not None and name in bound:
                del bound[name]
            return
        if flags & DEF_NONLOCAL:
            node = self.directives[name]
            if bound is None:
                raise syntax_error(
                    "nonlocal declaration not allowed at module level", node
                )
            if name not in bound:
                raise syntax_error("no binding for nonlocal '%s' found" % name, node)
            scopes[name] = SCOPE_FREE
            self.has_free = True
            free[name] = None
            return
        if flags & DEF_BOUND:
            scopes[name] = SCOPE_LOCAL
            local[name] = None
            if globals_ is not None and name in globals_:
                del globals_[name]
            return
        if bound is not None and name in bound:
            scopes[name] = SCOPE_FREE
            self.has_free = True
            free[name] = None
            return
        if globals_ is not None and name in globals_:
            scopes[name] = SCOPE_GLOBAL_IMPLICIT
            return
        if self.nested:
            self.has_free = True
        scopes[name] = SCOPE_GLOBAL_IMPLICIT

    def _update_symbols(self, scopes, bound, new_free):
        for name in new_free:
            flags = self.symbols.get(name, -1)
            if flags != -1:
                if self.block_type == BLOCK_CLASS and flags & (DEF_BOUND | DEF_GLOBAL):
                    self.symbols[name] = flags | DEF_FREE_CLASS
                continue
            if bound is None or name not in bound:
                continue
            self.symbols[name] = 0
            scopes[name] = SCOPE_FREE

    # -- what the code generator asks ----------------------------------------------

    def cell_names(self):
        result = [name for name, sc in self.scopes.items() if sc == SCOPE_CELL]
        if self.needs_class_closure:
            result.append("__class__")
        result.sort()
        return result

    def free_names(self):
        result = []
        for name, sc in self.scopes.items():
            if sc == SCOPE_FREE or self.symbols.get(name, 0) & DEF_FREE_CLASS:
                result.append(name)
        result.sort()
        return result


def parse_future(module):
    """CO_FUTURE_* flags of the leading `from __future__ import` statements."""
    flags = 0
    if not isinstance(module, ast.Module):
        return 0
    first = True
    allowed = True
    for stmt in module.body:
        if first and isinstance(stmt, ast.Expr):
            expr = stmt.value
            if isinstance(expr, ast.Constant) and expr.value.type_name() == "str":
                first = False
                continue
        first = False
        if isinstance(stmt, ast.ImportFrom) and stmt.module == "__future__":
            if stmt.level != 0:
                allowed = False
                continue
            if not allowed:
                raise syntax_error(
                    "from __future__ imports must occur at the beginning of the file",
                    stmt,
                )
            for alias in stmt.names:
                if alias.name == "braces":
                    raise syntax_error("not a chance", stmt)
                if alias.name not in FUTURE_FEATURES:
                    raise syntax_error(
                        "future feature %s is not defined" % alias.name, stmt
                    )
                if alias.name == "annotations":
                    flags |= CO_FUTURE_ANNOTATIONS
        else:
            allowed = False
    return flags


class SymtableBuilder(ast.GenericASTVisitor):
    """Builds the scopes of a module (first pass) and analyzes them."""

    def __init__(self, module, future_flags=0):
        self.future_flags = future_flags | parse_future(module)
        self.stack = []
        self.scope = None
        self.by_node = {}  # id of a scope's node -> Scope, see find_scope()
        top = Scope("top", BLOCK_MODULE, module, 0)
        self.top = top
        self._push(top, module)
        if isinstance(module, ast.Module) or isinstance(module, ast.Interactive):
            for stmt in module.body:
                stmt.walkabout(self)
        elif isinstance(module, ast.Expression):
            module.body.walkabout(self)
        self._pop()
        top.analyze(None, {}, {})

    def find_scope(self, node):
        return self.by_node[node]

    def _push(self, scope, node):
        if self.scope is not None:
            scope.parent = self.scope
            scope.nested = self.scope.nested or self.scope.is_function()
            scope.private_class = self.scope.private_class
            if scope.block_type != BLOCK_ANNOTATION:
                # stringified annotations are never compiled: their block only
                # keeps their names out of the enclosing scope, as in CPython
                self.scope.children.append(scope)
        self.stack.append(scope)
        self.scope = scope
        self.by_node[node] = scope

    def _pop(self):
        self.stack.pop()
        if self.stack:
            self.scope = self.stack[-1]
        else:
            self.scope = None

    def note(self, name, flags, node):
        mangled = mangle(name, self.scope.private_class)
        self.scope.note(mangled, flags, node)
        return mangled

    # -- definitions ---------------------------------------------------------------

    def _visit_arguments_defaults(self, args):
        for default in args.defaults:
            default.walkabout(self)
        for default in args.kw_defaults:
            if default is not None:
                default.walkabout(self)

    def _visit_annotation(self, annotation):
        if self.future_flags & CO_FUTURE_ANNOTATIONS:
            # stringified: its names never resolve in this scope
            scope = Scope(
                "_annotation", BLOCK_ANNOTATION, annotation, annotation.lineno
            )
            self._push(scope, annotation)
            annotation.walkabout(self)
            self._pop()
        else:
            annotation.walkabout(self)

    def _visit_argument_annotations(self, node, args, returns):
        # with stringified annotations, one block holds all of a function's
        # annotations (CPython enters it even when there are none)
        future = self.future_flags & CO_FUTURE_ANNOTATIONS
        if future:
            scope = Scope("_annotation", BLOCK_ANNOTATION, args, node.lineno)
            self._push(scope, args)
        all_args = args.posonlyargs + args.args + args.kwonlyargs
        if args.vararg is not None:
            all_args.append(args.vararg)
        if args.kwarg is not None:
            all_args.append(args.kwarg)
        for arg in all_args:
            if arg.annotation is not None:
                arg.annotation.walkabout(self)
        if returns is not None:
            returns.walkabout(self)
        if future:
            self._pop()

    def _note_params(self, args):
        for arg in args.posonlyargs + args.args:
            self.scope.params.append(self.note(arg.arg, DEF_PARAM, arg))
        # CPython's order: positional, keyword-only, then *args, then **kwargs
        for arg in args.kwonlyargs:
            self.scope.params.append(self.note(arg.arg, DEF_PARAM, arg))
        if args.vararg is not None:
            self.scope.params.append(self.note(args.vararg.arg, DEF_PARAM, args.vararg))
        if args.kwarg is not None:
            self.scope.params.append(self.note(args.kwarg.arg, DEF_PARAM, args.kwarg))

    def _visit_function(self, node, name, args, body, decorators, returns, is_async):
        self.note(name, DEF_LOCAL, node)
        self._visit_arguments_defaults(args)
        self._visit_argument_annotations(node, args, returns)
        for decorator in decorators:
            decorator.walkabout(self)
        scope = Scope(name, BLOCK_FUNCTION, node, node.lineno)
        scope.is_coroutine = is_async
        self._push(scope, node)
        self._note_params(args)
        for stmt in body:
            stmt.walkabout(self)
        self._pop()

    def visit_FunctionDef(self, node):
        self._visit_function(
            node,
            node.name,
            node.args,
            node.body,
            node.decorator_list,
            node.returns,
            False,
        )

    def visit_AsyncFunctionDef(self, node):
        self._visit_function(
            node,
            node.name,
            node.args,
            node.body,
            node.decorator_list,
            node.returns,
            True,
        )

    def visit_Lambda(self, node):
        self._visit_arguments_defaults(node.args)
        scope = Scope("lambda", BLOCK_FUNCTION, node, node.lineno)
        scope.is_lambda = True
        self._push(scope, node)
        self._note_params(node.args)
        node.body.walkabout(self)
        self._pop()

    def visit_ClassDef(self, node):
        self.note(node.name, DEF_LOCAL, node)
        for base in node.bases:
            base.walkabout(self)
        for keyword in node.keywords:
            keyword.value.walkabout(self)
        for decorator in node.decorator_list:
            decorator.walkabout(self)
        scope = Scope(node.name, BLOCK_CLASS, node, node.lineno)
        self._push(scope, node)
        scope.private_class = node.name
        for stmt in node.body:
            stmt.walkabout(self)
        self._pop()

    # -- comprehensions ------------------------------------------------------------

    def _visit_comprehension(self, node, name, comp_type, generators, elt, value):
        outermost = generators[0]
        self.scope.comp_iter_expr += 1
        outermost.iter.walkabout(self)
        self.scope.comp_iter_expr -= 1
        is_async = False
        for gen in generators:
            if gen.is_async:
                is_async = True
        scope = Scope(name, BLOCK_FUNCTION, node, node.lineno)
        parent = self.scope
        scope.comp_type = comp_type
        if comp_type == COMP_GENEXP:
            scope.is_generator = True
        if is_async:
            scope.is_coroutine = True
        self._push(scope, node)
        scope.params.append(".0")
        scope.note(".0", DEF_PARAM, node)
        self._visit_comp_target(outermost.target)
        for cond in outermost.ifs:
            cond.walkabout(self)
        for gen in generators[1:]:
            self._visit_comp_target(gen.target)
            scope.comp_iter_expr += 1
            gen.iter.walkabout(self)
            scope.comp_iter_expr -= 1
            for cond in gen.ifs:
                cond.walkabout(self)
        if value is not None:
            value.walkabout(self)
        elt.walkabout(self)
        self._pop()
        if (
            scope.is_coroutine
            and comp_type != COMP_GENEXP
            and parent.comp_type != COMP_NONE
        ):
            # the enclosing comprehension awaits this one
            parent.is_coroutine = True

    def _visit_comp_target(self, target):
        self.scope.comp_iter_target = 1
        target.walkabout(self)
        self.scope.comp_iter_target = 0

    def visit_ListComp(self, node):
        self._visit_comprehension(
            node, "listcomp", COMP_LIST, node.generators, node.elt, None
        )

    def visit_SetComp(self, node):
        self._visit_comprehension(
            node, "setcomp", COMP_SET, node.generators, node.elt, None
        )

    def visit_GeneratorExp(self, node):
        self._visit_comprehension(
            node, "genexpr", COMP_GENEXP, node.generators, node.elt, None
        )

    def visit_DictComp(self, node):
        self._visit_comprehension(
            node, "dictcomp", COMP_DICT, node.generators, node.key, node.value
        )

    # -- names ---------------------------------------------------------------------

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Load):
            flags = USE
        else:
            flags = DEF_LOCAL
            if self.scope.comp_iter_target:
                flags |= DEF_COMP_ITER
        self.note(node.id, flags, node)
        if (
            isinstance(node.ctx, ast.Load)
            and self.scope.block_type == BLOCK_FUNCTION
            and node.id == "super"
        ):
            self.scope.note("__class__", USE, node)

    def visit_NamedExpr(self, node):
        if self.scope.comp_iter_expr > 0:
            raise syntax_error(
                "assignment expression cannot be used in a comprehension iterable "
                "expression",
                node,
            )
        target = node.target
        assert isinstance(target, ast.Name)
        if self.scope.comp_type != COMP_NONE:
            self._extend_namedexpr_scope(target)
        node.value.walkabout(self)
        target.walkabout(self)

    def _extend_namedexpr_scope(self, target):
        name = target.id
        i = len(self.stack) - 1
        while i >= 0:
            scope = self.stack[i]
            if scope.comp_type != COMP_NONE:
                if scope.get_flags(name) & DEF_COMP_ITER:
                    raise syntax_error(
                        "assignment expression cannot rebind comprehension iteration "
                        "variable '%s'" % name,
                        target,
                    )
                i -= 1
                continue
            if scope.block_type == BLOCK_FUNCTION:
                if scope.get_flags(name) & DEF_GLOBAL:
                    self.scope.note(name, DEF_GLOBAL, target)
                    self._note_in_module(name)
                else:
                    self.scope.note(name, DEF_NONLOCAL, target)
                self._record_directive(name, target)
                scope.note(name, DEF_LOCAL, target)
                return
            if scope.block_type == BLOCK_MODULE:
                self.scope.note(name, DEF_GLOBAL, target)
                self._record_directive(name, target)
                scope.note(name, DEF_GLOBAL, target)
                return
            raise syntax_error(
                "assignment expression within a comprehension cannot be used in a "
                "class body",
                target,
            )
        raise syntax_error("unexpected scope for assignment expression", target)

    def visit_Global(self, node):
        for name in node.names:
            mangled = mangle(name, self.scope.private_class)
            cur = self.scope.get_flags(mangled)
            if cur & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT):
                if cur & DEF_PARAM:
                    msg = "name '%s' is parameter and global" % name
                elif cur & USE:
                    msg = "name '%s' is used prior to global declaration" % name
                elif cur & DEF_ANNOT:
                    msg = "annotated name '%s' can't be global" % name
                else:
                    msg = "name '%s' is assigned to before global declaration" % name
                raise syntax_error(msg, node)
            self.scope.note(mangled, DEF_GLOBAL, node)
            self._record_directive(mangled, node)
            self._note_in_module(mangled)

    def _record_directive(self, name, node):
        # errors point at the first declaration of a name
        if name not in self.scope.directives:
            self.scope.directives[name] = node

    def _note_in_module(self, name):
        # like CPython, a global declaration anywhere also enters the module table
        self.top.symbols[name] = self.top.symbols.get(name, 0) | DEF_GLOBAL

    def visit_Nonlocal(self, node):
        for name in node.names:
            mangled = mangle(name, self.scope.private_class)
            cur = self.scope.get_flags(mangled)
            if cur & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT):
                if cur & DEF_PARAM:
                    msg = "name '%s' is parameter and nonlocal" % name
                elif cur & USE:
                    msg = "name '%s' is used prior to nonlocal declaration" % name
                elif cur & DEF_ANNOT:
                    msg = "annotated name '%s' can't be nonlocal" % name
                else:
                    msg = "name '%s' is assigned to before nonlocal declaration" % name
                raise syntax_error(msg, node)
            self.scope.note(mangled, DEF_NONLOCAL, node)
            self._record_directive(mangled, node)

    def _visit_alias(self, alias, node):
        if alias.asname is not None:
            store_name = alias.asname
        else:
            store_name = alias.name
            dot = store_name.find(".")
            if dot >= 0:
                store_name = store_name[:dot]
        if store_name == "*":
            if self.scope.block_type != BLOCK_MODULE:
                raise syntax_error("import * only allowed at module level", alias)
            return
        self.note(store_name, DEF_IMPORT, alias)

    def visit_Import(self, node):
        for alias in node.names:
            self._visit_alias(alias, node)

    def visit_ImportFrom(self, node):
        for alias in node.names:
            self._visit_alias(alias, node)

    def visit_AnnAssign(self, node):
        target = node.target
        if isinstance(target, ast.Name):
            mangled = mangle(target.id, self.scope.private_class)
            cur = self.scope.get_flags(mangled)
            if cur & (DEF_GLOBAL | DEF_NONLOCAL) and mangled in self.scope.directives:
                if node.simple:
                    if cur & DEF_GLOBAL:
                        msg = "annotated name '%s' can't be global" % target.id
                    else:
                        msg = "annotated name '%s' can't be nonlocal" % target.id
                    raise syntax_error(msg, node)
            if node.simple:
                self.scope.note(mangled, DEF_ANNOT | DEF_LOCAL, target)
            elif node.value is not None:
                self.scope.note(mangled, DEF_LOCAL, target)
        else:
            target.walkabout(self)
        self._visit_annotation(node.annotation)
        if node.value is not None:
            node.value.walkabout(self)

    def visit_ExceptHandler(self, node):
        if node.type is not None:
            node.type.walkabout(self)
        if node.name is not None:
            self.note(node.name, DEF_LOCAL, node)
        for stmt in node.body:
            stmt.walkabout(self)

    def visit_MatchAs(self, node):
        if node.pattern is not None:
            node.pattern.walkabout(self)
        if node.name is not None:
            self.note(node.name, DEF_LOCAL, node)

    def visit_MatchStar(self, node):
        if node.name is not None:
            self.note(node.name, DEF_LOCAL, node)

    def visit_MatchMapping(self, node):
        for key in node.keys:
            key.walkabout(self)
        for pattern in node.patterns:
            pattern.walkabout(self)
        if node.rest is not None:
            self.note(node.rest, DEF_LOCAL, node)

    # -- generators ----------------------------------------------------------------

    def _check_yield_in_comprehension(self, node, what):
        if self.scope.comp_type != COMP_NONE:
            raise syntax_error(
                "'%s' inside %s"
                % (what, comprehension_description(self.scope.comp_type)),
                node,
            )

    def visit_Yield(self, node):
        self._check_yield_in_comprehension(node, "yield")
        self.scope.is_generator = True
        if node.value is not None:
            node.value.walkabout(self)

    def visit_YieldFrom(self, node):
        self._check_yield_in_comprehension(node, "yield")
        self.scope.is_generator = True
        node.value.walkabout(self)

    def visit_Await(self, node):
        if self.scope.comp_type != COMP_NONE and self.scope.comp_type != COMP_GENEXP:
            self.scope.is_coroutine = True
        elif self.scope.comp_type == COMP_GENEXP:
            self.scope.is_coroutine = True
        node.value.walkabout(self)
