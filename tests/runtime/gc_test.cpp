// The GC heap under load: short-lived garbage is collected within the store's limit, live data
// reachable from a global survives collections intact, and a heap that cannot fit traps.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "wasmline/gc.h"
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

TEST(GcHeap, HostValuesKeepTheirObjectsAlive) {
  Fixture f(64 * kMiB);
  // A struct made by the host, referring to another: both only held by host Values.
  auto inner = structNew(f.instance, 1,
                         std::vector<Value>{Value::i32(41), Value::nullRef(ValType::NullRef)});
  ASSERT_TRUE(inner) << inner.error().message();
  auto outer = structNew(f.instance, 1, std::vector<Value>{Value::i32(42), *inner});
  ASSERT_TRUE(outer) << outer.error().message();
  inner = Value(); // the outer struct alone keeps it
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(f.call("churn", {Value::i64(200'000 / static_cast<std::int64_t>(kScaleDown))}));
    f.store.collectGarbage();
  }
  auto next = structGet(*outer, 1);
  ASSERT_TRUE(next) << next.error().message();
  EXPECT_EQ(structGet(*outer, 0)->asI32(), 42);
  EXPECT_EQ(structGet(*next, 0)->asI32(), 41);
  // Type checks: an immutable field, a wrong value type, a missing field, not a struct.
  EXPECT_FALSE(structSet(*outer, 0, Value::i32(1)));
  EXPECT_FALSE(structNew(f.instance, 1,
                         std::vector<Value>{Value::i64(1), Value::nullRef(ValType::NullRef)}));
  EXPECT_FALSE(structGet(*outer, 2));
  EXPECT_FALSE(structGet(Value::i32(3), 0));
  EXPECT_FALSE(arrayNew(f.instance, 1, 3, Value::i32(0))); // type 1 is a struct type
}

// Precise roots under "gc zeal": every allocation and throw collects first, so an object the
// collector missed is freed at once and its cell reused by the next allocation of the same size
// (every struct here is a $box of 32 bytes): the sums then come out wrong.
constexpr std::string_view kRootsModule = R"(
  (module
    (type $box (struct (field $v (mut i32)) (field $next (mut (ref null $box)))))
    (type $boxes (array (mut (ref null $box))))
    (import "host" "reenter" (func $reenter (param anyref) (result i32)))
    (tag $boxed (param (ref null $box)))

    (func $new (param $v i32) (result (ref $box)) (struct.new $box (local.get $v) (ref.null $box)))
    (func $newAny (param $v i32) (result anyref) (call $new (local.get $v)))
    (func $combine (param $b (ref $box)) (param $x i32) (result i32)
      (i32.add (struct.get $box $v (local.get $b)) (local.get $x)))

    ;; Recursion n deep; every level holds a box in a local and one on the operand stack (the
    ;; first argument of $combine) across its recursive call: 1001 * n(n+1)/2.
    (func $deep (export "deep") (param $n i32) (result i32)
      (local $mine (ref null $box))
      (if (i32.eqz (local.get $n)) (then (return (i32.const 0))))
      (local.set $mine (call $new (local.get $n)))
      (i32.add
        (call $combine (call $new (i32.mul (local.get $n) (i32.const 1000)))
                       (call $deep (i32.sub (local.get $n) (i32.const 1))))
        (struct.get $box $v (local.get $mine))))

    ;; A list built in a local with garbage in between, and nested allocations whose inner
    ;; results are operands of the outer one; then the list is walked: n(n-1)/2 + 15 n.
    (func (export "loops") (param $n i32) (result i32)
      (local $head (ref null $box)) (local $i i32) (local $sum i32) (local $pair (ref $box))
      (loop $build
        (local.set $head (struct.new $box (local.get $i) (local.get $head)))
        (drop (call $new (i32.const -1)))
        (local.set $pair (struct.new $box (i32.const 7)
                           (struct.new $box (i32.const 8) (call $new (i32.const 9)))))
        (local.set $sum (i32.add (local.get $sum)
          (i32.add (struct.get $box $v (local.get $pair))
                   (struct.get $box $v (ref.as_non_null
                                         (struct.get $box $next (local.get $pair)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $build (i32.lt_u (local.get $i) (local.get $n))))
      (block $done
        (loop $walk
          (br_if $done (ref.is_null (local.get $head)))
          (local.set $sum (i32.add (local.get $sum) (struct.get $box $v (local.get $head))))
          (local.set $head (struct.get $box $next (local.get $head)))
          (br $walk)))
      (local.get $sum))

    ;; Calls whose results stay on the operand stack while the next call allocates, gathered by
    ;; array.new_fixed: 6 per round.
    (func (export "operands") (param $n i32) (result i32)
      (local $a (ref $boxes)) (local $sum i32)
      (loop $again
        (local.set $a (array.new_fixed $boxes 3 (call $new (i32.const 1)) (call $new (i32.const 2))
                                                (call $new (i32.const 3))))
        (drop (array.new $boxes (call $new (i32.const -1)) (i32.const 4)))
        (local.set $sum (i32.add (local.get $sum)
          (i32.add (struct.get $box $v (ref.as_non_null (array.get $boxes (local.get $a) (i32.const 0))))
            (i32.add (struct.get $box $v (ref.as_non_null (array.get $boxes (local.get $a) (i32.const 1))))
                     (struct.get $box $v (ref.as_non_null (array.get $boxes (local.get $a) (i32.const 2))))))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br_if $again (local.get $n)))
      (local.get $sum))

    ;; A reference that only br_on_cast's result holds (on the operand stack) across the
    ;; allocation it is an operand of: n(n+1)/2.
    (func (export "casts") (param $n i32) (result i32)
      (local $sum i32)
      (loop $again
        (local.set $sum (i32.add (local.get $sum)
          (struct.get $box $v (ref.as_non_null (struct.get $box $next
            (struct.new $box (i32.const 0)
              (block $is (result (ref $box))
                (br_on_cast $is anyref (ref $box) (call $newAny (local.get $n)))
                (unreachable))))))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br_if $again (local.get $n)))
      (local.get $sum))

    ;; Exceptions carrying a box: caught with catch_ref, the exnref kept in a local across
    ;; allocations (and throws), rethrown and caught again: 2 * n(n+1)/2.
    (func (export "exceptions") (param $n i32) (result i32)
      (local $sum i32) (local $e exnref) (local $b (ref null $box))
      (loop $again
        (block $caught (result (ref null $box) exnref)
          (try_table (catch_ref $boxed $caught) (throw $boxed (call $new (local.get $n))))
          (unreachable))
        (local.set $e)
        (local.set $b)
        (drop (call $new (i32.const -1)))
        (local.set $sum (i32.add (local.get $sum) (struct.get $box $v (local.get $b))))
        (local.set $b (ref.null $box))
        (local.set $sum (i32.add (local.get $sum)
          (struct.get $box $v
            (block $again2 (result (ref null $box))
              (try_table (catch $boxed $again2) (throw_ref (local.get $e)))
              (unreachable)))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br_if $again (local.get $n)))
      (local.get $sum))

    ;; Held briefly in an exnref local, then dropped: the collector must reclaim them.
    (func (export "briefExceptions") (param $n i32)
      (local $e exnref)
      (loop $again
        (block $caught (result (ref null $box) exnref)
          (try_table (catch_ref $boxed $caught) (throw $boxed (ref.null $box)))
          (unreachable))
        (local.set $e)
        (drop)
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br_if $again (local.get $n))))

    ;; wasm -> host -> wasm while this frame holds a box in a local and one on the operand stack:
    ;; the host calls "inner", which allocates: per round (10 + 20 + 100) = 130.
    (func (export "reentry") (param $n i32) (result i32)
      (local $mine (ref null $box)) (local $sum i32)
      (loop $again
        (local.set $mine (call $new (i32.const 10)))
        (local.set $sum (i32.add (local.get $sum)
          (call $combine (call $new (i32.const 20)) (call $reenter (call $new (i32.const 100))))))
        (local.set $sum (i32.add (local.get $sum) (struct.get $box $v (local.get $mine))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br_if $again (local.get $n)))
      (local.get $sum))
    (func (export "inner") (param $x anyref) (result i32)
      (local $i i32)
      (loop $churn
        (drop (call $new (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $churn (i32.lt_u (local.get $i) (i32.const 50))))
      (struct.get $box $v (ref.cast (ref $box) (local.get $x))))
  )
)";

struct ZealFixture {
  explicit ZealFixture(bool zeal = true) : engine(config(zeal)), store(engine) {
    auto module = Module::fromText(engine, kRootsModule);
    EXPECT_TRUE(module) << module.error().message();
    Func reenter = Func::wrap(store, FuncType{{ValType::AnyRef}, {ValType::I32}},
                              [this](std::span<const Value> args, std::span<Value> results) {
                                auto got = instance.func("inner")->call(
                                    std::vector<Value>(args.begin(), args.end()));
                                if (!got) return Result<void>(got.error());
                                results[0] = (*got)[0];
                                return Result<void>();
                              });
    auto made = Instance::create(store, *module, {reenter});
    EXPECT_TRUE(made) << made.error().message();
    instance = std::move(*made);
  }
  static EngineConfig config(bool zeal) {
    EngineConfig config = Fixture::config(16 * kMiB);
    config.features.exceptions = true;
    config.execution.gcCollectEveryAllocation = zeal;
    return config;
  }
  std::int64_t call(const std::string& name, std::int32_t n) {
    auto result = instance.func(name)->call({Value::i32(n)});
    EXPECT_TRUE(result) << name << ": " << result.error().message();
    if (!result) return -1;
    if (result->empty()) return 0;
    return (*result)[0].asI32();
  }

  Engine engine;
  Store store;
  Instance instance;
};

TEST(GcPreciseRoots, DeepCallChainsKeepLocalsAndOperandsAlive) {
  ZealFixture f;
  EXPECT_EQ(f.call("deep", 300), 1001 * 300 * 301 / 2);
  EXPECT_GE(f.store.gcStats().collections, 600u);
}

TEST(GcPreciseRoots, LoopsAndNestedAllocationsKeepTheirValues) {
  ZealFixture f;
  EXPECT_EQ(f.call("loops", 500), 500 * 499 / 2 + 15 * 500);
  // Everything the list holds survives, the garbage does not.
  EXPECT_LE(f.store.gcStats().liveAfterLast, 32u * 1000);
}

TEST(GcPreciseRoots, CallResultsOnTheOperandStackSurvive) {
  ZealFixture f;
  EXPECT_EQ(f.call("operands", 300), 6 * 300);
}

TEST(GcPreciseRoots, BrOnCastResultsSurvive) {
  ZealFixture f;
  EXPECT_EQ(f.call("casts", 400), 400 * 401 / 2);
}

TEST(GcPreciseRoots, ExceptionsWithReferencePayloadsSurvive) {
  ZealFixture f;
  EXPECT_EQ(f.call("exceptions", 300), 300 * 301);
}

TEST(GcPreciseRoots, HostReentryKeepsOuterFramesAlive) {
  ZealFixture f;
  EXPECT_EQ(f.call("reentry", 100), 130 * 100);
}

TEST(GcExceptions, ExceptionsHeldBrieflyInExnrefLocalsAreFreed) {
  ZealFixture f(false); // collections come from the exceptions' own pressure
  const std::int32_t count = 1'000'000 / static_cast<std::int32_t>(kScaleDown);
  f.call("briefExceptions", count);
  EXPECT_GT(f.store.gcStats().collections, 0u);
  // Bounded: a few thousand at most between collections, never a million.
  EXPECT_LE(f.store.gcStats().liveExceptions, 10'000u);
}

constexpr std::string_view kThreadsModule = R"(
  (module
    (type $node (struct (field i32) (field (ref null $node))))
    (import "host" "block" (func $block))
    (func (export "blocked") (call $block))
    (func (export "churn") (param $n i32)
      (loop $again
        (drop (struct.new $node (local.get $n) (ref.null $node)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br_if $again (local.get $n)))))
)";

TEST(GcThreads, AnAllocationThatCannotCollectSaysWhy) {
  const Engine engine(Fixture::config(1 * kMiB));
  Store store(engine);
  std::atomic<bool> entered{false};
  std::atomic<bool> release{false};
  Func block = Func::wrap(store, FuncType{}, [&](std::span<const Value>, std::span<Value>) {
    entered = true;
    while (!release)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return Result<void>();
  });
  auto module = Module::fromText(engine, kThreadsModule);
  ASSERT_TRUE(module) << module.error().message();
  auto instance = Instance::create(store, *module, {block});
  ASSERT_TRUE(instance) << instance.error().message();
  std::thread other([&] { EXPECT_TRUE(instance->func("blocked")->call({})); });
  while (!entered)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // 3.2 MB of garbage under a 1 MiB limit, while another thread is inside the store's code.
  auto churned = instance->func("churn")->call({Value::i32(100'000)});
  release = true;
  other.join();
  ASSERT_FALSE(churned);
  EXPECT_NE(churned.error().message().find("GC heap limit exceeded"), std::string::npos);
  EXPECT_NE(churned.error().message().find("another thread is running code of this store"),
            std::string::npos)
      << churned.error().message();
  EXPECT_GT(store.gcStats().deferred, 0u);
  // Alone again, the same call collects and fits.
  auto alone = instance->func("churn")->call({Value::i32(100'000)});
  EXPECT_TRUE(alone) << alone.error().message();
  EXPECT_GT(store.gcStats().collections, 0u);
}

TEST(GcThreads, HostValuesCopiedOnAnotherThreadWhileCollecting) {
  Fixture f(64 * kMiB);
  auto object = structNew(f.instance, 1,
                          std::vector<Value>{Value::i32(41), Value::nullRef(ValType::NullRef)});
  ASSERT_TRUE(object) << object.error().message();
  std::thread copier([&] {
    for (int i = 0; i < 200'000; ++i) {
      const Value copy = *object;
      const Value another = copy;
      EXPECT_EQ(another.identity(), object->identity());
    }
  });
  for (int i = 0; i < 200; ++i)
    f.store.collectGarbage();
  copier.join();
  f.store.collectGarbage();
  EXPECT_EQ(structGet(*object, 0)->asI32(), 41);
  EXPECT_GE(f.store.gcStats().liveAfterLast, 32u);
  object = Value(); // the last holder lets go: the next collection frees it
  f.store.collectGarbage();
  EXPECT_EQ(f.store.gcStats().liveAfterLast, 0u);
}

} // namespace
} // namespace wasmline
