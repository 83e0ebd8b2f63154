"""Descriptions of prebuilt constants (PBCs) and of user classes.

A Desc stands for one Python object the program uses as a value: a
function (FunctionDesc), a method bound to instances of a class
(MethodDesc), a class (ClassDesc), a frozen prebuilt object (FrozenDesc) or
a method bound to a frozen object (MethodOfFrozenDesc).  SomePBC holds a set
of them.  Descs called from the same call site are put in one CallFamily so
the rtyper can give them a common signature.

A ClassDef is the annotator's view of a user class: its attributes
(`attrs`, name -> Attribute with the union of every value written) and its
place in the single-inheritance tree.  An attribute lives in the most general
class that reads or writes it, so that subclasses share its type.
"""

from rpython.annotator.model import (
    AnnotatorError,
    SomeInstance,
    SomePBC,
    SomeTuple,
    s_ImpossibleValue,
    s_None,
    unionof,
)


class CallFamily:
    """Descs that may be called from one call site; union-find."""

    def __init__(self, desc):
        self.descs = {desc: True}
        self.calltables = {}  # shape -> list of {desc: graph}
        self.total_calltable_size = 0
        self._parent = None

    def find(self):
        fam = self
        while fam._parent is not None:
            fam = fam._parent
        return fam

    def union(self, other):
        a, b = self.find(), other.find()
        if a is b:
            return a
        a.descs.update(b.descs)
        for shape, rows in b.calltables.items():
            a.calltables.setdefault(shape, []).extend(rows)
        b._parent = a
        return a


class Desc:
    knowntype = object
    pyobj = None

    def __init__(self, bookkeeper, pyobj=None):
        self.bookkeeper = bookkeeper
        if pyobj is not None:
            self.pyobj = pyobj
        self._callfamily = None

    def getcallfamily(self):
        if self._callfamily is None:
            self._callfamily = CallFamily(self)
        self._callfamily = self._callfamily.find()
        return self._callfamily

    def mergecallfamilies(self, *others):
        fam = self.getcallfamily()
        for other in others:
            fam = fam.union(other.getcallfamily())
        for desc in fam.descs:
            desc._callfamily = fam
        return fam

    def describe(self):
        return getattr(self.pyobj, "__qualname__", None) or repr(self.pyobj)

    def __repr__(self):
        return "<%s %s>" % (self.__class__.__name__, self.describe())

    def bind_under(self, classdef, name):
        return self

    def s_read_attribute(self, attr):
        raise AnnotatorError("%s has no attribute %r" % (self.describe(), attr))


def _argument_error(name, nexpected_min, nexpected_max, ngiven):
    if nexpected_min == nexpected_max:
        expected = "%d" % nexpected_min
    else:
        expected = "%d to %d" % (nexpected_min, nexpected_max)
    return AnnotatorError(
        "%s() takes %s argument%s but %d %s given"
        % (
            name,
            expected,
            "" if nexpected_max == 1 else "s",
            ngiven,
            "was" if ngiven == 1 else "were",
        )
    )


