# Host functions with wasmtime-py's conventions, a Caller, and a trap with its wasm backtrace.
import wasmline
from wasmline import FuncType, ValType

engine = wasmline.Engine()
store = wasmline.Store(engine)
linker = wasmline.Linker(engine)


def log(caller, pointer, length):
    memory = caller["memory"]  # the calling instance's export
    print("wasm says:", memory.read(caller, pointer, pointer + length).decode())


linker.define_func("env", "log", FuncType([ValType.i32(), ValType.i32()], []), log,
                   access_caller=True)
module = wasmline.Module(engine, """
  (module
    (import "env" "log" (func $log (param i32 i32)))
    (memory (export "memory") 1)
    (data (i32.const 16) "hello from wasm")
    (func (export "greet") (call $log (i32.const 16) (i32.const 15)))
    (func $divide (export "divide") (param i32 i32) (result i32)
      (i32.div_s (local.get 0) (local.get 1)))
    (func (export "average") (param i32 i32 i32) (result i32)
      (call $divide (i32.add (local.get 0) (local.get 1)) (local.get 2))))
""")
exports = linker.instantiate(store, module).exports(store)
exports["greet"](store)
print("average:", exports["average"](store, 3, 5, 2))
try:
    exports["average"](store, 3, 5, 0)
except wasmline.Trap as trap:
    print("trap:", trap.message, trap.trap_code)
    for frame in trap.frames:
        print("  in func", frame.func_index, frame.func_name)
