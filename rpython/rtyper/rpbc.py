# ruff: noqa: F811  (each `class __extend__` adds rules to a class or pairtype)
"""Prebuilt constants: functions, methods, classes, frozen objects.

A single known function or class is a Void value (the call is direct).
Several functions that may reach one call site are a function pointer of
their common FuncType, called with `indirect_call`.  A bound method keeps
its `self` instance (its low-level value is the instance pointer); when the
method can be overridden, the call reads a function pointer from the
vtable slot `cls_m_NAME` of the instance's class (see rclass.py).
Calling a class allocates the instance and calls its `__init__`.
"""

import types

from rpython.annotator import model as annmodel
from rpython.annotator.pairtype import pairtype
from rpython.flowspace.model import Constant, FunctionGraph
from rpython.rtyper.error import TyperError
from rpython.rtyper.lltypesystem import lltype
from rpython.rtyper.lltypesystem.lltype import Bool, Ptr, Void
from rpython.rtyper.rmodel import Repr, inputconst


def _descs_kind(s_pbc):
    from rpython.annotator import description as d

    kinds = {type(desc) for desc in s_pbc.descriptions}
    if len(kinds) != 1:
        raise TyperError(
            "mixing several kinds of prebuilt constants: %s" % (s_pbc.describe(),)
        )
    kind = kinds.pop()
    for cls in (d.FunctionDesc, d.MethodDesc, d.ClassDesc, d.FrozenDesc,
                d.MethodOfFrozenDesc):  # fmt: skip
        if issubclass(kind, cls):
            return cls
    return kind


class __extend__(annmodel.SomePBC):
    def rtyper_makerepr(self, rtyper):
        from rpython.annotator import description as d

        kind = _descs_kind(self)
        if kind is d.FunctionDesc:
            if len(self.descriptions) == 1 and not self.can_be_None:
                return FunctionRepr(rtyper, self)
            return FunctionsPBCRepr(rtyper, self)
        if kind is d.MethodDesc:
            return MethodsPBCRepr(rtyper, self)
        if kind is d.ClassDesc:
            if len(self.descriptions) == 1 and not self.can_be_None:
                return SingleClassRepr(rtyper, self)
            return ClassesPBCRepr(rtyper, self)
        if kind is d.FrozenDesc:
            if len(self.descriptions) == 1 and not self.can_be_None:
                return SingleFrozenPBCRepr(rtyper, self)
            return MultipleFrozenPBCRepr(rtyper, self)
        if kind is d.MethodOfFrozenDesc:
            return MethodOfFrozenPBCRepr(rtyper, self)
        raise TyperError("no repr for %s" % (self.describe(),))

    def rtyper_makekey(self):
        return (
            self.__class__,
            frozenset(id(d) for d in self.descriptions),
            self.can_be_None,
            tuple(sorted(id(d) for d in self.descriptions)),
        )


# ____________________________________________________________
# calls


def graph_for_call(rtyper, funcdesc, args_s):
    """The graph the annotator used for calling funcdesc with args_s."""
    from rpython.rtyper.annlowlevel import is_lowlevel_graph, specialize_lowlevel_call

    inputcells = funcdesc.parse_arguments(list(args_s))
    caller = getattr(rtyper, "current_graph", None)
    if caller is not None and is_lowlevel_graph(caller):
        result = specialize_lowlevel_call(funcdesc, inputcells)
    else:
        result = funcdesc.specialize(inputcells)
    if not isinstance(result, FunctionGraph):
        return None
    return result


def _fixed_args(hop, graph, first=1, v_self=None, r_self=None):
    """The low-level arguments for calling `graph`: hop's arguments from
    index `first` on, converted, plus defaults."""
    rtyper = hop.rtyper
    params = graph.getargs()
    vlist = []
    pos = 0
    if v_self is not None:
        r_param = rtyper.bindingrepr(params[0])
        vlist.append(hop.llops.convertvar(v_self, r_self, r_param))
        pos = 1
    nargs = hop.nb_args - first
    func = getattr(graph, "func", None)
    defaults = getattr(func, "__defaults__", None) or ()
    has_varargs = bool(func is not None and func.__code__.co_flags & 0x04)
    nparams = len(params) - pos - (1 if has_varargs else 0)
    if nargs > nparams and not has_varargs:
        raise TyperError("too many arguments calling %s" % (graph.name,))
    for i in range(min(nargs, nparams)):
        r_param = rtyper.bindingrepr(params[pos + i])
        vlist.append(hop.inputarg(r_param, arg=first + i))
    for i in range(nargs, nparams):
        idx = i - (nparams - len(defaults))
        if idx < 0:
            raise TyperError("missing argument calling %s" % (graph.name,))
        r_param = rtyper.bindingrepr(params[pos + i])
        vlist.append(inputconst(r_param, defaults[idx]))
    if has_varargs:
        from rpython.rtyper.rtuple import newtuple

        r_tuple = rtyper.bindingrepr(params[-1])
        items_v = []
        for k, i in enumerate(range(nparams, nargs)):
            items_v.append(hop.inputarg(r_tuple.items_r[k], arg=first + i))
        vlist.append(newtuple(hop.llops, r_tuple, items_v))
    return vlist


