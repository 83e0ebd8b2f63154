"""`ast.dump()` of our trees, in CPython 3.11's exact format (RPython).

One visitor method per node class is generated at import time from the classes'
`_fields` / `_attributes` (import-time metaprogramming), so that the translated
interpreter reads each field with a constant attribute name.  Field kinds that
are not nodes (identifiers, ints, constants, lists of identifiers) are listed
below; everything else is a node or a list of nodes.
"""

import linecache

from pypy.interpreter.astcompiler import ast
from pypy.interpreter.astcompiler.constants import str_repr

STRING_FIELDS = {
    "name": None,
    "type_comment": None,
    "module": None,
    "attr": None,
    "id": None,
    "kind": None,
    "arg": None,
    "asname": None,
    "rest": None,
    "tag": None,
}
STRING_LIST_FIELDS = {"names": None, "kwd_attrs": None}
INT_FIELDS = {
    "conversion": None,
    "level": None,
    "simple": None,
    "is_async": None,
    "lineno": None,
}
CONSTANT_FIELDS = {"value": None}


class Dumper(ast.ASTVisitor):
    def __init__(self, include_attributes):
        self.include_attributes = include_attributes
        self.parts = []

    def node(self, node):
        node.walkabout(self)

    def node_list(self, nodes):
        self.parts.append("[")
        for i in range(len(nodes)):
            if i > 0:
                self.parts.append(", ")
            item = nodes[i]
            if item is None:
                # Dict keys: None stands for a ** entry
                self.parts.append("None")
            else:
                item.walkabout(self)
        self.parts.append("]")

    def string_list(self, names):
        self.parts.append("[")
        for i in range(len(names)):
            if i > 0:
                self.parts.append(", ")
            self.parts.append(str_repr(names[i]))
        self.parts.append("]")


def _field_kind(cls, name):
    if name in STRING_FIELDS:
        return "str"
    if name in INT_FIELDS:
        return "int"
    if name == "names" and cls.__name__ in ("Global", "Nonlocal"):
        return "strlist"
    if name == "kwd_attrs":
        return "strlist"
    if name == "value" and cls.__name__ in ("Constant", "MatchSingleton"):
        return "const"
    return "node"


LIST_FIELDS = {}
for _name in (
    "body type_ignores argtypes decorator_list bases keywords targets orelse "
    "handlers finalbody names items cases values elts ops comparators args "
    "generators keys ifs posonlyargs kwonlyargs kw_defaults defaults patterns "
    "kwd_patterns"
).split():
    LIST_FIELDS[_name] = None
NOT_LIST = {
    "FunctionDef.args": None,
    "AsyncFunctionDef.args": None,
    "Lambda.args": None,
    "Expression.body": None,
    "Lambda.body": None,
    "IfExp.body": None,
    "IfExp.orelse": None,
}


def _list_field(cls, name):
    return name in LIST_FIELDS and (cls.__name__ + "." + name) not in NOT_LIST


def _make_visit(cls):
    lines = [
        "def visit(self, node):",
        "    assert isinstance(node, %s)" % cls.__name__,
        "    parts = self.parts",
    ]
    lines.append("    parts.append(%r)" % (cls.__name__ + "("))
    lines.append("    sep = ''")
    for name in cls._fields:
        kind = _field_kind(cls, name)
        if kind == "node" and _list_field(cls, name):
            kind = "nodelist"
        lines.append("    value = node.%s" % name)
        if kind in ("str", "node", "const"):
            lines.append("    if value is not None:")
            ind = "        "
        else:
            ind = "    "
        lines.append(ind + "parts.append(sep + %r)" % (name + "="))
        if kind == "str":
            lines.append(ind + "parts.append(str_repr(value))")
        elif kind == "int":
            lines.append(ind + "parts.append(str(value))")
        elif kind == "const":
            lines.append(ind + "parts.append(value.repr())")
        elif kind == "strlist":
            lines.append(ind + "self.string_list(value)")
        elif kind == "nodelist":
            lines.append(ind + "self.node_list(value)")
        else:
            lines.append(ind + "value.walkabout(self)")
        lines.append(ind + "sep = ', '")
    if cls._attributes:
        lines.append("    if self.include_attributes:")
        for name in cls._attributes:
            lines.append(
                "        parts.append(sep + %r + str(node.%s))" % (name + "=", name)
            )
            lines.append("        sep = ', '")
    lines.append("    parts.append(')')")
    namespace = {"str_repr": str_repr, cls.__name__: cls}
    # register the generated text with linecache so that inspect.getsource
    # (used by the flow space) finds it
    text = "\n".join(lines) + "\n"
    filename = "<pyparser.dump visit_%s>" % cls.__name__
    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    exec(compile(text, filename, "exec"), namespace)
    visit = namespace["visit"]
    visit.__name__ = "visit_" + cls.__name__
    return visit


def _install():
    for name in dir(ast):
        cls = getattr(ast, name)
        if (
            isinstance(cls, type)
            and issubclass(cls, ast.AST)
            and ("visit_" + name) in ast.ASTVisitor.__dict__
        ):
            setattr(Dumper, "visit_" + name, _make_visit(cls))


_install()


def dump(node, include_attributes=False):
    dumper = Dumper(include_attributes)
    node.walkabout(dumper)
    return "".join(dumper.parts)
