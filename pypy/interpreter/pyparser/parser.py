"""Recursive-descent parser for Python 3.11, producing astcompiler.ast nodes.

The functions follow the rules of CPython 3.11's PEG grammar (Grammar/python.gram)
closely enough that node positions come out identical: a node starts at the first
token its rule consumed and ends at the last one (NEWLINE/INDENT/DEDENT are never
an end).  Assignment targets are parsed as expressions and then checked and
switched to Store/Del context, which also gives CPython's "cannot assign to ..."
messages.  Binary operators use precedence climbing to keep the recursion per
nesting level small.

Backtracking is rare and explicit (`match` soft keyword, parenthesised `with`
items); tokens are pulled lazily from the tokenizer and kept in a list.
"""

from pypy.interpreter.astcompiler import ast, constants
from pypy.interpreter.pyparser import literals
from pypy.interpreter.pyparser.error import PyIndentationError, PySyntaxError
from pypy.interpreter.pyparser.tokenizer import (
    DEDENT,
    ENDMARKER,
    INDENT,
    NAME,
    NEWLINE,
    NUMBER,
    OP,
    STRING,
    Token,
    Tokenizer,
    utf8_len_of_char,
)

KEYWORDS = {}
for _kw in (
    "False None True and as assert async await break class continue def del elif "
    "else except finally for from global if import in is lambda nonlocal not or "
    "pass raise return try while with yield"
).split():
    KEYWORDS[_kw] = None

# keywords that can start an expression
EXPR_KEYWORDS = {
    "None": None,
    "True": None,
    "False": None,
    "not": None,
    "lambda": None,
    "await": None,
}

AUGASSIGN_OPS = {
    "+=": ast.add_singleton,
    "-=": ast.sub_singleton,
    "*=": ast.mult_singleton,
    "@=": ast.matmult_singleton,
    "/=": ast.div_singleton,
    "%=": ast.mod_singleton,
    "&=": ast.bitand_singleton,
    "|=": ast.bitor_singleton,
    "^=": ast.bitxor_singleton,
    "<<=": ast.lshift_singleton,
    ">>=": ast.rshift_singleton,
    "**=": ast.pow_singleton,
    "//=": ast.floordiv_singleton,
}

# binary operators: precedence (higher binds tighter) and node
BINOP_PREC = {
    "|": 1,
    "^": 2,
    "&": 3,
    "<<": 4,
    ">>": 4,
    "+": 5,
    "-": 5,
    "*": 6,
    "/": 6,
    "//": 6,
    "%": 6,
    "@": 6,
}
BINOP_NODE = {
    "|": ast.bitor_singleton,
    "^": ast.bitxor_singleton,
    "&": ast.bitand_singleton,
    "<<": ast.lshift_singleton,
    ">>": ast.rshift_singleton,
    "+": ast.add_singleton,
    "-": ast.sub_singleton,
    "*": ast.mult_singleton,
    "/": ast.div_singleton,
    "//": ast.floordiv_singleton,
    "%": ast.mod_singleton,
    "@": ast.matmult_singleton,
}
COMPARE_OPS = {
    "==": ast.eq_singleton,
    "!=": ast.noteq_singleton,
    "<": ast.lt_singleton,
    "<=": ast.lte_singleton,
    ">": ast.gt_singleton,
    ">=": ast.gte_singleton,
}

# Nesting of recursive rules before "too complex".  CPython 3.11 stops at
# 6000 parser levels (about 6000 unary operators or conditional expressions,
# 3000 lambdas or powers); our enter() calls are placed to count the same.
MAX_DEPTH = 5969


