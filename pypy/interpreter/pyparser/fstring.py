"""String literal concatenation and f-strings, CPython 3.11 style (RPython).

In 3.11 an f-string is one STRING token.  Its text is split here into literal
pieces and `{...}` fields; each field's expression is parsed by a sub-parser on
"(" + text + ")", placed in the file where CPython 3.11 places it (see
`expression_position`).  Every Constant / FormattedValue / format-spec JoinedStr
made here spans the whole run of concatenated string tokens, as in CPython.
"""

from pypy.interpreter.astcompiler import ast, constants
from pypy.interpreter.pyparser import literals
from pypy.interpreter.pyparser.error import PySyntaxError
from pypy.interpreter.pyparser.parser import error_at_token
from pypy.interpreter.pyparser.tokenizer import utf8_len_of_char

MAX_FSTRING_NESTING = 200


class StringPiece(object):
    """A decoded string token: prefix flags and body."""

    def __init__(self, tok, is_bytes, is_raw, is_f, body, body_offset):
        self.tok = tok
        self.is_bytes = is_bytes
        self.is_raw = is_raw
        self.is_f = is_f
        self.body = body
        self.body_offset = body_offset  # index of the body in the token text


def split_token(tok):
    text = tok.value
    i = 0
    is_bytes = False
    is_raw = False
    is_f = False
    while text[i] != "'" and text[i] != '"':
        c = text[i]
        if c == "b" or c == "B":
            is_bytes = True
        elif c == "r" or c == "R":
            is_raw = True
        elif c == "f" or c == "F":
            is_f = True
        i += 1
    quote = text[i]
    q = 1
    if len(text) - i >= 6 and text[i + 1] == quote and text[i + 2] == quote:
        q = 3
    start = i + q
    end = len(text) - q
    if end < start:
        end = start
    return StringPiece(tok, is_bytes, is_raw, is_f, text[start:end], start)


class Builder(object):
    """Accumulates the values of a JoinedStr, merging adjacent literal text."""

    def __init__(self, span_first, span_last, kind):
        self.values = []
        self.pending = []
        self.first = span_first
        self.last = span_last
        self.kind = kind

    def add_literal(self, text):
        if len(text) > 0:
            self.pending.append(text)

    def flush(self):
        if len(self.pending) > 0:
            self.values.append(self.make_constant("".join(self.pending)))
            self.pending = []

    def flush_spanning(self, f, e):
        if len(self.pending) > 0:
            text = "".join(self.pending)
            self.values.append(
                ast.Constant(
                    constants.ConstStr(text),
                    self.kind,
                    f.lineno,
                    f.col_offset,
                    e.end_lineno,
                    e.end_col_offset,
                )
            )
            self.pending = []

    def add_value(self, node):
        self.flush()
        self.values.append(node)

    def make_constant(self, text):
        f = self.first
        e = self.last
        return ast.Constant(
            constants.ConstStr(text),
            self.kind,
            f.lineno,
            f.col_offset,
            e.end_lineno,
            e.end_col_offset,
        )

    def joined(self, f, e):
        # CPython gives the text after the last field the span of the
        # JoinedStr itself (which differs for format specs)
        self.flush_spanning(f, e)
        return ast.JoinedStr(
            self.values, f.lineno, f.col_offset, e.end_lineno, e.end_col_offset
        )


def concatenate(parser, toks, first, last):
    pieces = []
    for tok in toks:
        pieces.append(split_token(tok))
    bytes_mode = pieces[0].is_bytes
    has_f = False
    for i in range(len(pieces)):
        if pieces[i].is_bytes != bytes_mode:
            error_at_token(
                parser, "cannot mix bytes and nonbytes literals", parser.peek()
            )
        if pieces[i].is_f:
            has_f = True
    if bytes_mode:
        parts = []
        for piece in pieces:
            for c in piece.body:
                if ord(c) >= 128:
                    error_at_token(
                        parser,
                        "bytes can only contain ASCII literal characters",
                        piece.tok,
                    )
            if piece.is_raw:
                parts.append(piece.body)
            else:
                parts.append(decode(parser, piece.body, True, piece.tok))
        value = constants.ConstBytes(to_bytes("".join(parts)))
        return ast.Constant(
            value,
            None,
            first.lineno,
            first.col_offset,
            last.end_lineno,
            last.end_col_offset,
        )
    kind = None
    if first.value[0] == "u":
        kind = "u"
    builder = Builder(first, last, kind)
    for piece in pieces:
        if piece.is_f:
            parse_fstring(parser, piece, builder)
        elif piece.is_raw:
            builder.add_literal(piece.body)
        else:
            builder.add_literal(decode(parser, piece.body, False, piece.tok))
    if not has_f:
        return builder.make_constant("".join(builder.pending))
    return builder.joined(first, last)


