"""Memory: wasmtime-py's methods, slicing, the buffer protocol and views that survive grow."""

import ctypes

import pytest

import wasmline
from wasmline import Limits, Memory, MemoryType

PAGE = 65536

USES_MEMORY = """
(module
  (import "env" "memory" (memory 1 200))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size)))
"""


@pytest.fixture
def memory(store):
    return Memory(store, MemoryType(Limits(1, 3)))


def test_sizes_type_and_grow(memory, store):
    assert memory.size(store) == 1
    assert memory.data_len(store) == PAGE
    assert len(memory) == PAGE
    assert memory.page_size(store) == PAGE and memory.page_size_log2(store) == 16
    assert memory.type(store) == MemoryType(Limits(1, 3))
    assert memory.grow(store, 1) == 1
    assert memory.grow(store, 0) == 2
    assert memory.size(store) == 2 and memory.data_len(store) == 2 * PAGE
    assert memory.type(store).limits == Limits(2, 3)  # current size as the minimum
    with pytest.raises(wasmline.Error, match="maximum") as error:
        memory.grow(store, 2)
    assert error.value.kind == "grow failed"
    assert memory.size(store) == 2
    with pytest.raises(wasmline.Error, match="negative"):
        memory.grow(store, -1)
    with pytest.raises(TypeError, match="expected a Store or a Caller"):
        memory.size(None)


def test_read_write(memory, store):
    assert memory.write(store, b"Hello from Python!", 0) == 18
    assert memory.read(store, 0, 18) == b"Hello from Python!"
    assert isinstance(memory.read(store, 0, 1), bytes)
    assert memory.read(store, 6, 10) == b"from"
    assert memory.write(store, bytearray(b"xyz"), 100) == 3
    assert memory.write(store, memoryview(b"12345")[1:3], 200) == 2
    assert memory.read(store, 200, 202) == b"23"
    assert memory.read(store, -4) == b"\0\0\0\0"  # negative: from the end
    memory.write(store, b"end!", -4)
    assert memory.read(store, PAGE - 4, PAGE) == b"end!"
    assert memory.read(store, -4, -2) == b"en"
    assert memory.read(store, 5, 5) == b""
    assert len(memory.read(store)) == PAGE
    assert memory.write(store, b"", 5) == 0


def test_out_of_bounds_reads_and_writes_name_the_range(memory, store):
    with pytest.raises(wasmline.OutOfBounds) as error:
        memory.read(store, PAGE - 6, PAGE + 4)
    message = str(error.value)
    assert "Memory.read [65530, 65540)" in message
    assert "length 10" in message and "memory size 65536 bytes" in message
    assert isinstance(error.value, IndexError) and isinstance(error.value, wasmline.WasmtimeError)
    with pytest.raises(wasmline.OutOfBounds, match=r"index -70000 is before the start"):
        memory.read(store, -70000)
    with pytest.raises(wasmline.Error, match=r"\[10, 5\): start is after stop"):
        memory.read(store, 10, 5)
    memory.write(store, b"keep", PAGE - 8)
    with pytest.raises(wasmline.OutOfBounds, match=r"Memory.write of 14 bytes at 65530"):
        memory.write(store, b"This will fail", PAGE - 6)
    assert memory.read(store, PAGE - 8, PAGE - 4) == b"keep"  # nothing was written
    with pytest.raises(IndexError):
        memory.write(store, b"x", PAGE)
    with pytest.raises(TypeError, match="expected a bytes-like object, got str"):
        memory.write(store, "text is not bytes", 0)
    with pytest.raises(BufferError):
        memory.write(store, memoryview(b"abcdef")[::2], 0)  # not contiguous


def test_slicing(memory, store):
    memory[0:5] = b"Hello"
    assert memory[0:5] == b"Hello"
    assert memory[1] == ord("e")
    assert memory[-1] == 0
    memory[-1] = 255
    assert memory[PAGE - 1] == 255
    assert memory[PAGE - 2:] == b"\0\xff"
    assert memory[PAGE - 2:PAGE + 100] == b"\0\xff"  # slices clamp, as in Python
    with pytest.raises(IndexError):
        memory[PAGE]
    with pytest.raises(ValueError, match="step 1"):
        memory[0:10:2]
    with pytest.raises(ValueError, match="slice has 2 bytes, the value 3"):
        memory[0:2] = b"abc"
    with pytest.raises(ValueError, match="range"):
        memory[0] = 256


def test_buffer_protocol(memory, store):
    view = memoryview(memory.buffer(store))
    assert len(view) == PAGE and not view.readonly and view.format == "B"
    view[10:13] = b"abc"
    assert memory.read(store, 10, 13) == b"abc"
    memory.write(store, b"XYZ", 20)
    assert bytes(view[20:23]) == b"XYZ"
    assert len(memory.buffer()) == PAGE  # the store argument is optional


def test_view_survives_100_grows(engine, store):
    memory = Memory(store, MemoryType(Limits(1, 200)))
    exports = wasmline.Instance(store, wasmline.Module(engine, USES_MEMORY), [memory]).exports(store)
    buffer = memory.buffer(store)
    view = memoryview(buffer)
    view[0:4] = (0xDEADBEEF).to_bytes(4, "little")
    for i in range(100):
        # Grown alternately from Python and from wasm (memory.grow).
        previous = memory.grow(store, 1) if i % 2 == 0 else exports["grow"](store, 1)
        assert previous == i + 1
        view[8:12] = i.to_bytes(4, "little")  # the old view still writes the same bytes
        assert exports["load"](store, 8) == i
    assert memory.size(store) == 101 and exports["size"](store) == 101
    assert exports["load"](store, 0) == -0x21524111  # 0xDEADBEEF as a signed i32
    exports["store"](store, 4, 77)
    assert int.from_bytes(view[4:8], "little") == 77
    assert len(view) == PAGE  # a view covers what was there when it was made
    assert memory.buffer(store).address == buffer.address  # the base never moved
    assert len(memory.buffer(store)) == 101 * PAGE


