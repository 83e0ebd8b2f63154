/* mem.h -- pointer, structure and raw-memory operations.
 *
 * Field and item accesses are written out directly by the backend (they need
 * the C field names); what remains here are the type-independent pointer
 * operations and raw malloc/free.
 */
#ifndef RPY_MEM_H
#define RPY_MEM_H

#define OP_PTR_NONZERO(p, r) r = ((p) != NULL)
#define OP_PTR_ISZERO(p, r) r = ((p) == NULL)
#define OP_PTR_EQ(p, q, r) r = ((void *)(p) == (void *)(q))
#define OP_PTR_NE(p, q, r) r = ((void *)(p) != (void *)(q))
#define OP_ADR_EQ(p, q, r) r = ((p) == (q))
#define OP_ADR_NE(p, q, r) r = ((p) != (q))
#define OP_ADR_LT(p, q, r) r = ((char *)(p) < (char *)(q))
#define OP_ADR_LE(p, q, r) r = ((char *)(p) <= (char *)(q))
#define OP_ADR_GT(p, q, r) r = ((char *)(p) > (char *)(q))
#define OP_ADR_GE(p, q, r) r = ((char *)(p) >= (char *)(q))
#define OP_ADR_ADD(p, n, r) r = (void *)((char *)(p) + (n))
#define OP_ADR_SUB(p, n, r) r = (void *)((char *)(p) - (n))
#define OP_ADR_DELTA(p, q, r) r = ((char *)(p) - (char *)(q))
#define OP_CAST_ADR_TO_INT(p, mode, r) r = (long)(p)
#define OP_CAST_INT_TO_ADR(x, r) r = (void *)(x)
#define OP_RAW_MALLOC(size, r) \
    do { \
        r = malloc(size); \
        if (!(r)) rpy_raise_simple(RPY_EXC_MEMORY); \
    } while (0)
#define OP_RAW_MEMCOPY(src, dst, size, r) memcpy(dst, src, size)
#define OP_RAW_MEMCLEAR(p, size, r) memset(p, 0, size)
#define OP_RAW_MEMSET(p, byte, size, r) memset(p, byte, size)
#define OP_KEEPALIVE(x, r) /* nothing */

#endif