class FunctionDesc(Desc):
    knowntype = type(lambda: 0)

    def __init__(self, bookkeeper, pyobj, name=None):
        Desc.__init__(self, bookkeeper, pyobj)
        self.name = name or pyobj.__name__
        self._cache = {}  # specialization key -> graph
        self.defaults = pyobj.__defaults__ or ()
        code = pyobj.__code__
        self.argnames = list(code.co_varnames[: code.co_argcount])
        self.has_varargs = bool(code.co_flags & 0x04)
        self.specializer = getattr(pyobj, "_annspecialcase_", None)
        self.memo_table = None

    def describe(self):
        return self.pyobj.__qualname__.replace("<locals>.", "")

    def buildgraph(self, alt_name=None):
        translator = self.bookkeeper.annotator.translator
        graph = translator.buildflowgraph(self.pyobj)
        if alt_name:
            graph.name = alt_name
        return graph

    def getuniquegraph(self):
        if len(self._cache) != 1:
            raise AnnotatorError(
                "%s has %d specialized graphs, expected one"
                % (self.describe(), len(self._cache))
            )
        return list(self._cache.values())[0]

    def cachedgraph(self, key, alt_name=None):
        try:
            return self._cache[key]
        except KeyError:
            graph = self.buildgraph(alt_name)
            self._cache[key] = graph
            self.bookkeeper.annotator.register_graph(graph, self)
            return graph

    def parse_arguments(self, args_s):
        """Match call arguments to parameters (defaults, *args)."""
        n = len(self.argnames)
        ndefaults = len(self.defaults)
        args_s = list(args_s)
        if len(args_s) > n and not self.has_varargs:
            raise _argument_error(self.name, n - ndefaults, n, len(args_s))
        if len(args_s) < n - ndefaults:
            if self.has_varargs:
                raise AnnotatorError(
                    "%s() takes at least %d arguments but %d were given"
                    % (self.name, n - ndefaults, len(args_s))
                )
            raise _argument_error(self.name, n - ndefaults, n, len(args_s))
        inputcells = args_s[:n]
        for i in range(len(inputcells), n):
            default = self.defaults[i - (n - ndefaults)]
            inputcells.append(self.bookkeeper.immutablevalue(default))
        if self.has_varargs:
            inputcells.append(SomeTuple(args_s[n:]))
        return inputcells

    def specialize(self, inputcells):
        from rpython.annotator.specialize import specialize_call

        return specialize_call(self, inputcells)

    def pycall(self, whence, args_s, s_previous_result=None):
        inputcells = self.parse_arguments(args_s)
        result = self.specialize(inputcells)
        from rpython.flowspace.model import FunctionGraph

        if isinstance(result, FunctionGraph):
            graph = result
            annotator = self.bookkeeper.annotator
            enforced = getattr(self.pyobj, "_annenforceargs_", None)
            if enforced:
                inputcells = self.enforce_args(inputcells, enforced)
            return annotator.recursivecall(graph, whence, inputcells)
        return result  # an annotation computed directly (memo)

    def enforce_args(self, inputcells, enforced):
        from rpython.annotator.signature import annotation

        result = list(inputcells)
        for i, tp in enumerate(enforced):
            if tp is None or i >= len(result):
                continue
            s_wanted = annotation(tp, self.bookkeeper)
            s_have = result[i]
            if not s_wanted.contains(s_have):
                raise AnnotatorError(
                    "%s() argument %d: enforceargs wants %s, got %s"
                    % (self.name, i + 1, s_wanted.describe(), s_have.describe())
                )
            result[i] = s_wanted
        return result


class MethodDesc(Desc):
    """A function found in a class, bound to instances of `selfclassdef`."""

    knowntype = type(object().__str__)

    def __init__(self, bookkeeper, funcdesc, originclassdef, selfclassdef, name):
        Desc.__init__(self, bookkeeper)
        self.funcdesc = funcdesc
        self.originclassdef = originclassdef
        self.selfclassdef = selfclassdef
        self.name = name

    def describe(self):
        return "method %s.%s" % (self.selfclassdef.name, self.name)

    def pycall(self, whence, args_s, s_previous_result=None):
        s_self = SomeInstance(self.selfclassdef)
        return self.funcdesc.pycall(whence, [s_self] + list(args_s))

    def bind_self(self, newselfclassdef):
        return self.bookkeeper.getmethoddesc(
            self.funcdesc, self.originclassdef, newselfclassdef, self.name
        )


class FrozenDesc(Desc):
    """A prebuilt object declared immutable with `_freeze_() -> True`."""

    def __init__(self, bookkeeper, pyobj):
        Desc.__init__(self, bookkeeper, pyobj)
        self.knowntype = type(pyobj)
        self.attrcache = {}

    def describe(self):
        return "frozen %s" % type(self.pyobj).__name__

    def s_read_attribute(self, attr):
        try:
            value = getattr(self.pyobj, attr)
        except AttributeError:
            raise AnnotatorError(
                "prebuilt %s has no attribute %r" % (type(self.pyobj).__name__, attr)
            )
        if callable(value) and hasattr(value, "__func__"):
            return SomePBC(
                [self.bookkeeper.getmethodoffrozendesc(value.__func__, self, attr)]
            )
        return self.bookkeeper.immutablevalue(value)

    def pycall(self, whence, args_s, s_previous_result=None):
        raise AnnotatorError("calling %s, which is not callable" % self.describe())


