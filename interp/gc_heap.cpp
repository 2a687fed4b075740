#include "interp/gc_heap.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "binary/subtyping.h"
#include "interp/exception_heap.h"
#include "interp/ir.h"
#include "interp/objects.h"

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
// Debug builds check every precise root: a missing stack map or a reference slot holding
// something that is no reference aborts with a message naming the function.
#ifdef NDEBUG
constexpr bool kCheckRoots = false;
#else
constexpr bool kCheckRoots = true;
#endif

// Set when this thread's last allocation needed a collection that could not run.
thread_local bool lastCollectionDeferred = false;

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
  lastCollectionDeferred = false;
  if (everyAllocation_ || stats_.bytesInUse + charged > nextCollection_) {
    if (canCollect()) {
      collectLocked();
    } else if (noCollect_ == 0) {
      ++stats_.deferred;
      lastCollectionDeferred = true;
    }
  }
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

std::string GcHeap::exhaustedDetail() {
  if (!lastCollectionDeferred) return {};
  return " (no collection could run: another thread is running code of this store, and the "
         "collector runs only while every call into the store is on the allocating thread)";
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

void GcHeap::collectForExceptions() {
  const std::lock_guard lock(mutex_);
  if (exceptions_ != nullptr && (everyAllocation_ || exceptions_->dueForCollection()) &&
      canCollect()) {
    collectLocked();
  }
}

void GcHeap::collectLocked() {
  const auto start = std::chrono::steady_clock::now();
  mark();
  sweep();
  if (exceptions_ != nullptr) exceptions_->sweep();
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

void GcHeap::markObject(GcObject* object) {
  if ((object->flags & 1) != 0) return;
  object->flags |= 1;
  markStack_.push_back(object);
}

void GcHeap::markException(ExceptionObject* exception) {
  if (exception->marked) return;
  exception->marked = true;
  exceptionStack_.push_back(exception);
}

// A traced word holds null, an i31, a host ExternObject or an object of this heap (a store's
// objects refer only to its own), told apart by their type word.
void GcHeap::markField(std::uint64_t word) {
  if (word == 0 || (word & 1) != 0) return;
  auto* object = reinterpret_cast<GcObject*>(static_cast<std::uintptr_t>(word));
  if (object->type->kind == GcType::Kind::Host) return;
  markObject(object);
}

void GcHeap::traceException(const ExceptionObject& exception) {
  forEachTypedReference(
      std::span<const ValType>(exception.tag->type.params), exception.payload.data(),
      [&](std::uint64_t word) { markField(word); },
      [&](ExceptionObject* inner) { markException(inner); });
}

void GcHeap::missingStackMap(const FuncInstance& function, const std::uint64_t* fp,
                             std::size_t slots) {
  if constexpr (kCheckRoots) {
    std::fprintf(stderr, "wasmline: internal error: no stack map at the safepoint of function %u\n",
                 function.index);
    std::abort();
  }
  // Release builds keep the frame's objects alive conservatively rather than free them.
  for (std::size_t i = 0; i < slots; ++i) {
    if (contains(fp[i])) markObject(reinterpret_cast<GcObject*>(fp[i]));
  }
}

void GcHeap::mark() {
  markStack_.clear();
  exceptionStack_.clear();
  // Frames name their reference slots exactly; the store's other roots may be any reference
  // (funcrefs, host externrefs), so only this heap's objects among them count.
  RootVisitor frames{[&](std::uint64_t word) {
                       if constexpr (kCheckRoots) {
                         if (word != 0 && (word & 1) == 0 && !contains(word) &&
                             reinterpret_cast<const GcObject*>(word)->type->kind !=
                                 GcType::Kind::Host) {
                           std::fprintf(stderr, "wasmline: internal error: a stack map names a "
                                                "slot holding no reference\n");
                           std::abort();
                         }
                       }
                       markField(word);
                     },
                     [&](ExceptionObject* exception) { markException(exception); }};
  for (const StackRoots* roots : stacks_) {
    visitStackRoots(*roots, frames,
                    [&](const FuncInstance& function, const std::uint64_t* fp, std::size_t slots) {
                      missingStackMap(function, fp, slots);
                    });
  }
  const RootVisitor others{[&](std::uint64_t word) {
                             if (contains(word)) markObject(reinterpret_cast<GcObject*>(word));
                           },
                           [&](ExceptionObject* exception) { markException(exception); }};
  if (scanner_) scanner_(others);
  if (exceptions_ != nullptr) {
    exceptions_->forEachPinned([&](ExceptionObject* exception) { markException(exception); });
  }
  while (!markStack_.empty() || !exceptionStack_.empty()) {
    if (!exceptionStack_.empty()) {
      const ExceptionObject* exception = exceptionStack_.back();
      exceptionStack_.pop_back();
      traceException(*exception);
      continue;
    }
    GcObject* object = markStack_.back();
    markStack_.pop_back();
    const GcType& type = *object->type;
    std::uint64_t* slots = object->slots();
    if (type.kind == GcType::Kind::Struct) {
      for (std::uint32_t slot : type.referenceSlots)
        markField(slots[slot]);
      for (std::uint32_t slot : type.exceptionSlots) {
        if (slots[slot] != 0) markException(reinterpret_cast<ExceptionObject*>(slots[slot]));
      }
    } else if (type.elementTraced) {
      for (std::uint32_t i = 0; i < object->length; ++i)
        markField(slots[i]);
    } else if (type.elementException) {
      for (std::uint32_t i = 0; i < object->length; ++i) {
        if (slots[i] != 0) markException(reinterpret_cast<ExceptionObject*>(slots[i]));
      }
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
