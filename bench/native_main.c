// Runs one benchmark kernel natively: `NAME [REPEAT]` calls run() REPEAT times (default 1) and
// prints the last result the way the engines print theirs.
#include <stdio.h>
#include <stdlib.h>

unsigned run(void);

int main(int argc, char** argv) {
  const long repeat = argc > 1 ? strtol(argv[1], NULL, 10) : 1;
  unsigned result = 0;
  for (long i = 0; i < repeat; ++i) result = run();
  printf("%u\n", result);
  return 0;
}