class MethodOfFrozenDesc(Desc):
    def __init__(self, bookkeeper, funcdesc, frozendesc, name):
        Desc.__init__(self, bookkeeper)
        self.funcdesc = funcdesc
        self.frozendesc = frozendesc
        self.name = name

    def describe(self):
        return "method %s of %s" % (self.name, self.frozendesc.describe())

    def pycall(self, whence, args_s, s_previous_result=None):
        s_self = SomePBC([self.frozendesc])
        return self.funcdesc.pycall(whence, [s_self] + list(args_s))


# ____________________________________________________________
# classes


class Attribute:
    """One attribute of a ClassDef: union of all values written to it."""

    def __init__(self, name, bookkeeper):
        self.name = name
        self.bookkeeper = bookkeeper
        self.s_value = s_ImpossibleValue
        self.readonly = True  # only class-level values, never written
        self.read_locations = {}
        self.written = False

    def add_constant_source(self, value):
        s = self.bookkeeper.immutablevalue(value)
        self.s_value = unionof(self.s_value, s)

    def merge(self, other):
        self.s_value = unionof(self.s_value, other.s_value)
        self.read_locations.update(other.read_locations)
        self.readonly = self.readonly and other.readonly
        self.written = self.written or other.written

    def __repr__(self):
        return "<Attribute %s: %r>" % (self.name, self.s_value)


