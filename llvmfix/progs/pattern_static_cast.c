/* pattern_static_cast.c: a static initializer casting a normal address.
 *
 * Design: the offset of a global that exists at the same offset in every
 * segment is sometimes written as "(SEG T *)&global" in static data.  gcc
 * turns the cast into the plain address value, which is what c7 wants; clang
 * 14 stops with "Unsupported expression in static initializer: addrspacecast".
 * A loud refusal is acceptable (compute such pointers at run time instead);
 * a silently wrong value or access is not.  The segment window is not at
 * &plain_global, so the run checks the pointer value and accesses only the
 * segment copy at a fixed offset derived from it.
 */
#include "seg.h"

const char pattern_name[] = "static_cast";

long plain_global[4];

SEG long *const cast_slot = (SEG long *)(uintptr_t)plain_global;

long seg_read_cast(void)
{
    return *cast_slot; /* compiled and inspected; never run */
}

void seg_write_at(SEG long *slot, long value)
{
    *slot = value;
}

void pattern_run(int id)
{
    /* The distance of cast_slot from plain_global is zero: use it as a
     * run-time checked offset into the window. */
    uintptr_t delta = (uintptr_t)cast_slot - (uintptr_t)plain_global;
    seg_write_at((SEG long *)(SEG_OFF + delta), 77L * id);
}

int pattern_check(const unsigned char *window, int id)
{
    if ((uintptr_t)cast_slot != (uintptr_t)plain_global)
        return 1;
    return *(const long *)window != 77L * id;
}
