/*
 * The multicore executor: the code every core runs. Core 0 checks the blob (magic, version,
 * length, CRC), launches the other cores if the board needs it, and releases them all at once
 * ("go"). Each core then works through its items: its own static list, or the shared queue
 * (ariel-greedy: items in op order, taken one at a time under a lock or an atomic). Before an item
 * it waits until every item it depends on is done (done flags in shared RAM; cores sleep in WFE,
 * h3.block or WFI and are woken after each item by SEV, h3.unblock or a software interrupt), runs
 * the kernel on the item's tile, stamps start and end cycles into the trace, and publishes its
 * done flag. Core 0 exits by semihosting
 * when every core has finished; the status is 0 or the first error's ARS_EXIT_* code.
 */
#include "executor.h"
#include "port.h"
#include "../include/ars_kernels.h"

#define AT(base, off) ((const uint8_t *)(base) + (off))

/* start-riscv.S loads core[hartid].stack_top at this offset. */
_Static_assert(__builtin_offsetof(ars_boot_t, core[0].stack_top) == 44, "start-riscv.S: stack_top");

static volatile uint32_t *ctx_of(const ars_boot_t *boot) {
  return (volatile uint32_t *)(uintptr_t)boot->ctx_addr;
}

static int blob_ok(const ars_blob_header_t *h) {
  if (h->magic != ARS_BLOB_MAGIC || h->version != ARS_BLOB_VERSION) return 0;
  if (h->length < sizeof(ars_blob_header_t)) return 0;
  return ars_crc32(AT(h, 16), h->length - 16u) == h->crc32;
}

/*
 * Wakes the cores that may sleep in sleep_until_woken: the ISA's event (SEV, h3.unblock) and, on
 * boards whose RISC-V cores sleep in WFI (wake_addr set), a software interrupt to every other core.
 */
static void wake_others(const ars_boot_t *boot, uint32_t core) {
  ars_sev();
  if (boot->wake_addr != 0)
    for (uint32_t c = 0; c < boot->n_cores; c++)
      if (c != core) ARS_REG(boot->wake_addr + 4u * c) = 1u;
}

/*
 * Sleeps until another core's wake_others, or returns at once if one came since the last call
 * (WFE's event register, h3.block's latch, a pending msip); callers re-check what they wait for.
 */
static void sleep_until_woken(const ars_boot_t *boot, uint32_t core) {
#if defined(__riscv)
  if (boot->wake_addr != 0) {
    ars_wfi();
    ARS_REG(boot->wake_addr + 4u * core) = 0u; /* taken: the caller re-checks after this */
    return;
  }
#endif
  (void)boot;
  (void)core;
  ars_wait();
}

static void fail(const ars_boot_t *boot, uint32_t core, volatile uint32_t *ctx, uint32_t code) {
  if (ctx[ARS_CTX_STATUS] == 0) ctx[ARS_CTX_STATUS] = code;
  wake_others(boot, core);
}

/* RP2040 §2.8.2 / RP2350 §5.3: the boot ROM's core-1 launch handshake over the SIO FIFOs. */
static void launch_rp2_core1(const ars_boot_t *boot) {
  const uint32_t sio = boot->sio_base;
  const uint32_t seq[6] = {0, 0, 1, boot->core[1].vector_table, boot->core[1].stack_top,
                           boot->core[1].entry};
  uint32_t i = 0;
  while (i < 6) {
    const uint32_t cmd = seq[i];
    if (cmd == 0) {
      while (ARS_REG(sio + 0x50) & 1u) (void)ARS_REG(sio + 0x58); /* drain RX */
      ars_sev();
    }
    while (!(ARS_REG(sio + 0x50) & 2u)) {} /* TX ready */
    ARS_REG(sio + 0x54) = cmd;
    ars_sev();
    while (!(ARS_REG(sio + 0x50) & 1u)) ars_wait();
    i = ARS_REG(sio + 0x58) == cmd ? i + 1 : 0;
  }
}

