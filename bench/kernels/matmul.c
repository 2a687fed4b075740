// Word memory loop: 32-bit integer matrix multiplication.
#include "kernel.h"

enum { kN = 64, kRounds = 25 };
static unsigned a[kN][kN], b[kN][kN], c[kN][kN];

KERNEL_EXPORT unsigned run(void) {
  for (int i = 0; i < kN; ++i) {
    for (int j = 0; j < kN; ++j) {
      a[i][j] = (unsigned)(i * 31 + j * 17) & 0xFF;
      b[i][j] = (unsigned)(i * 7 + j * 13 + 5) & 0xFF;
    }
  }
  unsigned checksum = 0;
  for (int round = 0; round < kRounds; ++round) {
    for (int i = 0; i < kN; ++i) {
      for (int j = 0; j < kN; ++j) {
        unsigned sum = 0;
        for (int k = 0; k < kN; ++k) sum += a[i][k] * b[k][j];
        c[i][j] = sum + (unsigned)round;
      }
    }
    for (int i = 0; i < kN; ++i) checksum = checksum * 33 + c[i][(i + round) % kN];
  }
  return checksum & 0x7FFFFFFF;
}
