/* Startup for the RV32 test programs: stack, .bss cleared, main(), exit code via semihosting. */
  .section .text.start, "ax"
  .globl _start
_start:
  .option push
  .option norelax
  la gp, __global_pointer$
  .option pop
  la sp, __stack_top
  la t0, __bss_start
  la t1, __bss_end
1:
  bgeu t0, t1, 2f
  sw zero, 0(t0)
  addi t0, t0, 4
  j 1b
2:
  call main
  /* SYS_EXIT_EXTENDED {ADP_Stopped_ApplicationExit, main's return value} */
  addi sp, sp, -8
  li t0, 0x20026
  sw t0, 0(sp)
  sw a0, 4(sp)
  mv a1, sp
  li a0, 0x20
  .balign 4
  .option push
  .option norvc
  slli zero, zero, 0x1f
  ebreak
  srai zero, zero, 7
  .option pop
3:
  j 3b

/* long semihost(long op, long param): one semihosting call. */
  .globl semihost
  .balign 4
semihost:
  .option push
  .option norvc
  slli zero, zero, 0x1f
  ebreak
  srai zero, zero, 7
  .option pop
  ret