class ClassDesc(Desc):
    knowntype = type

    def __init__(self, bookkeeper, pyobj):
        Desc.__init__(self, bookkeeper, pyobj)
        self.name = pyobj.__qualname__.replace("<locals>.", "")
        self.classdict = {}  # name -> Constant-like python value of the class
        self.staticmethods = {}  # names of staticmethods (plain functions)
        self._classdef = None
        bases = [b for b in pyobj.__bases__ if b is not object]
        mixins = []
        real_bases = []
        for b in bases:
            if b.__dict__.get("_mixin_", False):
                mixins.append(b)
            else:
                real_bases.append(b)
        if len(real_bases) > 1:
            raise AnnotatorError(
                "class %s: multiple inheritance is not RPython (bases %s); "
                "mark helper classes with _mixin_ = True"
                % (self.name, ", ".join(b.__name__ for b in real_bases))
            )
        self.basedesc = None
        if real_bases:
            self.basedesc = bookkeeper.getdesc(real_bases[0])
        # mixins are copied in as if written in the class itself
        for mixin in reversed(mixins):
            for mcls in reversed(mixin.__mro__):
                if mcls is object:
                    continue
                for key, value in mcls.__dict__.items():
                    self._add_classdict(key, value)
        if pyobj.__module__ != "builtins":
            for key, value in pyobj.__dict__.items():
                self._add_classdict(key, value)

    def _add_classdict(self, key, value):
        if (
            key.startswith("__")
            and key.endswith("__")
            and key
            not in (
                "__init__",
                "__enter__",
                "__exit__",
                "__del__",
                "__iter__",
                "__next__",
                "__str__",
                "__repr__",
            )
        ):
            return
        if key in ("_mixin_", "_attrs_", "_immutable_fields_", "_immutable_"):
            return
        if isinstance(value, staticmethod):
            value = value.__func__
            self.staticmethods[key] = True
        elif isinstance(value, classmethod):
            value = _ClassMethodMarker(self.name, key)
        self.classdict[key] = value

    def describe(self):
        return "class %s" % self.name

    def getclassdef(self):
        if self._classdef is None:
            basedef = None
            if self.basedesc is not None:
                basedef = self.basedesc.getclassdef()
            self._classdef = ClassDef(self.bookkeeper, self, basedef)
            self.bookkeeper.new_classdef(self._classdef)
        return self._classdef

    def getuniqueclassdef(self):
        return self.getclassdef()

    def mro_descs(self):
        desc = self
        while desc is not None:
            yield desc
            desc = desc.basedesc

    def lookup(self, name):
        """The ClassDesc of the nearest class defining `name`, or None."""
        for desc in self.mro_descs():
            if name in desc.classdict:
                return desc
        return None

    def s_read_attribute(self, attr):
        desc = self.lookup(attr)
        if desc is None:
            raise AnnotatorError("class %s has no attribute %r" % (self.name, attr))
        return self.bookkeeper.immutablevalue(desc.classdict[attr])

    def is_exception_class(self):
        return issubclass(self.pyobj, BaseException)

    def pycall(self, whence, args_s, s_previous_result=None):
        classdef = self.getclassdef()
        s_instance = SomeInstance(classdef)
        initdesc = self.lookup("__init__")
        if initdesc is not None:
            init = initdesc.classdict["__init__"]
            funcdesc = self.bookkeeper.getdesc(init)
            methdesc = self.bookkeeper.getmethoddesc(
                funcdesc, initdesc.getclassdef(), classdef, "__init__"
            )
            s_init = SomePBC([methdesc])
            self.bookkeeper.annotator.call_pbc(whence, s_init, args_s)
        elif args_s and not self.is_exception_class():
            raise _argument_error(self.name, 0, 0, len(args_s))
        elif self.is_exception_class():
            self.builtin_exception_init(classdef, args_s)
        return s_instance

    def builtin_exception_init(self, classdef, args_s):
        """Builtin exception constructors: OSError(errno, strerror) fills the
        attributes `errno` and `strerror`; a single str, int or float
        argument is kept, as the text str(exc) returns (the hidden attribute
        EXC_MESSAGE_ATTR of BaseException); other arguments are ignored."""
        from rpython.annotator.model import SomeFloat, SomeInteger, SomeString

        if len(args_s) == 1 and isinstance(
            args_s[0], (SomeString, SomeInteger, SomeFloat)
        ):
            basedef = self.bookkeeper.getuniqueclassdef(BaseException)
            basedef.generalize_attr(EXC_MESSAGE_ATTR, SomeString(can_be_None=True))

        if issubclass(self.pyobj, OSError):
            osdef = self.bookkeeper.getuniqueclassdef(OSError)
            if len(args_s) >= 2:
                if not isinstance(args_s[0], SomeInteger):
                    raise AnnotatorError(
                        "OSError(errno, strerror): errno must be an int"
                    )
                osdef.generalize_attr("errno", SomeInteger())
                osdef.generalize_attr(
                    "strerror", unionof(SomeString(can_be_None=True), args_s[1])
                )


# where builtin exception instances keep their message (str(exc))
EXC_MESSAGE_ATTR = "_exc_message_"


