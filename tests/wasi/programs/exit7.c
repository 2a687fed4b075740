// Exits with status 7 (through proc_exit).
#include <stdlib.h>

int main(void) {
  exit(7);
}
