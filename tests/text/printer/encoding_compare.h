// Two encodings of one module compared step by step, for the encoder oracles (wabt, core-bin):
// the same bytes; the same bytes but for the listed encoding choices; the same decoded module;
// neither decodes (invalid or unsupported modules: only their bytes can be compared); different.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "wasmline/features.h"
#include "wasmline/result.h"

namespace wasmline::test {

enum class Verdict : std::uint8_t { Identical, Choices, SameModule, Undecodable, Different };

struct Comparison {
  Verdict verdict = Verdict::Identical;
  std::string section; // the first section that differs (after the choices, past Choices)
  std::string detail;  // Different: what differs
};

// Compares wasmline's encoding `ours` with the oracle's `theirs`. Both lose their name sections
// first (and, with `shortestSizes`, their padded section and body sizes); Choices means equal
// once binary_sections.h's withoutEncodingChoices wrote both; SameModule that both decode (with
// `features`) to the same module (module_compare.h, with block types by signature and index
// segments as funcref).
Comparison compareEncodings(std::span<const std::uint8_t> ours,
                            std::span<const std::uint8_t> theirs, const Features& features,
                            bool shortestSizes);

// Counts of comparisons by verdict and first differing section, printed as a table. A module
// that is Undecodable or Different must be listed in the known differences with its reason
// (a file of lines "PATH:LINE reason", PATH a suffix of the script's path; # comments); every
// listed one must still differ (the list may only shrink).
class Tally {
public:
  // Reads the known differences. Errors: the file cannot be read or has a line without reason.
  Result<void> readKnown(const std::string& path);

  void add(const Comparison& comparison, const std::string& where);
  // The report: counts, the known differences by reason, then the unexplained ones.
  void print() const;
  std::size_t count(Verdict verdict) const;
  std::size_t total() const { return total_; }
  // Unexplained differences and known ones that no longer differ, as error lines.
  std::vector<std::string> errors() const;

private:
  std::size_t total_ = 0;
  std::map<Verdict, std::size_t> counts_;
  std::map<Verdict, std::map<std::string, std::size_t>> sections_;
  std::vector<std::pair<std::string, std::string>> known_; // PATH:LINE, reason
  std::vector<bool> seen_;                                 // of each known entry
  std::map<std::string, std::size_t> knownCounts_;         // by reason
  std::vector<std::string> unexplained_;
};

} // namespace wasmline::test
