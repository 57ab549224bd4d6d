/* Every hart of a generic board (Hazard3, any core count) adds 1 to one shared counter COUNT times
   with an LR/SC loop and to another with amoadd.w. Without the global monitor an sc.w after another
   hart's store still succeeds and updates are lost. Hart 0 waits for the others and exits 0 when
   both totals are exact, printing how many sc.w failed. */
#include "../../src/semihosting.h"
#include "generic.h"

#define COUNT 1000

__attribute__((section(".data"))) volatile unsigned counter = 0;
__attribute__((section(".data"))) volatile unsigned amo_counter = 0;
__attribute__((section(".data"))) volatile unsigned finished = 0;
__attribute__((section(".data"))) volatile unsigned retries = 0;

/* *p += v with lr.w/sc.w; returns the number of failed sc.w. */
static unsigned lrsc_add(volatile unsigned *p, unsigned v) {
  unsigned failures = 0;
  for (;;) {
    unsigned value, status;
    __asm__ volatile("lr.w %0, (%2)\n\t"
                     "add %0, %0, %3\n\t"
                     "sc.w %1, %0, (%2)"
                     : "=&r"(value), "=&r"(status)
                     : "r"(p), "r"(v)
                     : "memory");
    if (status == 0) return failures;
    failures++;
  }
}

static void amo_add(volatile unsigned *p, unsigned v) {
  __asm__ volatile("amoadd.w zero, %1, (%0)" : : "r"(p), "r"(v) : "memory");
}

static int check(unsigned hart) {
  unsigned failed = 0;
  for (int i = 0; i < COUNT; i++) {
    failed += lrsc_add(&counter, 1);
    amo_add(&amo_counter, 1);
  }
  amo_add(&retries, failed);
  amo_add(&finished, 1);
  if (hart != 0) return 0;
  unsigned harts = MAILBOX_CORES;
  while (finished != harts) {
  }
  char text[64];
  if (counter != harts * COUNT || amo_counter != harts * COUNT) {
    char *p = format_unsigned(text, counter, " lr/sc, ");
    format_unsigned(p, amo_counter, " amo (lost updates)\n");
    sh_write0(text);
    return 1;
  }
  char *p = format_unsigned(text, counter, " ok, ");
  format_unsigned(p, retries, " retries\n");
  sh_write0(text);
  return 0;
}

/* Entered from start-generic-rv.S with this hart's stack. */
__attribute__((noreturn)) void hart_start(unsigned hart) {
  int code = check(hart);
  if (hart == 0) sh_exit(code);
  for (;;) __asm__ volatile("wfi");
}
