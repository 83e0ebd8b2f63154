/* pattern_copy_loop.c: copy loops and struct assignment in segment memory.
 *
 * Design: memcpy formation.  A loop copying element by element may become a
 * call to memcpy()/memmove() (plain pointers, no %gs) or a "rep movs" (whose
 * destination is always %es-relative).  Overlapping copies cover memmove.
 * Struct assignment is in pattern_struct_assign.c.
 */
#include "seg.h"

const char pattern_name[] = "copy_loop";

#define N 300

void seg_init_seq(SEG long *p, long n, long start)
{
    for (long i = 0; i < n; i++)
        p[i] = start + i;
}

void seg_copy_words(SEG long *dst, SEG const long *src, long n)
{
    for (long i = 0; i < n; i++)
        dst[i] = src[i];
}

void seg_copy_bytes(SEG char *dst, SEG const char *src, long n)
{
    for (long i = 0; i < n; i++)
        dst[i] = src[i];
}

void seg_move_down(SEG long *p, long n)
{
    for (long i = 0; i < n; i++)
        p[i] = p[i + 1];
}

void pattern_run(int id)
{
    SEG long *a = (SEG long *)SEG_OFF;
    SEG long *b = a + N;
    SEG long *c = b + N;
    seg_init_seq(a, N, 1000L * id);
    seg_copy_words(b, a, N);
    seg_copy_bytes((SEG char *)c, (SEG const char *)a, 8 * N);
    seg_move_down(c, N - 1);
}

int pattern_check(const unsigned char *window, int id)
{
    const long *a = (const long *)window;
    const long *b = a + N, *c = b + N;
    for (long i = 0; i < N; i++)
        if (a[i] != 1000L * id + i || b[i] != a[i])
            return 1;
    for (long i = 0; i < N - 1; i++)
        if (c[i] != a[i + 1])
            return 1;
    return 0;
}
