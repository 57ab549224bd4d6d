/* A 16-tap low-pass FIR filter in Q15 fixed point (Q30 accumulator, rounding, saturation to Q15)
 * over 200 samples of a square wave plus a ramp; checks a checksum of the output. */
#include "print.h"

#define TAPS 16
#define SAMPLES 200
static const short taps[TAPS] = {-312, -480, -201, 655, 2103, 3842, 5300, 6093,
                                 6093, 5300, 3842, 2103, 655,  -201, -480, -312};
short input[SAMPLES], output[SAMPLES];

static short saturate_q15(int v) { return (short)(v > 32767 ? 32767 : v < -32768 ? -32768 : v); }

int main(void) {
  for (int n = 0; n < SAMPLES; n++)
    input[n] = (short)(((n / 10) & 1 ? 24000 : -24000) + (n * 97) % 4000);
  unsigned hash = 0;
  for (int n = 0; n < SAMPLES; n++) {
    int acc = 0;
    for (int k = 0; k < TAPS; k++) acc += taps[k] * (n >= k ? input[n - k] : 0);
    output[n] = saturate_q15((acc + (1 << 14)) >> 15);
    hash = hash * 33u + (unsigned short)output[n];
  }
  sh_write0("fir_q15 y[100] ");
  put_dec(output[100]);
  sh_write0("\n");
  report("hash", hash);
  return hash == 0x1f230bc2u ? 0 : 1;
}
