/* g_prerequisite.h -- included first by every generated C file.
 *
 * Basic types of the low-level type system and the few macros every other
 * support header relies on.  Generated code spells lltype primitives with
 * these names so that the mapping lives in one place.
 */
#ifndef RPY_PREREQUISITE_H
#define RPY_PREREQUISITE_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned char bool_t;
typedef unsigned int rpy_unichar;

#define RPY_UNUSED __attribute__((unused))
#define RPY_LIKELY(x) __builtin_expect(!!(x), 1)
#define RPY_UNLIKELY(x) __builtin_expect(!!(x), 0)

#ifdef RPY_LL_ASSERT
#define RPyAssert(x, msg) \
    do { \
        if (!(x)) \
            rpy_assert_failed(__FILE__, __LINE__, msg); \
    } while (0)
#else
#define RPyAssert(x, msg) ((void)0)
#endif

void rpy_assert_failed(const char *file, int line, const char *msg);
void rpy_fatalerror(const char *msg);
const char *rpy_debug_str(const void *items, long length, int charsize);

#endif
