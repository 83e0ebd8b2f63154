# ruff: noqa: F811  (each `class __extend__` adds methods to an annotation class)
"""Annotation rules for operations dispatched on one annotation.

`op(s_obj, *rest)` calls `s_obj.op(*rest)`; e.g. `len`, `bool`, `iter`,
`next`, `getattr`, `setattr`, `simple_call`, `getslice`, `contains`, and
the builtin conversions (`int`, `float`, `str`, `repr`, `hash`, `ord`,
`chr`...).  Methods of builtin types (list.append, str.join...) are
SomeBuiltinMethod values whose analysers live in builtin.py.
"""

from rpython.annotator.model import (
    AnnotatorError,
    SomeBool,
    SomeBuiltin,
    SomeBuiltinMethod,
    SomeBytes,
    SomeChar,
    SomeDict,
    SomeFloat,
    SomeInstance,
    SomeInteger,
    SomeIterator,
    SomeList,
    SomeNone,
    SomeObject,
    SomePBC,
    SomeString,
    SomeStringOrBytes,
    SomeTuple,
    SomeType,
    s_Bool,
    s_ImpossibleValue,
    s_None,
    unionof,
)


def _const_name(s_attr, what="getattr"):
    if not s_attr.is_constant() or not isinstance(s_attr.const, str):
        raise AnnotatorError(
            "%s with a non-constant attribute name is not RPython" % what
        )
    return s_attr.const


def _bk():
    from rpython.annotator.bookkeeper import getbookkeeper

    return getbookkeeper()


class __extend__(SomeObject):
    def type(self, *args):
        return SomeType()

    def bool(self):
        s = SomeBool()
        if self.is_constant():
            try:
                s.const = bool(self.const)
            except Exception:
                pass
        return s

    def is_true(self):
        return self.bool()

    def hash(self):
        raise AnnotatorError(
            "hash() of %s: use objectmodel.compute_hash()" % self.describe()
        )

    def id(self):
        return SomeInteger()

    def str(self):
        return SomeString()

    def repr(self):
        return SomeString()

    def format(self, s_spec):
        return SomeString()

    def getattr(self, s_attr):
        name = _const_name(s_attr)
        if self.is_constant():
            try:
                value = getattr(self.const, name)
            except AttributeError:
                pass
            else:
                if not callable(value):
                    return _bk().immutablevalue(value)
        raise AnnotatorError("%s has no attribute %r" % (self.describe(), name))

    def setattr(self, s_attr, s_value):
        name = _const_name(s_attr, "setattr")
        raise AnnotatorError("cannot set attribute %r on %s" % (name, self.describe()))


class __extend__(SomeInteger):
    def neg(self):
        return SomeInteger(knowntype=self.knowntype)

    def pos(self):
        return self

    def invert(self):
        return SomeInteger(knowntype=self.knowntype)

    def abs(self):
        return SomeInteger(nonneg=True, knowntype=self.knowntype)

    neg_ovf = neg
    abs_ovf = abs

    def int(self):
        return SomeInteger(nonneg=self.nonneg)

    def float(self):
        return SomeFloat()

    def hash(self):
        return SomeInteger()

    def chr(self):
        return SomeChar()

    def bool(self):
        s = SomeBool()
        if self.is_constant():
            s.const = bool(self.const)
        return s


class __extend__(SomeBool):
    def neg(self):
        return SomeInteger()

    def invert(self):
        return SomeInteger()

    def abs(self):
        return SomeInteger(nonneg=True)

    def bool(self):
        return self

    def int(self):
        return SomeInteger(nonneg=True)


class __extend__(SomeFloat):
    def neg(self):
        return SomeFloat()

    def pos(self):
        return self

    def abs(self):
        return SomeFloat()

    def int(self):
        return SomeInteger()

    def float(self):
        return self

    def hash(self):
        return SomeInteger()


class __extend__(SomeStringOrBytes):
    def len(self):
        s = SomeInteger(nonneg=True)
        if self.is_constant():
            s.const = len(self.const)
        return s

    def bool(self):
        s = SomeBool()
        if self.is_constant():
            s.const = bool(self.const)
        return s

    def hash(self):
        return SomeInteger()

    def iter(self):
        return SomeIterator(self)

    def contains(self, s_item):
        if not isinstance(s_item, self._basetype()):
            raise AnnotatorError(
                "'in' of %s in %s" % (s_item.describe(), self.describe())
            )
        return s_Bool

    def getattr(self, s_attr):
        name = _const_name(s_attr)
        from rpython.annotator.builtin import STR_METHODS, BYTES_METHODS

        table = STR_METHODS if isinstance(self, SomeString) else BYTES_METHODS
        if name not in table:
            raise AnnotatorError("%s has no method %r" % (self._kindname(), name))
        return SomeBuiltinMethod(table[name], self, name)

    def getslice(self, s_start, s_stop):
        _check_slice_bounds(s_start, s_stop)
        return self.__class__.__mro__[0]._plain(self)

    def int(self):
        return SomeInteger()

    def float(self):
        return SomeFloat()


