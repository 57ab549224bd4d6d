/*
 * RP2040 register addresses used by arielsim's boot ROM. Each comes from the RP2040 datasheet
 * (section named per line); the same numbers appear in pico-sdk's hardware/regs headers.
 */
#ifndef ARIELSIM_BOOTROM_REGS_H
#define ARIELSIM_BOOTROM_REGS_H

/* Atomic register access aliases: +0x2000 set, +0x3000 clear (datasheet §2.1.2). */
#define ALIAS_SET 0x2000
#define ALIAS_CLR 0x3000

/* SIO (datasheet §2.3.1.7). */
#define SIO_BASE 0xd0000000
#define SIO_CPUID_OFFSET 0x00
#define SIO_GPIO_HI_IN_OFFSET 0x08
#define SIO_FIFO_ST_OFFSET 0x50
#define SIO_FIFO_WR_OFFSET 0x54
#define SIO_FIFO_RD_OFFSET 0x58

/* Cortex-M0+ System Control Block (datasheet §2.4.8). */
#define M0PLUS_VTOR 0xe000ed08
#define M0PLUS_SCR 0xe000ed10
#define M0PLUS_SCR_SLEEPDEEP 0x4

/* CLOCKS WAKE_EN0/1 (datasheet §2.15.7: CLOCKS_BASE 0x40008000, WAKE_EN0 at 0xa0). */
#define CLOCKS_WAKE_EN0 0x400080a0
/* SYSCFG PROC0_NMI_MASK / PROC1_NMI_MASK (datasheet §2.21.4: SYSCFG_BASE 0x40004000). */
#define SYSCFG_PROC0_NMI_MASK 0x40004000

/* VREG_AND_CHIP_RESET CHIP_RESET, PSM_RESTART_FLAG bit 24 (datasheet §2.10.7). */
#define CHIP_RESET 0x40064008
#define CHIP_RESET_PSM_RESTART_FLAG (1 << 24)

/* RESETS (datasheet §2.14.3): RESET at +0, RESET_DONE at +8; bits IO_QSPI 6, PADS_BANK0 8,
 * PADS_QSPI 9, TIMER 21. */
#define RESETS_BASE 0x4000c000
#define RESETS_RESET_DONE_OFFSET 0x08
#define RESET_IO_QSPI (1 << 6)
#define RESET_PADS_BANK0 (1 << 8)
#define RESET_PADS_QSPI (1 << 9)
#define RESET_TIMER (1 << 21)

/* PADS_BANK0 GPIO26..29 at 0x6c..0x78, IE bit 6 (datasheet §2.19.6.3). */
#define PADS_BANK0_BASE 0x4001c000
#define PADS_BANK0_GPIO26_OFFSET 0x6c
#define PADS_IE (1 << 6)

/* IO_QSPI GPIO_QSPI_{SCLK,SS,SD0..3}_CTRL at 0x04 + 8n; OUTOVER bits 9:8 (datasheet §2.19.6.2). */
#define IO_QSPI_BASE 0x40018000
#define IO_QSPI_SCLK_CTRL (IO_QSPI_BASE + 0x04)
#define IO_QSPI_SS_CTRL (IO_QSPI_BASE + 0x0c)
#define IO_QSPI_OUTOVER_LSB 8
#define OUTOVER_NORMAL 0u
#define OUTOVER_LOW 2u
#define OUTOVER_HIGH 3u

/* WATCHDOG SCRATCH4..7 (datasheet §4.7.6: WATCHDOG_BASE 0x40058000, SCRATCH4 at 0x1c). */
#define WATCHDOG_SCRATCH4 0x4005801c
#define WATCHDOG_BOOT_MAGIC 0xb007c0d3 /* datasheet §2.8.1.1, ROM bootrom_rt0.S:277-283 */

/* XIP_CTRL (datasheet §2.6.3.4: XIP_CTRL_BASE 0x14000000): CTRL.EN bit 0, FLUSH at +4. */
#define XIP_CTRL 0x14000000
#define XIP_FLUSH 0x14000004

/* SSI (datasheet §4.10.13: XIP_SSI_BASE 0x18000000). */
#define SSI_BASE 0x18000000
#define SSI_CTRLR0 0x00
#define SSI_CTRLR1 0x04
#define SSI_SSIENR 0x08
#define SSI_SER 0x10
#define SSI_BAUDR 0x14
#define SSI_TXFLR 0x20
#define SSI_RXFLR 0x24
#define SSI_SR 0x28
#define SSI_DR0 0x60
#define SSI_SPI_CTRLR0 0xf4
#define SSI_CTRLR0_DFS_32_LSB 16
#define SSI_CTRLR0_TMOD_LSB 8
#define SSI_TMOD_TX_AND_RX 0u
#define SSI_TMOD_EEPROM_READ 3u
#define SSI_SR_BUSY 0x1
#define SSI_SR_TFE 0x4
#define SSI_SPI_CTRLR0_XIP_CMD_LSB 24
#define SSI_SPI_CTRLR0_INST_L_LSB 8
#define SSI_SPI_CTRLR0_ADDR_L_LSB 2

/* Where boot2 is loaded and run: the top 256 bytes of SRAM (datasheet §2.8.1.3). */
#define BOOT2_BASE 0x20041f00
#define BOOT2_SIZE 256u

#endif
