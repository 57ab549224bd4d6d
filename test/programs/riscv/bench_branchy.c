/* Benchmark (RV32 build of test/programs/src/bench_branchy.c): branchy code, a bitwise CRC-32 and a
 * Collatz walk over a buffer, repeated 100 times; main returns 0. */
unsigned char buf[512];
volatile unsigned sink;

__attribute__((noinline)) static unsigned crc32(const unsigned char *p, unsigned n) {
  unsigned crc = 0xffffffffu;
  while (n--) {
    crc ^= *p++;
    for (int k = 0; k < 8; k++) {
      if (crc & 1) crc = (crc >> 1) ^ 0xedb88320u;
      else crc >>= 1;
    }
  }
  return ~crc;
}

__attribute__((noinline)) static unsigned collatz_steps(unsigned x) {
  unsigned steps = 0;
  while (x != 1) {
    x = (x & 1) ? 3 * x + 1 : x >> 1;
    steps++;
  }
  return steps;
}

int main(void) {
  for (unsigned i = 0; i < sizeof buf; i++) buf[i] = (unsigned char)(i * 13 + 7);
  for (int r = 0; r < 100; r++) {
    sink = crc32(buf, sizeof buf);
    for (unsigned x = 1; x < 200; x++) sink += collatz_steps(x);
  }
  return 0;
}
