# wasmtime-py seed (shared/seeds/003): "Memory Growth and Bounds Checking", with only the import
# changed.
import wasmline as wasmtime

# Create memory with tight limits for demonstration
limits = wasmtime.Limits(1, 3)  # 1-3 pages (64KB - 192KB)
memory_type = wasmtime.MemoryType(limits)

engine = wasmtime.Engine()
store = wasmtime.Store(engine)
memory = wasmtime.Memory(store, memory_type)

# Fill initial page with data
page_size = 64 * 1024  # 64KB
test_data = b'A' * (page_size - 100)  # Fill most of first page
memory.write(store, test_data, 0)

print(f"Initial memory: {memory.size(store)} pages")

# Try to write beyond current memory - should fail
try:
    memory.write(store, b"This will fail", page_size + 1000)
except wasmtime.WasmtimeError as e:
    print(f"Expected error: {e}")

# Grow memory and try again
old_size = memory.grow(store, 1)  # Add 1 page
print(f"Memory grown from {old_size} to {memory.size(store)} pages")

# Now write to second page - should succeed
memory.write(store, b"Second page data", page_size + 100)
second_page_data = memory.read(store, page_size + 100, page_size + 116)
print(f"Second page contains: {second_page_data.decode('utf-8')}")

# Try to grow beyond maximum - should fail
try:
    memory.grow(store, 5)  # Would exceed 3-page maximum
except wasmtime.WasmtimeError as e:
    print(f"Growth limit reached: {e}")
