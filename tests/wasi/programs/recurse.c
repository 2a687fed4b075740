// Recurses without bound (through a volatile function pointer, so it stays real recursion and
// uses no shadow stack): the call stack limit must trap it.
#include <stdio.h>

static int recurse(int depth);
static int (*volatile next)(int) = recurse;

static int recurse(int depth) {
  return next(depth + 1) + depth;
}

int main(void) {
  printf("%d\n", next(0));
  return 0;
}
