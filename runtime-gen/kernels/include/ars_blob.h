/*
 * The model blob and the boot descriptor, as the firmware reads them. The TypeScript writer is
 * runtime-gen/blob/blob.ts; the README documents the format. Every field is a little-endian 32-bit
 * word and every section starts on a 4-byte boundary; offsets are from the start of the blob.
 */
#ifndef ARS_BLOB_H
#define ARS_BLOB_H
#include <stdint.h>

#define ARS_BLOB_MAGIC 0x42535241u /* "ARSB" */
#define ARS_BLOB_VERSION 1u
#define ARS_BOOT_MAGIC 0x44535241u /* "ARSD" */
#define ARS_MAX_CORES 16u
#define ARS_MAX_OPERANDS 16u

/* Blob flags. */
#define ARS_FLAG_DYNAMIC_QUEUE 1u /* cores pull items from one shared queue (ariel-greedy) */

typedef struct {
  uint32_t magic;       /* ARS_BLOB_MAGIC */
  uint32_t version;     /* ARS_BLOB_VERSION */
  uint32_t length;      /* bytes of the whole blob */
  uint32_t crc32;       /* CRC-32 (IEEE 802.3, as zlib) of bytes [16, length) */
  uint32_t flags;       /* ARS_FLAG_* */
  uint32_t n_tensors, tensors_off; /* ars_tensor_t[n_tensors] */
  uint32_t n_ops, ops_off;         /* ars_op_t[n_ops] */
  uint32_t n_items, items_off;     /* ars_item_t[n_items] */
  uint32_t n_cores, cores_off;     /* ars_core_list_t[n_cores] */
  uint32_t queue_off;              /* uint32_t[n_items]: pull order (dynamic queue) */
  uint32_t arena_bytes;            /* activation arena the plan needs */
  uint32_t ctx_bytes;              /* shared executor state (ars_ctx layout below) */
  uint32_t reserved;
} ars_blob_header_t;

/* Where a tensor's bytes are. */
#define ARS_IN_ARENA 0u /* activation: boot->arena_addr + offset */
#define ARS_IN_BLOB 1u  /* constant: blob + offset */
#define ARS_ABSENT 0xffffffffu

typedef struct {
  uint32_t where, offset, bytes, dtype;
} ars_tensor_t;

typedef struct {
  uint32_t kind;         /* ARS_OP_* (ars_kernels.h) */
  uint32_t params_off;   /* int32_t parameter record (runtime-gen/blob/op-params.ts) */
  uint32_t n_operands;   /* inputs then outputs */
  uint32_t operands_off; /* uint32_t tensor ids, ARS_ABSENT for an omitted optional input */
} ars_op_t;

typedef struct {
  uint32_t op;
  int32_t start[4], end[4]; /* the output tile, right-aligned to 4 dims */
  uint32_t n_deps, deps_off; /* uint32_t item ids that must be done first */
} ars_item_t;

typedef struct {
  uint32_t n_items, items_off; /* uint32_t item ids, in order (static schedules) */
} ars_core_list_t;

/*
 * The boot descriptor: the board-specific addresses, written by the image builder
 * (runtime-gen/image.ts). Cortex-M cores find it in word 9 of their own vector table (VTOR) and
 * their core id in word 8 (both reserved words on ARMv6-M/v7-M/v8-M); RISC-V cores read their id
 * from mhartid and the descriptor's address from the image header word `ars_image_header[2]`.
 */
typedef struct {
  uint32_t vector_table; /* Cortex-M: this core's vector table; RISC-V: 0 */
  uint32_t stack_top;
  uint32_t entry;        /* reset entry (Thumb bit set on Cortex-M) */
  uint32_t lock_owner;   /* ARS_LOCK_HSEM: this core's COREID */
} ars_boot_core_t;

/* How core 0 starts the others. */
#define ARS_LAUNCH_NONE 0u    /* the loader starts every core */
#define ARS_LAUNCH_RP2_FIFO 1u /* RP2040/RP2350 boot ROM: SIO FIFO launch sequence */

/* The lock of the shared queue. */
#define ARS_LOCK_ATOMICS 0u    /* LDREX/STREX or AMOADD, no lock register */
#define ARS_LOCK_READ_CLAIM 1u /* RP2040/RP2350 SIO, generic mailbox: a read claims, a write frees */
#define ARS_LOCK_HSEM 2u       /* STM32H7 HSEM one-step lock: RLRx read, Rx write frees (RM0399 §11) */

typedef struct {
  uint32_t magic;      /* ARS_BOOT_MAGIC */
  uint32_t n_cores;
  uint32_t blob_addr;
  uint32_t arena_addr;
  uint32_t ctx_addr;   /* ctx_bytes of zeroed shared RAM */
  uint32_t launch;     /* ARS_LAUNCH_* */
  uint32_t sio_base;   /* RP2 SIO base for the FIFO launch (0 when unused) */
  uint32_t lock_kind;  /* ARS_LOCK_* */
  uint32_t lock_addr;  /* the lock register (SIO/mailbox spinlock, HSEM RLRx) */
  uint32_t wake_addr;  /* msip word of core 0 (CLINT layout, core n at + 4n), or 0: see wake_others */
  ars_boot_core_t core[ARS_MAX_CORES];
} ars_boot_t;

/*
 * Shared executor state (ctx), in 32-bit words, zeroed by the loader:
 *   [0] go: set by core 0 when every core is ready
 *   [1] queue head (dynamic queue)
 *   [2] status: 0, or the ARS_EXIT_* code of the first error
 *   [3] latency: core 0's cycles from go to the last item done
 *   [4 + 4 * core] per core: ready, finished, items run, SysTick wraps (Cortex-M0+)
 *   [ARS_CTX_DONE + item] done flags
 *   [ARS_CTX_DONE + n_items + 4 * item] trace: core + 1, start, end, 0 (cycles since go, core clock)
 */
#define ARS_CTX_GO 0u
#define ARS_CTX_QUEUE 1u
#define ARS_CTX_STATUS 2u
#define ARS_CTX_LATENCY 3u
#define ARS_CTX_CORES 4u
#define ARS_CTX_DONE (ARS_CTX_CORES + 4u * ARS_MAX_CORES)
#define ARS_CTX_WORDS(n_items) (ARS_CTX_DONE + 5u * (n_items))

/* Exit codes (semihosting) of the executor. */
#define ARS_EXIT_OK 0
#define ARS_EXIT_BAD_BLOB 3       /* magic, version, length or CRC wrong */
#define ARS_EXIT_BAD_BOOT 4       /* boot descriptor wrong (magic, core count) */
#define ARS_EXIT_KERNEL_ERROR 5   /* a kernel rejected its parameters */
#define ARS_EXIT_FAULT 6          /* a core took a fault */

#endif
