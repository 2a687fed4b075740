#include "tests/diff/compare.h"

#include <array>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <string_view>

namespace wasmline::diff {
namespace {

bool isNan32(std::uint32_t bits) {
  return (bits & 0x7f800000u) == 0x7f800000u && (bits & 0x007fffffu) != 0;
}
bool isNan64(std::uint64_t bits) {
  return (bits & 0x7ff0000000000000ull) == 0x7ff0000000000000ull &&
         (bits & 0x000fffffffffffffull) != 0;
}

// True when every differing 32-bit (or every differing 64-bit) lane of two v128s holds a NaN on
// both sides: the same vector up to NaN bits, read as f32x4 or f64x2.
bool sameUpToNanLanes(const RawValue& a, const RawValue& b) {
  const std::array<std::uint64_t, 2> x{a.low, a.high}, y{b.low, b.high};
  bool as32 = true, as64 = true;
  for (int i = 0; i < 2; ++i) {
    if (x[i] == y[i]) continue;
    as64 = as64 && isNan64(x[i]) && isNan64(y[i]);
    for (int half = 0; half < 2; ++half) {
      const auto p = static_cast<std::uint32_t>(x[i] >> (32 * half));
      const auto q = static_cast<std::uint32_t>(y[i] >> (32 * half));
      if (p != q) as32 = as32 && isNan32(p) && isNan32(q);
    }
  }
  return as32 || as64;
}

bool sameValue(const RawValue& a, const RawValue& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
  case Kind::I32:
  case Kind::I64: return a.low == b.low;
  case Kind::F32:
    return a.low == b.low || (isNan32(static_cast<std::uint32_t>(a.low)) &&
                              isNan32(static_cast<std::uint32_t>(b.low)));
  case Kind::F64: return a.low == b.low || (isNan64(a.low) && isNan64(b.low));
  case Kind::V128: return (a.low == b.low && a.high == b.high) || sameUpToNanLanes(a, b);
  case Kind::FuncRef:
  case Kind::ExternRef: return a.null == b.null;
  }
  return false;
}

std::string describeValues(const std::vector<RawValue>& values) {
  std::string text = "[";
  for (std::size_t i = 0; i < values.size(); ++i)
    text += (i == 0 ? "" : " ") + formatRaw(values[i]);
  return text + "]";
}

std::string compareValues(const char* what, const std::vector<RawValue>& a,
                          const std::vector<RawValue>& b) {
  bool same = a.size() == b.size();
  for (std::size_t i = 0; same && i < a.size(); ++i)
    same = sameValue(a[i], b[i]);
  if (same) return "";
  return std::string(what) + " " + describeValues(a) + " vs " + describeValues(b);
}

} // namespace

const char* kindName(Kind kind) {
  switch (kind) {
  case Kind::I32: return "i32";
  case Kind::I64: return "i64";
  case Kind::F32: return "f32";
  case Kind::F64: return "f64";
  case Kind::V128: return "v128";
  case Kind::FuncRef: return "funcref";
  case Kind::ExternRef: return "externref";
  }
  return "?";
}

std::string formatRaw(const RawValue& value) {
  char text[64];
  switch (value.kind) {
  case Kind::I32:
  case Kind::F32:
    std::snprintf(text, sizeof text, "%s:0x%08" PRIx64, kindName(value.kind), value.low);
    break;
  case Kind::I64:
  case Kind::F64:
    std::snprintf(text, sizeof text, "%s:0x%016" PRIx64, kindName(value.kind), value.low);
    break;
  case Kind::V128:
    std::snprintf(text, sizeof text, "v128:0x%016" PRIx64 "%016" PRIx64, value.high, value.low);
    break;
  case Kind::FuncRef:
  case Kind::ExternRef:
    std::snprintf(text, sizeof text, "%s:%s", kindName(value.kind),
                  value.null ? "null" : "non-null");
    break;
  }
  return text;
}

