/* stm_prebuilt.h -- moving the prebuilt GC objects of a translated program
 * into stmgc's shared segment at start-up (see stm_prebuilt.c). */
#ifndef _STM_RPY_PREBUILT_H
#define _STM_RPY_PREBUILT_H

#include "stmgc.h"

/* Copy the n static objects `copies` into stmgc as committed, immortal
   objects and redirect every GC reference between them.  A reference slot
   of a static copy (as reported by stmcb_trace) holds NULL or the address
   of another static copy in the same call.  Call once, after stm_setup()
   and stm_register_thread_local(tl), outside a transaction and before other
   threads start.  Returns 0, or -1 (with a message on stderr) if a slot
   points to something that is not one of the copies. */
int stm_rpy_setup_prebuilts(stm_thread_local_t *tl,
                            const struct object_s *const *copies, long n);

/* The object_t that replaced a static copy, or NULL if it is not one. */
object_t *stm_rpy_prebuilt(const struct object_s *static_copy);

#endif
