# wasmtime-py seed (shared/seeds/003): "Shared Memory for Multi-threading", with only the import
# changed.
import wasmline as wasmtime
import threading
import time

# Create shared memory configuration
config = wasmtime.Config()
config.wasm_threads(True)  # Enable threads support
engine = wasmtime.Engine(config)

# Create shared memory: 1-5 pages, shared
limits = wasmtime.Limits(1, 5)
memory_type = wasmtime.MemoryType(limits)
shared_memory = wasmtime.SharedMemory(engine, memory_type)


def worker_thread(thread_id: int):
    """Worker thread that accesses shared memory"""
    # Each thread needs its own store
    store = wasmtime.Store(engine)

    # Get memory view for this store
    memory = shared_memory.as_memory(store)

    # Write thread-specific data
    message = f"Thread {thread_id} was here!".encode('utf-8')
    offset = thread_id * 32  # Each thread writes to different offset
    memory.write(store, message, offset)

    print(f"Thread {thread_id} wrote to offset {offset}")


# Start multiple threads
threads = []
for i in range(3):
    thread = threading.Thread(target=worker_thread, args=(i,))
    threads.append(thread)
    thread.start()

# Wait for all threads to complete
for thread in threads:
    thread.join()

# Read all data from main thread
main_store = wasmtime.Store(engine)
main_memory = shared_memory.as_memory(main_store)

print("Reading results from shared memory:")
for i in range(3):
    offset = i * 32
    # Read up to 32 bytes or until null terminator
    data = main_memory.read(main_store, offset, offset + 32)
    # Find null terminator if present
    null_pos = data.find(b'\x00')
    if null_pos != -1:
        data = data[:null_pos]
    print(f"Thread {i} data: {data.decode('utf-8')}")
