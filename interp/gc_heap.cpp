#include "interp/gc_heap.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>

namespace wasmline::interp {
namespace {

constexpr std::uintptr_t kBlockBytes = 256 * 1024;
// Cell sizes of the size classes (objects above the last are allocated alone).
constexpr std::uint32_t kCellSizes[] = {16,   32,   48,   64,   80,   96,    112,   128,  160,
                                        192,  224,  256,  320,  384,  448,   512,   640,  768,
                                        896,  1024, 1280, 1536, 1792, 2048,  2560,  3072, 3584,
                                        4096, 5120, 6144, 7168, 8192, 12288, 16384, 32768};
constexpr std::uint64_t kLargest = kCellSizes[std::size(kCellSizes) - 1];
// The first collection happens after this much allocation; later ones when the heap doubled
// since the last (at least by this much).
constexpr std::uint64_t kMinCollectionBytes = 16 * 1024 * 1024;

struct FreeDeleter {
  void operator()(void* memory) const { std::free(memory); }
};

} // namespace

struct GcHeap::Block {
  std::unique_ptr<std::uint8_t, FreeDeleter> memory;
  std::uint32_t sizeClass = 0;
  std::uint32_t cellSize = 0;
  std::uint32_t cells = 0;
  std::uint32_t used = 0; // cells cut from the block so far

  std::uint8_t* base() const { return memory.get(); }
  GcObject* cell(std::uint32_t index) const {
    return reinterpret_cast<GcObject*>(base() + std::size_t{index} * cellSize);
  }
};

GcHeap::GcHeap(std::uint64_t limitBytes)
    : limit_(limitBytes), nextCollection_(std::min(limitBytes, kMinCollectionBytes)) {
  for (std::uint32_t size : kCellSizes)
    classes_.push_back(SizeClass{size, nullptr, nullptr});
}

GcHeap::~GcHeap() {
  for (const auto& [object, bytes] : large_)
    std::free(reinterpret_cast<void*>(object));
}

int GcHeap::sizeClassOf(std::uint64_t bytes) {
  if (bytes <= 256) return static_cast<int>((std::max<std::uint64_t>(bytes, 1) + 15) / 16 - 1);
  for (std::size_t i = 12; i < std::size(kCellSizes); ++i) {
    if (bytes <= kCellSizes[i]) return static_cast<int>(i);
  }
  return -1;
}

GcObject* GcHeap::allocate(const GcType& type, std::uint32_t length, std::uint64_t bytes) {
  const std::lock_guard lock(mutex_);
  return allocateLocked(type, length, bytes);
}

GcObject* GcHeap::allocateLocked(const GcType& type, std::uint32_t length, std::uint64_t bytes) {
  if (bytes > limit_) return nullptr; // also keeps the sums below from overflowing
  const std::uint64_t total = sizeof(GcObject) + bytes;
  const int sizeClass = sizeClassOf(total);
  const std::uint64_t charged = sizeClass >= 0 ? kCellSizes[sizeClass] : (total + 15) & ~15ull;
  if (stats_.bytesInUse + charged > nextCollection_ && canCollect()) collectLocked();
  if (stats_.bytesInUse + charged > limit_) return nullptr;

  GcObject* object = nullptr;
  if (sizeClass < 0) {
    void* memory = std::aligned_alloc(16, charged);
    if (memory == nullptr) return nullptr;
    std::memset(memory, 0, charged);
    object = static_cast<GcObject*>(memory);
    large_.emplace(reinterpret_cast<std::uintptr_t>(memory), charged);
    stats_.reservedBytes += charged;
  } else {
    SizeClass& cls = classes_[static_cast<std::size_t>(sizeClass)];
    if (cls.freeList != nullptr) {
      std::uint64_t* cell = cls.freeList - 1; // the list runs through the cells' second word
      cls.freeList = reinterpret_cast<std::uint64_t*>(cell[1]);
      object = reinterpret_cast<GcObject*>(cell);
    } else {
      if (cls.bumping == nullptr || cls.bumping->used == cls.bumping->cells) {
        cls.bumping = newBlock(static_cast<std::uint32_t>(sizeClass));
        if (cls.bumping == nullptr) return nullptr;
      }
      object = cls.bumping->cell(cls.bumping->used++);
    }
    std::memset(static_cast<void*>(object), 0, charged);
  }
  object->type = &type;
  object->length = length;
  object->flags = 0;
  stats_.bytesInUse += charged;
  stats_.peakBytesInUse = std::max(stats_.peakBytesInUse, stats_.bytesInUse);
  stats_.bytesAllocated += charged;
  ++stats_.objectsAllocated;
  return object;
}

GcHeap::Block* GcHeap::newBlock(std::uint32_t sizeClass) {
  auto block = std::make_unique<Block>();
  block->memory.reset(static_cast<std::uint8_t*>(std::aligned_alloc(kBlockBytes, kBlockBytes)));
  if (!block->memory) return nullptr;
  block->sizeClass = sizeClass;
  block->cellSize = kCellSizes[sizeClass];
  block->cells = static_cast<std::uint32_t>(kBlockBytes / block->cellSize);
  Block* raw = block.get();
  blocks_.emplace(reinterpret_cast<std::uintptr_t>(raw->base()), std::move(block));
  stats_.reservedBytes += kBlockBytes;
  return raw;
}

bool GcHeap::contains(std::uint64_t word) const {
  if (word == 0 || (word & 15) != 0) return false;
  const auto address = static_cast<std::uintptr_t>(word);
  if (const auto found = blocks_.find(address & ~(kBlockBytes - 1)); found != blocks_.end()) {
    const Block& block = *found->second;
    const std::uintptr_t offset = address - reinterpret_cast<std::uintptr_t>(block.base());
    if (offset % block.cellSize != 0) return false;
    const auto index = static_cast<std::uint32_t>(offset / block.cellSize);
    return index < block.used && block.cell(index)->type != nullptr;
  }
  return large_.count(address) != 0;
}

void GcHeap::registerStack(StackRoots* roots) {
  const std::lock_guard lock(mutex_);
  stacks_.push_back(roots);
}

void GcHeap::unregisterStack(StackRoots* roots) {
  const std::lock_guard lock(mutex_);
  stacks_.erase(std::find(stacks_.begin(), stacks_.end(), roots));
}

bool GcHeap::canCollect() const {
  if (noCollect_ > 0) return false;
  const std::thread::id self = std::this_thread::get_id();
  return std::all_of(stacks_.begin(), stacks_.end(),
                     [&](const StackRoots* roots) { return roots->thread == self; });
}

void GcHeap::collect() {
  const std::lock_guard lock(mutex_);
  if (canCollect()) collectLocked();
}

void GcHeap::collectLocked() {
  const auto start = std::chrono::steady_clock::now();
  mark();
  sweep();
  stats_.liveAfterLast = stats_.bytesInUse;
  // The next collection when the heap has doubled (at least by the minimum), within the limit.
  nextCollection_ =
      std::min(limit_, stats_.bytesInUse + std::max(stats_.bytesInUse, kMinCollectionBytes));
  const auto pause = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start)
          .count());
  ++stats_.collections;
  stats_.totalPauseNanos += pause;
  stats_.maxPauseNanos = std::max(stats_.maxPauseNanos, pause);
}

