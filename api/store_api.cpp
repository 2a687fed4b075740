// The public store objects: Value, Store, Func, Global and Table.
#include <array>
#include <bit>
#include <cstring>

#include "api/access.h"
#include "api/signature_match.h"
#include "binary/subtyping.h"
#include "binary/type_registry.h"
#include "interp/gc_types.h"
#include "interp/interpreter.h"
#include "runtime/store.h"
#include "wasmline/store.h"

namespace wasmline {

Value api::Access::value(ValType type, const interp::RawValue& raw, runtime::StoreData* store) {
  Value value(type, raw.low);
  value.high_ = raw.high;
  value.store_ = store;
  const auto kind = value.refKind();
  if (store != nullptr && (kind == HeapKind::Struct || kind == HeapKind::Array)) {
    store->rootValue(raw.low);
    value.rooted_ = true;
  }
  if (raw.low != 0 && type.isRef() &&
      binary::canonicalTopOf(type.heapType()) == HeapKind::Exn) { // the host holds it now
    interp::ExceptionHeap::pin(
        reinterpret_cast<interp::ExceptionObject*>(static_cast<std::uintptr_t>(raw.low)));
  }
  return value;
}

void api::Access::root(runtime::StoreData& store, std::uint64_t word) {
  store.rootValue(word);
}

void api::Access::unroot(runtime::StoreData& store, std::uint64_t word) {
  store.unrootValue(word);
}

void Value::retain() const {
  api::Access::root(*store_, low_);
}

void Value::release() const {
  api::Access::unroot(*store_, low_);
}

namespace {

interp::RawValue rawOf(const Value& value) {
  return api::Access::raw(value);
}

Value valueOf(ValType type, const interp::RawValue& raw, runtime::StoreData* store) {
  return api::Access::value(type, raw, store);
}

// True when `value` may stand where `expected` is: numbers and vectors of the same type; a null
// of the same hierarchy where the type is nullable; a function whose type is below the expected
// heap type; an externref where an extern is expected. Types are canonical (runtime objects').
bool fits(const Value& value, ValType expected) {
  const ValType got = value.type();
  if (!got.isRef() || !expected.isRef()) return got == expected;
  if (binary::isCanonicalSubtype(got, expected)) return true;
  if (binary::canonicalTopOf(got.heapType()) != binary::canonicalTopOf(expected.heapType())) {
    return false;
  }
  if (value.isNull()) return expected.nullable();
  if (const auto func = value.asFunc()) {
    const auto* object = api::Access::object(*func);
    return binary::isCanonicalHeapSubtype(HeapType::concrete(object->typeId), expected.heapType());
  }
  // A non-null reference of the any hierarchy: what its object is decides (a cast).
  if (binary::canonicalTopOf(got.heapType()) == HeapKind::Any) {
    interp::CastTarget target;
    target.kind = expected.heapType().kind();
    target.nullable = expected.nullable();
    if (expected.heapType().isConcrete())
      target.type = &interp::gcType(expected.heapType().index());
    return interp::castMatches(api::Access::raw(value).low, target);
  }
  // A non-null host reference or exception: (ref extern), (ref exn).
  return binary::isCanonicalHeapSubtype(HeapType(binary::canonicalTopOf(got.heapType())),
                                        expected.heapType());
}

Error typeError(const char* what, ValType expected, ValType got) {
  return Error(ErrorKind::InvalidArgument, std::string(what) + ": expected " +
                                               std::string(valTypeName(expected)) + ", got " +
                                               std::string(valTypeName(got)));
}

Error emptyHandle(const char* what) {
  return Error(ErrorKind::InvalidArgument,
               std::string("empty ") + what + " handle (default-constructed, refers to nothing)");
}

// The Values of one host call: inline for a few, on the heap beyond.
class CallValues {
public:
  explicit CallValues(std::size_t count) {
    if (count <= inline_.size()) {
      values_ = std::span<Value>(inline_.data(), count);
    } else {
      heap_.resize(count);
      values_ = heap_;
    }
  }
  std::span<Value> span() { return values_; }

private:
  std::array<Value, 8> inline_;
  std::vector<Value> heap_;
  std::span<Value> values_;
};

// Runs a host function's body; a C++ exception it throws becomes an error (never unwinding
// through the interpreter): a wasmline::Error as it is, any other exception a Trap naming it.
Result<void> runHostBody(const Func::CallerCallback& body, Caller& caller,
                         std::span<const Value> args, std::span<Value> results) {
  try {
    return body(caller, args, results);
  } catch (const Error& error) {
    return error;
  } catch (const std::exception& exception) {
    return Error(ErrorKind::Trap, std::string("host function threw: ") + exception.what());
  } catch (...) {
    return Error(ErrorKind::Trap, "host function threw an exception that is not a std::exception");
  }
}

// "1 element", "3 elements".
std::string elementCount(std::uint64_t count) {
  return std::to_string(count) + (count == 1 ? " element" : " elements");
}

const FuncType kNoFuncType{};
const GlobalType kNoGlobalType{};
const TableType kNoTableType{};

} // namespace

bool api::Access::fits(const Value& value, ValType expected) {
  return wasmline::fits(value, expected);
}

// --- Value ---------------------------------------------------------------------------------------

Value Value::f32(float value) {
  return f32Bits(std::bit_cast<std::uint32_t>(value));
}
Value Value::f64(double value) {
  return f64Bits(std::bit_cast<std::uint64_t>(value));
}
float Value::asF32() const {
  return std::bit_cast<float>(static_cast<std::uint32_t>(low_));
}
double Value::asF64() const {
  return std::bit_cast<double>(low_);
}

Value Value::v128(const V128& value) {
  Value result(ValType::V128, 0);
  std::memcpy(&result.low_, value.bytes.data(), 8);
  std::memcpy(&result.high_, value.bytes.data() + 8, 8);
  return result;
}

V128 Value::asV128() const {
  V128 result;
  std::memcpy(result.bytes.data(), &low_, 8);
  std::memcpy(result.bytes.data() + 8, &high_, 8);
  return result;
}

Value Value::externRef(Store& store, std::uint64_t payload) {
  runtime::StoreData& data = api::Access::store(store);
  return valueOf(ValType::ExternRef, data.newExternRef(payload), &data);
}

Value Value::funcRef(const Func& func) {
  if (!func) return nullRef(ValType::FuncRef);
  return valueOf(ValType::FuncRef,
                 interp::RawValue{reinterpret_cast<std::uintptr_t>(api::Access::object(func)), 0},
                 api::Access::store(func));
}

Value Value::hostRef(Store& store, std::uint64_t payload) {
  runtime::StoreData& data = api::Access::store(store);
  return valueOf(ValType::ref(HeapKind::Any, false), data.newExternRef(payload), &data);
}

std::optional<HeapKind> Value::refKind() const {
  if (!type_.isRef() || low_ == 0) return std::nullopt;
  const HeapKind top = binary::canonicalTopOf(type_.heapType());
  if (top == HeapKind::Func || top == HeapKind::Exn) return top;
  if ((low_ & 1) != 0) return HeapKind::I31;
  switch (
      (*reinterpret_cast<const interp::GcType* const*>(static_cast<std::uintptr_t>(low_)))->kind) {
  case interp::GcType::Kind::Struct: return HeapKind::Struct;
  case interp::GcType::Kind::Array: return HeapKind::Array;
  case interp::GcType::Kind::Func:
  case interp::GcType::Kind::Host: break;
  }
  return HeapKind::Extern;
}

std::optional<std::int32_t> Value::asI31() const {
  if (refKind() != HeapKind::I31) return std::nullopt;
  return interp::i31Signed(low_);
}

std::uint64_t Value::externPayload() const {
  if (refKind() != HeapKind::Extern) return 0;
  return reinterpret_cast<const interp::ExternObject*>(static_cast<std::uintptr_t>(low_))->payload;
}

std::optional<Func> Value::asFunc() const {
  if (!type_.isRef() || low_ == 0 || binary::canonicalTopOf(type_.heapType()) != HeapKind::Func) {
    return std::nullopt;
  }
  return api::Access::func(
      store_, reinterpret_cast<interp::FuncInstance*>(static_cast<std::uintptr_t>(low_)));
}

// --- Store ---------------------------------------------------------------------------------------

Store::Store(const Engine& engine)
    : data_(std::make_unique<runtime::StoreData>(engine.config(), api::Access::epoch(engine))) {}

Result<void> Store::setEpochDeadline(std::uint64_t ticks) {
  if (!data_->config().execution.epochInterruption) {
    return Error(ErrorKind::Unsupported,
                 "epoch interruption is not enabled (ExecutionConfig::epochInterruption)");
  }
  data_->setEpochDeadline(ticks);
  return {};
}
Result<void> Store::setFuel(std::uint64_t fuel) {
  if (!data_->config().execution.consumeFuel) {
    return Error(ErrorKind::Unsupported, "fuel is not enabled (ExecutionConfig::consumeFuel)");
  }
  data_->fuel = fuel;
  return {};
}

GcHeapStats Store::gcStats() const {
  const interp::GcStats stats = data_->gcHeap().stats();
  GcHeapStats result;
  result.bytesInUse = stats.bytesInUse;
  result.liveAfterLast = stats.liveAfterLast;
  result.peakBytesInUse = stats.peakBytesInUse;
  result.bytesAllocated = stats.bytesAllocated;
  result.objectsAllocated = stats.objectsAllocated;
  result.collections = stats.collections;
  result.totalPauseNanos = stats.totalPauseNanos;
  result.maxPauseNanos = stats.maxPauseNanos;
  result.reservedBytes = stats.reservedBytes;
  result.limitBytes = data_->gcHeap().limit();
  result.deferred = stats.deferred;
  result.liveExceptions = data_->exceptions().live();
  return result;
}

void Store::collectGarbage() {
  data_->gcHeap().collect();
}

Result<std::uint64_t> Store::fuel() const {
  if (!data_->config().execution.consumeFuel) {
    return Error(ErrorKind::Unsupported, "fuel is not enabled (ExecutionConfig::consumeFuel)");
  }
  return data_->fuel;
}

Store::~Store() = default;
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;

// --- Func ----------------------------------------------------------------------------------------

Func Func::create(Store& store, FuncType type, CallerCallback body) {
  runtime::StoreData* data = &api::Access::store(store);
  interp::FuncInstance function;
  function.type = type;
  function.typeId = binary::canonicalTypeId(type);
  function.host = [data, type, body = std::move(body)](
                      interp::Instance* caller, std::span<const interp::RawValue> args,
                      std::span<interp::RawValue> results) -> Result<void> {
    CallValues arguments(args.size());
    for (std::size_t i = 0; i < args.size(); ++i) {
      arguments.span()[i] = valueOf(type.params[i], args[i], data);
    }
    CallValues outputs(type.results.size());
    for (std::size_t i = 0; i < type.results.size(); ++i) {
      outputs.span()[i] = valueOf(type.results[i], {}, data);
    }
    Caller context =
        api::Access::caller(caller != nullptr ? api::Access::instance(data, caller) : Instance());
    const Result<void> status = runHostBody(body, context, arguments.span(), outputs.span());
    if (context.pendingTrap()) return *context.pendingTrap();
    if (!status) return status.error();
    for (std::size_t i = 0; i < results.size(); ++i) {
      const Value& output = outputs.span()[i];
      if (!fits(output, type.results[i])) {
        return typeError("host function result", type.results[i], output.type());
      }
      results[i] = rawOf(output);
    }
    return {};
  };
  return Func(data, &data->addFunction(std::move(function)));
}

const FuncType& Func::type() const {
  return func_ != nullptr ? func_->type : kNoFuncType;
}

Result<std::vector<Value>> Func::call(std::span<const Value> args) const {
  if (func_ == nullptr) return emptyHandle("Func");
  const FuncType& type = func_->type;
  if (args.size() != type.params.size()) {
    return Error(ErrorKind::InvalidArgument, "expected " + std::to_string(type.params.size()) +
                                                 " arguments, got " + std::to_string(args.size()));
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (!fits(args[i], type.params[i])) {
      return typeError(("argument " + std::to_string(i)).c_str(), type.params[i], args[i].type());
    }
  }
  std::vector<Value> results(type.results.size());
  if (auto status = callChecked(args, results); !status) return status.error();
  return results;
}

Result<void> Func::callChecked(std::span<const Value> args, std::span<Value> results) const {
  if (func_ == nullptr) return emptyHandle("Func");
  std::vector<interp::RawValue> raw;
  raw.reserve(args.size());
  for (const Value& arg : args)
    raw.push_back(rawOf(arg));
  auto outputs = interp::invoke(store_->execution(), *func_, raw);
  if (!outputs) return outputs.error();
  for (std::size_t i = 0; i < results.size(); ++i) {
    results[i] = valueOf(func_->type.results[i], (*outputs)[i], store_);
  }
  return {};
}

Result<void> Func::expectType(const FuncType& expected) const {
  if (func_ == nullptr) return emptyHandle("Func");
  if (!api::signatureMatches(func_->type, expected)) {
    return Error(ErrorKind::InvalidArgument,
                 "function of type " + func_->type.toString() + " used as " + expected.toString());
  }
  return {};
}

// --- Caller --------------------------------------------------------------------------------------

Error Caller::trap(std::string message) {
  trap_ = Error(ErrorKind::Trap, std::move(message));
  return *trap_;
}

// --- Global --------------------------------------------------------------------------------------

Result<Global> Global::create(Store& store, GlobalType type, const Value& value) {
  if (!fits(value, type.type)) return typeError("global value", type.type, value.type());
  interp::GlobalInstance global{type, rawOf(value)};
  runtime::StoreData& data = api::Access::store(store);
  return Global(&data, &data.addGlobal(global));
}

const GlobalType& Global::type() const {
  return global_ != nullptr ? global_->type : kNoGlobalType;
}
Value Global::get() const {
  if (global_ == nullptr) return Value();
  return valueOf(global_->type.type, global_->value, store_);
}

Result<void> Global::set(const Value& value) {
  if (global_ == nullptr) return emptyHandle("Global");
  if (!global_->type.isMutable) {
    return Error(ErrorKind::InvalidArgument, "cannot set an immutable global");
  }
  if (!fits(value, global_->type.type)) {
    return typeError("global value", global_->type.type, value.type());
  }
  global_->value = rawOf(value);
  return {};
}

// --- Table ---------------------------------------------------------------------------------------

Result<Table> Table::create(Store& store, TableType type, const Value& initial) {
  if (auto valid = type.validate(); !valid) return valid.error();
  if (!fits(initial, type.element)) return typeError("table element", type.element, initial.type());
  runtime::StoreData& data = api::Access::store(store);
  if (auto admitted = data.admitTable(type.limits.min); !admitted) return admitted.error();
  interp::TableInstance table;
  table.type = type;
  table.elements.assign(type.limits.min, rawOf(initial).low);
  return Table(&data, &data.addTable(std::move(table)));
}

const TableType& Table::type() const {
  return table_ != nullptr ? table_->type : kNoTableType;
}
std::uint64_t Table::size() const {
  return table_ != nullptr ? table_->elements.size() : 0;
}

Result<Value> Table::get(std::uint64_t index) const {
  if (table_ == nullptr) return emptyHandle("Table");
  if (index >= table_->elements.size()) {
    return Error(ErrorKind::OutOfBounds, "table index " + std::to_string(index) +
                                             " out of bounds, size " + std::to_string(size()));
  }
  return valueOf(table_->type.element, interp::RawValue{table_->elements[index], 0}, store_);
}

Result<void> Table::set(std::uint64_t index, const Value& value) {
  if (table_ == nullptr) return emptyHandle("Table");
  if (index >= table_->elements.size()) {
    return Error(ErrorKind::OutOfBounds, "table index " + std::to_string(index) +
                                             " out of bounds, size " + std::to_string(size()));
  }
  if (!fits(value, table_->type.element)) {
    return typeError("table element", table_->type.element, value.type());
  }
  table_->elements[index] = rawOf(value).low;
  return {};
}

Result<std::uint64_t> Table::grow(std::uint64_t delta, const Value& initial) {
  if (table_ == nullptr) return emptyHandle("Table");
  const std::uint64_t current = table_->elements.size();
  const std::uint64_t maximum = table_->type.limits.max.value_or(table_->type.sizeLimit());
  if (delta > maximum - current) {
    return Error(ErrorKind::GrowFailed, "cannot grow table of " + elementCount(current) + " by " +
                                            elementCount(delta) + ": the maximum is " +
                                            std::to_string(maximum));
  }
  if (!fits(initial, table_->type.element)) {
    return typeError("table element", table_->type.element, initial.type());
  }
  if (!table_->budget->growTable(current, current + delta)) {
    const StoreLimits& limits = table_->budget->limits();
    return Error(ErrorKind::LimitExceeded,
                 "cannot grow table of " + elementCount(current) + " by " + elementCount(delta) +
                     ": past the store's limits of " + std::to_string(limits.tableElements) +
                     " elements per table and " + std::to_string(limits.totalTableElements) +
                     " in all (StoreLimits::tableElements, totalTableElements)");
  }
  table_->elements.resize(current + delta, rawOf(initial).low);
  return current;
}

} // namespace wasmline
