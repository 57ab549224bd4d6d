/*
 * Cortex-M entry points. The image has no vector table of its own: the image builder writes one
 * per core (runtime-gen/image.ts) whose reset vector is ars_reset, whose fault vectors are
 * ars_fault, whose SysTick vector is ars_systick, and whose reserved words 8 and 9 hold the core id
 * and the boot descriptor's address. Each core finds its table through VTOR (DDI0403E B3.2.5).
 */
#include "executor.h"
#include "port.h"

#define VTOR 0xe000ed08u
/* Entry points only the vector tables name: kept by the linker script (KEEP .text.start*). */
#define ENTRY_POINT __attribute__((section(".text.start.entries"), used))

static const uint32_t *own_vector_table(void) {
  return (const uint32_t *)(uintptr_t)ARS_REG(VTOR);
}

ENTRY_POINT void ars_reset(void) {
  const uint32_t *vt = own_vector_table();
  ars_main((const ars_boot_t *)(uintptr_t)vt[9], vt[8]);
}

ENTRY_POINT void ars_fault(void) { ars_exit(ARS_EXIT_FAULT); }

/* SysTick wrap (Cortex-M0+ cycle counter): one more 2^24 cycles in this core's ctx word. */
ENTRY_POINT void ars_systick(void) {
  const uint32_t *vt = own_vector_table();
  const ars_boot_t *boot = (const ars_boot_t *)(uintptr_t)vt[9];
  volatile uint32_t *ctx = (volatile uint32_t *)(uintptr_t)boot->ctx_addr;
  ctx[ARS_CTX_CORES + 4u * vt[8] + 3u] += 1u;
}
