/* pattern_adjacent_fields.c: initialising several adjacent fields.
 *
 * Design: the store-merging bug.  Writing zero or constants to many
 * neighbouring fields of an object (as a GC does when it initialises a fresh
 * object) can be merged into one memset() call, a "rep stos", or wide vector
 * stores; every one of those must still be %gs-relative.  Initialising a
 * whole struct from a compound literal is in pattern_struct_assign.c.
 */
#include "seg.h"

const char pattern_name[] = "adjacent_fields";

struct object {
    unsigned int tid;
    unsigned int flags;
    long f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12;
    char tail[40];
};

#define N_OBJECTS 20

void seg_init_object(SEG struct object *o, unsigned int tid)
{
    o->tid = tid;
    o->flags = 0;
    o->f1 = 0;
    o->f2 = 0;
    o->f3 = 0;
    o->f4 = 0;
    o->f5 = 0;
    o->f6 = 0;
    o->f7 = 0;
    o->f8 = 0;
    o->f9 = 0;
    o->f10 = 0;
    o->f11 = 0;
    o->f12 = 0;
    for (int i = 0; i < 40; i++)
        o->tail[i] = 0;
}

void seg_init_object_const(SEG struct object *o)
{
    o->f1 = 7;
    o->f2 = 7;
    o->f3 = 7;
    o->f4 = 7;
    o->f5 = 7;
    o->f6 = 7;
    o->f7 = 7;
    o->f8 = 7;
}

void seg_scribble(SEG unsigned char *p, long n, unsigned char value)
{
    for (long i = 0; i < n; i++)
        p[i] = value;
}

void pattern_run(int id)
{
    SEG struct object *objs = (SEG struct object *)SEG_OFF;
    seg_scribble((SEG unsigned char *)objs, sizeof(struct object) * N_OBJECTS,
                 (unsigned char)(0x30 + id));
    for (int i = 0; i < N_OBJECTS; i++)
        seg_init_object(&objs[i], 100 * id + i);
    seg_init_object_const(&objs[0]);
}

int pattern_check(const unsigned char *window, int id)
{
    const struct object *objs = (const struct object *)window;
    for (int i = 0; i < N_OBJECTS; i++) {
        const struct object *o = &objs[i];
        if (o->tid != (unsigned int)(100 * id + i) || o->flags != 0)
            return 1;
        long expect = i == 0 ? 7 : 0;
        if (o->f1 != expect || o->f8 != expect || o->f9 != 0 || o->f11 != 0)
            return 1;
        if (o->f12 != 0)
            return 1;
        for (int k = 0; k < 40; k++)
            if (o->tail[k] != 0)
                return 1;
    }
    return 0;
}
