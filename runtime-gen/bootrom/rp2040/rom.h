/* Declarations shared by the C parts of arielsim's RP2040 boot ROM. */
#ifndef ARIELSIM_BOOTROM_ROM_H
#define ARIELSIM_BOOTROM_ROM_H
#include <stddef.h>
#include <stdint.h>
#include "regs.h"

#define REG(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

/* rt0.S */
void unreset_block_wait(uint32_t mask);
void enter_boot2(uint32_t pc) __attribute__((noreturn));
void park_no_boot(void) __attribute__((noreturn));

/* flash.c: the 'I','F' 'E','X' 'R','E' 'R','P' 'F','C' 'C','X' functions (datasheet §2.8.3.1.3) */
void connect_internal_flash(void);
void flash_exit_xip(void);
void flash_range_erase(uint32_t addr, size_t count, uint32_t block_size, uint8_t block_cmd);
void flash_range_program(uint32_t addr, const uint8_t *data, size_t count);
void flash_flush_cache(void);
void flash_enter_cmd_xip(void);
void flash_read_data(uint32_t addr, uint8_t *rx, size_t count);

/* double.c helpers used by float.c */
double rom_scalbn(double x, int n);
#endif
