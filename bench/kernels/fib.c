// Calls and recursion: naive Fibonacci.
#include "kernel.h"

static unsigned fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

KERNEL_EXPORT unsigned run(void) { return fib(32) & 0x7FFFFFFF; }
