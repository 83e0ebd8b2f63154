# ruff: noqa: F811  (each `class __extend__` adds rules to a class or pairtype)
"""Classes and instances.

Every instance is a GcStruct whose first field is its base class's struct,
down to OBJECT = GcStruct('object', ('typeptr', CLASSTYPE)).  `typeptr`
points to the class's vtable, a prebuilt immortal Struct whose first field
is the base class's vtable, down to OBJECT_VTABLE, which holds the subclass
id range: classes are numbered in preorder, so `isinstance(x, C)` is
`C.min <= x.typeptr.min < C.max` — two compares, no loop.

Attributes written on instances are instance fields (`inst_NAME`), stored in
the struct of the class where the annotator located the attribute;
attributes only ever read from the class (constants, possibly different per
subclass) are vtable fields (`cls_NAME`).  Methods called on instances whose
class is not known statically use per-method vtable slots (`cls_m_NAME`)
holding function pointers.

Exceptions are ordinary instances: the exception transform passes the pair
(vtable, instance) around; ExceptionData holds the prebuilt instances of the
builtin exceptions that low-level operations raise.
"""

from rpython.annotator import model as annmodel
from rpython.annotator.pairtype import pairtype
from rpython.rtyper.error import TyperError
from rpython.rtyper.lltypesystem import lltype
from rpython.rtyper.lltypesystem.lltype import (
    Array,
    Bool,
    Char,
    GcForwardReference,
    GcStruct,
    Ptr,
    Signed,
    Struct,
    Void,
    cast_pointer,
    malloc,
    nullptr,
)
from rpython.rtyper.rmodel import CanBeNull, Repr, inputconst
from rpython.flowspace.model import Constant

CLASSNAME = Ptr(Array(Char, hints={"immutable": True, "nolength": False}))
OBJECT_VTABLE = Struct(
    "object_vtable",
    ("subclassrange_min", Signed),
    ("subclassrange_max", Signed),
    ("name", CLASSNAME),
    hints={"immutable": True, "typeptr_root": True},
)
CLASSTYPE = Ptr(OBJECT_VTABLE)
OBJECT = GcStruct("object", ("typeptr", CLASSTYPE), hints={"typeptr": True})
OBJECTPTR = Ptr(OBJECT)


def ll_issubclass(subcls, cls):
    return cls.subclassrange_min <= subcls.subclassrange_min < cls.subclassrange_max


def ll_isinstance(obj, cls):
    if not obj:
        return False
    return ll_issubclass(obj.typeptr, cls)


def ll_type(obj):
    return obj.typeptr


def ll_class_name(vtable):
    """The host text of a vtable's class name (untranslated helper)."""
    name = vtable.name
    return "".join(name[i] for i in range(len(name)))


# ____________________________________________________________


def getclassrepr(rtyper, classdef):
    try:
        result = rtyper.class_reprs[classdef]
    except KeyError:
        result = rtyper.class_reprs[classdef] = ClassRepr(rtyper, classdef)
        rtyper.add_pendingsetup(result)
    return result


def getinstancerepr(rtyper, classdef, nullable=True):
    key = classdef
    try:
        result = rtyper.instance_reprs[key]
    except KeyError:
        result = rtyper.instance_reprs[key] = InstanceRepr(rtyper, classdef)
        rtyper.add_pendingsetup(result)
    return result


def _all_classdefs(rtyper):
    bk = rtyper.annotator.bookkeeper
    return list(getattr(bk, "classdefs", []))


def assign_subclass_ids(rtyper):
    """Number every classdef in preorder; idempotent once done."""
    state = rtyper.__dict__.setdefault("_subclass_ids", {})
    classdefs = _all_classdefs(rtyper)
    if state and len(state) == len(classdefs):
        return state
    state.clear()
    roots = [cd for cd in classdefs if cd.basedef is None]
    roots.sort(key=lambda cd: cd.name)
    counter = [0]

    def visit(cdef):
        lo = counter[0]
        counter[0] += 1
        for sub in sorted(cdef.subdefs, key=lambda cd: cd.name):
            visit(sub)
        state[cdef] = (lo, counter[0])

    for root in roots:
        visit(root)
    return state


def _numbered_vtables(rtyper):
    return rtyper.__dict__.setdefault("_numbered_vtables", [])


def refresh_subclass_ids(rtyper):
    """Make every prebuilt vtable and method table agree with the final
    subclass numbering.  Ids are handed out in preorder, so a classdef that
    appears while rtyping (e.g. `rbigint`, used by a low-level helper) shifts
    the ids of the classes after it; tables built earlier would then send a
    method call to the wrong slot (or a NULL one)."""
    ids = assign_subclass_ids(rtyper)
    for vtable, cdef in _numbered_vtables(rtyper):
        lo, hi = ids[cdef]
        vtable.subclassrange_min = lo
        vtable.subclassrange_max = hi
    more = False
    for slot in list(rtyper.__dict__.get("_method_slots", {}).values()):
        if slot.add_new_subclasses():
            more = True
        slot.fill_table()
    return more


