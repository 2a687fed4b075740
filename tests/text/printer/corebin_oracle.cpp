// The 3.0 suite's own oracle of the text encoder: core-bin/ holds every script of core/
// converted by the spec's reference interpreter, each module as the binary it encodes to (its
// (module quote ...) malformed cases dropped). Every module of core/X.wast (but those) is paired,
// in order, with its counterpart in core-bin/X.bin.wast, and the text ones are compared
// (encoding_compare.h; the reference interpreter pads section and body sizes to 5 bytes, so
// sizes are compared at their shortest). A different or undecodable module not listed in the
// known differences, or scripts whose modules do not pair, is an error.
//
// Usage: corebin_oracle [--known FILE] CORE_DIR CORE_BIN_DIR FILE.wast... (files of CORE_DIR)
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/text/printer/encoding_compare.h"
#include "tests/text/printer/suite_modules.h"

namespace wasmline::test {
namespace {

namespace fs = std::filesystem;

// The modules core-bin keeps: all but the quoted ones of assert_malformed.
std::vector<SuiteModule> kept(std::vector<SuiteModule> modules) {
  std::vector<SuiteModule> out;
  for (SuiteModule& module : modules) {
    if (module.command == text::CommandKind::AssertMalformed &&
        module.module.source == text::ScriptModule::Source::Quote) {
      continue;
    }
    out.push_back(std::move(module));
  }
  return out;
}

class Oracle {
public:
  Oracle(fs::path core, fs::path bin) : core_(std::move(core)), bin_(std::move(bin)) {}

  void file(const std::string& path) {
    ++files_;
    fs::path binPath = bin_ / fs::relative(path, core_);
    binPath.replace_extension(".bin.wast");
    auto ours = scriptModules(path);
    if (!ours) return problem(path, ours.error().message());
    auto theirs = scriptModules(binPath.string());
    if (!theirs) return problem(binPath.string(), theirs.error().message());
    const std::vector<SuiteModule> mine = kept(std::move(*ours));
    if (mine.size() != theirs->size()) {
      return problem(path, std::to_string(mine.size()) + " modules, " + binPath.string() + " has " +
                               std::to_string(theirs->size()));
    }
    for (std::size_t i = 0; i < mine.size(); ++i) {
      const SuiteModule& a = mine[i];
      const SuiteModule& b = (*theirs)[i];
      const std::string where = path + ":" + std::to_string(a.line);
      if (b.module.error) {
        problem(binPath.string() + ":" + std::to_string(b.line), *b.module.error);
        continue;
      }
      if (a.module.source != text::ScriptModule::Source::Text) {
        ++otherSources_;
        continue;
      }
      if (a.module.error) {
        ++ourTextErrors_;
        problem(where, "the reference interpreter encodes this text module, wasmline not: " +
                           *a.module.error);
        continue;
      }
      tally_.add(compareEncodings(a.module.binary, b.module.binary, features_, true), where);
    }
  }

  Result<void> known(const std::string& path) { return tally_.readKnown(path); }

  int report() const {
    std::printf("files: %zu\n", files_);
    std::printf("text modules compared with core-bin: %zu (binary and quoted modules, not "
                "compared: %zu)\n",
                tally_.total(), otherSources_);
    tally_.print();
    std::vector<std::string> errors = problems_;
    for (std::string& line : tally_.errors())
      errors.push_back(std::move(line));
    for (const std::string& line : errors)
      std::printf("error: %s\n", line.c_str());
    return errors.empty() ? 0 : 1;
  }

private:
  void problem(const std::string& where, const std::string& what) {
    problems_.push_back(where + ": " + what);
  }

  fs::path core_, bin_;
  Features features_ = Features::everything();
  std::size_t files_ = 0, otherSources_ = 0, ourTextErrors_ = 0;
  Tally tally_;
  std::vector<std::string> problems_;
};

} // namespace
} // namespace wasmline::test

int main(int argc, char** argv) {
  int first = 1;
  std::string known;
  if (argc > 2 && std::string(argv[1]) == "--known") {
    known = argv[2];
    first = 3;
  }
  if (argc - first < 3) {
    std::fprintf(stderr,
                 "usage: corebin_oracle [--known FILE] CORE_DIR CORE_BIN_DIR FILE.wast...\n");
    return 2;
  }
  wasmline::test::Oracle oracle(argv[first], argv[first + 1]);
  if (!known.empty()) {
    if (auto read = oracle.known(known); !read) {
      std::fprintf(stderr, "error: %s\n", read.error().message().c_str());
      return 2;
    }
  }
  for (int i = first + 2; i < argc; ++i)
    oracle.file(argv[i]);
  return oracle.report();
}
