# Segment-safe C compiler flags, shared by stmgc/ and the RPython C backend.
# The llvmfix checks (llvmfix/test) establish which flags each installed compiler
# needs so that every access through a %gs segment pointer keeps its prefix.
# Until a check proves a flag unneeded, keep the conservative set from the c7 notes.
SEG_CFLAGS_GCC   := -fno-ivopts -fno-tree-vectorize -fno-tree-loop-distribute-patterns
SEG_CFLAGS_CLANG := -fno-vectorize -fno-slp-vectorize -fno-builtin
