/*
 * Scientific functions of the soft-double table (datasheet §2.8.3.2: dsin, dcos, dtan, dsincos,
 * datan2, dexp, dln), arielsim's own: argument reduction plus Taylor/arctanh series evaluated in
 * double with libgcc's arithmetic. Correctness first: errors are a few ulp, and sin/cos/tan are
 * accurate well beyond the datasheet's |x| < 1024 (up to about 2^20 * pi/2). The float table's
 * versions (float.c) evaluate these in double.
 */
#include "rom.h"

typedef union {
  double d;
  uint64_t u;
} dbits;

/* pi/2 in three parts of 33, 33 and 53 bits: k * part is exact for |k| < 2^20. */
#define PIO2_1 0x1.921fb54400000p+0
#define PIO2_2 0x1.0b4611a600000p-34
#define PIO2_3 0x1.3198a2e037073p-69
#define TWO_OVER_PI 0x1.45f306dc9c883p-1
#define PI 0x1.921fb54442d18p+1
#define PI_2 0x1.921fb54442d18p+0
#define PI_4 0x1.921fb54442d18p-1
#define PI_6 0x1.0c152382d7366p-1
#define SQRT3 0x1.bb67ae8584caap+0
#define TAN_PI_12 0x1.126145e9ecd56p-2
#define SQRT2 0x1.6a09e667f3bcdp+0
/* ln 2 in a 32-bit high part (k * LN2_HI exact for |k| < 2^21) and the rest. */
#define LN2_HI 0x1.62e42fee00000p-1
#define LN2_LO 0x1.a39ef35793c76p-33
#define INV_LN2 0x1.71547652b82fep+0

static int is_nan(double x) { return x != x; }

/* Nearest integer of x (|x| < 2^31). */
static int nearest(double x) { return (int)(x < 0 ? x - 0.5 : x + 0.5); }

/* sin and cos of r, |r| <= pi/4 (plus rounding): Taylor series to r^17 and r^18. */
static double sin_poly(double r) {
  double z = r * r;
  double p = 1.0 / 355687428096000.0;         /* 1/17! */
  p = p * z - 1.0 / 1307674368000.0;          /* 1/15! */
  p = p * z + 1.0 / 6227020800.0;             /* 1/13! */
  p = p * z - 1.0 / 39916800.0;               /* 1/11! */
  p = p * z + 1.0 / 362880.0;                 /* 1/9!  */
  p = p * z - 1.0 / 5040.0;                   /* 1/7!  */
  p = p * z + 1.0 / 120.0;                    /* 1/5!  */
  p = p * z - 1.0 / 6.0;                      /* 1/3!  */
  return r + r * z * p;
}
static double cos_poly(double r) {
  double z = r * r;
  double p = 1.0 / 6402373705728000.0;        /* 1/18! */
  p = p * z - 1.0 / 20922789888000.0;         /* 1/16! */
  p = p * z + 1.0 / 87178291200.0;            /* 1/14! */
  p = p * z - 1.0 / 479001600.0;              /* 1/12! */
  p = p * z + 1.0 / 3628800.0;                /* 1/10! */
  p = p * z - 1.0 / 40320.0;                  /* 1/8!  */
  p = p * z + 1.0 / 720.0;                    /* 1/6!  */
  p = p * z - 1.0 / 24.0;                     /* 1/4!  */
  p = p * z + 0.5;
  return 1.0 - z * p;
}

/* x = k * pi/2 + r; returns k mod 4 and sets *s, *c to sin r, cos r. */
static int reduce(double x, double *s, double *c) {
  int k = 0;
  double r = x;
  if (x > PI_4 || x < -PI_4) {
    k = nearest(x * TWO_OVER_PI);
    double dk = (double)k;
    r = ((x - dk * PIO2_1) - dk * PIO2_2) - dk * PIO2_3;
  }
  *s = sin_poly(r);
  *c = cos_poly(r);
  return k & 3;
}

