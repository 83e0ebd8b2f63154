# Segment-safe C compiler flags, shared by stmgc/ and the RPython C backend
# (Makefiles `include` this file; Python code calls llvmfix.flags.seg_cflags).
#
# Established by the llvmfix checks (python3 -m llvmfix --no-flags; details in
# llvmfix/README.md) on the installed compilers, at -O0, -O2 and -O3:
#
# gcc 12.2: keeps %gs on every access in every pattern without any flag; the
#   old ivopts / vectoriser / memset-formation bugs do not reproduce.  No flag.
# clang 14.0: at -O1 and above, loop-idiom recognition turns zeroing and copy
#   loops and runs of adjacent field stores into llvm.memset/memcpy in address
#   space 256, which the x86 back end cannot lower ("cannot lower memory
#   intrinsic in address space 256": a hard compile error, not a silent bug).
#   -fno-builtin stops the formation.  Whole-struct assignment and static
#   initializers casting a normal address still fail to compile whatever the
#   flags: segment code must not use them with clang.
SEG_CFLAGS_GCC   :=
SEG_CFLAGS_CLANG := -fno-builtin