class ClassRepr(Repr):
    """The class object (its vtable pointer); `classdef` None is `object`."""

    def __init__(self, rtyper, classdef):
        self.rtyper = rtyper
        self.classdef = classdef
        self.lowleveltype = CLASSTYPE
        if classdef is None:
            self.vtable_type = OBJECT_VTABLE
        else:
            self.vtable_type = lltype.ForwardReference()
        self.vtable = None
        self.clsfields = {}  # attr name -> (mangled field name, repr)
        self.methslots = {}  # method name -> (mangled field name, FuncType ptr)

    def __repr__(self):
        cls = self.classdef.name if self.classdef else "object"
        return "<ClassRepr %s>" % (cls,)

    def _setup_repr(self):
        if self.classdef is None:
            self.rbase = None
            return
        basedef = self.classdef.basedef
        self.rbase = getclassrepr(self.rtyper, basedef)
        self.rbase.setup()
        fields = [("super", self.rbase.vtable_type)]
        for name, attr in sorted(self.classdef.attrs.items()):
            if (
                attr.readonly
                and attr.s_value.__class__ is not annmodel.SomeImpossibleValue
            ):
                r = self.rtyper.getrepr(attr.s_value)
                mangled = "cls_" + name
                self.clsfields[name] = (mangled, r)
                fields.append((mangled, r.lowleveltype))
        kwds = {"hints": {"immutable": True}}
        self.vtable_type.become(
            Struct("vtable_%s" % _cname(self.classdef), *fields, **kwds)
        )

    def add_method_slot(self, name, FUNCPTR):
        raise TyperError("polymorphic method slots are added at setup time")

    def getvtable(self):
        """The prebuilt vtable pointer (as CLASSTYPE)."""
        if self.vtable is None:
            self.setup()
            self.vtable = malloc(self.vtable_type, immortal=True)
            self._fill_vtable(self.vtable, self)
        return cast_pointer(CLASSTYPE, self.vtable) if self.classdef else self.vtable

    def _fill_vtable(self, vtable, rsubcls):
        """Fill the part of `vtable` that belongs to this class, for the
        concrete class described by `rsubcls`."""
        if self.classdef is None:
            ids = assign_subclass_ids(self.rtyper)
            cdef = rsubcls.classdef
            if cdef is None:
                vtable.subclassrange_min = 0
                vtable.subclassrange_max = 1 << 60
                text = "object"
            else:
                lo, hi = ids[cdef]
                vtable.subclassrange_min = lo
                vtable.subclassrange_max = hi
                text = cdef.name
                # rtyping may still create classdefs (ll helpers using rlib
                # classes), which renumbers everything: remember the vtable
                # so refresh_subclass_ids() can renumber it too
                _numbered_vtables(self.rtyper).append((vtable, cdef))
            name = malloc(CLASSNAME.TO, len(text), immortal=True)
            for i, c in enumerate(text):
                name[i] = c if ord(c) < 256 else "?"
            vtable.name = name
            return
        self.rbase._fill_vtable(vtable.super, rsubcls)
        subdesc = rsubcls.classdef.classdesc
        for name, (mangled, r) in self.clsfields.items():
            owner = subdesc.lookup(name)
            if owner is None:
                continue  # abstract: never read on this class
            value = owner.classdict[name]
            setattr(vtable, mangled, r.convert_const(value))

    def convert_const(self, value):
        if value is None:
            return nullptr(OBJECT_VTABLE)
        bk = self.rtyper.annotator.bookkeeper
        classdef = bk.getuniqueclassdef(value)
        if self.classdef is not None and not classdef.issubclass(self.classdef):
            raise TyperError("%r is not a subclass of %r" % (classdef, self.classdef))
        return getclassrepr(self.rtyper, classdef).getvtable()

    def convert_desc(self, desc):
        return self.convert_const(desc.pyobj)

    def getclsfield(self, vcls, attr, llops):
        """Read the class attribute `attr` from the vtable `vcls`."""
        if attr in self.clsfields:
            mangled, r = self.clsfields[attr]
            v_vtable = llops.genop(
                "cast_pointer", [vcls], resulttype=Ptr(self.vtable_type)
            )
            cname = inputconst(Void, mangled)
            v = llops.genop("getfield", [v_vtable, cname], resulttype=r)
            return v, r
        if self.rbase is None:
            raise TyperError("no class attribute %r" % (attr,))
        return self.rbase.getclsfield(vcls, attr, llops)

    def rtype_issubtype(self, hop):
        vlist = hop.inputargs(self, getclassrepr(self.rtyper, None))
        return hop.gendirectcall(ll_issubclass, *vlist)

    def get_ll_eq_function(self):
        return None

    def get_ll_hash_function(self):
        return ll_cls_hash


def ll_cls_hash(cls):
    if not cls:
        return 0
    return cls.subclassrange_min


def _cname(classdef):
    return classdef.name.replace(".", "_")


# ____________________________________________________________


