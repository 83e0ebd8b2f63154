"""Unchecked item access to a list of ints (or floats or 1-char strs), for
hot inner loops.

``items = list_items(lst)`` gives the array that holds the items of ``lst``
(a list of ints, floats or characters): indexing ``items[i]`` then reads or
writes the item without the bounds check and IndexError path of ``lst[i]``.  Translated, ``lst[i]``
is a call that may raise, so the generated C spills every live GC pointer to
the shadow stack around it and tests the exception state after it; on the
array it is a plain ``getarrayitem``/``setarrayitem`` and the loop compiles to
straight C.  rbigint's digit loops use it.

Rules for callers (nothing checks them translated):

- only indices ``0 <= i < len(lst)`` (the array may be longer than the list:
  resizable lists over-allocate);
- the array is only valid while ``lst`` is not resized: take it again after an
  ``append``/``extend``/``pop`` (``pop`` never reallocates, so writing into
  items below the new length stays valid);
- ``len(items)`` is meaningless: keep using ``len(lst)``.

Untranslated, ``list_items`` returns the list itself, so the same code runs
on CPython at list speed with Python's own bounds checks.
"""

from rpython.annotator import model as annmodel
from rpython.rtyper import extregistry
from rpython.rtyper.lltypesystem import lltype


def list_items(lst):
    """The item array of ``lst`` (the list itself untranslated)."""
    return lst


INT_ARRAY = lltype.GcArray(lltype.Signed)


def _item_lltype(s_item):
    """The low-level item type for a list of ints, floats or 1-char strs."""
    from rpython.rtyper.llannotation import annotation_to_lltype

    if isinstance(s_item, annmodel.SomeImpossibleValue):
        return lltype.Signed
    if isinstance(
        s_item, (annmodel.SomeInteger, annmodel.SomeFloat, annmodel.SomeChar)
    ):
        return annotation_to_lltype(s_item)
    raise annmodel.AnnotatorError(
        "list_items() needs a list of ints, floats or characters, got items %r"
        % (s_item,)
    )


class Entry_list_items(extregistry.ExtRegistryEntry):
    _about_ = list_items

    def compute_result_annotation(self, s_lst):
        from rpython.rtyper.llannotation import SomePtr

        if not isinstance(s_lst, annmodel.SomeList):
            raise annmodel.AnnotatorError(
                "list_items() needs a list, got %r" % (s_lst,)
            )
        T = _item_lltype(s_lst.listdef.listitem.s_value)
        # writes through the array are mutations the listdef must know about
        s_lst.listdef.mutate()
        return SomePtr(lltype.Ptr(lltype.GcArray(T)))

    def specialize_call(self, hop):
        from rpython.rtyper.error import TyperError
        from rpython.rtyper.rlist import ListRepr

        r_lst = hop.args_r[0]
        r_lst.setup()
        ARRAY = hop.r_result.lowleveltype.TO
        if r_lst.items_array_type() != ARRAY:
            raise TyperError(
                "list_items(): the list's items are %r, not %r"
                % (r_lst.items_array_type(), ARRAY)
            )
        (v_lst,) = hop.inputargs(r_lst)
        hop.exception_cannot_occur()
        if isinstance(r_lst, ListRepr):
            v_items = r_lst.get_items_array(v_lst, hop.llops)
        else:
            v_items = v_lst
        return hop.genop("cast_pointer", [v_items], resulttype=lltype.Ptr(ARRAY))
