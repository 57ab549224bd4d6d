/* Doubles under the hard-float ABI on a single-precision FPU (FPv4-SP, FPv5-SP): passed and
 * returned in d0-d7 and computed by libgcc's soft-double routines, so every call moves them between
 * D registers and core register pairs (VMOV Dm, Rt, Rt2 and back) and keeps them in memory with
 * VLDR/VSTR.64 and VSTM of D registers; floats live across calls sit in callee-saved s16-s31, which
 * VPUSH/VPOP {d8-...} save. `finish` marks the end of the computation (the differential test in
 * test/sim/differential compares the whole state there); main then prints the results' bit patterns
 * and checks them against known values. */
#include "print.h"

#define N 16

double xs[N], ys[N];
float fs[N];
double acc_out;
float spread_out;

__attribute__((noinline)) double mix(double a, double b) { return a * b + (a - b) / (b + 3.0); }

__attribute__((noinline)) double step(double x, int i) {
  return mix(x, (double)i * 0.25) - 1.0 / 3.0;
}

/* Twelve floats live across every call of step(): GCC keeps them in s16-s31. */
__attribute__((noinline)) float spread(const float *v, double scale) {
  float a0 = v[0], a1 = v[1], a2 = v[2], a3 = v[3], a4 = v[4], a5 = v[5];
  float a6 = v[6], a7 = v[7], a8 = v[8], a9 = v[9], a10 = v[10], a11 = v[11];
  for (int i = 0; i < 4; i++) {
    float k = (float)step(scale, i);
    a0 = a0 * k + a1;
    a1 = a1 * k - a2;
    a2 = a2 + a3 * k;
    a3 = a3 - a4 * k;
    a4 = a4 * a5 + k;
    a5 = a5 * a6 - k;
    a6 = a6 + a7;
    a7 = a7 * k;
    a8 = a8 + a9 * k;
    a9 = a9 - a10;
    a10 = a10 * k + a11;
    a11 = a11 + k;
  }
  return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
}

__attribute__((noinline, used)) void finish(void) { __asm__ volatile("" ::: "memory"); }

static unsigned fnv(const void *p, unsigned bytes, unsigned h) {
  const unsigned char *b = p;
  for (unsigned i = 0; i < bytes; i++) h = (h ^ b[i]) * 16777619u;
  return h;
}

static unsigned bits(float f) {
  union {
    float f;
    unsigned u;
  } v = {f};
  return v.u;
}

int main(void) {
  double acc = 1.0;
  for (int i = 0; i < N; i++) {
    acc = step(acc, i);
    xs[i] = acc;
    ys[i] = mix(xs[i], (double)(N - i));
    fs[i] = (float)ys[i];
  }
  spread_out = spread(fs, acc);
  acc_out = acc;
  finish();
  unsigned h = fnv(xs, sizeof xs, 2166136261u);
  h = fnv(ys, sizeof ys, h);
  h = fnv(fs, sizeof fs, h);
  union {
    double d;
    unsigned u[2];
  } a = {acc_out};
  report("fp_double acc", a.u[1]);
  report("acc lo", a.u[0]);
  report("spread", bits(spread_out));
  report("hash", h);
  /* acc and hash as IEEE double arithmetic gives them on the host; spread as GCC contracts it. */
  int ok = a.u[1] == 0xc0f95cd4u && a.u[0] == 0x80b4e2b3u && bits(spread_out) == 0xf0ab069fu &&
           h == 0x2ae4cb88u;
  return ok ? 0 : 1;
}
