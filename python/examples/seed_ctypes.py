# wasmtime-py seed (shared/seeds/003): "Direct Memory Access with ctypes", with only the import
# changed.
import wasmline as wasmtime
import ctypes

# Create memory
engine = wasmtime.Engine()
store = wasmtime.Store(engine)
limits = wasmtime.Limits(1)
memory_type = wasmtime.MemoryType(limits)
memory = wasmtime.Memory(store, memory_type)

# Get direct pointer to memory (advanced usage)
ptr = memory.data_ptr(store)
size = memory.data_len(store)

# Create ctypes array from memory pointer
# WARNING: This bypasses WebAssembly bounds checking!
memory_array = (ctypes.c_ubyte * size).from_address(ptr)

# Write using ctypes (very fast, but unsafe)
test_string = b"Direct memory access"
for i, byte in enumerate(test_string):
    memory_array[i] = byte

# Read back using normal memory API
read_data = memory.read(store, 0, len(test_string))
print(f"Direct write result: {read_data.decode('utf-8')}")


# Structure overlay example
class DataStruct(ctypes.Structure):
    _fields_ = [
        ("magic", ctypes.c_uint32),
        ("version", ctypes.c_uint16),
        ("flags", ctypes.c_uint16),
        ("data_size", ctypes.c_uint32)
    ]


# Overlay structure on memory (at offset 100)
struct_ptr = ptr + 100
data_struct = DataStruct.from_address(struct_ptr)

# Write structured data
data_struct.magic = 0x12345678
data_struct.version = 1
data_struct.flags = 0b1010
data_struct.data_size = 1024

# Read back using memory API
struct_bytes = memory.read(store, 100, 100 + ctypes.sizeof(DataStruct))
magic_bytes = struct_bytes[:4]
magic_value = int.from_bytes(magic_bytes, 'little')
print(f"Magic value: 0x{magic_value:08x}")
