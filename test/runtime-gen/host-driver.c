/*
 * Host test driver for the int8 kernels (runtime-gen/kernels): reads a batch of cases, runs each
 * through ars_kernel_run, and writes back the return code, how many output bytes outside the tile
 * changed (the output is pre-filled with a sentinel pattern, plus 64 guard bytes past its end), and
 * the tile's bytes in row-major order. Also fails if any input buffer changed.
 *
 * Input (little-endian 32-bit words):
 *   "ARSC" | n_buffers | per buffer: n_bytes, bytes padded to 4 |
 *   n_cases | per case: kind, n_params, params[], start[4], end[4], n_inputs, buffer id[] (or
 *   0xffffffff for NULL), n_outputs, per output: n_bytes, elem_bytes, dims[4] (4-D shape the tile
 *   refers to; only the first output is tiled, the others are returned whole)
 * Output: per case: rc, then per output: changed_outside, n_tile_bytes, tile bytes padded to 4.
 * Usage: host-driver cases.bin results.bin
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ars_kernels.h"

#define GUARD 64
#define MAX_OPERANDS 64

static FILE *in_file;
static FILE *out_file;

static void fail(const char *what) {
  fprintf(stderr, "host-driver: %s\n", what);
  exit(2);
}

static uint32_t read_u32(void) {
  uint8_t b[4];
  if (fread(b, 1, 4, in_file) != 4) fail("truncated case file");
  return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static void write_u32(uint32_t v) {
  const uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
  if (fwrite(b, 1, 4, out_file) != 4) fail("cannot write results");
}

static void write_padded(const uint8_t *p, uint32_t n) {
  static const uint8_t zeros[4] = {0, 0, 0, 0};
  if (n > 0 && fwrite(p, 1, n, out_file) != n) fail("cannot write results");
  if (n % 4 != 0 && fwrite(zeros, 1, 4 - n % 4, out_file) != 4 - n % 4) fail("cannot write results");
}

static uint8_t sentinel(uint32_t i) { return (uint8_t)(i * 131u + 0x5au); }

static uint64_t hash_bytes(const uint8_t *p, uint32_t n) {
  uint64_t h = 1469598103934665603ull;
  for (uint32_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

/* Is flat element e of a 4-D `dims` tensor inside the tile? */
static int in_tile(uint32_t e, const int32_t *dims, const ars_tile_t *t) {
  for (int d = 3; d >= 0; d--) {
    const int32_t c = (int32_t)(e % (uint32_t)dims[d]);
    e /= (uint32_t)dims[d];
    if (c < t->start[d] || c >= t->end[d]) return 0;
  }
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 3) fail("usage: host-driver cases.bin results.bin");
  in_file = fopen(argv[1], "rb");
  out_file = fopen(argv[2], "wb");
  if (!in_file || !out_file) fail("cannot open files");
  if (read_u32() != 0x43535241u) fail("bad magic");
  const uint32_t n_buffers = read_u32();
  uint8_t **buffers = calloc(n_buffers + 1, sizeof *buffers);
  uint32_t *sizes = calloc(n_buffers + 1, sizeof *sizes);
  uint64_t *hashes = calloc(n_buffers + 1, sizeof *hashes);
  for (uint32_t b = 0; b < n_buffers; b++) {
    sizes[b] = read_u32();
    const uint32_t padded = (sizes[b] + 3u) & ~3u;
    buffers[b] = malloc(padded + 4);
    if (padded > 0 && fread(buffers[b], 1, padded, in_file) != padded) fail("truncated buffer");
    hashes[b] = hash_bytes(buffers[b], sizes[b]);
  }
  const uint32_t n_cases = read_u32();
  for (uint32_t c = 0; c < n_cases; c++) {
    const uint32_t kind = read_u32();
    const uint32_t n_params = read_u32();
    int32_t *params = malloc((n_params + 1) * sizeof *params);
    for (uint32_t i = 0; i < n_params; i++) params[i] = (int32_t)read_u32();
    ars_tile_t tile;
    for (int d = 0; d < 4; d++) tile.start[d] = (int32_t)read_u32();
    for (int d = 0; d < 4; d++) tile.end[d] = (int32_t)read_u32();
    void *operands[MAX_OPERANDS];
    const uint32_t n_inputs = read_u32();
    if (n_inputs >= MAX_OPERANDS) fail("too many inputs");
    for (uint32_t i = 0; i < n_inputs; i++) {
      const uint32_t id = read_u32();
      if (id != 0xffffffffu && id >= n_buffers) fail("bad buffer id");
      operands[i] = id == 0xffffffffu ? NULL : buffers[id];
    }
    const uint32_t n_outputs = read_u32();
    if (n_inputs + n_outputs > MAX_OPERANDS) fail("too many operands");
    uint32_t out_bytes[MAX_OPERANDS], elem_bytes[MAX_OPERANDS];
    int32_t dims[MAX_OPERANDS][4];
    for (uint32_t o = 0; o < n_outputs; o++) {
      out_bytes[o] = read_u32();
      elem_bytes[o] = read_u32();
      for (int d = 0; d < 4; d++) dims[o][d] = (int32_t)read_u32();
      uint8_t *buf = malloc(out_bytes[o] + GUARD);
      for (uint32_t i = 0; i < out_bytes[o] + GUARD; i++) buf[i] = sentinel(i);
      operands[n_inputs + o] = buf;
    }
    const int rc = ars_kernel_run(kind, params, operands, &tile);
    write_u32((uint32_t)rc);
    for (uint32_t o = 0; o < n_outputs; o++) {
      const uint8_t *buf = operands[n_inputs + o];
      uint32_t changed = 0, n_tile = 0;
      uint8_t *tile_bytes = malloc(out_bytes[o] + 4);
      const uint32_t eb = elem_bytes[o] ? elem_bytes[o] : 1;
      for (uint32_t i = 0; i < out_bytes[o]; i++) {
        if (o == 0 && in_tile(i / eb, dims[o], &tile)) {
          tile_bytes[n_tile++] = buf[i];
        } else if (o != 0) {
          tile_bytes[n_tile++] = buf[i];
        } else if (buf[i] != sentinel(i)) {
          changed++;
        }
      }
      for (uint32_t i = out_bytes[o]; i < out_bytes[o] + GUARD; i++) changed += buf[i] != sentinel(i);
      write_u32(changed);
      write_u32(n_tile);
      write_padded(tile_bytes, n_tile);
      free(tile_bytes);
      free(operands[n_inputs + o]);
    }
    free(params);
  }
  for (uint32_t b = 0; b < n_buffers; b++) {
    if (hash_bytes(buffers[b], sizes[b]) != hashes[b]) fail("a kernel wrote into an input buffer");
    free(buffers[b]);
  }
  if (fclose(out_file) != 0) fail("cannot write results");
  fclose(in_file);
  return 0;
}
