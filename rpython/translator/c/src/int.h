/* int.h -- integer, char, bool and conversion operations.
 *
 * Each low-level operation `op` of lloperation.py whose C form is a plain
 * expression is a macro OP_<OPNAME>(args..., result).  Signed arithmetic is
 * done on unsigned values where C would call overflow undefined, so that
 * RPython's wrap-around semantics hold at -O2.  The *_ovf variants raise
 * OverflowError through the exception state; *_zer variants raise
 * ZeroDivisionError.  Division and modulo round towards minus infinity, as in
 * Python.
 */
#ifndef RPY_INT_H
#define RPY_INT_H

#define RPY_WRAP_ADD(x, y) ((long)((unsigned long)(x) + (unsigned long)(y)))
#define RPY_WRAP_SUB(x, y) ((long)((unsigned long)(x) - (unsigned long)(y)))
#define RPY_WRAP_MUL(x, y) ((long)((unsigned long)(x) * (unsigned long)(y)))

#define OP_INT_IS_TRUE(x, r) r = ((x) != 0)
#define OP_INT_NEG(x, r) r = RPY_WRAP_SUB(0, x)
#define OP_INT_ABS(x, r) r = ((x) >= 0 ? (x) : RPY_WRAP_SUB(0, x))
#define OP_INT_INVERT(x, r) r = ~(x)
#define OP_INT_ADD(x, y, r) r = RPY_WRAP_ADD(x, y)
#define OP_INT_SUB(x, y, r) r = RPY_WRAP_SUB(x, y)
#define OP_INT_MUL(x, y, r) r = RPY_WRAP_MUL(x, y)
#define OP_INT_AND(x, y, r) r = (x) & (y)
#define OP_INT_OR(x, y, r) r = (x) | (y)
#define OP_INT_XOR(x, y, r) r = (x) ^ (y)
#define OP_INT_LSHIFT(x, y, r) r = (long)((unsigned long)(x) << (y))
#define OP_INT_RSHIFT(x, y, r) r = (x) >> (y)
#define OP_INT_LT(x, y, r) r = ((x) < (y))
#define OP_INT_LE(x, y, r) r = ((x) <= (y))
#define OP_INT_EQ(x, y, r) r = ((x) == (y))
#define OP_INT_NE(x, y, r) r = ((x) != (y))
#define OP_INT_GT(x, y, r) r = ((x) > (y))
#define OP_INT_GE(x, y, r) r = ((x) >= (y))
#define OP_INT_BETWEEN(a, b, c, r) r = ((a) <= (b) && (b) < (c))
#define OP_INT_MIN(x, y, r) r = ((x) < (y) ? (x) : (y))
#define OP_INT_MAX(x, y, r) r = ((x) > (y) ? (x) : (y))

/* int_floordiv / int_mod truncate like C (the rtyper adds the Python
 * rounding itself); int_py_div / int_py_mod round towards minus infinity.
 * y == -1 is special-cased so that MIN / -1 wraps instead of trapping. */
static inline long rpy_int_cdiv(long x, long y)
{
    return y == -1 ? RPY_WRAP_SUB(0, x) : x / y;
}
static inline long rpy_int_cmod(long x, long y)
{
    return y == -1 ? 0 : x % y;
}
static inline long rpy_int_floordiv(long x, long y)
{
    long q;
    if (y == -1)
        return RPY_WRAP_SUB(0, x);
    q = x / y;
    if ((x % y != 0) && ((x < 0) != (y < 0)))
        q -= 1;
    return q;
}
static inline long rpy_int_mod(long x, long y)
{
    long m;
    if (y == -1)
        return 0;
    m = x % y;
    if (m != 0 && ((m < 0) != (y < 0)))
        m += y;
    return m;
}
#define OP_INT_FLOORDIV(x, y, r) r = rpy_int_cdiv(x, y)
#define OP_INT_MOD(x, y, r) r = rpy_int_cmod(x, y)
#define OP_INT_PY_DIV(x, y, r) r = rpy_int_floordiv(x, y)
#define OP_INT_PY_MOD(x, y, r) r = rpy_int_mod(x, y)
#define OP_INT_TRUEDIV(x, y, r) r = ((double)(x) / (double)(y))
#define OP_INT_FORCE_GE_ZERO(x, r) r = ((x) > 0 ? (x) : 0)
#define OP_INT_NEG_WOULD_OVERFLOW(x, r) r = ((x) == (-9223372036854775807L - 1))
#define OP_INT_SIGNEXT(x, nbytes, r) \
    r = ((nbytes) >= 8 ? (x) : (long)((unsigned long)(x) << (64 - 8 * (nbytes))) >> (64 - 8 * (nbytes)))
