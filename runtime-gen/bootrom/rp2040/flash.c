/*
 * The flash functions of the ROM ('I','F' 'E','X' 'R','E' 'R','P' 'F','C' 'C','X'; datasheet
 * §2.8.3.1.3 "Flash Access Functions") for a standard SPI NOR flash (W25Qxx command set), driven
 * through the SSI in standard (1-lane) SPI mode with chip select forced through IO_QSPI, because
 * the SSI itself would deassert it whenever its TX FIFO runs empty (datasheet §4.10).
 */
#include "rom.h"

#define SSI(off) REG(SSI_BASE + (off))
#define CMD_WRITE_ENABLE 0x06
#define CMD_READ_STATUS 0x05
#define CMD_READ_DATA 0x03
#define CMD_PAGE_PROGRAM 0x02
#define CMD_SECTOR_ERASE 0x20 /* 4 KiB */
#define SECTOR_SIZE 4096u
#define PAGE_SIZE 256u
/* Bytes in flight are kept below the 16-entry RX FIFO (datasheet §4.10.2), minus 2 held inside
 * the SSI (ROM program_flash_generic.c:117-120). */
#define MAX_IN_FLIGHT 14u

/* IO_QSPI GPIO_QSPI_SS_CTRL.OUTOVER (datasheet §2.19.6.2). The read back flushes the bridge. */
static void flash_cs_force(uint32_t outover) {
  REG(IO_QSPI_SS_CTRL) = outover << IO_QSPI_OUTOVER_LSB;
  (void)REG(IO_QSPI_SS_CTRL);
}

void connect_internal_flash(void) {
  const uint32_t blocks = RESET_IO_QSPI | RESET_PADS_QSPI;
  REG(RESETS_BASE + ALIAS_SET) = blocks;
  unreset_block_wait(blocks);
  /* FUNCSEL 0 (XIP) on SCLK, SS, SD0..SD3: GPIO_QSPI_x_CTRL at 0x04, 0x0c, ... 0x2c. */
  for (uint32_t i = 0; i < 6; i++) REG(IO_QSPI_SCLK_CTRL + 8 * i) = 0;
}

/* Standard SPI, 8-bit frames, TX and RX, clk_sys/6 (BOOT-NEEDS §0.6.3: BAUDR=6), slave 0. */
static void flash_init_spi(void) {
  SSI(SSI_SSIENR) = 0;
  SSI(SSI_BAUDR) = 6;
  SSI(SSI_CTRLR0) = (7u << SSI_CTRLR0_DFS_32_LSB) | (SSI_TMOD_TX_AND_RX << SSI_CTRLR0_TMOD_LSB);
  SSI(SSI_SER) = 1;
  SSI(SSI_SSIENR) = 1;
}

/* Sends `count` bytes (zeroes if tx is NULL) while receiving as many; the first `rx_skip`
 * received bytes (answers to command and address bytes already written) are dropped. Ends with
 * chip select released. */
static void flash_put_get(const uint8_t *tx, uint8_t *rx, size_t count, size_t rx_skip) {
  size_t to_send = count, to_receive = count + rx_skip;
  while (to_send || to_receive) {
    uint32_t tx_level = SSI(SSI_TXFLR), rx_level = SSI(SSI_RXFLR);
    if (to_send && tx_level + rx_level < MAX_IN_FLIGHT) {
      SSI(SSI_DR0) = tx ? *tx++ : 0;
      to_send--;
    }
    if (rx_level) {
      uint8_t byte = (uint8_t)SSI(SSI_DR0);
      if (to_receive-- <= count && rx) *rx++ = byte;
    }
  }
  flash_cs_force(OUTOVER_HIGH);
}

static void flash_cmd_addr(uint8_t cmd, uint32_t addr) {
  flash_cs_force(OUTOVER_LOW);
  SSI(SSI_DR0) = cmd;
  SSI(SSI_DR0) = (addr >> 16) & 0xff;
  SSI(SSI_DR0) = (addr >> 8) & 0xff;
  SSI(SSI_DR0) = addr & 0xff;
}

