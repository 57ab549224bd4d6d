/* Semihosting calls: ARM BKPT 0xAB with r0 = operation, r1 = parameter (RISC-V: see below). */
#ifndef SEMIHOSTING_H
#define SEMIHOSTING_H

#if defined(__riscv)
/* RISC-V semihosting: the uncompressed slli/ebreak/srai sequence, a0 = operation, a1 = parameter. */
static inline int sh_call(int op, const void *param) {
  register int a0 __asm__("a0") = op;
  register const void *a1 __asm__("a1") = param;
  __asm__ volatile(".option push\n\t.option norvc\n\t.balign 16\n\t"
                   "slli zero, zero, 0x1f\n\tebreak\n\tsrai zero, zero, 7\n\t.option pop"
                   : "+r"(a0)
                   : "r"(a1)
                   : "memory");
  return a0;
}
#else
static inline int sh_call(int op, const void *param) {
  register int r0 __asm__("r0") = op;
  register const void *r1 __asm__("r1") = param;
  __asm__ volatile("bkpt #0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}
#endif

static inline void sh_write0(const char *s) { sh_call(0x04, s); }

/* SYS_EXIT_EXTENDED {ADP_Stopped_ApplicationExit, code}: QEMU and arielsim exit with `code`. */
__attribute__((noreturn)) static inline void sh_exit(int code) {
  const unsigned block[2] = {0x20026, (unsigned)code};
  sh_call(0x20, block);
  for (;;) {
  }
}

#endif
