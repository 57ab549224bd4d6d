# Every instruction the RV32 table decodes (except Zcb, which binutils 2.40 lacks), in the subset of
# GNU as syntax that test/sim/rv32/asm.ts accepts. encodings.golden.hex holds GNU as's bytes for it.
.option norvc
start:
  lui a0, 0x12345
  auipc t1, 0xfffff
  jal ra, far
  jal x0, start
  jalr ra, -4(a5)
  jalr x0, 2047(s11)
  beq a0, a1, start
  bne t0, t1, far
  blt s0, s1, start
  bge a2, a3, far
  bltu t5, t6, start
  bgeu x1, x31, far
  lb a0, -2048(sp)
  lh a1, 2047(gp)
  lw a2, 0(tp)
  lbu a3, -1(t0)
  lhu a4, 100(t2)
  sb a5, -2048(s0)
  sh a6, 2047(s1)
  sw a7, -8(sp)
  addi s2, s3, -1
  slti s4, s5, 17
  sltiu s6, s7, -2048
  xori s8, s9, 0x555
  ori s10, s11, -256
  andi t3, t4, 0x7ff
  slli t5, t6, 31
  srli a0, a1, 1
  srai a2, a3, 17
  add a4, a5, a6
  sub a7, s2, s3
  sll s4, s5, s6
  slt s7, s8, s9
  sltu s10, s11, t3
  xor t4, t5, t6
  srl ra, sp, gp
  sra tp, t0, t1
  or t2, s0, s1
  and a0, a1, a2
  fence
  ecall
  ebreak
  mret
  wfi
  slt x0, x0, x0   # h3.block (Xh3power hint)
  slt x0, x0, x1   # h3.unblock (Xh3power hint)
  fence.i
  csrrw a0, mstatus, a1
  csrrs t0, mtvec, t1
  csrrc x0, mie, s0
  csrrwi a2, mscratch, 31
  csrrsi a3, mcycle, 1
  csrrci a4, mepc, 16
  csrrs a5, cycleh, x0
  mul a0, a1, a2
  mulh a3, a4, a5
  mulhsu a6, a7, s2
  mulhu s3, s4, s5
  div s6, s7, s8
  divu s9, s10, s11
  rem t3, t4, t5
  remu t6, a0, a1
  lr.w a0, (a1)
  sc.w a2, a3, (a4)
  amoswap.w a5, a6, (a7)
  amoadd.w s2, s3, (s4)
  amoxor.w s5, s6, (s7)
  amoand.w s8, s9, (s10)
  amoor.w s11, t3, (t4)
  amomin.w t5, t6, (a0)
  amomax.w a1, a2, (a3)
  amominu.w a4, a5, (a6)
  amomaxu.w a7, s2, (s3)
  sh1add a0, a1, a2
  sh2add a3, a4, a5
  sh3add a6, a7, s2
  andn s3, s4, s5
  orn s6, s7, s8
  xnor s9, s10, s11
  clz t3, t4
  ctz t5, t6
  cpop a0, a1
  max a2, a3, a4
  maxu a5, a6, a7
  min s2, s3, s4
  minu s5, s6, s7
  sext.b s8, s9
  sext.h s10, s11
  zext.h t3, t4
  rol t5, t6, a0
  ror a1, a2, a3
  rori a4, a5, 31
  orc.b a6, a7
  rev8 s2, s3
  bclr s4, s5, s6
  bclri s7, s8, 31
  bext s9, s10, s11
  bexti t3, t4, 5
  binv t5, t6, a0
  binvi a1, a2, 0
  bset a3, a4, a5
  bseti a6, a7, 17
.option rvc
near:
  c.addi4spn a0, sp, 1020
  c.addi4spn s1, sp, 4
  c.lw a5, 124(s0)
  c.lw s0, 0(a5)
  c.sw a4, 64(a3)
  c.nop
  c.addi a0, -32
  c.addi t6, 31
  c.jal start
  c.li s11, -1
  c.addi16sp sp, -512
  c.addi16sp sp, 496
  c.lui a5, 0x1f
  c.lui t0, 0xfffe0
  c.srli s1, 31
  c.srai a5, 1
  c.andi a0, -32
  c.sub s0, a5
  c.xor a1, a2
  c.or a3, a4
  c.and s1, s0
  c.j start
  c.j far
  c.beqz a0, near
  c.bnez s1, far
  c.slli t2, 31
  c.lwsp ra, 252(sp)
  c.lwsp t6, 0(sp)
  c.jr ra
  c.mv a0, t6
  c.ebreak
  c.jalr a5
  c.add s11, gp
  c.swsp ra, 252(sp)
  c.swsp t6, 4(sp)
far:
  c.nop
