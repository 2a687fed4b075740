#include "tools/profiler.h"

#include <algorithm>
#include <string>

namespace wasmline::tools {
namespace {

// "1234567" as "1,234,567".
std::string withSeparators(std::uint64_t value) {
  std::string digits = std::to_string(value);
  for (std::size_t at = digits.size(); at > 3; at -= 3)
    digits.insert(at - 3, ",");
  return digits;
}

double percent(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

} // namespace

std::uint32_t Profiler::instructionId(std::string_view name) {
  const auto [found, inserted] = ids_.try_emplace(name, static_cast<std::uint32_t>(names_.size()));
  if (inserted) names_.push_back(name);
  return found->second;
}

void Profiler::record(const TraceEvent& event) {
  ++total_;
  if (event.functionIndex >= functions_.size()) functions_.resize(event.functionIndex + 1);
  FunctionCount& function = functions_[event.functionIndex];
  if (!function.seen) {
    function.seen = true;
    function.name = std::string(event.functionName);
  }
  ++function.instructions;
  const std::uint32_t id = instructionId(event.instruction);
  if (previous_ != 0) ++pairs_[(std::uint64_t{previous_ - 1} << 32) | id];
  previous_ = id + 1;
}

void Profiler::print(std::FILE* out, std::size_t top) const {
  if (total_ == 0) {
    std::fprintf(out, "profile: no wasm instruction ran\n");
    return;
  }
  std::vector<std::uint32_t> order;
  for (std::uint32_t index = 0; index < functions_.size(); ++index)
    if (functions_[index].seen) order.push_back(index);
  std::fprintf(out, "profile: %s instructions executed in %zu function%s\n",
               withSeparators(total_).c_str(), order.size(), order.size() == 1 ? "" : "s");
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return functions_[a].instructions > functions_[b].instructions;
  });
  std::fprintf(out, "  %15s  %6s  function\n", "instructions", "share");
  for (std::size_t i = 0; i < order.size() && i < top; ++i) {
    const FunctionCount& function = functions_[order[i]];
    std::fprintf(out, "  %15s  %5.1f%%  func %u", withSeparators(function.instructions).c_str(),
                 percent(function.instructions, total_), order[i]);
    if (!function.name.empty()) std::fprintf(out, " \"%s\"", function.name.c_str());
    std::fprintf(out, "\n");
  }
  if (order.size() > top) std::fprintf(out, "  ... %zu more functions\n", order.size() - top);

  std::vector<std::pair<std::uint64_t, std::uint64_t>> pairs(pairs_.begin(), pairs_.end());
  std::sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  std::fprintf(out, "  hottest instruction pairs (%s pairs, %zu distinct):\n",
               withSeparators(total_ - 1).c_str(), pairs.size());
  std::fprintf(out, "  %15s  %6s  pair\n", "count", "share");
  for (std::size_t i = 0; i < pairs.size() && i < top; ++i) {
    const std::string_view first = names_[pairs[i].first >> 32];
    const std::string_view second = names_[pairs[i].first & 0xFFFFFFFF];
    std::fprintf(out, "  %15s  %5.1f%%  %.*s -> %.*s\n", withSeparators(pairs[i].second).c_str(),
                 percent(pairs[i].second, total_ - 1), static_cast<int>(first.size()), first.data(),
                 static_cast<int>(second.size()), second.data());
  }
}

} // namespace wasmline::tools
