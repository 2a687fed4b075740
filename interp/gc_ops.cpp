#include "interp/gc_ops.h"

#include <deque>
#include <mutex>

namespace wasmline::interp {

GcObject* newStruct(GcHeap* heap, const GcType& type, const std::uint64_t* fields) {
  if (heap == nullptr) return nullptr;
  GcObject* object = heap->allocate(type, type.slots, std::uint64_t{type.slots} * 8);
  if (object == nullptr) return nullptr;
  if (fields == nullptr) return object;
  for (std::size_t i = 0; i < type.fieldSlots.size(); ++i) {
    const std::uint32_t slot = type.fieldSlots[i];
    storeField(object->slots() + slot, type.fieldStorage[i], fields + slot);
  }
  return object;
}

GcObject* newArray(GcHeap* heap, const GcType& type, std::uint32_t length,
                   const std::uint64_t* value) {
  if (heap == nullptr) return nullptr;
  const std::uint32_t bytes = storageBytes(type.element);
  // Elements rounded up to whole words, so that reference elements stay 8-byte aligned.
  const std::uint64_t size = (std::uint64_t{length} * bytes + 7) & ~std::uint64_t{7};
  GcObject* object = heap->allocate(type, length, size);
  if (object == nullptr || value == nullptr) return object;
  bool zero = value[0] == 0 && (type.element != Storage::V128 || value[1] == 0);
  if (zero) return object; // allocation zeroes
  std::uint8_t* data = object->data();
  for (std::uint32_t i = 0; i < length; ++i)
    storeValue(data + std::size_t{i} * bytes, type.element, value);
  return object;
}

const CastTarget* internCastTarget(const CastTarget& target) {
  static std::mutex mutex;
  static std::deque<CastTarget> targets;
  const std::lock_guard lock(mutex);
  for (const CastTarget& known : targets) {
    if (known.kind == target.kind && known.nullable == target.nullable &&
        known.type == target.type) {
      return &known;
    }
  }
  return &targets.emplace_back(target);
}

} // namespace wasmline::interp
