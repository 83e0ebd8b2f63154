/* float.h -- operations on C doubles (lltype Float) and SingleFloat.
 *
 * Plain IEEE arithmetic; float_truediv by zero is guarded by the rtyper
 * (which raises ZeroDivisionError before the operation), so here it simply
 * follows C.
 */
#ifndef RPY_FLOAT_H
#define RPY_FLOAT_H

#define OP_FLOAT_IS_TRUE(x, r) r = ((x) != 0.0)
#define OP_FLOAT_NEG(x, r) r = -(x)
#define OP_FLOAT_ABS(x, r) r = fabs(x)
#define OP_FLOAT_ADD(x, y, r) r = (x) + (y)
#define OP_FLOAT_SUB(x, y, r) r = (x) - (y)
#define OP_FLOAT_MUL(x, y, r) r = (x) * (y)
#define OP_FLOAT_TRUEDIV(x, y, r) r = (x) / (y)
#define OP_FLOAT_LT(x, y, r) r = ((x) < (y))
#define OP_FLOAT_LE(x, y, r) r = ((x) <= (y))
#define OP_FLOAT_EQ(x, y, r) r = ((x) == (y))
#define OP_FLOAT_NE(x, y, r) r = ((x) != (y))
#define OP_FLOAT_GT(x, y, r) r = ((x) > (y))
#define OP_FLOAT_GE(x, y, r) r = ((x) >= (y))
#define OP_CAST_FLOAT_TO_SINGLEFLOAT(x, r) r = (float)(x)
#define OP_CAST_SINGLEFLOAT_TO_FLOAT(x, r) r = (double)(x)

#define OP_FLOAT_FLOOR(x, r) r = floor(x)
#define OP_FLOAT_CEIL(x, r) r = ceil(x)
#define OP_FLOAT_SQRT(x, r) r = sqrt(x)
#define OP_FLOAT_FMOD(x, y, r) r = fmod(x, y)
#define OP_FLOAT_POW(x, y, r) r = pow(x, y)
#define OP_FLOAT_ISNAN(x, r) r = (isnan(x) != 0)
#define OP_FLOAT_ISINF(x, r) r = (isinf(x) != 0)


/* float division with a zero check; py_div/py_mod follow CPython's steps */
static inline double rpy_float_py_mod(double x, double y)
{
    double r = fmod(x, y);
    if (r != 0.0) {
        if ((r < 0.0) != (y < 0.0))
            r += y;
    }
    else
        r = copysign(0.0, y);
    return r;
}
static inline double rpy_float_py_div(double x, double y)
{
    double mod = fmod(x, y), div = (x - mod) / y, floordiv;
    if (mod != 0.0 && ((y < 0.0) != (mod < 0.0)))
        div -= 1.0;
    if (div != 0.0) {
        floordiv = floor(div);
        if (div - floordiv > 0.5)
            floordiv += 1.0;
    }
    else
        floordiv = copysign(0.0, x / y);
    return floordiv;
}
#define RPY_RAISE_FZER(r) \
    do { \
        rpy_raise_simple(RPY_EXC_ZERODIVISION); \
        r = 0.0; \
    } while (0)
#define OP_FLOAT_TRUEDIV_ZER(x, y, r) if ((y) == 0.0) RPY_RAISE_FZER(r); else r = (x) / (y)
#define OP_FLOAT_PY_MOD_ZER(x, y, r) if ((y) == 0.0) RPY_RAISE_FZER(r); else r = rpy_float_py_mod(x, y)
#define OP_FLOAT_PY_DIV_ZER(x, y, r) if ((y) == 0.0) RPY_RAISE_FZER(r); else r = rpy_float_py_div(x, y)

#endif