#define OP_UINT_MUL_HIGH(x, y, r) r = (unsigned long)(((unsigned __int128)(x) * (y)) >> 64)
#define OP_LLONG_FROM_TWO_INTS(hi, lo, r) r = (long long)(((unsigned long long)(hi) << 32) | (unsigned int)(lo))

#define RPY_RAISE_OVF(r) \
    do { \
        rpy_raise_simple(RPY_EXC_OVERFLOW); \
        r = 0; \
    } while (0)
#define RPY_RAISE_ZER(r) \
    do { \
        rpy_raise_simple(RPY_EXC_ZERODIVISION); \
        r = 0; \
    } while (0)

#define OP_INT_ADD_OVF(x, y, r) \
    if (__builtin_add_overflow((long)(x), (long)(y), &(r))) RPY_RAISE_OVF(r)
#define OP_INT_ADD_NONNEG_OVF(x, y, r) OP_INT_ADD_OVF(x, y, r)
#define OP_INT_SUB_OVF(x, y, r) \
    if (__builtin_sub_overflow((long)(x), (long)(y), &(r))) RPY_RAISE_OVF(r)
#define OP_INT_MUL_OVF(x, y, r) \
    if (__builtin_mul_overflow((long)(x), (long)(y), &(r))) RPY_RAISE_OVF(r)
#define OP_INT_NEG_OVF(x, r) \
    if ((x) == (-9223372036854775807L - 1)) RPY_RAISE_OVF(r); else r = -(x)
#define OP_INT_ABS_OVF(x, r) \
    if ((x) == (-9223372036854775807L - 1)) RPY_RAISE_OVF(r); else r = ((x) >= 0 ? (x) : -(x))
#define OP_INT_LSHIFT_OVF(x, y, r) \
    do { \
        r = (long)((unsigned long)(x) << (y)); \
        if ((y) >= 64 || ((r) >> (y)) != (x)) RPY_RAISE_OVF(r); \
    } while (0)

#define OP_INT_FLOORDIV_ZER(x, y, r) \
    if ((y) == 0) RPY_RAISE_ZER(r); else r = rpy_int_floordiv(x, y)
#define OP_INT_MOD_ZER(x, y, r) \
    if ((y) == 0) RPY_RAISE_ZER(r); else r = rpy_int_mod(x, y)
#define OP_INT_FLOORDIV_OVF(x, y, r) \
    if ((y) == -1 && (x) == (-9223372036854775807L - 1)) RPY_RAISE_OVF(r); \
    else r = rpy_int_floordiv(x, y)
#define OP_INT_MOD_OVF(x, y, r) OP_INT_MOD(x, y, r)
#define OP_INT_FLOORDIV_OVF_ZER(x, y, r) \
    if ((y) == 0) RPY_RAISE_ZER(r); else OP_INT_FLOORDIV_OVF(x, y, r)
#define OP_INT_MOD_OVF_ZER(x, y, r) \
    if ((y) == 0) RPY_RAISE_ZER(r); else r = rpy_int_mod(x, y)

