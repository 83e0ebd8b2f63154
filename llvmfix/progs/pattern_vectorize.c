/* pattern_vectorize.c: loops that the vectorisers like.
 *
 * Design: the loop and SLP vectorisers replace scalar accesses by vector
 * loads and stores (and gathers); each of those must carry the %gs prefix.
 * Element-wise arithmetic, a reduction and an SLP-friendly straight-line
 * block are covered.
 */
#include "seg.h"

const char pattern_name[] = "vectorize";

#define N 256

void seg_iota(SEG int *a, int n, int start)
{
    for (int i = 0; i < n; i++)
        a[i] = start + i;
}

void seg_add_arrays(SEG int *dst, SEG const int *x, SEG const int *y, int n)
{
    for (int i = 0; i < n; i++)
        dst[i] = x[i] + 2 * y[i];
}

long seg_reduce(SEG const int *a, int n)
{
    long s = 0;
    for (int i = 0; i < n; i++)
        s += a[i];
    return s;
}

void seg_scale4(SEG double *d, double k)
{
    d[0] *= k;
    d[1] *= k;
    d[2] *= k;
    d[3] *= k;
}

void pattern_run(int id)
{
    SEG int *x = (SEG int *)SEG_OFF;
    SEG int *y = x + N;
    SEG int *z = y + N;
    seg_iota(x, N, 1000 * id);
    seg_iota(y, N, 7);
    seg_add_arrays(z, x, y, N);
    SEG long *out = (SEG long *)(z + N);
    *out = seg_reduce(z, N);
    SEG double *d = (SEG double *)(out + 1);
    d[0] = 1.0 * id;
    d[1] = 2.0 * id;
    d[2] = 3.0 * id;
    d[3] = 4.0 * id;
    seg_scale4(d, 0.5);
}

int pattern_check(const unsigned char *window, int id)
{
    const int *x = (const int *)window;
    const int *z = x + 2 * N;
    long sum = 0;
    for (int i = 0; i < N; i++) {
        if (x[i] != 1000 * id + i || z[i] != x[i] + 2 * (7 + i))
            return 1;
        sum += z[i];
    }
    const long *out = (const long *)(z + N);
    if (*out != sum)
        return 1;
    const double *d = (const double *)(out + 1);
    for (int k = 0; k < 4; k++)
        if (d[k] != 0.5 * (k + 1) * id)
            return 1;
    return 0;
}
