# wasmtime-py seed (shared/seeds/003): "Memory Debugging and Inspection", with only the import
# changed.
import wasmline as wasmtime


def dump_memory(memory: wasmtime.Memory, store: wasmtime.Store,
                start: int = 0, length: int = 256, width: int = 16):
    """Debug utility to dump memory contents in hex format"""
    data = memory.read(store, start, start + length)

    print(f"Memory dump from 0x{start:04x} to 0x{start + length:04x}:")
    for i in range(0, len(data), width):
        # Address
        addr = start + i
        print(f"{addr:04x}: ", end="")

        # Hex bytes
        line_data = data[i:i + width]
        for j, byte in enumerate(line_data):
            print(f"{byte:02x} ", end="")

        # Padding for incomplete lines
        for j in range(len(line_data), width):
            print(" ", end="")

        # ASCII representation
        print(" |", end="")
        for byte in line_data:
            if 32 <= byte <= 126:  # Printable ASCII
                print(chr(byte), end="")
            else:
                print(".", end="")
        print("|")


# Example usage
engine = wasmtime.Engine()
store = wasmtime.Store(engine)
limits = wasmtime.Limits(1)
memory = wasmtime.Memory(store, wasmtime.MemoryType(limits))

# Write some test data
test_data = b"Hello, WebAssembly World!\x00\x01\x02\x03\xff\xfe\xfd"
memory.write(store, test_data, 0)

# Dump memory contents
dump_memory(memory, store, 0, 64)
