// WASI file descriptor functions: I/O on pipes and files, metadata, prestat, readdir, and the
// errnos for bad descriptors and bad pointers.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <map>
#include <set>

#include "tests/wasi/wasi_harness.h"

namespace wasmline {
namespace {

using testing::errnoValue;
using testing::TempDir;
using testing::WasiHarness;
using wasi::Errno;
namespace rights = wasi::rights;

constexpr std::uint64_t kReadWrite = rights::kFdRead | rights::kFdWrite | rights::kFdSeek |
                                     rights::kFdTell | rights::kFdFilestatGet |
                                     rights::kFdFilestatSetSize;

// A harness whose fd 1 writes into a pipe.
struct PipeOut {
  int fds[2] = {-1, -1};
  PipeOut() { EXPECT_EQ(pipe(fds), 0); }
  ~PipeOut() {
    ::close(fds[0]);
    ::close(fds[1]);
  }
  // What was written so far (the context may still hold the write end open).
  std::string drain() {
    ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
    std::string out;
    char buffer[256];
    ssize_t count;
    while ((count = ::read(fds[0], buffer, sizeof buffer)) > 0)
      out.append(buffer, count);
    return out;
  }
};

TEST(wasiFd, WriteToPipeWithSeveralIovecs) {
  PipeOut pipe;
  WasiConfig config;
  config.stdoutFd = pipe.fds[1];
  WasiHarness harness(config);
  ASSERT_TRUE(harness.ok());
  harness.putBytes(2000, "hello, ");
  harness.putBytes(3000, "world\n");
  harness.putIovec(100, 2000, 7);
  harness.putIovec(108, 3000, 6);
  harness.putIovec(116, 3000, 0);
  ASSERT_EQ(harness.call("fd_write", {1, 100, 3, 8}), 0);
  EXPECT_EQ(harness.u32(8), 13u);
  EXPECT_EQ(pipe.drain(), "hello, world\n");
}

TEST(wasiFd, ReadFromStdinPipe) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ASSERT_EQ(::write(fds[1], "input data", 10), 10);
  ::close(fds[1]);
  WasiConfig config;
  config.stdinFd = fds[0];
  WasiHarness harness(config);
  ::close(fds[0]); // the context holds its own duplicate
  ASSERT_TRUE(harness.ok());
  EXPECT_EQ(harness.read(0, 5), "input");
  EXPECT_EQ(harness.read(0), " data");
  EXPECT_EQ(harness.read(0), "");
  ASSERT_EQ(harness.call("fd_fdstat_get", {0, 100}), 0);
  EXPECT_EQ(harness.u8(100), static_cast<std::uint8_t>(wasi::Filetype::Unknown)); // a FIFO
  EXPECT_EQ(harness.call("fd_seek", {0, 0, wasi::kWhenceCur, 8}), errnoValue(Errno::SPipe));
}

TEST(wasiFd, WriteToFileAndStdioSurvivesGuestClose) {
  TempDir dir;
  const std::string path = dir / "out.txt";
  const int file = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ASSERT_GE(file, 0);
  WasiConfig config;
  config.stdoutFd = file;
  {
    WasiHarness harness(config);
    ASSERT_TRUE(harness.ok());
    EXPECT_EQ(harness.write(1, "to a file"), 0);
    EXPECT_EQ(harness.u32(8), 9u);
    EXPECT_EQ(harness.call("fd_close", {1}), 0);
    EXPECT_EQ(harness.write(1, "again"), errnoValue(Errno::Badf));
  }
  EXPECT_EQ(::write(file, "!", 1), 1); // the host's descriptor is still open
  ::close(file);
  EXPECT_EQ(testing::readFile(path), "to a file!");
}

TEST(wasiFd, UnknownDescriptorsAreBadf) {
  WasiHarness harness({});
  ASSERT_TRUE(harness.ok());
  harness.putIovec(100, 2000, 4);
  for (std::uint64_t fd : {3ull, 99ull, 0xFFFFFFFFull}) {
    EXPECT_EQ(harness.call("fd_write", {fd, 100, 1, 8}), errnoValue(Errno::Badf));
    EXPECT_EQ(harness.call("fd_read", {fd, 100, 1, 8}), errnoValue(Errno::Badf));
    EXPECT_EQ(harness.call("fd_close", {fd}), errnoValue(Errno::Badf));
    EXPECT_EQ(harness.call("fd_seek", {fd, 0, 0, 8}), errnoValue(Errno::Badf));
    EXPECT_EQ(harness.call("fd_fdstat_get", {fd, 8}), errnoValue(Errno::Badf));
    EXPECT_EQ(harness.call("fd_filestat_get", {fd, 8}), errnoValue(Errno::Badf));
    EXPECT_EQ(harness.call("fd_prestat_get", {fd, 8}), errnoValue(Errno::Badf));
    EXPECT_EQ(harness.call("fd_readdir", {fd, 2000, 100, 0, 8}), errnoValue(Errno::Badf));
    EXPECT_EQ(harness.call("fd_renumber", {fd, 1}), errnoValue(Errno::Badf));
    EXPECT_EQ(harness.call("fd_sync", {fd}), errnoValue(Errno::Badf));
    EXPECT_EQ(harness.call("path_open", {fd, 0, 512, 1, 0, 0, 0, 0, 8}), errnoValue(Errno::Badf));
  }
}

TEST(wasiFd, OutOfBoundsPointersFault) {
  PipeOut pipe;
  WasiConfig config;
  config.stdoutFd = pipe.fds[1];
  WasiHarness harness(config);
  ASSERT_TRUE(harness.ok());
  // The buffer of an iovec runs past the end of memory.
  harness.putIovec(100, 65530, 100);
  EXPECT_EQ(harness.call("fd_write", {1, 100, 1, 8}), errnoValue(Errno::Fault));
  harness.putIovec(100, 0xFFFFFFF0, 0x20);
  EXPECT_EQ(harness.call("fd_write", {1, 100, 1, 8}), errnoValue(Errno::Fault));
  // The iovec array itself is out of bounds.
  EXPECT_EQ(harness.call("fd_write", {1, 65532, 1, 8}), errnoValue(Errno::Fault));
  EXPECT_EQ(harness.call("fd_write", {1, 100, 0x20000000, 8}), errnoValue(Errno::Fault));
  // The result pointer is out of bounds (the write itself happened).
  harness.putBytes(2000, "ok");
  harness.putIovec(100, 2000, 2);
  EXPECT_EQ(harness.call("fd_write", {1, 100, 1, 65535}), errnoValue(Errno::Fault));
  EXPECT_EQ(harness.call("fd_fdstat_get", {1, 65530}), errnoValue(Errno::Fault));
  EXPECT_EQ(harness.call("fd_filestat_get", {1, 65500}), errnoValue(Errno::Fault));
  EXPECT_EQ(pipe.drain(), "ok");
}

TEST(wasiFd, FileOperationsThroughAPreopen) {
  TempDir dir;
  WasiConfig config;
  config.preopens = {{dir.path().string(), "/sandbox"}};
  WasiHarness harness(config);
  ASSERT_TRUE(harness.ok());

  // prestat: the preopen is fd 3 and named /sandbox; fd 4 is not a preopen.
  ASSERT_EQ(harness.call("fd_prestat_get", {3, 100}), 0);
  EXPECT_EQ(harness.u8(100), wasi::kPreopenDir);
  EXPECT_EQ(harness.u32(104), 8u);
  ASSERT_EQ(harness.call("fd_prestat_dir_name", {3, 200, 8}), 0);
  EXPECT_EQ(harness.bytes(200, 8), "/sandbox");
  EXPECT_EQ(harness.call("fd_prestat_dir_name", {3, 200, 4}), errnoValue(Errno::NameTooLong));
  EXPECT_EQ(harness.call("fd_prestat_get", {4, 100}), errnoValue(Errno::Badf));
  EXPECT_EQ(harness.call("fd_prestat_get", {1, 100}), errnoValue(Errno::Badf));
  ASSERT_EQ(harness.call("fd_fdstat_get", {3, 100}), 0);
  EXPECT_EQ(harness.u8(100), static_cast<std::uint8_t>(wasi::Filetype::Directory));
  EXPECT_NE(harness.u64(116) & rights::kFdRead, 0u); // inheriting rights allow reading files

  auto fd = harness.open(3, "data.bin", wasi::kOflagCreat | wasi::kOflagTrunc, kReadWrite);
  ASSERT_TRUE(fd);
  EXPECT_EQ(*fd, 4u);
  EXPECT_EQ(harness.write(*fd, "0123456789"), 0);
  ASSERT_EQ(harness.call("fd_tell", {*fd, 16}), 0);
  EXPECT_EQ(harness.u64(16), 10u);
  ASSERT_EQ(harness.call("fd_seek", {*fd, static_cast<std::uint64_t>(-4), wasi::kWhenceEnd, 16}),
            0);
  EXPECT_EQ(harness.u64(16), 6u);
  EXPECT_EQ(harness.read(*fd), "6789");
  EXPECT_EQ(harness.call("fd_seek", {*fd, 0, 3, 16}), errnoValue(Errno::Inval));

  // pread / pwrite leave the position alone.
  harness.putBytes(2000, "AB");
  harness.putIovec(100, 2000, 2);
  ASSERT_EQ(harness.call("fd_pwrite", {*fd, 100, 1, 2, 8}), 0);
  harness.putIovec(100, 3000, 4);
  ASSERT_EQ(harness.call("fd_pread", {*fd, 100, 1, 1, 8}), 0);
  EXPECT_EQ(harness.bytes(3000, harness.u32(8)), "1AB4");
  ASSERT_EQ(harness.call("fd_tell", {*fd, 16}), 0);
  EXPECT_EQ(harness.u64(16), 10u);

  // Metadata.
  ASSERT_EQ(harness.call("fd_fdstat_get", {*fd, 100}), 0);
  EXPECT_EQ(harness.u8(100), static_cast<std::uint8_t>(wasi::Filetype::RegularFile));
  EXPECT_EQ(harness.u64(108) & rights::kFdSeek, rights::kFdSeek);
  ASSERT_EQ(harness.call("fd_filestat_get", {*fd, 200}), 0);
  EXPECT_EQ(harness.u8(216), static_cast<std::uint8_t>(wasi::Filetype::RegularFile));
  EXPECT_EQ(harness.u64(232), 10u);
  EXPECT_EQ(harness.u64(224), 1u); // nlink
  ASSERT_EQ(harness.call("fd_filestat_set_size", {*fd, 3}), 0);
  ASSERT_EQ(harness.call("fd_filestat_get", {*fd, 200}), 0);
  EXPECT_EQ(harness.u64(232), 3u);
  ASSERT_EQ(harness.call("fd_filestat_set_times",
                         {*fd, 5'000'000'000, 7'000'000'123, wasi::kFstAtim | wasi::kFstMtim}),
            0);
  ASSERT_EQ(harness.call("fd_filestat_get", {*fd, 200}), 0);
  EXPECT_EQ(harness.u64(240), 5'000'000'000u);
  EXPECT_EQ(harness.u64(248), 7'000'000'123u);
  EXPECT_EQ(harness.call("fd_filestat_set_times", {*fd, 0, 0, wasi::kFstAtim | wasi::kFstAtimNow}),
            errnoValue(Errno::Inval));

  EXPECT_EQ(harness.call("fd_sync", {*fd}), 0);
  EXPECT_EQ(harness.call("fd_datasync", {*fd}), 0);
  EXPECT_EQ(harness.call("fd_advise", {*fd, 0, 10, 1}), 0);
  EXPECT_EQ(harness.call("fd_advise", {*fd, 0, 10, 6}), errnoValue(Errno::Inval));
  EXPECT_EQ(harness.call("fd_allocate", {*fd, 0, 100}), 0);
  ASSERT_EQ(harness.call("fd_filestat_get", {*fd, 200}), 0);
  EXPECT_EQ(harness.u64(232), 100u);

  // Flags: append.
  ASSERT_EQ(harness.call("fd_fdstat_set_flags", {*fd, wasi::kFdflagAppend}), 0);
  ASSERT_EQ(harness.call("fd_fdstat_get", {*fd, 100}), 0);
  EXPECT_EQ(harness.memory().read<std::uint16_t>(102).value_or(0), wasi::kFdflagAppend);
  EXPECT_EQ(harness.call("fd_fdstat_set_flags", {*fd, 0x40}), errnoValue(Errno::Inval));
  EXPECT_EQ(harness.call("fd_fdstat_set_flags", {*fd, wasi::kFdflagSync}),
            errnoValue(Errno::NotSup)); // Linux cannot turn synchronized I/O on later

  // Rights can be dropped, never gained.
  EXPECT_EQ(harness.call("fd_fdstat_set_rights", {*fd, rights::kFdRead, 0}), 0);
  EXPECT_EQ(harness.call("fd_fdstat_set_rights", {*fd, rights::kFdWrite, 0}),
            errnoValue(Errno::NotCapable));

  // Renumber onto stdout, then close.
  ASSERT_EQ(harness.call("fd_renumber", {*fd, 1}), 0);
  EXPECT_EQ(harness.call("fd_fdstat_get", {*fd, 100}), errnoValue(Errno::Badf));
  ASSERT_EQ(harness.call("fd_fdstat_get", {1, 100}), 0);
  EXPECT_EQ(harness.u8(100), static_cast<std::uint8_t>(wasi::Filetype::RegularFile));
  EXPECT_EQ(harness.call("fd_close", {1}), 0);
  EXPECT_EQ(harness.call("fd_close", {1}), errnoValue(Errno::Badf));
}

TEST(wasiFd, ReaddirListsEntriesAndResumesFromCookies) {
  TempDir dir;
  testing::writeFile(dir / "alpha", "a");
  std::filesystem::create_directory(dir.path() / "beta");
  std::filesystem::create_symlink("alpha", dir.path() / "gamma");
  WasiConfig config;
  config.preopens = {{dir.path().string(), "."}};
  WasiHarness harness(config);
  ASSERT_TRUE(harness.ok());

  // Everything in one big buffer.
  ASSERT_EQ(harness.call("fd_readdir", {3, 10000, 4096, 0, 8}), 0);
  const std::uint32_t used = harness.u32(8);
  std::map<std::string, std::uint8_t> types;
  std::uint64_t lastCookie = 0;
  for (std::uint32_t at = 10000; at < 10000 + used;) {
    const std::uint32_t length = harness.u32(at + 16);
    types[harness.bytes(at + 24, length)] = harness.u8(at + 20);
    lastCookie = harness.u64(at);
    at += 24 + length;
  }
  EXPECT_EQ(types.size(), 5u);
  EXPECT_EQ(types["."], static_cast<std::uint8_t>(wasi::Filetype::Directory));
  EXPECT_EQ(types[".."], static_cast<std::uint8_t>(wasi::Filetype::Directory));
  EXPECT_EQ(types["alpha"], static_cast<std::uint8_t>(wasi::Filetype::RegularFile));
  EXPECT_EQ(types["beta"], static_cast<std::uint8_t>(wasi::Filetype::Directory));
  EXPECT_EQ(types["gamma"], static_cast<std::uint8_t>(wasi::Filetype::SymbolicLink));
  EXPECT_EQ(lastCookie, 5u);

  // Past the end: nothing.
  ASSERT_EQ(harness.call("fd_readdir", {3, 10000, 4096, lastCookie, 8}), 0);
  EXPECT_EQ(harness.u32(8), 0u);

  // A buffer smaller than one record is filled completely (the guest grows it and retries).
  ASSERT_EQ(harness.call("fd_readdir", {3, 10000, 10, 0, 8}), 0);
  EXPECT_EQ(harness.u32(8), 10u);

  // One record at a time, following d_next.
  std::set<std::string> names;
  std::uint64_t cookie = 0;
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(harness.call("fd_readdir", {3, 10000, 30, cookie, 8}), 0);
    if (harness.u32(8) == 0) break;
    const std::uint32_t length = harness.u32(10016);
    names.insert(harness.bytes(10024, std::min<std::uint32_t>(length, 6)));
    cookie = harness.u64(10000);
  }
  EXPECT_EQ(names.size(), 5u);

  EXPECT_EQ(harness.call("fd_readdir", {1, 10000, 100, 0, 8}), errnoValue(Errno::NotDir));
  EXPECT_EQ(harness.call("fd_readdir", {3, 65500, 100, 0, 8}), errnoValue(Errno::Fault));
}

} // namespace
} // namespace wasmline
