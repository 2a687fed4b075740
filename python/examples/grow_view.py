# A zero-copy view of linear memory that stays valid across grow: memoryview and numpy.
import numpy

import wasmline

engine = wasmline.Engine()
store = wasmline.Store(engine)
module = wasmline.Module(engine, """
  (module
    (memory (export "memory") 1 100)
    (func (export "sum") (param $n i32) (result i32) (local $total i32)
      (loop $again
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (local.set $total (i32.add (local.get $total)
                                   (i32.load (i32.shl (local.get $n) (i32.const 2)))))
        (br_if $again (local.get $n)))
      (local.get $total)))
""")
instance = wasmline.Instance(store, module, [])
memory, total = instance.exports(store)["memory"], instance.exports(store)["sum"]

words = numpy.frombuffer(memory.buffer(store), dtype=numpy.uint32)  # no copy
words[:10] = numpy.arange(1, 11)
print("sum:", total(store, 10))

for _ in range(50):
    memory.grow(store, 1)  # the base never moves: `words` is still the same memory
words[0] = 100
print("after 50 grows:", memory.size(store), "pages, sum:", total(store, 10))

view = memoryview(memory.buffer(store))  # a new view covers the grown memory
view[-4:] = (7).to_bytes(4, "little")
print("last word:", memory.read(store, -4))
