/* CRC-32 (IEEE 802.3, reflected, poly 0xEDB88320) of "123456789" and an int8 dot product. */
#include "semihosting.h"

/* In .data, so the startup code's copy from flash is exercised. */
volatile unsigned crc_initial = 0xffffffffu;

static unsigned crc32(const unsigned char *p, unsigned n) {
  unsigned crc = crc_initial;
  while (n--) {
    crc ^= *p++;
    for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
  }
  return ~crc;
}

static int dot_s8(const signed char *a, const signed char *b, int n) {
  int acc = 0;
  for (int i = 0; i < n; i++) acc += a[i] * b[i];
  return acc;
}

static void put_hex(unsigned v) {
  char s[11];
  s[0] = '0';
  s[1] = 'x';
  for (int i = 0; i < 8; i++) s[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 15];
  s[10] = 0;
  sh_write0(s);
}

signed char va[64], vb[64];

int main(void) {
  static const unsigned char check[] = "123456789";
  unsigned crc = crc32(check, 9);
  sh_write0("crc32 ");
  put_hex(crc);
  sh_write0("\n");
  for (int i = 0; i < 64; i++) {
    va[i] = (signed char)(i * 7 - 128);
    vb[i] = (signed char)(127 - i * 3);
  }
  int dot = dot_s8(va, vb, 64);
  sh_write0("dot ");
  put_hex((unsigned)dot);
  sh_write0("\n");
  return crc == 0xcbf43926u ? 0 : 1;
}
