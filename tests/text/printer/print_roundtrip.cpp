// The printer's round trip over whole suites: for every module of the given .wast scripts that
// decodes, print it (flat with names, folded with names, flat without names), parse and encode
// the text again, decode that, and require the same module (tests/text/printer/module_compare.h).
// The folded text must also encode to exactly the bytes of the flat one, and printing the module
// read back must give the same text again.
//
// Usage: print_roundtrip [--verbose] [--max-failures N] FILE.wast...
// Prints the counts; exits 1 when any module came back different or failed on the way.
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "binary/decoder.h"
#include "tests/text/printer/module_compare.h"
#include "tests/text/printer/suite_modules.h"
#include "text/printer/printer.h"
#include "text/text.h"

namespace wasmline::test {
namespace {

struct Counts {
  std::size_t files = 0;
  std::size_t modules = 0;
  std::size_t notDecoding = 0; // not decoded by wasmline (malformed, invalid, unsupported)
  std::size_t textErrors = 0;  // text the parser refuses (assert_malformed)
  std::size_t refused = 0;     // malformed or invalid binaries (the assertions' modules)
  std::map<std::string, std::size_t> unsupported; // by feature: wasmline does not decode it yet
  std::size_t roundTrips = 0; // modules printed and read back, each in three ways
  std::size_t equal = 0;
  std::size_t different = 0;
  std::size_t failed = 0;       // the printer, the parser or the decoder gave an error
  std::size_t droppedNames = 0; // equal, but had names or custom sections the parser drops
  // Modules with a 64-bit table: binary::TableType has no index type, so they print as 32-bit
  // tables; counted here whatever their round trip gave, and not failing the test.
  std::size_t table64 = 0;
  std::size_t table64Failed = 0;
};

struct Failure {
  std::string where;
  std::string what;
};

class RoundTrip {
public:
  RoundTrip(bool verbose, std::size_t maxFailures)
      : verbose_(verbose), maxFailures_(maxFailures), features_(Features::everything()) {}

  void file(const std::string& path) {
    ++counts_.files;
    auto modules = scriptModules(path);
    if (!modules) {
      fail(path, "script: " + modules.error().message());
      ++counts_.failed;
      return;
    }
    for (SuiteModule& module : *modules)
      one(module);
  }

  int report() const {
    std::printf("files: %zu\nmodules: %zu (%zu decode, %zu do not)\n", counts_.files,
                counts_.modules, counts_.modules - counts_.notDecoding, counts_.notDecoding);
    std::printf("  not decoding: %zu text errors, %zu malformed or invalid binaries, unsupported:",
                counts_.textErrors, counts_.refused);
    for (const auto& [feature, count] : counts_.unsupported)
      std::printf(" %s %zu", feature.c_str(), count);
    std::printf("\n");
    std::printf("round trip (print flat, folded and without names; parse; decode):\n");
    std::printf("  equal: %zu (%zu of them lost names or custom sections the parser drops)\n",
                counts_.equal, counts_.droppedNames);
    std::printf("  different: %zu\n  failed: %zu\n", counts_.different, counts_.failed);
    std::printf("64-bit tables, printed as 32-bit ones (the decoder keeps no table index type): "
                "%zu (%zu of them fail to read back)\n",
                counts_.table64, counts_.table64Failed);
    for (std::size_t i = 0; i < failures_.size() && i < maxFailures_; ++i)
      std::printf("%s: %s\n", failures_[i].where.c_str(), failures_[i].what.c_str());
    if (failures_.size() > maxFailures_) {
      std::printf("... and %zu more\n", failures_.size() - maxFailures_);
    }
    return counts_.different == 0 && counts_.failed == 0 ? 0 : 1;
  }

private:
  void fail(std::string where, std::string what) {
    if (verbose_) std::fprintf(stderr, "%s: %s\n", where.c_str(), what.c_str());
    failures_.push_back(Failure{std::move(where), std::move(what)});
  }

  // Prints `module`, reads the text back and decodes it; nullopt (after recording why) when a
  // step fails. `bytes` receives the encoding of the text.
  std::optional<std::shared_ptr<const binary::Module>> reprint(const binary::Module& module,
                                                               const text::PrintOptions& options,
                                                               const std::string& where,
                                                               std::vector<std::uint8_t>& bytes) {
    const char* mode = options.folded ? "folded" : options.names ? "flat" : "flat, no names";
    const auto text = text::printModule(module, features_, options);
    if (!text) {
      fail(where, std::string(mode) + ": print: " + text.error().message());
      return std::nullopt;
    }
    text::TextOptions textOptions;
    textOptions.sourceName = "printed.wat";
    auto encoded = text::watToBinary(*text, textOptions);
    if (!encoded) {
      fail(where, std::string(mode) + ": parse: " + encoded.error().message());
      if (verbose_) std::fprintf(stderr, "%s\n", text->c_str());
      return std::nullopt;
    }
    bytes = *encoded;
    auto decoded = binary::decodeModule(std::move(*encoded), features_);
    if (!decoded) {
      fail(where, std::string(mode) + ": decode: " + decoded.error().message() + " at " +
                      std::to_string(decoded.error().byteOffset()));
      if (verbose_) std::fprintf(stderr, "%s\n", text->c_str());
      return std::nullopt;
    }
    return *decoded;
  }