def _call_graph(hop, graph, vlist):
    rtyper = hop.rtyper
    fptr = rtyper.getcallable(graph)
    c_func = inputconst(lltype.typeOf(fptr), fptr)
    r_ret = rtyper.bindingrepr(graph.getreturnvar())
    hop.exception_is_here()
    v_result = hop.genop("direct_call", [c_func] + vlist, resulttype=r_ret)
    return (
        hop.llops.convertvar(v_result, r_ret, hop.r_result)
        if (hop.r_result.lowleveltype is not Void)
        else None
    )


def _check_plain_call(hop):
    if hop.spaceop.opname == "call_args":
        raise TyperError("keyword arguments and *args in calls are not supported yet")


class FunctionRepr(Repr):
    """One known function: a Void value, called directly."""

    lowleveltype = Void

    def __init__(self, rtyper, s_pbc):
        self.rtyper = rtyper
        self.s_pbc = s_pbc
        (self.funcdesc,) = s_pbc.descriptions

    def convert_const(self, value):
        return None

    def convert_desc(self, desc):
        return None

    def rtype_simple_call(self, hop):
        _check_plain_call(hop)
        graph = graph_for_call(self.rtyper, self.funcdesc, hop.args_s[1:])
        if graph is None:
            return self._call_memo(hop)
        vlist = _fixed_args(hop, graph)
        return _call_graph(hop, graph, vlist)

    rtype_call_args = rtype_simple_call

    def _call_memo(self, hop):
        # a memo-specialized function: the annotator computed the result
        if hop.s_result.is_constant():
            return inputconst(hop.r_result, hop.s_result.const)
        raise TyperError("cannot call %s here" % (self.funcdesc.describe(),))

    def get_ll_eq_function(self):
        return None

    def rtype_bool(self, hop):
        return inputconst(Bool, True)


class FunctionsPBCRepr(Repr):
    """Several functions (or None): a pointer to their common FuncType."""

    def __init__(self, rtyper, s_pbc):
        self.rtyper = rtyper
        self.s_pbc = s_pbc
        self.descs = sorted(s_pbc.descriptions, key=lambda d: d.describe())
        self.lowleveltype = Ptr(lltype.ForwardReference())
        self._functype = None

    def _setup_repr(self):
        FT = None
        for desc in self.descs:
            graph = self._uniquegraph(desc)
            FT2 = self.rtyper.functype_of_graph(graph)
            if FT is None:
                FT = FT2
            elif FT != FT2:
                raise TyperError(
                    "functions %s called from one place have different "
                    "signatures: %s and %s" % (self.s_pbc.describe(), FT, FT2)
                )
        self._functype = FT
        self.lowleveltype.TO.become(FT)

    def _uniquegraph(self, desc):
        cache = getattr(desc, "_cache", None)
        if cache and len(cache) == 1:
            return list(cache.values())[0]
        return desc.getuniquegraph()

    def convert_const(self, value):
        if value is None:
            return lltype.nullptr(self.lowleveltype.TO)
        bk = self.rtyper.annotator.bookkeeper
        return self.convert_desc(bk.getdesc(value))

    def convert_desc(self, desc):
        self.setup()
        graph = self._uniquegraph(desc)
        return self.rtyper.getcallable(graph)

    def rtype_simple_call(self, hop):
        _check_plain_call(hop)
        self.setup()
        graphs = [self._uniquegraph(d) for d in self.descs]
        g0 = graphs[0]
        v_func = hop.inputarg(self, arg=0)
        vlist = _fixed_args(hop, g0)
        r_ret = self.rtyper.bindingrepr(g0.getreturnvar())
        c_graphs = inputconst(Void, graphs)
        hop.exception_is_here()
        v_result = hop.genop("indirect_call", [v_func] + vlist + [c_graphs],
                             resulttype=r_ret)  # fmt: skip
        if hop.r_result.lowleveltype is Void:
            return None
        return hop.llops.convertvar(v_result, r_ret, hop.r_result)

    rtype_call_args = rtype_simple_call

    def rtype_bool(self, hop):
        (v,) = hop.inputargs(self)
        return hop.genop("ptr_nonzero", [v], resulttype=Bool)

    def get_ll_eq_function(self):
        return None


