/* RV32 startup for the generic board: every hart starts at _start (the board's 'same-entry' start),
   takes a 1 KB stack below the top of SRAM by its mhartid and runs hart_start(mhartid)
   (lrsc_counter.c). */
  .section .text.start, "ax"
  .globl _start
_start:
  .option push
  .option norelax
  la gp, __global_pointer$
  .option pop
  csrr a0, mhartid
  la sp, __stack_top
  slli t0, a0, 10
  sub sp, sp, t0
  call hart_start
1:
  j 1b
