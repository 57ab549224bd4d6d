/*
 * RV32 entry: every hart starts at ars_reset (the image's first word). The image header right after
 * the jump holds the boot descriptor's address, patched by the image builder (runtime-gen/image.ts);
 * the hart's id comes from mhartid, its stack from the descriptor.
 *   ars_image_header: "ARSI", version 1, boot descriptor address
 */
  .file "start-riscv.S"
  .section .text.start, "ax"
  .option push
  .option norvc
  .globl ars_reset
  .type ars_reset, @function
ars_reset:
  j 1f
  .balign 4
  .globl ars_image_header
ars_image_header:
  .word 0x49535241
  .word 1
  .word 0
1:
  csrr a1, mhartid
  lla t0, ars_image_header
  lw a0, 8(t0)
  /* sp = boot->core[hartid].stack_top: core[] starts at word 10, 16 bytes per core (executor.c
     checks the offset) */
  slli t1, a1, 4
  add t1, t1, a0
  lw sp, 44(t1)
  /* mtvec: any trap is a fault */
  lla t2, ars_trap
  csrw mtvec, t2
  call ars_main
2:
  j 2b
  .balign 4
ars_trap:
  li a0, 6
  call ars_exit_fault
  j ars_trap
  .option pop
