// WASI path functions inside a preopened directory, and every way out of it being refused, under
// both resolution strategies (openat2 RESOLVE_BENEATH and the component walk).
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include "runtime/wasi/sandbox.h"
#include "tests/wasi/wasi_harness.h"

namespace wasmline {
namespace {

using testing::errnoValue;
using testing::TempDir;
using testing::WasiHarness;
using wasi::Errno;
using wasi::ResolveStrategy;
namespace rights = wasi::rights;
namespace fs = std::filesystem;

constexpr std::uint64_t kRead = rights::kFdRead | rights::kFdSeek;
constexpr std::uint64_t kWrite = rights::kFdWrite | rights::kFdSeek;
constexpr std::uint32_t kFollow = wasi::kLookupSymlinkFollow;

// root/outside.txt, root/sandbox (preopened as fd 3) with files, directories and links, some of
// which lead out of it.
class wasiPath : public ::testing::TestWithParam<ResolveStrategy> {
protected:
  void SetUp() override {
    if (!testing::selectResolveStrategy(GetParam())) GTEST_SKIP() << "this kernel has no openat2";
    sandbox_ = root_.path() / "sandbox";
    testing::writeFile(root_ / "outside.txt", "secret");
    fs::create_directories(sandbox_ / "sub");
    testing::writeFile((sandbox_ / "inside.txt").string(), "inside");
    testing::writeFile((sandbox_ / "sub" / "nested.txt").string(), "nested");
    fs::create_symlink("../outside.txt", sandbox_ / "up");
    fs::create_symlink(root_.path() / "outside.txt", sandbox_ / "abs");
    fs::create_symlink("sub/../../outside.txt", sandbox_ / "subup");
    fs::create_symlink("sub/nested.txt", sandbox_ / "ok");
    fs::create_symlink("sub", sandbox_ / "dirlink");
    fs::create_symlink("..", sandbox_ / "outdir");
    fs::create_symlink("loop", sandbox_ / "loop");
    WasiConfig config;
    config.preopens = {{sandbox_.string(), "/sandbox"}};
    harness_ = std::make_unique<WasiHarness>(config);
    ASSERT_TRUE(harness_->ok());
  }
  void TearDown() override { wasi::setResolveStrategy(ResolveStrategy::Auto); }

  // Calls a path_* function whose path argument is `path` (placed at 512 as (512, size)).
  std::int32_t callWithPath(std::string_view name, std::string_view path,
                            std::initializer_list<std::uint64_t> before,
                            std::initializer_list<std::uint64_t> after) {
    harness_->putBytes(512, path);
    std::vector<std::uint64_t> args(before);
    args.push_back(512);
    args.push_back(path.size());
    args.insert(args.end(), after);
    switch (args.size()) {
    case 3: return harness_->call(name, {args[0], args[1], args[2]});
    case 4: return harness_->call(name, {args[0], args[1], args[2], args[3]});
    case 5: return harness_->call(name, {args[0], args[1], args[2], args[3], args[4]});
    case 6: return harness_->call(name, {args[0], args[1], args[2], args[3], args[4], args[5]});
    case 7:
      return harness_->call(name, {args[0], args[1], args[2], args[3], args[4], args[5], args[6]});
    default: ADD_FAILURE() << "unexpected argument count"; return -1;
    }
  }
  // Calls a two-path function: (fd, old), (fd, new) with old at 512 and new at 768.
  std::int32_t callWithTwoPaths(std::string_view name, std::string_view from, std::string_view to) {
    harness_->putBytes(512, from);
    harness_->putBytes(768, to);
    if (name == "path_rename") {
      return harness_->call(name, {3, 512, from.size(), 3, 768, to.size()});
    }
    if (name == "path_symlink") return harness_->call(name, {512, from.size(), 3, 768, to.size()});
    return harness_->call(name, {3, 0, 512, from.size(), 3, 768, to.size()}); // path_link
  }
  std::int32_t openErrno(std::string_view path, std::uint32_t oflags = 0,
                         std::uint32_t lookup = kFollow, std::uint64_t rights = kRead) {
    std::int32_t error = 0;
    auto fd = harness_->open(3, path, oflags, rights, &error, lookup);
    if (fd) harness_->call("fd_close", {*fd});
    return error;
  }
  std::string readGuestFile(std::string_view path) {
    auto fd = harness_->open(3, path, 0, kRead);
    if (!fd) return "<cannot open>";
    std::string content = harness_->read(*fd);
    harness_->call("fd_close", {*fd});
    return content;
  }

