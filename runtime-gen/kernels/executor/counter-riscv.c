/* RV32 cycle counter: mcycle (Privileged spec 3.1.11), free-running from reset; read relative to start. */
#include "executor.h"

static uint32_t mcycle(void) {
  uint32_t v;
  __asm__ volatile("csrr %0, mcycle" : "=r"(v));
  return v;
}

void ars_counter_start(volatile uint32_t *wraps) { *wraps = mcycle(); }

uint32_t ars_counter_now(volatile uint32_t *wraps) { return mcycle() - *wraps; }
