/* pattern_struct_assign.c: whole-struct copies and initialisations.
 *
 * Design: "*dst = *src" and "*o = (struct){...}" on segment objects are
 * emitted by the compiler front end itself as a block copy / block clear.
 * gcc expands those inline with %gs-relative moves; clang 14 emits the
 * llvm.memcpy/memset intrinsics, which its x86 back end cannot lower for
 * address space 256 and so stops with "cannot lower memory intrinsic".
 * That is a loud refusal, never a silent miscompilation, and no flag avoids
 * it: segment code compiled by clang must copy field by field.  The tests
 * accept a compile error for this pattern but never a wrong access.
 */
#include "seg.h"

const char pattern_name[] = "struct_assign";

struct big {
    long words[24];
    unsigned int tid;
};

void seg_struct_copy(SEG struct big *dst, SEG struct big *src)
{
    *dst = *src;
}

void seg_struct_init(SEG struct big *o, unsigned int tid)
{
    *o = (struct big){.tid = tid, .words[5] = 5};
}

void pattern_run(int id)
{
    SEG struct big *a = (SEG struct big *)SEG_OFF;
    SEG struct big *b = a + 1;
    for (int i = 0; i < 24; i++)
        a->words[i] = 100L * id + i;
    a->tid = (unsigned int)id;
    seg_struct_copy(b, a);
    seg_struct_init(a, (unsigned int)(10 * id));
}

int pattern_check(const unsigned char *window, int id)
{
    const struct big *a = (const struct big *)window;
    const struct big *b = a + 1;
    for (int i = 0; i < 24; i++)
        if (b->words[i] != 100L * id + i || a->words[i] != (i == 5 ? 5 : 0))
            return 1;
    return b->tid == (unsigned int)id && a->tid == (unsigned int)(10 * id) ? 0 : 1;
}
