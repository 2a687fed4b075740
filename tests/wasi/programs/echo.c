// Prints its arguments (after argv[0]) separated by spaces, then GREETING=<value of $GREETING>.
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    printf("%s%s", i > 1 ? " " : "", argv[i]);
  printf("\n");
  const char* greeting = getenv("GREETING");
  printf("GREETING=%s\n", greeting ? greeting : "(unset)");
  return 0;
}
