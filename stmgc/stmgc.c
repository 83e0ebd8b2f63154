/* stmgc.c -- the whole library as one translation unit.
 *
 * The RPython C backend (and the tests, demos and benchmarks) compile this
 * file together with their own code; every part below is `static` except
 * the public API of stmgc.h, so the compiler sees and inlines across the
 * concerns.  The order matters only for static definitions; see
 * src/core.h for the shared state and forward declarations.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "src/core.h"
#include "src/setup.c"
#include "src/stats.c"
#include "src/pages.c"
#include "src/sync.c"
#include "src/contention.c"
#include "src/nursery.c"
#include "src/core.c"
#include "src/gcpage.c"
#include "src/hash_id.c"
#include "src/weakref.c"
#include "src/finalizer.c"
#include "src/prebuilt.c"