def to_bytes(s):
    return s.encode("latin-1")


def decode(parser, body, is_bytes, tok):
    try:
        return literals.decode_escapes(body, is_bytes)
    except literals.LiteralError as e:
        # CPython reports decoding errors at the token after the string(s)
        error_at_token(parser, e.msg, parser.peek())
        return ""


class FStringState(object):
    def __init__(self, parser, piece, builder):
        self.parser = parser
        self.piece = piece
        self.s = piece.body
        self.i = 0
        self.builder = builder


def parse_fstring(parser, piece, builder):
    state = FStringState(parser, piece, builder)
    parse_fstring_level(state, builder, 0)
    if state.i < len(state.s):
        fstring_error(state, "f-string: unexpected end of string")


def parse_fstring_level(state, builder, recurse_lvl):
    """Literal text and fields until the end, or until '}' for a format spec."""
    s = state.s
    n = len(s)
    raw = state.piece.is_raw
    while True:
        # the literal part
        start = state.i
        i = start
        stop = False
        while i < n:
            c = s[i]
            i += 1
            if not raw and c == "\\" and i < n:
                c = s[i]
                i += 1
                if c == "N":
                    if i < n and s[i] == "{":
                        i += 1
                        while i < n and s[i] != "}":
                            i += 1
                        if i < n:
                            i += 1
                    continue
            if c == "{" or c == "}":
                if recurse_lvl == 0:
                    if i < n and s[i] == c:
                        # doubled brace: literal up to and including one brace
                        add_literal_text(state, builder, s[start:i])
                        i += 1
                        start = i
                        continue
                    if c == "}":
                        state.i = i - 1
                        fstring_error(state, "f-string: single '}' is not allowed")
                i -= 1
                stop = True
                break
        add_literal_text(state, builder, s[start:i])
        state.i = i
        if not stop or i >= n:
            return
        if s[i] == "}":
            # end of a format spec
            return
        parse_field(state, builder, recurse_lvl)


def add_literal_text(state, builder, text):
    if len(text) == 0:
        return
    if state.piece.is_raw:
        builder.add_literal(text)
    else:
        builder.add_literal(decode(state.parser, text, False, state.piece.tok))


