# ruff: noqa: F811  (each `class __extend__` adds rules to a pairtype)
"""The annotation lattice: what the annotator knows about each Variable.

                          SomeObject  (top: "any object" = an error in RPython)
                              |
    +---------+--------+------+------+---------+--------+-------+-------+
    |         |        |      |      |         |        |       |       |
 SomeInteger SomeFloat SomeString SomeBytes SomeTuple SomeList SomeDict SomeInstance
    |                  |        |                                       |
 SomeBool           SomeChar  SomeByteChar           SomePBC, SomeNone, SomeType,
                                                     SomeIterator, SomeBuiltin, ...
                              |
                      s_ImpossibleValue  (bottom: "no value reaches here yet")

Annotations only move up (generalize) during annotation; `unionof` computes
the least upper bound.  A union that would need SomeObject is an error
(UnionError) because RPython has no "any object" type.  `None` unifies with
the nullable kinds (instances, str, bytes, lists, dicts, PBCs) by setting
`can_be_None`.
"""

from rpython.annotator.pairtype import extendabletype, pair, pairtype


class AnnotatorError(Exception):
    """An RPython program error found by the annotator."""

    def __init__(self, msg=None, *args):
        super().__init__(msg, *args)
        self.msg = msg
        self.source = None  # "file:line: source text"
        self.callchain = None  # ["entry_point", "f", "g"]

    def __str__(self):
        lines = [str(self.msg)]
        if self.source:
            lines.append("    at %s" % self.source)
        if self.callchain:
            lines.append("    call chain: %s" % " -> ".join(self.callchain))
        return "\n".join(lines)


class UnionError(AnnotatorError):
    """Two incompatible annotations meet (e.g. int and float)."""

    def __init__(self, s_obj1, s_obj2, msg=None):
        if msg is None:
            msg = "cannot unify %s and %s" % (
                s_obj1._describe_kind(),
                s_obj2._describe_kind(),
            )
        AnnotatorError.__init__(self, msg)
        self.s_obj1 = s_obj1
        self.s_obj2 = s_obj2


class SomeObject(metaclass=extendabletype):
    """Top of the lattice; also the base class of every annotation."""

    knowntype = object
    immutable = False

    def __eq__(self, other):
        if self.__class__ is not other.__class__:
            return False
        d1 = self.__dict__
        d2 = other.__dict__
        if "knowntypedata" in d1 or "knowntypedata" in d2:
            # flow-sensitive extra information, not part of the type
            d1 = {k: v for k, v in d1.items() if k != "knowntypedata"}
            d2 = {k: v for k, v in d2.items() if k != "knowntypedata"}
        return d1 == d2

    def __ne__(self, other):
        return not (self == other)

    def __hash__(self):
        raise TypeError("annotations are not hashable")

    def __repr__(self):
        items = sorted(self.__dict__.items())
        args = []
        for k, v in items:
            if k == "const":
                args.append("const=%r" % (v,))
            elif v is not None and v is not False:
                args.append("%s=%r" % (k, v))
        return "%s(%s)" % (self.__class__.__name__, ", ".join(args))

    def describe(self):
        """A short human description for error messages."""
        if self.is_constant():
            return "%s (constant %r)" % (self._describe_kind(), self.const)
        return self._describe_kind()

    def _describe_kind(self):
        return self.__class__.__name__

    def is_constant(self):
        return "const" in self.__dict__

    def is_immutable_constant(self):
        return self.immutable and "const" in self.__dict__

    def contains(self, other):
        """Whether `other` is already covered by `self`."""
        if self == other:
            return True
        try:
            return union(self, other) == self
        except UnionError:
            return False

    def can_be_none(self):
        return True

    def nonnoneify(self):
        return self

    def noneify(self):
        raise UnionError(self, s_None)

    def is_true_constant(self):
        return self.is_constant()


