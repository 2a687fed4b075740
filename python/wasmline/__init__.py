"""wasmline: a WebAssembly interpreter, with the API of wasmtime-py.

Memory views (``memoryview(memory.buffer(store))``, ``numpy.frombuffer``, ``data_ptr``) stay
valid across ``grow``: a wasmline memory's base address never moves. See python/README.md.
"""

from ._errors import Error, ExitTrap, Frame, OutOfBounds, Trap, TrapCode, WasmtimeError
from . import _native
from ._native import (
    Caller,
    ExportType,
    Func,
    FuncType,
    GcRef,
    Global,
    GlobalType,
    ImportType,
    Instance,
    Limits,
    Linker,
    Memory,
    MemoryBuffer,
    MemoryType,
    Module,
    SharedMemory,
    Store,
    Table,
    TableType,
    Val,
    ValType,
    WasiConfig,
    wat2wasm,
)
from ._config import Config, Engine
from ._helpers import DataPointer, DirPerms, FilePerms, InstanceExports, WaitResult

__version__ = _native.__version__

__all__ = [
    "Caller", "Config", "DataPointer", "DirPerms", "Engine", "Error", "ExitTrap", "ExportType",
    "FilePerms", "Frame", "Func", "FuncType", "GcRef", "Global", "GlobalType", "ImportType", "Instance",
    "InstanceExports", "Limits", "Linker", "Memory", "MemoryBuffer", "MemoryType", "Module",
    "OutOfBounds", "SharedMemory", "Store", "Table", "TableType", "Trap", "TrapCode", "Val",
    "ValType", "WaitResult", "WasiConfig", "WasmtimeError", "wat2wasm",
]