class __extend__(pairtype(FunctionRepr, FunctionsPBCRepr)):
    def convert_from_to(pair_reprs, v, llops):
        r_from, r_to = pair_reprs
        return inputconst(r_to, r_from.funcdesc.pyobj)


class __extend__(pairtype(FunctionsPBCRepr, FunctionsPBCRepr)):
    def convert_from_to(pair_reprs, v, llops):
        r_from, r_to = pair_reprs
        r_to.setup()
        r_from.setup()
        if r_from.lowleveltype == r_to.lowleveltype:
            return v
        return NotImplemented


# ____________________________________________________________
# methods


class MethodsPBCRepr(Repr):
    """A method bound to an instance; the value is the instance pointer."""

    def __init__(self, rtyper, s_pbc):
        from rpython.rtyper.rclass import getinstancerepr

        self.rtyper = rtyper
        self.s_pbc = s_pbc
        descs = list(s_pbc.descriptions)
        selfdef = descs[0].selfclassdef
        for desc in descs[1:]:
            selfdef = selfdef.commonbase(desc.selfclassdef)
        self.selfclassdef = selfdef
        self.methodname = descs[0].name
        self.funcdescs = []
        for desc in sorted(descs, key=lambda d: d.describe()):
            if desc.funcdesc not in self.funcdescs:
                self.funcdescs.append(desc.funcdesc)
        self.r_im_self = getinstancerepr(rtyper, selfdef)
        self.lowleveltype = self.r_im_self.lowleveltype

    def convert_const(self, method):
        if method is None:
            return lltype.nullptr(self.lowleveltype.TO)
        return self.r_im_self.convert_const(method.__self__)

    def rtype_simple_call(self, hop):
        _check_plain_call(hop)
        from rpython.rtyper.rclass import get_method_slot

        v_self = hop.inputarg(self, arg=0)
        s_self = annmodel.SomeInstance(self.selfclassdef)
        args_s = [s_self] + list(hop.args_s[1:])
        if len(self.funcdescs) == 1:
            graph = graph_for_call(self.rtyper, self.funcdescs[0], args_s)
            vlist = _fixed_args(hop, graph, v_self=v_self, r_self=self.r_im_self)
            return _call_graph(hop, graph, vlist)
        # overridden method: call through the vtable slot
        slot = get_method_slot(self.rtyper, self.selfclassdef, self.methodname, args_s)
        v_func = slot.read(v_self, hop.llops)
        graph = slot.sample_graph
        vlist = _fixed_args(hop, graph, v_self=v_self, r_self=self.r_im_self)
        vlist[0] = hop.llops.convertvar(v_self, self.r_im_self, slot.r_self)
        params = graph.getargs()
        for i in range(1, len(vlist)):
            r_param = self.rtyper.bindingrepr(params[i])
            vlist[i] = hop.llops.convertvar(vlist[i], r_param, slot.args_r[i - 1])
        c_graphs = inputconst(Void, slot.graphs)
        hop.exception_is_here()
        v_result = hop.genop("indirect_call", [v_func] + vlist + [c_graphs],
                             resulttype=slot.r_result)  # fmt: skip
        if hop.r_result.lowleveltype is Void:
            return None
        return hop.llops.convertvar(v_result, slot.r_result, hop.r_result)

    rtype_call_args = rtype_simple_call


class __extend__(pairtype(MethodsPBCRepr, MethodsPBCRepr)):
    def convert_from_to(pair_reprs, v, llops):
        r_from, r_to = pair_reprs
        return llops.convertvar(v, r_from.r_im_self, r_to.r_im_self)


# ____________________________________________________________
# classes


