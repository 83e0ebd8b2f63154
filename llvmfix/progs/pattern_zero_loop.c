/* pattern_zero_loop.c: zeroing loops over segment memory.
 *
 * Design: the classic memset-formation bug.  An optimiser that recognises
 * "store 0 in a loop" may replace the loop by a call to memset(), which takes a
 * plain pointer and so loses the %gs prefix.  Word and byte loops are both
 * covered, on a window first filled with a per-thread value.
 */
#include "seg.h"

const char pattern_name[] = "zero_loop";

#define N_WORDS 512
#define N_BYTES 1000

void seg_fill_words(SEG long *p, long n, long value)
{
    for (long i = 0; i < n; i++)
        p[i] = value;
}

void seg_zero_words(SEG long *p, long n)
{
    for (long i = 0; i < n; i++)
        p[i] = 0;
}

void seg_zero_bytes(SEG unsigned char *p, long n)
{
    for (long i = 0; i < n; i++)
        p[i] = 0;
}

void pattern_run(int id)
{
    SEG long *words = (SEG long *)SEG_OFF;
    SEG unsigned char *bytes = (SEG unsigned char *)(SEG_OFF + 8 * N_WORDS);
    seg_fill_words(words, N_WORDS + N_BYTES / 8 + 2, 0x1111L * id);
    seg_zero_words(words + 1, N_WORDS - 2);
    seg_zero_bytes(bytes + 3, N_BYTES);
}

int pattern_check(const unsigned char *window, int id)
{
    const long *words = (const long *)window;
    const unsigned char *bytes = window + 8 * N_WORDS;
    if (words[0] != 0x1111L * id || words[N_WORDS - 1] != 0x1111L * id)
        return 1;
    for (long i = 1; i < N_WORDS - 1; i++)
        if (words[i] != 0)
            return 1;
    for (long i = 3; i < 3 + N_BYTES; i++)
        if (bytes[i] != 0)
            return 1;
    return bytes[0] != (unsigned char)(0x1111L * id) ? 1 : 0;
}
