/*
 * The soft-double table's arithmetic and conversions (datasheet §2.8.3.2 "Soft double"). The
 * four operations and int/float conversions are the compiler's libgcc routines (correctly
 * rounded IEEE); the fixed-point conversions, comparisons and the square root are arielsim's.
 * Conversions to integers round towards -Infinity and saturate, as the datasheet describes
 * (e.g. "_double2ufix64 ... rounds towards -Infinity, and clamps"); a NaN converts as the
 * infinity of its sign (the ROM unpacks NaNs as infinities).
 */
#include "rom.h"

#define SIGN64 0x8000000000000000ull
#define MANT64 0x000fffffffffffffull

typedef union {
  double d;
  uint64_t u;
} dbits;
static uint64_t d2u(double d) {
  dbits b;
  b.d = d;
  return b.u;
}
static double u2d(uint64_t u) {
  dbits b;
  b.u = u;
  return b.d;
}

double dadd(double a, double b) { return a + b; }
double dsub(double a, double b) { return a - b; }
double dmul(double a, double b) { return a * b; }
double ddiv(double a, double b) { return a / b; }

/* Sign-magnitude to an ordered integer; -0 and +0 map to 0. */
static int64_t order_key(uint64_t u) {
  return (u & SIGN64) ? -(int64_t)(u & ~SIGN64) : (int64_t)u;
}
static int compare_keys(int64_t x, int64_t y) { return x < y ? -1 : x > y; }
/* Mantissa cleared for denormals (-> signed zero) and NaNs (-> infinity). */
static uint64_t flush_special(uint64_t u) {
  uint32_t e = (uint32_t)(u >> 52) & 0x7ff;
  return (e == 0 || e == 0x7ff) ? u & ~MANT64 : u;
}
/* -1, 0, +1 for a < b, a == b, a > b (the flag-setting wrappers are in rt0.S). */
int dcmp_impl(double a, double b) { return compare_keys(order_key(d2u(a)), order_key(d2u(b))); }
int dcmp_combined_impl(double a, double b) {
  return compare_keys(order_key(flush_special(d2u(a))), order_key(flush_special(d2u(b))));
}

/* Correctly rounded square root, one result bit per step (digit-by-digit integer sqrt). */
double dsqrt(double x) {
  uint64_t u = d2u(x);
  int e = (int)(u >> 52) & 0x7ff;
  uint64_t m = u & MANT64;
  if (e == 0x7ff) return (m || !(u & SIGN64)) ? x : u2d(0x7ff8000000000000ull);
  if ((u & ~SIGN64) == 0) return x; /* +-0 */
  if (u & SIGN64) return u2d(0x7ff8000000000000ull);
  if (e == 0) {
    e = 1;
    while (!(m >> 52)) m <<= 1, e--;
  } else {
    m |= 1ull << 52;
  }
  int exp = e - 1023; /* x = m * 2^(exp - 52) */
  if (exp & 1) m <<= 1, exp--;
  /* q = floor(sqrt(m * 2^54)): 54 bits, the last one the rounding bit. */
  uint64_t q = 0, rem = 0;
  for (int i = 53; i >= 0; i--) {
    int lsb = 2 * i - 54;
    rem = (rem << 2) | (lsb >= 0 ? (m >> lsb) & 3 : 0);
    uint64_t t = (q << 2) | 1;
    q <<= 1;
    if (rem >= t) rem -= t, q |= 1;
  }
  uint64_t round = q & 1;
  q >>= 1;
  if (round && (rem || (q & 1))) q++;
  return u2d(q + ((uint64_t)(exp / 2 + 1022) << 52));
}

/* x * 2^n (steps keep intermediate results normal where possible). */
double rom_scalbn(double x, int n) {
  while (n > 1000) x *= 0x1p1000, n -= 1000;
  while (n < -1000) x *= 0x1p-1000, n += 1000;
  return x * u2d((uint64_t)(n + 1023) << 52);
}

/* floor(x * 2^n) as sign, magnitude (saturated at 2^64 - 1 when `huge`) and inexactness. */
typedef struct {
  uint64_t mag;
  int neg, inexact, huge;
} fix_parts;
static fix_parts to_fix_parts(uint64_t u, int n) {
  fix_parts r = {0, (int)(u >> 63), 0, 0};
  int e = (int)(u >> 52) & 0x7ff;
  uint64_t m = u & MANT64;
  if (e == 0x7ff) {
    r.huge = 1;
    return r;
  }
  if (e == 0) {
    if (!m) return r;
    e = 1;
  } else {
    m |= 1ull << 52;
  }
  int shift = e - 1075 + n; /* value = m * 2^shift */
  if (shift >= 64 || (shift > 0 && (m >> (64 - shift)))) r.huge = 1;
  else if (shift >= 0) r.mag = m << shift;
  else if (shift <= -64) r.inexact = 1;
  else r.mag = m >> -shift, r.inexact = (m & ((1ull << -shift) - 1)) != 0;
  return r;
}
static int64_t fix_signed64(fix_parts p) {
  if (!p.neg) return (p.huge || p.mag > (uint64_t)INT64_MAX) ? INT64_MAX : (int64_t)p.mag;
  uint64_t mag = p.mag + (uint64_t)p.inexact; /* towards -Infinity */
  if (p.huge || mag < p.mag || mag >= SIGN64) return INT64_MIN;
  return -(int64_t)mag;
}
static uint64_t fix_unsigned64(fix_parts p) {
  if (p.neg) return 0;
  return p.huge ? UINT64_MAX : p.mag;
}
static int32_t clamp32(int64_t v) {
  return v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : (int32_t)v;
}
static uint32_t clampu32(uint64_t v) { return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v; }

int64_t double2fix64(double v, int n) { return fix_signed64(to_fix_parts(d2u(v), n)); }
uint64_t double2ufix64(double v, int n) { return fix_unsigned64(to_fix_parts(d2u(v), n)); }
int64_t double2int64(double v) { return double2fix64(v, 0); }
uint64_t double2uint64(double v) { return double2ufix64(v, 0); }
int32_t double2fix(double v, int n) { return clamp32(double2fix64(v, n)); }
uint32_t double2ufix(double v, int n) { return clampu32(double2ufix64(v, n)); }
int32_t double2int(double v) { return double2fix(v, 0); }
uint32_t double2uint(double v) { return double2ufix(v, 0); }

double int2double(int32_t v) { return (double)v; }
double uint2double(uint32_t v) { return (double)v; }
double fix2double(int32_t v, int n) { return rom_scalbn((double)v, -n); }
double ufix2double(uint32_t v, int n) { return rom_scalbn((double)v, -n); }
double int642double(int64_t v) { return (double)v; }
double uint642double(uint64_t v) { return (double)v; }
double fix642double(int64_t v, int n) { return rom_scalbn((double)v, -n); }
double ufix642double(uint64_t v, int n) { return rom_scalbn((double)v, -n); }
float double2float(double v) { return (float)v; }
