/*
 * Per-ISA primitives of the executor: cycle counter, wait/notify between cores, memory barriers,
 * atomic fetch-and-add, semihosting exit. Selected by the compiler's predefined macros:
 *   __ARM_ARCH_6M__ (Cortex-M0+): SysTick as the cycle counter (24 bits + wrap count), no LDREX;
 *   other Cortex-M (v7E-M, v8-M Mainline): DWT CYCCNT, LDREX/STREX;
 *   __riscv: mcycle, AMOs (when the 'a' extension is built in), Hazard3's h3.block/h3.unblock,
 *   WFI for the other RISC-V cores.
 */
#ifndef ARS_PORT_H
#define ARS_PORT_H
#include <stdint.h>

#define ARS_REG(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

#if defined(__arm__)
static inline void ars_dmb(void) { __asm__ volatile("dmb" ::: "memory"); }
static inline void ars_sev(void) { __asm__ volatile("dsb\n\tsev" ::: "memory"); }
/* Sleeps until an event (SEV from another core, an interrupt); returns at once if one is latched. */
static inline void ars_wait(void) { __asm__ volatile("wfe" ::: "memory"); }

static inline int ars_semihost(int op, const void *arg) {
  register int r0 __asm__("r0") = op;
  register const void *r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}
#elif defined(__riscv)
static inline void ars_dmb(void) { __asm__ volatile("fence rw, rw" ::: "memory"); }
/*
 * Hazard3's Xh3power hints (RP2350 datasheet 3.8.6.3.1): h3.unblock = slt x0, x0, x1 wakes the other
 * cores, h3.block = slt x0, x0, x0 sleeps until an unblock (a latched one returns at once), as
 * ARM's SEV/WFE. Both write x0, so on other RV32 cores they are NOPs and waiting is polling.
 */
static inline void ars_sev(void) { __asm__ volatile("fence rw, rw\n\tslt x0, x0, x1" ::: "memory"); }
static inline void ars_wait(void) { __asm__ volatile("slt x0, x0, x0" ::: "memory"); }

/*
 * Other RISC-V cores sleep in WFI and are woken by a software interrupt (the executor writes their
 * CLINT msip words). mie.MSIE lets a pending one end WFI; mstatus.MIE stays clear, so no trap is
 * taken (privileged spec 20211203 §3.3.3: WFI resumes on a locally enabled pending interrupt,
 * whatever the global enable).
 */
static inline void ars_msie_enable(void) { __asm__ volatile("csrs mie, %0" ::"r"(1u << 3)); }
static inline void ars_wfi(void) { __asm__ volatile("wfi" ::: "memory"); }

static inline int ars_semihost(int op, const void *arg) {
  register int a0 __asm__("a0") = op;
  register const void *a1 __asm__("a1") = arg;
  /* The standard RISC-V semihosting trap: three uncompressed instructions in one aligned block. */
  __asm__ volatile(".option push\n\t.option norvc\n\t.balign 16\n\t"
                   "slli x0, x0, 0x1f\n\tebreak\n\tsrai x0, x0, 7\n\t.option pop"
                   : "+r"(a0)
                   : "r"(a1)
                   : "memory");
  return a0;
}
#else
#error "arielsim executor: unsupported target"
#endif

/* SYS_EXIT_EXTENDED with ADP_Stopped_ApplicationExit: the exit status is `code`. */
__attribute__((noreturn)) static inline void ars_exit(int code) {
  const uint32_t block[2] = {0x20026u, (uint32_t)code};
  for (;;) ars_semihost(0x20, block);
}

#endif
