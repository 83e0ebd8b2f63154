"""Reinterpret the bits of a double as a 64-bit integer and back.

Translated these are the single low-level operations
``convert_float_bytes_to_longlong`` / ``convert_longlong_bytes_to_float``;
untranslated ``llop`` runs the same operations on the host.
"""

from rpython.rlib.rarithmetic import intmask
from rpython.rtyper import rptr  # noqa: F401  (registers how llop calls annotate)
from rpython.rtyper.lltypesystem import lltype
from rpython.rtyper.lltypesystem.lloperation import llop


def float2longlong(x):
    """The IEEE bits of ``x`` as a signed 64-bit int."""
    return llop.convert_float_bytes_to_longlong(lltype.Signed, x)


def longlong2float(n):
    """The double whose IEEE bits are the 64-bit int ``n`` (any sign)."""
    return llop.convert_longlong_bytes_to_float(lltype.Float, intmask(n))
