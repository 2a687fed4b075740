// What running a generated module's exports in one engine produced, in a form both engines share,
// and the interface the differential test drives each engine through.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace wasmline::diff {

// A value's type, common to the engines compared.
enum class Kind : std::uint8_t { I32, I64, F32, F64, V128, FuncRef, ExternRef };

// The text of a kind ("i32", ..., "externref").
const char* kindName(Kind kind);

// A value as bits: numbers in `low` (v128: lanes 0-7 in `low`, 8-15 in `high`); references only
// by whether they are null (function identities are not comparable across engines).
struct RawValue {
  Kind kind = Kind::I32;
  std::uint64_t low = 0;
  std::uint64_t high = 0;
  bool null = false;
};

// The outcome of one call: what it logged through the fuzzing-support imports, then its results
// or its trap.
struct Outcome {
  std::vector<RawValue> logs;
  std::vector<RawValue> results;
  bool trapped = false;
  std::string trap;       // the engine's trap message when trapped
  bool exhausted = false; // a resource limit (stack, fuel) ended it: not comparable
};

// What instantiating a module produced.
struct Instantiation {
  bool decoded = false; // decoding and validation succeeded
  bool trapped = false; // instantiation trapped (a segment out of bounds, the start function)
  std::string message;  // why not, when it failed
};

// An exported function: its name and whether every parameter has a zero value to call it with.
struct ExportedFunction {
  std::string name;
  std::vector<Kind> params;
  std::vector<Kind> results;
};

// Bytes of a module or a memory. (Not std::span: wabt's interpreter headers need the C++17
// translation unit wabt_runner.cpp, which includes this header too.)
struct ByteView {
  const std::uint8_t* data = nullptr;
  std::size_t size = 0;
};

// One engine running one module. The differential test calls the same exports on two of these in
// lock step.
class Runner {
public:
  virtual ~Runner() = default;
  // Decodes, validates and instantiates `binary`, with the fuzzing-support log imports provided.
  virtual Instantiation instantiate(ByteView binary) = 0;
  // The exported functions, in the module's export order.
  virtual std::vector<ExportedFunction> exports() = 0;
  // Calls export `name` with zero arguments.
  virtual Outcome call(const std::string& name) = 0;
  // The bytes of the memory exported as "memory" (empty when there is none).
  virtual ByteView memory() = 0;
};

} // namespace wasmline::diff
