// WasiContext creation, import definition, arguments and environment, runCommand.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>

#include "tests/wasi/wasi_harness.h"
#include "wasmline/module.h"

namespace wasmline {
namespace {

using testing::errnoValue;
using testing::TempDir;
using testing::WasiHarness;

TEST(wasiConfig, RejectsBadEnvironmentAndPreopens) {
  WasiConfig noEquals;
  noEquals.env = {"JUSTANAME"};
  auto context = WasiContext::create(noEquals);
  ASSERT_FALSE(context);
  EXPECT_EQ(context.error().kind(), ErrorKind::InvalidArgument);
  EXPECT_NE(context.error().message().find("JUSTANAME"), std::string::npos);

  TempDir dir;
  testing::writeFile(dir / "file.txt", "x");
  WasiConfig notDirectory;
  notDirectory.preopens = {{dir / "file.txt", "/f"}};
  context = WasiContext::create(notDirectory);
  ASSERT_FALSE(context);
  EXPECT_EQ(context.error().kind(), ErrorKind::InvalidArgument);
  EXPECT_NE(context.error().message().find(dir / "file.txt"), std::string::npos);
  EXPECT_NE(context.error().message().find("Not a directory"), std::string::npos);

  WasiConfig missing;
  missing.preopens = {{dir / "missing", ""}};
  context = WasiContext::create(missing);
  ASSERT_FALSE(context);
  EXPECT_NE(context.error().message().find(dir / "missing"), std::string::npos);

  WasiConfig nul;
  nul.args = {std::string("a\0b", 3)};
  EXPECT_FALSE(WasiContext::create(nul));
}

TEST(wasiConfig, DefinesEveryPreview1Function) {
  const std::vector<std::string_view> names = WasiContext::functionNames();
  EXPECT_EQ(names.size(), 46u);
  for (std::string_view name :
       {"args_get", "fd_write", "path_open", "poll_oneoff", "proc_exit", "sock_shutdown",
        "fd_renumber", "path_symlink", "random_get", "clock_time_get"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  }
  WasiHarness harness({});
  EXPECT_TRUE(harness.ok()); // a module importing all of them with their witx types links
}

TEST(wasiConfig, ArgumentsAndEnvironmentRoundTrip) {
  WasiConfig config;
  config.args = {"prog", "first", "", "third arg"};
  config.env = {"A=1", "GREETING=hello world"};
  WasiHarness harness(config);
  ASSERT_TRUE(harness.ok());

  ASSERT_EQ(harness.call("args_sizes_get", {0, 4}), 0);
  EXPECT_EQ(harness.u32(0), 4u);
  EXPECT_EQ(harness.u32(4), 5u + 6 + 1 + 10);
  ASSERT_EQ(harness.call("args_get", {100, 200}), 0);
  EXPECT_EQ(harness.u32(100), 200u);
  EXPECT_EQ(harness.bytes(200, 22), std::string("prog\0first\0\0third arg\0", 22));
  EXPECT_EQ(harness.u32(112), 200u + 5 + 6 + 1);

  ASSERT_EQ(harness.call("environ_sizes_get", {0, 4}), 0);
  EXPECT_EQ(harness.u32(0), 2u);
  EXPECT_EQ(harness.u32(4), 4u + 21);
  ASSERT_EQ(harness.call("environ_get", {300, 400}), 0);
  EXPECT_EQ(harness.u32(304), 404u);
  EXPECT_EQ(harness.bytes(404, 21), std::string("GREETING=hello world\0", 21));

  // A buffer running past the end of memory faults and writes nothing.
  EXPECT_EQ(harness.call("args_get", {100, 65536 - 10}), errnoValue(wasi::Errno::Fault));
  EXPECT_EQ(harness.call("environ_sizes_get", {65534, 0}), errnoValue(wasi::Errno::Fault));
}

TEST(wasiConfig, NoMemoryMeansFault) {
  WasiConfig config;
  config.args = {"prog"};
  WasiHarness harness(config, /*setMemory=*/false);
  ASSERT_TRUE(harness.ok());
  EXPECT_EQ(harness.call("args_sizes_get", {0, 4}), errnoValue(wasi::Errno::Fault));
  EXPECT_EQ(harness.call("fd_write", {1, 0, 1, 8}), errnoValue(wasi::Errno::Fault));
  EXPECT_EQ(harness.call("random_get", {0, 16}), errnoValue(wasi::Errno::Fault));
  // Calls that touch no memory still work.
  EXPECT_EQ(harness.call("sched_yield", {}), 0);
  EXPECT_EQ(harness.call("fd_close", {77}), errnoValue(wasi::Errno::Badf));
}

TEST(wasiConfig, ClosedHostDescriptorLeavesGuestFdClosed) {
  WasiConfig config;
  config.stdinFd = -1;
  WasiHarness harness(config);
  ASSERT_TRUE(harness.ok());
  EXPECT_EQ(harness.call("fd_fdstat_get", {0, 0}), errnoValue(wasi::Errno::Badf));
  EXPECT_EQ(harness.call("fd_fdstat_get", {2, 0}), 0);
}

// Instantiates `text` with WASI defined and runs it as a command.
Result<std::uint32_t> runText(const std::string& text) {
  Engine engine;
  Store store(engine);
  Linker linker;
  auto context = WasiContext::create({});
  if (!context) return context.error();
  (*context)->defineImports(store, linker);
  auto module = Module::fromText(engine, text);
  if (!module) return module.error();
  auto instance = linker.instantiate(store, *module);
  if (!instance) return instance.error();
  return (*context)->runCommand(*instance);
}

TEST(wasiConfig, RunCommandReportsExitStatusAndTraps) {
  auto exits = runText(R"((module
    (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
    (memory (export "memory") 1)
    (func (export "_start") (call $exit (i32.const 3)) unreachable)))");
  ASSERT_TRUE(exits) << exits.error().message();
  EXPECT_EQ(*exits, 3u);

  auto returns = runText(R"((module (memory (export "memory") 1) (func (export "_start"))))");
  ASSERT_TRUE(returns) << returns.error().message();
  EXPECT_EQ(*returns, 0u);

  auto traps = runText(R"((module (memory (export "memory") 1)
    (func (export "_start") unreachable)))");
  ASSERT_FALSE(traps);
  EXPECT_EQ(traps.error().kind(), ErrorKind::Trap);

  auto noStart = runText(R"((module (memory (export "memory") 1)))");
  ASSERT_FALSE(noStart);
  EXPECT_EQ(noStart.error().kind(), ErrorKind::InvalidArgument);
  EXPECT_NE(noStart.error().message().find("_start"), std::string::npos);

  auto noMemory = runText(R"((module (func (export "_start"))))");
  ASSERT_FALSE(noMemory);
  EXPECT_EQ(noMemory.error().kind(), ErrorKind::InvalidArgument);

  auto wrongType = runText(R"((module
    (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i64)))))");
  ASSERT_FALSE(wrongType);
  EXPECT_EQ(wrongType.error().kind(), ErrorKind::Unlinkable);
}

TEST(wasiConfig, ErrnoNamesAndHostMapping) {
  EXPECT_STREQ(wasi::errnoName(wasi::Errno::NotCapable), "NotCapable");
  EXPECT_EQ(wasi::errnoFromHost(ENOENT), wasi::Errno::NoEnt);
  EXPECT_EQ(wasi::errnoFromHost(EXDEV), wasi::Errno::XDev);
  EXPECT_EQ(wasi::errnoFromHost(0), wasi::Errno::Success);
  EXPECT_EQ(wasi::errnoFromHost(-12345), wasi::Errno::Io);
  EXPECT_EQ(errnoValue(wasi::Errno::Fault), 21);
  EXPECT_EQ(errnoValue(wasi::Errno::NotCapable), 76);
  EXPECT_EQ(errnoValue(wasi::Errno::Badf), 8);
}

} // namespace
} // namespace wasmline
