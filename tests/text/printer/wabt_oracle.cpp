// wabt as the oracle of the text encoder: every text module of the given .wast scripts encoded
// by wasmline's parser (text/) and by libwabt's (as wat2wasm does), compared byte for byte with
// the name section left out (wabt writes none here; the parser writes module, function and local
// names). Bytes that differ are compared again without the encoding choices the two make
// differently (binary_sections.h: element segments as function indices or as expressions, the
// data count section); then, when both decode, as modules (module_compare.h, block types by the
// signature they stand for). A different module, a module one side encodes and the other not,
// or a script wabt cannot read is an error; invalid modules whose bytes differ are listed.
//
// Usage: wabt_oracle [--enable NAME]... [--disable NAME]... [--verbose] FILE.wast...
// NAME is a feature of both (wasmline's features.def and wabt's --enable-NAME); disabling
// reference-types also makes wasmline's parser encode as before that proposal.
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "binary/decoder.h"
#include "tests/text/printer/binary_sections.h"
#include "tests/text/printer/module_compare.h"
#include "tests/text/printer/suite_modules.h"
#include "tests/text/printer/wabt_modules.h"

namespace wasmline::test {
namespace {

struct Options {
  std::vector<std::string> enable;
  std::vector<std::string> disable;
  bool verbose = false;
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

  int report() const {
    std::printf("files: %zu (%zu wabt cannot parse)\n", files_, wabtScriptErrors_);
    std::printf("text modules both encode: %zu\n", compared_);
    std::printf("  identical bytes (name section aside): %zu\n", identical_);
    std::printf("  identical but for the listed encoding choices (element segments as function "
                "indices or expressions, data count section): %zu\n",
                choices_);
    for (const auto& [reason, count] : choiceReasons_)
      std::printf("    first difference in %s: %zu\n", reason.c_str(), count);
    std::printf("  other bytes, the same decoded module: %zu\n", sameModule_);
    for (const auto& [reason, count] : sameReasons_)
      std::printf("    first difference in %s: %zu\n", reason.c_str(), count);
    std::printf("  other bytes, neither decodes (invalid modules): %zu\n", undecodable_);
    for (const auto& [reason, count] : undecodableReasons_)
      std::printf("    first difference in %s: %zu\n", reason.c_str(), count);
    std::printf("  different modules: %zu\n", different_);
    std::printf("text modules only wasmline encodes: %zu; only wabt: %zu\n", onlyOurs_, onlyWabt_);
    for (const std::string& line : notes_)
      std::printf("%s\n", line.c_str());
    for (const std::string& line : problems_)
      std::printf("error: %s\n", line.c_str());
    return different_ == 0 && problems_.empty() ? 0 : 1;
  }

private:
  void problem(const std::string& where, const std::string& what) {
    problems_.push_back(where + ": " + what);
  }

  void compare(const std::string& where, const SuiteModule& mine, const WabtModule& wabt) {
    if (mine.module.error || !wabt.error.empty()) {
      if (!mine.module.error) ++onlyOurs_;
      if (!wabt.error.empty() && !mine.module.error) {
        if (options_.verbose)
          std::fprintf(stderr, "%s: wabt: %s\n", where.c_str(), wabt.error.c_str());
      }
      if (mine.module.error && wabt.error.empty()) {
        ++onlyWabt_;
        if (options_.verbose) {
          std::fprintf(stderr, "%s: wasmline: %s\n", where.c_str(), mine.module.error->c_str());
        }
      }
      return;
    }
    ++compared_;
    const std::vector<std::uint8_t> ours = withoutNameSection(mine.module.binary);
    if (ours == wabt.binary) {
      ++identical_;
      return;
    }
    const std::vector<std::uint8_t> normalOurs = withoutEncodingChoices(ours);
    const std::vector<std::uint8_t> normalWabt = withoutEncodingChoices(wabt.binary);
    if (normalOurs == normalWabt) {
      ++choices_;
      ++choiceReasons_[firstDifferentSection(ours, wabt.binary)];
      return;
    }
    // Past the listed choices: where the rest differs.
    const std::string section = firstDifferentSection(normalOurs, normalWabt);
    auto a = binary::decodeModule(ours, features_);
    auto b = binary::decodeModule(wabt.binary, features_);
    if (a && b) {
      if (auto difference = firstDifference(
              **a, **b, features_,
              {.names = false, .indexSegmentsAsFuncref = true, .blockTypesBySignature = true})) {
        ++different_;
        problem(where, "different modules: " + *difference);
        return;
      }
      ++sameModule_;
      ++sameReasons_[section];
      note(where, "same module, first difference in " + section);
      return;
    }
    if (a || b) {
      ++different_;
      problem(where, std::string(a ? "wabt's" : "wasmline's") + " encoding does not decode: " +
                         (a ? b.error().message() : a.error().message()));
      return;
    }
    ++undecodable_;
    ++undecodableReasons_[section];
    note(where, "neither decodes, first difference in " + section);
  }

  void note(const std::string& where, const std::string& what) {
    notes_.push_back(where + ": " + what);
  }

  const Options& options_;
  Features features_;
  text::ScriptOptions script_;
  std::size_t files_ = 0, wabtScriptErrors_ = 0, compared_ = 0, identical_ = 0, sameModule_ = 0,
              undecodable_ = 0, different_ = 0, onlyOurs_ = 0, onlyWabt_ = 0, choices_ = 0;
  std::map<std::string, std::size_t> choiceReasons_, sameReasons_, undecodableReasons_;
  std::vector<std::string> problems_;
  std::vector<std::string> notes_; // modules whose bytes differ in an unlisted way
};

} // namespace
} // namespace wasmline::test

int main(int argc, char** argv) {
  wasmline::test::Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--enable" && i + 1 < argc) {
      options.enable.push_back(argv[++i]);
    } else if (arg == "--disable" && i + 1 < argc) {
      options.disable.push_back(argv[++i]);
    } else if (arg == "--verbose") {
      options.verbose = true;
    } else {
      options.files.push_back(arg);
    }
  }
  if (options.files.empty()) {
    std::fprintf(stderr, "usage: wabt_oracle [--enable NAME]... [--disable NAME]... [--verbose] "
                         "FILE.wast...\n");
    return 2;
  }
  wasmline::test::Oracle oracle(options);
  for (const std::string& file : options.files)
    oracle.file(file);
  return oracle.report();
}