class InstanceRepr(CanBeNull, Repr):
    def __init__(self, rtyper, classdef):
        self.rtyper = rtyper
        self.classdef = classdef
        if classdef is None:
            self.object_type = OBJECT
        else:
            self.object_type = GcForwardReference()
        self.lowleveltype = Ptr(self.object_type)
        self.fields = {}  # attr name -> (mangled, repr)
        self.allinstancefields = {}
        self.prebuiltinstances = {}  # id(obj) -> (obj, ptr)

    def __repr__(self):
        cls = self.classdef.name if self.classdef else "object"
        return "<InstanceRepr %s>" % (cls,)

    def _setup_repr(self):
        if self.classdef is None:
            self.rbase = None
            self.rclass = getclassrepr(self.rtyper, None)
            return
        self.rbase = getinstancerepr(self.rtyper, self.classdef.basedef)
        self.rbase.setup()
        self.rclass = getclassrepr(self.rtyper, self.classdef)
        fields = [("super", self.rbase.object_type)]
        for name, attr in sorted(self.classdef.attrs.items()):
            if attr.readonly:
                continue
            r = self.rtyper.getrepr(attr.s_value)
            mangled = "inst_" + name
            self.fields[name] = (mangled, r)
            fields.append((mangled, r.lowleveltype))
        hints = _immutability_hints(self.classdef.classdesc.pyobj, self.fields)
        self.object_type.become(GcStruct(_cname(self.classdef), *fields, hints=hints))
        self.allinstancefields = dict(self.rbase.allinstancefields)
        self.allinstancefields.update(self.fields)

    def _setup_repr_final(self):
        self.rclass.setup()

    # construction ---------------------------------------------------------

    def new_instance(self, llops):
        """Allocate an instance with its typeptr set and fields defaulted."""
        ctype = inputconst(Void, self.object_type)
        cflags = inputconst(Void, {"flavor": "gc"})
        vptr = llops.genop("malloc", [ctype, cflags], resulttype=self.lowleveltype)
        ctypeptr = inputconst(CLASSTYPE, self.rclass.getvtable())
        self.setfield(vptr, "__class__", ctypeptr, llops)
        # class-level default values of attributes that instances also write
        desc = self.classdef.classdesc if self.classdef else None
        if desc is not None:
            for name, (mangled, r) in self.allinstancefields.items():
                owner = desc.lookup(name)
                if owner is None:
                    continue
                value = owner.classdict[name]
                if _is_method(value):
                    continue
                c = inputconst(r, value)
                self.setfield(vptr, name, c, llops)
        return vptr

    def convert_const(self, value):
        if value is None:
            return nullptr(self.object_type)
        bk = self.rtyper.annotator.bookkeeper
        classdef = bk.getuniqueclassdef(value.__class__)
        if classdef is not self.classdef:
            rinst = getinstancerepr(self.rtyper, classdef)
            rinst.setup()
            return cast_pointer(self.lowleveltype, rinst.convert_const(value))
        try:
            return self.prebuiltinstances[id(value)][1]
        except KeyError:
            pass
        self.setup()
        result = malloc(self.object_type)
        self.prebuiltinstances[id(value)] = value, result
        self.initialize_prebuilt_instance(value, classdef, result)
        return result

    def initialize_prebuilt_instance(self, value, classdef, result):
        if self.classdef is None:
            result.typeptr = getclassrepr(self.rtyper, classdef).getvtable()
            return
        self.rbase.initialize_prebuilt_instance(value, classdef, result.super)
        for name, (mangled, r) in self.fields.items():
            if r.lowleveltype is Void:
                continue
            try:
                attrvalue = getattr(value, name)
            except AttributeError:
                continue  # never set: keep the zero value
            if attrvalue is None and isinstance(value, BaseException):
                continue  # e.g. OSError().errno: the zero value stands for it
            setattr(result, mangled, r.convert_const(attrvalue))

    # field access ---------------------------------------------------------

    def _find_field(self, attr):
        r = self
        while r is not None:
            if r.classdef is None:
                break
            if attr in r.fields:
                return r
            r = r.rbase
        return None

    def getfield(self, vinst, attr, llops):
        if attr == "__class__":
            return self._get_typeptr(vinst, llops)
        owner = self._find_field(attr)
        if owner is None:
            raise TyperError("%r has no instance attribute %r" % (self, attr))
        mangled, r = owner.fields[attr]
        if owner is not self:
            vinst = llops.genop("cast_pointer", [vinst], resulttype=owner.lowleveltype)
        cname = inputconst(Void, mangled)
        return llops.genop("getfield", [vinst, cname], resulttype=r)

    def setfield(self, vinst, attr, vvalue, llops):
        if attr == "__class__":
            vobj = llops.genop("cast_pointer", [vinst], resulttype=OBJECTPTR)
            llops.genop("setfield", [vobj, inputconst(Void, "typeptr"), vvalue])
            return
        owner = self._find_field(attr)
        if owner is None:
            raise TyperError("%r has no instance attribute %r" % (self, attr))
        mangled, r = owner.fields[attr]
        if owner is not self:
            vinst = llops.genop("cast_pointer", [vinst], resulttype=owner.lowleveltype)
        llops.genop("setfield", [vinst, inputconst(Void, mangled), vvalue])

    def _get_typeptr(self, vinst, llops):
        if self.classdef is not None:
            vinst = llops.genop("cast_pointer", [vinst], resulttype=OBJECTPTR)
        return llops.genop("getfield", [vinst, inputconst(Void, "typeptr")],
                           resulttype=CLASSTYPE)  # fmt: skip

    def rtype_type(self, hop):
        (vinst,) = hop.inputargs(self)
        return self._get_typeptr(vinst, hop.llops)

    def rtype_getattr(self, hop):
        attr = hop.args_s[1].const
        (vinst, _) = hop.inputargs(self, Void)
        if attr == "__class__" and hop.r_result.lowleveltype is Void:
            return hop.inputconst(Void, None)
        if attr == "__class__":
            return self._get_typeptr(vinst, hop.llops)
        if self._find_field(attr) is not None:
            return self.getfield(vinst, attr, hop.llops)
        s_result = hop.s_result
        if isinstance(s_result, annmodel.SomePBC) and _all_methods(s_result):
            # a bound method: its repr keeps the instance
            return hop.llops.convertvar(vinst, self, hop.r_result.r_im_self)
        # a class attribute stored in the vtable
        vcls = self._get_typeptr(vinst, hop.llops)
        rcls = self.rclass
        v, r = rcls.getclsfield(vcls, attr, hop.llops)
        return hop.llops.convertvar(v, r, hop.r_result)

    def rtype_setattr(self, hop):
        attr = hop.args_s[1].const
        owner = self._find_field(attr)
        if owner is None:
            raise TyperError("%r: setting unknown attribute %r" % (self, attr))
        r_value = owner.fields[attr][1]
        vinst, _, vvalue = hop.inputargs(self, Void, r_value)
        self.setfield(vinst, attr, vvalue, hop.llops)

    def rtype_bool(self, hop):
        (vinst,) = hop.inputargs(self)
        return hop.genop("ptr_nonzero", [vinst], resulttype=Bool)

    def rtype_isinstance(self, hop):
        return rtype_isinstance(hop)

    def rtype_id(self, hop):
        from rpython.rtyper.rmodel import genop_id

        (vinst,) = hop.inputargs(self)
        return genop_id(hop, vinst)

    def rtype_hash(self, hop):
        (vinst,) = hop.inputargs(self)
        return hop.genop("gc_identityhash", [vinst], resulttype=Signed)

    def get_ll_eq_function(self):
        return None

    def get_ll_hash_function(self):
        return ll_inst_hash

    def ll_str(self, inst):
        from rpython.rtyper.rstr import ll_instance_str

        return ll_instance_str(cast_pointer(OBJECTPTR, inst))

    def rtype_str(self, hop):
        from rpython.rtyper.rstr import ll_instance_str

        (vinst,) = hop.inputargs(self)
        if self.classdef is not None:
            from rpython.annotator.unaryop import user_str_method

            name = user_str_method(self.classdef, hop.spaceop.opname)
            if name is not None:
                return self._rtype_user_str(vinst, hop, name)
        if hop.spaceop.opname == "str" and self._is_builtin_exception_str():
            return self._rtype_exception_str(vinst, hop)
        vobj = hop.llops.convertvar(vinst, self, getinstancerepr(self.rtyper, None))
        return hop.gendirectcall(ll_instance_str, vobj)

    rtype_repr = rtype_str

    def _rtype_user_str(self, vinst, hop, name):
        """str(obj) is obj.__str__() (or __repr__): a method call (through
        the method table when subclasses override it)."""
        from rpython.rtyper.rstr import string_repr

        s_meth = annmodel.SomePBC(self.classdef.lookup_method(name))
        r_meth = self.rtyper.getrepr(s_meth)
        v_meth = hop.llops.convertvar(vinst, self, r_meth.r_im_self)
        hop2 = hop.copy()
        hop2.args_v = [v_meth]
        hop2.args_r = [r_meth]
        hop2.args_s = [s_meth]
        hop2.s_result = annmodel.SomeString()
        hop2.r_result = string_repr
        return r_meth.rtype_simple_call(hop2)

    def _is_builtin_exception_str(self):
        """str() of an exception whose class defines no __str__ is its
        message, as the builtin exception constructors keep it."""
        if self.classdef is None:
            return False
        desc = self.classdef.classdesc
        return desc.is_exception_class() and desc.lookup("__str__") is None

    def _rtype_exception_str(self, vinst, hop):
        """The message (made by the constructor: already the repr of the
        key for a KeyError); for an OSError(errno, strerror), checked at run
        time, "[Errno N] strerror"."""
        from rpython.annotator.description import EXC_MESSAGE_ATTR
        from rpython.rtyper.rstr import STR

        llops = hop.llops
        if self._find_field(EXC_MESSAGE_ATTR) is not None:
            v_msg = self.getfield(vinst, EXC_MESSAGE_ATTR, llops)
        else:
            v_msg = inputconst(Ptr(STR), nullptr(STR))
        v_obj = llops.convertvar(vinst, self, getinstancerepr(self.rtyper, None))
        c_oserror = self._related_vtable(OSError)
        if c_oserror.value:
            r_os = getinstancerepr(self.rtyper, self._related_classdef(OSError))
            if "errno" in r_os.fields and "strerror" in r_os.fields:
                v_os = llops.genop(
                    "cast_pointer", [vinst], resulttype=r_os.lowleveltype
                )
                return hop.gendirectcall(
                    ll_exception_str_os, v_obj, v_msg, c_oserror, v_os
                )
        return hop.gendirectcall(ll_exception_str, v_msg)

    def _related_classdef(self, cls):
        """The classdef of `cls` if instances of self may be `cls`es."""
        bk = self.rtyper.annotator.bookkeeper
        classdef = bk.getdesc(cls)._classdef  # never create one here
        if classdef is None:
            return None
        if classdef.issubclass(self.classdef) or self.classdef.issubclass(classdef):
            return classdef
        return None

    def _related_vtable(self, cls):
        classdef = self._related_classdef(cls)
        if classdef is None:
            return inputconst(CLASSTYPE, nullptr(OBJECT_VTABLE))
        return inputconst(CLASSTYPE, getclassrepr(self.rtyper, classdef).getvtable())


