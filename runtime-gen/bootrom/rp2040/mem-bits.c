/*
 * The ROM's memory and bit functions (datasheet §2.8.3.1.1 "Fast Bit Counting / Manipulation
 * Functions" and §2.8.3.1.2 "Fast Bulk Memory Fill / Copy Functions"). Built with
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

/* memset(ptr, c, n) -> ptr */
uint8_t *rom_memset(uint8_t *ptr, uint8_t c, uint32_t n) {
  uint8_t *p = ptr;
  while (n--) *p++ = c;
  return ptr;
}

/* memset4(ptr, c, n) -> ptr: ptr word-aligned, n a multiple of 4, c replicated to words. */
uint32_t *rom_memset4(uint32_t *ptr, uint8_t c, uint32_t n) {
  uint32_t w = c * 0x01010101u;
  uint32_t *p = ptr;
  for (; n >= 4; n -= 4) *p++ = w;
  return ptr;
}

/* memcpy(dest, src, n) -> dest: any alignment; non-overlapping. Word copies when both pointers
 * share their alignment. */
uint8_t *rom_memcpy(uint8_t *dest, const uint8_t *src, uint32_t n) {
  uint8_t *d = dest;
  if ((((uintptr_t)d ^ (uintptr_t)src) & 3) == 0) {
    while (n && ((uintptr_t)d & 3)) *d++ = *src++, n--;
    for (; n >= 4; n -= 4, d += 4, src += 4) *(uint32_t *)d = *(const uint32_t *)src;
  }
  while (n--) *d++ = *src++;
  return dest;
}

/* memcpy44(dest, src, n) -> dest: both word-aligned, n a multiple of 4. */
uint32_t *rom_memcpy44(uint32_t *dest, const uint32_t *src, uint32_t n) {
  uint32_t *d = dest;
  for (; n >= 4; n -= 4) *d++ = *src++;
  return dest;
}
