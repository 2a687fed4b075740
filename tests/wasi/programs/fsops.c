// Exercises wasi-libc's file system, time and randomness functions inside the directory argv[1]
// and prints what it sees, one fact per line; exits 1 at the first unexpected failure.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHECK(call)                                                                                \
  do {                                                                                             \
    if ((call) != 0) {                                                                             \
      printf("FAILED: %s: %s\n", #call, strerror(errno));                                          \
      return 1;                                                                                    \
    }                                                                                              \
  } while (0)

static int compare(const void* a, const void* b) {
  return strcmp(*(char* const*)a, *(char* const*)b);
}

int main(int argc, char** argv) {
  if (argc != 2 || chdir(argv[1]) != 0) {
    fprintf(stderr, "usage: fsops DIR\n");
    return 2;
  }
  CHECK(mkdir("dir", 0755));
  FILE* file = fopen("dir/file.txt", "w");
  if (!file) return 1;
  fputs("twelve bytes", file);
  fclose(file);

  struct stat info;
  CHECK(stat("dir/file.txt", &info));
  printf("size %lld regular %d\n", (long long)info.st_size, S_ISREG(info.st_mode) ? 1 : 0);
  CHECK(stat("dir", &info));
  printf("dir is directory %d\n", S_ISDIR(info.st_mode) ? 1 : 0);

  CHECK(symlink("file.txt", "dir/link"));
  char target[64] = {0};
  ssize_t length = readlink("dir/link", target, sizeof target - 1);
  printf("readlink %.*s\n", (int)length, target);
  CHECK(lstat("dir/link", &info));
  printf("lstat link %d\n", S_ISLNK(info.st_mode) ? 1 : 0);
  CHECK(rename("dir/file.txt", "dir/renamed.txt"));

  DIR* dir = opendir("dir");
  if (!dir) return 1;
  char* names[16];
  int count = 0;
  struct dirent* entry;
  while ((entry = readdir(dir)) != NULL && count < 16)
    names[count++] = strdup(entry->d_name);
  closedir(dir);
  qsort(names, (size_t)count, sizeof names[0], compare);
  printf("entries");
  for (int i = 0; i < count; ++i)
    printf(" %s", names[i]);
  printf("\n");

  CHECK(unlink("dir/link"));
  CHECK(unlink("dir/renamed.txt"));
  CHECK(rmdir("dir"));
  printf("removed %d\n", access("dir", F_OK) != 0 && errno == ENOENT ? 1 : 0);

  struct timespec before, after;
  CHECK(clock_gettime(CLOCK_MONOTONIC, &before));
  struct timespec nap = {0, 5 * 1000 * 1000};
  CHECK(nanosleep(&nap, NULL));
  CHECK(clock_gettime(CLOCK_MONOTONIC, &after));
  long long slept =
      (after.tv_sec - before.tv_sec) * 1000000000ll + (after.tv_nsec - before.tv_nsec);
  printf("slept at least 5ms %d\n", slept >= 5000000 ? 1 : 0);

  unsigned char random[32];
  CHECK(getentropy(random, sizeof random));
  int nonzero = 0;
  for (size_t i = 0; i < sizeof random; ++i)
    nonzero += random[i] != 0;
  printf("random %d\n", nonzero > 0 ? 1 : 0);
  return 0;
}
