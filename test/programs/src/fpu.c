/* Single-precision FPU work: a float dot product, divisions and square roots (VSQRT, VDIV), with a
 * PendSV handler that also computes in floating point taken in the middle, so the result depends on
 * the hardware saving and restoring S0-S15/FPSCR in the extended exception frame (lazy stacking on,
 * the reset default). Prints the results' bit patterns; checks them against known values. */
#include "print.h"

#define SCB_ICSR (*(volatile unsigned *)0xe000ed04u)
#define SCB_VTOR (*(volatile unsigned *)0xe000ed08u)
#define ICSR_PENDSVSET (1u << 28)

extern unsigned __stack_top[];
void reset_handler(void);
void hardfault_handler(void);

volatile float handler_result;
volatile int handler_runs;

void pendsv_handler(void) {
  float x = handler_result;
  for (int i = 1; i <= 8; i++) x = x * 1.5f + 1.0f / (float)i;
  handler_result = x;
  handler_runs++;
}

/* Our own vector table (VTOR) so the shared startup code stays the same for every program. */
__attribute__((aligned(128))) static void *const vectors[16] = {
    __stack_top,       reset_handler,     hardfault_handler, hardfault_handler, 0, 0, 0, 0, 0, 0,
    0,                 0,                 0,                 0,                 (void *)pendsv_handler,
    0};

float xs[32], ys[32];

static unsigned bits(float f) {
  union {
    float f;
    unsigned u;
  } v = {f};
  return v.u;
}

int main(void) {
  SCB_VTOR = (unsigned)vectors;
  for (int i = 0; i < 32; i++) {
    xs[i] = (float)(i + 1) / 7.0f;
    ys[i] = __builtin_sqrtf((float)(3 * i + 2));
  }
  float dot = 0.0f, norm = 0.0f;
  for (int i = 0; i < 32; i++) {
    dot += xs[i] * ys[i];
    norm += xs[i] * xs[i];
    if (i == 16) SCB_ICSR = ICSR_PENDSVSET; /* the handler runs with FP values live here */
  }
  float ratio = dot / __builtin_sqrtf(norm);
  report("fpu dot", bits(dot));
  report("ratio", bits(ratio));
  report("handler", bits(handler_result));
  int ok = handler_runs == 1 && bits(dot) == 0x4413b0e1u && bits(ratio) == 0x421aa737u &&
           bits(handler_result) == 0x41dfbd42u;
  return ok ? 0 : 1;
}
