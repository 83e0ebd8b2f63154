"""Packing and unpacking of binary data with the ``struct`` module's formats.

- ``ieee``: IEEE 754 binary16/32/64 packing with round-half-even, written
  with exact float operations (no C casts needed);
- ``formatting``: format parsing (``calcsize``), ``pack`` and ``unpack`` on
  typed values (``IntValue``, ``FloatValue``, ``BytesValue``, ``BoolValue``)
  with CPython's error messages (``StructError``).
"""
