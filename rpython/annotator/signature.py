"""Turning type descriptions into annotations: build_types(f, [int, str]),
enforceargs(...) and the annotator tests use Python types, example values
([int] for a list of ints, {str: int}, (int, float)) or annotations."""

from rpython.annotator.model import (
    AnnotatorError,
    SomeBool,
    SomeBytes,
    SomeDict,
    SomeFloat,
    SomeInstance,
    SomeInteger,
    SomeList,
    SomeObject,
    SomeString,
    SomeTuple,
    s_None,
)


def annotation(t, bookkeeper=None):
    if isinstance(t, SomeObject):
        return t
    if t is None or t is type(None):
        return s_None
    if t is bool:
        return SomeBool()
    if t is int:
        return SomeInteger()
    if t is float:
        return SomeFloat()
    if t is str:
        return SomeString()
    if t is bytes:
        return SomeBytes()
    if isinstance(t, list):
        if len(t) != 1:
            raise AnnotatorError("a list type is written [itemtype]")
        from rpython.annotator.listdef import ListDef

        return SomeList(ListDef(bookkeeper, annotation(t[0], bookkeeper)))
    if isinstance(t, dict):
        if len(t) != 1:
            raise AnnotatorError("a dict type is written {keytype: valuetype}")
        from rpython.annotator.listdef import DictDef

        ((k, v),) = t.items()
        return SomeDict(
            DictDef(bookkeeper, annotation(k, bookkeeper), annotation(v, bookkeeper))
        )
    if isinstance(t, tuple):
        return SomeTuple([annotation(x, bookkeeper) for x in t])
    if isinstance(t, type):
        if issubclass(t, int) and hasattr(t, "BITS"):
            return SomeInteger(knowntype=t)
        if t.__module__ != "builtins" or issubclass(t, BaseException):
            if bookkeeper is None:
                raise AnnotatorError("need a bookkeeper for class %s" % t.__name__)
            return SomeInstance(bookkeeper.getuniqueclassdef(t))
    try:
        from rpython.rtyper.lltypesystem import lltype

        if isinstance(t, lltype.LowLevelType):
            from rpython.rtyper.llannotation import lltype_to_annotation

            return lltype_to_annotation(t)
    except ImportError:
        pass
    raise AnnotatorError("cannot turn %r into an annotation" % (t,))
