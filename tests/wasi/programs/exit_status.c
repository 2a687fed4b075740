// Exits (through proc_exit) with the status given as its argument, e.g. 255, 256 or -1.
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: exit_status STATUS\n");
    return 2;
  }
  exit((int)strtol(argv[1], NULL, 10));
}
