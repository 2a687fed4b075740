// Helpers shared by the in-process bench programs (bench_print, bench_startup_stats,
// bench_text_parse, bench_wabt_parse): reading a whole file, process CPU time, and their common
// leading `--repeat N` option.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>

namespace wasmline::bench {

// Appends the bytes of the file at `path` to `out` (a std::string or std::vector<std::uint8_t>);
// false when it cannot be opened or read.
template <typename Bytes> bool readFile(const char* path, Bytes& out) {
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path, "rb"), &std::fclose);
  if (!file) return false;
  char buffer[1 << 16];
  for (std::size_t got; (got = std::fread(buffer, 1, sizeof buffer, file.get())) > 0;)
    out.insert(out.end(), buffer, buffer + got);
  return std::ferror(file.get()) == 0;
}

// The CPU time this process has used, in seconds.
inline double cpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

// Reads a leading `--repeat N` into `repeat` (left as it is without one); returns the index of
// the first file argument, or 0 when there is none or N is not a positive count.
inline int parseRepeat(int argc, char** argv, int& repeat) {
  int first = 1;
  if (argc > 2 && std::strcmp(argv[1], "--repeat") == 0) {
    repeat = std::atoi(argv[2]);
    first = 3;
  }
  return first < argc && repeat >= 1 ? first : 0;
}

} // namespace wasmline::bench