std::string trapCategory(const std::string& message) {
  // Each engine's wording, keyed by a fragment, to the spec's name of the trap.
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kFragments{{
      {"unreachable", "unreachable"},
      {"divide by zero", "integer divide by zero"},
      {"integer overflow", "integer overflow"},
      {"invalid conversion", "invalid conversion to integer"},
      {"out of bounds memory", "out of bounds memory access"},
      {"memory access out of bounds", "out of bounds memory access"},
      {"out of bounds table", "out of bounds table access"},
      {"undefined element", "out of bounds table access"},
      {"uninitialized", "uninitialized element"},
      {"indirect call", "indirect call type mismatch"},
      {"signature mismatch", "indirect call type mismatch"},
      {"null", "null reference"},
      {"unaligned atomic", "unaligned atomic"},
      {"call stack exhausted", "call stack exhausted"},
  }};
  for (const auto& [fragment, category] : kFragments) {
    if (message.find(fragment) != std::string::npos) return std::string(category);
  }
  return "";
}

std::string compareOutcomes(const Outcome& wasmline, const Outcome& other) {
  if (auto logs = compareValues("logged", wasmline.logs, other.logs); !logs.empty()) {
    const auto ending = [](const Outcome& outcome) {
      return outcome.trapped ? "trapped (" + outcome.trap + ")"
                             : "returned " + describeValues(outcome.results);
    };
    return logs + "; then wasmline " + ending(wasmline) + ", the other " + ending(other);
  }
  if (wasmline.trapped != other.trapped) {
    return wasmline.trapped ? "wasmline trapped (" + wasmline.trap + "), the other returned " +
                                  describeValues(other.results)
                            : "the other trapped (" + other.trap + "), wasmline returned " +
                                  describeValues(wasmline.results);
  }
  if (wasmline.trapped) {
    const std::string a = trapCategory(wasmline.trap), b = trapCategory(other.trap);
    if (!a.empty() && !b.empty() && a != b) {
      return "trap \"" + wasmline.trap + "\" vs \"" + other.trap + "\"";
    }
    return "";
  }
  return compareValues("results", wasmline.results, other.results);
}

std::string knownDifference(const Outcome& /*wasmline*/, const Outcome& wabt) {
  if (wabt.trapped && wabt.trap == "not implemented") return "wabt lacks atomic wait/notify";
  return "";
}

bool makesNondeterministicNan(std::string_view instruction) {
  if (!instruction.starts_with("f32x4.") && !instruction.starts_with("f64x2.")) return false;
  const std::string_view op = instruction.substr(6);
  for (const std::string_view arithmetic :
       {"add", "sub", "mul", "div", "sqrt", "min", "max", "ceil", "floor", "trunc", "nearest",
        "demote_f64x2_zero", "promote_low_f32x4"}) {
    if (op == arithmetic) return true;
  }
  return false;
}

std::string compareMemories(std::span<const std::uint8_t> wasmline,
                            std::span<const std::uint8_t> other, bool& nanBits) {
  nanBits = false;
  if (wasmline.size() != other.size()) {
    return "memory size " + std::to_string(wasmline.size()) + " vs " + std::to_string(other.size());
  }
  if (std::memcmp(wasmline.data(), other.data(), wasmline.size()) == 0) return "";
  for (std::size_t i = 0; i < wasmline.size(); ++i) {
    if (wasmline[i] == other[i]) continue;
    // A NaN stored by both, with other bits: compare the aligned words around the byte.
    const std::size_t word4 = i & ~std::size_t{3}, word8 = i & ~std::size_t{7};
    std::uint32_t a4 = 0, b4 = 0;
    std::uint64_t a8 = 0, b8 = 0;
    if (word4 + 4 <= wasmline.size()) {
      std::memcpy(&a4, &wasmline[word4], 4);
      std::memcpy(&b4, &other[word4], 4);
      if (isNan32(a4) && isNan32(b4)) {
        nanBits = true;
        i = word4 + 3;
        continue;
      }
    }
    if (word8 + 8 <= wasmline.size()) {
      std::memcpy(&a8, &wasmline[word8], 8);
      std::memcpy(&b8, &other[word8], 8);
      if (isNan64(a8) && isNan64(b8)) {
        nanBits = true;
        i = word8 + 7;
        continue;
      }
    }
    char text[96];
    std::snprintf(text, sizeof text, "memory byte 0x%zx: 0x%02x vs 0x%02x", i, wasmline[i],
                  other[i]);
    return text;
  }
  return "";
}

} // namespace wasmline::diff