class SingleClassRepr(Repr):
    """One known class: Void; calling it creates an instance."""

    lowleveltype = Void

    def __init__(self, rtyper, s_pbc):
        self.rtyper = rtyper
        self.s_pbc = s_pbc
        (self.classdesc,) = s_pbc.descriptions

    def convert_const(self, value):
        return None

    def convert_desc(self, desc):
        return None

    def rtype_simple_call(self, hop):
        _check_plain_call(hop)
        return instantiate_and_init(hop, self.classdesc)

    rtype_call_args = rtype_simple_call

    def rtype_getattr(self, hop):
        s_attr = hop.args_s[1]
        if hop.s_result.is_constant():
            return inputconst(hop.r_result, hop.s_result.const)
        raise TyperError("class attribute %r is not a constant" % (s_attr.const,))

    def get_ll_eq_function(self):
        return None


def instantiate_and_init(hop, classdesc):
    from rpython.rtyper.rclass import getinstancerepr

    rtyper = hop.rtyper
    classdef = classdesc.getclassdef()
    r_inst = getinstancerepr(rtyper, classdef)
    r_inst.setup()
    v_inst = r_inst.new_instance(hop.llops)
    initdesc = classdesc.lookup("__init__")
    init = initdesc.classdict["__init__"] if initdesc is not None else None
    if isinstance(init, types.FunctionType):
        bk = rtyper.annotator.bookkeeper
        funcdesc = bk.getdesc(init)
        args_s = [annmodel.SomeInstance(classdef)] + list(hop.args_s[1:])
        graph = graph_for_call(rtyper, funcdesc, args_s)
        vlist = _fixed_args(hop, graph, v_self=v_inst, r_self=r_inst)
        fptr = rtyper.getcallable(graph)
        hop.exception_is_here()
        r_ret = rtyper.bindingrepr(graph.getreturnvar())
        hop.genop("direct_call", [inputconst(lltype.typeOf(fptr), fptr)] + vlist,
                  resulttype=r_ret)  # fmt: skip
    else:
        hop.exception_cannot_occur()
        if classdesc.is_exception_class():
            _store_builtin_exception_args(hop, classdesc, r_inst, v_inst)
    return hop.llops.convertvar(v_inst, r_inst, hop.r_result)


def _store_builtin_exception_args(hop, classdesc, r_inst, v_inst):
    """What the builtin exception constructors keep (see
    ClassDesc.builtin_exception_init): OSError(errno, strerror) and a
    single str message."""
    from rpython.annotator.description import EXC_MESSAGE_ATTR

    nargs = hop.nb_args - 1
    if issubclass(classdesc.pyobj, OSError) and nargs >= 2:
        for i, name in ((1, "errno"), (2, "strerror")):
            owner = r_inst._find_field(name)
            if owner is not None:
                r_field = owner.fields[name][1]
                v = hop.inputarg(r_field, arg=i)
                r_inst.setfield(v_inst, name, v, hop.llops)
    elif nargs == 1 and isinstance(
        hop.args_s[1], (annmodel.SomeString, annmodel.SomeInteger, annmodel.SomeFloat)
    ):
        from rpython.rtyper.rstr import _str_of

        owner = r_inst._find_field(EXC_MESSAGE_ATTR)
        if owner is not None:
            # the text str(exc) gives: str(arg), or repr(arg) for a KeyError
            r_arg = hop.args_r[1]
            v = hop.inputarg(r_arg, arg=1)
            is_key_error = issubclass(classdesc.pyobj, KeyError)
            v_text = _str_of(hop, v, r_arg, repr_=is_key_error)
            r_inst.setfield(v_inst, EXC_MESSAGE_ATTR, v_text, hop.llops)


class ClassesPBCRepr(Repr):
    """Several classes (or None): the vtable pointer."""

    def __init__(self, rtyper, s_pbc):
        from rpython.rtyper.rclass import CLASSTYPE

        self.rtyper = rtyper
        self.s_pbc = s_pbc
        self.lowleveltype = CLASSTYPE

    def convert_const(self, cls):
        from rpython.rtyper.rclass import getclassrepr

        if cls is None:
            return lltype.nullptr(self.lowleveltype.TO)
        bk = self.rtyper.annotator.bookkeeper
        classdef = bk.getuniqueclassdef(cls)
        return getclassrepr(self.rtyper, classdef).getvtable()

    def convert_desc(self, desc):
        return self.convert_const(desc.pyobj)

    def rtype_simple_call(self, hop):
        _check_plain_call(hop)
        args_r = hop.args_r[1:]
        vlist = hop.inputargs(self, *args_r)
        slot = get_instantiate_slot(
            hop.rtyper, self.s_pbc, hop.args_s[1:], args_r, hop.r_result
        )
        v_func = slot.read(vlist[0], hop.llops)
        c_graphs = inputconst(Void, slot.graphs)
        hop.exception_is_here()
        return hop.genop(
            "indirect_call", [v_func] + vlist[1:] + [c_graphs], resulttype=hop.r_result
        )

    def get_ll_eq_function(self):
        return None

    def rtype_bool(self, hop):
        (v,) = hop.inputargs(self)
        return hop.genop("ptr_nonzero", [v], resulttype=Bool)


