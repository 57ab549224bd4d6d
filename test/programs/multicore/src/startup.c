/* Core 0 startup for the SRAM-loaded multicore programs: clear .bss, run main, exit by semihosting. */
#include "../../src/semihosting.h"

extern unsigned __bss_start[], __bss_end[], __stack_top[];
int main(void);

void reset_handler(void) {
  for (unsigned *d = __bss_start; d < __bss_end;) *d++ = 0;
  sh_exit(main());
}

void hardfault_handler(void) {
  sh_write0("HardFault\n");
  sh_exit(125);
}

__attribute__((section(".vectors"), used)) void *const vectors[16] = {
    __stack_top, reset_handler, hardfault_handler, hardfault_handler,
};
