// The public store objects: Value, Store, Func, Global and Table.
#include <bit>
#include <cstring>

#include "api/access.h"
#include "binary/subtyping.h"
#include "binary/type_registry.h"
#include "interp/interpreter.h"
#include "runtime/store.h"
#include "wasmline/store.h"

namespace wasmline {
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
  // A non-null host reference or exception: (ref extern), (ref exn).
  return binary::isCanonicalHeapSubtype(HeapType(binary::canonicalTopOf(got.heapType())),
                                        expected.heapType());
}

Error typeError(const char* what, ValType expected, ValType got) {
  return Error(ErrorKind::InvalidArgument, std::string(what) + ": expected " +
                                               std::string(valTypeName(expected)) + ", got " +
                                               std::string(valTypeName(got)));
}

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
  return valueOf(ValType::FuncRef,
                 interp::RawValue{reinterpret_cast<std::uintptr_t>(api::Access::object(func)), 0},
                 api::Access::store(func));
}

std::uint64_t Value::externPayload() const {
  if (!type_.isRef() || low_ == 0 || binary::canonicalTopOf(type_.heapType()) != HeapKind::Extern) {
    return 0;
  }
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

Func Func::wrap(Store& store, FuncType type, Callback callback) {
  runtime::StoreData* data = &api::Access::store(store);
  interp::FuncInstance function;
  function.type = type;
  function.typeId = binary::canonicalTypeId(type);
  function.host = [data, type, callback = std::move(callback)](
                      std::span<const interp::RawValue> args,
                      std::span<interp::RawValue> results) -> Result<void> {
    std::vector<Value> arguments;
    arguments.reserve(args.size());
    for (std::size_t i = 0; i < args.size(); ++i) {
      arguments.push_back(valueOf(type.params[i], args[i], data));
    }
    std::vector<Value> outputs;
    for (ValType result : type.results)
      outputs.push_back(valueOf(result, {}, data));
    if (auto status = callback(arguments, outputs); !status) return status.error();
    for (std::size_t i = 0; i < outputs.size(); ++i) {
      if (!fits(outputs[i], type.results[i])) {
        return typeError("host function result", type.results[i], outputs[i].type());
      }
      results[i] = rawOf(outputs[i]);
    }
    return {};
  };
  return Func(data, &data->addFunction(std::move(function)));
}

const FuncType& Func::type() const {
  return func_->type;
}

Result<std::vector<Value>> Func::call(std::span<const Value> args) const {
  const FuncType& type = func_->type;
  if (args.size() != type.params.size()) {
    return Error(ErrorKind::InvalidArgument, "expected " + std::to_string(type.params.size()) +
                                                 " arguments, got " + std::to_string(args.size()));
  }
  std::vector<interp::RawValue> raw;
  raw.reserve(args.size());
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (!fits(args[i], type.params[i])) {
      return typeError(("argument " + std::to_string(i)).c_str(), type.params[i], args[i].type());
    }
    raw.push_back(rawOf(args[i]));
  }
  auto results = interp::invoke(store_->execution(), *func_, raw);
  if (!results) return results.error();
  std::vector<Value> values;
  values.reserve(results->size());
  for (std::size_t i = 0; i < results->size(); ++i) {
    values.push_back(valueOf(type.results[i], (*results)[i], store_));
  }
  return values;
}

// --- Global --------------------------------------------------------------------------------------

Result<Global> Global::create(Store& store, GlobalType type, const Value& value) {
  if (!fits(value, type.type)) return typeError("global value", type.type, value.type());
  interp::GlobalInstance global{type, rawOf(value)};
  runtime::StoreData& data = api::Access::store(store);
  return Global(&data, &data.addGlobal(global));
}

const GlobalType& Global::type() const {
  return global_->type;
}
Value Global::get() const {
  return valueOf(global_->type.type, global_->value, store_);
}

Result<void> Global::set(const Value& value) {
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
  return table_->type;
}
std::uint64_t Table::size() const {
  return table_->elements.size();
}

Result<Value> Table::get(std::uint64_t index) const {
  if (index >= table_->elements.size()) {
    return Error(ErrorKind::OutOfBounds, "table index " + std::to_string(index) +
                                             " out of bounds, size " + std::to_string(size()));
  }
  return valueOf(table_->type.element, interp::RawValue{table_->elements[index], 0}, store_);
}

Result<void> Table::set(std::uint64_t index, const Value& value) {
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
  const std::uint64_t current = table_->elements.size();
  const std::uint64_t maximum = table_->type.limits.max.value_or(table_->type.sizeLimit());
  if (delta > maximum - current) {
    return Error(ErrorKind::GrowFailed, "cannot grow table of " + std::to_string(current) +
                                            " elements by " + std::to_string(delta) +
                                            ": the maximum is " + std::to_string(maximum));
  }
  if (!fits(initial, table_->type.element)) {
    return typeError("table element", table_->type.element, initial.type());
  }
  if (!table_->budget->growTable(current, current + delta)) {
    const StoreLimits& limits = table_->budget->limits();
    return Error(ErrorKind::LimitExceeded,
                 "cannot grow table of " + std::to_string(current) + " elements by " +
                     std::to_string(delta) + ": past the store's limits of " +
                     std::to_string(limits.tableElements) + " elements per table and " +
                     std::to_string(limits.totalTableElements) +
                     " in all (StoreLimits::tableElements, totalTableElements)");
  }
  table_->elements.resize(current + delta, rawOf(initial).low);
  return current;
}

} // namespace wasmline
