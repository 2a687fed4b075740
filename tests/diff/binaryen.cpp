#include "tests/diff/binaryen.h"

#include <spawn.h>
#include <sys/wait.h>

#include <fcntl.h>

#include <fstream>
#include <iterator>
#include <random>

extern char** environ;

namespace wasmline::diff {
namespace {

std::vector<std::uint8_t> readBytes(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

} // namespace

std::vector<std::string> Proposals::wasmOptFlags() const {
  // Not --enable-reference-types: binaryen 108 generates the pre-standard form (anyref, funcref
  // a subtype of it), which neither wabt nor wasmline accepts (a known difference, README).
  std::vector<std::string> flags{"--enable-sign-ext", "--enable-nontrapping-float-to-int",
                                 "--enable-bulk-memory", "--enable-multivalue", "--enable-simd"};
  if (tailCall) flags.push_back("--enable-tail-call");
  if (threads) flags.push_back("--enable-threads");
  return flags;
}

std::string Proposals::name() const {
  std::string text = "2.0";
  if (tailCall) text += "+tail-call";
  if (threads) text += "+threads";
  return text;
}

int runProcess(const std::vector<std::string>& argv, const std::filesystem::path& output) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  std::vector<char*> args;
  for (const std::string& arg : argv)
    args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return -1;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::optional<std::vector<std::uint8_t>>
generateModule(const std::string& wasmOpt, const std::filesystem::path& dir, std::uint64_t seed,
               const Proposals& proposals, std::string& error) {
  std::mt19937_64 random(seed);
  const std::size_t size = 1024 + random() % (15 * 1024);
  std::string bytes(size, '\0');
  for (char& byte : bytes)
    byte = static_cast<char>(random() & 0xff);
  const std::string stem = std::to_string(seed);
  const auto input = dir / (stem + ".dat"), wasm = dir / (stem + ".wasm"),
             log = dir / (stem + ".ttf.log");
  std::ofstream(input, std::ios::binary) << bytes;
  std::vector<std::string> argv{wasmOpt, input.string(), "-ttf", "--denan"};
  for (const std::string& flag : proposals.wasmOptFlags())
    argv.push_back(flag);
  argv.insert(argv.end(), {"-o", wasm.string()});
  const int status = runProcess(argv, log);
  std::filesystem::remove(input);
  if (status != 0) {
    error = "wasm-opt -ttf failed (status " + std::to_string(status) + "), see " + log.string();
    return std::nullopt;
  }
  std::filesystem::remove(log);
  return readBytes(wasm);
}

std::optional<std::vector<BinaryenCall>> binaryenExecute(const std::string& wasmOpt,
                                                         const std::filesystem::path& wasm,
                                                         const Proposals& proposals) {
  auto output = wasm;
  output.replace_extension(".fuzz-exec");
  std::vector<std::string> argv{wasmOpt, wasm.string(), "--fuzz-exec-before", "-q"};
  for (const std::string& flag : proposals.wasmOptFlags())
    argv.push_back(flag);
  if (runProcess(argv, output) != 0) return std::nullopt;
  std::vector<BinaryenCall> calls;
  std::ifstream lines(output);
  const std::string calling = "[fuzz-exec] calling ",
                    logging = "[LoggingExternalInterface logging ",
                    note = "[fuzz-exec] note result: ";
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with(calling)) {
      calls.push_back({line.substr(calling.size()), {}, false, ""});
    } else if (calls.empty()) {
      continue;
    } else if (line.starts_with(logging) && line.ends_with("]")) {
      calls.back().logs.push_back(line.substr(logging.size(), line.size() - logging.size() - 1));
    } else if (line.starts_with("[trap ")) {
      calls.back().trapped = true;
    } else if (line.starts_with(note)) {
      const std::size_t arrow = line.find(" => ");
      if (arrow != std::string::npos) calls.back().result = line.substr(arrow + 4);
    }
  }
  std::filesystem::remove(output);
  return calls;
}

} // namespace wasmline::diff
