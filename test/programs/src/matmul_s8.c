/* int8 matrix multiply C = A (12x20) * B (20x16) with int32 accumulation, then requantized to int8
 * with a rounding right shift and saturation (as in int8 TFLite kernels); checks a checksum. */
#include "print.h"

#define M 12
#define K 20
#define N 16
signed char a[M][K], b[K][N], c[M][N];
int acc[M][N];

static signed char saturate_s8(int v) { return (signed char)(v > 127 ? 127 : v < -128 ? -128 : v); }

int main(void) {
  for (int i = 0; i < M; i++)
    for (int k = 0; k < K; k++) a[i][k] = (signed char)((i * 37 + k * 11) % 255 - 127);
  for (int k = 0; k < K; k++)
    for (int j = 0; j < N; j++) b[k][j] = (signed char)((k * 53 - j * 29) % 251);
  unsigned hash = 2166136261u; /* FNV-1a over the int8 outputs */
  int total = 0;
  for (int i = 0; i < M; i++) {
    for (int j = 0; j < N; j++) {
      int s = 0;
      for (int k = 0; k < K; k++) s += a[i][k] * b[k][j];
      acc[i][j] = s;
      total += s;
      c[i][j] = saturate_s8((s + (1 << 8)) >> 9);
      hash = (hash ^ (unsigned char)c[i][j]) * 16777619u;
    }
  }
  sh_write0("matmul_s8 sum ");
  put_dec(total);
  sh_write0("\n");
  report("hash", hash);
  return total == -48342 && hash == 0xc8cbfd39u ? 0 : 1;
}
