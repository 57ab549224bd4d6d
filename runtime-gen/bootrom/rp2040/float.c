/*
 * The soft-float table (datasheet §2.8.3.2 "Soft float"): the four operations and int
 * conversions are libgcc's (correctly rounded IEEE); the rest goes through the double versions
 * (double.c, math.c), which is exact for the conversions (a float converts to double exactly)
 * and correctly rounded for fsqrt (a double square root rounded to float is the correctly
 * rounded float square root, since 53 >= 2 * 24 + 2).
 */
#include "rom.h"

/* double.c / math.c */
int dcmp_impl(double a, double b);
int dcmp_combined_impl(double a, double b);
double dsqrt(double x);
int64_t double2fix64(double v, int n);
uint64_t double2ufix64(double v, int n);
int32_t double2fix(double v, int n);
uint32_t double2ufix(double v, int n);
double dsin(double x), dcos(double x), dtan(double x), dexp(double x), dln(double x);
double datan2(double y, double x);
void dsincos_impl(double x, double out[2]);

typedef union {
  float f;
  uint32_t u;
} fbits;

float fadd(float a, float b) { return a + b; }
float fsub(float a, float b) { return a - b; }
float fmul(float a, float b) { return a * b; }
float fdiv(float a, float b) { return a / b; }
/* -1, 0, +1 (flag-setting wrappers in rt0.S); comparing the exact double values orders floats
 * the same way, including the flushing of the "combined" variant. */
int fcmp_impl(float a, float b) { return dcmp_impl(a, b); }
int fcmp_combined_impl(float a, float b) {
  fbits x, y;
  x.f = a, y.f = b;
  uint32_t ex = (x.u >> 23) & 0xff, ey = (y.u >> 23) & 0xff;
  if (ex == 0 || ex == 0xff) x.u &= 0xff800000u;
  if (ey == 0 || ey == 0xff) y.u &= 0xff800000u;
  return dcmp_impl(x.f, y.f);
}
float fsqrt(float x) { return (float)dsqrt(x); }

int32_t float2int(float v) { return double2fix(v, 0); }
int32_t float2fix(float v, int n) { return double2fix(v, n); }
uint32_t float2uint(float v) { return double2ufix(v, 0); }
uint32_t float2ufix(float v, int n) { return double2ufix(v, n); }
int64_t float2int64(float v) { return double2fix64(v, 0); }
int64_t float2fix64(float v, int n) { return double2fix64(v, n); }
uint64_t float2uint64(float v) { return double2ufix64(v, 0); }
uint64_t float2ufix64(float v, int n) { return double2ufix64(v, n); }
double float2double(float v) { return (double)v; }

float int2float(int32_t v) { return (float)v; }
float uint2float(uint32_t v) { return (float)v; }
/* (double)v is exact and the scaling by 2^-n too (inside double's range): one rounding. */
float fix2float(int32_t v, int n) { return (float)rom_scalbn((double)v, -n); }
float ufix2float(uint32_t v, int n) { return (float)rom_scalbn((double)v, -n); }
float int642float(int64_t v) { return (float)v; }
float uint642float(uint64_t v) { return (float)v; }
/* Rounded once to float, then scaled exactly (outside the float denormal range). */
float fix642float(int64_t v, int n) { return (float)rom_scalbn((double)(float)v, -n); }
float ufix642float(uint64_t v, int n) { return (float)rom_scalbn((double)(float)v, -n); }

float fsin(float x) { return (float)dsin(x); }
float fcos(float x) { return (float)dcos(x); }
float ftan(float x) { return (float)dtan(x); }
float fexp(float x) { return (float)dexp(x); }
float fln(float x) { return (float)dln(x); }
float fatan2(float y, float x) { return (float)datan2(y, x); }
/* sin in r0, cos in r1: a 64-bit return value's low and high words. */
uint64_t fsincos(float x) {
  double sc[2];
  fbits s, c;
  dsincos_impl(x, sc);
  s.f = (float)sc[0], c.f = (float)sc[1];
  return (uint64_t)c.u << 32 | s.u;
}
