// memcpy/memset-heavy code: block copies and fills (memory.copy / memory.fill in wasm).
#include "kernel.h"

enum { kSize = 1 << 16, kRounds = 200000 };
static unsigned char source[kSize], destination[kSize];

KERNEL_EXPORT unsigned run(void) {
  for (int i = 0; i < kSize; ++i) source[i] = (unsigned char)(i * 7 + 3);
  unsigned checksum = 0;
  for (int round = 0; round < kRounds; ++round) {
    const int offset = (round * 97) % 1024;
    __builtin_memset(destination, round & 0xFF, kSize);
    __builtin_memcpy(destination + offset, source, kSize - offset);
    __builtin_memmove(destination + 1, destination, kSize / 2);
    checksum = checksum * 31 + destination[(round * 131) % kSize] + destination[kSize - 1];
  }
  return checksum & 0x7FFFFFFF;
}