class __extend__(pairtype(SingleClassRepr, Repr)):
    def convert_from_to(pair_reprs, v, llops):
        r_from, r_to = pair_reprs
        from rpython.rtyper.rclass import CLASSTYPE

        if r_to.lowleveltype == CLASSTYPE:
            return inputconst(r_to, r_from.classdesc.pyobj)
        return NotImplemented


class __extend__(pairtype(ClassesPBCRepr, Repr)):
    def convert_from_to(pair_reprs, v, llops):
        r_from, r_to = pair_reprs
        if r_to.lowleveltype == r_from.lowleveltype:
            return v
        return NotImplemented


# ____________________________________________________________
# frozen prebuilt objects


class SingleFrozenPBCRepr(Repr):
    """One frozen object: Void; its attributes are constants."""

    lowleveltype = Void

    def __init__(self, rtyper, s_pbc):
        self.rtyper = rtyper
        self.s_pbc = s_pbc
        (self.frozendesc,) = s_pbc.descriptions

    def convert_const(self, value):
        return None

    def convert_desc(self, desc):
        return None

    def rtype_getattr(self, hop):
        if hop.s_result.is_constant():
            return inputconst(hop.r_result, hop.s_result.const)
        attr = hop.args_s[1].const
        value = getattr(self.frozendesc.pyobj, attr)
        return inputconst(hop.r_result, value)

    def get_ll_eq_function(self):
        return None

    def rtype_bool(self, hop):
        return inputconst(Bool, True)


class MultipleFrozenPBCRepr(Repr):
    """Several frozen objects: a pointer to a prebuilt struct of the
    attributes that are read."""

    def __init__(self, rtyper, s_pbc):
        self.rtyper = rtyper
        self.s_pbc = s_pbc
        self.descs = sorted(s_pbc.descriptions, key=lambda d: d.describe())
        self.pbc_type = lltype.ForwardReference()
        self.lowleveltype = Ptr(self.pbc_type)
        self.fieldmap = {}
        self.converted = {}

    def _setup_repr(self):
        # every attribute present on all the objects, with a common annotation
        bk = self.rtyper.annotator.bookkeeper
        names = None
        for desc in self.descs:
            attrs = {
                k
                for k in dir(desc.pyobj)
                if not k.startswith("_") and not callable(getattr(desc.pyobj, k))
            }
            names = attrs if names is None else names & attrs
        fields = []
        for name in sorted(names or ()):
            try:
                s_value = annmodel.unionof(
                    *[bk.immutablevalue(getattr(d.pyobj, name)) for d in self.descs]
                )
                r = self.rtyper.getrepr(s_value)
            except Exception:
                continue
            self.fieldmap[name] = ("pbc_" + name, r)
            fields.append(("pbc_" + name, r.lowleveltype))
        self.pbc_type.become(lltype.Struct("pbc", *fields, hints={"immutable": True}))

    def convert_const(self, value):
        if value is None:
            return lltype.nullptr(self.pbc_type)
        bk = self.rtyper.annotator.bookkeeper
        return self.convert_desc(bk.getdesc(value))

    def convert_desc(self, desc):
        self.setup()
        try:
            return self.converted[desc]
        except KeyError:
            pass
        p = lltype.malloc(self.pbc_type, immortal=True)
        self.converted[desc] = p
        for name, (mangled, r) in self.fieldmap.items():
            setattr(p, mangled, r.convert_const(getattr(desc.pyobj, name)))
        return p

    def rtype_getattr(self, hop):
        if hop.s_result.is_constant():
            return inputconst(hop.r_result, hop.s_result.const)
        attr = hop.args_s[1].const
        if attr not in self.fieldmap:
            raise TyperError("attribute %r of several frozen objects" % (attr,))
        mangled, r = self.fieldmap[attr]
        v_pbc, _ = hop.inputargs(self, Void)
        v = hop.genop("getfield", [v_pbc, inputconst(Void, mangled)], resulttype=r)
        return hop.llops.convertvar(v, r, hop.r_result)

    def rtype_bool(self, hop):
        (v,) = hop.inputargs(self)
        return hop.genop("ptr_nonzero", [v], resulttype=Bool)

    def get_ll_eq_function(self):
        return None


