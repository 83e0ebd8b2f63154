/* prebuilt.c -- objects that exist before any transaction (static data).
 *
 * stm_setup_prebuilt() copies a static object into old space as a
 * committed object (segment 0 plus any private copy of its pages), with
 * the WRITE_BARRIER flag, and keeps it alive forever (prebuilt_roots).
 * References inside the static copy must already be object_t offsets
 * (e.g. returned by earlier stm_setup_prebuilt calls), or be filled in
 * later by a transaction.
 */

object_t *stm_setup_prebuilt(const struct object_s *static_copy)
{
    size_t size = (size_t)stmcb_size_rounded_up((struct object_s *)static_copy);
    sync_lock();
    uintptr_t o = size > STM_SMALL_OBJECT_LIMIT ? large_alloc(size)
                                                : small_alloc(0, size);
    memcpy(REAL(0, o), static_copy, size);
    REAL_HDR(0, o)->stm_flags = GCFLAG_WRITE_BARRIER;
    copy_object_to_views(0, o, size);
    list_append(&prebuilt_roots, o);
    pthread_mutex_unlock(&sync_mutex);
    return (object_t *)o;
}
