// Copies the file argv[1] to argv[2]; exits 1 with a message when either cannot be used.
#include <stdio.h>

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: copy FROM TO\n");
    return 2;
  }
  FILE* in = fopen(argv[1], "rb");
  if (!in) {
    perror(argv[1]);
    return 1;
  }
  FILE* out = fopen(argv[2], "wb");
  if (!out) {
    perror(argv[2]);
    fclose(in);
    return 1;
  }
  char buffer[4096];
  size_t count;
  while ((count = fread(buffer, 1, sizeof buffer, in)) > 0) {
    if (fwrite(buffer, 1, count, out) != count) {
      perror(argv[2]);
      return 1;
    }
  }
  int failed = ferror(in);
  fclose(in);
  if (fclose(out) != 0) failed = 1;
  return failed ? 1 : 0;
}
