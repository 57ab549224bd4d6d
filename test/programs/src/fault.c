/* Faults on purpose: a word load from an odd address (HardFault on ARMv6-M). */
#include "semihosting.h"

__attribute__((noinline)) unsigned load_word(const unsigned *p) { return *p; }

volatile unsigned char buffer[8];

int main(void) {
  sh_write0("about to fault\n");
  return (int)load_word((const unsigned *)(buffer + 1));
}
