/* Both RP2040 cores add 1 to a shared counter COUNT times each under SIO spinlock 0; core 1 is
   launched through the FIFO and reports back through it. Exit 0 when the total is exact. */
#include "../../src/semihosting.h"
#include "rp2040.h"

#define COUNT 500

volatile unsigned counter;

static void work(void) {
  for (int i = 0; i < COUNT; i++) {
    spin_lock(0);
    counter = counter + 1;
    spin_unlock(0);
  }
}

static void core1_main(void) {
  work();
  fifo_push(0xc0de0000u | SIO_CPUID);
  for (;;) wfe();
}

int main(void) {
  if (SIO_CPUID != 0) return 3;
  launch_core1(core1_main);
  work();
  if (fifo_pop() != 0xc0de0001u) return 4;
  if (counter != 2 * COUNT) return 5;
  sh_write0("counter ok\n");
  return 0;
}
