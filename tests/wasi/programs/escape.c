// Tries to leave the preopened directory argv[1] in every way it can think of: `..`, an absolute
// path, and symbolic links (relative and absolute) leading outside, created by the program
// itself. Prints what happened to each attempt; exits 0 only when every one was refused.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int escaped = 0;

static void attempt(int dir, const char* path) {
  int fd = openat(dir, path, O_RDONLY);
  if (fd >= 0) {
    printf("ESCAPED: %s\n", path);
    close(fd);
    escaped = 1;
  } else {
    printf("refused: %s (%s)\n", path, strerror(errno));
  }
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: escape DIR\n");
    return 2;
  }
  int dir = open(argv[1], O_RDONLY | O_DIRECTORY);
  if (dir < 0) {
    perror(argv[1]);
    return 2;
  }
  attempt(dir, "../outside.txt");
  attempt(dir, "/etc/passwd");
  attempt(dir, "sub/../../outside.txt");
  if (symlinkat("../outside.txt", dir, "relative-link") != 0) perror("symlink relative-link");
  attempt(dir, "relative-link");
  if (symlinkat("/etc/passwd", dir, "absolute-link") != 0) perror("symlink absolute-link");
  attempt(dir, "absolute-link");
  return escaped ? 1 : 0;
}
