/* Cortex-M startup for the generic board: every core starts here from the same vector table (the
   board's 'same-entry' start), takes a 1 KB stack by its core id and runs main(core id). Core 0's
   return value is the exit code (semihosting); the other cores then sleep. */
#include "../../src/semihosting.h"
#include "generic.h"

extern unsigned __stack_top[];
int main(unsigned core);

__attribute__((noreturn, used)) static void start(void) {
  unsigned core = MAILBOX_CPUID;
  int code = main(core);
  if (core == 0) sh_exit(code);
  for (;;) __asm__ volatile("wfe");
}

__attribute__((naked, noreturn)) void reset_handler(void) {
  __asm__ volatile("ldr r0, =0x40000000\n\t"
                   "ldr r0, [r0]\n\t" /* MAILBOX_CPUID */
                   "ldr r1, =__stack_top\n\t"
                   "sub r1, r1, r0, lsl #10\n\t"
                   "mov sp, r1\n\t"
                   "b start\n\t"
                   ".ltorg");
}

void hardfault_handler(void) {
  sh_write0("HardFault\n");
  sh_exit(125);
}

__attribute__((section(".vectors"), used)) void *const vectors[16] = {
    __stack_top,
    reset_handler,
    hardfault_handler,
    hardfault_handler,
};
