/* The same shared counter without the spinlock: the cores' read-modify-write sequences interleave
   and updates are lost. The simulation is deterministic, so the final value is too; it is the exit
   code (low 8 bits) and printed. */
#include "../../src/semihosting.h"
#include "rp2040.h"

#define COUNT 500

volatile unsigned counter;

static void work(void) {
  for (int i = 0; i < COUNT; i++) counter = counter + 1;
}

static void core1_main(void) {
  work();
  fifo_push(1);
  for (;;) wfe();
}

int main(void) {
  launch_core1(core1_main);
  work();
  (void)fifo_pop();
  char text[12];
  unsigned v = counter;
  int n = 10;
  text[11] = 0;
  text[10] = '\n';
  do {
    text[--n] = (char)('0' + v % 10);
    v /= 10;
  } while (v != 0);
  sh_write0(text + n);
  return 0;
}
