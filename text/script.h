// The .wast script format (the spec test suite's, WebAssembly 3.0 plus the threads proposal's
// `thread` and `wait`): commands with their modules already encoded as binaries, actions,
// literals and result patterns. Nothing is run here.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/types.h"
#include "wasmline/result.h"

namespace wasmline::text {

// A module of a script: its binary, or the text error that kept it from being one.
struct ScriptModule {
  enum class Source : std::uint8_t { Text, Binary, Quote };
  Source source = Source::Text;
  std::string name;                 // its $id without '$', empty when it has none
  bool definition = false;          // (module definition ...): defined, not instantiated
  std::vector<std::uint8_t> binary; // valid when `error` is empty
  std::optional<std::string> error; // "name:line:column: message"
  std::uint32_t line = 0;
};

// How a float (or a float lane) must match: its bits, or any canonical / arithmetic NaN.
enum class NanPattern : std::uint8_t { None, Canonical, Arithmetic };

// A literal of an action's arguments, or one pattern of an assertion's results.
struct ScriptValue {
  enum class Kind : std::uint8_t {
    I32,
    I64,
    F32,
    F64,
    V128,
    RefNull,   // (ref.null ht), or (ref.null) as a result: any null reference
    RefExtern, // (ref.extern N); as a result without N: any non-null externref
    RefHost,   // (ref.host N)
    RefFunc,   // (ref.func) result: any non-null function reference
    RefAny,    // (ref) result: any non-null reference
    RefEq,     // (ref.eq)
    RefI31,    // (ref.i31)
    RefStruct, // (ref.struct)
    RefArray,  // (ref.array)
    RefExn,    // (ref.exn)
  };
  Kind kind = Kind::I32;
  std::array<std::uint8_t, 16> bytes{}; // little-endian bits of numbers and vectors
  std::uint8_t laneBits = 32;           // v128: 8, 16, 32 or 64
  bool floatLanes = false;              // v128: f32x4 or f64x2
  std::array<NanPattern, 4> nan{};      // f32/f64: [0]; float vectors: per lane
  bool hasHeapType = false;             // RefNull: written with a heap type
  HeapKind heap = HeapKind::Func;       // RefNull's heap type (Concrete: `index`)
  std::uint32_t index = 0;              // RefNull's type index
  bool hasPayload = false;              // RefExtern/RefHost: written with N
  std::uint32_t payload = 0;            // RefExtern/RefHost: N
};

// One expected result: a pattern, or several of which one must match (either ...).
struct ScriptResult {
  std::vector<ScriptValue> alternatives;
};

// (invoke $I? "name" literal*) or (get $I? "name").
struct ScriptAction {
  bool isGet = false;
  std::string instance; // empty for the latest instance
  std::string field;
  std::vector<ScriptValue> args;
  std::uint32_t line = 0;
};

enum class CommandKind : std::uint8_t {
  Module,   // (module ...), definition or not
  Instance, // (module instance $I? $M?)
  Register, // (register "name" $I?)
  Action,   // a bare invoke or get
  AssertReturn,
  AssertTrap, // an action that traps
  AssertExhaustion,
  AssertException,
  AssertMalformed,
  AssertInvalid,
  AssertUnlinkable,
  AssertUninstantiable, // (assert_trap (module ...) "msg"): instantiation traps
  Thread,               // (thread $T (shared (module $M))* command*)
  Wait,                 // (wait $T)
  // The custom/ tests: a custom annotation or custom section is malformed / invalid (the
  // module itself may be fine).
  AssertMalformedCustom,
  AssertInvalidCustom,
};
inline constexpr int kCommandKindCount = 16;

// The script's name of a command kind: "module", "assert_return", ...
const char* commandKindName(CommandKind kind);

struct ScriptCommand {
  CommandKind kind = CommandKind::Module;
  std::uint32_t line = 0;
  std::optional<ScriptModule> module;  // Module and the module assertions (unless `instance`)
  std::string instance;                // Instance/Register/assertions on an instance: $I
  std::string moduleName;              // Instance: the module $M to instantiate (empty: latest)
  bool onInstance = false;             // assert_unlinkable/uninstantiable of (module instance ...)
  std::string registerName;            // Register: "name"
  std::optional<ScriptAction> action;  // Action and the action assertions
  std::vector<ScriptResult> expected;  // AssertReturn
  std::string message;                 // the assertion's expected failure text
  std::string thread;                  // Thread and Wait: $T
  std::vector<std::string> shared;     // Thread: the modules it shares with the script
  std::vector<ScriptCommand> commands; // Thread: its own script
};

struct Script {
  std::vector<ScriptCommand> commands;
};

struct ScriptOptions {
  std::size_t maxBytes = std::size_t{1} << 30; // larger scripts are refused
  bool referenceTypes = true;                  // as TextOptions::referenceTypes
};

// Reads a script. A text module that does not parse is no script error: it arrives with its
// `error` set (an assert_malformed expects exactly that). Errors: Malformed "name:line:column:
// message" when the script itself is not well formed; InvalidArgument when it is larger than
// options.maxBytes.
Result<Script> parseScript(std::string_view source, std::string_view sourceName,
                           const ScriptOptions& options = {});

} // namespace wasmline::text
