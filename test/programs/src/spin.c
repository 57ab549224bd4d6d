/* Never ends: prints one line, then counts in a loop forever (for exec's time limit). */
#include "semihosting.h"

int main(void) {
  sh_write0("spinning\n");
  volatile unsigned n = 0;
  for (;;) n++;
}
