/* Every core of a generic board (Cortex-M4, any core count) adds 1 to a shared counter COUNT times
   with an LDREX/STREX loop. Without a global exclusive monitor two cores' loops succeed on the same
   old value and an update is lost. Core 0 waits for the others and exits 0 when the total is
   exact, printing how many store-exclusives failed (the contention the loops saw). */
#include "../../src/semihosting.h"
#include "generic.h"

#define COUNT 1000

__attribute__((section(".data"))) volatile unsigned counter = 0;
__attribute__((section(".data"))) volatile unsigned finished = 0;
__attribute__((section(".data"))) volatile unsigned retries = 0;

/* *p += v with LDREX/STREX; returns the number of failed store-exclusives. */
static unsigned atomic_add(volatile unsigned *p, unsigned v) {
  unsigned failures = 0;
  for (;;) {
    unsigned value, status;
    __asm__ volatile("ldrex %0, [%2]\n\t"
                     "add %0, %0, %3\n\t"
                     "strex %1, %0, [%2]"
                     : "=&r"(value), "=&r"(status)
                     : "r"(p), "r"(v)
                     : "memory");
    if (status == 0) return failures;
    failures++;
  }
}

int main(unsigned core) {
  unsigned failed = 0;
  for (int i = 0; i < COUNT; i++) failed += atomic_add(&counter, 1);
  atomic_add(&retries, failed);
  atomic_add(&finished, 1);
  if (core != 0) return 0;
  unsigned cores = MAILBOX_CORES;
  while (finished != cores) {
  }
  char text[48];
  if (counter != cores * COUNT) {
    format_unsigned(text, counter, " (lost updates)\n");
    sh_write0(text);
    return 1;
  }
  char *p = format_unsigned(text, counter, " ok, ");
  format_unsigned(p, retries, " retries\n");
  sh_write0(text);
  return 0;
}
