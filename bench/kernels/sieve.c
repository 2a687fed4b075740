// Byte memory loop: sieve of Eratosthenes, repeated.
#include "kernel.h"

enum { kSize = 1 << 16, kRounds = 30 };
static unsigned char composite[kSize];

KERNEL_EXPORT unsigned run(void) {
  unsigned primes = 0;
  for (int round = 0; round < kRounds; ++round) {
    for (int i = 0; i < kSize; ++i) composite[i] = 0;
    primes = 0;
    for (int i = 2; i < kSize; ++i) {
      if (composite[i]) continue;
      ++primes;
      for (int j = i + i; j < kSize; j += i) composite[j] = 1;
    }
  }
  return primes;
}
