// The GC heap under load: short-lived garbage is collected within the store's limit, live data
// reachable from a global survives collections intact, and a heap that cannot fit traps.
#include <gtest/gtest.h>

#include <string>

#include "wasmline/module.h"
#include "wasmline/store.h"

namespace wasmline {
namespace {

// The sanitizer build (Debug, ASan) runs the same tests on a tenth of the data: 1 GiB of garbage
// instead of 10 GiB, a list of 1M nodes instead of 10M.
#if defined(__SANITIZE_ADDRESS__)
constexpr std::uint64_t kScaleDown = 10;
#else
constexpr std::uint64_t kScaleDown = 1;
#endif
constexpr std::uint64_t kMiB = 1024 * 1024;
constexpr std::uint64_t kGiB = 1024 * kMiB;

constexpr std::string_view kModule = R"(
  (module
    ;; 30 i64 fields: 240 bytes, 256 with the header.
    (type $big (struct (field (mut i64)) (field i64) (field i64) (field i64) (field i64)
                       (field i64) (field i64) (field i64) (field i64) (field i64)
                       (field i64) (field i64) (field i64) (field i64) (field i64)
                       (field i64) (field i64) (field i64) (field i64) (field i64)
                       (field i64) (field i64) (field i64) (field i64) (field i64)
                       (field i64) (field i64) (field i64) (field i64) (field i64)))
    (type $node (struct (field $value i32) (field $next (ref null $node))))
    (global $head (mut (ref null $node)) (ref.null $node))

    ;; Allocates `n` structs of 256 bytes, each garbage once the next exists; returns the last
    ;; one's first field, which it set.
    (func (export "churn") (param $n i64) (result i64)
      (local $keep (ref null $big))
      (loop $again
        (local.set $keep (struct.new_default $big))
        (struct.set $big 0 (local.get $keep) (local.get $n))
        (local.set $n (i64.sub (local.get $n) (i64.const 1)))
        (br_if $again (i64.ne (local.get $n) (i64.const 0))))
      (struct.get $big 0 (local.get $keep)))

    ;; Prepends nodes n, n-1, ..., 1 to the list in $head: afterwards it reads 1, 2, ..., n.
    (func (export "build") (param $n i32)
      (loop $again
        (global.set $head (struct.new $node (local.get $n) (global.get $head)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br_if $again (i32.ne (local.get $n) (i32.const 0)))))

    ;; Walks the list: the sum of its values if they are 1, 2, 3, ... in order, else -1.
    (func (export "walk") (result i64)
      (local $at (ref null $node)) (local $expected i32) (local $sum i64)
      (local.set $at (global.get $head))
      (block $done
        (loop $next
          (br_if $done (ref.is_null (local.get $at)))
          (local.set $expected (i32.add (local.get $expected) (i32.const 1)))
          (if (i32.ne (struct.get $node $value (local.get $at)) (local.get $expected))
            (then (return (i64.const -1))))
          (local.set $sum (i64.add (local.get $sum)
                                   (i64.extend_i32_u (struct.get $node $value (local.get $at)))))
          (local.set $at (struct.get $node $next (local.get $at)))
          (br $next)))
      (local.get $sum))
  )
)";

struct Fixture {
  explicit Fixture(std::uint64_t heapLimit) : engine(config(heapLimit)), store(engine) {
    auto module = Module::fromText(engine, kModule);
    EXPECT_TRUE(module) << module.error().message();
    auto made = Instance::create(store, *module, {});
    EXPECT_TRUE(made) << made.error().message();
    instance = std::move(*made);
  }
  static EngineConfig config(std::uint64_t heapLimit) {
    EngineConfig config;
    config.features.gc = true;
    config.features.functionReferences = true;
    config.limits.gcHeapBytes = heapLimit;
    return config;
  }
  Result<std::vector<Value>> call(const std::string& name, std::vector<Value> args = {}) {
    return instance.func(name)->call(args);
  }

  Engine engine;
  Store store;
  Instance instance;
};

TEST(GcHeap, TenGibibytesOfShortLivedStructsFitA256MiBHeap) {
  Fixture f(256 * kMiB);
  const std::uint64_t garbage = 10 * kGiB / kScaleDown;
  const std::uint64_t count = garbage / 256;
  auto result = f.call("churn", {Value::i64(static_cast<std::int64_t>(count))});
  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ((*result)[0].asI64(), 1);
  const GcHeapStats stats = f.store.gcStats();
  EXPECT_EQ(stats.objectsAllocated, count);
  EXPECT_GE(stats.bytesAllocated, garbage);
  EXPECT_LE(stats.peakBytesInUse, 256 * kMiB);
  EXPECT_LE(stats.reservedBytes, 257 * kMiB); // objects plus at most a block of slack
  EXPECT_GT(stats.collections, 0u);
  EXPECT_LT(stats.liveAfterLast, 64 * kMiB); // nothing is live but the last few
}

TEST(GcHeap, ALinkedListInAGlobalSurvivesCollections) {
  Fixture f(std::uint64_t{1} << 31);
  const std::uint64_t nodes = 10'000'000 / kScaleDown;
  ASSERT_TRUE(f.call("build", {Value::i32(static_cast<std::int32_t>(nodes))}));
  const std::uint64_t expected = nodes * (nodes + 1) / 2;
  std::uint64_t collections = f.store.gcStats().collections;
  for (int round = 0; round < 3; ++round) {
    // Garbage enough to force collections, and one asked for by the host.
    auto churned = f.call("churn", {Value::i64(static_cast<std::int64_t>(400'000 / kScaleDown))});
    ASSERT_TRUE(churned) << churned.error().message();
    f.store.collectGarbage();
    const GcHeapStats stats = f.store.gcStats();
    EXPECT_GT(stats.collections, collections);
    collections = stats.collections;
    EXPECT_GE(stats.liveAfterLast, nodes * 32); // every node is still there
    auto walked = f.call("walk");
    ASSERT_TRUE(walked) << walked.error().message();
    EXPECT_EQ(static_cast<std::uint64_t>((*walked)[0].asI64()), expected);
  }
}

TEST(GcHeap, LiveDataPastTheLimitTraps) {
  Fixture f(4 * kMiB);
  // 200,000 live nodes of 32 bytes need 6.4 MB.
  auto built = f.call("build", {Value::i32(200'000)});
  ASSERT_FALSE(built);
  EXPECT_EQ(built.error().kind(), ErrorKind::Trap);
  EXPECT_NE(built.error().message().find("GC heap limit exceeded"), std::string::npos)
      << built.error().message();
  EXPECT_LE(f.store.gcStats().peakBytesInUse, 4 * kMiB);
}

TEST(GcHeap, GarbageUnderASmallLimitIsCollectedNotTrapped) {
  Fixture f(1 * kMiB);
  auto result = f.call("churn", {Value::i64(100'000)}); // 25 MB of garbage
  ASSERT_TRUE(result) << result.error().message();
  EXPECT_LE(f.store.gcStats().peakBytesInUse, 1 * kMiB);
}

} // namespace
} // namespace wasmline
