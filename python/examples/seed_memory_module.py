# wasmtime-py seed (shared/seeds/003): "Memory with WebAssembly Module", with only the import
# changed.
import wasmline as wasmtime

# WebAssembly module that uses memory
wasm_bytes = wasmtime.wat2wasm('''
(module
  (memory (export "memory") 1 10)
  (func (export "write_hello") (param i32)
    ;; Write "Hello" starting at given offset
    local.get 0
    i32.const 72  ;; 'H'
    i32.store8
    local.get 0
    i32.const 1
    i32.add
    i32.const 101 ;; 'e'
    i32.store8
    local.get 0
    i32.const 2
    i32.add
    i32.const 108 ;; 'l'
    i32.store8
    local.get 0
    i32.const 3
    i32.add
    i32.const 108 ;; 'l'
    i32.store8
    local.get 0
    i32.const 4
    i32.add
    i32.const 111 ;; 'o'
    i32.store8)
  (func (export "read_byte") (param i32) (result i32)
    local.get 0
    i32.load8_u)
)
''')

engine = wasmtime.Engine()
store = wasmtime.Store(engine)
module = wasmtime.Module(engine, wasm_bytes)
instance = wasmtime.Instance(store, module, [])

# Get exported memory and functions
exports = instance.exports(store)
memory = exports["memory"]
write_hello = exports["write_hello"]
read_byte = exports["read_byte"]

# Call WebAssembly function to write to memory
write_hello(store, 10)  # Write "Hello" starting at offset 10

# Read from memory using Python
hello_bytes = memory.read(store, 10, 15)
print(f"WebAssembly wrote: {hello_bytes.decode('utf-8')}")

# Read individual bytes using WebAssembly function
for i in range(5):
    byte_val = read_byte(store, 10 + i)
    print(f"Byte at {10 + i}: {byte_val} ('{chr(byte_val)}')")