def ll_exception_str(msg):
    from rpython.rtyper.annlowlevel import llstr

    if not msg:
        return llstr("")
    return msg


def ll_exception_str_os(obj, msg, oserror_cls, oserror):
    from rpython.rtyper.annlowlevel import hlstr, llstr

    # `oserror` is a cast that is only valid for an OSError: read its
    # fields only after the class check
    if ll_issubclass(obj.typeptr, oserror_cls) and oserror.inst_strerror:
        text = "[Errno %d] %s" % (oserror.inst_errno, hlstr(oserror.inst_strerror))
        return llstr(text)
    return ll_exception_str(msg)


def _immutability_hints(cls, fields):
    """lltype hints from `_immutable_ = True` (in the class or a base) and
    `_immutable_fields_` entries ("x", "x[*]"; quasi-immutable "x?" can
    change): {"immutable": True} or {"immutable_fields": {mangled: True}}
    for this struct's own fields (the stm pass reads them)."""
    hints = {}
    if not isinstance(cls, type):
        return hints
    if getattr(cls, "_immutable_", False) is True:
        hints["immutable"] = True
        return hints
    declared = {}
    for klass in cls.__mro__:
        for entry in klass.__dict__.get("_immutable_fields_", ()):
            if not isinstance(entry, str) or entry.endswith("?"):
                continue
            if entry.endswith("[*]"):
                entry = entry[:-3]
            declared[entry] = True
    own = {}
    for name, (mangled, r) in fields.items():
        if name in declared:
            own[mangled] = True
    if own:
        hints["immutable_fields"] = own
    return hints