/* Takes and frees the queue's lock register (ARS_LOCK_READ_CLAIM or ARS_LOCK_HSEM). */
static void lock_take(const ars_boot_t *boot, uint32_t core) {
  if (boot->lock_kind == ARS_LOCK_HSEM) {
    const uint32_t mine = 0x80000000u | (boot->core[core].lock_owner << 8);
    while (ARS_REG(boot->lock_addr) != mine) {}
  } else {
    while (ARS_REG(boot->lock_addr) == 0) {}
  }
  ars_dmb();
}

static void lock_free(const ars_boot_t *boot, uint32_t core) {
  ars_dmb();
  if (boot->lock_kind == ARS_LOCK_HSEM) /* Rx = RLRx - 0x80: COREID, PROCID 0, LOCK clear */
    ARS_REG(boot->lock_addr - 0x80u) = boot->core[core].lock_owner << 8;
  else
    ARS_REG(boot->lock_addr) = 1;
}

/* Fetch-and-add on the queue head: under the board's lock, or with the ISA's atomics. */
static uint32_t take_next(const ars_boot_t *boot, uint32_t core, volatile uint32_t *head) {
  if (boot->lock_kind != ARS_LOCK_ATOMICS) {
    lock_take(boot, core);
    const uint32_t v = *head;
    *head = v + 1;
    lock_free(boot, core);
    return v;
  }
#if (defined(__arm__) && !defined(__ARM_ARCH_6M__)) || (defined(__riscv) && defined(__riscv_atomic))
  /* Relaxed (LDREX/STREX, AMOADD) between full barriers: the same code on v7-M and v8-M. */
  ars_dmb();
  const uint32_t v = __atomic_fetch_add(head, 1u, __ATOMIC_RELAXED);
  ars_dmb();
  return v;
#else
  return 0xffffffffu; /* unreachable: the image builder only asks for a queue the cores can take */
#endif
}

static uint32_t run_item(const ars_boot_t *boot, const ars_blob_header_t *h, uint32_t id) {
  const ars_item_t *item = (const ars_item_t *)AT(h, h->items_off) + id;
  const ars_op_t *op = (const ars_op_t *)AT(h, h->ops_off) + item->op;
  const ars_tensor_t *tensors = (const ars_tensor_t *)AT(h, h->tensors_off);
  const uint32_t *operand_ids = (const uint32_t *)AT(h, op->operands_off);
  void *operands[ARS_MAX_OPERANDS];
  if (op->n_operands > ARS_MAX_OPERANDS) return ARS_EXIT_KERNEL_ERROR;
  for (uint32_t k = 0; k < op->n_operands; k++) {
    const uint32_t t = operand_ids[k];
    if (t == ARS_ABSENT) {
      operands[k] = 0;
      continue;
    }
    const ars_tensor_t *tensor = &tensors[t];
    const uint32_t base = tensor->where == ARS_IN_ARENA ? boot->arena_addr : (uint32_t)(uintptr_t)h;
    operands[k] = (void *)(uintptr_t)(base + tensor->offset);
  }
  ars_tile_t tile;
  for (int d = 0; d < 4; d++) {
    tile.start[d] = item->start[d];
    tile.end[d] = item->end[d];
  }
  const int32_t *params = (const int32_t *)AT(h, op->params_off);
  return ars_kernel_run(op->kind, params, operands, &tile) == 0 ? 0 : ARS_EXIT_KERNEL_ERROR;
}

static void wait_deps(const ars_boot_t *boot, uint32_t core, const ars_blob_header_t *h,
                      volatile uint32_t *ctx, uint32_t id) {
  const ars_item_t *item = (const ars_item_t *)AT(h, h->items_off) + id;
  const uint32_t *deps = (const uint32_t *)AT(h, item->deps_off);
  volatile uint32_t *done = ctx + ARS_CTX_DONE;
  for (uint32_t k = 0; k < item->n_deps; k++)
    while (done[deps[k]] == 0 && ctx[ARS_CTX_STATUS] == 0) sleep_until_woken(boot, core);
}

