/*
 * arielsim's own RP2040 boot ROM: vectors, the header pico-sdk reads, the lookup tables, both cores'
 * reset path up to C, core 1's wait_for_vector and the debug trampoline. Written from the RP2040
 * datasheet §2.8 ("Bootrom Contents", "Processor Controlled Boot Sequence", "Launching Code On
 * Processor Core 1", "Bootrom Functions"); where a fact comes from Raspberry Pi's pico-bootrom
 * (tree ef22cd8, B2) the file:line is cited. No code is copied from it.
 * Thumb-1 (ARMv6-M) only: this runs on both Cortex-M0+ cores.
 */
#include "regs.h"

    .file "rt0.S" /* a fixed FILE symbol: otherwise the temporary name makes builds differ */

    .syntax unified
    .cpu cortex-m0plus
    .thumb

/* ---- 0x00: header (datasheet §2.8.2 "Bootrom Contents"; pico-sdk pico_bootrom/bootrom.c:15-20,
 *      bootrom.h:138-142 read the halfwords at 0x14, 0x16 and 0x18). ---------------------------- */
    .section .vectors, "ax"
    .global __vectors
__vectors:
    .word _stacktop             /* 0x00 initial MSP: below the 256 bytes boot2 is loaded to */
    .word _start                /* 0x04 reset: both cores */
    .word _nmi                  /* 0x08 NMI */
    .word _dead                 /* 0x0c HardFault: a wfi loop (see _dead) */
    .byte 'M', 'u'              /* 0x10 magic (datasheet §2.8.2) */
    .byte 1                     /* 0x12 compatibility version of the tables */
    /* 0x13 version byte. 3 is what the B2 silicon ROM reports. This is arielsim's own ROM, not
     * Raspberry Pi's; pico-sdk only checks the magic, the lookups and this byte (rom_get_version,
     * pico_platform/platform.h:420-423), and 3 selects its B2 paths (no V1 shims, V2 tables). */
    .byte 3
    .hword rom_func_table       /* 0x14 */
    .hword rom_data_table       /* 0x16 */
    .hword rom_table_lookup + 1 /* 0x18 (thumb bit set: pico-sdk calls it through a pointer) */
    .hword 0                    /* 0x1a pad */

/* rom_table_lookup(table, code): tables are (uint16 code, uint16 pointer) pairs ending with code
 * 0 (datasheet §2.8.3 "Bootrom Functions"); returns the pointer or 0 when code is absent. */
    .thumb_func
    .global rom_table_lookup