def ll_inst_hash(inst):
    from rpython.rtyper.lltypesystem.lloperation import llop

    if not inst:
        return 0
    return llop.gc_identityhash(Signed, inst)


def _is_method(value):
    import types

    return isinstance(value, types.FunctionType)


def _all_methods(s_pbc):
    from rpython.annotator.description import MethodDesc

    return all(isinstance(d, MethodDesc) for d in s_pbc.descriptions)


class __extend__(pairtype(InstanceRepr, InstanceRepr)):
    def convert_from_to(pair_reprs, v, llops):
        r_ins1, r_ins2 = pair_reprs
        if r_ins1.lowleveltype == r_ins2.lowleveltype:
            return v
        c1 = r_ins1.classdef
        c2 = r_ins2.classdef
        if c2 is None or (c1 is not None and c1.issubclass(c2)):
            return llops.genop("cast_pointer", [v], resulttype=r_ins2.lowleveltype)
        if c1 is None or c2.issubclass(c1):
            # a down-cast the annotator proved safe
            return llops.genop("cast_pointer", [v], resulttype=r_ins2.lowleveltype)
        return NotImplemented

    def rtype_is_(pair_reprs, hop):
        r1, r2 = pair_reprs
        if r1.classdef is None or r2.classdef is None:
            rroot = getinstancerepr(hop.rtyper, None)
        else:
            common = r1.classdef.commonbase(r2.classdef)
            rroot = getinstancerepr(hop.rtyper, common)
        vlist = hop.inputargs(rroot, rroot)
        return hop.genop("ptr_eq", vlist, resulttype=Bool)

    rtype_eq = rtype_is_

    def rtype_ne(pair_reprs, hop):
        v = pair(*pair_reprs).rtype_eq(hop)
        return hop.genop("bool_not", [v], resulttype=Bool)


from rpython.annotator.pairtype import pair  # noqa: E402