static void flash_cmd(uint8_t cmd, const uint8_t *tx, uint8_t *rx, size_t count) {
  flash_cs_force(OUTOVER_LOW);
  SSI(SSI_DR0) = cmd;
  flash_put_get(tx, rx, count, 1);
}

void flash_read_data(uint32_t addr, uint8_t *rx, size_t count) {
  flash_cmd_addr(CMD_READ_DATA, addr);
  flash_put_get(0, rx, count, 4);
}

/* Polls status register 1 until BUSY (bit 0) clears. */
static void flash_wait_ready(void) {
  uint8_t status;
  do flash_cmd(CMD_READ_STATUS, 0, &status, 1);
  while (status & 1);
}

/* Leaves continuous-read (XIP) mode: CSn low and 16 clocks with MOSI high read as mode bits
 * other than the continuation code, then CSn high (the W25Q sequence the B2 ROM ends with,
 * ROM program_flash_generic.c:173-187; its extra Micron pad steps are left out). */
void flash_exit_xip(void) {
  static const uint8_t ones[2] = {0xff, 0xff};
  flash_init_spi();
  flash_cs_force(OUTOVER_HIGH);
  flash_cs_force(OUTOVER_LOW);
  flash_put_get(ones, 0, 2, 0);
}

void flash_range_erase(uint32_t addr, size_t count, uint32_t block_size, uint8_t block_cmd) {
  uint32_t end = addr + count;
  while (addr < end) {
    int big = block_size > SECTOR_SIZE && (addr % block_size) == 0 && end - addr >= block_size;
    flash_cmd(CMD_WRITE_ENABLE, 0, 0, 0);
    flash_cmd_addr(big ? block_cmd : CMD_SECTOR_ERASE, addr);
    flash_put_get(0, 0, 0, 4);
    flash_wait_ready();
    addr += big ? block_size : SECTOR_SIZE;
  }
}

/* Programs whole or partial pages; a page program never crosses a 256-byte boundary. */
void flash_range_program(uint32_t addr, const uint8_t *data, size_t count) {
  while (count) {
    size_t n = PAGE_SIZE - (addr & (PAGE_SIZE - 1));
    if (n > count) n = count;
    flash_cmd(CMD_WRITE_ENABLE, 0, 0, 0);
    flash_cmd_addr(CMD_PAGE_PROGRAM, addr);
    flash_put_get(data, 0, n, 4);
    flash_wait_ready();
    addr += n, data += n, count -= n;
  }
}

/* XIP cache flush: write FLUSH, read it back (the read stalls until the flush is done), then
 * enable the cache again (datasheet §2.6.3.1; ROM program_flash_generic.c:426-433). */
void flash_flush_cache(void) {
  REG(XIP_FLUSH) = 1;
  (void)REG(XIP_FLUSH);
  REG(XIP_CTRL) |= 1;
}

/* Serial XIP with the standard 03h read: the SSI in EEPROM-read mode with 32-bit frames sends the
 * 8-bit instruction and the 24-bit address on one lane for every XIP access (datasheet §4.10.10).
 * Chip select goes back to the SSI. */
void flash_enter_cmd_xip(void) {
  SSI(SSI_SSIENR) = 0;
  SSI(SSI_CTRLR0) = (31u << SSI_CTRLR0_DFS_32_LSB) | (SSI_TMOD_EEPROM_READ << SSI_CTRLR0_TMOD_LSB);
  SSI(SSI_CTRLR1) = 0;
  SSI(SSI_SPI_CTRLR0) = ((uint32_t)CMD_READ_DATA << SSI_SPI_CTRLR0_XIP_CMD_LSB) |
                        (2u << SSI_SPI_CTRLR0_INST_L_LSB) | (6u << SSI_SPI_CTRLR0_ADDR_L_LSB);
  SSI(SSI_SSIENR) = 1;
  flash_cs_force(OUTOVER_NORMAL);
}
