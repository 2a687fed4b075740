// Differential testing: binaryen's wasm-opt -ttf turns seeded random bytes into valid modules;
// each runs in wasmline (public API) and in wabt's interpreter (libwabt, in process) in lock step,
// export by export, comparing what each call logged, returned or trapped with, and the exported
// memory after it. binaryen's own interpreter (wasm-opt --fuzz-exec-before) is a third opinion on
// traps, log counts and integer results.
//
// Usage: difftest [--first SEED] [--count N | --seconds S] [--work DIR] [--wasm-opt PATH]
//                 [--no-binaryen] [--only-2.0] [--verbose]
// Prints a line per mismatch and the figures at the end; exits 1 when wasmline and wabt disagree
// on anything (a module one accepts and the other rejects included), 2 on a usage error.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tests/diff/binaryen.h"
#include "tests/diff/compare.h"
#include "tests/diff/wabt_runner.h"
#include "tests/diff/wasmline_runner.h"

namespace {

using namespace wasmline::diff;

struct Options {
  std::uint64_t first = 1;
  std::uint64_t count = 20;
  std::uint64_t seconds = 0; // when set, run seeds from `first` on until this much time passed
  std::filesystem::path work;
  std::string wasmOpt = "wasm-opt";
  bool binaryen = true;
  bool only20 = false;
  bool verbose = false;
};

struct Figures {
  std::uint64_t seeds = 0;
  std::uint64_t generationFailures = 0;
  std::uint64_t modules = 0; // compared (both decoded, or one rejected: a mismatch)
  std::uint64_t instantiationTraps = 0;
  std::uint64_t calls = 0;        // export calls compared between wasmline and wabt
  std::uint64_t traps = 0;        // of which both trapped
  std::uint64_t inconclusive = 0; // modules cut short by a resource limit in one engine
  std::uint64_t mismatches = 0;
  std::uint64_t binaryenCalls = 0;
  std::uint64_t binaryenDisagreements = 0;
  std::uint64_t binaryenUnavailable = 0;
  std::map<std::string, std::uint64_t> known; // modules cut short by a known difference, by name
};

// The proposals seed `seed` is generated and run with: 2.0, +tail-call, +threads in turn.
Proposals proposalsFor(std::uint64_t seed, const Options& options) {
  Proposals proposals;
  if (options.only20) return proposals;
  proposals.tailCall = seed % 3 == 1;
  proposals.threads = seed % 3 == 2;
  return proposals;
}

bool parseNumber(const char* text, std::uint64_t& out) {
  char* end = nullptr;
  out = std::strtoull(text, &end, 10);
  return *text >= '0' && *text <= '9' && *end == '\0';
}

// Compares binaryen's report of the calls with wasmline's outcomes (which wabt agreed with):
// trapped or not, how many values were logged, and single integer results.
void compareWithBinaryen(std::uint64_t seed, const std::vector<BinaryenCall>& calls,
                         const std::vector<std::pair<std::string, Outcome>>& outcomes,
                         Figures& figures) {
  std::size_t next = 0;
  for (const BinaryenCall& call : calls) {
    while (next < outcomes.size() && outcomes[next].first != call.name)
      ++next;
    if (next == outcomes.size()) break; // the lock-step run stopped before this call
    const Outcome& ours = outcomes[next++].second;
    ++figures.binaryenCalls;
    std::string why;
    if (call.trapped != ours.trapped) {
      why = call.trapped ? "binaryen trapped, wasmline and wabt did not"
                         : "binaryen did not trap, wasmline and wabt did (" + ours.trap + ")";
    } else if (call.logs.size() != ours.logs.size()) {
      why = "binaryen logged " + std::to_string(call.logs.size()) + " values, wasmline and wabt " +
            std::to_string(ours.logs.size());
    } else if (!ours.trapped && ours.results.size() == 1 &&
               (ours.results[0].kind == Kind::I32 || ours.results[0].kind == Kind::I64)) {
      const RawValue& value = ours.results[0];
      const long long expected = value.kind == Kind::I32
                                     ? static_cast<std::int32_t>(value.low)
                                     : static_cast<long long>(static_cast<std::int64_t>(value.low));
      if (call.result != std::to_string(expected)) {
        why =
            "binaryen returned " + call.result + ", wasmline and wabt " + std::to_string(expected);
      }
    }
    if (!why.empty()) {
      ++figures.binaryenDisagreements;
      std::printf("binaryen disagrees: seed %llu export %s: %s\n",
                  static_cast<unsigned long long>(seed), call.name.c_str(), why.c_str());
    }
  }
}

// A value as binaryen's fuzz-exec logs it (i32 decimal, i64 as its low and high i32 halves, v128
// as i32x4 hex lanes); nullopt for floats and references, whose text is not reproduced here.
std::optional<std::string> binaryenText(const RawValue& value) {
  char text[96];
  switch (value.kind) {
  case Kind::I32: return std::to_string(static_cast<std::int32_t>(value.low));
  case Kind::I64:
    return std::to_string(static_cast<std::int32_t>(value.low)) + " " +
           std::to_string(static_cast<std::int32_t>(value.low >> 32));
  case Kind::V128:
    std::snprintf(
        text, sizeof text, "i32x4 0x%08x 0x%08x 0x%08x 0x%08x",
        static_cast<std::uint32_t>(value.low), static_cast<std::uint32_t>(value.low >> 32),
        static_cast<std::uint32_t>(value.high), static_cast<std::uint32_t>(value.high >> 32));
    return std::string(text);
  default: return std::nullopt;
  }
}

// Whether binaryen's report of a call matches an outcome: yes, no, or cannot tell (the only
// differences lie in values whose text is not compared).
enum class Verdict { Agrees, Disagrees, Unknown };
Verdict binaryenVerdict(const BinaryenCall& call, const Outcome& outcome) {
  if (call.trapped != outcome.trapped || call.logs.size() != outcome.logs.size()) {
    return Verdict::Disagrees;
  }
  bool unknown = false;
  for (std::size_t i = 0; i < call.logs.size(); ++i) {
    const auto text = binaryenText(outcome.logs[i]);
    if (!text) {
      unknown = true;
    } else if (*text != call.logs[i]) {
      return Verdict::Disagrees;
    }
  }
  if (!outcome.trapped && outcome.results.size() == 1 &&
      (outcome.results[0].kind == Kind::I32 || outcome.results[0].kind == Kind::I64)) {
    const RawValue& value = outcome.results[0];
    const long long number = value.kind == Kind::I32
                                 ? static_cast<std::int32_t>(value.low)
                                 : static_cast<long long>(static_cast<std::int64_t>(value.low));
    if (call.result != std::to_string(number)) return Verdict::Disagrees;
  } else if (!outcome.trapped) {
    unknown = true;
  }
  return unknown ? Verdict::Unknown : Verdict::Agrees;
}

// True when binaryen's interpreter, run on the module, reports call number `index` of export
// `name` as wasmline did and not as wabt did: the difference is wabt's alone.
bool binaryenSidesWithWasmline(const std::string& wasmOpt, const std::filesystem::path& wasm,
                               const Proposals& proposals, const std::string& name,
                               const Outcome& ours, const Outcome& wabt) {
  const auto calls = binaryenExecute(wasmOpt, wasm, proposals);
  if (!calls) return false;
  for (const BinaryenCall& call : *calls) {
    if (call.name != name) continue;
    return binaryenVerdict(call, ours) == Verdict::Agrees &&
           binaryenVerdict(call, wabt) == Verdict::Disagrees;
  }
  return false;
}

// True when wasmline, replaying the calls up to export `last` of `exports` on a fresh instance,
// runs an instruction with a nondeterministic NaN result during that last call: a mismatch there
// may be the engines' legitimate choice of NaN bits reaching integer code.
bool nanMayExplain(const std::vector<std::uint8_t>& binary, const Proposals& proposals,
                   const std::vector<ExportedFunction>& exports, std::size_t last, bool hangLimit) {
  std::vector<std::string> executed;
  const auto replay = makeWasmlineRunner(proposals, &executed);
  if (!replay->instantiate({binary.data(), binary.size()}).message.empty()) return false;
  for (std::size_t i = 0; i <= last; ++i) {
    if (hangLimit) replay->call("hangLimitInitializer");
    executed.clear();
    replay->call(exports[i].name);
  }
  for (const std::string& instruction : executed)
    if (makesNondeterministicNan(instruction)) return true;
  return false;
}

// Runs one module in both engines in lock step. Returns "" when they agree, else the mismatch.
std::string checkModule(std::uint64_t seed, const std::vector<std::uint8_t>& binary,
                        const Proposals& proposals, const Options& options, Figures& figures,
                        std::vector<std::pair<std::string, Outcome>>& outcomes) {
  const auto ours = makeWasmlineRunner(proposals);
  const auto wabt = makeWabtRunner(proposals);
  const ByteView bytes{binary.data(), binary.size()};
  const Instantiation a = ours->instantiate(bytes), b = wabt->instantiate(bytes);
  ++figures.modules;
  if (a.decoded != b.decoded) {
    return a.decoded ? "wabt rejects the module (" + b.message + "), wasmline accepts it"
                     : "wasmline rejects the module (" + a.message + "), wabt accepts it";
  }
  if (!a.decoded) {
    if (options.verbose)
      std::printf("seed %llu: neither engine reads it: %s\n", static_cast<unsigned long long>(seed),
                  a.message.c_str());
    return ""; // neither reads it (a feature neither has): nothing to compare
  }
  if (a.trapped != b.trapped) {
    return "instantiation: wasmline " + (a.trapped ? "trapped (" + a.message + ")" : a.message) +
           ", wabt " + (b.trapped ? "trapped (" + b.message + ")" : b.message);
  }
  if (a.trapped) {
    ++figures.instantiationTraps;
    const std::string x = trapCategory(a.message), y = trapCategory(b.message);
    if (!x.empty() && !y.empty() && x != y) {
      return "instantiation trap \"" + a.message + "\" vs \"" + b.message + "\"";
    }
    return "";
  }
  if (!a.message.empty() || !b.message.empty()) {
    return "instantiation: wasmline \"" + a.message + "\", wabt \"" + b.message + "\"";
  }
  const auto exports = ours->exports(), theirs = wabt->exports();
  if (exports.size() != theirs.size()) return "the engines list different exports";
  bool hangLimit = false;
  for (const ExportedFunction& function : exports)
    hangLimit = hangLimit || function.name == "hangLimitInitializer";
  for (std::size_t i = 0; i < exports.size(); ++i) {
    const std::string& name = exports[i].name;
    if (name != theirs[i].name) return "export " + std::to_string(i) + " has different names";
    // As binaryen's fuzz-exec does: reset the hang limit before every export.
    if (hangLimit) {
      const Outcome x = ours->call("hangLimitInitializer"), y = wabt->call("hangLimitInitializer");
      if (auto why = compareOutcomes(x, y); !why.empty()) return "hangLimitInitializer: " + why;
    }
    const Outcome x = ours->call(name), y = wabt->call(name);
    if (x.exhausted || y.exhausted) {
      ++figures.inconclusive;
      if (options.verbose) {
        std::printf("seed %llu export %s: %s, the rest of the module is not compared\n",
                    static_cast<unsigned long long>(seed), name.c_str(),
                    (x.exhausted ? x.trap : y.trap).c_str());
      }
      return "";
    }
    if (const std::string known = knownDifference(x, y); !known.empty()) {
      ++figures.known[known];
      return ""; // the engines' states may differ from here on
    }
    ++figures.calls;
    if (x.trapped) ++figures.traps;
    if (auto why = compareOutcomes(x, y); !why.empty()) {
      if (nanMayExplain(binary, proposals, exports, i, hangLimit)) {
        ++figures.known["NaN bits of float SIMD arithmetic reach integer code"];
        if (options.verbose) {
          std::printf("seed %llu export %s: %s (after float SIMD arithmetic: NaN bits)\n",
                      static_cast<unsigned long long>(seed), name.c_str(), why.c_str());
        }
        return "";
      }
      if (options.binaryen && binaryenSidesWithWasmline(
                                  options.wasmOpt, options.work / (std::to_string(seed) + ".wasm"),
                                  proposals, name, x, y)) {
        ++figures.known["wabt alone differs (binaryen agrees with wasmline)"];
        std::printf("wabt alone differs: seed %llu (%s) export %s: %s\n",
                    static_cast<unsigned long long>(seed), proposals.name().c_str(), name.c_str(),
                    why.c_str());
        return "";
      }
      return "export " + name + ": " + why;
    }
    const ByteView ourMemory = ours->memory(), theirMemory = wabt->memory();
    bool nanBits = false;
    if (auto why = compareMemories({ourMemory.data, ourMemory.size},
                                   {theirMemory.data, theirMemory.size}, nanBits);
        !why.empty()) {
      if (nanMayExplain(binary, proposals, exports, i, hangLimit)) {
        ++figures.known["NaN bits of float SIMD arithmetic reach integer code"];
        if (options.verbose) {
          std::printf("seed %llu after export %s: %s (after float SIMD arithmetic: NaN bits)\n",
                      static_cast<unsigned long long>(seed), name.c_str(), why.c_str());
        }
        return "";
      }
      return "after export " + name + ": " + why;
    }
    if (nanBits) {
      ++figures.known["memories differ only in NaN bits"];
      return ""; // later calls may read those bits
    }
    outcomes.emplace_back(name, x);
  }
  return "";
}

int usage() {
  std::fprintf(stderr, "usage: difftest [--first SEED] [--count N | --seconds S] [--work DIR] "
                       "[--wasm-opt PATH] [--no-binaryen] [--only-2.0] [--verbose]\n");
  return 2;
}

} // namespace

