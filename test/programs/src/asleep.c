/* Sleeps with nothing that can wake it: WFI with no interrupt enabled and SysTick off. */
#include "semihosting.h"

int main(void) {
  sh_write0("going to sleep\n");
  for (;;) __asm__ volatile("wfi");
}