void dsincos_impl(double x, double out[2]) {
  double s, c;
  if (is_nan(x) || x - x != 0) { /* NaN or infinity */
    out[0] = out[1] = x - x;
    return;
  }
  switch (reduce(x, &s, &c)) {
  case 0: out[0] = s, out[1] = c; break;
  case 1: out[0] = c, out[1] = -s; break;
  case 2: out[0] = -s, out[1] = -c; break;
  default: out[0] = -c, out[1] = s; break;
  }
}
double dsin(double x) {
  double sc[2];
  dsincos_impl(x, sc);
  return sc[0];
}
double dcos(double x) {
  double sc[2];
  dsincos_impl(x, sc);
  return sc[1];
}
double dtan(double x) {
  double s, c;
  if (is_nan(x) || x - x != 0) return x - x;
  return (reduce(x, &s, &c) & 1) ? -c / s : s / c;
}

double dexp(double x) {
  if (is_nan(x)) return x;
  if (x > 709.8) return __builtin_inf();
  if (x < -745.2) return 0.0;
  int k = nearest(x * INV_LN2);
  double dk = (double)k;
  double r = (x - dk * LN2_HI) - dk * LN2_LO; /* |r| <= ln2/2 */
  double p = 1.0 / 6227020800.0;              /* 1/13! */
  static const double inv_fact[] = {1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0,
                                    1.0 / 362880.0,    1.0 / 40320.0,    1.0 / 5040.0,
                                    1.0 / 720.0,       1.0 / 120.0,      1.0 / 24.0,
                                    1.0 / 6.0,         0.5,              1.0,
                                    1.0};
  for (unsigned i = 0; i < sizeof inv_fact / sizeof inv_fact[0]; i++) p = p * r + inv_fact[i];
  return rom_scalbn(p, k);
}

double dln(double x) {
  dbits b;
  b.d = x;
  if (is_nan(x)) return x;
  if (x < 0) return __builtin_nan("");
  if (x == 0) return -__builtin_inf();
  if (x - x != 0) return x; /* +Infinity */
  int e = 0;
  if (!(b.u >> 52)) b.d = x * 0x1p54, e = -54; /* denormal */
  e += (int)(b.u >> 52) - 1023;
  b.u = (b.u & 0x000fffffffffffffull) | 0x3ff0000000000000ull; /* m in [1, 2) */
  double m = b.d;
  if (m > SQRT2) m *= 0.5, e++;
  double s = (m - 1.0) / (m + 1.0), z = s * s;
  double p = 1.0 / 23.0;
  for (int k = 21; k >= 3; k -= 2) p = p * z + 1.0 / (double)k;
  double de = (double)e;
  return de * LN2_HI + (2.0 * s + (2.0 * s * z * p + de * LN2_LO));
}

/* atan(t), 0 <= t <= 1: t > tan(pi/12) is moved below it with atan t = pi/6 + atan t',
 * t' = (t sqrt3 - 1) / (t + sqrt3); then t - t z q, q = 1/3 - z/5 + z^2/7 - ... to z^13/29. */
static double atan_unit(double t) {
  double base = 0;
  if (t > TAN_PI_12) base = PI_6, t = (t * SQRT3 - 1.0) / (t + SQRT3);
  double z = t * t, q = 1.0 / 29.0;
  for (int k = 27; k >= 3; k -= 2) q = 1.0 / (double)k - z * q;
  return base + (t - t * z * q);
}

double datan2(double y, double x) {
  if (is_nan(x) || is_nan(y)) return x + y;
  dbits bx, by;
  bx.d = x, by.d = y;
  int xneg = (int)(bx.u >> 63), yneg = (int)(by.u >> 63);
  double ax = xneg ? -x : x, ay = yneg ? -y : y, a;
  if (ay == 0) a = xneg ? PI : 0.0;
  else if (ax - ax != 0 && ay - ay != 0) a = xneg ? 3 * PI_4 : PI_4;
  else {
    a = ay <= ax ? atan_unit(ay / ax) : PI_2 - atan_unit(ax / ay);
    if (xneg) a = PI - a;
  }
  return yneg ? -a : a;
}