rom_table_lookup:
1:  ldrh r2, [r0]
    cmp r2, #0
    beq 2f
    adds r0, #4
    cmp r2, r1
    bne 1b
    subs r0, #4
    ldrh r0, [r0, #2]
    bx lr
2:  movs r0, #0
    bx lr

/* Parks a core for good: wfi with nothing enabled sleeps until a debugger or reset. */
    .thumb_func
    .global _dead
_dead:
    wfi
    b _dead

/* NMI and the first step of core 0's boot: enables every clock in WAKE_EN0/1 and clears both
 * cores' NMI masks (BOOT-NEEDS.md §0 step 1; ROM bootrom_rt0.S:95-128). Uses no stack. */
    .thumb_func
    .global _nmi
_nmi:
    ldr r0, =CLOCKS_WAKE_EN0
    movs r1, #0
    mvns r1, r1
    str r1, [r0]
    str r1, [r0, #4]
    ldr r0, =SYSCFG_PROC0_NMI_MASK
    movs r1, #0
    str r1, [r0]
    str r1, [r0, #4]
    bx lr

/* ---- reset: both cores ------------------------------------------------------------------- */
    .thumb_func
    .global _start
_start:
    ldr r0, =SIO_BASE
    ldr r1, [r0, #SIO_CPUID_OFFSET]
    cmp r1, #0
    bne wait_for_vector         /* core 1 waits for core 0 (datasheet §2.8.2) */
    bl _nmi
    /* Rescue: CHIP_RESET.PSM_RESTART_FLAG set means a debugger asked for a halt; acknowledge
     * (write-one-to-clear) and park (datasheet §2.8.1.1, ROM bootrom_rt0.S:248-259). */
    ldr r1, =CHIP_RESET
    ldr r2, [r1]
    lsrs r3, r2, #25            /* bit 24 -> C */
    bcc 1f
    str r2, [r1]
    b _dead
1:  /* Unreset PADS_BANK0 and clear the input enables of GPIO26-29 (the ADC pins)
     * (ROM bootrom_rt0.S:262-275). */
    movs r0, #1
    lsls r0, r0, #8             /* RESET_PADS_BANK0 */
    bl unreset_block_wait
    ldr r1, =PADS_BANK0_BASE + ALIAS_CLR + PADS_BANK0_GPIO26_OFFSET
    movs r2, #PADS_IE
    str r2, [r1, #0]
    str r2, [r1, #4]
    str r2, [r1, #8]
    str r2, [r1, #12]
    /* Watchdog direct boot (datasheet §2.8.1.1; ROM bootrom_rt0.S:277-299): SCRATCH4 = magic,
     * SCRATCH5 = entry ^ -magic, SCRATCH6 = SP, SCRATCH7 = entry. The magic is cleared, then the
     * entry is called with that SP; if it returns, the normal boot continues. */
    ldr r7, =WATCHDOG_SCRATCH4
    ldmia r7!, {r0, r1, r2, r3}
    ldr r6, =WATCHDOG_BOOT_MAGIC
    cmp r0, r6
    bne 2f
    eors r1, r3
    adds r1, r0                 /* (entry ^ -magic) ^ entry = -magic, plus magic = 0 */
    bne 2f
    subs r7, #16
    str r1, [r7]                /* SCRATCH4 = 0 */
    msr msp, r2
    blx r3
2:  bl bootrom_main             /* boot.c: never returns */
    b _dead

/* unreset_block_wait(mask): clears the RESETS bits and polls RESET_DONE until they are all set
 * (datasheet §2.14). Leaf, no stack; clobbers r1, r2. */
    .thumb_func
    .global unreset_block_wait
unreset_block_wait:
    ldr r1, =RESETS_BASE + ALIAS_CLR
    str r0, [r1]
    ldr r1, =RESETS_BASE
1:  ldr r2, [r1, #RESETS_RESET_DONE_OFFSET]
    ands r2, r0
    cmp r2, r0
    bne 1b
    bx lr

/* ---- core 1: wait_for_vector ('W','V') ----------------------------------------------------
 * Datasheet §2.8.2 "Launching Code On Processor Core 1". Core 1 sets SCR.SLEEPDEEP, then
 * loops: drain its RX FIFO, push 0 (the greeting pico-sdk's multicore_reset_core1 pops, and the
 * echo of a received 0), pop a word. A 0 repeats the loop; anything but 1 repeats it too. After 1
 * every word is echoed: VTOR, SP, PC; a 0 among them restarts. After the PC word SLEEPDEEP is
 * cleared, VTOR and MSP are written and the core branches to PC with LR pointing at _dead.
 * So 0, 0, 1, VTOR, SP, PC (pico-sdk multicore.c:140-171) and 0, 1, ... both launch, as on the
 * B2 ROM (bootrom_rt0.S:329-391). Pops sleep in WFE while the FIFO is empty; pushes sleep in WFE
 * while it is full and SEV after writing. No stack: core 1 shares the ROM's initial SP. */
    .thumb_func
    .global wait_for_vector
wait_for_vector:
    ldr r4, =SIO_BASE
    ldr r7, =M0PLUS_SCR
    movs r1, #M0PLUS_SCR_SLEEPDEEP
    str r1, [r7]
wfv_restart:
    ldr r1, [r4, #SIO_FIFO_ST_OFFSET]
    lsrs r1, r1, #1             /* VLD -> C */
    bcc 1f
    ldr r1, [r4, #SIO_FIFO_RD_OFFSET]
    b wfv_restart
1:  movs r0, #0
    bl fifo_push
    bl fifo_pop
    cmp r0, #1
    bne wfv_restart             /* 0 or out of sequence */
    bl fifo_push                /* echo 1 */
    bl fifo_pop
    cmp r0, #0
    beq wfv_restart
    mov r8, r0                  /* VTOR */
    bl fifo_push
    bl fifo_pop
    cmp r0, #0
    beq wfv_restart
    mov r9, r0                  /* SP */
    bl fifo_push
    bl fifo_pop
    cmp r0, #0
    beq wfv_restart
    mov r10, r0                 /* PC */
    bl fifo_push
    movs r1, #0
    str r1, [r7]                /* SLEEPDEEP off: it slows wake-up */
    ldr r1, =M0PLUS_VTOR
    mov r2, r8
    str r2, [r1]
    mov r2, r9
    msr msp, r2
    ldr r1, =_dead + 1
    mov lr, r1
    bx r10

/* fifo_push(r0): r4 = SIO_BASE. Waits with WFE for FIFO_ST.RDY (bit 1), writes, SEV. */
    .thumb_func
fifo_push:
    ldr r1, [r4, #SIO_FIFO_ST_OFFSET]
    lsrs r1, r1, #2             /* RDY -> C */
    bcs 1f
    wfe
    b fifo_push
1:  str r0, [r4, #SIO_FIFO_WR_OFFSET]
    sev
    bx lr

/* fifo_pop() -> r0: r4 = SIO_BASE. Waits with WFE for FIFO_ST.VLD (bit 0). */
    .thumb_func
fifo_pop:
    ldr r0, [r4, #SIO_FIFO_ST_OFFSET]
    lsrs r0, r0, #1             /* VLD -> C */
    bcs 1f
    wfe
    b fifo_pop
1:  ldr r0, [r4, #SIO_FIFO_RD_OFFSET]
    bx lr

/* ---- debug_trampoline ('D','T') / debug_trampoline_end ('D','E') --------------------------
 * Datasheet §2.8.3.1.3 "Debugging Support Functions": a debugger puts the function in r7 and
 * the arguments in r0-r3, starts the core at debug_trampoline and waits for the breakpoint at
 * debug_trampoline_end. */
    .thumb_func
    .global debug_trampoline
debug_trampoline:
    movs r6, #1
    orrs r7, r6
    blx r7
    .thumb_func
    .global debug_trampoline_end
debug_trampoline_end:
    bkpt #0
    b debug_trampoline

/* ---- flag-setting compare wrappers for the soft-float/double tables ------------------------
 * The tables' compare entries return -1/0/+1 in r0 and also leave the flags as `cmp r0, #0`
 * would, so that callers may branch on them (datasheet §2.8.3.2 fcmp/dcmp entries). */
    .macro cmp_wrapper name, impl
    .thumb_func
    .global \name
\name:
    push {r4, lr}
    bl \impl
    cmp r0, #0
    pop {r4, pc}
    .endm
    cmp_wrapper rom_fcmp, fcmp_impl
    cmp_wrapper rom_fcmp_combined, fcmp_combined_impl
    cmp_wrapper rom_dcmp, dcmp_impl
    cmp_wrapper rom_dcmp_combined, dcmp_combined_impl

/* dsincos(x): sin in r0:r1, cos in r2:r3 (pico-sdk double_aeabi.S uses entry 0x48 this way). */
    .thumb_func
    .global rom_dsincos
rom_dsincos:
    push {r4, lr}
    sub sp, #16
    mov r2, sp
    bl dsincos_impl             /* (double x, double out[2]) */
    pop {r0, r1, r2, r3}
    pop {r4, pc}

    .ltorg

/* ---- lookup tables (datasheet §2.8.3 tables of function and data codes) ---------------------
 * Codes are rom_table_code(c1, c2) = c1 | c2 << 8 (pico-sdk bootrom.h), i.e. the two bytes. */
    .section .rodata.tables, "a"
    .balign 2
    .global rom_func_table
rom_func_table:
    .byte 'P', '3'
    .hword popcount32 + 1
    .byte 'R', '3'
    .hword reverse32 + 1
    .byte 'L', '3'
    .hword clz32 + 1
    .byte 'T', '3'
    .hword ctz32 + 1
    .byte 'M', 'S'
    .hword rom_memset + 1
    .byte 'S', '4'
    .hword rom_memset4 + 1
    .byte 'M', 'C'
    .hword rom_memcpy + 1
    .byte 'C', '4'
    .hword rom_memcpy44 + 1
    .byte 'U', 'B'
    .hword reset_to_usb_boot + 1
    .byte 'D', 'T'
    .hword debug_trampoline + 1
    .byte 'D', 'E'
    .hword debug_trampoline_end + 1
    .byte 'W', 'V'
    .hword wait_for_vector + 1
    .byte 'I', 'F'
    .hword connect_internal_flash + 1
    .byte 'E', 'X'
    .hword flash_exit_xip + 1
    .byte 'R', 'E'
    .hword flash_range_erase + 1
    .byte 'R', 'P'
    .hword flash_range_program + 1
    .byte 'F', 'C'
    .hword flash_flush_cache + 1
    .byte 'C', 'X'
    .hword flash_enter_cmd_xip + 1
    .hword 0

    .global rom_data_table
rom_data_table:
    .byte 'C', 'R'
    .hword copyright
    .byte 'G', 'R'
    .hword git_revision
    .byte 'S', 'F'
    .hword soft_float_table
    .byte 'S', 'D'
    .hword soft_double_table
    .byte 'F', 'Z'
    .hword soft_table_size
    .hword 0

copyright:
    .asciz "arielsim RP2040 boot ROM (own implementation, not Raspberry Pi's)"
    .balign 4
/* 'G','R': datasheet §2.8.3.3 says 8 hex digits of the ROM's git revision; ours has no git
 * revision of its own build, so this is a fixed tag ("ARLS"). */
git_revision:
    .word 0x41524c53

/* ---- soft-float and soft-double tables (datasheet §2.8.3.2, Tables "Soft float"/"Soft double";
 * offsets as pico-sdk pico_bootrom/sf_table.h). The size in words is the byte two before each
 * table's start, which pico-sdk reads (float_init_rom.c:66) and 'F','Z' points at
 * (ROM bootrom_rt0.S:207-208, 447-448). Both tables have the V2 length, 0x80 bytes. */
    .balign 4
    .byte 0, 0
soft_table_size:
    .byte (soft_float_table_end - soft_float_table) / 4
    .byte 0
soft_float_table:
    .word fadd, fsub, fmul, fdiv                            /* 0x00 */
    .word rom_fcmp, rom_fcmp, fsqrt, float2int              /* 0x10 fcmp, fcmp (flags), ... */
    .word float2fix, float2uint, float2ufix, int2float      /* 0x20 */
    .word fix2float, uint2float, ufix2float, fcos           /* 0x30 */
    .word fsin, ftan, fsincos, fexp                         /* 0x40 */
    .word fln, rom_fcmp_combined, fatan2, int642float       /* 0x50 V2 from 0x54 */
    .word fix642float, uint642float, ufix642float, float2int64 /* 0x60 */
    .word float2fix64, float2uint64, float2ufix64, float2double /* 0x70 */
soft_float_table_end:
    .byte 0, 0
    .byte (soft_double_table_end - soft_double_table) / 4
    .byte 0
soft_double_table:
    .word dadd, dsub, dmul, ddiv
    .word rom_dcmp, rom_dcmp, dsqrt, double2int
    .word double2fix, double2uint, double2ufix, int2double
    .word fix2double, uint2double, ufix2double, dcos
    .word dsin, dtan, rom_dsincos, dexp
    .word dln, rom_dcmp_combined, datan2, int642double
    .word fix642double, uint642double, ufix642double, double2int64
    .word double2fix64, double2uint64, double2ufix64, double2float
soft_double_table_end:
    .if (soft_double_table_end - soft_double_table) != 0x80
    .error "soft_double_table must be 0x80 bytes"
    .endif
    .if (soft_float_table_end - soft_float_table) != 0x80
    .error "soft_float_table must be 0x80 bytes"
    .endif

/* ---- small exits used by boot.c -------------------------------------------------------------- */
    .text
/* enter_boot2(pc): branches to pc with LR = 0, which tells boot2 it was entered from the ROM
 * (datasheet §2.8.1.3; pico-sdk boot2 exit_from_boot2.S:15-26 tests LR == 0). */
    .thumb_func
    .global enter_boot2
enter_boot2:
    movs r1, #0
    mov lr, r1
    bx r0

/* park_no_boot(): no valid boot2 and USB boot is not modelled. A BKPT rather than a silent wfe
 * loop: a simulator reports it at once as a halt at this PC (arielsim: "BKPT #1 with no debugger
 * attached"); on silicon without a debugger it escalates to HardFault, whose vector is _dead. */
    .thumb_func
    .global park_no_boot
park_no_boot:
    bkpt #1
    b _dead

/* reset_to_usb_boot ('U','B', datasheet §2.8.3.1.4): USB boot is not modelled; parks likewise. */
    .thumb_func
    .global reset_to_usb_boot
reset_to_usb_boot:
    bkpt #2
    b _dead

/* __aeabi_dsub / __aeabi_fsub for everything linked into the ROM: a - b is exactly a + (-b) in
 * IEEE arithmetic, so these flip b's sign and use libgcc's addition; libgcc's separate
 * subtraction routines (2.6 KB) then stay out of the 16 KB ROM. */
    .thumb_func
    .global __aeabi_dsub
__aeabi_dsub:
    push {r4, lr}
    movs r4, #1
    lsls r4, r4, #31
    eors r3, r4
    bl __aeabi_dadd
    pop {r4, pc}

    .thumb_func
    .global __aeabi_fsub
__aeabi_fsub:
    movs r2, #1
    lsls r2, r2, #31
    eors r1, r2
    push {r4, lr}
    bl __aeabi_fadd
    pop {r4, pc}
