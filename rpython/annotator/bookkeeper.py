"""The Bookkeeper: the annotator's memory of prebuilt objects and call sites.

It turns Python constants into annotations (`immutablevalue`), keeps one
Desc per prebuilt function/class/frozen object (`getdesc`), one ListDef or
DictDef per creation point (so re-flowing a block reuses them), and knows the
current position (graph, block, operation index) for error messages and for
re-flowing readers when something they read generalizes.
"""

import types

from rpython.annotator import description
from rpython.annotator.listdef import DictDef, ListDef
from rpython.annotator.model import (
    AnnotatorError,
    SomeBool,
    SomeBuiltin,
    SomeBytes,
    SomeByteChar,
    SomeChar,
    SomeDict,
    SomeFloat,
    SomeInstance,
    SomeInteger,
    SomeList,
    SomePBC,
    SomeString,
    SomeTuple,
    SomeType,
    s_None,
    unionof,
)


_current_bookkeeper = [None]


def getbookkeeper():
    """The bookkeeper of the annotation in progress."""
    return _current_bookkeeper[0]


class Bookkeeper:
    def __init__(self, annotator):
        self.annotator = annotator
        self.descs = {}  # id(pyobj) -> Desc (pyobj kept alive in desc)
        self.methoddescs = {}
        self.classdefs = []
        self.listdefs = {}  # position -> ListDef
        self.dictdefs = {}
        self.immutable_cache = {}  # id(list/dict) -> SomeList/SomeDict
        self.position_key = None
        self._positions = []
        self.pbc_maximal_call_families = []
        self.emulated_pbc_calls = {}
        self.memo_tables = []

    # ____________________________________________________________
    # positions

    def enter(self, position_key):
        _current_bookkeeper[0] = self
        self._positions.append(self.position_key)
        self.position_key = position_key

    def leave(self):
        self.position_key = self._positions.pop()

    def current_op(self):
        if self.position_key is None:
            return None
        graph, block, index = self.position_key
        return block.operations[index]

    # ____________________________________________________________
    # containers created at the current position

    def getlistdef(self, **flags):
        key = self.position_key
        try:
            listdef = self.listdefs[key]
        except KeyError:
            listdef = self.listdefs[key] = ListDef(self, **flags)
        return listdef

    def newlist(self, *s_values, **flags):
        listdef = self.getlistdef(**flags)
        for s_value in s_values:
            listdef.generalize(s_value)
        return SomeList(listdef)

    def getdictdef(self, is_r_dict=False, force_non_null=False):
        key = self.position_key
        try:
            dictdef = self.dictdefs[key]
        except KeyError:
            dictdef = self.dictdefs[key] = DictDef(
                self, is_r_dict=is_r_dict, force_non_null=force_non_null
            )
        return dictdef

    def newdict(self):
        return SomeDict(self.getdictdef())

    # ____________________________________________________________
    # constants

    def immutablevalue(self, x):
        """The annotation of the prebuilt Python object x."""
        from rpython.rtyper import extregistry

        tp = type(x)
        if x is None:
            return s_None
        if tp is bool:
            result = SomeBool()
        elif tp is int:
            result = SomeInteger(nonneg=x >= 0)
        elif tp is float:
            result = SomeFloat()
        elif tp is str:
            result = (
                SomeChar(no_nul="\x00" not in x)
                if len(x) == 1
                else SomeString(no_nul="\x00" not in x)
            )
        elif tp is bytes:
            result = (
                SomeByteChar(no_nul=x != b"\x00")
                if len(x) == 1
                else SomeBytes(no_nul=b"\x00" not in x)
            )
        elif tp is tuple:
            result = SomeTuple([self.immutablevalue(e) for e in x])
        elif tp is list:
            key = id(x)
            if key in self.immutable_cache:
                return self.immutable_cache[key][1]
            listdef = ListDef(self)
            result = SomeList(listdef)
            self.immutable_cache[key] = (x, result)
            for e in x:
                listdef.generalize(self.immutablevalue(e))
            return result
        elif tp is dict or _is_r_dict(x):
            key = id(x)
            if key in self.immutable_cache:
                return self.immutable_cache[key][1]
            dictdef = DictDef(self, is_r_dict=_is_r_dict(x))
            result = SomeDict(dictdef)
            self.immutable_cache[key] = (x, result)
            items = x.items()
            for k, v in items:
                dictdef.generalize_key(self.immutablevalue(k))
                dictdef.generalize_value(self.immutablevalue(v))
            if _is_r_dict(x):
                dictdef.s_rdict_eqfn = self.immutablevalue(x.key_eq)
                dictdef.s_rdict_hashfn = self.immutablevalue(x.key_hash)
            return result
        elif extregistry.is_registered(x):
            entry = extregistry.lookup(x)
            return entry.compute_annotation_bk(self)
        elif _is_int_subclass(tp):
            result = SomeInteger(knowntype=tp, nonneg=x >= 0)
        elif hasattr(x, "annotation") and _is_symbolic(x):
            return x.annotation()
        elif isinstance(x, (types.FunctionType, type, types.WrapperDescriptorType)) or (
            callable(x) and isinstance(x, types.BuiltinFunctionType)
        ):
            from rpython.annotator.builtin import BUILTIN_ANALYZERS

            if _hashable(x) and x in BUILTIN_ANALYZERS:
                result = SomeBuiltin(BUILTIN_ANALYZERS[x])
                result.const = x
                return result
            if isinstance(x, (types.BuiltinFunctionType, types.WrapperDescriptorType)):
                raise AnnotatorError(
                    "builtin function %s() is not supported" % x.__name__
                )
            if (
                isinstance(x, type)
                and x.__module__ == "builtins"
                and not issubclass(x, BaseException)
            ):
                result = SomeType()
                result.const = x
                return result
            return SomePBC([self.getdesc(x)])
        elif isinstance(x, types.MethodType):
            if isinstance(x.__self__, type):
                raise AnnotatorError("class methods are not supported")
            selfdesc = self.getdesc(x.__self__)
            if isinstance(selfdesc, description.FrozenDesc):
                return SomePBC(
                    [self.getmethodoffrozendesc(x.__func__, selfdesc, x.__name__)]
                )
            s_self = self.immutablevalue(x.__self__)
            classdef = s_self.classdef
            funcdesc = self.getdesc(x.__func__)
            origin = classdef
            return SomePBC([self.getmethoddesc(funcdesc, origin, classdef, x.__name__)])
        elif isinstance(x, types.ModuleType) or _is_frozen(x):
            return SomePBC([self.getdesc(x)])
        elif (
            hasattr(x, "__class__")
            and isinstance(x, BaseException)
            or (type(x).__module__ not in ("builtins",) and hasattr(x, "__dict__"))
        ):
            # a prebuilt instance of a user class
            classdesc = self.getdesc(type(x))
            classdef = classdesc.getclassdef()
            self.see_prebuilt_instance(classdef, x)
            result = SomeInstance(classdef)
        else:
            raise AnnotatorError(
                "don't know how to represent the prebuilt object %r" % (x,)
            )
        result.const = x
        return result

    def see_prebuilt_instance(self, classdef, x):
        key = ("instance", id(x))
        if key in self.immutable_cache:
            return
        self.immutable_cache[key] = (x, None)
        for name, value in getattr(x, "__dict__", {}).items():
            if name.startswith("__"):
                continue
            classdef.generalize_attr(name, self.immutablevalue(value))

    # ____________________________________________________________
    # descs

    def getdesc(self, pyobj):
        key = id(pyobj)
        try:
            return self.descs[key]
        except KeyError:
            pass
        if isinstance(pyobj, types.FunctionType):
            if getattr(pyobj, "_not_rpython_", False):
                raise AnnotatorError(
                    "%s is marked @not_rpython but is called from RPython code"
                    % pyobj.__qualname__
                )
            result = description.FunctionDesc(self, pyobj)
        elif isinstance(pyobj, type):
            if pyobj.__module__ == "builtins" and not issubclass(pyobj, BaseException):
                raise AnnotatorError("builtin type %s as a value" % pyobj.__name__)
            # register now: the ClassDesc constructor looks up its base
            result = description.ClassDesc.__new__(description.ClassDesc)
            self.descs[key] = result
            try:
                description.ClassDesc.__init__(result, self, pyobj)
            except Exception:
                del self.descs[key]
                raise
            return result
        elif isinstance(pyobj, types.ModuleType) or _is_frozen(pyobj):
            result = description.FrozenDesc(self, pyobj)
        else:
            raise AnnotatorError("cannot use %r as a prebuilt constant" % (pyobj,))
        self.descs[key] = result
        return result

    def getmethoddesc(self, funcdesc, originclassdef, selfclassdef, name):
        key = (funcdesc, originclassdef, selfclassdef, name)
        try:
            return self.methoddescs[key]
        except KeyError:
            result = description.MethodDesc(
                self, funcdesc, originclassdef, selfclassdef, name
            )
            self.methoddescs[key] = result
            return result

    def getmethodoffrozendesc(self, func, frozendesc, name):
        funcdesc = self.getdesc(func)
        key = (funcdesc, frozendesc, name)
        try:
            return self.methoddescs[key]
        except KeyError:
            result = description.MethodOfFrozenDesc(self, funcdesc, frozendesc, name)
            self.methoddescs[key] = result
            return result

    def getuniqueclassdef(self, cls):
        return self.getdesc(cls).getclassdef()

    def new_classdef(self, classdef):
        self.classdefs.append(classdef)
        # method reads on the bases may now have one more target
        for parent in list(classdef.getmro())[1:]:
            for positions in parent.readonly_reads.values():
                for position in list(positions):
                    self.annotator.reflowfromposition(position)
            for name, attr in parent.attrs.items():
                # e.g. `Sub.kind = 2` overriding an already-located
                # `Base.kind = 1`: the reads must see both values
                classdef.add_own_class_value(name, attr)
                for position in list(attr.read_locations):
                    self.annotator.reflowfromposition(position)

    # ____________________________________________________________
    # calls

    def pbc_call(self, s_pbc, args_s):
        descs = list(s_pbc.descriptions)
        if len(descs) > 1:
            descs[0].mergecallfamilies(*descs[1:])
        else:
            descs[0].getcallfamily()
        results = []
        for desc in sorted(descs, key=lambda d: d.describe()):
            results.append(desc.pycall(self.position_key, args_s))
        return unionof(*results)

    def emulate_pbc_call(self, unique_key, s_pbc, args_s):
        """Annotate a call not present in any graph (helpers, callbacks)."""
        self.emulated_pbc_calls[unique_key] = (s_pbc, args_s)
        return self.pbc_call(s_pbc, args_s)

    def compute_at_fixpoint(self):
        families = {}
        for desc in list(self.descs.values()) + list(self.methoddescs.values()):
            if desc._callfamily is not None:
                fam = desc.getcallfamily()
                families[id(fam)] = fam
        self.pbc_maximal_call_families = list(families.values())


def _hashable(x):
    try:
        hash(x)
        return True
    except TypeError:
        return False


def _is_frozen(x):
    from rpython.flowspace.flowcontext import is_frozen

    return is_frozen(x)


def _is_r_dict(x):
    return type(x).__name__ in ("r_dict", "r_ordereddict") and hasattr(x, "key_eq")


def _is_int_subclass(tp):
    return issubclass(tp, int) and hasattr(tp, "BITS")


def _is_symbolic(x):
    for cls in type(x).__mro__:
        if cls.__name__ == "Symbolic":
            return True
    return False
