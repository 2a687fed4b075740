// The C programs of tests/wasi/programs (built with wasi-libc) run through the public API.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <iterator>

#include "tests/wasi/wasi_harness.h"
#include "wasmline/module.h"

namespace wasmline {
namespace {

using testing::TempDir;

struct ProgramRun {
  Result<std::uint32_t> status = Error(ErrorKind::InvalidArgument, "not run");
  std::string out;
  std::string err;
};

class wasiPrograms : public ::testing::Test {
protected:
  void SetUp() override {
    if (std::string_view(WASMLINE_WASI_PROGRAMS_DIR).empty()) {
      GTEST_SKIP() << "the WASI C programs were not built (no clang for wasm32-wasi)";
    }
  }

  // Runs program `name` with `config`; stdout and stderr go to files read back afterwards.
  ProgramRun run(std::string_view name, WasiConfig config) {
    ProgramRun result;
    const std::string path =
        std::string(WASMLINE_WASI_PROGRAMS_DIR) + "/" + std::string(name) + ".wasm";
    std::ifstream file(path, std::ios::binary);
    const std::vector<std::uint8_t> binary((std::istreambuf_iterator<char>(file)),
                                           std::istreambuf_iterator<char>());
    Engine engine;
    auto module = Module::fromBinary(engine, binary);
    if (!module) {
      result.status = module.error();
      return result;
    }
    const std::string outPath = output_ / "stdout";
    const std::string errPath = output_ / "stderr";
    const int out = ::open(outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    const int err = ::open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    config.stdinFd = -1;
    config.stdoutFd = out;
    config.stderrFd = err;
    {
      Store store(engine);
      Linker linker;
      auto context = WasiContext::create(std::move(config));
      ::close(out);
      ::close(err);
      if (!context) {
        result.status = context.error();
        return result;
      }
      (*context)->defineImports(store, linker);
      auto instance = linker.instantiate(store, *module);
      if (!instance) {
        result.status = instance.error();
        return result;
      }
      result.status = (*context)->runCommand(*instance);
    }
    result.out = testing::readFile(outPath);
    result.err = testing::readFile(errPath);
    return result;
  }

  TempDir output_;
};

TEST_F(wasiPrograms, HelloPrintsHelloWorld) {
  WasiConfig config;
  config.args = {"hello"};
  ProgramRun result = run("hello", config);
  ASSERT_TRUE(result.status) << result.status.error().message();
  EXPECT_EQ(*result.status, 0u);
  EXPECT_EQ(result.out, "hello, world\n");
  EXPECT_EQ(result.err, "");
}

TEST_F(wasiPrograms, EchoPrintsArgumentsAndEnvironment) {
  WasiConfig config;
  config.args = {"echo", "one", "two words", "three"};
  config.env = {"OTHER=x", "GREETING=hi there"};
  ProgramRun result = run("echo", config);
  ASSERT_TRUE(result.status) << result.status.error().message();
  EXPECT_EQ(*result.status, 0u);
  EXPECT_EQ(result.out, "one two words three\nGREETING=hi there\n");

  config.env = {};
  result = run("echo", config);
  ASSERT_TRUE(result.status);
  EXPECT_EQ(result.out, "one two words three\nGREETING=(unset)\n");
}

TEST_F(wasiPrograms, CopyCopiesAFileInsideThePreopen) {
  TempDir dir;
  std::string content;
  for (int i = 0; i < 2000; ++i)
    content += "line " + std::to_string(i) + "\n";
  testing::writeFile(dir / "in.txt", content);
  WasiConfig config;
  config.args = {"copy", "/sandbox/in.txt", "/sandbox/out.txt"};
  config.preopens = {{dir.path().string(), "/sandbox"}};
  ProgramRun result = run("copy", config);
  ASSERT_TRUE(result.status) << result.status.error().message();
  EXPECT_EQ(*result.status, 0u) << result.err;
  EXPECT_EQ(testing::readFile(dir / "out.txt"), content);

  config.args = {"copy", "/sandbox/missing.txt", "/sandbox/out2.txt"};
  result = run("copy", config);
  ASSERT_TRUE(result.status);
  EXPECT_EQ(*result.status, 1u);
  EXPECT_NE(result.err.find("No such file or directory"), std::string::npos) << result.err;

  // A path outside every preopen is refused by wasi-libc before it reaches the host.
  config.args = {"copy", "/etc/passwd", "/sandbox/out3.txt"};
  result = run("copy", config);
  ASSERT_TRUE(result.status);
  EXPECT_EQ(*result.status, 1u);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "out3.txt"));
}

TEST_F(wasiPrograms, EscapeIsRefusedEveryWay) {
  TempDir root;
  std::filesystem::create_directories(root.path() / "sandbox" / "sub");
  testing::writeFile(root / "outside.txt", "secret");
  WasiConfig config;
  config.args = {"escape", "/sandbox"};
  config.preopens = {{(root.path() / "sandbox").string(), "/sandbox"}};
  ProgramRun result = run("escape", config);
  ASSERT_TRUE(result.status) << result.status.error().message();
  EXPECT_EQ(*result.status, 0u) << result.out << result.err;
  EXPECT_EQ(result.out.find("ESCAPED"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("refused: ../outside.txt (Capabilities insufficient)"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("refused: relative-link (Capabilities insufficient)"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("refused: absolute-link (Capabilities insufficient)"),
            std::string::npos)
      << result.out;
  // The links were created inside, where links may point anywhere; following them is what fails.
  EXPECT_TRUE(std::filesystem::is_symlink(root.path() / "sandbox" / "relative-link"));
}

TEST_F(wasiPrograms, FileSystemTimeAndRandomnessThroughWasiLibc) {
  TempDir dir;
  WasiConfig config;
  config.args = {"fsops", "/work"};
  config.preopens = {{dir.path().string(), "/work"}};
  ProgramRun result = run("fsops", config);
  ASSERT_TRUE(result.status) << result.status.error().message();
  EXPECT_EQ(*result.status, 0u) << result.out << result.err;
  EXPECT_EQ(result.out, "size 12 regular 1\n"
                        "dir is directory 1\n"
                        "readlink file.txt\n"
                        "lstat link 1\n"
                        "entries . .. link renamed.txt\n"
                        "removed 1\n"
                        "slept at least 5ms 1\n"
                        "random 1\n");
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST_F(wasiPrograms, Exit7ExitsWithSeven) {
  ProgramRun result = run("exit7", {});
  ASSERT_TRUE(result.status) << result.status.error().message();
  EXPECT_EQ(*result.status, 7u);
}

TEST_F(wasiPrograms, ExitStatusAbove255IsAnError) {
  WasiConfig config;
  config.args = {"exit_status", "256"};
  ProgramRun result = run("exit_status", config);
  ASSERT_FALSE(result.status) << "exited with " << *result.status;
  // Like every error of a host function, a trap with the wasm backtrace (from proc_exit up).
  EXPECT_EQ(result.status.error().kind(), ErrorKind::Trap);
  EXPECT_NE(result.status.error().message().find("exit status 256 is above 255"), std::string::npos)
      << result.status.error().message();
  EXPECT_NE(result.status.error().message().find("wasm backtrace:"), std::string::npos)
      << result.status.error().message();
}

TEST_F(wasiPrograms, ExitStatus255PassesThrough) {
  WasiConfig config;
  config.args = {"exit_status", "255"};
  ProgramRun result = run("exit_status", config);
  ASSERT_TRUE(result.status) << result.status.error().message();
  EXPECT_EQ(*result.status, 255u);
}

TEST_F(wasiPrograms, OutOfBoundsStoreTraps) {
  ProgramRun result = run("oob", {});
  ASSERT_FALSE(result.status);
  EXPECT_EQ(result.status.error().kind(), ErrorKind::Trap);
  EXPECT_NE(result.status.error().message().find("out of bounds memory access"), std::string::npos)
      << result.status.error().message();
  EXPECT_EQ(result.out, "");
}

TEST_F(wasiPrograms, UnboundedRecursionTraps) {
  ProgramRun result = run("recurse", {});
  ASSERT_FALSE(result.status);
  EXPECT_EQ(result.status.error().kind(), ErrorKind::Trap);
  EXPECT_NE(result.status.error().message().find("call stack exhausted"), std::string::npos)
      << result.status.error().message();
}

} // namespace
} // namespace wasmline