def _check_slice_bounds(s_start, s_stop):
    for s in (s_start, s_stop):
        if not isinstance(s, (SomeInteger, SomeNone)):
            raise AnnotatorError("slice bounds must be integers, got %s" % s.describe())


class __extend__(SomeString):
    def _basetype(self):
        return SomeString

    def _kindname(self):
        return "str"

    @staticmethod
    def _plain(s):
        return SomeString(no_nul=s.no_nul)

    def str(self):
        return SomeString(no_nul=self.no_nul)

    def ord(self):
        return SomeInteger(nonneg=True)

    def next(self):
        return SomeChar()


class __extend__(SomeChar):
    def ord(self):
        return SomeInteger(nonneg=True)


class __extend__(SomeBytes):
    def _basetype(self):
        return SomeBytes

    def _kindname(self):
        return "bytes"

    @staticmethod
    def _plain(s):
        return SomeBytes(no_nul=s.no_nul)

    def ord(self):
        return SomeInteger(nonneg=True)

    def contains(self, s_item):
        if isinstance(s_item, SomeInteger):
            return s_Bool
        if not isinstance(s_item, SomeBytes):
            raise AnnotatorError(
                "'in' of %s in %s" % (s_item.describe(), self.describe())
            )
        return s_Bool


class __extend__(SomeTuple):
    def len(self):
        s = SomeInteger(nonneg=True)
        s.const = len(self.items)
        return s

    def bool(self):
        s = SomeBool()
        s.const = bool(self.items)
        return s

    def hash(self):
        for s in self.items:
            s.hash()
        return SomeInteger()

    def iter(self):
        s_item = unionof(*self.items)
        return SomeIterator(SomeTuple([s_item]), "tuple")

    def contains(self, s_item):
        return s_Bool

    def getslice(self, s_start, s_stop):
        if not (s_start.is_constant() and s_stop.is_constant()):
            raise AnnotatorError("tuple slices need constant bounds")
        return SomeTuple(self.items[s_start.const : s_stop.const])


class __extend__(SomeList):
    def len(self):
        return SomeInteger(nonneg=True)

    def bool(self):
        return SomeBool()

    def iter(self):
        return SomeIterator(self)

    def contains(self, s_item):
        self.listdef.generalize(s_item)
        return s_Bool

    def getattr(self, s_attr):
        name = _const_name(s_attr)
        from rpython.annotator.builtin import LIST_METHODS

        if name not in LIST_METHODS:
            raise AnnotatorError("list has no method %r" % name)
        return SomeBuiltinMethod(LIST_METHODS[name], self, name)

    def getslice(self, s_start, s_stop):
        _check_slice_bounds(s_start, s_stop)
        bk = _bk()
        s_new = bk.newlist()
        s_new.listdef.generalize(self.listdef.read_item())
        return s_new

    def hash(self):
        raise AnnotatorError("lists are not hashable")


class __extend__(SomeDict):
    def len(self):
        return SomeInteger(nonneg=True)

    def bool(self):
        return SomeBool()

    def iter(self):
        return SomeIterator(self, "keys")

    def contains(self, s_key):
        self.dictdef.generalize_key(s_key)
        return s_Bool

    def getattr(self, s_attr):
        name = _const_name(s_attr)
        from rpython.annotator.builtin import DICT_METHODS

        if name not in DICT_METHODS:
            raise AnnotatorError("dict has no method %r" % name)
        return SomeBuiltinMethod(DICT_METHODS[name], self, name)

    def hash(self):
        raise AnnotatorError("dicts are not hashable")


class __extend__(SomeIterator):
    def iter(self):
        return self

    def contains(self, s_item):
        # `k in d.keys()` and friends
        if isinstance(self.s_container, SomeDict) and self.variant in ((), ("keys",)):
            self.s_container.dictdef.generalize_key(s_item)
            return s_Bool
        raise AnnotatorError("'in' on %s is not supported" % self.describe())

    def len(self):
        if isinstance(self.s_container, SomeDict) and self.variant in (
            ("keys",),
            ("values",),
            ("items",),
        ):
            return SomeInteger(nonneg=True)
        raise AnnotatorError("len() of %s is not supported" % self.describe())

    def next(self):
        s_cont = self.s_container
        variant = self.variant[0] if self.variant else None
        if isinstance(s_cont, SomeList):
            s_item = s_cont.listdef.read_item()
        elif isinstance(s_cont, SomeDict):
            s_key = s_cont.dictdef.read_key()
            s_value = s_cont.dictdef.read_value()
            if variant == "values":
                s_item = s_value
            elif variant == "items":
                s_item = SomeTuple([s_key, s_value])
            else:
                s_item = s_key
            return s_item
        elif isinstance(s_cont, SomeString):
            s_item = SomeChar()
        elif isinstance(s_cont, SomeBytes):
            s_item = SomeInteger(nonneg=True)
        elif isinstance(s_cont, SomeTuple):
            s_item = s_cont.items[0]
        else:
            raise AnnotatorError("cannot iterate over %s" % s_cont.describe())
        if variant == "enumerate":
            return SomeTuple([SomeInteger(nonneg=True), s_item])
        return s_item


