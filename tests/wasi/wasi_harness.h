// Test helpers for WASI: temporary directories, files, and a harness that calls any WASI function
// directly from the host through a module re-exporting all of them.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/wasi/abi.h"
#include "runtime/wasi/sandbox.h"
#include "wasmline/store.h"
#include "wasmline/wasi.h"

namespace wasmline::wasi {
// Prints an errno by name in test failures.
inline void PrintTo(Errno error, std::ostream* out) {
  *out << errnoName(error) << " (" << static_cast<int>(error) << ")";
}
} // namespace wasmline::wasi

namespace wasmline::testing {

// A fresh directory under the system temp directory, removed with everything in it at the end.
class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  // `name` inside the directory, as a string.
  std::string operator/(std::string_view name) const { return (path_ / name).string(); }

private:
  std::filesystem::path path_;
};

// The whole content of the file at `path` ("" when it cannot be read).
std::string readFile(const std::string& path);
// Replaces the file at `path` with `content`.
void writeFile(const std::string& path, std::string_view content);

// The errno value a WASI function returns, as the i32 the guest sees.
constexpr std::int32_t errnoValue(wasi::Errno error) {
  return static_cast<std::int32_t>(error);
}

// Instantiates a module importing every WASI function and exporting it under its own name, with
// an exported one-page memory set as the WASI memory.
class WasiHarness {
public:
  // A harness for `config`; ok() tells whether it could be set up (failures are reported).
  explicit WasiHarness(WasiConfig config, bool setMemory = true);

  bool ok() const { return instance_.has_value(); }
  Memory memory() const { return *memory_; }
  WasiContext& context() { return *context_; }

  // Calls the WASI function `name` with `args` (converted to its parameter types) and returns
  // the errno; a call that fails (a trap, proc_exit) is reported and returns -1.
  std::int32_t call(std::string_view name, std::initializer_list<std::uint64_t> args);
  // Calls `name` and returns its results or error unchanged.
  Result<std::vector<Value>> callRaw(std::string_view name,
                                     std::initializer_list<std::uint64_t> args);

  // Guest memory shortcuts (failures are reported; reads then return 0 / "").
  void putBytes(std::uint32_t address, std::string_view bytes);
  void putU32(std::uint32_t address, std::uint32_t value);
  void putU64(std::uint32_t address, std::uint64_t value);
  std::uint32_t u32(std::uint32_t address);
  std::uint64_t u64(std::uint32_t address);
  std::uint8_t u8(std::uint32_t address);
  std::string bytes(std::uint32_t address, std::uint32_t length);
  // Writes a ciovec/iovec array of one entry at `iovs` for [buffer, buffer + length).
  void putIovec(std::uint32_t iovs, std::uint32_t buffer, std::uint32_t length);

  // Opens `path` (placed at guest address 512) beneath directory `dirFd`; returns the new fd or
  // nullopt with the errno in `error`.
  std::optional<std::uint32_t> open(std::uint32_t dirFd, std::string_view path,
                                    std::uint32_t oflags, std::uint64_t rights,
                                    std::int32_t* error = nullptr, std::uint32_t lookupFlags = 1);
  // Writes `text` to guest fd `fd` with fd_write; returns the errno.
  std::int32_t write(std::uint32_t fd, std::string_view text);
  // Reads up to `max` bytes from guest fd `fd` with fd_read.
  std::string read(std::uint32_t fd, std::uint32_t max = 4096);

private:
  Engine engine_;
  Store store_;
  std::unique_ptr<WasiContext> context_;
  std::optional<Instance> instance_;
  std::optional<Memory> memory_;
};

// The name of a resolution strategy as a test parameter ("openat2", "walk").
std::string strategyName(const ::testing::TestParamInfo<wasi::ResolveStrategy>& param);

// Makes the sandbox resolve paths with `strategy`; false when this kernel cannot (no openat2).
bool selectResolveStrategy(wasi::ResolveStrategy strategy);

// The module text the harness instantiates (exposed to test it is well-formed).
std::string reexportAllWasiModule();

} // namespace wasmline::testing
