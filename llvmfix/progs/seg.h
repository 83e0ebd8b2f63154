/* seg.h: the segment-pointer qualifier shared by the llvmfix check programs.
 *
 * Design: a "segment pointer" holds an offset that the CPU adds to the %gs base,
 * the c7 way of giving each thread its own copy of the GC heap at the same
 * offsets.  gcc spells the qualifier __seg_gs, clang address_space(256).  The
 * check programs only use SEG, so one source serves both compilers, and
 * -DPLAIN_POINTERS turns every segment pointer into a plain one: that is the
 * deliberately broken build with which the tests prove the detectors fire.
 *
 * Segment layout: every check works in the window [SEG_OFF, SEG_OFF+SEG_SIZE)
 * of its segment.  Functions whose name starts with seg_ must access memory
 * only through segment pointers; the assembly inspector checks exactly those.
 */
#ifndef LLVMFIX_SEG_H
#define LLVMFIX_SEG_H

#include <stddef.h>
#include <stdint.h>

#if defined(PLAIN_POINTERS)
#define SEG
#elif defined(__clang__)
#define SEG __attribute__((address_space(256)))
#else
#define SEG __seg_gs
#endif

#define SEG_OFF 0x100000UL  /* start of the window, as a segment offset */
#define SEG_SIZE 0x10000UL  /* size of the window in bytes */

/* Implemented by each pattern file. */
extern const char pattern_name[];
/* Runs with %gs pointing at this thread's segment; id is 1 or 2. */
void pattern_run(int id);
/* Verifies the window through a plain pointer; returns 0 when correct. */
int pattern_check(const unsigned char *window, int id);

#endif
