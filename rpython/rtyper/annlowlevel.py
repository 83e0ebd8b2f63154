"""Annotating low-level helpers (`ll_*` functions on lltype values).

The rtyper calls `annotate_lowlevel_helper(annotator, ll_func, args_s)` (via
`hop.gendirectcall`) with SomePtr/SomeInteger/... argument annotations.  The
LowLevelAnnotatorPolicy makes every helper, and every function it calls,
specialize on all its argument types (lltype pointer types included), the
way PyPy's low-level policy does, so one generic helper serves every list
or string type.  Helpers marked with `specialize` keep their own rule.
"""

from rpython.annotator.annrpython import AnnotatorPolicy
from rpython.annotator.specialize import annotation_key
from rpython.rtyper.llannotation import (  # noqa: F401  (re-exported)
    SomePtr,
    annotation_to_lltype,
    lltype_to_annotation,
)


class LowLevelAnnotatorPolicy(AnnotatorPolicy):
    def specialize__default(self, funcdesc, args_s):
        key = tuple(_lowlevel_key(s) for s in args_s)
        while key in funcdesc._cache:
            graph = funcdesc._cache[key]
            if not _rtyped_and_too_narrow(graph, args_s):
                return graph
            # the graph is already low-level and these arguments would
            # generalize it (e.g. a non-constant where it saw constants):
            # it cannot be re-annotated, so use another copy
            key = key + ("again",)
        name = "%s__ll%d" % (funcdesc.name, len(funcdesc._cache))
        graph = funcdesc.cachedgraph(key, name)
        graph._is_lowlevel_helper = True
        return graph


def _rtyped_and_too_narrow(graph, args_s):
    inputargs = graph.getargs()
    if not inputargs or not hasattr(inputargs[0], "concretetype"):
        return False
    if len(inputargs) != len(args_s):
        return False
    from rpython.annotator import model as annmodel

    simple = (annmodel.SomeInteger, annmodel.SomeFloat, annmodel.SomeChar)
    for v, s in zip(inputargs, args_s):
        s_old = getattr(v, "annotation", None)
        # only the scalar cases (constants, nonneg...): contains() of
        # containers would generalize them as a side effect
        if isinstance(s_old, simple) and type(s_old) is type(s):
            if not s_old.contains(s):
                return True
    return False


def is_lowlevel_graph(graph):
    return getattr(graph, "_is_lowlevel_helper", False)


def specialize_lowlevel_call(funcdesc, inputcells):
    """What the annotator chose for a call made from a low-level helper."""
    if funcdesc.specializer is not None:
        return funcdesc.specialize(inputcells)
    return lowlevel_policy.specialize__default(funcdesc, inputcells)


def _lowlevel_key(s):
    if s.is_constant() and type(s).__name__ == "SomePBC":
        return ("const", id(s.const))
    return annotation_key(s)


lowlevel_policy = LowLevelAnnotatorPolicy()


def annotate_lowlevel_helper(annotator, ll_function, args_s, policy=None):
    """The graph of ll_function specialized for args_s (annotated)."""
    if policy is None:
        policy = lowlevel_policy
    return annotator.annotate_helper(ll_function, list(args_s), policy=policy)


def llhelper(F, f):
    """A function pointer of type F to the helper f (untranslated: calls f)."""
    from rpython.rtyper.lltypesystem import lltype

    return lltype.functionptr(F.TO, f.__name__, _callable=f)


# ____________________________________________________________
# crossing between RPython-level strings and low-level STR pointers inside
# mixed-level helpers: hlstr(p) is the str whose representation is p


def hlstr(ll_s):
    """The host str of a low-level STR (untranslated); identity translated."""
    if not ll_s:
        return None
    chars = ll_s.chars
    return "".join([chars[i] for i in range(len(chars))])


def llstr(s):
    """The low-level STR of a str (untranslated); identity translated."""
    from rpython.rtyper.rstr import string_repr

    return string_repr.convert_const(s)


def _register_string_crossings():
    from rpython.annotator import model as annmodel
    from rpython.rtyper import extregistry
    from rpython.rtyper.lltypesystem.lltype import Void  # noqa: F401

    class Entry_hlstr(extregistry.ExtRegistryEntry):
        _about_ = hlstr

        def compute_result_annotation(self, s_ll):
            return annmodel.SomeString(can_be_None=True)

        def specialize_call(self, hop):
            from rpython.rtyper.rstr import string_repr

            hop.exception_cannot_occur()
            (v,) = hop.inputargs(hop.args_r[0])
            return (
                hop.llops.convertvar(v, hop.args_r[0], string_repr.lowleveltype) and v
            )

    class Entry_llstr(extregistry.ExtRegistryEntry):
        _about_ = llstr

        def compute_result_annotation(self, s_str):
            from rpython.rtyper.rstr import STRPTR

            return SomePtr(STRPTR)

        def specialize_call(self, hop):
            from rpython.rtyper.rstr import string_repr

            hop.exception_cannot_occur()
            return hop.inputarg(string_repr, arg=0)


_register_string_crossings()