class SomeType(SomeObject):
    """A class object not known as a prebuilt constant (e.g. `type(x)`).
    Nullable: `__exit__(etype, evalue, tb)` receives a type or None."""

    knowntype = type
    immutable = True

    def __init__(self, can_be_None=False):
        if can_be_None:
            self.can_be_None = True

    def can_be_none(self):
        return "can_be_None" in self.__dict__

    def noneify(self):
        return SomeType(can_be_None=True)

    def nonnoneify(self):
        return SomeType()

    def _describe_kind(self):
        return "type"


class SomeInteger(SomeObject):
    """A machine integer; `knowntype` tells int, r_uint, r_longlong ..."""

    knowntype = int
    immutable = True

    def __init__(self, nonneg=False, unsigned=None, knowntype=None):
        if knowntype is not None and knowntype is not int and knowntype is not bool:
            self.knowntype = knowntype
        if unsigned is None:
            unsigned = self.knowntype_is_unsigned()
        self.nonneg = bool(nonneg or unsigned)
        self.unsigned = unsigned

    def knowntype_is_unsigned(self):
        kt = self.knowntype
        return bool(getattr(kt, "SIGNED", True) is False)

    def can_be_none(self):
        return False

    def _describe_kind(self):
        if self.knowntype is int:
            return "int"
        return getattr(self.knowntype, "__name__", "int")


class SomeBool(SomeInteger):
    knowntype = bool

    def __init__(self):
        self.nonneg = True
        self.unsigned = False

    def _describe_kind(self):
        return "bool"


class SomeFloat(SomeObject):
    knowntype = float
    immutable = True

    def can_be_none(self):
        return False

    def _describe_kind(self):
        return "float"


class SomeStringOrBytes(SomeObject):
    immutable = True

    def __init__(self, can_be_None=False, no_nul=False):
        self.can_be_None = can_be_None
        self.no_nul = no_nul

    def can_be_none(self):
        return self.can_be_None

    def nonnoneify(self):
        return self.__class__(can_be_None=False, no_nul=self.no_nul)

    def noneify(self):
        return self.__class__(can_be_None=True, no_nul=self.no_nul)


class SomeString(SomeStringOrBytes):
    """Text (Python 3 `str`)."""

    knowntype = str

    def _describe_kind(self):
        return "str" + (" or None" if self.can_be_None else "")


class SomeChar(SomeString):
    """A str of length 1."""

    def __init__(self, no_nul=False):
        SomeString.__init__(self, False, no_nul)

    def nonnoneify(self):
        return self

    def noneify(self):
        return SomeString(can_be_None=True, no_nul=self.no_nul)


class SomeBytes(SomeStringOrBytes):
    knowntype = bytes

    def _describe_kind(self):
        return "bytes" + (" or None" if self.can_be_None else "")


class SomeByteChar(SomeBytes):
    """A bytes of length 1 (rarely seen: bytes indexing gives int)."""

    def __init__(self, no_nul=False):
        SomeBytes.__init__(self, False, no_nul)

    def nonnoneify(self):
        return self

    def noneify(self):
        return SomeBytes(can_be_None=True, no_nul=self.no_nul)


class SomeTuple(SomeObject):
    """A tuple of fixed length; each item has its own annotation."""

    knowntype = tuple
    immutable = True

    def __init__(self, items):
        self.items = tuple(items)
        for s in self.items:
            assert isinstance(s, SomeObject), s
        if all(s.is_constant() for s in self.items):
            self.const = tuple(s.const for s in self.items)

    def can_be_none(self):
        return False

    def _describe_kind(self):
        return "tuple(%s)" % ", ".join(s.describe() for s in self.items)


