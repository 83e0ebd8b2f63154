/* pattern_static_init.c: static initialisers that make segment pointers.
 *
 * Design: c7 code keeps segment pointers to fixed offsets in static data: a
 * constant pointer and a table of them.  Loading the pointer is a normal
 * (RIP-relative) access; dereferencing it must use %gs.  Casting the address
 * of a normal global is in pattern_static_cast.c.
 */
#include "seg.h"

const char pattern_name[] = "static_init";

/* A fixed offset, and a table of them, as static segment pointers. */
static SEG long *const fixed_slot = (SEG long *)(SEG_OFF + 16);
SEG long *slot_table[2] = {
    (SEG long *)(SEG_OFF + 32),
    (SEG long *)(SEG_OFF + 40),
};

void seg_write_fixed(long value)
{
    *fixed_slot = value;
}

void seg_write_table(int index, long value)
{
    *slot_table[index] = value;
}

void pattern_run(int id)
{
    seg_write_fixed(11L * id);
    seg_write_table(0, 22L * id);
    seg_write_table(1, 33L * id);
}

int pattern_check(const unsigned char *window, int id)
{
    const long *w = (const long *)window;
    return w[2] != 11L * id || w[4] != 22L * id || w[5] != 33L * id;
}
