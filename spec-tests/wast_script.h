// A .wast script as a list of commands, parsed in process by libwabt's script parser. Text
// modules arrive here already converted to binary; nothing is validated yet.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wasmline/features.h"
#include "wasmline/result.h"
#include "wasmline/types.h"

namespace wasmline::spec {

enum class CommandKind : std::uint8_t {
  Module,
  Register,
  Action,
  AssertReturn,
  AssertTrap,
  AssertExhaustion,
  AssertMalformed,
  AssertInvalid,
  AssertUnlinkable,
  AssertUninstantiable,
  AssertException,
};
inline constexpr int kCommandKindCount = 11;

// The script's name of a command kind: "module", "assert_return", ...
const char* commandKindName(CommandKind kind);

// A module of the script: its bytes, or why its text could not be turned into bytes.
struct ScriptModule {
  enum class Source : std::uint8_t { Text, Binary, Quoted };
  Source source = Source::Text;
  std::string name;                 // "$M" when the script names it, else empty
  std::vector<std::uint8_t> binary; // valid when textError is empty
  std::optional<std::string> textError;
};

// How an expected float must match: exactly, or any canonical / arithmetic NaN.
enum class NanKind : std::uint8_t { None, Canonical, Arithmetic };

// A value in an action's arguments or an assertion's expectations.
struct ScriptValue {
  ValType type = ValType::I32;
  std::array<std::uint8_t, 16> bytes{}; // little-endian bits of numbers and v128
  ValType laneType = ValType::I32;      // for v128: I32/I64/F32/F64, or I32 with laneBits 8/16
  int laneBits = 32;                    // for v128: 8, 16, 32 or 64
  std::array<NanKind, 4> nan{};         // per lane for f32x4/f64x2, lane 0 for f32/f64
  bool isNull = false;                  // ref.null
  std::uint64_t externIndex = 0;        // ref.extern N
  bool anyFunc = false;                 // the expectation "ref.func" (any non-null funcref)
};

// An invoke or get.
struct ScriptAction {
  bool isGet = false;
  std::string module; // "$M", or empty for the latest module
  std::string field;
  std::vector<ScriptValue> args;
};

struct ScriptCommand {
  CommandKind kind = CommandKind::Module;
  int line = 0;
  std::optional<ScriptModule> module; // module, assert_malformed/invalid/unlinkable/uninstantiable
  std::string registerName;           // register: the name to register under
  std::string registerModule;         // register: "$M" or empty for the latest module
  std::optional<ScriptAction> action;
  std::vector<ScriptValue> expected;                  // assert_return
  std::vector<std::vector<ScriptValue>> alternatives; // assert_return (either ...)
  std::string text;                                   // expected message
};

// Parses a .wast file. Errors: InvalidArgument when the file cannot be read, Malformed with the
// parser's messages when it is not a valid script.
Result<std::vector<ScriptCommand>> parseWastFile(const std::string& path, const Features& features);

} // namespace wasmline::spec
