// Integer hashing: 64-bit mixing (splitmix-style) and FNV-1a over a generated buffer.
#include "kernel.h"

enum { kBytes = 1 << 15, kRounds = 240 };
static unsigned char buffer[kBytes];

static unsigned long long mix(unsigned long long x) {
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ull;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

KERNEL_EXPORT unsigned run(void) {
  unsigned long long state = 42;
  for (int i = 0; i < kBytes; ++i) buffer[i] = (unsigned char)(mix(state += 0x9E3779B97F4A7C15ull));
  unsigned hash = 0;
  for (int round = 0; round < kRounds; ++round) {
    unsigned fnv = 2166136261u ^ (unsigned)round;
    for (int i = 0; i < kBytes; ++i) {
      fnv ^= buffer[i];
      fnv *= 16777619u;
    }
    hash ^= fnv + (unsigned)mix(fnv);
  }
  return hash & 0x7FFFFFFF;
}