def parse_field(state, builder, recurse_lvl):
    s = state.s
    n = len(s)
    if recurse_lvl >= 2:
        fstring_error(state, "f-string: expressions nested too deeply")
    brace = state.i
    i = brace + 1
    expr_start = i
    quote = ""
    triple = False
    stack = []
    while i < n:
        c = s[i]
        if c == "\\":
            fstring_error(state, "f-string expression part cannot include a backslash")
        if quote != "":
            if c == quote:
                if triple:
                    if i + 2 < n and s[i + 1] == c and s[i + 2] == c:
                        i += 3
                        quote = ""
                        triple = False
                        continue
                else:
                    quote = ""
            i += 1
            continue
        if c == "'" or c == '"':
            if i + 2 < n and s[i + 1] == c and s[i + 2] == c:
                triple = True
                i += 2
            quote = c
        elif c == "[" or c == "{" or c == "(":
            if len(stack) >= MAX_FSTRING_NESTING:
                fstring_error(state, "f-string: too many nested parenthesis")
            stack.append(c)
        elif c == "#":
            fstring_error(state, "f-string expression part cannot include '#'")
        elif len(stack) == 0 and (
            c == "!" or c == ":" or c == "}" or c == "=" or c == ">" or c == "<"
        ):
            if i + 1 < n:
                nxt = s[i + 1]
                if (c == "!" or c == "=" or c == "<" or c == ">") and nxt == "=":
                    i += 2
                    continue
            if c == ">" or c == "<":
                i += 1
                continue
            break
        elif c == "]" or c == "}" or c == ")":
            if len(stack) == 0:
                fstring_error(state, "f-string: unmatched '%s'" % c)
            opening = stack.pop()
            if not (
                (opening == "(" and c == ")")
                or (opening == "[" and c == "]")
                or (opening == "{" and c == "}")
            ):
                fstring_error(
                    state,
                    "f-string: closing parenthesis '%s' does not match opening parenthesis '%s'"
                    % (c, opening),
                )
        i += 1
    expr_end = i
    if quote != "":
        fstring_error(state, "f-string: unterminated string")
    if len(stack) > 0:
        fstring_error(state, "f-string: unmatched '%s'" % stack[len(stack) - 1])
    if i >= n:
        fstring_error(state, "f-string: expecting '}'")
    value = compile_expr(state, expr_start, expr_end)
    expr_text = ""
    if s[i] == "=":
        i += 1
        while i < n and (
            s[i] == " "
            or s[i] == "\t"
            or s[i] == "\n"
            or s[i] == "\f"
            or s[i] == "\r"
            or s[i] == "\x0b"
        ):
            i += 1
        if i >= n:
            fstring_error(state, "f-string: expecting '}'")
        expr_text = s[expr_start:i]
    conversion = -1
    if s[i] == "!":
        i += 1
        if i >= n:
            fstring_error(state, "f-string: expecting '}'")
        conv = s[i]
        i += 1
        if not (conv == "s" or conv == "r" or conv == "a"):
            fstring_error(
                state,
                "f-string: invalid conversion character: expected 's', 'r', or 'a'",
            )
        conversion = ord(conv)
    if i >= n:
        fstring_error(state, "f-string: expecting '}'")
    format_spec = None
    if s[i] == ":":
        i += 1
        if i >= n:
            fstring_error(state, "f-string: expecting '}'")
        spec_builder = Builder(builder.first, builder.last, builder.kind)
        state.i = i
        parse_fstring_level(state, spec_builder, recurse_lvl + 1)
        i = state.i
        # the spec itself spans only its own token, its parts the whole run
        format_spec = spec_builder.joined(state.piece.tok, state.piece.tok)
    if i >= n or s[i] != "}":
        fstring_error(state, "f-string: expecting '}'")
    i += 1
    state.i = i
    if len(expr_text) > 0:
        builder.add_literal(expr_text)
        if format_spec is None and conversion == -1:
            conversion = ord("r")
    f = builder.first
    e = builder.last
    builder.add_value(
        ast.FormattedValue(
            value,
            conversion,
            format_spec,
            f.lineno,
            f.col_offset,
            e.end_lineno,
            e.end_col_offset,
        )
    )


def byte_length(s, start, end):
    n = 0
    for k in range(start, end):
        n += utf8_len_of_char(s[k])
    return n


def compile_expr(state, expr_start, expr_end):
    from pypy.interpreter.pyparser.parser import Parser

    s = state.s
    k = expr_start
    while k < expr_end and (
        s[k] == " " or s[k] == "\t" or s[k] == "\n" or s[k] == "\f"
    ):
        k += 1
    if k == expr_end:
        if expr_end < len(s) and (
            s[expr_end] == "!" or s[expr_end] == ":" or s[expr_end] == "="
        ):
            fstring_error(
                state, "f-string: expression required before '%s'" % s[expr_end]
            )
        fstring_error(state, "f-string: empty expression not allowed")
    tok = state.piece.tok
    text = tok.value
    brace_in_token = state.piece.body_offset + expr_start - 1
    # CPython 3.11's fstring_find_expr_location
    lines = 0
    cols = 0
    newline_after_brace = True
    j = brace_in_token + 1
    while j < len(text) and text[j] != "}" and text[j] != "\n":
        if text[j] != " " and text[j] != "\t" and text[j] != "\f":
            newline_after_brace = False
            break
        j += 1
    if not newline_after_brace:
        j = brace_in_token
        while j > 0 and text[j] != "\n":
            j -= 1
        cols = byte_length(text, j, brace_in_token)
        if text[j] == "\n":
            cols -= 1
    for j in range(brace_in_token):
        if text[j] == "\n":
            lines += 1
    lineno = tok.lineno + lines
    if lines != 0:
        col = cols
    else:
        col = tok.col_offset + cols
    sub = Parser("(" + s[expr_start:expr_end] + ")", lineno, col)
    try:
        return sub.parse_fstring_expr()
    except PySyntaxError as e:
        if not e.msg.startswith("f-string"):
            e.msg = "f-string: " + e.msg
        raise


def fstring_error(state, msg):
    # CPython reports these at the token after the string(s)
    error_at_token(state.parser, msg, state.parser.peek())
