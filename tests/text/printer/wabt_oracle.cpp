// wabt as the oracle of the text encoder: every text module of the given .wast scripts encoded
// by wasmline's parser (text/) and by libwabt's (as wat2wasm does), compared byte for byte with
// the name section left out (wabt writes none here; the parser writes module, function and local
// names). Bytes that differ are compared again without the encoding choices the two make
// differently (binary_sections.h: element segments as function indices or as expressions, the
// data count section); then, when both decode, as modules (module_compare.h, block types by the
// signature they stand for). A different module, a module one side encodes and the other not,
// or a script wabt cannot read is an error; invalid modules whose bytes differ are listed.
//
// Usage: wabt_oracle [--enable NAME]... [--disable NAME]... [--known FILE] FILE.wast...
// NAME is a feature of both (wasmline's features.def and wabt's --enable-NAME); disabling
// reference-types also makes wasmline's parser encode as before that proposal.
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "tests/text/printer/encoding_compare.h"
#include "tests/text/printer/suite_modules.h"
#include "tests/text/printer/wabt_modules.h"

namespace wasmline::test {
namespace {

struct Options {
  std::vector<std::string> enable;
  std::vector<std::string> disable;
  std::string known; // --known FILE: the known differences (encoding_compare.h)
  std::vector<std::string> files;
};

class Oracle {
public:
  explicit Oracle(const Options& options) : options_(options) {
    features_ = Features::everything();
    for (const std::string& name : options.disable)
      features_.disable(name);
    script_.referenceTypes = features_.referenceTypes;
  }

  void file(const std::string& path) {
    ++files_;
    auto ours = scriptModules(path, script_);
    if (!ours) return problem(path, "wasmline cannot read the script: " + ours.error().message());
    const auto source = readFile(path);
    std::vector<WabtModule> theirs;
    std::string error;
    if (!source ||
        !wabtTextModules(path, *source, options_.enable, options_.disable, theirs, error)) {
      ++wabtScriptErrors_;
      return problem(path, "wabt cannot read the script: " + error);
    }
    // Pair the text modules in script order: wabt places a module at its `module` keyword,
    // wasmline at its opening parenthesis, so a module of ours pairs with the next of wabt's at
    // or after its line (wasmline's of `thread` commands have no counterpart).
    std::vector<const SuiteModule*> mine;
    for (const SuiteModule& module : *ours) {
      if (module.module.source == text::ScriptModule::Source::Text) mine.push_back(&module);
    }
    std::size_t next = 0;
    for (const WabtModule& wabt : theirs) {
      const std::string where = path + ":" + std::to_string(wabt.line);
      while (next + 1 < mine.size() && mine[next + 1]->line <= wabt.line) {
        problem(path + ":" + std::to_string(mine[next]->line), "no module of wabt's here");
        ++next;
      }
      if (next == mine.size() || mine[next]->line > wabt.line) {
        problem(where, "wabt has a text module here, wasmline's script reader none");
        continue;
      }
      compare(where, *mine[next++], wabt);
    }
    for (; next < mine.size(); ++next)
      problem(path + ":" + std::to_string(mine[next]->line), "no module of wabt's here");
  }

  Result<void> known(const std::string& path) { return tally_.readKnown(path); }

  int report() const {
    std::printf("files: %zu (%zu wabt cannot parse)\n", files_, wabtScriptErrors_);
    std::printf("text modules both encode: %zu\n", compared_);
    tally_.print();
    std::printf("text modules only wasmline encodes: %zu; only wabt: %zu\n", onlyOurs_, onlyWabt_);
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

  void compare(const std::string& where, const SuiteModule& mine, const WabtModule& wabt) {
    if (mine.module.error && !wabt.error.empty()) return; // both refuse it
    if (!wabt.error.empty()) {
      ++onlyOurs_;
      return problem(where, "only wasmline encodes it; wabt: " + wabt.error);
    }
    if (mine.module.error) {
      ++onlyWabt_;
      return problem(where, "only wabt encodes it; wasmline: " + *mine.module.error);
    }
    ++compared_;
    tally_.add(compareEncodings(mine.module.binary, wabt.binary, features_, false), where);
  }

  const Options& options_;
  Features features_;
  text::ScriptOptions script_;
  std::size_t files_ = 0, wabtScriptErrors_ = 0, compared_ = 0, onlyOurs_ = 0, onlyWabt_ = 0;
  Tally tally_;
  std::vector<std::string> problems_;
};
} // namespace
} // namespace wasmline::test

int main(int argc, char** argv) {
  wasmline::test::Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--enable" && i + 1 < argc) {
      options.enable.push_back(argv[++i]);
    } else if (arg == "--known" && i + 1 < argc) {
      options.known = argv[++i];
    } else if (arg == "--disable" && i + 1 < argc) {
      options.disable.push_back(argv[++i]);
    } else {
      options.files.push_back(arg);
    }
  }
  if (options.files.empty()) {
    std::fprintf(
        stderr,
        "usage: wabt_oracle [--enable NAME]... [--disable NAME]... [--known FILE] FILE.wast...\n");
    return 2;
  }
  wasmline::test::Oracle oracle(options);
  if (!options.known.empty()) {
    if (auto read = oracle.known(options.known); !read) {
      std::fprintf(stderr, "error: %s\n", read.error().message().c_str());
      return 2;
    }
  }
  for (const std::string& file : options.files)
    oracle.file(file);
  return oracle.report();
}