void GcHeap::markWord(std::uint64_t word, std::vector<GcObject*>& stack) {
  auto* object = reinterpret_cast<GcObject*>(static_cast<std::uintptr_t>(word));
  if ((object->flags & 1) != 0) return;
  object->flags |= 1;
  stack.push_back(object);
}

void GcHeap::mark() {
  std::vector<GcObject*> stack;
  auto root = [&](std::uint64_t word) {
    if (contains(word)) markWord(word, stack);
  };
  for (const StackRoots* roots : stacks_) {
    for (const std::uint64_t* slot = roots->base; slot < roots->top; ++slot)
      root(*slot);
  }
  if (scanner_) scanner_(root);
  // A traced field holds null, an i31, a host ExternObject or an object of this heap (a store's
  // objects refer only to its own), told apart by their type word.
  auto field = [&](std::uint64_t word) {
    if (word == 0 || (word & 1) != 0) return;
    const GcType* type = *reinterpret_cast<const GcType* const*>(static_cast<std::uintptr_t>(word));
    if (type->kind == GcType::Kind::Host) return;
    markWord(word, stack);
  };
  while (!stack.empty()) {
    GcObject* object = stack.back();
    stack.pop_back();
    const GcType& type = *object->type;
    if (type.kind == GcType::Kind::Struct) {
      for (std::uint32_t slot : type.referenceSlots)
        field(object->slots()[slot]);
    } else if (type.elementTraced) {
      const std::uint64_t* elements = object->slots();
      for (std::uint32_t i = 0; i < object->length; ++i)
        field(elements[i]);
    }
  }
}

void GcHeap::sweep() {
  for (SizeClass& cls : classes_) {
    cls.freeList = nullptr;
    cls.bumping = nullptr;
  }
  for (auto it = blocks_.begin(); it != blocks_.end();) {
    Block& block = *it->second;
    SizeClass& cls = classes_[block.sizeClass];
    std::uint32_t live = 0;
    std::uint64_t* freeList = cls.freeList;
    for (std::uint32_t i = 0; i < block.used; ++i) {
      GcObject* object = block.cell(i);
      if (object->type != nullptr && (object->flags & 1) != 0) {
        object->flags &= ~1u;
        ++live;
        continue;
      }
      if (object->type != nullptr) stats_.bytesInUse -= block.cellSize;
      object->type = nullptr;
      auto* words = reinterpret_cast<std::uint64_t*>(object);
      words[1] = reinterpret_cast<std::uintptr_t>(freeList);
      freeList = words + 1;
    }
    if (live == 0) { // give the block back; its cells leave the free list with it
      stats_.reservedBytes -= kBlockBytes;
      it = blocks_.erase(it);
      continue;
    }
    cls.freeList = freeList;
    if (block.used < block.cells && cls.bumping == nullptr) cls.bumping = &block;
    ++it;
  }
  for (auto it = large_.begin(); it != large_.end();) {
    auto* object = reinterpret_cast<GcObject*>(it->first);
    if ((object->flags & 1) != 0) {
      object->flags &= ~1u;
      ++it;
      continue;
    }
    stats_.bytesInUse -= it->second;
    stats_.reservedBytes -= it->second;
    std::free(object);
    it = large_.erase(it);
  }
}

GcStats GcHeap::stats() const {
  const std::lock_guard lock(mutex_);
  return stats_;
}

} // namespace wasmline::interp
