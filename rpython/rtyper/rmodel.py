# ruff: noqa: F811  (each `class __extend__` adds rules to a class or pairtype)
"""Representations: how the values of one annotation look at the low level.

The rtyper picks one Repr per annotation (`rtyper.getrepr(s_obj)`, cached by
`s_obj.rtyper_makekey()`); a Repr knows its `lowleveltype`, converts
prebuilt constants (`convert_const`), and turns each high-level operation on
its values into low-level operations: `rtype_len(hop)` for unary operations,
`pair(r1, r2).rtype_add(hop)` for binary ones.  `convert_from_to` on a pair
of reprs converts values when a variable flows into one with another repr.
"""

from rpython.annotator import model as annmodel
from rpython.annotator.pairtype import extendabletype, pair, pairtype
from rpython.flowspace.model import Constant
from rpython.rtyper.error import TyperError
from rpython.rtyper.lltypesystem import lltype
from rpython.rtyper.lltypesystem.lltype import Bool, Signed, Void


class setupstate:
    NOTINITIALIZED = 0
    INPROGRESS = 1
    BROKEN = 2
    FINISHED = 3
    DELAYED = 4


class Repr(metaclass=extendabletype):
    """One low-level representation; subclasses set `lowleveltype`."""

    _initialized = setupstate.NOTINITIALIZED
    __NOT_RPYTHON__ = True

    def __repr__(self):
        return "<%s %s>" % (self.__class__.__name__, self.lowleveltype)

    def compact_repr(self):
        return "%s %s" % (
            self.__class__.__name__.replace("Repr", "R"),
            self.lowleveltype._short_name(),
        )

    def setup(self):
        """Finish building the repr (may need other reprs: recursion-safe)."""
        if self._initialized == setupstate.FINISHED:
            return
        if self._initialized == setupstate.BROKEN:
            raise BrokenReprTyperError("cannot setup already failed Repr: %r" % self)
        if self._initialized == setupstate.INPROGRESS:
            raise AssertionError("recursive invocation of Repr setup(): %r" % self)
        if self._initialized == setupstate.DELAYED:
            raise AssertionError("Repr setup() is delayed and cannot be called yet")
        self._initialized = setupstate.INPROGRESS
        try:
            self._setup_repr()
        except TyperError:
            self._initialized = setupstate.BROKEN
            raise
        self._initialized = setupstate.FINISHED

    def _setup_repr(self):
        pass

    def setup_final(self):
        """Called after every repr is set up (vtables, prebuilt data)."""
        if self._initialized == setupstate.FINISHED:
            self._setup_repr_final()

    def _setup_repr_final(self):
        pass

    def set_setup_delayed(self, flag):
        if flag:
            self._initialized = setupstate.DELAYED
        else:
            self._initialized = setupstate.NOTINITIALIZED

    def set_setup_maybe_delayed(self):
        if self._initialized == setupstate.NOTINITIALIZED:
            self._initialized = setupstate.DELAYED
        return self._initialized == setupstate.DELAYED

    def is_setup_delayed(self):
        return self._initialized == setupstate.DELAYED

    def __getattr__(self, name):
        # reprs may be set up lazily: a missing attribute while not set up is
        # reported clearly instead of as a mysterious AttributeError later
        if name[:2] != "__" and self._initialized != setupstate.FINISHED:
            init = self._initialized
            if init == setupstate.NOTINITIALIZED or init == setupstate.DELAYED:
                raise AttributeError(
                    "%s.%s: the repr is not set up yet"
                    % (self.__class__.__name__, name)
                )
        raise AttributeError(
            "%s instance has no attribute %r" % (self.__class__.__name__, name)
        )

    def convert_desc_or_const(self, desc_or_const):
        from rpython.annotator.description import Desc

        if isinstance(desc_or_const, Desc):
            return self.convert_desc(desc_or_const)
        return self.convert_const(desc_or_const)

    def convert_const(self, value):
        """Convert a prebuilt Python object to a low-level value."""
        if self.lowleveltype is Void:
            return None
        T = self.lowleveltype
        if isinstance(T, lltype.Primitive) and not T._contains_value(value):
            if isinstance(T, lltype.Number) and isinstance(value, (bool, int)):
                return lltype.cast_primitive(T, int(value))
            raise TyperError("convert_const(self = %r, value = %r)" % (self, value))
        return value

    def get_ll_eq_function(self):
        """An ll function for ==, or None for the primitive comparison."""
        raise TyperError("no equality function for %r" % self)

    def get_ll_hash_function(self):
        raise TyperError("no hashing function for %r" % self)

    def get_ll_fasthash_function(self):
        return None

    def can_ll_be_null(self, s_value):
        return s_value.can_be_none()

    def get_ll_dummyval_obj(self, rtyper, s_value):
        return None

    # default rtype_* -----------------------------------------------------

    def rtype_bltn_list(self, hop):
        raise TyperError("no list() support for %r" % self)

    def rtype_unichr(self, hop):
        raise TyperError("no unichr() support for %r" % self)

    def rtype_len(self, hop):
        raise TyperError("len() on %r" % self)

    def rtype_bool(self, hop):
        try:
            vlen = self.rtype_len(hop)
        except TyperError:
            raise TyperError("bool() on %r" % self)
        return hop.genop("int_is_true", [vlen], resulttype=Bool)

    def rtype_isinstance(self, hop):
        raise TyperError("isinstance() on %r" % self)

    def rtype_hash(self, hop):
        ll_hash = self.get_ll_hash_function()
        (v,) = hop.inputargs(self)
        return hop.gendirectcall(ll_hash, v)

    def rtype_iter(self, hop):
        r_iter = self.make_iterator_repr()
        return r_iter.newiter(hop)

    def make_iterator_repr(self, *variant):
        raise TyperError("iteration over %r" % (self,))

    def rtype_hint(self, hop):
        return hop.inputarg(hop.r_result, arg=0)

    def rtype_getattr(self, hop):
        s_attr = hop.args_s[1]
        if s_attr.is_constant() and isinstance(s_attr.const, str):
            if isinstance(hop.s_result, annmodel.SomeBuiltin):
                # a method of a builtin type: the bound method's value is
                # the receiver, called later by rtype_method_<name>
                return hop.inputarg(self, arg=0)
            if hop.s_result.is_constant():
                return inputconst(hop.r_result, hop.s_result.const)
            raise TyperError("no attribute %r on %r" % (s_attr.const, self))
        raise TyperError("getattr() with a non-constant attribute name")

    def rtype_str(self, hop):
        ll_str = getattr(self, "ll_str", None)
        if ll_str is None:
            raise TyperError("str() of %r is not supported" % (self,))
        [v_self] = hop.inputargs(self)
        return hop.gendirectcall(ll_str, v_self)

    def rtype_repr(self, hop):
        return self.rtype_str(hop)

    def rtype_id(self, hop):
        if not isinstance(self.lowleveltype, lltype.Ptr):
            raise TyperError("id() of an instance of the non-pointer %r" % (self,))
        (vobj,) = hop.inputargs(self)
        return genop_id(hop, vobj)

    def rtype_simple_call(self, hop):
        raise TyperError("calling %r" % (self,))

    def rtype_call_args(self, hop):
        raise TyperError("calling %r with keyword or *args arguments" % (self,))

    def _vanilla_unary(name):
        def rtype(self, hop):
            raise TyperError("operation %s on %r is not supported" % (name, self))

        return rtype

    rtype_neg = _vanilla_unary("neg")
    rtype_pos = _vanilla_unary("pos")
    rtype_abs = _vanilla_unary("abs")
    rtype_invert = _vanilla_unary("invert")
    rtype_int = _vanilla_unary("int")
    rtype_float = _vanilla_unary("float")
    rtype_ord = _vanilla_unary("ord")
    rtype_chr = _vanilla_unary("chr")
    rtype_next = _vanilla_unary("next")
    rtype_abs_ovf = _vanilla_unary("abs_ovf")
    rtype_neg_ovf = _vanilla_unary("neg_ovf")
    del _vanilla_unary

    def rtype_not_(self, hop):
        v = hop.dispatch_unary("bool")
        return hop.genop("bool_not", [v], resulttype=Bool)

    def rtype_setattr(self, hop):
        raise TyperError("setattr() on %r" % (self,))

    def rtype_type(self, hop):
        raise TyperError("type() on %r" % (self,))

    def rtype_format(self, hop):
        raise TyperError("format() on %r" % (self,))