  TempDir root_;
  fs::path sandbox_;
  std::unique_ptr<WasiHarness> harness_;
};

TEST_P(wasiPath, OpenReadAndWriteInside) {
  auto fd = harness_->open(3, "new.txt", wasi::kOflagCreat | wasi::kOflagExcl, kWrite);
  ASSERT_TRUE(fd);
  EXPECT_EQ(harness_->write(*fd, "fresh"), 0);
  EXPECT_EQ(harness_->call("fd_close", {*fd}), 0);
  EXPECT_EQ(testing::readFile((sandbox_ / "new.txt").string()), "fresh");
  EXPECT_EQ(readGuestFile("new.txt"), "fresh");
  EXPECT_EQ(readGuestFile("sub/nested.txt"), "nested");
  EXPECT_EQ(readGuestFile("./sub/../inside.txt"), "inside");
  EXPECT_EQ(readGuestFile("sub//nested.txt"), "nested");
  EXPECT_EQ(readGuestFile("ok"), "nested");                 // a link inside
  EXPECT_EQ(readGuestFile("dirlink/nested.txt"), "nested"); // through a directory link
  EXPECT_EQ(readGuestFile("dirlink/../inside.txt"), "inside");

  // A directory opened from the preopen works as a base for further paths.
  auto sub = harness_->open(3, "sub", wasi::kOflagDirectory, rights::kDirectory);
  ASSERT_TRUE(sub);
  auto nested = harness_->open(*sub, "nested.txt", 0, kRead);
  ASSERT_TRUE(nested);
  EXPECT_EQ(harness_->read(*nested), "nested");
  std::int32_t error = 0;
  EXPECT_FALSE(harness_->open(*sub, "../inside.txt", 0, kRead, &error));
  EXPECT_EQ(error, errnoValue(Errno::NotCapable)); // beneath *that* directory only
}

TEST_P(wasiPath, EscapesAreNotCapable) {
  const std::string absoluteOutside = (root_.path() / "outside.txt").string();
  for (std::string_view path :
       {std::string_view("../outside.txt"), std::string_view("sub/../../outside.txt"),
        std::string_view("/etc/passwd"), std::string_view(absoluteOutside), std::string_view(".."),
        std::string_view("../sandbox/inside.txt"), std::string_view("up"), std::string_view("abs"),
        std::string_view("subup"), std::string_view("outdir/outside.txt"),
        std::string_view("dirlink/../../outside.txt"), std::string_view("outdir")}) {
    EXPECT_EQ(openErrno(path), errnoValue(Errno::NotCapable)) << path;
  }
  // Creating through an escape creates nothing, and leaves the outside file alone.
  EXPECT_EQ(openErrno("../created.txt", wasi::kOflagCreat, kFollow, kWrite),
            errnoValue(Errno::NotCapable));
  EXPECT_FALSE(fs::exists(root_.path() / "created.txt"));
  EXPECT_EQ(openErrno("up", wasi::kOflagCreat | wasi::kOflagTrunc, kFollow, kWrite),
            errnoValue(Errno::NotCapable));
  EXPECT_EQ(testing::readFile(absoluteOutside), "secret");
}

TEST_P(wasiPath, SymlinkFollowFlagIsHonoured) {
  // Without SYMLINK_FOLLOW a final link is not opened (no escape either)...
  EXPECT_EQ(openErrno("ok", 0, 0), errnoValue(Errno::Loop));
  EXPECT_EQ(openErrno("up", 0, 0), errnoValue(Errno::Loop));
  EXPECT_EQ(openErrno("loop", 0, kFollow), errnoValue(Errno::Loop));
  // ...but links before the final component are still followed (and confined).
  EXPECT_EQ(openErrno("dirlink/nested.txt", 0, 0), 0);

  // path_filestat_get: the link itself, or what it leads to.
  ASSERT_EQ(callWithPath("path_filestat_get", "ok", {3, 0}, {2000}), 0);
  EXPECT_EQ(harness_->u8(2016), static_cast<std::uint8_t>(wasi::Filetype::SymbolicLink));
  ASSERT_EQ(callWithPath("path_filestat_get", "ok", {3, kFollow}, {2000}), 0);
  EXPECT_EQ(harness_->u8(2016), static_cast<std::uint8_t>(wasi::Filetype::RegularFile));
  EXPECT_EQ(harness_->u64(2032), 6u);
  ASSERT_EQ(callWithPath("path_filestat_get", "up", {3, 0}, {2000}), 0); // the link is inside
  EXPECT_EQ(callWithPath("path_filestat_get", "up", {3, kFollow}, {2000}),
            errnoValue(Errno::NotCapable));
  ASSERT_EQ(callWithPath("path_filestat_get", "dirlink/", {3, 0}, {2000}), 0);
  EXPECT_EQ(harness_->u8(2016), static_cast<std::uint8_t>(wasi::Filetype::Directory));
  EXPECT_EQ(callWithPath("path_filestat_get", "outdir/", {3, 0}, {2000}),
            errnoValue(Errno::NotCapable));
}

TEST_P(wasiPath, OperationsOnFinalComponentsAreConfined) {
  const std::int32_t notCapable = errnoValue(Errno::NotCapable);
  for (std::string_view path : {"../made", "sub/../../made", "outdir/made", "/tmp/made"}) {
    EXPECT_EQ(callWithPath("path_create_directory", path, {3}, {}), notCapable) << path;
  }
  EXPECT_FALSE(fs::exists(root_.path() / "made"));
  for (std::string_view path :
       {"../outside.txt", "outdir/outside.txt", "dirlink/../../outside.txt"}) {
    EXPECT_EQ(callWithPath("path_unlink_file", path, {3}, {}), notCapable) << path;
    EXPECT_EQ(callWithPath("path_filestat_get", path, {3, 0}, {2000}), notCapable) << path;
    EXPECT_EQ(callWithPath("path_filestat_set_times", path, {3, 0}, {0, 0, wasi::kFstMtimNow}),
              notCapable)
        << path;
    harness_->putBytes(512, path);
    EXPECT_EQ(harness_->call("path_readlink", {3, 512, path.size(), 3000, 100, 8}), notCapable);
  }
  EXPECT_TRUE(fs::exists(root_.path() / "outside.txt"));
  EXPECT_EQ(callWithPath("path_remove_directory", "..", {3}, {}), notCapable);
  EXPECT_EQ(callWithPath("path_remove_directory", "outdir/sandbox", {3}, {}), notCapable);
  EXPECT_EQ(callWithPath("path_filestat_get", "..", {3, 0}, {2000}), notCapable);
  EXPECT_EQ(callWithPath("path_filestat_get", "sub/../..", {3, 0}, {2000}), notCapable);
  EXPECT_EQ(callWithPath("path_create_directory", "..", {3}, {}), notCapable);
  EXPECT_EQ(callWithTwoPaths("path_rename", "inside.txt", "../moved.txt"), notCapable);
  EXPECT_EQ(callWithTwoPaths("path_rename", "../outside.txt", "stolen.txt"), notCapable);
  EXPECT_EQ(callWithTwoPaths("path_rename", "outdir/outside.txt", "stolen.txt"), notCapable);
  EXPECT_EQ(callWithTwoPaths("path_symlink", "inside.txt", "../planted"), notCapable);
  EXPECT_EQ(callWithTwoPaths("path_symlink", "inside.txt", "outdir/planted"), notCapable);
  EXPECT_EQ(callWithTwoPaths("path_link", "outdir/outside.txt", "hard"), notCapable);
  EXPECT_EQ(callWithTwoPaths("path_link", "inside.txt", "../hard"), notCapable);
  // path_link following a link that leads out.
  harness_->putBytes(512, "up");
  harness_->putBytes(768, "hard");
  EXPECT_EQ(harness_->call("path_link", {3, kFollow, 512, 2, 3, 768, 4}), notCapable);
  EXPECT_FALSE(fs::exists(sandbox_ / "hard"));
  EXPECT_FALSE(fs::exists(root_.path() / "moved.txt"));
  EXPECT_FALSE(fs::exists(root_.path() / "planted"));
  EXPECT_EQ(testing::readFile((root_.path() / "outside.txt").string()), "secret");
}

TEST_P(wasiPath, DirectoriesFilesAndLinks) {
  ASSERT_EQ(callWithPath("path_create_directory", "made", {3}, {}), 0);
  EXPECT_TRUE(fs::is_directory(sandbox_ / "made"));
  EXPECT_EQ(callWithPath("path_create_directory", "made", {3}, {}), errnoValue(Errno::Exist));
  EXPECT_EQ(callWithPath("path_create_directory", "made/inner/", {3}, {}), 0);
  testing::writeFile((sandbox_ / "made" / "file").string(), "f");
  EXPECT_EQ(callWithPath("path_remove_directory", "made", {3}, {}), errnoValue(Errno::NotEmpty));
  EXPECT_EQ(callWithPath("path_unlink_file", "made", {3}, {}), errnoValue(Errno::IsDir));
  EXPECT_EQ(callWithPath("path_unlink_file", "made/file", {3}, {}), 0);
  EXPECT_EQ(callWithPath("path_remove_directory", "made/inner/", {3}, {}), 0);
  EXPECT_EQ(callWithPath("path_remove_directory", "made", {3}, {}), 0);
  EXPECT_FALSE(fs::exists(sandbox_ / "made"));
  EXPECT_EQ(callWithPath("path_remove_directory", ".", {3}, {}), errnoValue(Errno::Inval));
  EXPECT_EQ(callWithPath("path_unlink_file", "missing", {3}, {}), errnoValue(Errno::NoEnt));
  EXPECT_EQ(callWithPath("path_unlink_file", "inside.txt/", {3}, {}), errnoValue(Errno::NotDir));

  ASSERT_EQ(callWithTwoPaths("path_rename", "inside.txt", "sub/renamed.txt"), 0);
  EXPECT_EQ(readGuestFile("sub/renamed.txt"), "inside");
  ASSERT_EQ(callWithTwoPaths("path_symlink", "sub/renamed.txt", "newlink"), 0);
  EXPECT_EQ(readGuestFile("newlink"), "inside");
  harness_->putBytes(512, "newlink");
  ASSERT_EQ(harness_->call("path_readlink", {3, 512, 7, 3000, 100, 8}), 0);
  EXPECT_EQ(harness_->bytes(3000, harness_->u32(8)), "sub/renamed.txt");
  ASSERT_EQ(harness_->call("path_readlink", {3, 512, 7, 3000, 3, 8}), 0); // truncated
  EXPECT_EQ(harness_->u32(8), 3u);
  EXPECT_EQ(harness_->bytes(3000, 3), "sub");
  harness_->putBytes(512, "sub/renamed.txt"); // not a link
  EXPECT_EQ(harness_->call("path_readlink", {3, 512, 15, 3000, 100, 8}), errnoValue(Errno::Inval));
  EXPECT_EQ(callWithTwoPaths("path_symlink", "x", "newlink"), errnoValue(Errno::Exist));

  ASSERT_EQ(callWithTwoPaths("path_link", "sub/renamed.txt", "hard"), 0);
  ASSERT_EQ(callWithPath("path_filestat_get", "hard", {3, 0}, {2000}), 0);
  EXPECT_EQ(harness_->u64(2024), 2u); // nlink
  harness_->putBytes(512, "newlink");
  harness_->putBytes(768, "hard2");
  ASSERT_EQ(harness_->call("path_link", {3, kFollow, 512, 7, 3, 768, 5}), 0);
  ASSERT_EQ(callWithPath("path_filestat_get", "hard2", {3, 0}, {2000}), 0);
  EXPECT_EQ(harness_->u8(2016), static_cast<std::uint8_t>(wasi::Filetype::RegularFile));
  EXPECT_EQ(harness_->u64(2024), 3u);

  // Times: of the link itself, or (following) of its target.
  ASSERT_EQ(callWithPath("path_filestat_set_times", "newlink", {3, 0},
                         {1'000'000'000, 2'000'000'000, wasi::kFstAtim | wasi::kFstMtim}),
            0);
  ASSERT_EQ(callWithPath("path_filestat_get", "newlink", {3, 0}, {2000}), 0);
  EXPECT_EQ(harness_->u64(2048), 2'000'000'000u);
  ASSERT_EQ(callWithPath("path_filestat_set_times", "newlink", {3, kFollow},
                         {0, 3'000'000'000, wasi::kFstMtim}),
            0);
  ASSERT_EQ(callWithPath("path_filestat_get", "hard", {3, 0}, {2000}), 0);
  EXPECT_EQ(harness_->u64(2048), 3'000'000'000u);
  ASSERT_EQ(
      callWithPath("path_filestat_set_times", "sub/", {3, 0}, {0, 4'000'000'000, wasi::kFstMtim}),
      0);
  EXPECT_EQ(callWithPath("path_filestat_set_times", "hard", {3, 0}, {0, 0, 0x10}),
            errnoValue(Errno::Inval));
}

TEST_P(wasiPath, BadArgumentsAreErrnos) {
  harness_->putBytes(512, std::string("in\0side.txt", 11));
  EXPECT_EQ(harness_->call("path_open", {3, 0, 512, 11, 0, kRead, 0, 0, 8}),
            errnoValue(Errno::Inval));
  EXPECT_EQ(harness_->call("path_open", {3, 0, 65530, 100, 0, kRead, 0, 0, 8}),
            errnoValue(Errno::Fault));
  EXPECT_EQ(harness_->call("path_open", {3, 0, 512, 0, 0, kRead, 0, 0, 8}),
            errnoValue(Errno::NoEnt));
  EXPECT_EQ(harness_->call("path_open", {3, 0, 512, 5000, 0, kRead, 0, 0, 8}),
            errnoValue(Errno::NameTooLong));
  EXPECT_EQ(openErrno("inside.txt", 0x10), errnoValue(Errno::Inval));
  EXPECT_EQ(openErrno("inside.txt", wasi::kOflagDirectory), errnoValue(Errno::NotDir));
  EXPECT_EQ(openErrno("inside.txt", wasi::kOflagCreat | wasi::kOflagExcl, kFollow, kWrite),
            errnoValue(Errno::Exist));
  EXPECT_EQ(openErrno("missing.txt"), errnoValue(Errno::NoEnt));
  EXPECT_EQ(openErrno("inside.txt/x"), errnoValue(Errno::NotDir));
  // Path functions need a directory descriptor.
  harness_->putBytes(512, "x");
  EXPECT_EQ(harness_->call("path_open", {1, 0, 512, 1, 0, kRead, 0, 0, 8}),
            errnoValue(Errno::NotDir));
  EXPECT_EQ(harness_->call("path_create_directory", {1, 512, 1}), errnoValue(Errno::NotDir));
  // A faulting result pointer creates nothing.
  harness_->putBytes(512, "never.txt");
  EXPECT_EQ(harness_->call("path_open", {3, 0, 512, 9, wasi::kOflagCreat, kWrite, 0, 0, 65534}),
            errnoValue(Errno::Fault));
  EXPECT_FALSE(fs::exists(sandbox_ / "never.txt"));
}

INSTANTIATE_TEST_SUITE_P(Strategies, wasiPath,
                         ::testing::Values(ResolveStrategy::Openat2, ResolveStrategy::Walk),
                         testing::strategyName);

} // namespace
} // namespace wasmline
