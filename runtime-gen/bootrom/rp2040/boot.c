/*
 * Core 0's boot after the assembly prologue (rt0.S): BOOT-NEEDS.md §0 steps 5 and 6, from the
 * RP2040 datasheet §2.8.1 "Processor Controlled Boot Sequence" and §2.8.1.3 (boot2 in flash).
 */
#include "rom.h"

/* CRC-32 as the ROM checks boot2 (datasheet §2.8.1.3.1): MSB first, polynomial 0x04c11db7,
 * initial value 0xffffffff, no final XOR (ROM bootrom_main.c:59-79 has the same parameters). */
static uint32_t boot2_crc32(const uint8_t *p, size_t n) {
  uint32_t crc = 0xffffffffu;
  for (size_t i = 0; i < n; i++) {
    crc ^= (uint32_t)p[i] << 24;
    for (int b = 0; b < 8; b++) crc = (crc & 0x80000000u) ? (crc << 1) ^ 0x04c11db7u : crc << 1;
  }
  return crc;
}

/* The QSPI CSn pin is a boot strap: held low, the ROM skips flash and enters USB boot. It is
 * sampled 9 times and must be high in at least 5 (ROM bootrom_main.c:226-252; datasheet §2.8.1).
 * GPIO_HI_IN bit 1 is QSPI SS (datasheet §2.3.1.7). */
static int qspi_cs_strap_high(void) {
  int high = 0;
  for (int i = 0; i < 9; i++) high += (REG(SIO_BASE + SIO_GPIO_HI_IN_OFFSET) >> 1) & 1;
  return high >= 5;
}

/* Reads boot2 (256 bytes at flash offset 0, datasheet §2.8.1.3) into the top of SRAM with a
 * standard 03h read and returns whether its CRC matches the last word. The B2 ROM retries with
 * other SSI clock phases/polarities; arielsim's ROM tries mode 0 only (the flash parts pico-sdk
 * supports all answer in mode 0). */
static int load_boot2(void) {
  uint8_t *boot2 = (uint8_t *)BOOT2_BASE;
  connect_internal_flash();
  flash_exit_xip();
  flash_read_data(0, boot2, BOOT2_SIZE);
  uint32_t expected = (uint32_t)boot2[252] | (uint32_t)boot2[253] << 8 |
                      (uint32_t)boot2[254] << 16 | (uint32_t)boot2[255] << 24;
  return boot2_crc32(boot2, 252) == expected;
}

void bootrom_main(void) __attribute__((noreturn));
void bootrom_main(void) {
  /* Reset and unreset the QSPI pins' blocks and the timer (ROM bootrom_main.c, BOOT-NEEDS §0.5). */
  const uint32_t blocks = RESET_IO_QSPI | RESET_PADS_QSPI | RESET_TIMER;
  REG(RESETS_BASE + ALIAS_SET) = blocks;
  unreset_block_wait(blocks);
  if (qspi_cs_strap_high() && load_boot2()) {
    flash_flush_cache();
    enter_boot2(BOOT2_BASE | 1);
  }
  park_no_boot();
}