int main(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool hasValue = i + 1 < argc;
    if (arg == "--first" && hasValue) {
      if (!parseNumber(argv[++i], options.first)) return usage();
    } else if (arg == "--count" && hasValue) {
      if (!parseNumber(argv[++i], options.count)) return usage();
    } else if (arg == "--seconds" && hasValue) {
      if (!parseNumber(argv[++i], options.seconds)) return usage();
    } else if (arg == "--work" && hasValue) {
      options.work = argv[++i];
    } else if (arg == "--wasm-opt" && hasValue) {
      options.wasmOpt = argv[++i];
    } else if (arg == "--no-binaryen") {
      options.binaryen = false;
    } else if (arg == "--only-2.0") {
      options.only20 = true;
    } else if (arg == "--verbose") {
      options.verbose = true;
    } else {
      return usage();
    }
  }
  const bool ownWork = options.work.empty();
  if (ownWork) {
    char pattern[] = "/tmp/wasmline-difftest-XXXXXX";
    if (mkdtemp(pattern) == nullptr) {
      std::perror("difftest: mkdtemp");
      return 2;
    }
    options.work = pattern;
  }
  std::filesystem::create_directories(options.work);

  Figures figures;
  const auto start = std::chrono::steady_clock::now();
  for (std::uint64_t seed = options.first;; ++seed) {
    if (options.seconds != 0) {
      if (std::chrono::steady_clock::now() - start >= std::chrono::seconds(options.seconds)) break;
    } else if (seed - options.first >= options.count) {
      break;
    }
    ++figures.seeds;
    const Proposals proposals = proposalsFor(seed, options);
    std::string error;
    const auto binary = generateModule(options.wasmOpt, options.work, seed, proposals, error);
    if (!binary) {
      ++figures.generationFailures;
      std::printf("seed %llu: %s\n", static_cast<unsigned long long>(seed), error.c_str());
      continue;
    }
    const auto wasm = options.work / (std::to_string(seed) + ".wasm");
    std::vector<std::pair<std::string, Outcome>> outcomes;
    const std::string mismatch = checkModule(seed, *binary, proposals, options, figures, outcomes);
    if (!mismatch.empty()) {
      ++figures.mismatches;
      std::printf("MISMATCH seed %llu (%s): %s\n  module kept: %s\n",
                  static_cast<unsigned long long>(seed), proposals.name().c_str(), mismatch.c_str(),
                  wasm.c_str());
      continue; // keep the module
    }
    if (options.binaryen) {
      const auto calls = binaryenExecute(options.wasmOpt, wasm, proposals);
      if (calls) {
        compareWithBinaryen(seed, *calls, outcomes, figures);
      } else {
        ++figures.binaryenUnavailable;
      }
    }
    std::filesystem::remove(wasm);
  }
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("difftest: seeds %llu..%llu in %.1f s: %llu modules (%llu failed to generate), "
              "%llu export calls compared (%llu trapped in both), %llu instantiations trapped in "
              "both, %llu modules cut short by a resource limit, %llu mismatches\n",
              static_cast<unsigned long long>(options.first),
              static_cast<unsigned long long>(options.first + figures.seeds - 1), elapsed,
              static_cast<unsigned long long>(figures.modules),
              static_cast<unsigned long long>(figures.generationFailures),
              static_cast<unsigned long long>(figures.calls),
              static_cast<unsigned long long>(figures.traps),
              static_cast<unsigned long long>(figures.instantiationTraps),
              static_cast<unsigned long long>(figures.inconclusive),
              static_cast<unsigned long long>(figures.mismatches));
  for (const auto& [name, count] : figures.known) {
    std::printf("known difference (not compared further): %s: %llu modules\n", name.c_str(),
                static_cast<unsigned long long>(count));
  }
  if (options.binaryen) {
    std::printf("binaryen (third opinion): %llu calls compared, %llu disagreements, %llu modules "
                "it could not run\n",
                static_cast<unsigned long long>(figures.binaryenCalls),
                static_cast<unsigned long long>(figures.binaryenDisagreements),
                static_cast<unsigned long long>(figures.binaryenUnavailable));
  }
  if (ownWork && figures.mismatches == 0 && figures.generationFailures == 0) {
    std::filesystem::remove_all(options.work);
  }
  return figures.mismatches == 0 ? 0 : 1;
}