class SomeList(SomeObject):
    """A list; all lists that may meet share one ListDef."""

    knowntype = list

    def __init__(self, listdef):
        self.listdef = listdef

    def __eq__(self, other):
        if self.__class__ is not other.__class__:
            return False
        if not self.listdef.same_as(other.listdef):
            return False
        selfdic = self.__dict__.copy()
        otherdic = other.__dict__.copy()
        del selfdic["listdef"]
        del otherdic["listdef"]
        return selfdic == otherdic

    def can_be_none(self):
        return True

    def noneify(self):
        return self  # lists are always nullable at the low level

    def _describe_kind(self):
        return "list of %s" % self.listdef.listitem.s_value.describe()


class SomeDict(SomeObject):
    """A dict (or r_dict); all dicts that may meet share one DictDef."""

    knowntype = dict

    def __init__(self, dictdef):
        self.dictdef = dictdef

    def __eq__(self, other):
        if self.__class__ is not other.__class__:
            return False
        if not self.dictdef.same_as(other.dictdef):
            return False
        selfdic = self.__dict__.copy()
        otherdic = other.__dict__.copy()
        del selfdic["dictdef"]
        del otherdic["dictdef"]
        return selfdic == otherdic

    def can_be_none(self):
        return True

    def noneify(self):
        return self

    def _describe_kind(self):
        return "dict of %s -> %s" % (
            self.dictdef.dictkey.s_value.describe(),
            self.dictdef.dictvalue.s_value.describe(),
        )


class SomeIterator(SomeObject):
    """iter(container); `variant` is () or ('keys',)/('values',)/('items',)
    /('enumerate',)/('reversed',)."""

    knowntype = type(iter([]))

    def __init__(self, s_container, *variant):
        self.s_container = s_container
        self.variant = variant

    def can_be_none(self):
        return False

    def _describe_kind(self):
        return "iterator over %s" % self.s_container.describe()


class SomeInstance(SomeObject):
    """An instance of a user class (or one of its subclasses)."""

    def __init__(self, classdef, can_be_None=False):
        self.classdef = classdef
        self.knowntype = classdef.classdesc.pyobj if classdef else object
        self.can_be_None = can_be_None

    def can_be_none(self):
        return self.can_be_None

    def nonnoneify(self):
        return SomeInstance(self.classdef, can_be_None=False)

    def noneify(self):
        return SomeInstance(self.classdef, can_be_None=True)

    def _describe_kind(self):
        name = self.classdef.name if self.classdef else "object"
        return "instance of %s%s" % (name, " or None" if self.can_be_None else "")


class SomeException(SomeObject):
    """The (type, value) of an exception being handled; the set of classdefs."""

    def __init__(self, classdefs):
        self.classdefs = classdefs

    def as_SomeInstance(self):
        return unionof(*[SomeInstance(cdef) for cdef in self.classdefs])


class SomePBC(SomeObject):
    """A prebuilt constant or a set of them: functions, methods, classes,
    frozen objects.  `descriptions` is a set of Desc objects."""

    immutable = True

    def __init__(self, descriptions, can_be_None=False, subset_of=None):
        if isinstance(descriptions, dict):
            descriptions = list(descriptions)
        self.descriptions = frozenset(descriptions)
        self.can_be_None = can_be_None
        self.subset_of = subset_of
        self.simplify()
        assert self.descriptions, "use s_None for an empty SomePBC"
        if len(self.descriptions) == 1 and not can_be_None:
            (desc,) = self.descriptions
            if desc.pyobj is not None:
                self.const = desc.pyobj
        kinds = {desc.__class__.__name__ for desc in self.descriptions}
        self.knowntype = object
        if len(kinds) == 1:
            (desc,) = list(self.descriptions)[:1]
            self.knowntype = desc.knowntype

    def simplify(self):
        pass

    def any_description(self):
        return next(iter(self.descriptions))

    def getKind(self):
        kinds = {desc.__class__ for desc in self.descriptions}
        if len(kinds) > 1:
            raise AnnotatorError(
                "mixing several kinds of prebuilt constants: %s"
                % ", ".join(sorted(k.__name__ for k in kinds))
            )
        return kinds.pop()

    def can_be_none(self):
        return self.can_be_None

    def nonnoneify(self):
        return SomePBC(self.descriptions, can_be_None=False, subset_of=self.subset_of)

    def noneify(self):
        return SomePBC(self.descriptions, can_be_None=True, subset_of=self.subset_of)

    def _describe_kind(self):
        names = sorted(d.describe() for d in self.descriptions)
        if len(names) > 3:
            names = names[:3] + ["..."]
        txt = " or ".join(names)
        if self.can_be_None:
            txt += " or None"
        return txt

    def describe(self):
        return self._describe_kind()


