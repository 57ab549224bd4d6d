/* Output helpers over semihosting SYS_WRITE0 for the test programs. */
#ifndef PRINT_H
#define PRINT_H
#include "semihosting.h"

__attribute__((unused)) static void put_hex(unsigned v) {
  char s[11];
  s[0] = '0';
  s[1] = 'x';
  for (int i = 0; i < 8; i++) s[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 15];
  s[10] = 0;
  sh_write0(s);
}

__attribute__((unused)) static void put_dec(int v) {
  char s[12];
  int i = 11;
  unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
  s[i] = 0;
  do {
    s[--i] = (char)('0' + u % 10);
    u /= 10;
  } while (u != 0);
  if (v < 0) s[--i] = '-';
  sh_write0(s + i);
}

/* Prints "<label> <hex>\n". */
__attribute__((unused)) static void report(const char *label, unsigned v) {
  sh_write0(label);
  sh_write0(" ");
  put_hex(v);
  sh_write0("\n");
}
#endif