def rtype_isinstance(hop):
    """isinstance(x, C) with a constant class C."""
    s_cls = hop.args_s[1]
    if hop.s_result.is_constant():
        return hop.inputconst(Bool, hop.s_result.const)
    if not s_cls.is_constant():
        raise TyperError("isinstance() with a non-constant class")
    classes = s_cls.const
    if not isinstance(classes, tuple):
        classes = (classes,)
    r_obj = hop.args_r[0]
    if not isinstance(r_obj, InstanceRepr):
        raise TyperError("isinstance(%r, %r)" % (r_obj, classes))
    bk = hop.rtyper.annotator.bookkeeper
    rroot = getinstancerepr(hop.rtyper, None)
    v_obj = hop.inputarg(rroot, arg=0)
    hop.exception_cannot_occur()
    v_result = None
    for cls in classes:
        classdef = bk.getuniqueclassdef(cls)
        vtable = getclassrepr(hop.rtyper, classdef).getvtable()
        c_cls = hop.inputconst(CLASSTYPE, vtable)
        v = hop.gendirectcall(ll_isinstance, v_obj, c_cls)
        if v_result is None:
            v_result = v
        else:
            v1 = hop.genop("cast_bool_to_int", [v_result], resulttype=Signed)
            v2 = hop.genop("cast_bool_to_int", [v], resulttype=Signed)
            v3 = hop.genop("int_or", [v1, v2], resulttype=Signed)
            v_result = hop.genop("int_is_true", [v3], resulttype=Bool)
    return v_result


# ____________________________________________________________
# annotations -> reprs


class __extend__(annmodel.SomeInstance):
    def rtyper_makerepr(self, rtyper):
        return getinstancerepr(rtyper, self.classdef)

    def rtyper_makekey(self):
        return self.__class__, self.classdef


class __extend__(annmodel.SomeType):
    def rtyper_makerepr(self, rtyper):
        return getclassrepr(rtyper, None)

    def rtyper_makekey(self):
        return (self.__class__,)


class __extend__(annmodel.SomeException):
    def rtyper_makerepr(self, rtyper):
        return getinstancerepr(rtyper, None)

    def rtyper_makekey(self):
        return (self.__class__,)


class __extend__(pairtype(ClassRepr, ClassRepr)):
    def convert_from_to(pair_reprs, v, llops):
        return v

    def rtype_is_(pair_reprs, hop):
        vlist = hop.inputargs(pair_reprs[0], pair_reprs[0])
        return hop.genop("ptr_eq", vlist, resulttype=Bool)

    rtype_eq = rtype_is_


# ____________________________________________________________
# exceptions

STANDARD_EXCEPTIONS = [
    OverflowError,
    ZeroDivisionError,
    MemoryError,
    IndexError,
    KeyError,
    ValueError,
    TypeError,
    RecursionError,
    StopIteration,
    AssertionError,
    NotImplementedError,
    RuntimeError,
    OSError,
]


class ExceptionData:
    """What the exception transform and the llinterp need about exceptions."""

    lltype_of_exception_type = CLASSTYPE
    lltype_of_exception_value = OBJECTPTR

    def __init__(self, rtyper):
        self.rtyper = rtyper
        self._standard = {}
        self._vtable_to_class = {}
        self.fn_exception_match = None
        self.fn_type_of_exc_inst = None

    @property
    def r_exception_type(self):
        return getclassrepr(self.rtyper, None)

    @property
    def r_exception_value(self):
        return getinstancerepr(self.rtyper, None)

    def _classdef(self, cls):
        return self.rtyper.annotator.bookkeeper.getuniqueclassdef(cls)

    def make_helpers(self):
        """Called before rtyping: make sure the standard exceptions exist."""
        for cls in STANDARD_EXCEPTIONS:
            self._classdef(cls)

    def finish(self):
        """Called after rtyping: build the helpers the C backend calls."""
        rtyper = self.rtyper
        s_cls = _s_classtype()
        graph = rtyper.annotate_helper(ll_issubclass, [s_cls, s_cls])
        self.fn_exception_match = rtyper.getcallable(graph)
        from rpython.rtyper.llannotation import SomePtr

        graph = rtyper.annotate_helper(ll_type, [SomePtr(OBJECTPTR)])
        self.fn_type_of_exc_inst = rtyper.getcallable(graph)
        for cls in STANDARD_EXCEPTIONS:
            self.get_standard_ll_exc_instance_by_class(cls)

    def get_ll_vtable_of_class(self, cls):
        classdef = self._classdef(cls)
        vtable = getclassrepr(self.rtyper, classdef).getvtable()
        self._vtable_to_class[_vkey(vtable)] = cls
        return vtable

    def get_standard_ll_exc_instance_by_class(self, cls):
        try:
            return self._standard[cls]
        except KeyError:
            pass
        classdef = self._classdef(cls)
        rinst = getinstancerepr(self.rtyper, classdef)
        rinst.setup()
        self.rtyper.call_all_setups()
        ptr = rinst.convert_const(cls())
        result = cast_pointer(OBJECTPTR, ptr)
        self._standard[cls] = result
        self.get_ll_vtable_of_class(cls)
        return result

    get_standard_ll_exc_instance = get_standard_ll_exc_instance_by_class

    def ll_type_of_exc_inst(self, evalue):
        return evalue.typeptr

    def ll_exception_match(self, etype, llexitcase):
        return ll_issubclass(etype, llexitcase)

    def host_class_of_vtable(self, etype):
        key = _vkey(etype)
        if key in self._vtable_to_class:
            return self._vtable_to_class[key]
        # any class the rtyper built a vtable for
        for classdef, rcls in self.rtyper.class_reprs.items():
            if classdef is not None and rcls.vtable is not None:
                if _vkey(rcls.getvtable()) == key:
                    return classdef.classdesc.pyobj
        return None


