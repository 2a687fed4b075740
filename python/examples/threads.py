# Four Python threads, each with its own Store, running wasm on one SharedMemory in parallel:
# wasm calls release the GIL, and atomic increments lose no update.
import threading

import wasmline

config = wasmline.Config()
config.wasm_threads = True
engine = wasmline.Engine(config)
memory = wasmline.SharedMemory(engine, wasmline.MemoryType(wasmline.Limits(1, 1), shared=True))
module = wasmline.Module(engine, """
  (module
    (import "env" "memory" (memory 1 1 shared))
    (func (export "count") (param $n i32)
      (loop $again
        (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
        (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))
""")


def work():
    store = wasmline.Store(engine)
    count = wasmline.Instance(store, module, [memory]).exports(store)["count"]
    count(store, 250_000)


threads = [threading.Thread(target=work) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("counter:", memory.atomic_load(0))