class Parser(object):
    def __init__(self, source, fstring_lineno=0, fstring_col=0):
        self.fstring = fstring_lineno > 0
        if self.fstring:
            self.tokenizer = Tokenizer(source, fstring_lineno, fstring_col, True)
        else:
            self.tokenizer = Tokenizer(source)
        self.tokens = []
        self.pos = 0
        self.depth = 0

    # ---- token access ----------------------------------------------------

    def peek(self):
        while self.pos >= len(self.tokens):
            self.tokens.append(self.tokenizer.next_token())
        return self.tokens[self.pos]

    def peek_at(self, k):
        while self.pos + k >= len(self.tokens):
            self.tokens.append(self.tokenizer.next_token())
        return self.tokens[self.pos + k]

    def advance(self):
        tok = self.peek()
        self.pos += 1
        return tok

    def last(self):
        """The last consumed token that is not NEWLINE/INDENT/DEDENT."""
        i = self.pos - 1
        while i > 0:
            t = self.tokens[i].type
            if t != NEWLINE and t != INDENT and t != DEDENT and t != ENDMARKER:
                break
            i -= 1
        return self.tokens[i]

    def at_op(self, value):
        tok = self.peek()
        return tok.type == OP and tok.value == value

    def at_kw(self, value):
        tok = self.peek()
        return tok.type == NAME and tok.value == value

    def accept_op(self, value):
        if self.at_op(value):
            self.pos += 1
            return True
        return False

    def accept_kw(self, value):
        if self.at_kw(value):
            self.pos += 1
            return True
        return False

    def expect_op(self, value):
        if not self.at_op(value):
            error_expected(self, "'%s'" % value)
        return self.advance()

    def expect_kw(self, value):
        if not self.at_kw(value):
            error_expected(self, "'%s'" % value)
        return self.advance()

    def at_name(self):
        tok = self.peek()
        return tok.type == NAME and tok.value not in KEYWORDS

    def expect_name(self):
        tok = self.peek()
        if tok.type != NAME or tok.value in KEYWORDS:
            error_invalid_syntax(self)
        self.pos += 1
        return tok

    def enter(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            tok = self.peek()
            error_at_token(
                self,
                "Parser stack overflowed - Python source too complex to parse",
                tok,
            )

    def leave(self):
        self.depth -= 1

    # ---- errors ----------------------------------------------------------

    def char_col(self, lineno, byte_col):
        """1-based character offset of a byte column on a source line."""
        return char_offset(self.get_line(lineno), byte_col)

    def get_line(self, lineno):
        tk = self.tokenizer
        return tk.get_line(lineno - tk.first_lineno + 1)

    # ---- entry points ----------------------------------------------------

    def parse_file(self):
        body = []
        while True:
            tok = self.peek()
            if tok.type == ENDMARKER:
                break
            if tok.type == NEWLINE:
                self.pos += 1
                continue
            self.parse_statement(body)
        return ast.Module(body, [])

    def parse_single(self):
        """One interactive statement (mode "single")."""
        body = []
        if self.peek().type == NEWLINE or self.peek().type == ENDMARKER:
            error_invalid_syntax(self)
        self.parse_statement(body)
        while self.peek().type == NEWLINE:
            self.pos += 1
        tok = self.peek()
        if tok.type != ENDMARKER:
            error_at_token(
                self,
                "multiple statements found while compiling a single statement",
                tok,
            )
        return ast.Interactive(body)

    def parse_eval(self):
        while self.peek().type == NEWLINE:
            self.pos += 1
        expr = self.parse_expressions()
        while self.peek().type == NEWLINE:
            self.pos += 1
        if self.peek().type != ENDMARKER:
            error_invalid_syntax(self)
        return ast.Expression(expr)

    def parse_fstring_expr(self):
        expr = self.parse_star_expressions()
        if self.peek().type != ENDMARKER:
            error_invalid_syntax(self)
        return expr

    # ---- statements ------------------------------------------------------

    def parse_statement(self, body):
        tok = self.peek()
        if tok.type == INDENT:
            error_invalid_syntax(self)
        if tok.type == NAME:
            v = tok.value
            if (
                v == "def"
                or v == "class"
                or v == "if"
                or v == "while"
                or v == "for"
                or v == "try"
                or v == "with"
            ):
                body.append(self.parse_compound(tok))
                return
            if v == "async":
                nxt = self.peek_at(1)
                if nxt.type == NAME and (
                    nxt.value == "def" or nxt.value == "for" or nxt.value == "with"
                ):
                    body.append(self.parse_compound(tok))
                    return
                error_at_token(self, "invalid syntax", nxt)
            if v == "match":
                m = self.try_match_stmt()
                if m is not None:
                    body.append(m)
                    return
        elif tok.type == OP and tok.value == "@":
            body.append(self.parse_decorated())
            return
        self.parse_simple_stmts(body)

    def parse_compound(self, tok):
        v = tok.value
        if v == "def":
            return self.parse_funcdef([], False)
        if v == "class":
            return self.parse_classdef([])
        if v == "if":
            return self.parse_if()
        if v == "while":
            return self.parse_while()
        if v == "for":
            return self.parse_for(False)
        if v == "try":
            return self.parse_try()
        if v == "with":
            return self.parse_with(False)
        # async
        nxt = self.peek_at(1).value
        if nxt == "def":
            return self.parse_funcdef([], True)
        if nxt == "for":
            return self.parse_for(True)
        return self.parse_with(True)

    def parse_simple_stmts(self, body):
        while True:
            body.append(self.parse_simple_stmt())
            if self.accept_op(";"):
                if self.peek().type == NEWLINE:
                    break
                continue
            break
        tok = self.peek()
        if tok.type != NEWLINE:
            error_after_simple_stmt(self, body[len(body) - 1])
        self.pos += 1

    def parse_simple_stmt(self):
        tok = self.peek()
        if tok.type == NAME:
            v = tok.value
            if v == "pass":
                self.pos += 1
                return ast.Pass(
                    tok.lineno, tok.col_offset, tok.end_lineno, tok.end_col_offset
                )
            if v == "break":
                self.pos += 1
                return ast.Break(
                    tok.lineno, tok.col_offset, tok.end_lineno, tok.end_col_offset
                )
            if v == "continue":
                self.pos += 1
                return ast.Continue(
                    tok.lineno, tok.col_offset, tok.end_lineno, tok.end_col_offset
                )
            if v == "return":
                self.pos += 1
                value = None
                if self.starts_expression(self.peek()):
                    value = self.parse_star_expressions()
                e = self.last()
                return ast.Return(
                    value, tok.lineno, tok.col_offset, e.end_lineno, e.end_col_offset
                )
            if v == "raise":
                return self.parse_raise()
            if v == "global" or v == "nonlocal":
                self.pos += 1
                names = [self.expect_name().value]
                while self.accept_op(","):
                    names.append(self.expect_name().value)
                e = self.last()
                if v == "global":
                    return ast.Global(
                        names,
                        tok.lineno,
                        tok.col_offset,
                        e.end_lineno,
                        e.end_col_offset,
                    )
                return ast.Nonlocal(
                    names, tok.lineno, tok.col_offset, e.end_lineno, e.end_col_offset
                )
            if v == "del":
                return self.parse_del()
            if v == "assert":
                self.pos += 1
                test = self.parse_expression()
                msg = None
                if self.accept_op(","):
                    msg = self.parse_expression()
                e = self.last()
                return ast.Assert(
                    test,
                    msg,
                    tok.lineno,
                    tok.col_offset,
                    e.end_lineno,
                    e.end_col_offset,
                )
            if v == "import":
                return self.parse_import()
            if v == "from":
                return self.parse_from_import()
        return self.parse_expr_stmt()

    def parse_raise(self):
        tok = self.advance()
        exc = None
        cause = None
        if self.starts_expression(self.peek()):
            exc = self.parse_expression()
            if self.accept_kw("from"):
                cause = self.parse_expression()
        e = self.last()
        return ast.Raise(
            exc, cause, tok.lineno, tok.col_offset, e.end_lineno, e.end_col_offset
        )

    def parse_del(self):
        tok = self.advance()
        targets = []
        while True:
            t = self.peek()
            if not self.starts_expression(t) or (t.type == OP and t.value == "*"):
                if len(targets) == 0:
                    error_invalid_syntax(self)
                break
            target = self.parse_bitwise_or_primary_target()
            self.set_context(target, ast.del_singleton, "delete")
            targets.append(target)
            if not self.accept_op(","):
                break
        nxt = self.peek()
        if nxt.type != NEWLINE and not (nxt.type == OP and nxt.value == ";"):
            # `del a + b` and friends: report the whole expression
            self.pos = self.find_token_index(tok) + 1
            try:
                expr = self.parse_star_expressions()
            except PySyntaxError as e:
                if e.from_tokenizer:
                    raise
                expr = None
            if expr is not None:
                self.set_context(expr, ast.del_singleton, "delete")
            error_at_token(self, "invalid syntax", nxt)
        e = self.last()
        return ast.Delete(
            targets, tok.lineno, tok.col_offset, e.end_lineno, e.end_col_offset
        )

    def eof_token(self, tok):
        """For a DEDENT/ENDMARKER at the end of the file: a pseudo-token at
        the end of the last source line, where CPython reports errors at EOF.
        None for other tokens."""
        tk = self.tokenizer
        if not tk.done or self.fstring or tok.lineno != tk.out_lineno(tk.lineno):
            return None
        last_line = tk.lineno - 1
        if last_line < 1:
            return None
        text = tk.get_line(last_line)
        if text.endswith("\n"):
            text = text[: len(text) - 1]
        col = 0
        for c in text:
            col += utf8_len_of_char(c)
        lineno = tk.out_lineno(last_line)
        return Token(ENDMARKER, "", lineno, col, lineno, col)

    def is_bare_walrus(self, start):
        """Whether the expression parsed from token `start` is `NAME := ...`."""
        first = self.tokens[start]
        second = self.tokens[start + 1]
        return first.type == NAME and second.type == OP and second.value == ":="

    def find_token_index(self, tok):
        for i in range(len(self.tokens)):
            if self.tokens[i] is tok:
                return i
        return 0

    def parse_bitwise_or_primary_target(self):
        """A del/for target: a primary (atom with trailers), not an operator expression."""
        return self.parse_primary(False)

    def parse_import(self):
        tok = self.advance()
        names = []
        while True:
            st = self.peek()
            name = self.parse_dotted_name()
            asname = None
            if self.accept_kw("as"):
                asname = self.expect_name().value
            e = self.last()
            names.append(
                ast.alias(
                    name,
                    asname,
                    st.lineno,
                    st.col_offset,
                    e.end_lineno,
                    e.end_col_offset,
                )
            )
            if not self.accept_op(","):
                break
        e = self.last()
        return ast.Import(
            names, tok.lineno, tok.col_offset, e.end_lineno, e.end_col_offset
        )

    def parse_dotted_name(self):
        parts = [self.expect_name().value]
        while self.at_op("."):
            self.pos += 1
            parts.append(self.expect_name().value)
        return ".".join(parts)

    def parse_from_import(self):
        tok = self.advance()
        level = 0
        while True:
            if self.accept_op("."):
                level += 1
            elif self.accept_op("..."):
                level += 3
            else:
                break
        module = None
        if not self.at_kw("import") or level == 0:
            module = self.parse_dotted_name()
        self.expect_kw("import")
        names = []
        if self.at_op("*"):
            star = self.advance()
            names.append(
                ast.alias(
                    "*",
                    None,
                    star.lineno,
                    star.col_offset,
                    star.end_lineno,
                    star.end_col_offset,
                )
            )
        else:
            paren = self.accept_op("(")
            while True:
                st = self.peek()
                name = self.expect_name().value
                asname = None
                if self.accept_kw("as"):
                    asname = self.expect_name().value
                e = self.last()
                names.append(
                    ast.alias(
                        name,
                        asname,
                        st.lineno,
                        st.col_offset,
                        e.end_lineno,
                        e.end_col_offset,
                    )
                )
                if not self.accept_op(","):
                    break
                if paren and self.at_op(")"):
                    break
                if not paren and not self.at_name():
                    error_at_token(
                        self,
                        "trailing comma not allowed without surrounding parentheses",
                        self.peek(),
                    )
            if paren:
                self.expect_op(")")
        e = self.last()
        return ast.ImportFrom(
            module,
            names,
            level,
            tok.lineno,
            tok.col_offset,
            e.end_lineno,
            e.end_col_offset,
        )

    def parse_yield_or_star_expressions(self):
        if self.at_kw("yield"):
            return self.parse_yield_expr()
        return self.parse_star_expressions()

    def parse_expr_stmt(self):
        st = self.peek()
        first = self.parse_yield_or_star_expressions()
        tok = self.peek()
        if tok.type != OP:
            return self.make_expr_stmt(first, st)
        if tok.value == "=":
            targets = [first]
            while self.accept_op("="):
                targets.append(self.parse_yield_or_star_expressions())
            value = targets.pop()
            for i in range(len(targets)):
                t = targets[i]
                if isinstance(t, ast.Yield) or isinstance(t, ast.YieldFrom):
                    error_at_node(
                        self, "assignment to yield expression not possible", t
                    )
                # CPython's invalid_named_expression only sees `target = value`
                if len(targets) == 1 and is_plain_invalid_target(t):
                    error_at_node(
                        self,
                        "cannot assign to %s here. Maybe you meant '==' instead of '='?"
                        % expr_name(t),
                        t,
                    )
                self.check_assign_target(t, "assign to")
            for t in targets:
                self.set_context(t, ast.store_singleton, "assign to")
            e = self.last()
            return ast.Assign(
                targets,
                value,
                None,
                st.lineno,
                st.col_offset,
                e.end_lineno,
                e.end_col_offset,
            )
        if tok.value == ":=" and not isinstance(first, ast.Name):
            error_at_node(
                self,
                "cannot use assignment expressions with %s" % expr_name(first),
                first,
            )
        if tok.value == ":":
            after = self.peek_at(1)
            if not self.starts_expression(after) or (
                after.type == OP and after.value == "*"
            ):
                if (
                    isinstance(first, ast.Name)
                    or isinstance(first, ast.Attribute)
                    or isinstance(first, ast.Subscript)
                ):
                    # a valid target: the annotation is what is missing
                    tok = self.peek_at(1)
                error_at_token(self, "invalid syntax", tok)
            if isinstance(first, ast.Tuple):
                error_at_node(
                    self, "only single target (not tuple) can be annotated", first
                )
            if isinstance(first, ast.List):
                error_at_node(
                    self, "only single target (not list) can be annotated", first
                )
            if not (
                isinstance(first, ast.Name)
                or isinstance(first, ast.Attribute)
                or isinstance(first, ast.Subscript)
            ):
                error_at_node(self, "illegal target for annotation", first)
            self.pos += 1
            simple = 0
            if isinstance(first, ast.Name) and not (st.type == OP and st.value == "("):
                simple = 1
            self.set_context(first, ast.store_singleton, "assign to")
            annotation = self.parse_expression()
            value = None
            if self.accept_op("="):
                value = self.parse_yield_or_star_expressions()
            e = self.last()
            return ast.AnnAssign(
                first,
                annotation,
                value,
                simple,
                st.lineno,
                st.col_offset,
                e.end_lineno,
                e.end_col_offset,
            )
        if tok.value in AUGASSIGN_OPS:
            after = self.peek_at(1)
            if not self.starts_expression(after) and not (
                after.type == NAME and after.value == "yield"
            ):
                if (
                    isinstance(first, ast.Name)
                    or isinstance(first, ast.Attribute)
                    or isinstance(first, ast.Subscript)
                ):
                    # a valid target: the value is what is missing
                    tok = after
                error_at_token(self, "invalid syntax", tok)
            if not (
                isinstance(first, ast.Name)
                or isinstance(first, ast.Attribute)
                or isinstance(first, ast.Subscript)
            ):
                error_at_node(
                    self,
                    "'%s' is an illegal expression for augmented assignment"
                    % expr_name(first),
                    first,
                )
            self.pos += 1
            self.set_context(first, ast.store_singleton, "assign to")
            value = self.parse_yield_or_star_expressions()
            e = self.last()
            return ast.AugAssign(
                first,
                AUGASSIGN_OPS[tok.value],
                value,
                st.lineno,
                st.col_offset,
                e.end_lineno,
                e.end_col_offset,
            )
        return self.make_expr_stmt(first, st)

    def make_expr_stmt(self, value, st):
        e = self.last()
        return ast.Expr(value, st.lineno, st.col_offset, e.end_lineno, e.end_col_offset)

    # ---- blocks and compound statements ----------------------------------

    def parse_block(self, what, header):
        """':' already consumed.  `what` names the statement for the error."""
        tok = self.peek()
        if tok.type == NEWLINE:
            self.pos += 1
            ind = self.peek()
            if ind.type != INDENT:
                if ind.type == DEDENT or ind.type == ENDMARKER:
                    at_eof = self.eof_token(ind)
                    if at_eof is None:
                        dedent_error(
                            self,
                            "expected an indented block after %s on line %d"
                            % (what, header.lineno),
                            ind,
                            True,
                        )
                    ind = at_eof
                error_range(
                    self,
                    "expected an indented block after %s on line %d"
                    % (what, header.lineno),
                    ind.lineno,
                    ind.col_offset,
                    ind.end_lineno,
                    ind.end_col_offset,
                    True,
                )
            self.pos += 1
            body = []
            while self.peek().type != DEDENT:
                if self.peek().type == ENDMARKER:
                    break
                self.parse_statement(body)
            self.accept_dedent()
            return body
        body = []
        self.parse_simple_stmts(body)
        return body

    def accept_dedent(self):
        if self.peek().type == DEDENT:
            self.pos += 1

    def expect_colon(self, forced=False):
        """The ':' of a compound statement.  CPython 3.11 says "expected ':'"
        before a NEWLINE, and anywhere for the `&&':'` of def, try, else and
        finally; otherwise it is plain invalid syntax."""
        if not self.at_op(":"):
            tok = self.peek()
            if forced or tok.type == NEWLINE:
                error_at_token(self, "expected ':'", tok)
            error_invalid_syntax(self)
        self.pos += 1

    def parse_decorated(self):
        decorators = []
        while self.at_op("@"):
            self.pos += 1
            decorators.append(self.parse_named_expression())
            if self.peek().type != NEWLINE:
                error_invalid_syntax(self)
            self.pos += 1
        tok = self.peek()
        if tok.type == NAME:
            if tok.value == "def":
                return self.parse_funcdef(decorators, False)
            if tok.value == "class":
                return self.parse_classdef(decorators)
            if tok.value == "async" and self.peek_at(1).value == "def":
                return self.parse_funcdef(decorators, True)
        error_invalid_syntax(self)
        return None

    def parse_funcdef(self, decorators, is_async):
        st = self.advance()
        if is_async:
            self.expect_kw("def")
        name = self.expect_name().value
        if not self.at_op("("):
            error_at_token(self, "expected '('", self.peek())
        self.pos += 1
        args = self.parse_parameters(")", True)
        self.expect_op(")")
        returns = None
        if self.accept_op("->"):
            returns = self.parse_expression()
        self.expect_colon(True)
        body = self.parse_block("function definition", st)
        e = self.last()
        if is_async:
            return ast.AsyncFunctionDef(
                name,
                args,
                body,
                decorators,
                returns,
                None,
                st.lineno,
                st.col_offset,
                e.end_lineno,
                e.end_col_offset,
            )
        return ast.FunctionDef(
            name,
            args,
            body,
            decorators,
            returns,
            None,
            st.lineno,
            st.col_offset,
            e.end_lineno,
            e.end_col_offset,
        )

    def parse_classdef(self, decorators):
        st = self.advance()
        name = self.expect_name().value
        bases = []
        keywords = []
        if self.accept_op("("):
            self.parse_call_args(bases, keywords, None)
            self.expect_op(")")
        self.expect_colon()
        body = self.parse_block("class definition", st)
        e = self.last()
        return ast.ClassDef(
            name,
            bases,
            keywords,
            body,
            decorators,
            st.lineno,
            st.col_offset,
            e.end_lineno,
            e.end_col_offset,
        )

    def parse_param(self, annotations, star):
        tok = self.expect_name()
        annotation = None
        if annotations and self.accept_op(":"):
            if star and self.at_op("*"):
                annotation = self.parse_star_expression()
            else:
                annotation = self.parse_expression()
        e = self.last()
        return ast.arg(
            tok.value,
            annotation,
            None,
            tok.lineno,
            tok.col_offset,
            e.end_lineno,
            e.end_col_offset,
        )

    def parse_parameters(self, closer, annotations):
        posonly = []
        args = []
        defaults = []
        vararg = None
        kwonly = []
        kw_defaults = []
        kwarg = None
        seen_slash = False
        seen_star = False
        while not self.at_op(closer):
            tok = self.peek()
            if tok.type == OP and tok.value == "/":
                if seen_slash:
                    error_at_token(self, "/ may appear only once", tok)
                if seen_star:
                    error_at_token(self, "/ must be ahead of *", tok)
                if len(args) == 0:
                    error_at_token(self, "at least one argument must precede /", tok)
                self.pos += 1
                seen_slash = True
                for a in args:
                    posonly.append(a)
                args = []
            elif tok.type == OP and tok.value == "*":
                if seen_star:
                    error_at_token(self, "* argument may appear only once", tok)
                self.pos += 1
                seen_star = True
                if self.at_op(",") or self.at_op(closer):
                    nxt = self.peek_at(1)
                    if (
                        self.at_op(closer)
                        or (nxt.type == OP and nxt.value == closer)
                        or (nxt.type == OP and nxt.value == "**")
                    ):
                        if closer == ":":
                            # lambda: CPython reports at the token after '*'
                            tok = self.peek()
                        error_at_token(self, "named arguments must follow bare *", tok)
                else:
                    vararg = self.parse_param(annotations, True)
                    if self.at_op("="):
                        error_at_token(
                            self,
                            "var-positional argument cannot have default value",
                            self.peek(),
                        )
            elif tok.type == OP and tok.value == "**":
                self.pos += 1
                kwarg = self.parse_param(annotations, False)
                if self.at_op("="):
                    error_at_token(
                        self,
                        "var-keyword argument cannot have default value",
                        self.peek(),
                    )
                if self.accept_op(","):
                    if not self.at_op(closer):
                        error_at_token(
                            self,
                            "arguments cannot follow var-keyword argument",
                            self.peek(),
                        )
                break
            else:
                a = self.parse_param(annotations, False)
                default = None
                if self.accept_op("="):
                    default = self.parse_expression()
                if seen_star:
                    kwonly.append(a)
                    kw_defaults.append(default)
                else:
                    if default is not None:
                        defaults.append(default)
                    elif len(defaults) > 0:
                        error_at_node(
                            self, "non-default argument follows default argument", a
                        )
                    args.append(a)
            if not self.accept_op(","):
                break
        return ast.arguments(
            posonly, args, vararg, kwonly, kw_defaults, kwarg, defaults
        )

    def parse_condition(self):
        """named_expression of if/elif/while, with CPython's hint for '='."""
        test = self.parse_named_expression()
        if self.at_op("="):
            save = self.pos
            self.pos += 1
            ok = False
            try:
                self.parse_bitwise_or()
                ok = not self.at_op("=") and not self.at_op(":=")
            except PySyntaxError as e:
                if e.from_tokenizer:
                    raise
            self.pos = save
            if ok:
                if isinstance(test, ast.Name):
                    error_range(
                        self,
                        "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                        test.lineno,
                        test.col_offset,
                        test.end_lineno,
                        test.end_col_offset,
                    )
                if is_bitwise_or_level(test):
                    error_at_node(
                        self,
                        "cannot assign to %s here. Maybe you meant '==' instead of '='?"
                        % expr_name(test),
                        test,
                    )
        return test

    def parse_if(self):
        st = self.advance()
        test = self.parse_condition()
        self.expect_colon()
        body = self.parse_block("'%s' statement" % st.value, st)
        orelse = []
        if self.at_kw("elif"):
            orelse.append(self.parse_if())
        elif self.at_kw("else"):
            else_tok = self.advance()
            self.expect_colon(True)
            orelse = self.parse_block("'else' statement", else_tok)
        e = self.last()
        return ast.If(
            test, body, orelse, st.lineno, st.col_offset, e.end_lineno, e.end_col_offset
        )

    def parse_while(self):
        st = self.advance()
        test = self.parse_condition()
        self.expect_colon()
        body = self.parse_block("'while' statement", st)
        orelse = self.parse_else()
        e = self.last()
        return ast.While(
            test, body, orelse, st.lineno, st.col_offset, e.end_lineno, e.end_col_offset
        )

    def parse_else(self):
        if self.at_kw("else"):
            else_tok = self.advance()
            self.expect_colon(True)
            return self.parse_block("'else' statement", else_tok)
        return []

    def parse_for(self, is_async):
        st = self.advance()
        if is_async:
            self.expect_kw("for")
        target = self.parse_star_targets()
        if not self.at_kw("in"):
            error_invalid_syntax(self)
        self.pos += 1
        iter = self.parse_star_expressions()
        self.expect_colon()
        body = self.parse_block("'for' statement", st)
        orelse = self.parse_else()
        e = self.last()
        if is_async:
            return ast.AsyncFor(
                target,
                iter,
                body,
                orelse,
                None,
                st.lineno,
                st.col_offset,
                e.end_lineno,
                e.end_col_offset,
            )
        return ast.For(
            target,
            iter,
            body,
            orelse,
            None,
            st.lineno,
            st.col_offset,
            e.end_lineno,
            e.end_col_offset,
        )

    def parse_star_targets(self):
        """star_targets: targets up to (not including) 'in' or '='."""
        st = self.peek()
        first = self.parse_star_target()
        if not self.at_op(","):
            return first
        elts = [first]
        while self.accept_op(","):
            t = self.peek()
            if not self.starts_expression(t):
                break
            elts.append(self.parse_star_target())
        e = self.last()
        return ast.Tuple(
            elts,
            ast.store_singleton,
            st.lineno,
            st.col_offset,
            e.end_lineno,
            e.end_col_offset,
        )

    def parse_star_target(self):
        st = self.peek()
        if st.type == OP and st.value == "*":
            self.pos += 1
            if self.at_op("*"):
                error_invalid_syntax(self)
            inner = self.parse_star_target()
            e = self.last()
            node = ast.Starred(
                inner,
                ast.store_singleton,
                st.lineno,
                st.col_offset,
                e.end_lineno,
                e.end_col_offset,
            )
            return node
        target = self.parse_primary(False)
        self.set_context(target, ast.store_singleton, "assign to")
        return target

    def parse_with(self, is_async):
        st = self.advance()
        if is_async:
            self.expect_kw("with")
        items = None
        if self.at_op("("):
            items = self.try_parenthesized_with_items()
        if items is None:
            items = []
            while True:
                items.append(self.parse_with_item())
                if not self.accept_op(","):
                    break
        self.expect_colon()
        body = self.parse_block("'with' statement", st)
        e = self.last()
        if is_async:
            return ast.AsyncWith(
                items,
                body,
                None,
                st.lineno,
                st.col_offset,
                e.end_lineno,
                e.end_col_offset,
            )
        return ast.With(
            items, body, None, st.lineno, st.col_offset, e.end_lineno, e.end_col_offset
        )

    def try_parenthesized_with_items(self):
        start = self.pos
        try:
            self.pos += 1
            items = []
            while True:
                items.append(self.parse_with_item())
                if not self.accept_op(","):
                    break
                if self.at_op(")"):
                    break
            if not self.at_op(")"):
                self.pos = start
                return None
            self.pos += 1
            if not self.at_op(":"):
                self.pos = start
                return None
            return items
        except PySyntaxError as e:
            if e.from_tokenizer:
                raise
            self.pos = start
            return None

    def parse_with_item(self):
        expr = self.parse_expression()
        target = None
        if self.accept_kw("as"):
            target = self.parse_star_target()
        return ast.withitem(expr, target)

    def parse_try(self):
        st = self.advance()
        self.expect_colon(True)
        body = self.parse_block("'try' statement", st)
        handlers = []
        star = -1
        while self.at_kw("except"):
            ex = self.advance()
            is_star = 0
            if self.accept_op("*"):
                is_star = 1
            if star == -1:
                star = is_star
            elif star != is_star:
                error_at_token(
                    self,
                    "cannot have both 'except' and 'except*' on the same 'try'",
                    ex,
                )
            type = None
            name = None
            if not self.at_op(":") or is_star:
                if is_star and self.at_op(":"):
                    error_at_token(
                        self, "expected one or more exception types", self.peek()
                    )
                type = self.parse_expression()
                if self.at_op(","):
                    # `except A, B:` needs parentheses
                    self.pos += 1
                    self.parse_expression()
                    e = self.last()
                    error_range(
                        self,
                        "multiple exception types must be parenthesized",
                        type.lineno,
                        type.col_offset,
                        e.end_lineno,
                        e.end_col_offset,
                    )
                if self.accept_kw("as"):
                    name = self.expect_name().value
            self.expect_colon()
            if is_star:
                hbody = self.parse_block("'except*' statement", ex)
            else:
                hbody = self.parse_block("'except' statement", ex)
            e = self.last()
            handlers.append(
                ast.ExceptHandler(
                    type,
                    name,
                    hbody,
                    ex.lineno,
                    ex.col_offset,
                    e.end_lineno,
                    e.end_col_offset,
                )
            )
        orelse = []
        if len(handlers) > 0:
            orelse = self.parse_else()
        finalbody = []
        if self.at_kw("finally"):
            fin = self.advance()
            self.expect_colon(True)
            finalbody = self.parse_block("'finally' statement", fin)
        if len(handlers) == 0 and len(finalbody) == 0:
            tok = self.peek()
            error_at_token(self, "expected 'except' or 'finally' block", tok)
        e = self.last()
        if star == 1:
            return ast.TryStar(
                body,
                handlers,
                orelse,
                finalbody,
                st.lineno,
                st.col_offset,
                e.end_lineno,
                e.end_col_offset,
            )
        return ast.Try(
            body,
            handlers,
            orelse,
            finalbody,
            st.lineno,
            st.col_offset,
            e.end_lineno,
            e.end_col_offset,
        )

    # ---- match statement -------------------------------------------------

    def try_match_stmt(self):
        start = self.pos
        st = self.advance()
        nxt = self.peek()
        if not self.starts_expression(nxt):
            self.pos = start
            return None
        try:
            subject = self.parse_match_subject()
        except PySyntaxError as e:
            if e.from_tokenizer:
                raise
            self.pos = start
            return None
        if not self.at_op(":"):
            self.pos = start
            return None
        self.pos += 1
        if self.peek().type != NEWLINE:
            self.pos = start
            return None
        self.pos += 1
        if self.peek().type != INDENT:
            ind = self.peek()
            error_range(
                self,
                "expected an indented block after 'match' statement on line %d"
                % st.lineno,
                ind.lineno,
                ind.col_offset,
                ind.end_lineno,
                ind.end_col_offset,
                True,
            )
        self.pos += 1
        cases = []
        while self.at_kw("case"):
            cases.append(self.parse_case())
        if len(cases) == 0:
            error_invalid_syntax(self)
        if self.peek().type != DEDENT:
            error_invalid_syntax(self)
        self.pos += 1
        e = self.last()
        return ast.Match(
            subject, cases, st.lineno, st.col_offset, e.end_lineno, e.end_col_offset
        )

    def parse_match_subject(self):
        st = self.peek()
        first = self.parse_star_named_expression()
        if not self.at_op(","):
            if isinstance(first, ast.Starred):
                error_invalid_syntax(self)
            return first
        elts = [first]
        while self.accept_op(","):
            if not self.starts_expression(self.peek()):
                break
            elts.append(self.parse_star_named_expression())
        e = self.last()
        return ast.Tuple(
            elts,
            ast.load_singleton,
            st.lineno,
            st.col_offset,
            e.end_lineno,
            e.end_col_offset,
        )

    def parse_case(self):
        case_tok = self.advance()
        pattern = self.parse_patterns()
        guard = None
        if self.accept_kw("if"):
            guard = self.parse_named_expression()
        self.expect_colon()
        body = self.parse_block("'case' statement", case_tok)
        return ast.match_case(pattern, guard, body)

    def parse_patterns(self):
        st = self.peek()
        first = self.parse_maybe_star_pattern()
        if not self.at_op(","):
            if isinstance(first, ast.MatchStar):
                error_at_node(self, "invalid syntax", first)
            return first
        pats = [first]
        while self.accept_op(","):
            if self.at_op(":") or self.at_kw("if"):
                break
            pats.append(self.parse_maybe_star_pattern())
        e = self.last()
        return ast.MatchSequence(
            pats, st.lineno, st.col_offset, e.end_lineno, e.end_col_offset
        )

    def parse_maybe_star_pattern(self):
        st = self.peek()
        if st.type == OP and st.value == "*":
            self.pos += 1
            name = self.expect_name().value
            e = self.last()
            if name == "_":
                return ast.MatchStar(
                    None, st.lineno, st.col_offset, e.end_lineno, e.end_col_offset
                )
            return ast.MatchStar(
                name, st.lineno, st.col_offset, e.end_lineno, e.end_col_offset
            )
        return self.parse_pattern()

    def parse_pattern(self):
        self.enter()
        st = self.peek()
        pat = self.parse_or_pattern()
        if self.accept_kw("as"):
            tok = self.peek()
            if tok.type != NAME or tok.value in KEYWORDS:
                error_invalid_syntax(self)
            if tok.value == "_":
                error_at_token(self, "cannot use '_' as a target", tok)
            self.pos += 1
            nxt = self.peek()
            if nxt.type == OP and (
                nxt.value == "." or nxt.value == "(" or nxt.value == "["
            ):
                error_at_token(self, "invalid pattern target", nxt)
            e = self.last()
            pat = ast.MatchAs(
                pat, tok.value, st.lineno, st.col_offset, e.end_lineno, e.end_col_offset
            )
        self.leave()
        return pat

    def parse_or_pattern(self):
        st = self.peek()
        first = self.parse_closed_pattern()
        if not self.at_op("|"):
            return first
        pats = [first]
        while self.accept_op("|"):
            pats.append(self.parse_closed_pattern())
        e = self.last()
        return ast.MatchOr(
            pats, st.lineno, st.col_offset, e.end_lineno, e.end_col_offset
        )

    def parse_closed_pattern(self):
        st = self.peek()
        if (
            st.type == NUMBER
            or st.type == STRING
            or (st.type == OP and st.value == "-")
        ):
            value = self.parse_literal_expr()
            e = self.last()
            return ast.MatchValue(
                value, st.lineno, st.col_offset, e.end_lineno, e.end_col_offset
            )
        if st.type == NAME:
            if st.value == "None" or st.value == "True" or st.value == "False":
                self.pos += 1
                if st.value == "None":
                    c = constants.CONST_NONE
                else:
                    c = constants.const_bool(st.value == "True")
                return ast.MatchSingleton(
                    c, st.lineno, st.col_offset, st.end_lineno, st.end_col_offset
                )
            if st.value in KEYWORDS:
                error_invalid_syntax(self)
            self.pos += 1
            if not self.at_op(".") and not self.at_op("("):
                if self.at_op("="):
                    error_invalid_syntax(self)
                if st.value == "_":
                    return ast.MatchAs(
                        None,
                        None,
                        st.lineno,
                        st.col_offset,
                        st.end_lineno,
                        st.end_col_offset,
                    )
                return ast.MatchAs(
                    None,
                    st.value,
                    st.lineno,
                    st.col_offset,
                    st.end_lineno,
                    st.end_col_offset,
                )
            cls = ast.Name(
                st.value,
                ast.load_singleton,
                st.lineno,
                st.col_offset,
                st.end_lineno,
                st.end_col_offset,
            )
            while self.accept_op("."):
                attr = self.expect_name()
                cls = ast.Attribute(
                    cls,
                    attr.value,
                    ast.load_singleton,
                    st.lineno,
                    st.col_offset,
                    attr.end_lineno,
                    attr.end_col_offset,
                )
            if self.at_op("("):
                return self.parse_class_pattern(cls, st)
            if isinstance(cls, ast.Name):
                error_invalid_syntax(self)
            return ast.MatchValue(
                cls, st.lineno, st.col_offset, cls.end_lineno, cls.end_col_offset
            )
        if st.type == OP and st.value == "(":
            self.pos += 1
            if self.accept_op(")"):
                e = self.last()
                return ast.MatchSequence(
                    [], st.lineno, st.col_offset, e.end_lineno, e.end_col_offset
                )
            first = self.parse_maybe_star_pattern()
            if self.accept_op(")"):
                if isinstance(first, ast.MatchStar):
                    e = self.last()
                    return ast.MatchSequence(
                        [first],
                        st.lineno,
                        st.col_offset,
                        e.end_lineno,
                        e.end_col_offset,
                    )
                return first
            pats = [first]
            while self.accept_op(","):
                if self.at_op(")"):
                    break
                pats.append(self.parse_maybe_star_pattern())
            self.expect_op(")")
            e = self.last()
            return ast.MatchSequence(
                pats, st.lineno, st.col_offset, e.end_lineno, e.end_col_offset
            )
        if st.type == OP and st.value == "[":
            self.pos += 1
            pats = []
            while not self.at_op("]"):
                pats.append(self.parse_maybe_star_pattern())
                if not self.accept_op(","):
                    break
            self.expect_op("]")
            e = self.last()
            return ast.MatchSequence(
                pats, st.lineno, st.col_offset, e.end_lineno, e.end_col_offset
            )
        if st.type == OP and st.value == "{":
            return self.parse_mapping_pattern()
        error_invalid_syntax(self)
        return None

    def parse_literal_expr(self):
        """signed numbers, complex literals and strings, as in patterns."""
        st = self.peek()
        if st.type == STRING:
            return self.parse_strings()
        neg = self.accept_op("-")
        num = self.peek()
        if num.type != NUMBER:
            error_invalid_syntax(self)
        self.pos += 1
        value = self.make_number(num)
        if (self.at_op("+") or self.at_op("-")) and isinstance(
            value.value, constants.ConstComplex
        ):
            error_at_node(self, "real number required in complex literal", value)
        if neg:
            value = ast.UnaryOp(
                ast.usub_singleton,
                value,
                st.lineno,
                st.col_offset,
                num.end_lineno,
                num.end_col_offset,
            )
        if self.at_op("+") or self.at_op("-"):
            op_tok = self.advance()
            imag = self.peek()
            if imag.type != NUMBER:
                error_invalid_syntax(self)
            self.pos += 1
            right = self.make_number(imag)
            if not isinstance(right.value, constants.ConstComplex):
                error_at_node(
                    self, "imaginary number required in complex literal", right
                )
            op = ast.add_singleton
            if op_tok.value == "-":
                op = ast.sub_singleton
            value = ast.BinOp(
                value,
                op,
                right,
                st.lineno,
                st.col_offset,
                imag.end_lineno,
                imag.end_col_offset,
            )
        return value

    def parse_class_pattern(self, cls, st):
        self.expect_op("(")
        patterns = []
        kwd_attrs = []
        kwd_patterns = []
        while not self.at_op(")"):
            tok = self.peek()
            nxt = self.peek_at(1)
            if tok.type == NAME and nxt.type == OP and nxt.value == "=":
                self.pos += 2
                kwd_attrs.append(tok.value)
                kwd_patterns.append(self.parse_pattern())
            else:
                pat = self.parse_pattern()
                if len(kwd_attrs) > 0:
                    error_at_node(
                        self, "positional patterns follow keyword patterns", pat
                    )
                patterns.append(pat)
            if not self.accept_op(","):
                break
        self.expect_op(")")
        e = self.last()
        return ast.MatchClass(
            cls,
            patterns,
            kwd_attrs,
            kwd_patterns,
            st.lineno,
            st.col_offset,
            e.end_lineno,
            e.end_col_offset,
        )

    def parse_mapping_pattern(self):
        st = self.advance()
        keys = []
        patterns = []
        rest = None
        while not self.at_op("}"):
            if self.at_op("**"):
                self.pos += 1
                rest_tok = self.expect_name()
                if rest_tok.value == "_":
                    error_at_token(self, "invalid syntax", rest_tok)
                rest = rest_tok.value
                self.accept_op(",")
                break
            tok = self.peek()
            if tok.type == NAME and tok.value in ("None", "True", "False"):
                self.pos += 1
                key = self.make_name_constant(tok)
            elif tok.type == NAME:
                key = self.parse_attr_key()
            else:
                key = self.parse_literal_expr()
            self.expect_op(":")
            keys.append(key)
            patterns.append(self.parse_pattern())
            if not self.accept_op(","):
                break
        self.expect_op("}")
        e = self.last()
        return ast.MatchMapping(
            keys,
            patterns,
            rest,
            st.lineno,
            st.col_offset,
            e.end_lineno,
            e.end_col_offset,
        )

    def parse_attr_key(self):
        st = self.expect_name()
        node = ast.Name(
            st.value,
            ast.load_singleton,
            st.lineno,
            st.col_offset,
            st.end_lineno,
            st.end_col_offset,
        )
        if not self.at_op("."):
            error_invalid_syntax(self)
        while self.accept_op("."):
            attr = self.expect_name()
            node = ast.Attribute(
                node,
                attr.value,
                ast.load_singleton,
                st.lineno,
                st.col_offset,
                attr.end_lineno,
                attr.end_col_offset,
            )
        return node

    # ---- expressions -----------------------------------------------------

    def starts_expression(self, tok):
        if tok.type == NAME:
            return tok.value not in KEYWORDS or tok.value in EXPR_KEYWORDS
        if tok.type == NUMBER or tok.type == STRING:
            return True
        if tok.type == OP:
            v = tok.value
            return v in ("(", "[", "{", "-", "+", "~", "*", "...")
        return False

    def parse_expressions(self):
        """expressions: like star_expressions without starred items (eval mode)."""
        st = self.peek()
        first = self.parse_expression()
        if not self.at_op(","):
            return first
        elts = [first]
        while self.accept_op(","):
            if not self.starts_expression(self.peek()) or self.at_op("*"):
                break
            elts.append(self.parse_expression())
        e = self.last()
        return ast.Tuple(
            elts,
            ast.load_singleton,
            st.lineno,
            st.col_offset,
            e.end_lineno,
            e.end_col_offset,
        )

    def parse_star_expressions(self):
        st = self.peek()
        first = self.parse_star_expression()
        if not self.at_op(","):
            return first
        elts = [first]
        while self.accept_op(","):
            if not self.starts_expression(self.peek()):
                break
            elts.append(self.parse_star_expression())
        e = self.last()
        return ast.Tuple(
            elts,
            ast.load_singleton,
            st.lineno,
            st.col_offset,
            e.end_lineno,
            e.end_col_offset,
        )

    def parse_star_expression(self):
        st = self.peek()
        if st.type == OP and st.value == "*":
            self.pos += 1
            value = self.parse_bitwise_or()
            e = self.last()
            return ast.Starred(
                value,
                ast.load_singleton,
                st.lineno,
                st.col_offset,
                e.end_lineno,
                e.end_col_offset,
            )
        return self.parse_expression()

    def parse_star_named_expression(self):
        st = self.peek()
        if st.type == OP and st.value == "*":
            self.pos += 1
            value = self.parse_bitwise_or()
            e = self.last()
            return ast.Starred(
                value,
                ast.load_singleton,
                st.lineno,
                st.col_offset,
                e.end_lineno,
                e.end_col_offset,
            )
        return self.parse_named_expression()

    def parse_named_expression(self):
        st = self.peek()
        if st.type == NAME and st.value not in KEYWORDS:
            nxt = self.peek_at(1)
            if nxt.type == OP and nxt.value == ":=":
                self.pos += 2
                target = ast.Name(
                    st.value,
                    ast.store_singleton,
                    st.lineno,
                    st.col_offset,
                    st.end_lineno,
                    st.end_col_offset,
                )
                value = self.parse_expression()
                e = self.last()
                return ast.NamedExpr(
                    target,
                    value,
                    st.lineno,
                    st.col_offset,
                    e.end_lineno,
                    e.end_col_offset,
                )
        expr = self.parse_expression()
        if self.at_op(":="):
            error_at_node(
                self,
                "cannot use assignment expressions with %s" % expr_name(expr),
                expr,
            )
        return expr

    def parse_expression(self):
        self.enter()
        st = self.peek()
        if st.type == NAME and st.value == "lambda":
            result = self.parse_lambda()
        else:
            result = self.parse_disjunction()
            if self.at_kw("if"):
                self.pos += 1
                test = self.parse_disjunction()
                if not self.at_kw("else"):
                    if self.at_op(":"):
                        error_invalid_syntax(self)
                    error_range(
                        self,
                        "expected 'else' after 'if' expression",
                        st.lineno,
                        st.col_offset,
                        self.last().end_lineno,
                        self.last().end_col_offset,
                    )
                self.pos += 1
                orelse = self.parse_expression()
                e = self.last()
                result = ast.IfExp(
                    test,
                    result,
                    orelse,
                    st.lineno,
                    st.col_offset,
                    e.end_lineno,
                    e.end_col_offset,
                )
            else:
                self.check_missing_comma(st, result)
        self.leave()
        return result

    def check_missing_comma(self, st, first):
        """CPython's invalid_expression: two expressions in a row inside brackets."""
        tok = self.peek()
        if tok.level == 0 or not self.starts_expression(tok):
            return
        if tok.type == OP and tok.value == "*":
            return
        if st.type == NAME and (
            st.value == "match" or st.value == "case" or st.value == "_"
        ):
            return
        start = self.find_token_index(st)
        if (st.type == NAME and self.tokens[start + 1].type == STRING) or (
            isinstance(first, ast.Name) and tok.type == STRING
        ):
            # not after NAME STRING; CPython's rule then applies from the
            # string on (`f(a'b'c)` is a missing comma between 'b' and c)
            if tok.type == STRING:
                save = self.pos
                try:
                    self.parse_expression()
                except PySyntaxError as e:
                    if e.from_tokenizer or e.msg.startswith("invalid syntax. Perhaps"):
                        raise
                self.pos = save
            return
        save = self.pos
        try:
            second = self.parse_expression()
        except PySyntaxError as e:
            if e.from_tokenizer:
                raise
            self.pos = save
            return
        error_range(
            self,
            "invalid syntax. Perhaps you forgot a comma?",
            first.lineno,
            first.col_offset,
            second.end_lineno,
            second.end_col_offset,
        )

    def parse_lambda(self):
        st = self.advance()
        self.enter()
        args = self.parse_parameters(":", False)
        if not self.at_op(":"):
            error_invalid_syntax(self)
        self.pos += 1
        body = self.parse_expression()
        self.leave()
        e = self.last()
        return ast.Lambda(
            args, body, st.lineno, st.col_offset, e.end_lineno, e.end_col_offset
        )

    def parse_disjunction(self):
        st = self.peek()
        first = self.parse_conjunction()
        if not self.at_kw("or"):
            return first
        values = [first]
        while self.accept_kw("or"):
            values.append(self.parse_conjunction())
        e = self.last()
        return ast.BoolOp(
            ast.or_singleton,
            values,
            st.lineno,
            st.col_offset,
            e.end_lineno,
            e.end_col_offset,
        )

    def parse_conjunction(self):
        st = self.peek()
        first = self.parse_inversion()
        if not self.at_kw("and"):
            return first
        values = [first]
        while self.accept_kw("and"):
            values.append(self.parse_inversion())
        e = self.last()
        return ast.BoolOp(
            ast.and_singleton,
            values,
            st.lineno,
            st.col_offset,
            e.end_lineno,
            e.end_col_offset,
        )

    def parse_inversion(self):
        st = self.peek()
        if st.type == NAME and st.value == "not":
            self.pos += 1
            self.enter()
            operand = self.parse_inversion()
            self.leave()
            e = self.last()
            return ast.UnaryOp(
                ast.not_singleton,
                operand,
                st.lineno,
                st.col_offset,
                e.end_lineno,
                e.end_col_offset,
            )
        return self.parse_comparison()

    def compare_op(self):
        """The comparison operator at the current token (consumed), or None."""
        tok = self.peek()
        if tok.type == OP:
            op = COMPARE_OPS.get(tok.value, None)
            if op is not None:
                self.pos += 1
            return op
        if tok.type == NAME:
            if tok.value == "in":
                self.pos += 1
                return ast.in_singleton
            if tok.value == "is":
                self.pos += 1
                if self.accept_kw("not"):
                    return ast.isnot_singleton
                return ast.is_singleton
            if tok.value == "not":
                nxt = self.peek_at(1)
                if nxt.type == NAME and nxt.value == "in":
                    self.pos += 2
                    return ast.notin_singleton
        return None

    def parse_comparison(self):
        st = self.peek()
        left = self.parse_binop(1)
        op = self.compare_op()
        if op is None:
            return left
        ops = []
        comparators = []
        while op is not None:
            ops.append(op)
            comparators.append(self.parse_binop(1))
            op = self.compare_op()
        e = self.last()
        return ast.Compare(
            left,
            ops,
            comparators,
            st.lineno,
            st.col_offset,
            e.end_lineno,
            e.end_col_offset,
        )

    def parse_bitwise_or(self):
        return self.parse_binop(1)

    def parse_binop(self, min_prec):
        st = self.peek()
        left = self.parse_factor()
        while True:
            tok = self.peek()
            if tok.type != OP:
                break
            prec = BINOP_PREC.get(tok.value, 0)
            if prec < min_prec or prec == 0:
                break
            self.pos += 1
            self.enter()
            right = self.parse_binop(prec + 1)
            self.leave()
            e = self.last()
            left = ast.BinOp(
                left,
                BINOP_NODE[tok.value],
                right,
                st.lineno,
                st.col_offset,
                e.end_lineno,
                e.end_col_offset,
            )
        return left

    def parse_factor(self):
        st = self.peek()
        if st.type == OP and (st.value == "-" or st.value == "+" or st.value == "~"):
            self.pos += 1
            self.enter()
            operand = self.parse_factor()
            self.leave()
            e = self.last()
            if st.value == "-":
                op = ast.usub_singleton
            elif st.value == "+":
                op = ast.uadd_singleton
            else:
                op = ast.invert_singleton
            return ast.UnaryOp(
                op, operand, st.lineno, st.col_offset, e.end_lineno, e.end_col_offset
            )
        return self.parse_power()

    def parse_power(self):
        st = self.peek()
        if st.type == NAME and st.value == "await":
            self.pos += 1
            value = self.parse_primary(True)
            e = self.last()
            left = ast.Await(
                value, st.lineno, st.col_offset, e.end_lineno, e.end_col_offset
            )
        else:
            left = self.parse_primary(True)
        if self.accept_op("**"):
            self.enter()
            self.enter()
            right = self.parse_factor()
            self.leave()
            self.leave()
            e = self.last()
            return ast.BinOp(
                left,
                ast.pow_singleton,
                right,
                st.lineno,
                st.col_offset,
                e.end_lineno,
                e.end_col_offset,
            )
        return left

    def parse_primary(self, allow_genexp_call):
        st = self.peek()
        node = self.parse_atom()
        while True:
            tok = self.peek()
            if tok.type != OP:
                break
            if tok.value == ".":
                self.pos += 1
                name = self.expect_name()
                node = ast.Attribute(
                    node,
                    name.value,
                    ast.load_singleton,
                    st.lineno,
                    st.col_offset,
                    name.end_lineno,
                    name.end_col_offset,
                )
            elif tok.value == "(":
                self.pos += 1
                args = []
                keywords = []
                self.parse_call_args(args, keywords, tok)
                self.expect_op(")")
                e = self.last()
                node = ast.Call(
                    node,
                    args,
                    keywords,
                    st.lineno,
                    st.col_offset,
                    e.end_lineno,
                    e.end_col_offset,
                )
            elif tok.value == "[":
                self.pos += 1
                slice = self.parse_slices()
                self.expect_op("]")
                e = self.last()
                node = ast.Subscript(
                    node,
                    slice,
                    ast.load_singleton,
                    st.lineno,
                    st.col_offset,
                    e.end_lineno,
                    e.end_col_offset,
                )
            else:
                break
        return node

    def parse_call_args(self, args, keywords, open_tok):
        """Arguments up to (not including) ')'.  `open_tok` is the '(' of a call."""
        seen_keyword = False
        seen_double_star = False
        while not self.at_op(")"):
            st = self.peek()
            if st.type == OP and st.value == "*":
                self.pos += 1
                value = self.parse_expression()
                e = self.last()
                if seen_double_star:
                    error_range(
                        self,
                        "iterable argument unpacking follows keyword argument unpacking",
                        st.lineno,
                        st.col_offset,
                        e.end_lineno,
                        e.end_col_offset,
                    )
                args.append(
                    ast.Starred(
                        value,
                        ast.load_singleton,
                        st.lineno,
                        st.col_offset,
                        e.end_lineno,
                        e.end_col_offset,
                    )
                )
            elif st.type == OP and st.value == "**":
                self.pos += 1
                value = self.parse_expression()
                e = self.last()
                seen_double_star = True
                keywords.append(
                    ast.keyword(
                        None,
                        value,
                        st.lineno,
                        st.col_offset,
                        e.end_lineno,
                        e.end_col_offset,
                    )
                )
            else:
                # look one token further only after a NAME, like CPython's
                # rules (the farthest token read decides some messages)
                is_keyword_arg = False
                if st.type == NAME:
                    nxt = self.peek_at(1)
                    is_keyword_arg = nxt.type == OP and nxt.value == "="
                if is_keyword_arg:
                    if st.value in KEYWORDS:
                        if st.value in ("True", "False", "None"):
                            error_at_token(self, "cannot assign to %s" % st.value, st)
                        error_invalid_syntax(self)
                    self.pos += 2
                    value = self.parse_expression()
                    e = self.last()
                    seen_keyword = True
                    keywords.append(
                        ast.keyword(
                            st.value,
                            value,
                            st.lineno,
                            st.col_offset,
                            e.end_lineno,
                            e.end_col_offset,
                        )
                    )
                else:
                    value = self.parse_named_expression()
                    if self.at_kw("for") or self.at_kw("async"):
                        if open_tok is None:
                            error_invalid_syntax(self)
                        only = len(args) == 0 and len(keywords) == 0
                        gen = self.parse_comprehension_tail(value)
                        if not only or not self.at_op(")"):
                            error_range(
                                self,
                                "Generator expression must be parenthesized",
                                gen.lineno,
                                gen.col_offset,
                                gen.end_lineno,
                                gen.end_col_offset,
                            )
                        self.pos += 1
                        e = self.last()
                        self.pos -= 1
                        args.append(
                            ast.GeneratorExp(
                                gen.elt,
                                gen.generators,
                                open_tok.lineno,
                                open_tok.col_offset,
                                e.end_lineno,
                                e.end_col_offset,
                            )
                        )
                        return
                    if self.at_op("="):
                        error_range(
                            self,
                            'expression cannot contain assignment, perhaps you meant "=="?',
                            value.lineno,
                            value.col_offset,
                            self.peek().end_lineno,
                            self.peek().end_col_offset,
                        )
                    if seen_double_star:
                        error_at_token(
                            self,
                            "positional argument follows keyword argument unpacking",
                            self.peek(),
                        )
                    if seen_keyword:
                        error_at_token(
                            self,
                            "positional argument follows keyword argument",
                            self.peek(),
                        )
                    args.append(value)
            if not self.accept_op(","):
                break

    def parse_slices(self):
        st = self.peek()
        first = self.parse_slice()
        if not self.at_op(",") and not isinstance(first, ast.Starred):
            return first
        elts = [first]
        while self.accept_op(","):
            if self.at_op("]"):
                break
            elts.append(self.parse_slice())
        e = self.last()
        return ast.Tuple(
            elts,
            ast.load_singleton,
            st.lineno,
            st.col_offset,
            e.end_lineno,
            e.end_col_offset,
        )

    def parse_slice(self):
        st = self.peek()
        if st.type == OP and st.value == "*":
            return self.parse_star_expression()
        lower = None
        if not (st.type == OP and st.value == ":"):
            lower_pos = self.pos
            lower = self.parse_named_expression()
            if not self.at_op(":"):
                return lower
            if self.is_bare_walrus(lower_pos):
                error_invalid_syntax(self)
        self.pos += 1
        upper = None
        step = None
        if self.starts_expression(self.peek()):
            upper = self.parse_expression()
        if self.accept_op(":"):
            if self.starts_expression(self.peek()):
                step = self.parse_expression()
        e = self.last()
        return ast.Slice(
            lower, upper, step, st.lineno, st.col_offset, e.end_lineno, e.end_col_offset
        )

    def parse_atom(self):
        tok = self.peek()
        if tok.type == NAME:
            v = tok.value
            if v not in KEYWORDS:
                self.pos += 1
                return ast.Name(
                    v,
                    ast.load_singleton,
                    tok.lineno,
                    tok.col_offset,
                    tok.end_lineno,
                    tok.end_col_offset,
                )
            if v == "None" or v == "True" or v == "False":
                self.pos += 1
                return self.make_name_constant(tok)
            error_invalid_syntax(self)
        if tok.type == NUMBER:
            self.pos += 1
            return self.make_number(tok)
        if tok.type == STRING:
            return self.parse_strings()
        if tok.type == OP:
            v = tok.value
            if v == "(":
                return self.parse_paren()
            if v == "[":
                return self.parse_list()
            if v == "{":
                return self.parse_brace()
            if v == "...":
                self.pos += 1
                return ast.Constant(
                    constants.CONST_ELLIPSIS,
                    None,
                    tok.lineno,
                    tok.col_offset,
                    tok.end_lineno,
                    tok.end_col_offset,
                )
        error_invalid_syntax(self)
        return None

    def make_name_constant(self, tok):
        if tok.value == "None":
            c = constants.CONST_NONE
        else:
            c = constants.const_bool(tok.value == "True")
        return ast.Constant(
            c, None, tok.lineno, tok.col_offset, tok.end_lineno, tok.end_col_offset
        )

    def make_number(self, tok):
        value = literals.parse_number(tok.value)
        return ast.Constant(
            value, None, tok.lineno, tok.col_offset, tok.end_lineno, tok.end_col_offset
        )

    def parse_paren(self):
        st = self.advance()
        self.enter()
        if self.at_op(")"):
            self.pos += 1
            self.leave()
            e = self.last()
            return ast.Tuple(
                [],
                ast.load_singleton,
                st.lineno,
                st.col_offset,
                e.end_lineno,
                e.end_col_offset,
            )
        if self.at_kw("yield"):
            value = self.parse_yield_expr()
            self.expect_op(")")
            self.leave()
            return value
        first = self.parse_star_named_expression()
        if self.at_kw("for") or self.at_kw("async"):
            gen = self.parse_comprehension_tail(first)
            self.expect_op(")")
            self.leave()
            e = self.last()
            return ast.GeneratorExp(
                gen.elt,
                gen.generators,
                st.lineno,
                st.col_offset,
                e.end_lineno,
                e.end_col_offset,
            )
        if self.accept_op(")"):
            self.leave()
            if isinstance(first, ast.Starred):
                error_at_node(self, "cannot use starred expression here", first)
            return first
        if not self.at_op(","):
            error_missing_comma(self, first)
        elts = [first]
        while self.accept_op(","):
            if self.at_op(")"):
                break
            elts.append(self.parse_star_named_expression())
        if not self.at_op(")"):
            error_missing_comma(self, elts[len(elts) - 1])
        self.pos += 1
        self.leave()
        e = self.last()
        return ast.Tuple(
            elts,
            ast.load_singleton,
            st.lineno,
            st.col_offset,
            e.end_lineno,
            e.end_col_offset,
        )

    def parse_list(self):
        st = self.advance()
        self.enter()
        elts = []
        if not self.at_op("]"):
            first = self.parse_star_named_expression()
            if self.at_kw("for") or self.at_kw("async"):
                gen = self.parse_comprehension_tail(first)
                self.expect_op("]")
                self.leave()
                e = self.last()
                return ast.ListComp(
                    gen.elt,
                    gen.generators,
                    st.lineno,
                    st.col_offset,
                    e.end_lineno,
                    e.end_col_offset,
                )
            elts.append(first)
            while self.accept_op(","):
                if self.at_op("]"):
                    break
                elts.append(self.parse_star_named_expression())
            if not self.at_op("]"):
                error_missing_comma(self, elts[len(elts) - 1])
        self.pos += 1
        self.leave()
        e = self.last()
        return ast.List(
            elts,
            ast.load_singleton,
            st.lineno,
            st.col_offset,
            e.end_lineno,
            e.end_col_offset,
        )

    def parse_brace(self):
        st = self.advance()
        self.enter()
        if self.accept_op("}"):
            self.leave()
            e = self.last()
            return ast.Dict(
                [], [], st.lineno, st.col_offset, e.end_lineno, e.end_col_offset
            )
        if self.at_op("**"):
            result = self.parse_dict_rest(st, None, None)
            self.leave()
            return result
        first_pos = self.pos
        first = self.parse_star_named_expression()
        if self.at_op(":") and self.is_bare_walrus(first_pos):
            error_invalid_syntax(self)
        if self.at_op(":") and not isinstance(first, ast.Starred):
            self.pos += 1
            value = self.parse_expression()
            if self.at_kw("for") or self.at_kw("async"):
                gen = self.parse_comprehension_tail(value)
                self.expect_op("}")
                self.leave()
                e = self.last()
                return ast.DictComp(
                    first,
                    value,
                    gen.generators,
                    st.lineno,
                    st.col_offset,
                    e.end_lineno,
                    e.end_col_offset,
                )
            result = self.parse_dict_rest(st, first, value)
            self.leave()
            return result
        if self.at_kw("for") or self.at_kw("async"):
            gen = self.parse_comprehension_tail(first)
            self.expect_op("}")
            self.leave()
            e = self.last()
            return ast.SetComp(
                gen.elt,
                gen.generators,
                st.lineno,
                st.col_offset,
                e.end_lineno,
                e.end_col_offset,
            )
        elts = [first]
        while self.accept_op(","):
            if self.at_op("}"):
                break
            elts.append(self.parse_star_named_expression())
        if not self.at_op("}"):
            error_missing_comma(self, elts[len(elts) - 1])
        self.pos += 1
        self.leave()
        e = self.last()
        return ast.Set(elts, st.lineno, st.col_offset, e.end_lineno, e.end_col_offset)

    def parse_dict_rest(self, st, first_key, first_value):
        keys = []
        values = []
        if first_value is not None:
            keys.append(first_key)
            values.append(first_value)
            if not self.accept_op(","):
                self.expect_op("}")
                e = self.last()
                return ast.Dict(
                    keys,
                    values,
                    st.lineno,
                    st.col_offset,
                    e.end_lineno,
                    e.end_col_offset,
                )
        while not self.at_op("}"):
            if self.accept_op("**"):
                keys.append(None)
                values.append(self.parse_bitwise_or())
            else:
                key = self.parse_expression()
                if not self.at_op(":"):
                    if self.at_op("}") or self.at_op(","):
                        error_at_node(self, "':' expected after dictionary key", key)
                    error_invalid_syntax(self)
                self.pos += 1
                keys.append(key)
                values.append(self.parse_expression())
            if not self.accept_op(","):
                break
        self.expect_op("}")
        e = self.last()
        return ast.Dict(
            keys, values, st.lineno, st.col_offset, e.end_lineno, e.end_col_offset
        )

    def parse_comprehension_tail(self, elt):
        """for_if_clauses after `elt`; returns a GeneratorExp used as a carrier."""
        if isinstance(elt, ast.Starred):
            error_at_node(
                self, "iterable unpacking cannot be used in comprehension", elt
            )
        generators = []
        while self.at_kw("for") or (
            self.at_kw("async") and self.peek_at(1).value == "for"
        ):
            is_async = 0
            if self.accept_kw("async"):
                is_async = 1
            self.pos += 1
            target_pos = self.pos
            target = self.parse_star_targets()
            if not self.at_kw("in"):
                # CPython's invalid_for_target reparses the target as
                # star_expressions, which may find a missing comma
                save = self.pos
                self.pos = target_pos
                try:
                    self.parse_star_expressions()
                except PySyntaxError as e:
                    if e.from_tokenizer or e.msg.startswith("invalid syntax. Perhaps"):
                        raise
                self.pos = save
                error_invalid_syntax(self)
            self.pos += 1
            iter = self.parse_disjunction()
            ifs = []
            while self.accept_kw("if"):
                ifs.append(self.parse_disjunction())
            generators.append(ast.comprehension(target, iter, ifs, is_async))
        if len(generators) == 0:
            error_invalid_syntax(self)
        e = self.last()
        return ast.GeneratorExp(
            elt, generators, elt.lineno, elt.col_offset, e.end_lineno, e.end_col_offset
        )

    def parse_yield_expr(self):
        st = self.advance()
        if self.accept_kw("from"):
            value = self.parse_expression()
            e = self.last()
            return ast.YieldFrom(
                value, st.lineno, st.col_offset, e.end_lineno, e.end_col_offset
            )
        value = None
        if self.starts_expression(self.peek()):
            value = self.parse_star_expressions()
        e = self.last()
        return ast.Yield(
            value, st.lineno, st.col_offset, e.end_lineno, e.end_col_offset
        )

    # ---- strings ---------------------------------------------------------

    def parse_strings(self):
        from pypy.interpreter.pyparser import fstring

        first = self.peek()
        toks = []
        while self.peek().type == STRING:
            toks.append(self.advance())
        last = toks[len(toks) - 1]
        return fstring.concatenate(self, toks, first, last)

    # ---- targets ---------------------------------------------------------

    def check_assign_target(self, node, verb):
        invalid = find_invalid_target(node)
        if invalid is not None:
            error_at_node(self, "cannot %s %s" % (verb, expr_name(invalid)), invalid)

    def set_context(self, node, ctx, verb):
        self.check_assign_target(node, verb)
        set_ctx(node, ctx)


def char_offset(line, byte_col):
    """1-based character offset of a byte column in `line`."""
    if byte_col < 0:
        return 0
    n = 0
    chars = 0
    for c in line:
        if n >= byte_col:
            break
        n += utf8_len_of_char(c)
        chars += 1
    if n < byte_col:
        chars += byte_col - n
    return chars + 1


def is_bitwise_or_level(node):
    """An expression CPython's bitwise_or rule can produce, minus the kinds
    that invalid_named_expression excludes (list, tuple, genexp, True/None/False)."""
    if (
        isinstance(node, ast.Name)
        or isinstance(node, ast.Attribute)
        or isinstance(node, ast.Subscript)
    ):
        return True
    return is_plain_invalid_target(node)


def is_plain_invalid_target(node):
    """An invalid target that CPython's invalid_named_expression catches."""
    if find_invalid_target(node) is not node:
        return False
    if isinstance(node, ast.Constant):
        v = node.value
        return not (
            isinstance(v, constants.ConstNone) or isinstance(v, constants.ConstBool)
        )
    if isinstance(node, ast.UnaryOp):
        return node.op is not ast.not_singleton
    return (
        isinstance(node, ast.Call)
        or isinstance(node, ast.BinOp)
        or isinstance(node, ast.Await)
        or isinstance(node, ast.Dict)
        or isinstance(node, ast.Set)
        or isinstance(node, ast.ListComp)
        or isinstance(node, ast.SetComp)
        or isinstance(node, ast.DictComp)
        or isinstance(node, ast.JoinedStr)
    )


def find_invalid_target(node):
    if (
        isinstance(node, ast.Name)
        or isinstance(node, ast.Attribute)
        or isinstance(node, ast.Subscript)
    ):
        return None
    if isinstance(node, ast.Starred):
        return find_invalid_target(node.value)
    if isinstance(node, ast.Tuple):
        for elt in node.elts:
            bad = find_invalid_target(elt)
            if bad is not None:
                return bad
        return None
    if isinstance(node, ast.List):
        for elt in node.elts:
            bad = find_invalid_target(elt)
            if bad is not None:
                return bad
        return None
    return node


def set_ctx(node, ctx):
    if isinstance(node, ast.Name):
        node.ctx = ctx
    elif isinstance(node, ast.Attribute):
        node.ctx = ctx
    elif isinstance(node, ast.Subscript):
        node.ctx = ctx
    elif isinstance(node, ast.Starred):
        node.ctx = ctx
        set_ctx(node.value, ctx)
    elif isinstance(node, ast.Tuple):
        node.ctx = ctx
        for elt in node.elts:
            set_ctx(elt, ctx)
    elif isinstance(node, ast.List):
        node.ctx = ctx
        for elt in node.elts:
            set_ctx(elt, ctx)


def expr_name(node):
    """CPython's name for an expression kind, used in error messages."""
    if isinstance(node, ast.Attribute):
        return "attribute"
    if isinstance(node, ast.Subscript):
        return "subscript"
    if isinstance(node, ast.Starred):
        return "starred"
    if isinstance(node, ast.Name):
        return "name"
    if isinstance(node, ast.List):
        return "list"
    if isinstance(node, ast.Tuple):
        return "tuple"
    if isinstance(node, ast.Lambda):
        return "lambda"
    if isinstance(node, ast.Call):
        return "function call"
    if (
        isinstance(node, ast.BoolOp)
        or isinstance(node, ast.BinOp)
        or isinstance(node, ast.UnaryOp)
    ):
        return "expression"
    if isinstance(node, ast.GeneratorExp):
        return "generator expression"
    if isinstance(node, ast.Yield) or isinstance(node, ast.YieldFrom):
        return "yield expression"
    if isinstance(node, ast.Await):
        return "await expression"
    if isinstance(node, ast.ListComp):
        return "list comprehension"
    if isinstance(node, ast.SetComp):
        return "set comprehension"
    if isinstance(node, ast.DictComp):
        return "dict comprehension"
    if isinstance(node, ast.Dict):
        return "dict literal"
    if isinstance(node, ast.Set):
        return "set display"
    if isinstance(node, ast.JoinedStr) or isinstance(node, ast.FormattedValue):
        return "f-string expression"
    if isinstance(node, ast.Constant):
        v = node.value
        if isinstance(v, constants.ConstNone):
            return "None"
        if isinstance(v, constants.ConstBool):
            if v.value:
                return "True"
            return "False"
        if isinstance(v, constants.ConstEllipsis):
            return "ellipsis"
        return "literal"
    if isinstance(node, ast.Compare):
        return "comparison"
    if isinstance(node, ast.IfExp):
        return "conditional expression"
    if isinstance(node, ast.NamedExpr):
        return "named expression"
    return "expression"


# Errors.  These always raise, so they are module-level functions rather
# than methods: the calls read as statements that never return.


def error_range(parser, msg, lineno, col, end_lineno, end_col, indentation=False):
    if parser.fstring:
        # CPython 3.11 reports f-string expression errors in the
        # coordinates of the "(expr)" text, without the shift
        lineno = lineno - parser.tokenizer.first_lineno + 1
        end_lineno = end_lineno - parser.tokenizer.first_lineno + 1
        col -= parser.tokenizer.first_col_shift
        end_col -= parser.tokenizer.first_col_shift
        text = parser.tokenizer.get_line(lineno)
        offset = char_offset(text, col)
        end_offset = char_offset(parser.tokenizer.get_line(end_lineno), end_col)
        raise PySyntaxError(msg, lineno, offset, text, end_lineno, end_offset)
    text = parser.get_line(lineno)
    offset = parser.char_col(lineno, col)
    end_offset = parser.char_col(end_lineno, end_col)
    if indentation:
        raise PyIndentationError(msg, lineno, offset, text, end_lineno, end_offset)
    raise PySyntaxError(msg, lineno, offset, text, end_lineno, end_offset)


def error_at_token(parser, msg, tok):
    if tok.type == DEDENT or tok.type == ENDMARKER:
        at_eof = parser.eof_token(tok)
        if at_eof is not None:
            tok = at_eof
        else:
            dedent_error(parser, msg, tok, False)
    error_range(
        parser, msg, tok.lineno, tok.col_offset, tok.end_lineno, tok.end_col_offset
    )


def dedent_error(parser, msg, tok, indentation):
    """An error at a DEDENT inside the file: CPython reports the dedented
    line with the offset of its first character, counted from 0."""
    text = parser.get_line(tok.lineno)
    offset = char_offset(text, tok.col_offset) - 1
    if indentation:
        raise PyIndentationError(msg, tok.lineno, offset, text, tok.lineno, offset)
    raise PySyntaxError(msg, tok.lineno, offset, text, tok.lineno, offset)


def error_at_node(parser, msg, node):
    error_range(
        parser, msg, node.lineno, node.col_offset, node.end_lineno, node.end_col_offset
    )


def error_invalid_syntax(parser):
    tok = parser.peek()
    if tok.type == INDENT:
        col = tok.end_col_offset - 1
        error_range(parser, "unexpected indent", tok.lineno, col, tok.lineno, col, True)
    if tok.type == DEDENT:
        dedent_error(parser, "unexpected unindent", tok, True)
    if tok.type == ENDMARKER:
        # CPython: a generic error at the ENDMARKER is on the last line, offset 0
        lineno = tok.lineno - 1
        text = parser.get_line(lineno)
        raise PySyntaxError("invalid syntax", lineno, 0, text, lineno, 0)
    error_at_token(parser, "invalid syntax", tok)


def error_expected(parser, what):
    error_invalid_syntax(parser)


def error_after_simple_stmt(parser, stmt):
    tok = parser.peek()
    if (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Name)
        and parser.starts_expression(tok)
    ):
        name = stmt.value.id
        if (name == "print" or name == "exec") and not (
            tok.type == OP and tok.value == "("
        ):
            parser.parse_star_expressions()
            e = parser.last()
            error_range(
                parser,
                "Missing parentheses in call to '%s'. Did you mean %s(...)?"
                % (name, name),
                stmt.lineno,
                stmt.col_offset,
                e.end_lineno,
                e.end_col_offset,
            )
    error_invalid_syntax(parser)


def error_missing_comma(parser, prev):
    tok = parser.peek()
    if isinstance(prev, ast.Name) and (
        tok.type == STRING or prev.id in ("match", "case", "_")
    ):
        # CPython's rule does not fire after NAME STRING or a soft keyword
        error_invalid_syntax(parser)
    if parser.starts_expression(tok) and not (
        tok.type == OP and tok.value in ("-", "+", "*", "~", "(", "[")
    ):
        if not (tok.type == NAME and tok.value in ("not", "await", "lambda")):
            error_range(
                parser,
                "invalid syntax. Perhaps you forgot a comma?",
                prev.lineno,
                prev.col_offset,
                tok.end_lineno,
                tok.end_col_offset,
            )
    error_invalid_syntax(parser)
