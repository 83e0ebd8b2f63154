"""The Python 3.11 tokenizer, in RPython.

It works on the decoded source (a text string whose newlines are already
normalised to '\\n') and hands out one `Token` at a time, on demand, so that the
parser sees tokenizer errors in the same order as CPython's lazy tokenizer.
Token positions are CPython's: 1-based lines, 0-based columns counted in UTF-8
bytes.  An f-string is a single STRING token (3.11 style); the parser splits it.

The same class tokenizes the expressions embedded in f-strings: the parser
builds "(" + expr + ")" and passes `first_lineno` / `first_col_shift` so that
positions land where CPython 3.11 puts them.
"""

from pypy.interpreter.pyparser.error import (
    PyIndentationError,
    PySyntaxError,
    PyTabError,
)

ENDMARKER = 0
NAME = 1
NUMBER = 2
STRING = 3
NEWLINE = 4
INDENT = 5
DEDENT = 6
OP = 7

TOKEN_NAMES = [
    "ENDMARKER",
    "NAME",
    "NUMBER",
    "STRING",
    "NEWLINE",
    "INDENT",
    "DEDENT",
    "OP",
]

MAXINDENT = 100  # CPython's limit on indentation levels
MAXLEVEL = 200  # CPython's limit on nested parentheses

# Operators, longest first within each length, as CPython's tokenizer knows them.
OPERATORS_3 = ["**=", "//=", ">>=", "<<=", "..."]
OPERATORS_2 = [
    "!=", "%=", "&=", "**", "*=", "+=", "-=", "->", "//", "/=", ":=",
    "<<", "<=", "<>", "==", ">=", ">>", "@=", "^=", "|=",
]  # fmt: skip
OPERATORS_1 = "%&()*+,-./:;<=>@[]^{|}~!$?`"

OPENING = "([{"
CLOSING = ")]}"


class Token(object):
    """One token: type, text and CPython's start/end positions."""

    def __init__(self, type, value, lineno, col_offset, end_lineno, end_col_offset):
        self.type = type
        self.value = value
        self.lineno = lineno
        self.col_offset = col_offset
        self.end_lineno = end_lineno
        self.end_col_offset = end_col_offset
        # filled for STRING tokens: where the token text starts in the source,
        # needed to place the expressions of f-strings
        self.src_start = 0
        # number of brackets open before this token (CPython's tok->level)
        self.level = 0

    def __repr__(self):
        return "Token(%s, %r, %d:%d-%d:%d)" % (
            TOKEN_NAMES[self.type],
            self.value,
            self.lineno,
            self.col_offset,
            self.end_lineno,
            self.end_col_offset,
        )


def is_ascii(s):
    for c in s:
        if ord(c) >= 128:
            return False
    return True


def utf8_len_of_char(c):
    o = ord(c)
    if o < 0x80:
        return 1
    if o < 0x800:
        return 2
    if o < 0x10000:
        return 3
    return 4


def text_at(s, pos, text):
    """Whether `s` contains `text` at index `pos`."""
    if pos + len(text) > len(s):
        return False
    for k in range(len(text)):
        if s[pos + k] != text[k]:
            return False
    return True


def is_digit(c):
    return "0" <= c <= "9"


def is_hex_digit(c):
    return ("0" <= c <= "9") or ("a" <= c <= "f") or ("A" <= c <= "F")


def is_potential_identifier_start(c):
    return ("a" <= c <= "z") or ("A" <= c <= "Z") or c == "_" or ord(c) >= 128


def is_potential_identifier_char(c):
    return (
        ("a" <= c <= "z")
        or ("A" <= c <= "Z")
        or ("0" <= c <= "9")
        or c == "_"
        or ord(c) >= 128
    )


def is_string_prefix(prefix):
    """Valid string prefixes (case-insensitive): r u b f br rb fr rf."""
    p = prefix.lower()
    return p in ("r", "u", "b", "f", "br", "rb", "fr", "rf")


def normalize_newlines(source):
    if "\r" not in source:
        return source
    return source.replace("\r\n", "\n").replace("\r", "\n")


