/* The RP2040 SIO registers the multicore test programs use (RP2040 datasheet §2.3.1.7). */
#ifndef RP2040_H
#define RP2040_H

#define SIO_REG(off) (*(volatile unsigned *)(0xd0000000u + (off)))
#define SIO_CPUID SIO_REG(0x000)
#define SIO_FIFO_ST SIO_REG(0x050)
#define SIO_FIFO_WR SIO_REG(0x054)
#define SIO_FIFO_RD SIO_REG(0x058)
#define SIO_SPINLOCK(n) SIO_REG(0x100 + 4 * (n))
#define FIFO_VLD 1u
#define FIFO_RDY 2u

static inline void sev(void) { __asm__ volatile("sev"); }
static inline void wfe(void) { __asm__ volatile("wfe"); }

static inline void fifo_push(unsigned v) {
  while (!(SIO_FIFO_ST & FIFO_RDY)) {
  }
  SIO_FIFO_WR = v;
  sev();
}

static inline unsigned fifo_pop(void) {
  while (!(SIO_FIFO_ST & FIFO_VLD)) wfe();
  return SIO_FIFO_RD;
}

static inline void fifo_drain(void) {
  while (SIO_FIFO_ST & FIFO_VLD) (void)SIO_FIFO_RD;
}

static inline void spin_lock(unsigned n) {
  while (SIO_SPINLOCK(n) == 0) {
  }
  __asm__ volatile("dmb" ::: "memory");
}

static inline void spin_unlock(unsigned n) {
  __asm__ volatile("dmb" ::: "memory");
  SIO_SPINLOCK(n) = 0;
}

extern unsigned vectors[];
extern unsigned __core1_stack_top[];

/* The pico-sdk launch protocol (RP2040 datasheet §2.8.2): 0, 0, 1, vector table, SP, entry, each
   echoed by the boot ROM on core 1; a wrong echo restarts the sequence. */
static inline void launch_core1(void (*entry)(void)) {
  const unsigned seq[6] = {0, 0, 1, (unsigned)vectors, (unsigned)__core1_stack_top,
                           (unsigned)entry};
  unsigned i = 0;
  do {
    unsigned cmd = seq[i];
    if (cmd == 0) {
      fifo_drain();
      sev();
    }
    fifo_push(cmd);
    unsigned response = fifo_pop();
    i = cmd == response ? i + 1 : 0;
  } while (i < 6);
}

#endif