class SomeNone(SomeObject):
    """The constant None."""

    knowntype = type(None)
    immutable = True
    const = None

    def __init__(self):
        pass

    def is_constant(self):
        return True

    def is_immutable_constant(self):
        return True

    def nonnoneify(self):
        return s_ImpossibleValue

    def noneify(self):
        return self

    def describe(self):
        return "None"

    def _describe_kind(self):
        return "None"


class SomeBuiltin(SomeObject):
    """A builtin function (len, min ...) or one of the special rlib/lltype
    functions registered with the annotator; `analyser` computes the result."""

    immutable = True

    def __init__(self, analyser, s_self=None, methodname=None):
        if isinstance(analyser, tuple):
            analyser = analyser[0]
        self.analyser = analyser
        self.s_self = s_self
        self.methodname = methodname

    def can_be_none(self):
        return False

    def _describe_kind(self):
        if self.methodname:
            return "builtin method %s" % self.methodname
        return "builtin function %s" % getattr(self, "const", self.analyser).__name__


class SomeBuiltinMethod(SomeBuiltin):
    """A method of a builtin type, like lst.append or s.join."""

    def __init__(self, analyser, s_self, methodname):
        SomeBuiltin.__init__(self, analyser, s_self, methodname)


class SomeWeakRef(SomeObject):
    knowntype = object
    immutable = True

    def __init__(self, classdef):
        self.classdef = classdef

    def can_be_none(self):
        return False


class SomeImpossibleValue(SomeObject):
    """Bottom: no value has reached this point (yet)."""

    def __repr__(self):
        return "s_ImpossibleValue"

    def can_be_none(self):
        return False

    def nonnoneify(self):
        return self

    def noneify(self):
        return s_None

    def describe(self):
        return "impossible value"

    def _describe_kind(self):
        return "impossible value"


s_None = SomeNone()
s_Bool = SomeBool()
s_Int = SomeInteger()
s_Float = SomeFloat()
s_ImpossibleValue = SomeImpossibleValue()
s_Str0 = SomeString(no_nul=True)
s_Bytes0 = SomeBytes(no_nul=True)


def s_const(value, s_obj):
    """s_obj marked as the constant `value`."""
    s_obj.const = value
    return s_obj


# ____________________________________________________________
# union


class __extend__(pairtype(SomeObject, SomeObject)):
    def union(pair_objs):
        s1, s2 = pair_objs
        if s1 == s2:
            return s1
        if isinstance(s1, SomeNone) and s2.can_be_none_kind():
            return s2.noneify()
        if isinstance(s2, SomeNone) and s1.can_be_none_kind():
            return s1.noneify()
        raise UnionError(s1, s2)


def _never_none(self):
    return False


def _maybe_none(self):
    return True


SomeObject.can_be_none_kind = _never_none
for _cls in (
    SomeStringOrBytes,
    SomeList,
    SomeDict,
    SomeInstance,
    SomePBC,
    SomeNone,
    SomeImpossibleValue,
    SomeWeakRef,
    SomeType,
):
    _cls.can_be_none_kind = _maybe_none
SomeChar.can_be_none_kind = _maybe_none
SomeByteChar.can_be_none_kind = _maybe_none