def check_identifier(name):
    """Index of the first character that cannot be in an identifier, or -1."""
    from pypy.interpreter.pyparser import unicodehelper

    for i in range(len(name)):
        c = name[i]
        if ord(c) < 128:
            continue
        if i == 0:
            ok = unicodehelper.is_identifier_start(c)
        else:
            ok = unicodehelper.is_identifier_continue(c)
        if not ok:
            # CPython checks the NFKC form; a character that normalises to
            # valid identifier characters is fine
            normal = unicodehelper.nfkc(c)
            if i == 0:
                ok = unicodehelper.is_identifier_text(normal)
            else:
                ok = unicodehelper.is_identifier_text("a" + normal)
        if not ok:
            return i
    return -1


class Tokenizer(object):
    def __init__(self, source, first_lineno=1, first_col_shift=0, fstring=False):
        source = normalize_newlines(source)
        if not source.endswith("\n"):
            source = source + "\n"
        self.src = source
        self.ascii = is_ascii(source)
        self.pos = 0
        self.lineno = 1
        self.line_start = 0
        self.first_lineno = first_lineno
        self.first_col_shift = first_col_shift
        self.fstring = fstring
        self.indents = [0]
        self.altindents = [0]
        # open brackets: character, line and char column
        self.paren_chars = []
        self.paren_linenos = []
        self.paren_cols = []
        self.pending = []
        self.at_bol = True
        self.line_has_tokens = False
        self.done = False

    # ---- positions -------------------------------------------------------

    def byte_col(self, line_start, pos):
        if self.ascii:
            return pos - line_start
        n = 0
        for i in range(line_start, pos):
            n += utf8_len_of_char(self.src[i])
        return n

    def out_lineno(self, lineno):
        return lineno + self.first_lineno - 1

    def out_col(self, lineno, col):
        if lineno == 1:
            return col + self.first_col_shift
        return col

    def make_token(
        self, type, value, lineno, line_start, start, end_lineno, end_line_start, end
    ):
        col = self.byte_col(line_start, start)
        end_col = self.byte_col(end_line_start, end)
        tok = Token(
            type,
            value,
            self.out_lineno(lineno),
            self.out_col(lineno, col),
            self.out_lineno(end_lineno),
            self.out_col(end_lineno, end_col),
        )
        tok.level = len(self.paren_chars)
        return tok

    def line_text(self, line_start):
        end = self.src.find("\n", line_start)
        if end < 0:
            end = len(self.src)
        else:
            end += 1
        return self.src[line_start:end]

    def get_line(self, lineno):
        """The text of source line `lineno` (1-based, in this tokenizer's numbering)."""
        start = 0
        n = 1
        while n < lineno:
            nl = self.src.find("\n", start)
            if nl < 0:
                return ""
            start = nl + 1
            n += 1
        return self.line_text(start)

    # ---- the main loop ---------------------------------------------------

    def next_token(self):
        if len(self.pending) > 0:
            return self.pending.pop(0)
        src = self.src
        n = len(src)
        while True:
            if self.at_bol:
                self.at_bol = False
                if len(self.paren_chars) == 0 and not self.fstring:
                    tok = self.handle_indentation()
                    if tok is not None:
                        return tok
                    if len(self.pending) > 0:
                        return self.pending.pop(0)
            pos = self.pos
            while pos < n and (src[pos] == " " or src[pos] == "\t" or src[pos] == "\f"):
                pos += 1
            self.pos = pos
            if pos >= n:
                return self.end_of_file()
            c = src[pos]
            if c == "#":
                nl = src.find("\n", pos)
                self.pos = nl
                continue
            if c == "\n":
                self.pos = pos + 1
                lineno = self.lineno
                line_start = self.line_start
                self.lineno += 1
                self.line_start = pos + 1
                self.at_bol = True
                if (
                    len(self.paren_chars) > 0
                    or not self.line_has_tokens
                    or self.fstring
                ):
                    continue
                self.line_has_tokens = False
                return self.make_token(
                    NEWLINE, "", lineno, line_start, pos, lineno, line_start, pos + 1
                )
            if c == "\\":
                if pos + 1 < n and src[pos + 1] == "\n":
                    if pos + 2 >= n:
                        self.pos = pos + 2
                        tokenizer_error(self, "unexpected EOF while parsing", pos + 2)
                    self.pos = pos + 2
                    self.lineno += 1
                    self.line_start = pos + 2
                    continue
                tokenizer_error(
                    self,
                    "unexpected character after line continuation character",
                    pos + 2,
                )
            self.line_has_tokens = True
            if is_potential_identifier_start(c):
                return self.name_or_string(pos)
            if is_digit(c) or (c == "." and pos + 1 < n and is_digit(src[pos + 1])):
                return self.number(pos)
            if c == "'" or c == '"':
                return self.string(pos, pos)
            return self.operator(pos)

    def handle_indentation(self):
        src = self.src
        n = len(src)
        pos = self.pos
        col = 0
        altcol = 0
        while pos < n:
            c = src[pos]
            if c == " ":
                col += 1
                altcol += 1
            elif c == "\t":
                col = (col // 8 + 1) * 8
                altcol += 1
            elif c == "\f":
                col = 0
                altcol = 0
            else:
                break
            pos += 1
        self.pos = pos
        if pos >= n:
            return None
        c = src[pos]
        if c == "#" or c == "\n":
            # blank or comment-only line: no effect on indentation
            return None
        if col == self.indents[-1]:
            if altcol != self.altindents[-1]:
                indent_error(self, pos, True)
        elif col > self.indents[-1]:
            if len(self.indents) >= MAXINDENT:
                tokenizer_error(
                    self, "too many levels of indentation", self.line_start + 1, -1, 1
                )
            if altcol <= self.altindents[-1]:
                indent_error(self, pos, True)
            self.indents.append(col)
            self.altindents.append(altcol)
            return self.make_token(
                INDENT,
                "",
                self.lineno,
                self.line_start,
                self.line_start,
                self.lineno,
                self.line_start,
                pos,
            )
        else:
            while len(self.indents) > 1 and col < self.indents[-1]:
                self.indents.pop()
                self.altindents.pop()
                self.pending.append(
                    self.make_token(
                        DEDENT,
                        "",
                        self.lineno,
                        self.line_start,
                        pos,
                        self.lineno,
                        self.line_start,
                        pos,
                    )
                )
            if col != self.indents[-1]:
                indent_error(self, pos, False)
            if altcol != self.altindents[-1]:
                indent_error(self, pos, True)
        return None

    def end_of_file(self):
        if len(self.paren_chars) > 0:
            raise_unclosed(self)
        if not self.done:
            self.done = True
            for i in range(len(self.indents) - 1):
                self.pending.append(
                    self.make_token(
                        DEDENT,
                        "",
                        self.lineno,
                        self.line_start,
                        self.pos,
                        self.lineno,
                        self.line_start,
                        self.pos,
                    )
                )
            self.indents = [0]
            self.altindents = [0]
            self.pending.append(
                self.make_token(
                    ENDMARKER,
                    "",
                    self.lineno,
                    self.line_start,
                    self.pos,
                    self.lineno,
                    self.line_start,
                    self.pos,
                )
            )
        if len(self.pending) > 0:
            return self.pending.pop(0)
        return self.make_token(
            ENDMARKER,
            "",
            self.lineno,
            self.line_start,
            self.pos,
            self.lineno,
            self.line_start,
            self.pos,
        )

    # ---- token kinds -----------------------------------------------------

    def name_or_string(self, start):
        src = self.src
        n = len(src)
        pos = start
        while pos < n and is_potential_identifier_char(src[pos]):
            pos += 1
        if pos < n and (src[pos] == "'" or src[pos] == '"') and pos - start <= 2:
            if is_string_prefix(src[start:pos]):
                return self.string(start, pos)
        name = src[start:pos]
        if not self.ascii and not is_ascii(name):
            bad = check_identifier(name)
            if bad >= 0:
                c = name[bad]
                from pypy.interpreter.pyparser import unicodehelper

                if not unicodehelper.is_printable(c):
                    tokenizer_error(
                        self,
                        "invalid non-printable character U+%s" % hex4(ord(c)),
                        start + bad + 1,
                    )
                tokenizer_error(
                    self,
                    "invalid character '%s' (U+%s)" % (c, hex4(ord(c))),
                    start + bad + 1,
                )
            from pypy.interpreter.pyparser import unicodehelper

            name = unicodehelper.nfkc(name)
        self.pos = pos
        return self.make_token(
            NAME,
            name,
            self.lineno,
            self.line_start,
            start,
            self.lineno,
            self.line_start,
            pos,
        )

    def string(self, start, quote_pos):
        src = self.src
        n = len(src)
        quote = src[quote_pos]
        lineno = self.lineno
        line_start = self.line_start
        triple = (
            quote_pos + 2 < n
            and src[quote_pos + 1] == quote
            and src[quote_pos + 2] == quote
        )
        if triple:
            pos = quote_pos + 3
            while True:
                if pos >= n:
                    self.lineno = lineno
                    self.line_start = line_start
                    raise_error(
                        self,
                        "unterminated triple-quoted string literal (detected at line %d)"
                        % self.out_lineno(self.count_lines()),
                        lineno,
                        line_start,
                        start - line_start + 1,
                        start - line_start + 1,
                    )
                c = src[pos]
                if c == "\\":
                    if pos + 1 < n and src[pos + 1] == "\n":
                        self.lineno += 1
                        self.line_start = pos + 2
                    pos += 2
                    continue
                if c == "\n":
                    self.lineno += 1
                    self.line_start = pos + 1
                elif (
                    c == quote
                    and pos + 2 < n
                    and src[pos + 1] == quote
                    and src[pos + 2] == quote
                ):
                    pos += 3
                    break
                pos += 1
        else:
            pos = quote_pos + 1
            while True:
                if pos >= n:
                    c = "\n"
                else:
                    c = src[pos]
                if c == "\n":
                    raise_error(
                        self,
                        "unterminated string literal (detected at line %d)"
                        % self.out_lineno(self.lineno),
                        lineno,
                        line_start,
                        start - line_start + 1,
                        start - line_start + 1,
                    )
                if c == "\\":
                    if pos + 1 < n and src[pos + 1] == "\n":
                        self.lineno += 1
                        self.line_start = pos + 2
                    pos += 2
                    continue
                pos += 1
                if c == quote:
                    break
        self.pos = pos
        tok = self.make_token(
            STRING,
            src[start:pos],
            lineno,
            line_start,
            start,
            self.lineno,
            self.line_start,
            pos,
        )
        tok.src_start = start
        return tok

    def count_lines(self):
        count = 1
        for c in self.src:
            if c == "\n":
                count += 1
        return count - 1

    def number(self, start):
        src = self.src
        pos = start
        c = src[pos]
        if c == "0" and (src[pos + 1] in "xXoObB"):
            kind = src[pos + 1]
            pos += 2
            c = src[pos]
            if kind in "xX":
                while True:
                    if c == "_":
                        pos += 1
                        c = src[pos]
                    if not is_hex_digit(c):
                        tokenizer_error(self, "invalid hexadecimal literal", pos)
                    while is_hex_digit(c):
                        pos += 1
                        c = src[pos]
                    if c != "_":
                        break
                self.end_of_number(pos, "hexadecimal")
            elif kind in "oO":
                while True:
                    if c == "_":
                        pos += 1
                        c = src[pos]
                    if c < "0" or c >= "8":
                        if is_digit(c):
                            tokenizer_error(
                                self, "invalid digit '%s' in octal literal" % c, pos + 1
                            )
                        tokenizer_error(self, "invalid octal literal", pos)
                    while "0" <= c < "8":
                        pos += 1
                        c = src[pos]
                    if c != "_":
                        break
                if is_digit(c):
                    tokenizer_error(
                        self, "invalid digit '%s' in octal literal" % c, pos + 1
                    )
                self.end_of_number(pos, "octal")
            else:
                while True:
                    if c == "_":
                        pos += 1
                        c = src[pos]
                    if c != "0" and c != "1":
                        if is_digit(c):
                            tokenizer_error(
                                self,
                                "invalid digit '%s' in binary literal" % c,
                                pos + 1,
                            )
                        tokenizer_error(self, "invalid binary literal", pos)
                    while c == "0" or c == "1":
                        pos += 1
                        c = src[pos]
                    if c != "_":
                        break
                if is_digit(c):
                    tokenizer_error(
                        self, "invalid digit '%s' in binary literal" % c, pos + 1
                    )
                self.end_of_number(pos, "binary")
            return self.number_token(start, pos)
        if c == "0":
            # only zeros are allowed before a decimal point / exponent
            nonzero = False
            while True:
                if c == "_":
                    pos += 1
                    c = src[pos]
                    if not is_digit(c):
                        tokenizer_error(self, "invalid decimal literal", pos)
                if c != "0":
                    break
                pos += 1
                c = src[pos]
            zeros_end = pos
            if is_digit(c):
                nonzero = True
                pos = self.decimal_tail(pos)
                c = src[pos]
            if c == ".":
                return self.fraction(start, pos + 1)
            if c == "e" or c == "E":
                return self.exponent(start, pos)
            if c == "j" or c == "J":
                return self.imaginary(start, pos + 1)
            if nonzero:
                tokenizer_error(
                    self,
                    "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                    start + 1,
                    zeros_end,
                )
            self.end_of_number(pos, "decimal")
            return self.number_token(start, pos)
        if c == ".":
            return self.fraction(start, pos + 1)
        pos = self.decimal_tail(pos)
        c = src[pos]
        if c == ".":
            return self.fraction(start, pos + 1)
        if c == "e" or c == "E":
            return self.exponent(start, pos)
        if c == "j" or c == "J":
            return self.imaginary(start, pos + 1)
        self.end_of_number(pos, "decimal")
        return self.number_token(start, pos)

    def decimal_tail(self, pos):
        """Skip digits with single underscores; `pos` is at a digit."""
        src = self.src
        while True:
            while is_digit(src[pos]):
                pos += 1
            if src[pos] != "_":
                return pos
            pos += 1
            if not is_digit(src[pos]):
                tokenizer_error(self, "invalid decimal literal", pos)

    def fraction(self, start, pos):
        c = self.src[pos]
        if is_digit(c):
            pos = self.decimal_tail(pos)
            c = self.src[pos]
        if c == "e" or c == "E":
            return self.exponent(start, pos)
        if c == "j" or c == "J":
            return self.imaginary(start, pos + 1)
        self.end_of_number(pos, "decimal")
        return self.number_token(start, pos)

    def exponent(self, start, pos):
        src = self.src
        e_pos = pos
        pos += 1
        c = src[pos]
        if c == "+" or c == "-":
            pos += 1
            if not is_digit(src[pos]):
                tokenizer_error(self, "invalid decimal literal", pos)
        elif not is_digit(c):
            self.end_of_number(e_pos, "decimal")
            return self.number_token(start, e_pos)
        pos = self.decimal_tail(pos)
        c = src[pos]
        if c == "j" or c == "J":
            return self.imaginary(start, pos + 1)
        self.end_of_number(pos, "decimal")
        return self.number_token(start, pos)

    def imaginary(self, start, pos):
        self.end_of_number(pos, "imaginary")
        return self.number_token(start, pos)

    def end_of_number(self, pos, kind):
        src = self.src
        c = src[pos]
        ok_keyword = False
        if c == "a":
            ok_keyword = text_at(src, pos, "and")
        elif c == "e":
            ok_keyword = text_at(src, pos, "else")
        elif c == "f":
            ok_keyword = text_at(src, pos, "for")
        elif c == "i":
            c2 = src[pos + 1]
            ok_keyword = c2 == "f" or c2 == "n" or c2 == "s"
        elif c == "o":
            ok_keyword = text_at(src, pos, "or")
        elif c == "n":
            ok_keyword = text_at(src, pos, "not")
        if ok_keyword:
            return
        if is_potential_identifier_char(c):
            tokenizer_error(self, "invalid %s literal" % kind, pos)

    def number_token(self, start, pos):
        self.pos = pos
        return self.make_token(
            NUMBER,
            self.src[start:pos],
            self.lineno,
            self.line_start,
            start,
            self.lineno,
            self.line_start,
            pos,
        )

    def operator(self, start):
        src = self.src
        op = ""
        three = src[start : start + 3]
        two = src[start : start + 2]
        if three in OPERATORS_3:
            op = three
        elif two in OPERATORS_2:
            op = two
        else:
            c = src[start]
            if c in OPERATORS_1:
                op = c
            else:
                from pypy.interpreter.pyparser import unicodehelper

                if ord(c) < 128 and not unicodehelper.is_printable(c):
                    tokenizer_error(
                        self,
                        "invalid non-printable character U+%s" % hex4(ord(c)),
                        start + 1,
                    )
                tokenizer_error(
                    self, "invalid character '%s' (U+%s)" % (c, hex4(ord(c))), start + 1
                )
        pos = start + len(op)
        if op in OPENING:
            if len(self.paren_chars) >= MAXLEVEL:
                tokenizer_error(self, "too many nested parentheses", pos)
            self.paren_chars.append(op)
            self.paren_linenos.append(self.lineno)
            self.paren_cols.append(start - self.line_start)
        elif op in CLOSING:
            if len(self.paren_chars) == 0:
                tokenizer_error(self, "unmatched '%s'" % op, pos)
            opening = self.paren_chars.pop()
            open_lineno = self.paren_linenos.pop()
            self.paren_cols.pop()
            if OPENING.find(opening) != CLOSING.find(op):
                if open_lineno != self.lineno:
                    tokenizer_error(
                        self,
                        "closing parenthesis '%s' does not match opening parenthesis '%s' on line %d"
                        % (op, opening, self.out_lineno(open_lineno)),
                        pos,
                    )
                tokenizer_error(
                    self,
                    "closing parenthesis '%s' does not match opening parenthesis '%s'"
                    % (op, opening),
                    pos,
                )
        self.pos = pos
        return self.make_token(
            OP,
            op,
            self.lineno,
            self.line_start,
            start,
            self.lineno,
            self.line_start,
            pos,
        )

    def finish_for_errors(self, err_lineno, generic_lineno=0, generic_offset=0):
        """After a parser error at `err_lineno`: tokenize the rest of the file.

        Like CPython, a hard tokenizer error further on wins (it propagates),
        and so does a bracket left open on a line before the error line.
        Indentation problems found this way do not.
        """
        try:
            while True:
                tok = self.next_token()
                if tok.type == ENDMARKER:
                    return
        except PyIndentationError:
            return
        except PySyntaxError as e:
            # CPython signals these two through the tokenizer state, not
            # as exceptions, so they do not replace the parser's error
            if e.msg == "unexpected EOF while parsing" or e.msg.startswith(
                "unexpected character after line"
            ):
                return
            if e.msg.endswith("was never closed") and e.lineno >= err_lineno:
                # after a generic error CPython's second pass has read into
                # a bracket opened at or after the error token
                if e.lineno == generic_lineno and e.offset >= generic_offset:
                    raise
                return
            raise


def hex4(o):
    s = "%X" % o
    while len(s) < 4:
        s = "0" + s
    return s


# Errors.  These always raise, so they are module-level functions rather
# than methods: the calls read as statements that never return.


def tokenizer_error(tokenizer, msg, pos, end_pos=-1, cls=0):
    """Raise a tokenizer error whose 1-based offset is `pos` - line start."""
    offset = pos - tokenizer.line_start
    end_offset = offset
    if end_pos >= 0:
        end_offset = end_pos - tokenizer.line_start
    raise_error(
        tokenizer, msg, tokenizer.lineno, tokenizer.line_start, offset, end_offset, cls
    )


def raise_error(tokenizer, msg, lineno, line_start, offset, end_offset, cls=0):
    text = tokenizer.line_text(line_start)
    if lineno == 1:
        offset += tokenizer.first_col_shift
        end_offset += tokenizer.first_col_shift
    lineno = tokenizer.out_lineno(lineno)
    if cls == 1:
        err = PyIndentationError(msg, lineno, offset, text, lineno, end_offset)
    elif cls == 2:
        err = PyTabError(msg, lineno, offset, text, lineno, end_offset)
    else:
        err = PySyntaxError(msg, lineno, offset, text, lineno, end_offset)
    err.from_tokenizer = True
    raise err


def indent_error(tokenizer, pos, tabs):
    # CPython reports these at the end of the offending line (dedent)
    # or at its start (tabs)
    if tabs:
        tokenizer_error(
            tokenizer,
            "inconsistent use of tabs and spaces in indentation",
            tokenizer.line_start + 1,
            -1,
            2,
        )
    end = tokenizer.src.find("\n", pos)
    tokenizer_error(
        tokenizer, "unindent does not match any outer indentation level", end + 1, -1, 1
    )


def raise_unclosed(tokenizer):
    i = len(tokenizer.paren_chars) - 1
    lineno = tokenizer.paren_linenos[i]
    col = tokenizer.paren_cols[i]
    line_start = 0
    # find the start of that line
    k = 1
    while k < lineno:
        line_start = tokenizer.src.find("\n", line_start) + 1
        k += 1
    raise_error(
        tokenizer,
        "'%s' was never closed" % tokenizer.paren_chars[i],
        lineno,
        line_start,
        col + 1,
        col + 2,
    )
