// Confined path resolution (runtime/wasi/sandbox.h) directly, under both strategies.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include "runtime/wasi/sandbox.h"
#include "tests/wasi/wasi_harness.h"

namespace wasmline {
namespace {

using testing::TempDir;
using wasi::Errno;
using wasi::ResolveStrategy;
namespace fs = std::filesystem;

class wasiSandbox : public ::testing::TestWithParam<ResolveStrategy> {
protected:
  void SetUp() override {
    if (!testing::selectResolveStrategy(GetParam())) GTEST_SKIP() << "this kernel has no openat2";
    fs::create_directories(root_.path() / "top" / "a" / "b");
    testing::writeFile(root_ / "top/a/b/file", "content");
    testing::writeFile(root_ / "secret", "secret");
    fs::create_symlink("a/b", root_.path() / "top" / "ab");
    fs::create_symlink("../../ab/file", root_.path() / "top" / "a" / "b" / "back");
    fs::create_symlink("../../../secret", root_.path() / "top" / "a" / "b" / "out");
    fs::create_symlink("ab/", root_.path() / "top" / "slash");
    top_ = ::open((root_ / "top").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ASSERT_GE(top_, 0);
  }
  void TearDown() override {
    if (top_ >= 0) ::close(top_);
    wasi::setResolveStrategy(ResolveStrategy::Auto);
  }

  // The errno of opening `path` beneath top (Success when it opened).
  Errno openError(std::string_view path, int flags = O_RDONLY, bool follow = true) {
    auto fd = wasi::openBeneath(top_, path, flags, 0644, follow);
    return fd ? Errno::Success : fd.error();
  }
  std::string contentOf(std::string_view path) {
    auto fd = wasi::openBeneath(top_, path, O_RDONLY, 0, true);
    if (!fd) return std::string("error ") + wasi::errnoName(fd.error());
    char buffer[64];
    const ssize_t count = ::read(fd->get(), buffer, sizeof buffer);
    return count < 0 ? "read error" : std::string(buffer, static_cast<std::size_t>(count));
  }

  TempDir root_;
  int top_ = -1;
};

TEST_P(wasiSandbox, ResolvesInsideThroughLinksAndDots) {
  EXPECT_EQ(contentOf("a/b/file"), "content");
  EXPECT_EQ(contentOf("ab/file"), "content");
  EXPECT_EQ(contentOf("a/b/back"), "content"); // a relative link climbing, but staying inside
  EXPECT_EQ(contentOf("a/../a/./b//file"), "content");
  EXPECT_EQ(contentOf("slash/file"), "content");
  EXPECT_EQ(openError("."), Errno::Success);
  EXPECT_EQ(openError("a/b/.."), Errno::Success);
  EXPECT_EQ(openError("ab/", O_RDONLY | O_DIRECTORY, false), Errno::Success);
  EXPECT_EQ(openError("a/b/file/"), Errno::NotDir);
}

TEST_P(wasiSandbox, RefusesEverythingOutside) {
  for (std::string_view path : {"..", "../secret", "a/../../secret", "a/b/../../../secret",
                                "a/b/out", "ab/out", "ab/../../../secret", "/etc/passwd", "/"}) {
    EXPECT_EQ(openError(path), Errno::NotCapable) << path;
  }
  EXPECT_EQ(openError(""), Errno::NoEnt);
  EXPECT_EQ(openError("ab", O_RDONLY, false), Errno::Loop);
  EXPECT_EQ(openError("ab", O_PATH, false), Errno::Success); // the link itself
}

TEST_P(wasiSandbox, OpenParentSplitsTheFinalComponent) {
  auto parent = wasi::openParent(top_, "a/b/file");
  ASSERT_TRUE(parent);
  EXPECT_EQ(parent->name, "file");
  EXPECT_FALSE(parent->dots);
  parent = wasi::openParent(top_, "ab/new/");
  ASSERT_TRUE(parent);
  EXPECT_EQ(parent->name, "new/");
  parent = wasi::openParent(top_, "name");
  ASSERT_TRUE(parent);
  EXPECT_EQ(parent->name, "name");
  parent = wasi::openParent(top_, "a/..");
  ASSERT_TRUE(parent);
  EXPECT_TRUE(parent->dots);
  EXPECT_EQ(wasi::openParent(top_, "..").error(), Errno::NotCapable);
  EXPECT_EQ(wasi::openParent(top_, "a/../..").error(), Errno::NotCapable);
  EXPECT_EQ(wasi::openParent(top_, "../x").error(), Errno::NotCapable);
  EXPECT_EQ(wasi::openParent(top_, "ab/out/x").error(), Errno::NotCapable);
  EXPECT_EQ(wasi::openParent(top_, "/x").error(), Errno::NotCapable);
  EXPECT_EQ(wasi::openParent(top_, "").error(), Errno::NoEnt);
}

INSTANTIATE_TEST_SUITE_P(Strategies, wasiSandbox,
                         ::testing::Values(ResolveStrategy::Openat2, ResolveStrategy::Walk),
                         testing::strategyName);

} // namespace
} // namespace wasmline
