# wasmtime-py seed (shared/seeds/003): "Basic Memory Operations", with only the import changed.
import wasmline as wasmtime

# Create memory type: 1-10 pages (64KB - 640KB)
limits = wasmtime.Limits(1, 10)
memory_type = wasmtime.MemoryType(limits)

# Create engine, store, and memory
engine = wasmtime.Engine()
store = wasmtime.Store(engine)
memory = wasmtime.Memory(store, memory_type)

# Check initial memory size
pages = memory.size(store)
bytes_size = memory.data_len(store)
print(f"Initial memory: {pages} pages ({bytes_size} bytes)")

# Write data to memory
message = b"Hello from Python!"
memory.write(store, message, 0)

# Read data back
read_data = memory.read(store, 0, len(message))
print(f"Read from memory: {read_data.decode('utf-8')}")

# Grow memory
old_size = memory.grow(store, 2)  # Add 2 pages (128KB)
new_size = memory.size(store)
print(f"Memory grown from {old_size} to {new_size} pages")