class __extend__(pairtype(SomeImpossibleValue, SomeObject)):
    def union(pair_objs):
        return pair_objs[1]


class __extend__(pairtype(SomeObject, SomeImpossibleValue)):
    def union(pair_objs):
        return pair_objs[0]


class __extend__(pairtype(SomeImpossibleValue, SomeImpossibleValue)):
    def union(pair_objs):
        return s_ImpossibleValue


class __extend__(pairtype(SomeInteger, SomeInteger)):
    def union(pair_ints):
        s1, s2 = pair_ints
        if s1.knowntype is s2.knowntype or bool in (s1.knowntype, s2.knowntype):
            knowntype = s1.knowntype if s2.knowntype is bool else s2.knowntype
            if knowntype is bool:
                result = SomeBool()
            else:
                result = SomeInteger(
                    nonneg=s1.nonneg and s2.nonneg, knowntype=knowntype
                )
        else:
            from rpython.annotator.numbers import union_int_types

            knowntype = union_int_types(s1, s2)
            result = SomeInteger(nonneg=s1.nonneg and s2.nonneg, knowntype=knowntype)
        if s1.is_constant() and s2.is_constant() and s1.const == s2.const:
            if type(s1.const) is type(s2.const):
                result.const = s1.const
        return result


class __extend__(pairtype(SomeFloat, SomeFloat)):
    def union(pair_floats):
        s1, s2 = pair_floats
        result = SomeFloat()
        if s1.is_constant() and s2.is_constant() and s1.const == s2.const:
            result.const = s1.const
        return result


def _union_text(cls, charcls):
    def union(pair_strs):
        s1, s2 = pair_strs
        can_be_None = s1.can_be_none() or s2.can_be_none()
        no_nul = s1.no_nul and s2.no_nul
        if isinstance(s1, charcls) and isinstance(s2, charcls):
            result = charcls(no_nul=no_nul)
        else:
            result = cls(can_be_None=can_be_None, no_nul=no_nul)
        if s1.is_constant() and s2.is_constant() and s1.const == s2.const:
            result.const = s1.const
        return result

    return union


class __extend__(pairtype(SomeString, SomeString)):
    union = _union_text(SomeString, SomeChar)


class __extend__(pairtype(SomeBytes, SomeBytes)):
    union = _union_text(SomeBytes, SomeByteChar)


class __extend__(pairtype(SomeString, SomeBytes)):
    def union(pair_objs):
        s1, s2 = pair_objs
        raise UnionError(
            s1,
            s2,
            "cannot mix str and bytes: %s and %s" % (s1.describe(), s2.describe()),
        )


class __extend__(pairtype(SomeBytes, SomeString)):
    def union(pair_objs):
        s1, s2 = pair_objs
        raise UnionError(
            s1,
            s2,
            "cannot mix str and bytes: %s and %s" % (s1.describe(), s2.describe()),
        )


class __extend__(pairtype(SomeTuple, SomeTuple)):
    def union(pair_tuples):
        s1, s2 = pair_tuples
        if len(s1.items) != len(s2.items):
            raise UnionError(
                s1,
                s2,
                "cannot unify tuples of different lengths (%d and %d)"
                % (len(s1.items), len(s2.items)),
            )
        return SomeTuple([unionof(a, b) for a, b in zip(s1.items, s2.items)])


class __extend__(pairtype(SomeList, SomeList)):
    def union(pair_lists):
        s1, s2 = pair_lists
        s1.listdef.union(s2.listdef)
        return SomeList(s1.listdef)


class __extend__(pairtype(SomeDict, SomeDict)):
    def union(pair_dicts):
        s1, s2 = pair_dicts
        s1.dictdef.union(s2.dictdef)
        return SomeDict(s1.dictdef)


class __extend__(pairtype(SomeIterator, SomeIterator)):
    def union(pair_iters):
        s1, s2 = pair_iters
        if s1.variant != s2.variant:
            raise UnionError(s1, s2)
        return SomeIterator(unionof(s1.s_container, s2.s_container), *s1.variant)