class __extend__(annmodel.SomeObject):
    def rtyper_makerepr(self, rtyper):
        raise TyperError("no low-level representation for %s" % (self.describe(),))

    def rtyper_makekey(self):
        return self.__class__, getattr(self, "const", _NoConst)


class _NoConst:
    pass


class __extend__(annmodel.SomeImpossibleValue):
    def rtyper_makerepr(self, rtyper):
        return impossible_repr

    def rtyper_makekey(self):
        return (self.__class__,)


# ____________________________________________________________


class __extend__(pairtype(Repr, Repr)):
    def rtype_is_(pair_reprs, hop):
        robj1, robj2 = pair_reprs
        if hop.s_result.is_constant():
            return inputconst(Bool, hop.s_result.const)
        return hop.rtyper.generic_is(robj1, robj2, hop)

    # default implementation for checked getitems
    def rtype_getitem_idx(pair_reprs, hop):
        return pair(*pair_reprs).rtype_getitem(hop)

    def convert_from_to(pair_reprs, v, llops):
        return NotImplemented


class CanBeNull:
    """A mixin for reprs of nullable pointers: bool() is a null check."""

    def rtype_bool(self, hop):
        if hop.s_result.is_constant():
            return hop.inputconst(Bool, hop.s_result.const)
        vlist = hop.inputargs(self)
        return hop.genop("ptr_nonzero", vlist, resulttype=Bool)