def _vkey(vtable):
    return id(lltype.normalizeptr(vtable)._obj)


def _s_classtype():
    from rpython.rtyper.llannotation import SomePtr

    return SomePtr(CLASSTYPE)


# ____________________________________________________________
# overridden methods: one prebuilt table of function pointers per
# (static class, method name), indexed by the subclass id of the receiver


class MethodSlot:
    def __init__(self, rtyper, classdef, name, args_s):
        self.rtyper = rtyper
        self.classdef = classdef
        self.name = name
        self.r_self = getinstancerepr(rtyper, classdef)
        bk = rtyper.annotator.bookkeeper
        from rpython.rtyper.rpbc import graph_for_call

        self.args_s = args_s
        impl_graphs = {}  # classdef -> graph
        graphs = []
        for cdef in classdef.getallsubdefs():
            owner = cdef.classdesc.lookup(name)
            if owner is None or not _is_method(owner.classdict[name]):
                continue
            funcdesc = bk.getdesc(owner.classdict[name])
            graph = graph_for_call(rtyper, funcdesc, args_s)
            impl_graphs[cdef] = graph
            if graph not in graphs:
                graphs.append(graph)
        if not graphs:
            raise TyperError("no implementation of method %r" % (name,))
        self.sample_graph = graphs[0]
        # the common signature: self as the static class, the other
        # arguments and the result as the union over all implementations
        nparams = len(self.sample_graph.getargs())
        self.args_r = []
        try:
            for i in range(1, nparams):
                s_arg = annmodel.unionof(
                    *[rtyper.binding(g.getargs()[i]) for g in graphs]
                )
                self.args_r.append(rtyper.getrepr(s_arg))
            s_res = annmodel.unionof(
                *[rtyper.binding(g.getreturnvar()) for g in graphs]
            )
        except annmodel.UnionError as e:
            raise TyperError(
                "the implementations of method %r differ in signature: %s" % (name, e)
            )
        self.r_result = rtyper.getrepr(s_res)
        rtyper.call_all_setups()
        args = [self.r_self.lowleveltype] + [r.lowleveltype for r in self.args_r]
        self.FUNCTYPE = lltype.FuncType(args, self.r_result.lowleveltype)
        self.FUNCPTR = Ptr(self.FUNCTYPE)
        self.wrapped = {}  # graph -> its adapter
        self.graphs = []
        for graph in graphs:
            self.wrapped[graph] = self._adapt(graph)
            self.graphs.append(self.wrapped[graph].graph_for_table)
        self.impl_fptrs = {}  # classdef -> function pointer
        for cdef, graph in impl_graphs.items():
            self.impl_fptrs[cdef] = self.wrapped[graph].fptr
        self.TABLE = Array(self.FUNCPTR, hints={"immutable": True, "nolength": True})
        # the graphs reading the table hold these two Constants; when the
        # subclass ids change, fill_table() updates their values in place
        self.c_table = Constant(None)
        self.c_table.concretetype = Ptr(self.TABLE)
        self.c_lo = Constant(0)
        self.c_lo.concretetype = Signed
        self.fill_table()

    def add_new_subclasses(self):
        """Subclasses whose classdef appeared after this table was built
        (while rtyping): their implementation, inherited or overriding.
        Returns True if a graph still has to be annotated and rtyped."""
        from rpython.rtyper.rpbc import graph_for_call

        rtyper = self.rtyper
        annotator = rtyper.annotator
        bk = annotator.bookkeeper
        more = False
        for cdef in self.classdef.getallsubdefs():
            if cdef in self.impl_fptrs:
                continue
            owner = cdef.classdesc.lookup(self.name)
            if owner is None or not _is_method(owner.classdict[self.name]):
                continue
            func = owner.classdict[self.name]
            funcdesc = bk.getdesc(func)
            graph = graph_for_call(rtyper, funcdesc, self.args_s)
            if graph is None or graph.startblock not in annotator.annotated:
                # an override never called so far: annotate it for this slot
                args_s = [annmodel.SomeInstance(owner.getclassdef())]
                args_s += list(self.args_s[1:])
                annotator.annotate_helper(func, args_s)
                more = True
                continue
            if not all(b in rtyper.already_seen for b in graph.iterblocks()):
                more = True
                continue
            if graph not in self.wrapped:
                self.wrapped[graph] = self._adapt(graph)
                self.graphs.append(self.wrapped[graph].graph_for_table)
            self.impl_fptrs[cdef] = self.wrapped[graph].fptr
            self.c_table.value = None  # rebuild
        return more

    def fill_table(self):
        """(Re)build the table for the current subclass ids."""
        lo, hi = assign_subclass_ids(self.rtyper)[self.classdef]
        if self.c_table.value is not None and (lo, hi) == (self.lo, self.hi):
            return
        self.lo, self.hi = lo, hi
        ids = assign_subclass_ids(self.rtyper)
        table = malloc(self.TABLE, hi - lo, immortal=True)
        for i in range(hi - lo):
            table[i] = nullptr(self.FUNCTYPE)
        for cdef, fptr in self.impl_fptrs.items():
            table[ids[cdef][0] - lo] = fptr
        self.table = table
        self.c_table.value = table
        self.c_lo.value = lo

    def _adapt(self, graph):
        rtyper = self.rtyper
        result = _Adapted()
        FT = rtyper.functype_of_graph(graph)
        if FT == self.FUNCTYPE:
            result.fptr = rtyper.getcallable(graph)
            result.graph_for_table = graph
            return result
        result.graph_for_table = build_adapter_graph(
            rtyper, graph, self.FUNCTYPE, [self.r_self] + self.args_r, self.r_result,
            "%s_as_%s" % (graph.name, _cname(self.classdef)),
        )  # fmt: skip
        result.fptr = rtyper.getcallable(result.graph_for_table)
        return result

    def read(self, v_self, llops):
        """The function pointer for the receiver v_self."""
        c_table = self.c_table
        v_obj = llops.genop("cast_pointer", [v_self], resulttype=OBJECTPTR)
        v_cls = llops.genop("getfield", [v_obj, inputconst(Void, "typeptr")],
                            resulttype=CLASSTYPE)  # fmt: skip
        v_id = llops.genop(
            "getfield",
            [v_cls, inputconst(Void, "subclassrange_min")],
            resulttype=Signed,
        )
        v_index = llops.genop("int_sub", [v_id, self.c_lo], resulttype=Signed)
        return llops.genop("getarrayitem", [c_table, v_index], resulttype=self.FUNCPTR)