class ClassDef:
    """The annotator's model of one user class."""

    def __init__(self, bookkeeper, classdesc, basedef):
        self.bookkeeper = bookkeeper
        self.classdesc = classdesc
        self.name = classdesc.name
        self.basedef = basedef
        self.subdefs = []
        self.attrs = {}
        self.readonly_reads = {}
        if basedef is not None:
            basedef.subdefs.append(self)
        self.parentdefs = {}
        cdef = self
        while cdef is not None:
            self.parentdefs[cdef] = True
            cdef = cdef.basedef

    def __repr__(self):
        return "<ClassDef %s>" % self.name

    def issubclass(self, other):
        return other in self.parentdefs

    def getmro(self):
        cdef = self
        while cdef is not None:
            yield cdef
            cdef = cdef.basedef

    def getallsubdefs(self):
        result = [self]
        for sub in self.subdefs:
            result.extend(sub.getallsubdefs())
        return result

    def commonbase(self, other):
        while other is not None and not self.issubclass(other):
            other = other.basedef
        return other

    def locate_attribute(self, name):
        """The ClassDef whose `attrs` hold `name` (created if needed)."""
        for cdef in self.getmro():
            if name in cdef.attrs:
                return cdef
        # not found above: collect it from subclasses and move it here
        attr = Attribute(name, self.bookkeeper)
        for sub in self.getallsubdefs()[1:]:
            if name in sub.attrs:
                attr.merge(sub.attrs.pop(name))
        for cdef in self.getallsubdefs():
            desc = cdef.classdesc.lookup(name)
            if desc is not None and (
                not _is_method_value(desc.classdict[name]) or name in desc.staticmethods
            ):
                attr.add_constant_source(desc.classdict[name])
        self.attrs[name] = attr
        for position in list(attr.read_locations):
            self.bookkeeper.annotator.reflowfromposition(position)
        return self

    def find_attribute(self, name):
        return self.locate_attribute(name).attrs[name]

    def add_own_class_value(self, name, attr):
        """If this class's own body sets `name` to a non-method value, add
        that value to `attr` (an attribute located on a base class); True if
        it did."""
        desc = self.classdesc
        if name not in desc.classdict:
            return False
        value = desc.classdict[name]
        if _is_method_value(value) and name not in desc.staticmethods:
            return False
        if isinstance(value, _ClassMethodMarker):
            return False
        attr.add_constant_source(value)
        return True

    def generalize_attr(self, name, s_value):
        from rpython.annotator.model import not_const

        attr = self.find_attribute(name)
        attr.readonly = False
        attr.written = True
        s_new = not_const(unionof(attr.s_value, not_const(s_value)))
        if s_new != attr.s_value:
            attr.s_value = s_new
            for position in list(attr.read_locations):
                self.bookkeeper.annotator.reflowfromposition(position)

    def lookup_method(self, name):
        """All MethodDescs `name` may resolve to on instances of self."""
        # cached until a new class appears (which may add an override)
        generation = len(self.bookkeeper.classdefs)
        key = (name, generation)
        cache = self.__dict__.setdefault("_method_cache", {})
        try:
            return cache[key]
        except KeyError:
            pass
        result = self._lookup_method(name)
        if result is not None:
            result = list(result)
        if len(cache) > 1000:
            cache.clear()
        cache[key] = result
        return result

    def _lookup_method(self, name):
        descs = []
        for cdef in self.getallsubdefs():
            desc = cdef.classdesc.lookup(name)
            if desc is None:
                continue
            value = desc.classdict[name]
            if isinstance(value, _ClassMethodMarker):
                raise AnnotatorError(
                    "classmethod %s.%s is not RPython (use a staticmethod or "
                    "a module-level function)" % (value.classname, value.name)
                )
            if not _is_method_value(value) or name in desc.staticmethods:
                return None
            funcdesc = self.bookkeeper.getdesc(value)
            origin = desc.getclassdef()
            # a method defined in a subclass only ever sees instances of
            # that subclass as `self`
            selfdef = origin if origin.issubclass(self) else self
            mdesc = self.bookkeeper.getmethoddesc(funcdesc, origin, selfdef, name)
            if mdesc not in descs:
                descs.append(mdesc)
        return descs

    def about_attribute(self, name):
        for cdef in self.getmro():
            if name in cdef.attrs:
                return cdef.attrs[name].s_value
        return None

    def s_getattr(self, name, position):
        """The annotation of `instance.name` for instances of self."""
        if name in ("errno", "strerror") and issubclass(self.classdesc.pyobj, OSError):
            # OSErrors raised by the system carry these two attributes
            from rpython.annotator.model import SomeInteger, SomeString

            osdef = self.bookkeeper.getuniqueclassdef(OSError)
            osdef.generalize_attr("errno", SomeInteger())
            osdef.generalize_attr("strerror", SomeString(can_be_None=True))
        methods = self.lookup_method(name)
        if methods:
            self.readonly_reads.setdefault(name, {})[position] = True
            return SomePBC(methods)
        attr = self.find_attribute(name)
        attr.read_locations[position] = True
        return attr.s_value


class _ClassMethodMarker:
    def __init__(self, classname, name):
        self.classname = classname
        self.name = name

    def _freeze_(self):
        return True


def _is_method_value(value):
    import types

    return isinstance(value, types.FunctionType)


def s_none_or(s):
    return unionof(s, s_None)
