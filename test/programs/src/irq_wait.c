/*
 * External interrupt 0 (raised by the test through the machine's device host) twice: first it
 * wakes the core from WFI, then it ends a busy loop. Prints "waiting", "spinning", "done", exits 0.
 * Its vector table is its own (VTOR), with the IRQ 0 handler at entry 16.
 */
#include "semihosting.h"

extern unsigned __stack_top[];
void reset_handler(void);
void hardfault_handler(void);

static volatile unsigned fired;

static void irq0_handler(void) { fired++; }

__attribute__((aligned(256))) static void *const vectors[32] = {
    __stack_top, reset_handler, hardfault_handler, hardfault_handler, [16] = irq0_handler,
};

int main(void) {
  *(volatile unsigned *)0xe000ed08u = (unsigned)vectors; /* VTOR */
  *(volatile unsigned *)0xe000e100u = 1;                 /* NVIC_ISER: enable IRQ 0 */
  sh_write0("waiting\n");
  while (fired == 0) __asm__ volatile("wfi");
  sh_write0("spinning\n");
  while (fired == 1) {
  }
  sh_write0("done\n");
  return 0;
}