class IteratorRepr(Repr):
    """Base class of all iterator reprs."""

    def rtype_iter(self, hop):
        # iter() of an iterator is the iterator itself
        (v,) = hop.inputargs(self)
        return v

    def iterator_type(self):
        raise NotImplementedError


class VoidRepr(Repr):
    lowleveltype = Void

    def get_ll_eq_function(self):
        return None

    def get_ll_hash_function(self):
        return ll_hash_void

    get_ll_fasthash_function = get_ll_hash_function

    def ll_str(self, nothing):
        raise AssertionError("unreachable code")


impossible_repr = VoidRepr()


class SimplePointerRepr(Repr):
    """Pointers to anything, compared by address."""

    def __init__(self, lowleveltype):
        self.lowleveltype = lowleveltype

    def convert_const(self, value):
        return value


def ll_hash_void(v):
    return 0


# ____________________________________________________________


def genop_id(hop, vobj):
    """id(obj): stable for the object's life.  A moving GC changes the
    address of a young object, so GC objects use `gc_id`, not the address."""
    hop.exception_cannot_occur()
    if vobj.concretetype.TO._gckind == "gc":
        return hop.genop("gc_id", [vobj], resulttype=Signed)
    return hop.genop("cast_ptr_to_int", [vobj], resulttype=Signed)


def inputconst(reqtype, value):
    """A Constant of low-level type (or repr) `reqtype` holding `value`,
    converted if `reqtype` is a Repr."""
    if isinstance(reqtype, Repr):
        value = reqtype.convert_const(value)
        lltype_ = reqtype.lowleveltype
    elif isinstance(reqtype, lltype.LowLevelType):
        lltype_ = reqtype
    else:
        raise TypeError(repr(reqtype))
    if lltype_ is not Void and not lltype_._contains_value(value):
        if lltype_ is lltype.Float and isinstance(value, int):
            # an int constant used where a float is wanted (`n / 4`, `x * 2`)
            value = float(value)
        elif isinstance(lltype_, lltype.Number) and isinstance(value, (int, bool)):
            if lltype_ is Signed:
                value = lltype.cast_primitive(lltype_, int(value))
            else:
                value = lltype_._type(int(value))
        else:
            raise TyperError(
                "inputconst(reqtype = %s, value = %s): expected a %r,\n"
                "     got %r" % (reqtype, value, lltype_, _typename(value))
            )
    c = Constant(value)
    c.concretetype = lltype_
    return c


def _typename(value):
    try:
        return lltype.typeOf(value)
    except TypeError:
        return type(value)


class BrokenReprTyperError(TyperError):
    """Raised when trying to set up a Repr whose setup already failed."""


def mangle(prefix, name):
    """Make a unique identifier from the prefix and the name; the name is
    allowed to start with $."""
    if name.startswith("$"):
        return "%sinternal_%s" % (prefix, name[1:])
    else:
        return "%s_%s" % (prefix, name)


class HalfConcreteWrapper:
    # see rtyper.gendirectcall()
    def __init__(self, callback):
        self.concretize = callback  # should produce a concrete const


def warning(msg):
    import sys

    sys.stderr.write("*** WARNING: %s\n" % (msg,))