class __extend__(pairtype(SingleFrozenPBCRepr, MultipleFrozenPBCRepr)):
    def convert_from_to(pair_reprs, v, llops):
        r_from, r_to = pair_reprs
        return inputconst(r_to, r_from.frozendesc.pyobj)


class __extend__(pairtype(MultipleFrozenPBCRepr, MultipleFrozenPBCRepr)):
    def convert_from_to(pair_reprs, v, llops):
        r_from, r_to = pair_reprs
        if r_from.lowleveltype == r_to.lowleveltype:
            return v
        return NotImplemented


class MethodOfFrozenPBCRepr(Repr):
    """A method of a frozen object: Void when only one object is possible."""

    lowleveltype = Void

    def __init__(self, rtyper, s_pbc):
        self.rtyper = rtyper
        self.s_pbc = s_pbc
        self.descs = list(s_pbc.descriptions)
        funcdescs = {d.funcdesc for d in self.descs}
        frozens = {d.frozendesc for d in self.descs}
        if len(funcdescs) != 1 or len(frozens) != 1:
            raise TyperError(
                "methods of several frozen objects: %s" % (s_pbc.describe(),)
            )
        self.funcdesc = self.descs[0].funcdesc
        self.frozendesc = self.descs[0].frozendesc

    def convert_const(self, value):
        return None

    def rtype_simple_call(self, hop):
        _check_plain_call(hop)
        s_self = annmodel.SomePBC([self.frozendesc])
        args_s = [s_self] + list(hop.args_s[1:])
        graph = graph_for_call(self.rtyper, self.funcdesc, args_s)
        v_self = inputconst(Void, None)
        r_self = self.rtyper.getrepr(s_self)
        vlist = _fixed_args(hop, graph, v_self=v_self, r_self=r_self)
        return _call_graph(hop, graph, vlist)


class __extend__(pairtype(Repr, FunctionRepr)):
    pass


# ____________________________________________________________
# calling a class held in a variable (one of several classes)


class InstantiateSlot:
    """A table, indexed like the method tables by subclass id, of one small
    graph per class of the family: allocate the instance, call its
    __init__ with the call site's arguments, return it as the common base."""

    def __init__(self, rtyper, s_pbc, args_s, args_r, r_result):
        from rpython.rtyper.rclass import _cname

        self.rtyper = rtyper
        classdefs = [desc.getclassdef() for desc in s_pbc.descriptions]
        base = classdefs[0]
        for cdef in classdefs[1:]:
            base = base.commonbase(cdef)
        if base is None:
            raise TyperError("calling classes without a common base")
        self.classdef = base
        self.r_result = r_result
        self.FUNCTYPE = lltype.FuncType(
            [r.lowleveltype for r in args_r], r_result.lowleveltype
        )
        self.FUNCPTR = lltype.Ptr(self.FUNCTYPE)
        self.TABLE = lltype.Array(
            self.FUNCPTR, hints={"immutable": True, "nolength": True}
        )
        self.fptrs = {}
        self.graphs = []
        for cdef in classdefs:
            graph = build_instantiate_graph(
                rtyper, cdef, args_s, args_r, r_result,
                "instantiate_%s" % (_cname(cdef),),
            )  # fmt: skip
            self.graphs.append(graph)
            self.fptrs[cdef] = rtyper.getcallable(graph)
        self.c_table = Constant(None)
        self.c_table.concretetype = lltype.Ptr(self.TABLE)
        self.c_lo = Constant(0)
        self.c_lo.concretetype = lltype.Signed
        self.fill_table()

    def add_new_subclasses(self):
        return False  # the family of classes is fixed

    def fill_table(self):
        from rpython.rtyper.rclass import assign_subclass_ids

        ids = assign_subclass_ids(self.rtyper)
        lo, hi = ids[self.classdef]
        if self.c_table.value is not None and (lo, hi) == (self.lo, self.hi):
            return
        self.lo, self.hi = lo, hi
        table = lltype.malloc(self.TABLE, hi - lo, immortal=True)
        for i in range(hi - lo):
            table[i] = lltype.nullptr(self.FUNCTYPE)
        for cdef, fptr in self.fptrs.items():
            table[ids[cdef][0] - lo] = fptr
        self.c_table.value = table
        self.c_lo.value = lo

    def read(self, v_cls, llops):
        v_id = llops.genop(
            "getfield",
            [v_cls, inputconst(Void, "subclassrange_min")],
            resulttype=lltype.Signed,
        )
        v_index = llops.genop("int_sub", [v_id, self.c_lo], resulttype=lltype.Signed)
        return llops.genop(
            "getarrayitem", [self.c_table, v_index], resulttype=self.FUNCPTR
        )


