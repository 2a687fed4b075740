// GC references in the embedding API: a struct made by wasm held by the host as a Value (which
// roots it: collections keep it alive until the Value and its copies are gone), passed back to
// wasm after collections, i31 values made by the host, and the GC heap's counters.
#include <iostream>

#include "wasmline/wasmline.h"

int main() try {
  using namespace wasmline;
  EngineConfig config;
  config.features.gc = true;
  config.features.functionReferences = true;
  config.limits.gcHeapBytes = 64 * 1024 * 1024;
  const Engine engine(config);
  Store store(engine);

  const Module module = Module::fromText(engine, R"((module
    (type $node (struct (field $value i32) (field $next (ref null $node))))
    ;; The list n, n-1, ..., 1, held by nothing but the caller.
    (func (export "list") (param $n i32) (result (ref null $node)) (local $l (ref null $node))
      (block $done (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $l (struct.new $node (local.get $n) (local.get $l)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
      (local.get $l))
    ;; The sum of a list's values.
    (func (export "sum") (param $l (ref null $node)) (result i32) (local $sum i32)
      (block $done (loop $next
        (br_if $done (ref.is_null (local.get $l)))
        (local.set $sum (i32.add (local.get $sum) (struct.get $node $value (local.get $l))))
        (local.set $l (struct.get $node $next (local.get $l)))
        (br $next)))
      (local.get $sum))
    ;; Garbage: n arrays of 1 KiB.
    (func (export "garbage") (param $n i32)
      (loop $next
        (drop (array.new_default 1 (i32.const 1024)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br_if $next (i32.gt_s (local.get $n) (i32.const 0)))))
    (type (array i8))
    ;; An i31's value, doubled.
    (func (export "double") (param (ref i31)) (result i32)
      (i32.mul (i31.get_s (local.get 0)) (i32.const 2)))))")
                            .value();
  const Instance instance = Instance::create(store, module, {}).value();

  // The list lives only in this Value; 200 MB of garbage later it is still whole.
  const Value list = instance.func("list")->call(std::vector<Value>{Value::i32(100)}).value()[0];
  std::cout << "list: a " << (list.refKind() == HeapKind::Struct ? "struct" : "?") << "\n";
  for (int i = 0; i < 4; ++i)
    instance.func("garbage")->call(std::vector<Value>{Value::i32(50'000)}).value();
  store.collectGarbage();
  const GcHeapStats stats = store.gcStats();
  std::cout << "collections: " << (stats.collections >= 4 ? "4 or more" : "too few") << "\n";
  std::cout << "sum after the collections: "
            << instance.func("sum")->call(std::vector<Value>{list}).value()[0].asI32() << "\n";

  // i31 values need no store: they are unboxed.
  std::cout << "double(i31 -21): "
            << instance.func("double")->call(std::vector<Value>{Value::i31(-21)}).value()[0].asI32()
            << "\n";
  return 0;
} catch (const std::exception& error) {
  std::cerr << "error: " << error.what() << "\n";
  return 1;
}
