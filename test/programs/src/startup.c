/* Minimal Cortex-M startup: vector table, FPU enable, .data copy, .bss clear, main, semihosting exit. */
#include "semihosting.h"

extern unsigned __data_start[], __data_end[], __data_load[], __bss_start[], __bss_end[], __stack_top[];
int main(void);

void reset_handler(void) {
#if defined(__ARM_FP)
  /* CPACR: CP10/CP11 full access before any FP instruction (ARMv7-M B3.2.20). */
  *(volatile unsigned *)0xe000ed88u |= 0xfu << 20;
  __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
  for (unsigned *s = __data_load, *d = __data_start; d < __data_end;) *d++ = *s++;
  for (unsigned *d = __bss_start; d < __bss_end;) *d++ = 0;
  sh_exit(main());
}

void hardfault_handler(void) {
  sh_write0("HardFault\n");
  sh_exit(125);
}

__attribute__((section(".vectors"), used)) static void *const vectors[16] = {
    __stack_top, reset_handler, hardfault_handler, hardfault_handler,
};
