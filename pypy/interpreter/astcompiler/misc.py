"""Small helpers shared by the symbol table and the code generator."""

from pypy.interpreter.pyparser.error import PySyntaxError


def syntax_error(msg, node):
    """A SyntaxError located at `node` (columns are 1-based, like CPython's)."""
    end_lineno = node.end_lineno
    end_offset = node.end_col_offset + 1
    if end_lineno <= 0:
        end_lineno = node.lineno
        end_offset = node.col_offset + 1
    return PySyntaxError(
        msg, node.lineno, node.col_offset + 1, "", end_lineno, end_offset
    )


def mangle(name, private_class):
    """Private-name mangling: `__x` inside class `C` becomes `_C__x`."""
    if private_class is None:
        return name
    if not name.startswith("__"):
        return name
    if name.endswith("__") or "." in name:
        return name
    stripped_class = private_class.lstrip("_")
    if not stripped_class:
        return name
    return "_" + stripped_class + name


class CompilerRecursionError(Exception):
    """The tree nests too deeply for the compiler's recursion; the interpreter
    raises RecursionError, like CPython ("... during compilation")."""

    def __init__(self, msg):
        self.msg = msg
