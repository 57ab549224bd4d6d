/*
 * Cortex-M cycle counters. ARMv7-M / ARMv8-M Mainline: the DWT cycle counter (DDI0403E C1.8.8:
 * DEMCR.TRCENA, then DWT_CTRL.CYCCNTENA). ARMv6-M has no DWT cycle counter: SysTick counts the
 * core clock down from 2^24 - 1 (DDI0419 B3.3) and its interrupt counts the wrap-arounds.
 */
#include "executor.h"
#include "port.h"

#if defined(__ARM_ARCH_6M__)
#define SYST_CSR 0xe000e010u
#define SYST_RVR 0xe000e014u
#define SYST_CVR 0xe000e018u
#define SYST_MAX 0x00ffffffu

void ars_counter_start(volatile uint32_t *wraps) {
  *wraps = 0;
  ARS_REG(SYST_CSR) = 0;
  ARS_REG(SYST_RVR) = SYST_MAX;
  ARS_REG(SYST_CVR) = 0; /* any write clears the counter; it reloads on the next tick */
  ARS_REG(SYST_CSR) = 7u; /* ENABLE | TICKINT | CLKSOURCE (processor clock) */
}

uint32_t ars_counter_now(volatile uint32_t *wraps) {
  uint32_t before, value, after;
  do {
    before = *wraps;
    value = ARS_REG(SYST_CVR);
    after = *wraps;
  } while (before != after);
  return (before << 24) + (SYST_MAX - value);
}
#else
#define DEMCR 0xe000edfcu
#define DWT_CTRL 0xe0001000u
#define DWT_CYCCNT 0xe0001004u

void ars_counter_start(volatile uint32_t *wraps) {
  (void)wraps;
  ARS_REG(DEMCR) |= 1u << 24; /* TRCENA */
  ARS_REG(DWT_CYCCNT) = 0;
  ARS_REG(DWT_CTRL) |= 1u; /* CYCCNTENA */
}

uint32_t ars_counter_now(volatile uint32_t *wraps) {
  (void)wraps;
  return ARS_REG(DWT_CYCCNT);
}
#endif
