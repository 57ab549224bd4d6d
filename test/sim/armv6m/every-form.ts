/** An assembler listing with one line per ARMv6-M encoding form the test assembler supports. */
export const EVERY_FORM = `
start:
  movs r0, #255
  movs r3, r4
  mov r8, r1
  mov sp, r2
  mov r1, pc
  adds r1, r2, #7
  adds r1, #200
  adds r1, r1, #200
  adds r1, r2, r3
  add r9, r10
  add r0, r0, r11
  add r2, sp, #1020
  add sp, #508
  add sp, sp, #4
  sub sp, #508
  add r3, pc, #16
  subs r1, r2, #3
  subs r1, #255
  subs r1, r2, r3
  cmp r1, #17
  cmp r1, r2
  cmp r1, r9
  cmp r9, r1
  cmn r1, r2
  ands r0, r1
  eors r0, r1
  adcs r0, r1
  sbcs r0, r1
  rors r0, r1
  tst r0, r1
  orrs r0, r1
  muls r0, r1, r0
  bics r0, r1
  mvns r0, r1
  rsbs r2, r3, #0
  lsls r0, r1, #31
  lsrs r0, r1, #32
  asrs r0, r1, #1
  lsls r0, r1
  lsrs r0, r1
  asrs r0, r1
  sxth r0, r1
  sxtb r0, r1
  uxth r0, r1
  uxtb r0, r1
  rev r0, r1
  rev16 r0, r1
  revsh r0, r1
  str r0, [r1, r2]
  strh r0, [r1, r2]
  strb r0, [r1, r2]
  ldrsb r0, [r1, r2]
  ldr r0, [r1, r2]
  ldrh r0, [r1, r2]
  ldrb r0, [r1, r2]
  ldrsh r0, [r1, r2]
  str r0, [r1, #124]
  ldr r0, [r1, #4]
  ldr r0, [r1]
  strb r0, [r1, #31]
  ldrb r0, [r1, #1]
  strh r0, [r1, #62]
  ldrh r0, [r1, #2]
  str r0, [sp, #1020]
  ldr r0, [sp, #8]
  ldr r5, literal
  adr r6, literal
  push {r0, r4-r7, lr}
  pop {r1, pc}
  stmia r0!, {r1, r2}
  ldmia r0!, {r1, r2}
  ldm r0, {r0, r1}
  bx lr
  blx r3
  beq start
  bne forward
  bhs forward
  blo forward
  ble start
  bge start
  bhi forward
  b start
  bl start
  bl forward
  svc #1
  bkpt #0xab
  udf #2
  cpsie i
  cpsid i
  nop
  yield
  wfe
  wfi
  sev
  msr primask, r0
  msr control, r1
  msr msp, r2
  msr apsr_nzcvq, r3
  mrs r0, psp
  mrs r4, xpsr
  dmb
  dsb
  isb
forward:
  nop
  nop
literal:
  .word 0x12345678
`;
