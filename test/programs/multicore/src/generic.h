/* The generic board's mailbox (sim/devices/mailbox.ts): the accessing core's id and the core count. */
#ifndef GENERIC_H
#define GENERIC_H

#define MAILBOX_REG(off) (*(volatile unsigned *)(0x40000000u + (off)))
#define MAILBOX_CPUID MAILBOX_REG(0x000)
#define MAILBOX_CORES MAILBOX_REG(0x004)

/* Decimal text of v followed by `tail`, into buf (at least 12 + strlen(tail) bytes). */
static inline char *format_unsigned(char *buf, unsigned v, const char *tail) {
  char digits[10];
  int n = 0;
  do {
    digits[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v != 0);
  char *p = buf;
  while (n > 0) *p++ = digits[--n];
  while (*tail != 0) *p++ = *tail++;
  *p = 0;
  return p;
}

#endif