/* unsigned */
#define OP_UINT_IS_TRUE(x, r) r = ((x) != 0)
#define OP_UINT_INVERT(x, r) r = ~(x)
#define OP_UINT_ADD(x, y, r) r = (x) + (y)
#define OP_UINT_SUB(x, y, r) r = (x) - (y)
#define OP_UINT_MUL(x, y, r) r = (x) * (y)
#define OP_UINT_FLOORDIV(x, y, r) r = (x) / (y)
#define OP_UINT_MOD(x, y, r) r = (x) % (y)
#define OP_UINT_FLOORDIV_ZER(x, y, r) if ((y) == 0) RPY_RAISE_ZER(r); else r = (x) / (y)
#define OP_UINT_MOD_ZER(x, y, r) if ((y) == 0) RPY_RAISE_ZER(r); else r = (x) % (y)
#define OP_UINT_AND(x, y, r) r = (x) & (y)
#define OP_UINT_OR(x, y, r) r = (x) | (y)
#define OP_UINT_XOR(x, y, r) r = (x) ^ (y)
#define OP_UINT_LSHIFT(x, y, r) r = (x) << (y)
#define OP_UINT_RSHIFT(x, y, r) r = (x) >> (y)
#define OP_UINT_LT(x, y, r) r = ((x) < (y))
#define OP_UINT_LE(x, y, r) r = ((x) <= (y))
#define OP_UINT_EQ(x, y, r) r = ((x) == (y))
#define OP_UINT_NE(x, y, r) r = ((x) != (y))
#define OP_UINT_GT(x, y, r) r = ((x) > (y))
#define OP_UINT_GE(x, y, r) r = ((x) >= (y))

/* long long (same width as long on this platform; kept separate for types) */
#define OP_LLONG_IS_TRUE(x, r) r = ((x) != 0)
#define OP_LLONG_NEG(x, r) r = (long long)(0ULL - (unsigned long long)(x))
#define OP_LLONG_ABS(x, r) r = ((x) >= 0 ? (x) : (long long)(0ULL - (unsigned long long)(x)))
#define OP_LLONG_INVERT(x, r) r = ~(x)
#define OP_LLONG_ADD(x, y, r) r = (long long)((unsigned long long)(x) + (unsigned long long)(y))
#define OP_LLONG_SUB(x, y, r) r = (long long)((unsigned long long)(x) - (unsigned long long)(y))
#define OP_LLONG_MUL(x, y, r) r = (long long)((unsigned long long)(x) * (unsigned long long)(y))
#define OP_LLONG_FLOORDIV(x, y, r) r = rpy_int_cdiv(x, y)
#define OP_LLONG_MOD(x, y, r) r = rpy_int_cmod(x, y)
#define OP_LLONG_FLOORDIV_ZER(x, y, r) if ((y) == 0) RPY_RAISE_ZER(r); else r = rpy_int_floordiv(x, y)
#define OP_LLONG_MOD_ZER(x, y, r) if ((y) == 0) RPY_RAISE_ZER(r); else r = rpy_int_mod(x, y)
#define OP_LLONG_AND(x, y, r) r = (x) & (y)
#define OP_LLONG_OR(x, y, r) r = (x) | (y)
#define OP_LLONG_XOR(x, y, r) r = (x) ^ (y)
#define OP_LLONG_LSHIFT(x, y, r) r = (long long)((unsigned long long)(x) << (y))
#define OP_LLONG_RSHIFT(x, y, r) r = (x) >> (y)
#define OP_LLONG_LT(x, y, r) r = ((x) < (y))
#define OP_LLONG_LE(x, y, r) r = ((x) <= (y))
#define OP_LLONG_EQ(x, y, r) r = ((x) == (y))
#define OP_LLONG_NE(x, y, r) r = ((x) != (y))
#define OP_LLONG_GT(x, y, r) r = ((x) > (y))
#define OP_LLONG_GE(x, y, r) r = ((x) >= (y))

