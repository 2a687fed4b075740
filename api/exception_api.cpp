// The public Tag and Exception, and exnref values.
#include "api/access.h"
#include "binary/subtyping.h"
#include "binary/type_registry.h"
#include "wasmline/store.h"

namespace wasmline {

Result<Tag> Tag::create(Store& store, const TagType& type) {
  if (!type.type.results.empty()) {
    return Error(ErrorKind::InvalidType,
                 "a tag's type has no results, got " + type.type.toString());
  }
  runtime::StoreData& data = api::Access::store(store);
  interp::TagInstance tag;
  tag.type = type.type;
  tag.typeId = binary::canonicalTypeId(type.type);
  return api::Access::tag(&data, &data.addTag(std::move(tag)));
}

TagType Tag::type() const {
  if (tag_ == nullptr) return TagType{};
  return TagType{tag_->type};
}

Result<Exception> Exception::create(Store& store, const Tag& tag, std::span<const Value> payload) {
  if (!tag) {
    return Error(ErrorKind::InvalidArgument,
                 "empty Tag handle (default-constructed, refers to nothing)");
  }
  const FuncType& type = api::Access::object(tag)->type;
  if (payload.size() != type.params.size()) {
    return Error(ErrorKind::InvalidArgument, "the tag carries " +
                                                 std::to_string(type.params.size()) +
                                                 " values, got " + std::to_string(payload.size()));
  }
  std::vector<std::uint64_t> slots;
  for (std::size_t i = 0; i < payload.size(); ++i) {
    if (!api::Access::fits(payload[i], type.params[i])) {
      return Error(ErrorKind::InvalidArgument,
                   "payload value " + std::to_string(i) + ": expected " +
                       std::string(valTypeName(type.params[i])) + ", got " +
                       std::string(valTypeName(payload[i].type())));
    }
    const interp::RawValue raw = api::Access::raw(payload[i]);
    slots.push_back(raw.low);
    if (type.params[i] == ValType::V128) slots.push_back(raw.high);
  }
  runtime::StoreData& data = api::Access::store(store);
  interp::ExceptionObject* exception = data.exceptions().create(api::Access::object(tag), slots);
  interp::ExceptionHeap::pin(exception); // the host holds it
  return Exception(&data, exception);
}

std::optional<Exception> Exception::fromError(Store& store, const Error& error) {
  if (error.kind() != ErrorKind::Exception) return std::nullopt;
  runtime::StoreData& data = api::Access::store(store);
  auto* exception = reinterpret_cast<interp::ExceptionObject*>(error.exceptionHandle());
  if (!data.exceptions().owns(exception)) return std::nullopt;
  return Exception(&data, exception);
}

Tag Exception::tag() const {
  if (exception_ == nullptr) return Tag();
  // Tags are never freed before their store; the exception only reads its own.
  return api::Access::tag(store_, const_cast<interp::TagInstance*>(exception_->tag));
}

std::vector<Value> Exception::payload() const {
  std::vector<Value> values;
  if (exception_ == nullptr) return values;
  std::size_t slot = 0;
  for (ValType type : exception_->tag->type.params) {
    interp::RawValue raw{exception_->payload[slot++], 0};
    if (type == ValType::V128) raw.high = exception_->payload[slot++];
    values.push_back(api::Access::value(type, raw, store_));
  }
  return values;
}

Error Exception::toError() const {
  if (exception_ == nullptr) {
    return Error(ErrorKind::InvalidArgument,
                 "empty Exception handle (default-constructed, refers to nothing)");
  }
  return Error::uncaughtException("exception thrown by the host",
                                  reinterpret_cast<std::uintptr_t>(exception_));
}

Value Exception::toValue() const {
  if (exception_ == nullptr) {
    return api::Access::value(ValType::ref(HeapType(HeapKind::Exn), true), {}, store_);
  }
  return api::Access::value(ValType::ref(HeapType(HeapKind::Exn), false),
                            {reinterpret_cast<std::uintptr_t>(exception_), 0}, store_);
}

std::optional<Exception> Value::asException() const {
  if (!type_.isRef() || low_ == 0 || binary::canonicalTopOf(type_.heapType()) != HeapKind::Exn) {
    return std::nullopt;
  }
  return api::Access::exception(
      store_, reinterpret_cast<interp::ExceptionObject*>(static_cast<std::uintptr_t>(low_)));
}

} // namespace wasmline
