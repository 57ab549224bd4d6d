/* A real workload for the RV32 ISS: CRC-32 (IEEE 802.3, reflected, poly 0xEDB88320) of a string and
 * an int8 dot product, printed over semihosting. main returns 0 when both match the known values. */
#include <stdint.h>

long semihost(long op, long param);

static void puts0(const char *s) { semihost(0x04, (long)s); }

static void put_hex(uint32_t v) {
  char buf[11] = "0x";
  for (int i = 0; i < 8; i++) buf[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 15];
  buf[10] = 0;
  puts0(buf);
}

static uint32_t crc32(const uint8_t *p, uint32_t n) {
  uint32_t crc = 0xffffffffu;
  while (n--) {
    crc ^= *p++;
    for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
  }
  return ~crc;
}

static int8_t a[64], b[64];

static int32_t dot_s8(const int8_t *x, const int8_t *y, int n) {
  int32_t acc = 0;
  for (int i = 0; i < n; i++) acc += x[i] * y[i];
  return acc;
}

int main(void) {
  static const char text[] = "123456789";
  uint32_t crc = crc32((const uint8_t *)text, 9);
  for (int i = 0; i < 64; i++) {
    a[i] = (int8_t)(i * 7 - 128);
    b[i] = (int8_t)(37 - i * 3);
  }
  int32_t dot = dot_s8(a, b, 64);
  puts0("crc32 ");
  put_hex(crc);
  puts0("\ndot ");
  put_hex((uint32_t)dot);
  puts0("\n");
  return (crc == 0xcbf43926u && dot == 48576) ? 0 : 1;
}
