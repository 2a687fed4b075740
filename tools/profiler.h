// `wasmline run --profile`: counts the instructions a run executes, per function and per pair of
// instructions executed one after the other (the dispatch pairs an interpreter's
// superinstructions would merge), through ExecutionConfig::trace, and prints the hottest.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "wasmline/engine.h"

namespace wasmline::tools {

class Profiler {
public:
  // Counts one executed instruction (the trace callback's event).
  void record(const TraceEvent& event);

  // Writes the totals, the `top` functions with the most executed instructions and the `top`
  // most frequent instruction pairs to `out`. Writes a line saying nothing ran when nothing did.
  void print(std::FILE* out, std::size_t top = 20) const;

  std::uint64_t instructions() const { return total_; }

private:
  struct FunctionCount {
    std::string name; // from the name section; empty when it has none
    std::uint64_t instructions = 0;
    bool seen = false;
  };

  // A small number per distinct instruction name, so a pair is one 64-bit key.
  std::uint32_t instructionId(std::string_view name);

  std::uint64_t total_ = 0;
  std::vector<FunctionCount> functions_; // by function index
  std::unordered_map<std::string_view, std::uint32_t> ids_;
  std::vector<std::string_view> names_; // by id (the names are the opcode table's: static)
  std::unordered_map<std::uint64_t, std::uint64_t> pairs_;
  std::uint32_t previous_ = 0; // id of the last instruction + 1; 0 before the first
};

} // namespace wasmline::tools
