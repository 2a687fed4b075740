#include "runtime/store.h"

#include "interp/gc_types.h"

#include <atomic>

namespace wasmline::runtime {

StoreData::StoreData(EngineConfig config, std::shared_ptr<std::atomic<std::uint64_t>> epoch)
    : config_(std::move(config)), compileOptions_{config_.execution.consumeFuel,
                                                  static_cast<bool>(config_.execution.trace),
                                                  config_.execution.epochInterruption},
      budget_(std::make_shared<interp::StoreBudget>(config_.limits)),
      epoch_(epoch ? std::move(epoch) : std::make_shared<std::atomic<std::uint64_t>>(0)),
      gcHeap_(std::make_unique<interp::GcHeap>(config_.limits.gcHeapBytes)) {
  gcHeap_->setExceptions(&exceptions_);
  gcHeap_->setCollectEveryAllocation(config_.execution.gcCollectEveryAllocation);
  gcHeap_->setRootScanner([this](const interp::RootVisitor& visit) {
    // A reference of type `type`: exceptions go to their visitor, the rest may be objects.
    auto reference = [&](ValType type, std::uint64_t word) {
      const HeapKind kind = type.heapType().kind();
      if (kind != HeapKind::Exn && kind != HeapKind::NoExn) {
        visit.reference(word);
      } else if (word != 0) {
        visit.exception(reinterpret_cast<interp::ExceptionObject*>(word));
      }
    };
    for (const interp::GlobalInstance& global : globals_) {
      if (global.type.type.isRef()) reference(global.type.type, global.value.low);
    }
    for (const interp::TableInstance& table : tables_) {
      for (std::uint64_t element : table.elements)
        reference(table.type.element, element);
    }
    for (const interp::Instance& instance : instances_) {
      for (const interp::ElementInstance& segment : instance.elements) {
        for (std::uint64_t word : segment.references)
          reference(segment.type, word);
      }
    }
    const std::lock_guard lock(hostRootsMutex_);
    for (const auto& [word, count] : hostRoots_)
      visit.reference(word);
  });
}

void StoreData::rootValue(std::uint64_t word) {
  if (word == 0) return;
  const std::lock_guard lock(hostRootsMutex_);
  ++hostRoots_[word];
}

void StoreData::unrootValue(std::uint64_t word) {
  const std::lock_guard lock(hostRootsMutex_);
  const auto found = hostRoots_.find(word);
  if (found != hostRoots_.end() && --found->second == 0) hostRoots_.erase(found);
}

interp::Execution StoreData::execution() {
  const ExecutionConfig& execution = config_.execution;
  interp::Execution result;
  result.fuel = &fuel;
  result.epoch = epoch_.get();
  result.epochDeadline = &epochDeadline_;
  result.exceptions = &exceptions_;
  result.gc = gcHeap_.get();
  result.trace = &execution.trace;
  result.options = compileOptions_;
  result.limits.maxCallDepth = execution.maxCallDepth;
  result.limits.valueStackSlots = execution.valueStackBytes / sizeof(std::uint64_t);
  return result;
}

Result<std::shared_ptr<detail::LinearMemory>> StoreData::createMemory(const MemoryType& type) {
  const std::uint64_t initialBytes = type.limits.min * type.pageSize();
  if (!budget_->takeMemory(initialBytes)) {
    return Error(ErrorKind::LimitExceeded, "a memory of " + std::to_string(type.limits.min) +
                                               " pages would pass the store's " + "limit of " +
                                               std::to_string(*budget_->limits().memoryBytes) +
                                               " bytes of memory (StoreLimits::memoryBytes); " +
                                               std::to_string(budget_->memoryBytes()) +
                                               " bytes are taken");
  }
  MemoryConfig config = config_.memory;
  // The memory may outlive the store (the host can hold it): its limiter keeps the budget alive.
  // Its first request is the creation, whose bytes are taken above.
  config.limiter.allowGrowth =
      [budget = budget_, own = config.limiter.allowGrowth,
       created = std::make_shared<std::atomic<bool>>(false)](const GrowRequest& request) {
        if (own && !own(request)) return false;
        if (!created->exchange(true)) return true;
        return budget->takeMemory(request.desiredBytes - request.currentBytes);
      };
  auto memory = detail::LinearMemory::create(type, config);
  if (!memory) budget_->returnMemory(initialBytes);
  return memory;
}

Result<void> StoreData::admitTable(std::uint64_t elements) {
  const StoreLimits& limits = budget_->limits();
  if (budget_->growTable(0, elements)) return {};
  if (elements > limits.tableElements) {
    return Error(ErrorKind::LimitExceeded, "a table of " + std::to_string(elements) +
                                               " elements is past the limit of " +
                                               std::to_string(limits.tableElements) +
                                               " elements per table (StoreLimits::tableElements)");
  }
  return Error(ErrorKind::LimitExceeded, "a table of " + std::to_string(elements) +
                                             " elements would pass the store's limit of " +
                                             std::to_string(limits.totalTableElements) +
                                             " table elements (StoreLimits::totalTableElements); " +
                                             std::to_string(budget_->tableElements()) +
                                             " are taken");
}

void StoreData::setEpochDeadline(std::uint64_t ticks) {
  const std::uint64_t now = epoch_->load(std::memory_order_relaxed);
  epochDeadline_ = ticks > ~std::uint64_t{0} - now ? ~std::uint64_t{0} : now + ticks;
}

interp::FuncInstance& StoreData::addFunction(interp::FuncInstance function) {
  return functions_.emplace_back(std::move(function));
}

interp::TableInstance& StoreData::addTable(interp::TableInstance table) {
  table.budget = budget_.get();
  return tables_.emplace_back(std::move(table));
}

interp::GlobalInstance& StoreData::addGlobal(interp::GlobalInstance global) {
  return globals_.emplace_back(global);
}

interp::TagInstance& StoreData::addTag(interp::TagInstance tag) {
  return tags_.emplace_back(std::move(tag));
}

detail::LinearMemory& StoreData::addMemory(std::shared_ptr<detail::LinearMemory> memory) {
  memories_.push_back(std::move(memory));
  return *memories_.back();
}

interp::Instance& StoreData::addInstance(interp::Instance instance) {
  return instances_.emplace_back(std::move(instance));
}

interp::RawValue StoreData::newExternRef(std::uint64_t payload) {
  interp::ExternObject& object =
      externs_.emplace_back(interp::ExternObject{&interp::hostType(), payload});
  return interp::RawValue{reinterpret_cast<std::uintptr_t>(&object), 0};
}

} // namespace wasmline::runtime
