/* The multicore executor's internal interface (executor.c, the startup files, the cycle counters). */
#ifndef ARS_EXECUTOR_H
#define ARS_EXECUTOR_H
#include <stdint.h>
#include "../include/ars_blob.h"

uint32_t ars_crc32(const uint8_t *p, uint32_t n);

/* Starts this core's cycle counter; `wraps` is the core's ctx word for counter wrap-arounds. */
void ars_counter_start(volatile uint32_t *wraps);
/* Cycles of this core since ars_counter_start (mod 2^32). */
uint32_t ars_counter_now(volatile uint32_t *wraps);

/* The executor proper: every core calls it once, with the boot descriptor and its core id. */
void ars_main(const ars_boot_t *boot, uint32_t core) __attribute__((noreturn));

#endif