#define OP_ULLONG_IS_TRUE(x, r) r = ((x) != 0)
#define OP_ULLONG_INVERT(x, r) r = ~(x)
#define OP_ULLONG_ADD(x, y, r) r = (x) + (y)
#define OP_ULLONG_SUB(x, y, r) r = (x) - (y)
#define OP_ULLONG_MUL(x, y, r) r = (x) * (y)
#define OP_ULLONG_FLOORDIV(x, y, r) r = (x) / (y)
#define OP_ULLONG_MOD(x, y, r) r = (x) % (y)
#define OP_ULLONG_FLOORDIV_ZER(x, y, r) if ((y) == 0) RPY_RAISE_ZER(r); else r = (x) / (y)
#define OP_ULLONG_MOD_ZER(x, y, r) if ((y) == 0) RPY_RAISE_ZER(r); else r = (x) % (y)
#define OP_ULLONG_AND(x, y, r) r = (x) & (y)
#define OP_ULLONG_OR(x, y, r) r = (x) | (y)
#define OP_ULLONG_XOR(x, y, r) r = (x) ^ (y)
#define OP_ULLONG_LSHIFT(x, y, r) r = (x) << (y)
#define OP_ULLONG_RSHIFT(x, y, r) r = (x) >> (y)
#define OP_ULLONG_LT(x, y, r) r = ((x) < (y))
#define OP_ULLONG_LE(x, y, r) r = ((x) <= (y))
#define OP_ULLONG_EQ(x, y, r) r = ((x) == (y))
#define OP_ULLONG_NE(x, y, r) r = ((x) != (y))
#define OP_ULLONG_GT(x, y, r) r = ((x) > (y))
#define OP_ULLONG_GE(x, y, r) r = ((x) >= (y))

/* chars and unichars */
#define OP_CHAR_LT(x, y, r) r = ((unsigned char)(x) < (unsigned char)(y))
#define OP_CHAR_LE(x, y, r) r = ((unsigned char)(x) <= (unsigned char)(y))
#define OP_CHAR_EQ(x, y, r) r = ((x) == (y))
#define OP_CHAR_NE(x, y, r) r = ((x) != (y))
#define OP_CHAR_GT(x, y, r) r = ((unsigned char)(x) > (unsigned char)(y))
#define OP_CHAR_GE(x, y, r) r = ((unsigned char)(x) >= (unsigned char)(y))
#define OP_UNICHAR_LT(x, y, r) r = ((x) < (y))
#define OP_UNICHAR_LE(x, y, r) r = ((x) <= (y))
#define OP_UNICHAR_EQ(x, y, r) r = ((x) == (y))
#define OP_UNICHAR_NE(x, y, r) r = ((x) != (y))
#define OP_UNICHAR_GT(x, y, r) r = ((x) > (y))
#define OP_UNICHAR_GE(x, y, r) r = ((x) >= (y))
#define OP_BOOL_NOT(x, r) r = !(x)

/* conversions */
#define OP_CAST_BOOL_TO_INT(x, r) r = (long)(x)
#define OP_CAST_BOOL_TO_UINT(x, r) r = (unsigned long)(x)
#define OP_CAST_BOOL_TO_FLOAT(x, r) r = (double)(x)
#define OP_CAST_CHAR_TO_INT(x, r) r = (long)(unsigned char)(x)
#define OP_CAST_UNICHAR_TO_INT(x, r) r = (long)(x)
#define OP_CAST_INT_TO_CHAR(x, r) r = (char)(x)
#define OP_CAST_INT_TO_UNICHAR(x, r) r = (rpy_unichar)(x)
#define OP_CAST_INT_TO_UINT(x, r) r = (unsigned long)(x)
#define OP_CAST_UINT_TO_INT(x, r) r = (long)(x)
#define OP_CAST_INT_TO_LONGLONG(x, r) r = (long long)(x)
#define OP_CAST_INT_TO_ULONGLONG(x, r) r = (unsigned long long)(x)
#define OP_CAST_LONGLONG_TO_INT(x, r) r = (long)(x)
#define OP_TRUNCATE_LONGLONG_TO_INT(x, r) r = (long)(x)
#define OP_CAST_ULONGLONG_TO_INT(x, r) r = (long)(x)
#define OP_CAST_INT_TO_FLOAT(x, r) r = (double)(x)
#define OP_CAST_UINT_TO_FLOAT(x, r) r = (double)(x)
#define OP_CAST_LONGLONG_TO_FLOAT(x, r) r = (double)(x)
#define OP_CAST_ULONGLONG_TO_FLOAT(x, r) r = (double)(x)
#define OP_CAST_FLOAT_TO_INT(x, r) r = (long)(x)
#define OP_CAST_FLOAT_TO_UINT(x, r) r = (unsigned long)(x)
#define OP_CAST_FLOAT_TO_LONGLONG(x, r) r = (long long)(x)
#define OP_CAST_FLOAT_TO_ULONGLONG(x, r) r = (unsigned long long)(x)


