"""Pure-Python pieces of wasmline that its extension module uses: instance exports, ctypes
access to memory, and small enums."""

import ctypes
import enum
from collections.abc import Mapping
from typing import Any, Iterator, Sequence, Tuple

from ._errors import OutOfBounds

__all__ = ["InstanceExports", "WaitResult", "DirPerms", "FilePerms", "DataPointer"]


class WaitResult(enum.IntEnum):
    """The outcome of an atomic wait (the values of wasm's memory.atomic.wait)."""

    OK = 0  # woken by a notify
    MISMATCH = 1  # the cell did not hold the expected value
    TIMED_OUT = 2


class DirPerms(enum.Enum):
    """Permissions of a preopened directory (wasmline grants READ_WRITE only)."""

    READ_ONLY = 1
    WRITE_ONLY = 2
    READ_WRITE = 3


class FilePerms(enum.Enum):
    """Permissions of files in a preopened directory (wasmline grants READ_WRITE only)."""

    READ_ONLY = 1
    WRITE_ONLY = 2
    READ_WRITE = 3


class InstanceExports(Mapping):
    """An instance's exports: ``exports["name"]``, ``exports[0]`` (by position), ``by_index``."""

    def __init__(self, pairs: Sequence[Tuple[str, Any]]):
        self._by_name = dict(pairs)
        self._by_index = tuple(item for _, item in pairs)

    @property
    def by_index(self) -> Tuple[Any, ...]:
        """The exports in the module's order."""
        return self._by_index

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, int):
            return self._by_index[key]
        return self._by_name[key]

    def __len__(self) -> int:
        return len(self._by_index)

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_name)


class DataPointer(int):
    """The address of a memory's byte 0. It is an int (``ptr + 100``, ``from_address(ptr)``,
    ``ctypes.cast(ptr, ...)``) that also acts like wasmtime-py's ``POINTER(c_ubyte)``:
    ``ptr.contents`` and ``ptr[i]`` (bounds-checked against the memory's size when the pointer
    was taken). It keeps the memory alive; the address stays valid across grow."""

    def __new__(cls, buffer: Any) -> "DataPointer":
        pointer = super().__new__(cls, buffer.address)
        pointer._buffer = buffer
        return pointer

    @property
    def contents(self) -> ctypes.c_ubyte:
        return ctypes.c_ubyte.from_buffer(self._buffer)

    def __getitem__(self, index: int) -> int:
        return memoryview(self._buffer)[index]

    def __setitem__(self, index: int, value: int) -> None:
        memoryview(self._buffer)[index] = value


def data_pointer(buffer: Any) -> DataPointer:
    return DataPointer(buffer)


def buffer_array(buffer: Any, size: Any, offset: int) -> ctypes.Array:
    """A ctypes c_ubyte array over [offset, offset + size) of a MemoryBuffer, keeping it alive."""
    length = len(buffer)
    if size is None:
        size = length - offset
    if offset < 0 or size < 0 or offset + size > length:
        raise OutOfBounds(f"get_buffer_ptr: [{offset}, {offset + size}) is outside a memory of "
                          f"{length} bytes")
    return (ctypes.c_ubyte * size).from_buffer(buffer, offset)


def v128_bytes(value: int, what: str) -> bytes:
    """A v128 from an int: 16 bytes little-endian (lane 0 first), negative in two's complement."""
    if not -(1 << 127) <= value < (1 << 128):
        raise OverflowError(f"{what}: {value} does not fit in v128")
    return (value % (1 << 128)).to_bytes(16, "little")
