/* Quicksort (Hoare partition, recursive) of 300 pseudo-random ints; checks order and checksum. */
#include "print.h"

#define N 300
int data[N];

static void quicksort(int *a, int lo, int hi) {
  while (lo < hi) {
    int pivot = a[lo + (hi - lo) / 2];
    int i = lo - 1, j = hi + 1;
    for (;;) {
      do i++; while (a[i] < pivot);
      do j--; while (a[j] > pivot);
      if (i >= j) break;
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    if (j - lo < hi - j) {
      quicksort(a, lo, j);
      lo = j + 1;
    } else {
      quicksort(a, j + 1, hi);
      hi = j;
    }
  }
}

int main(void) {
  unsigned x = 12345u, sum = 0;
  for (int i = 0; i < N; i++) {
    x = x * 1103515245u + 12345u; /* the C standard's example LCG */
    data[i] = (int)(x >> 8) % 100000 - 50000;
    sum += (unsigned)data[i];
  }
  quicksort(data, 0, N - 1);
  int sorted = 1;
  unsigned after = 0, weighted = 0;
  for (int i = 0; i < N; i++) {
    if (i > 0 && data[i - 1] > data[i]) sorted = 0;
    after += (unsigned)data[i];
    weighted = weighted * 31u + (unsigned)data[i];
  }
  sh_write0("quicksort min ");
  put_dec(data[0]);
  sh_write0(" max ");
  put_dec(data[N - 1]);
  sh_write0("\n");
  report("hash", weighted);
  return sorted && after == sum && weighted == 0x2b5c688au ? 0 : 1;
}
