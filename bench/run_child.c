// Runs one command for bench/compare.py and reports what the kernel accounted to it:
//   run_child REPORT COMMAND [ARGS...]
// writes "<exit status> <user+system CPU µs> <wall µs> <peak RSS KiB>" to the file REPORT and
// exits 0 (status 127 when COMMAND cannot be started, 128+N when it died of signal N); exits 2
// or 127 with a message when REPORT cannot be written or the child cannot be made or waited
// for. A process's peak RSS counts what its parent had mapped before exec, so a Python harness
// spawning engines itself would see its own ~17 MiB as every engine's floor; this helper is small,
// so the figure is the engine's.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long microseconds(struct timeval value) {
  return (long long)value.tv_sec * 1000000 + value.tv_usec;
}

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: run_child REPORT COMMAND [ARGS...]\n");
    return 2;
  }
  FILE* report = fopen(argv[1], "w");
  if (report == NULL) {
    fprintf(stderr, "run_child: cannot write %s: %s\n", argv[1], strerror(errno));
    return 2;
  }
  struct timespec start, end;
  clock_gettime(CLOCK_MONOTONIC, &start);
  const pid_t child = fork();
  if (child < 0) {
    fprintf(stderr, "run_child: fork: %s\n", strerror(errno));
    return 127;
  }
  if (child == 0) {
    execvp(argv[2], argv + 2);
    fprintf(stderr, "run_child: cannot run %s: %s\n", argv[2], strerror(errno));
    _exit(127);
  }
  int status = 0;
  struct rusage usage;
  while (wait4(child, &status, 0, &usage) < 0) {
    if (errno != EINTR) {
      fprintf(stderr, "run_child: wait4: %s\n", strerror(errno));
      return 127;
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &end);
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  const long long wall =
      (end.tv_sec - start.tv_sec) * 1000000LL + (end.tv_nsec - start.tv_nsec) / 1000;
  fprintf(report, "%d %lld %lld %ld\n", code,
          microseconds(usage.ru_utime) + microseconds(usage.ru_stime), wall, usage.ru_maxrss);
  fclose(report);
  return 0;
}