#define OP_UINT_PY_DIV(x, y, r) r = (x) / (y)
#define OP_UINT_PY_MOD(x, y, r) r = (x) % (y)
#define OP_UINT_NEG(x, r) r = (0UL - (x))
#define OP_UINT_ABS(x, r) r = (x)
#define OP_UINT_MAX(x, y, r) r = ((x) > (y) ? (x) : (y))
#define OP_UINT_MIN(x, y, r) r = ((x) < (y) ? (x) : (y))
#define OP_LLONG_PY_DIV(x, y, r) r = rpy_int_floordiv(x, y)
#define OP_LLONG_PY_MOD(x, y, r) r = rpy_int_mod(x, y)
#define OP_LLONG_MAX(x, y, r) r = ((x) > (y) ? (x) : (y))
#define OP_LLONG_MIN(x, y, r) r = ((x) < (y) ? (x) : (y))
#define OP_ULLONG_PY_DIV(x, y, r) r = (x) / (y)
#define OP_ULLONG_PY_MOD(x, y, r) r = (x) % (y)
#define OP_ULLONG_NEG(x, r) r = (0ULL - (x))
#define OP_ULLONG_ABS(x, r) r = (x)
#define OP_ULLONG_MAX(x, y, r) r = ((x) > (y) ? (x) : (y))
#define OP_ULLONG_MIN(x, y, r) r = ((x) < (y) ? (x) : (y))
#define OP_IS_EARLY_CONSTANT(x, r) r = 0
#define OP_CONVERT_FLOAT_BYTES_TO_LONGLONG(x, r) memcpy(&(r), &(x), 8)
#define OP_CONVERT_LONGLONG_BYTES_TO_FLOAT(x, r) memcpy(&(r), &(x), 8)

/* Python division with a zero check (and overflow check for MIN // -1) */
#define OP_INT_PY_DIV_ZER(x, y, r) if ((y) == 0) RPY_RAISE_ZER(r); else r = rpy_int_floordiv(x, y)
#define OP_INT_PY_MOD_ZER(x, y, r) if ((y) == 0) RPY_RAISE_ZER(r); else r = rpy_int_mod(x, y)
#define OP_UINT_PY_DIV_ZER(x, y, r) if ((y) == 0) RPY_RAISE_ZER(r); else r = (x) / (y)
#define OP_UINT_PY_MOD_ZER(x, y, r) if ((y) == 0) RPY_RAISE_ZER(r); else r = (x) % (y)
#define OP_INT_PY_DIV_OVF_ZER(x, y, r) \
    if ((y) == 0) RPY_RAISE_ZER(r); \
    else if ((y) == -1 && (x) == (-9223372036854775807L - 1)) RPY_RAISE_OVF(r); \
    else r = rpy_int_floordiv(x, y)
#define OP_INT_PY_MOD_OVF_ZER(x, y, r) \
    if ((y) == 0) RPY_RAISE_ZER(r); \
    else if ((y) == -1 && (x) == (-9223372036854775807L - 1)) RPY_RAISE_OVF(r); \
    else r = rpy_int_mod(x, y)

#endif