/* Runs this core's share of the items; returns 0 or an ARS_EXIT_* code. */
static uint32_t work(const ars_boot_t *boot, const ars_blob_header_t *h, uint32_t core) {
  volatile uint32_t *ctx = ctx_of(boot);
  volatile uint32_t *mine = ctx + ARS_CTX_CORES + 4u * core;
  volatile uint32_t *trace = ctx + ARS_CTX_DONE + h->n_items;
  const int dynamic = (h->flags & ARS_FLAG_DYNAMIC_QUEUE) != 0;
  const ars_core_list_t *list = (const ars_core_list_t *)AT(h, h->cores_off) + core;
  const uint32_t *order = (const uint32_t *)AT(h, dynamic ? h->queue_off : list->items_off);
  const uint32_t count = dynamic ? h->n_items : (core < h->n_cores ? list->n_items : 0);
  for (uint32_t k = 0;; k++) {
    const uint32_t slot = dynamic ? take_next(boot, core, ctx + ARS_CTX_QUEUE) : k;
    if (slot >= count || ctx[ARS_CTX_STATUS] != 0) break;
    const uint32_t id = order[slot];
    wait_deps(boot, core, h, ctx, id);
    if (ctx[ARS_CTX_STATUS] != 0) break;
    const uint32_t start = ars_counter_now(mine + 3);
    const uint32_t status = run_item(boot, h, id);
    const uint32_t end = ars_counter_now(mine + 3);
    if (status != 0) return status;
    trace[4u * id] = core + 1u;
    trace[4u * id + 1u] = start;
    trace[4u * id + 2u] = end;
    mine[2] = mine[2] + 1u;
    ars_dmb();
    ctx[ARS_CTX_DONE + id] = 1u;
    wake_others(boot, core);
  }
  return 0;
}

void ars_main(const ars_boot_t *boot, uint32_t core) {
  volatile uint32_t *ctx = ctx_of(boot);
  volatile uint32_t *mine = ctx + ARS_CTX_CORES + 4u * core;
  const ars_blob_header_t *h = (const ars_blob_header_t *)(uintptr_t)boot->blob_addr;
#if defined(__riscv)
  if (boot->wake_addr != 0) ars_msie_enable();
#endif
  if (core == 0) {
    if (boot->magic != ARS_BOOT_MAGIC || boot->n_cores == 0 || boot->n_cores > ARS_MAX_CORES)
      ars_exit(ARS_EXIT_BAD_BOOT);
    if (!blob_ok(h)) ars_exit(ARS_EXIT_BAD_BLOB);
    if (boot->launch == ARS_LAUNCH_RP2_FIFO && boot->n_cores > 1) launch_rp2_core1(boot);
    mine[0] = 1;
    for (uint32_t c = 1; c < boot->n_cores; c++)
      while (ctx[ARS_CTX_CORES + 4u * c] == 0) sleep_until_woken(boot, core);
    ars_counter_start(mine + 3);
    ctx[ARS_CTX_GO] = 1;
    wake_others(boot, core);
  } else {
    mine[0] = 1;
    wake_others(boot, core);
    while (ctx[ARS_CTX_GO] == 0) sleep_until_woken(boot, core);
    ars_counter_start(mine + 3);
  }
  const uint32_t status = work(boot, h, core);
  if (status != 0) fail(boot, core, ctx, status);
  mine[1] = 1;
  wake_others(boot, core);
  if (core != 0)
    for (;;) sleep_until_woken(boot, core);
  for (uint32_t c = 1; c < boot->n_cores; c++)
    while (ctx[ARS_CTX_CORES + 4u * c + 1u] == 0) sleep_until_woken(boot, core);
  ctx[ARS_CTX_LATENCY] = ars_counter_now(mine + 3);
  ars_exit((int)ctx[ARS_CTX_STATUS]);
}