class __extend__(SomeInstance):
    def getattr(self, s_attr):
        name = _const_name(s_attr)
        if self.classdef is None:
            raise AnnotatorError("attribute %r of an unknown instance" % name)
        if name == "__class__":
            return SomeType()
        bk = _bk()
        return self.classdef.s_getattr(name, bk.position_key)

    def setattr(self, s_attr, s_value):
        name = _const_name(s_attr, "setattr")
        if self.classdef.lookup_method(name):
            raise AnnotatorError(
                "assigning to %r, which is a method of class %s"
                % (name, self.classdef.name)
            )
        self.classdef.generalize_attr(name, s_value)
        return s_None

    def bool(self):
        s = SomeBool()
        if not self.can_be_None:
            s.const = True
        return s

    def hash(self):
        raise AnnotatorError(
            "hash() of an instance: use objectmodel.compute_identity_hash()"
        )

    def simple_call(self, *args_s):
        raise AnnotatorError("calling %s, which is not callable" % self.describe())

    def str(self):
        """str(obj) calls the class's __str__, else its __repr__, if it
        has one (an override in a subclass of a class without it is not
        seen)."""
        if self.classdef is not None:
            name = user_str_method(self.classdef, "str")
            if name is not None:
                self._call_text_method(name)
        return SomeString()

    def repr(self):
        if self.classdef is not None:
            name = user_str_method(self.classdef, "repr")
            if name is not None:
                self._call_text_method(name)
        return SomeString()

    def _call_text_method(self, name):
        s_meth = self.getattr(_const(name))
        s_result = _bk().pbc_call(s_meth, [])
        if s_result is not s_ImpossibleValue and not isinstance(s_result, SomeString):
            raise AnnotatorError(
                "%s.%s() returns %s, not a str"
                % (self.classdef.name, name, s_result.describe())
            )

    def iter(self):
        s_meth = self.getattr(_const("__iter__"))
        return _bk().pbc_call(s_meth, [])

    def next(self):
        s_meth = self.getattr(_const("__next__"))
        return _bk().pbc_call(s_meth, [])


def user_str_method(classdef, kind):
    """The method str() (kind "str": __str__, else __repr__) or repr()
    (kind "repr": __repr__) calls, if the class or a base defines it in
    Python code; else None."""
    import types

    if kind != "str":
        names = ("__repr__",)
    elif classdef.classdesc.is_exception_class():
        names = ("__str__",)  # BaseException.__str__ gives the message
    else:
        names = ("__str__", "__repr__")
    for name in names:
        owner = classdef.classdesc.lookup(name)
        if owner is not None and isinstance(owner.classdict[name], types.FunctionType):
            return name
    return None


def _const(value):
    from rpython.annotator.model import s_const

    return s_const(value, SomeString())


class __extend__(SomePBC):
    def getattr(self, s_attr):
        name = _const_name(s_attr)
        results = []
        for desc in self.descriptions:
            results.append(desc.s_read_attribute(name))
        return unionof(*results)

    def setattr(self, s_attr, s_value):
        name = _const_name(s_attr, "setattr")
        raise AnnotatorError(
            "cannot set attribute %r on the prebuilt constant %s "
            "(it is frozen; use a prebuilt instance of a normal class)"
            % (name, self.describe())
        )

    def simple_call(self, *args_s):
        return _bk().pbc_call(self, list(args_s))

    def bool(self):
        s = SomeBool()
        if not self.can_be_None:
            s.const = True
        return s


class __extend__(SomeNone):
    def bool(self):
        s = SomeBool()
        s.const = False
        return s

    # The value may become an instance later during annotation (an
    # attribute first seen holding None): block instead of failing; if it
    # is still None at the end, explain_blocked() reports it.

    def getattr(self, s_attr):
        return s_ImpossibleValue

    def setattr(self, s_attr, s_value):
        return s_ImpossibleValue

    def simple_call(self, *args_s):
        return s_ImpossibleValue


class __extend__(SomeBuiltin):
    def simple_call(self, *args_s):
        if self.s_self is not None:
            return self.analyser(self.s_self, *args_s)
        return self.analyser(*args_s)


class __extend__(SomeType):
    def getattr(self, s_attr):
        name = _const_name(s_attr)
        if name == "__name__":
            return SomeString()
        return SomeObject.getattr(self, s_attr)


def _unused():
    return s_ImpossibleValue
