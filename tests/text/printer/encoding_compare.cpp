#include "tests/text/printer/encoding_compare.h"

#include <cstdio>

#include "binary/decoder.h"
#include "tests/text/printer/binary_sections.h"
#include "tests/text/printer/module_compare.h"
#include "tests/text/printer/suite_modules.h"

namespace wasmline::test {
namespace {

const char* verdictText(Verdict verdict) {
  switch (verdict) {
  case Verdict::Identical: return "identical bytes (name section aside)";
  case Verdict::Choices:
    return "identical but for the listed encoding choices (element segments as function "
           "indices or expressions, data count section)";
  case Verdict::SameModule: return "other bytes, the same decoded module";
  case Verdict::Undecodable: return "other bytes, neither decodes (invalid or unsupported)";
  case Verdict::Different: return "different modules";
  }
  return "";
}

} // namespace

Comparison compareEncodings(std::span<const std::uint8_t> ours,
                            std::span<const std::uint8_t> theirs, const Features& features,
                            bool shortest) {
  std::vector<std::uint8_t> a = withoutNameSection(ours);
  std::vector<std::uint8_t> b = withoutNameSection(theirs);
  if (shortest) {
    a = shortestSizes(a);
    b = shortestSizes(b);
  }
  if (a == b) return {};
  const std::vector<std::uint8_t> normalA = withoutEncodingChoices(a);
  const std::vector<std::uint8_t> normalB = withoutEncodingChoices(b);
  if (normalA == normalB) return {Verdict::Choices, firstDifferentSection(a, b), {}};
  const std::string section = firstDifferentSection(normalA, normalB);
  const auto x = binary::decodeModule(a, features);
  const auto y = binary::decodeModule(b, features);
  if (x && y) {
    const CompareOptions options{
        .names = false, .indexSegmentsAsFuncref = true, .blockTypesBySignature = true};
    if (auto difference = firstDifference(**x, **y, features, options)) {
      return {Verdict::Different, section, *difference};
    }
    return {Verdict::SameModule, section, {}};
  }
  if (!x && !y) return {Verdict::Undecodable, section, {}};
  return {Verdict::Different, section,
          std::string(x ? "theirs" : "ours") +
              " does not decode: " + (x ? y.error().message() : x.error().message())};
}

Result<void> Tally::readKnown(const std::string& path) {
  const auto text = readFile(path);
  if (!text) return text.error();
  std::size_t start = 0;
  for (std::size_t line = 1; start < text->size(); ++line) {
    std::size_t end = text->find('\n', start);
    if (end == std::string::npos) end = text->size();
    const std::string row = text->substr(start, end - start);
    start = end + 1;
    if (row.empty() || row[0] == '#') continue;
    const std::size_t space = row.find(' ');
    if (space == std::string::npos || space + 1 == row.size()) {
      return Error(ErrorKind::InvalidArgument,
                   path + ":" + std::to_string(line) + ": write PATH:LINE reason");
    }
    known_.emplace_back(row.substr(0, space), row.substr(space + 1));
  }
  seen_.assign(known_.size(), false);
  return {};
}

void Tally::add(const Comparison& comparison, const std::string& where) {
  ++total_;
  ++counts_[comparison.verdict];
  if (comparison.verdict == Verdict::Identical) return;
  ++sections_[comparison.verdict][comparison.section];
  for (std::size_t i = 0; i < known_.size(); ++i) {
    if (where.ends_with(known_[i].first)) {
      seen_[i] = true;
      ++knownCounts_[known_[i].second];
      return;
    }
  }
  if (comparison.verdict == Verdict::Choices || comparison.verdict == Verdict::SameModule) return;
  std::string line =
      where + ": " + verdictText(comparison.verdict) + ", first in " + comparison.section;
  if (!comparison.detail.empty()) line += ": " + comparison.detail;
  unexplained_.push_back(std::move(line));
}

std::size_t Tally::count(Verdict verdict) const {
  const auto found = counts_.find(verdict);
  return found == counts_.end() ? 0 : found->second;
}

void Tally::print() const {
  for (const Verdict verdict : {Verdict::Identical, Verdict::Choices, Verdict::SameModule,
                                Verdict::Undecodable, Verdict::Different}) {
    std::printf("  %s: %zu\n", verdictText(verdict), count(verdict));
    const auto found = sections_.find(verdict);
    if (found == sections_.end()) continue;
    for (const auto& [section, count] : found->second)
      std::printf("    first difference in %s: %zu\n", section.c_str(), count);
  }
  if (!knownCounts_.empty()) std::printf("  known differences, by reason:\n");
  for (const auto& [reason, count] : knownCounts_)
    std::printf("    %zu: %s\n", count, reason.c_str());
}

std::vector<std::string> Tally::errors() const {
  std::vector<std::string> errors = unexplained_;
  for (std::size_t i = 0; i < known_.size(); ++i) {
    if (!seen_[i]) {
      errors.push_back(known_[i].first + ": listed as a known difference, but no longer differs");
    }
  }
  return errors;
}

} // namespace wasmline::test