def test_numpy_views(engine, store):
    import numpy
    memory = Memory(store, MemoryType(Limits(1, 10)))
    exports = wasmline.Instance(store, wasmline.Module(engine, USES_MEMORY), [memory]).exports(store)
    words = numpy.frombuffer(memory.buffer(store), dtype=numpy.uint32)
    assert words.shape == (PAGE // 4,) and words.flags.writeable
    words[:10] = numpy.arange(10, dtype=numpy.uint32) * 3
    memory.write(store, numpy.array([5, 6], dtype=numpy.uint16), 100)  # any contiguous buffer
    assert memory.read(store, 100, 104) == b"\x05\x00\x06\x00"
    assert exports["load"](store, 4 * 9) == 27
    memory.grow(store, 5)
    exports["store"](store, 16, 123456)
    assert words[4] == 123456
    assert int(words[:10].sum()) == sum(range(0, 30, 3)) - 12 + 123456


def test_data_ptr_and_ctypes(memory, store):
    pointer = memory.data_ptr(store)
    assert isinstance(pointer, int) and pointer == memory.buffer().address
    array = (ctypes.c_ubyte * memory.data_len(store)).from_address(pointer)
    array[0:3] = b"abc"
    assert memory.read(store, 0, 3) == b"abc"
    assert pointer.contents.value == ord("a")
    assert pointer[1] == ord("b")
    pointer[2] = ord("C")
    assert memory.read(store, 0, 3) == b"abC"
    assert ctypes.addressof(pointer.contents) == pointer

    class Header(ctypes.Structure):
        _fields_ = [("magic", ctypes.c_uint32), ("version", ctypes.c_uint16)]
    header = Header.from_address(pointer + 100)
    header.magic = 0x12345678
    header.version = 2
    assert memory.read(store, 100, 106) == b"\x78\x56\x34\x12\x02\x00"
    memory.grow(store, 1)
    header.version = 3  # still the same memory after grow
    assert memory.read(store, 104, 105) == b"\x03"


def test_get_buffer_ptr(memory, store):
    whole = memory.get_buffer_ptr(store)
    assert len(whole) == PAGE
    part = memory.get_buffer_ptr(store, 4, 8)
    part[:] = b"wxyz"
    assert memory.read(store, 8, 12) == b"wxyz"
    with pytest.raises(wasmline.OutOfBounds, match=r"\[65534, 65538\) is outside a memory of 65536"):
        memory.get_buffer_ptr(store, 4, PAGE - 2)


def test_atomics_on_an_unshared_memory(memory, store):
    assert memory.atomic_store(store, 8, 5) is None
    assert memory.atomic_load(store, 8) == 5
    assert memory.atomic_add(store, 8, 3) == 5
    assert memory.atomic_sub(store, 8, 1) == 8
    assert memory.atomic_and(store, 8, 6) == 7
    assert memory.atomic_or(store, 8, 9) == 6
    assert memory.atomic_xor(store, 8, 1) == 15
    assert memory.atomic_exchange(store, 8, 100) == 14
    assert memory.atomic_compare_exchange(store, 8, 1, 2) == 100  # not replaced
    assert memory.atomic_compare_exchange(store, 8, 100, 2) == 100
    assert memory.atomic_load(store, 8) == 2
    memory.atomic_store(store, 16, -1, width=8)
    assert memory.atomic_load(store, 16, width=8) == 2**64 - 1
    assert memory.atomic_add(store, 16, 1, width=1) == 255 and memory.atomic_load(store, 16, 1) == 0
    assert memory.atomic_load(store, 16, width=2) == 0xFF00
    assert memory.atomic_notify(store, 8, 1) == 0  # nobody waits on an unshared memory
    with pytest.raises(wasmline.Error, match="cannot wait on an unshared memory") as error:
        memory.atomic_wait32(store, 8, 2)
    assert error.value.kind == "unsupported"
    with pytest.raises(wasmline.Error, match="not a multiple of 4") as error:
        memory.atomic_load(store, 6)
    assert error.value.kind == "misaligned"
    with pytest.raises(wasmline.OutOfBounds):
        memory.atomic_load(store, PAGE)
    with pytest.raises(ValueError, match="width must be 1, 2, 4 or 8"):
        memory.atomic_load(store, 0, width=3)
    with pytest.raises(OverflowError, match="does not fit in 1 bytes"):
        memory.atomic_store(store, 0, 256, width=1)


def test_exported_memory(instantiate, store):
    exports = instantiate('(module (memory (export "mem") 2 4) (data (i32.const 3) "wasm"))')
    memory = exports["mem"]
    assert isinstance(memory, Memory)
    assert memory.size(store) == 2 and memory.read(store, 3, 7) == b"wasm"
    assert memory.type(store) == MemoryType(Limits(2, 4))


def test_memory64():
    config = wasmline.Config()
    config.wasm_memory64 = True
    engine = wasmline.Engine(config)
    store = wasmline.Store(engine)
    memory = Memory(store, MemoryType(Limits(1, 4), is_64=True))
    assert memory.type(store).is_64
    exports = wasmline.Instance(store, wasmline.Module(engine, """
        (module (import "" "m" (memory i64 1))
          (func (export "load") (param i64) (result i32) (i32.load8_u (local.get 0))))
    """), [memory]).exports(store)
    memory.write(store, b"\x2a", 70)
    assert exports["load"](store, 70) == 42
