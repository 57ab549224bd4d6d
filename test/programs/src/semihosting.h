/* ARM semihosting calls: BKPT 0xAB with r0 = operation, r1 = parameter. */
#ifndef SEMIHOSTING_H
#define SEMIHOSTING_H

static inline int sh_call(int op, const void *param) {
  register int r0 __asm__("r0") = op;
  register const void *r1 __asm__("r1") = param;
  __asm__ volatile("bkpt #0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

static inline void sh_write0(const char *s) { sh_call(0x04, s); }

/* SYS_EXIT_EXTENDED {ADP_Stopped_ApplicationExit, code}: QEMU and arielsim exit with `code`. */
__attribute__((noreturn)) static inline void sh_exit(int code) {
  const unsigned block[2] = {0x20026, (unsigned)code};
  sh_call(0x20, block);
  for (;;) {
  }
}

#endif
