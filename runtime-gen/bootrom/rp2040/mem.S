/*
 * The ROM's bulk memory functions (datasheet §2.8.3.1.2 "Fast Bulk Memory Fill / Copy
 * Functions": memset, memset4, memcpy, memcpy44), in assembly so that pico-sdk firmware, which
 * routes every memcpy/memset through them (BOOT-NEEDS.md §4), sees ROM-speed copies: 16 bytes per
 * LDM/STM pair where the alignment allows, and an unrolled tail for the last 0..7 bytes entered
 * at the right pair (a computed branch), so a small copy costs a few cycles a byte.
 *
 * memcpy(dest r0, src r1, n r2) -> dest; memset(ptr r0, c r1, n r2) -> ptr; memcpy44 and memset4
 * take word-aligned pointers and a multiple of 4. Clobber r0-r3, ip (AAPCS), keep r4-r6.
 */
    .file "mem.S"
    .syntax unified
    .cpu cortex-m0plus
    .thumb

    .section .text.rom_memcpy, "ax"
    .global rom_memcpy44
    .type rom_memcpy44, %function
    .thumb_func
rom_memcpy44:                   /* word-aligned, a multiple of 4: memcpy's word loops */
    mov ip, r0
    b .Lcpy_words16
    .size rom_memcpy44, . - rom_memcpy44

    .global rom_memcpy
    .type rom_memcpy, %function
    .thumb_func
rom_memcpy:
    mov ip, r0
    cmp r2, #8
    blo .Lcpy_tail
    movs r3, r0
    eors r3, r1
    lsls r3, r3, #30
    bne .Lcpy_unaligned         /* src and dest differ in alignment */
.Lcpy_align:                    /* bytes until dest (and so src) is word-aligned: at most 3 */
    lsls r3, r0, #30
    beq .Lcpy_words16
    ldrb r3, [r1]
    strb r3, [r0]
    adds r1, #1
    adds r0, #1
    subs r2, #1
    b .Lcpy_align
.Lcpy_words16:
    push {r4, r5, r6}
    subs r2, #16                /* r2 = bytes left - 16 */
    blo .Lcpy_words4
.Lcpy_16:
    ldmia r1!, {r3, r4, r5, r6}
    stmia r0!, {r3, r4, r5, r6}
    subs r2, #16
    bhs .Lcpy_16
.Lcpy_words4:
    pop {r4, r5, r6}
    adds r2, #12                /* r2 = bytes left - 4; carry clear: under 4 left */
    bcc .Lcpy_words_done
.Lcpy_4:
    ldmia r1!, {r3}
    stmia r0!, {r3}
    subs r2, #4
    bhs .Lcpy_4
.Lcpy_words_done:
    adds r2, #4                 /* 0..3 left */
    b .Lcpy_tail
.Lcpy_unaligned:
    subs r2, #4                 /* r2 = bytes left - 4 (n >= 8 here) */
.Lcpy_bytes4:
    ldrb r3, [r1]
    strb r3, [r0]
    ldrb r3, [r1, #1]
    strb r3, [r0, #1]
    ldrb r3, [r1, #2]
    strb r3, [r0, #2]
    ldrb r3, [r1, #3]
    strb r3, [r0, #3]
    adds r1, #4
    adds r0, #4
    subs r2, #4
    bhs .Lcpy_bytes4
    adds r2, #4                 /* 0..3 left */
.Lcpy_tail:                     /* 0..7 left: run the last r2 pairs below (4 code bytes each) */
    adr r3, .Lcpy_done
    lsls r2, r2, #2
    subs r3, r3, r2
    adds r3, #1
    bx r3
    .balign 4
    ldrb r3, [r1, #6]
    strb r3, [r0, #6]
    ldrb r3, [r1, #5]
    strb r3, [r0, #5]
    ldrb r3, [r1, #4]
    strb r3, [r0, #4]
    ldrb r3, [r1, #3]
    strb r3, [r0, #3]
    ldrb r3, [r1, #2]
    strb r3, [r0, #2]
    ldrb r3, [r1, #1]
    strb r3, [r0, #1]
    ldrb r3, [r1, #0]
    strb r3, [r0, #0]
.Lcpy_done:
    mov r0, ip
    bx lr
    .size rom_memcpy, . - rom_memcpy


    .section .text.rom_memset, "ax"
    .global rom_memset
    .type rom_memset, %function
    .thumb_func
rom_memset:
    mov ip, r0
    uxtb r1, r1
    cmp r2, #8
    blo .Lset_tail
.Lset_align:                    /* bytes until ptr is word-aligned: at most 3 */
    lsls r3, r0, #30
    beq .Lset_words
    strb r1, [r0]
    adds r0, #1
    subs r2, #1
    b .Lset_align
.Lset_words:                    /* r0 word-aligned: 16 bytes per STM, then words, 0..3 left */
    push {r4, r5, r6}
    lsls r3, r1, #8
    orrs r3, r1
    lsls r4, r3, #16
    orrs r3, r4                 /* r3 = c * 0x01010101 */
    movs r4, r3
    movs r5, r3
    movs r6, r3
    subs r2, #16
    blo 2f
1:  stmia r0!, {r3, r4, r5, r6}
    subs r2, #16
    bhs 1b
2:  pop {r4, r5, r6}
    adds r2, #12
    bcc 4f
3:  stmia r0!, {r3}
    subs r2, #4
    bhs 3b
4:  adds r2, #4
.Lset_tail:                     /* 0..7 left: the last r2 stores below (2 code bytes each) */
    adr r3, .Lset_done
    lsls r2, r2, #1
    subs r3, r3, r2
    adds r3, #1
    bx r3
    .balign 4
    nop                         /* pads the 14 bytes of stores to a word before .Lset_done */
    strb r1, [r0, #6]
    strb r1, [r0, #5]
    strb r1, [r0, #4]
    strb r1, [r0, #3]
    strb r1, [r0, #2]
    strb r1, [r0, #1]
    strb r1, [r0, #0]
.Lset_done:
    mov r0, ip
    bx lr

    .size rom_memset, . - rom_memset

    .section .text.rom_memset4, "ax"
    .global rom_memset4
    .type rom_memset4, %function
    .thumb_func
rom_memset4:                    /* word-aligned pointer, n a multiple of 4: memset's word path */
    b rom_memset
    .size rom_memset4, . - rom_memset4