class _Adapted:
    fptr = None
    graph_for_table = None


def get_method_slot(rtyper, classdef, name, args_s):
    cache = rtyper.__dict__.setdefault("_method_slots", {})
    key = (classdef, name)
    try:
        return cache[key]
    except KeyError:
        slot = cache[key] = MethodSlot(rtyper, classdef, name, args_s)
        return slot


def build_adapter_graph(rtyper, graph, FUNCTYPE, args_r, r_result, name):
    """A low-level graph with signature FUNCTYPE (whose arguments have the
    reprs args_r) that converts its arguments to the reprs of `graph`'s
    parameters, calls `graph` and converts the result to r_result."""
    from rpython.flowspace.model import Block, FunctionGraph, Link, Variable
    from rpython.rtyper.rtyper import LowLevelOpList

    inputs = []
    for T in FUNCTYPE.ARGS:
        v = Variable("a")
        v.concretetype = T
        inputs.append(v)
    start = Block(inputs)
    adapter = FunctionGraph(name, start)
    adapter._is_lowlevel_adapter = True
    llops = LowLevelOpList(rtyper, start)
    params = graph.getargs()
    args_v = []
    for i, (v, p) in enumerate(zip(inputs, params)):
        r_param = rtyper.bindingrepr(p)
        if v.concretetype == r_param.lowleveltype:
            args_v.append(v)
        elif i == 0:
            args_v.append(
                llops.genop("cast_pointer", [v], resulttype=r_param.lowleveltype)
            )
        else:
            args_v.append(llops.convertvar(v, args_r[i], r_param))
    fptr = rtyper.getcallable(graph)
    r_ret = rtyper.bindingrepr(graph.getreturnvar())
    v_res = llops.genop(
        "direct_call", [inputconst(lltype.typeOf(fptr), fptr)] + args_v,
        resulttype=r_ret.lowleveltype,
    )  # fmt: skip
    if FUNCTYPE.RESULT is Void:
        v_res = inputconst(Void, None)
    elif r_ret.lowleveltype is Void:
        # this implementation never returns normally
        v_res = inputconst(FUNCTYPE.RESULT, FUNCTYPE.RESULT._defl())
    elif r_ret.lowleveltype != FUNCTYPE.RESULT:
        v_res = llops.convertvar(v_res, r_ret, r_result)
    start.operations.extend(llops)
    adapter.getreturnvar().concretetype = FUNCTYPE.RESULT
    for v in adapter.exceptblock.inputargs:
        v.concretetype = Void
    adapter.exceptblock.inputargs[0].concretetype = CLASSTYPE
    adapter.exceptblock.inputargs[1].concretetype = OBJECTPTR
    start.closeblock(Link([v_res], adapter.returnblock))
    for block in adapter.iterblocks():
        rtyper.already_seen[block] = True
    rtyper.translator.graphs.append(adapter)
    rtyper.adapter_graphs = getattr(rtyper, "adapter_graphs", []) + [adapter]
    return adapter
