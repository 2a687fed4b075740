// A WASI command for the Python package's tests: prints its arguments and an environment
// variable, copies a file it is told to read (through a preopened directory) to stdout, writes a
// line to stderr, and exits with a status it is given.
//   greet [--read PATH] [--exit N] [ARGS...]
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv) {
  printf("hello from %s\n", argc > 0 ? argv[0] : "(no argv[0])");
  int status = 0;
  for (int i = 1; i < argc; ++i) {
    if (strcmp(argv[i], "--read") == 0 && i + 1 < argc) {
      const char* path = argv[++i];
      FILE* file = fopen(path, "r");
      if (file == NULL) {
        printf("cannot open %s\n", path);
        return 2;
      }
      char line[256];
      while (fgets(line, sizeof line, file) != NULL)
        printf("read: %s", line);
      fclose(file);
    } else if (strcmp(argv[i], "--exit") == 0 && i + 1 < argc) {
      status = atoi(argv[++i]);
    } else {
      printf("arg %d: %s\n", i, argv[i]);
    }
  }
  const char* greeting = getenv("GREETING");
  printf("GREETING=%s\n", greeting != NULL ? greeting : "(unset)");
  fprintf(stderr, "a line on stderr\n");
  fflush(stdout);
  if (status != 0) exit(status);
  return 0;
}