  void one(SuiteModule& entry) {
    ++counts_.modules;
    const std::string where = entry.file + ":" + std::to_string(entry.line);
    if (entry.module.error) {
      ++counts_.notDecoding;
      ++counts_.textErrors;
      return;
    }
    auto original = binary::decodeModule(entry.module.binary, features_);
    if (!original) {
      ++counts_.notDecoding;
      const Error& error = original.error();
      if (error.kind() == ErrorKind::Unsupported) {
        ++counts_.unsupported[error.message().substr(0, error.message().find(':'))];
      } else {
        ++counts_.refused;
      }
      return;
    }
    ++counts_.roundTrips;
    const binary::Module& module = **original;
    if (hasTable64(entry.module.binary, module)) {
      ++counts_.table64;
      const std::size_t failures = failures_.size();
      check(module, where);
      if (failures_.size() != failures) {
        ++counts_.table64Failed;
        failures_.resize(failures);
      }
      return;
    }
    switch (check(module, where)) {
    case Outcome::Equal:
      ++counts_.equal;
      if (hasNamesOrSectionsTextDrops(module)) ++counts_.droppedNames;
      break;
    case Outcome::Different: ++counts_.different; break;
    case Outcome::Failed: ++counts_.failed; break;
    }
  }

  // A module with a 64-bit table decodes with memory64 but not without it, while none of its
  // memories is 64-bit (nothing else of memory64 changes how a module decodes).
  bool hasTable64(const std::vector<std::uint8_t>& bytes, const binary::Module& module) const {
    for (const MemoryType& memory : module.memories) {
      if (memory.is64) return false;
    }
    Features without = features_;
    without.memory64 = false;
    return !binary::decodeModule(bytes, without);
  }

  enum class Outcome { Equal, Different, Failed };

  // The round trip of one decoded module, in the three ways.
  Outcome check(const binary::Module& module, const std::string& where) {
    std::vector<std::uint8_t> flatBytes, foldedBytes, numericBytes;
    const auto flat = reprint(module, {.folded = false, .names = true}, where, flatBytes);
    const auto folded = reprint(module, {.folded = true, .names = true}, where, foldedBytes);
    const auto numeric = reprint(module, {.folded = false, .names = false}, where, numericBytes);
    if (!flat || !folded || !numeric) return Outcome::Failed;
    std::optional<std::string> difference = firstDifference(module, **flat, features_);
    if (!difference && foldedBytes != flatBytes) {
      difference = "folded text encodes to other bytes than flat text";
    }
    if (!difference) {
      difference = firstDifference(module, **numeric, features_, {.names = false});
      if (difference) *difference = "without names: " + *difference;
    }
    // The printed text is a fixpoint: printing what it encodes to gives the same text (unless
    // the module had names or custom sections the parser does not write back).
    if (!difference && !hasNamesOrSectionsTextDrops(module)) {
      const auto first = text::printModule(module, features_, {});
      const auto again = text::printModule(**flat, features_, {});
      if (!first || !again || *first != *again)
        difference = "printing the printed text again differs";
    }
    if (difference) {
      fail(where, *difference);
      return Outcome::Different;
    }
    return Outcome::Equal;
  }

  bool verbose_;
  std::size_t maxFailures_;
  Features features_;
  Counts counts_;
  std::vector<Failure> failures_;
};

} // namespace
} // namespace wasmline::test

int main(int argc, char** argv) {
  bool verbose = false;
  std::size_t maxFailures = 50;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--verbose") {
      verbose = true;
    } else if (arg == "--max-failures" && i + 1 < argc) {
      maxFailures = std::strtoull(argv[++i], nullptr, 10);
    } else {
      files.push_back(arg);
    }
  }
  if (files.empty()) {
    std::fprintf(stderr, "usage: print_roundtrip [--verbose] [--max-failures N] FILE.wast...\n");
    return 2;
  }
  wasmline::test::RoundTrip roundTrip(verbose, maxFailures);
  for (const std::string& file : files)
    roundTrip.file(file);
  return roundTrip.report();
}
