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

#endif
