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
        name = "%s__ll%d" % (funcdesc.name, len(funcdesc._cache))
        if key in funcdesc._cache:
            return funcdesc._cache[key]
        graph = funcdesc.cachedgraph(key, name)
        graph._is_lowlevel_helper = True
        return graph


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
