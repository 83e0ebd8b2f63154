"""Errors raised by the tokenizer and the parser.

They are interp-level exceptions; the interpreter turns them into app-level
SyntaxError / IndentationError / TabError.  Positions follow CPython 3.11's
SyntaxError: `lineno` is 1-based, `offset` and `end_offset` are 1-based
*character* columns (CPython converts its byte offsets back to characters),
`text` is the source line the error points into.
"""


class PySyntaxError(Exception):
    """A SyntaxError with CPython's fields."""

    kind = "SyntaxError"

    def __init__(self, msg, lineno=0, offset=0, text="", end_lineno=0, end_offset=0):
        self.msg = msg
        self.lineno = lineno
        self.offset = offset
        self.text = text
        self.end_lineno = end_lineno
        self.end_offset = end_offset
        # raised by the tokenizer: never retried by backtracking, and wins
        # over a parser error found earlier in the file (like CPython)
        self.from_tokenizer = False

    def format(self):
        """The source line, a caret line and "SyntaxError: msg", laid out
        like the end of a CPython traceback (the caller prints the
        `File "...", line N` line above it)."""
        result = ""
        if self.text:
            line = self.text.rstrip("\n")
            stripped = line.lstrip(" \t\f")
            indent = len(line) - len(stripped)
            caret = self.offset - 1 - indent
            if caret < 0:
                caret = 0
            width = 1
            if self.end_lineno == self.lineno and self.end_offset > self.offset:
                width = self.end_offset - self.offset
            result = "    " + stripped + "\n    " + " " * caret + "^" * width + "\n"
        return result + "%s: %s" % (self.kind, self.msg)

    def __str__(self):
        return "%s (line %d)" % (self.msg, self.lineno)


class PyIndentationError(PySyntaxError):
    kind = "IndentationError"


class PyTabError(PyIndentationError):
    kind = "TabError"
