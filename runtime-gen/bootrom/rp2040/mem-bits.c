/*
 * The ROM's bit functions (datasheet §2.8.3.1.1 "Fast Bit Counting / Manipulation Functions");
 * the bulk memory functions of §2.8.3.1.2 are in mem.S. Built with
 * -fno-tree-loop-distribute-patterns so that the loops stay loops instead of becoming calls.
 */
#include "rom.h"

uint32_t popcount32(uint32_t v) {
  v = v - ((v >> 1) & 0x55555555u);
  v = (v & 0x33333333u) + ((v >> 2) & 0x33333333u);
  v = (v + (v >> 4)) & 0x0f0f0f0fu;
  return (v * 0x01010101u) >> 24;
}

uint32_t reverse32(uint32_t v) {
  v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
  v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
  v = ((v >> 4) & 0x0f0f0f0fu) | ((v & 0x0f0f0f0fu) << 4);
  v = ((v >> 8) & 0x00ff00ffu) | ((v & 0x00ff00ffu) << 8);
  return (v >> 16) | (v << 16);
}

/* Leading zeros; clz32(0) = 32. */
uint32_t clz32(uint32_t v) {
  if (!v) return 32;
  uint32_t n = 0;
  if (!(v >> 16)) n += 16, v <<= 16;
  if (!(v >> 24)) n += 8, v <<= 8;
  if (!(v >> 28)) n += 4, v <<= 4;
  if (!(v >> 30)) n += 2, v <<= 2;
  if (!(v >> 31)) n += 1;
  return n;
}

/* Trailing zeros; ctz32(0) = 32. */
uint32_t ctz32(uint32_t v) {
  return v ? 31 - clz32(v & -v) : 32;
}

/* memset, memset4, memcpy and memcpy44 are in mem.S. */