def build_instantiate_graph(rtyper, classdef, args_s, args_r, r_result, name):
    from rpython.flowspace.model import Block, FunctionGraph, Link, Variable
    from rpython.rtyper.rclass import CLASSTYPE, OBJECTPTR, getinstancerepr
    from rpython.rtyper.rtyper import LowLevelOpList

    r_inst = getinstancerepr(rtyper, classdef)
    r_inst.setup()
    inputs = []
    for r in args_r:
        v = Variable("a")
        v.concretetype = r.lowleveltype
        inputs.append(v)
    start = Block(inputs)
    graph = FunctionGraph(name, start)
    graph._is_lowlevel_adapter = True
    llops = LowLevelOpList(rtyper, start)
    v_inst = r_inst.new_instance(llops)
    classdesc = classdef.classdesc
    initdesc = classdesc.lookup("__init__")
    init = initdesc.classdict["__init__"] if initdesc is not None else None
    if isinstance(init, types.FunctionType):
        funcdesc = rtyper.annotator.bookkeeper.getdesc(init)
        init_graph = graph_for_call(
            rtyper, funcdesc, [annmodel.SomeInstance(classdef)] + list(args_s)
        )
        if init_graph is None:
            raise TyperError("no __init__ graph for %s" % (classdef.name,))
        params = init_graph.getargs()
        defaults = init.__defaults__ or ()
        if len(inputs) > len(params) - 1:
            raise TyperError("too many arguments calling %s()" % (classdef.name,))
        vlist = [llops.convertvar(v_inst, r_inst, rtyper.bindingrepr(params[0]))]
        for i in range(1, len(params)):
            r_param = rtyper.bindingrepr(params[i])
            if i - 1 < len(inputs):
                vlist.append(llops.convertvar(inputs[i - 1], args_r[i - 1], r_param))
            else:
                idx = i - (len(params) - len(defaults))
                if idx < 0:
                    raise TyperError("missing argument calling %s()" % classdef.name)
                vlist.append(inputconst(r_param, defaults[idx]))
        fptr = rtyper.getcallable(init_graph)
        r_ret = rtyper.bindingrepr(init_graph.getreturnvar())
        llops.genop(
            "direct_call", [inputconst(lltype.typeOf(fptr), fptr)] + vlist,
            resulttype=r_ret.lowleveltype,
        )  # fmt: skip
    elif inputs and not classdesc.is_exception_class():
        raise TyperError("%s() takes no arguments" % (classdef.name,))
    v_res = llops.convertvar(v_inst, r_inst, r_result)
    start.operations.extend(llops)
    graph.getreturnvar().concretetype = r_result.lowleveltype
    graph.exceptblock.inputargs[0].concretetype = CLASSTYPE
    graph.exceptblock.inputargs[1].concretetype = OBJECTPTR
    start.closeblock(Link([v_res], graph.returnblock))
    for block in graph.iterblocks():
        rtyper.already_seen[block] = True
    rtyper.translator.graphs.append(graph)
    return graph


def get_instantiate_slot(rtyper, s_pbc, args_s, args_r, r_result):
    slots = rtyper.__dict__.setdefault("_method_slots", {})
    key = (
        "instantiate",
        frozenset(id(d) for d in s_pbc.descriptions),
        tuple(r.lowleveltype for r in args_r),
        r_result.lowleveltype,
    )
    try:
        return slots[key]
    except KeyError:
        slot = slots[key] = InstantiateSlot(rtyper, s_pbc, args_s, args_r, r_result)
        return slot
