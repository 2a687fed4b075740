// A switch-heavy loop: a tiny register bytecode interpreter running a counting program.
#include "kernel.h"

enum Op { kSetA, kSetN, kMulA, kAddA, kXorAN, kDecN, kJumpIfN, kHalt };

KERNEL_EXPORT unsigned run(void) {
  // a = 0; n = N; do { a = a * 3; a ^= n; a += 7; n -= 1; } while (n != 0);
  static const unsigned program[] = {kSetA, 0,     kSetN, 1000000, kMulA, 3,    kXorAN,
                                     kAddA, 7,     kDecN, kJumpIfN, 4,    kHalt};
  unsigned a = 0, n = 0, steps = 0, pc = 0;
  for (;;) {
    ++steps;
    switch (program[pc]) {
    case kSetA: a = program[pc + 1]; pc += 2; break;
    case kSetN: n = program[pc + 1]; pc += 2; break;
    case kMulA: a *= program[pc + 1]; pc += 2; break;
    case kAddA: a += program[pc + 1]; pc += 2; break;
    case kXorAN: a ^= n; pc += 1; break;
    case kDecN: n -= 1; pc += 1; break;
    case kJumpIfN: pc = n != 0 ? program[pc + 1] : pc + 2; break;
    case kHalt: return (a ^ steps) & 0x7FFFFFFF;
    default: return 0;
    }
  }
}
