/* hash_id.c -- identity hash and id, stable across the nursery move.
 *
 * An old object never moves, so its offset is its id.  For a young object,
 * stm_id() reserves right away the old-space slot it will be moved to (its
 * "shadow"), records young -> shadow in the segment's shadow map and sets
 * GCFLAG_HAS_SHADOW; the minor collection then copies the object into that
 * slot.  If the transaction aborts, the reserved slot is unreachable and the
 * next major collection frees it.  The identity hash is a bijective mix of
 * the id.
 */

static void shadow_map_clear(struct shadow_map_s *m)
{
    if (m->count == 0)
        return;
    memset(m->keys, 0, m->cap * sizeof(uintptr_t));
    m->count = 0;
}

static size_t shadow_slot(struct shadow_map_s *m, uintptr_t key)
{
    size_t i = (size_t)((key >> 3) * 0x9E3779B97F4A7C15ULL) & (m->cap - 1);
    while (m->keys[i] != 0 && m->keys[i] != key)
        i = (i + 1) & (m->cap - 1);
    return i;
}

static void shadow_map_put(struct shadow_map_s *m, uintptr_t key, uintptr_t value)
{
    if (2 * (m->count + 1) > m->cap) {
        struct shadow_map_s old = *m;
        m->cap = old.cap ? old.cap * 2 : 64;
        m->keys = calloc(m->cap, sizeof(uintptr_t));
        m->values = calloc(m->cap, sizeof(uintptr_t));
        if (!m->keys || !m->values)
            fatal("out of malloc memory for the id map");
        m->count = 0;
        for (size_t i = 0; i < old.cap; i++)
            if (old.keys[i])
                shadow_map_put(m, old.keys[i], old.values[i]);
        free(old.keys);
        free(old.values);
    }
    size_t i = shadow_slot(m, key);
    if (m->keys[i] == 0)
        m->count++;
    m->keys[i] = key;
    m->values[i] = value;
}

static uintptr_t shadow_map_get(struct shadow_map_s *m, uintptr_t key)
{
    if (m->cap == 0)
        fatal("young object flagged with a shadow but none recorded");
    size_t i = shadow_slot(m, key);
    if (m->keys[i] != key)
        fatal("young object flagged with a shadow but none recorded");
    return m->values[i];
}

long stm_id(object_t *obj)
{
    uintptr_t o = (uintptr_t)obj;
    if (!in_nursery(o))
        return (long)o;
    int me = current_segment();
    struct priv_segment_s *s = &segs[me];
    if (obj->stm_flags & GCFLAG_HAS_SHADOW)
        return (long)shadow_map_get(&s->shadows, o);
    uintptr_t n = small_alloc(me, obj_size(me, o));
    shadow_map_put(&s->shadows, o, n);
    obj->stm_flags |= GCFLAG_HAS_SHADOW;
    return (long)n;
}

long stm_identityhash(object_t *obj)
{
    uint64_t x = (uint64_t)stm_id(obj);
    x ^= x >> 31;
    x *= 0x7fb5d329728ea185ULL;
    x ^= x >> 27;
    return (long)(x & 0x7fffffffffffffffULL);
}

int stm_can_move(object_t *obj)
{
    return in_nursery((uintptr_t)obj) && !(obj->stm_flags & GCFLAG_HAS_SHADOW);
}
