/* Benchmark (RV32 build of test/programs/src/bench_dot.c): an int8 dot product of 256 elements,
 * repeated 2000 times; main returns 0. */
signed char va[256], vb[256];
volatile int sink;

__attribute__((noinline)) static int dot_s8(const signed char *a, const signed char *b, int n) {
  int acc = 0;
  for (int i = 0; i < n; i++) acc += a[i] * b[i];
  return acc;
}

int main(void) {
  for (int i = 0; i < 256; i++) {
    va[i] = (signed char)(i * 37);
    vb[i] = (signed char)(i * 11 + 5);
  }
  for (int r = 0; r < 2000; r++) sink = dot_s8(va, vb, 256);
  return 0;
}