class __extend__(pairtype(SomeInstance, SomeInstance)):
    def union(pair_insts):
        s1, s2 = pair_insts
        if s1.classdef is None or s2.classdef is None:
            raise UnionError(s1, s2)
        basedef = s1.classdef.commonbase(s2.classdef)
        if basedef is None:
            raise UnionError(
                s1,
                s2,
                "cannot unify %s and %s: no common base class"
                % (s1.describe(), s2.describe()),
            )
        result = SomeInstance(basedef, can_be_None=s1.can_be_None or s2.can_be_None)
        if s1.is_constant() and s2.is_constant() and s1.const is s2.const:
            result.const = s1.const
        return result


class __extend__(pairtype(SomePBC, SomePBC)):
    def union(pair_pbcs):
        s1, s2 = pair_pbcs
        descs = set(s1.descriptions) | set(s2.descriptions)
        return SomePBC(descs, can_be_None=s1.can_be_None or s2.can_be_None)


class __extend__(pairtype(SomeType, SomeType)):
    def union(pair_types):
        s1, s2 = pair_types
        return SomeType(can_be_None=s1.can_be_none() or s2.can_be_none())


class __extend__(pairtype(SomeType, SomePBC)):
    def union(pair_objs):
        s1, s2 = pair_objs
        if s2.getKind().__name__ == "ClassDesc":
            return SomeType(can_be_None=s1.can_be_none() or s2.can_be_None)
        raise UnionError(s1, s2)


class __extend__(pairtype(SomePBC, SomeType)):
    def union(pair_objs):
        return pair(pair_objs[1], pair_objs[0]).union()


class __extend__(pairtype(SomeBuiltinMethod, SomeBuiltinMethod)):
    def union(pair_objs):
        s1, s2 = pair_objs
        if s1.methodname != s2.methodname or s1.analyser != s2.analyser:
            raise UnionError(s1, s2)
        return SomeBuiltinMethod(
            s1.analyser, unionof(s1.s_self, s2.s_self), s1.methodname
        )


def union(s1, s2):
    """The least upper bound of two annotations (raises UnionError)."""
    if s1 is s2:
        return s1
    return pair(s1, s2).union()


def unionof(*somevalues):
    """The union of several annotations; s_ImpossibleValue if none."""
    s1 = s_ImpossibleValue
    for s2 in somevalues:
        if s1 != s2:
            s1 = union(s1, s2)
    return s1


def not_const(s_obj):
    """The same annotation without its `const`."""
    if isinstance(s_obj, SomeTuple):
        return SomeTuple([not_const(s) for s in s_obj.items])
    if s_obj.is_constant() and not isinstance(s_obj, (SomeNone, SomePBC)):
        new = object.__new__(s_obj.__class__)
        new.__dict__ = {k: v for k, v in s_obj.__dict__.items() if k != "const"}
        return new
    return s_obj


def add_knowntypedata(ktd, truth, vars, s_obj):
    """Record that `vars` have annotation `s_obj` on the `truth` exit."""
    for v in vars:
        ktd.setdefault(truth, {})[v] = s_obj


def merge_knowntypedata(ktd1, ktd2):
    result = {}
    for truth in (True, False):
        d1 = ktd1.get(truth, {})
        d2 = ktd2.get(truth, {})
        for v in d1:
            if v in d2:
                result.setdefault(truth, {})[v] = unionof(d1[v], d2[v])
    return result


def annotation_to_lltype(s_val, info=None):
    """Compatibility hook for the rtyper's low-level helpers."""
    from rpython.rtyper.llannotation import annotation_to_lltype as a2l

    return a2l(s_val, info)


def lltype_to_annotation(T):
    from rpython.rtyper.llannotation import lltype_to_annotation as l2a

    return l2a(T)
