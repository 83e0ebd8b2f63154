/* pattern_ivopts.c: loops that invite induction-variable optimisation.
 *
 * Design: strength reduction rewrites "p[3*i+1]" into a moving pointer, and
 * loop-invariant code motion may hoist the address computation out of the
 * loop.  A compiler that builds the moving pointer as a plain integer and
 * then forgets its address space drops the %gs prefix (an old gcc ivopts
 * bug, hence -fno-ivopts in the c7 notes).  Strided, nested and
 * pointer-walking loops are covered.
 */
#include "seg.h"

const char pattern_name[] = "ivopts";

#define N 200
#define ROWS 16
#define COLS 24

long seg_sum_stride(SEG long *p, long n)
{
    long sum = 0;
    for (long i = 0; i < n; i++)
        sum += p[3 * i + 1];
    return sum;
}

void seg_fill_matrix(SEG int *m, int rows, int cols, int base)
{
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++)
            m[r * cols + c] = base + r * 100 + c;
}

void seg_walk_pointer(SEG long *start, SEG long *end, long delta)
{
    for (SEG long *q = start; q < end; q += 2)
        *q += delta;
}

void seg_store_at(SEG long *p, long index, long value)
{
    p[index] = value;
}

void pattern_run(int id)
{
    SEG long *p = (SEG long *)SEG_OFF;
    for (long i = 0; i < 3 * N; i++)
        seg_store_at(p, i, i * id);
    long sum = seg_sum_stride(p, N);
    seg_store_at(p, 3 * N, sum);
    SEG int *m = (SEG int *)(p + 3 * N + 1);
    seg_fill_matrix(m, ROWS, COLS, 10000 * id);
    seg_walk_pointer(p, p + 3 * N, id);
}

int pattern_check(const unsigned char *window, int id)
{
    const long *p = (const long *)window;
    long sum = 0;
    for (long i = 0; i < N; i++)
        sum += (3 * i + 1) * id;
    if (p[3 * N] != sum)
        return 1;
    for (long i = 0; i < 3 * N; i++)
        if (p[i] != i * id + (i % 2 == 0 ? id : 0))
            return 1;
    const int *m = (const int *)(p + 3 * N + 1);
    for (int r = 0; r < ROWS; r++)
        for (int c = 0; c < COLS; c++)
            if (m[r * COLS + c] != 10000 * id + r * 100 + c)
                return 1;
    return 0;
}
