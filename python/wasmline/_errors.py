"""The exceptions wasmline raises.

``Error`` is every wasmline error (wasmtime-py's ``WasmtimeError`` is the same class); its
``kind`` says what went wrong ("invalid argument", "malformed module", "out of bounds", ...).
``Trap`` is a trap of wasm code, with the wasm backtrace; ``ExitTrap`` a WASI program's
``proc_exit``; ``OutOfBounds`` an access outside a memory or table (also an ``IndexError``).
"""

import enum
import re
from typing import List, Optional

__all__ = ["Error", "WasmtimeError", "OutOfBounds", "Trap", "TrapCode", "Frame", "ExitTrap"]


class Error(Exception):
    """A wasmline error: ``message`` says what and where, ``kind`` what sort of error, and
    ``offset`` the byte of the module binary it is about (None when it is about none)."""

    def __init__(self, message: str, kind: str = "error", offset: Optional[int] = None):
        super().__init__(message)
        self.kind = kind
        self.offset = offset

    @property
    def message(self) -> str:
        """The error's message."""
        return str(self.args[0])

    def __str__(self) -> str:
        return str(self.args[0])


WasmtimeError = Error


class OutOfBounds(Error, IndexError):
    """An access outside a memory or table; the message names the range and the size."""

    def __init__(self, message: str, kind: str = "out of bounds"):
        super().__init__(message, kind)


class ExitTrap(Error):
    """A WASI program called ``proc_exit``: ``code`` is its exit status."""

    def __init__(self, code: int, message: Optional[str] = None):
        super().__init__(message or f"exit with status {code}", "exit")
        self.code = code


class TrapCode(enum.Enum):
    """What made wasm code trap (wasmtime-py's numbering)."""

    STACK_OVERFLOW = 0
    MEMORY_OUT_OF_BOUNDS = 1
    HEAP_MISALIGNED = 2
    TABLE_OUT_OF_BOUNDS = 3
    INDIRECT_CALL_TO_NULL = 4
    BAD_SIGNATURE = 5
    INTEGER_OVERFLOW = 6
    INTEGER_DIVISION_BY_ZERO = 7
    BAD_CONVERSION_TO_INTEGER = 8
    UNREACHABLE = 9
    INTERRUPT = 10
    OUT_OF_FUEL = 11
    ATOMIC_WAIT_NON_SHARED_MEMORY = 12
    NULL_REFERENCE = 13


# The spec's trap messages (wasmline's interp/traps.def) and their codes.
_TRAP_CODES = [
    ("unreachable", TrapCode.UNREACHABLE),
    ("integer divide by zero", TrapCode.INTEGER_DIVISION_BY_ZERO),
    ("integer overflow", TrapCode.INTEGER_OVERFLOW),
    ("invalid conversion to integer", TrapCode.BAD_CONVERSION_TO_INTEGER),
    ("out of bounds memory access", TrapCode.MEMORY_OUT_OF_BOUNDS),
    ("out of bounds table access", TrapCode.TABLE_OUT_OF_BOUNDS),
    ("undefined element", TrapCode.TABLE_OUT_OF_BOUNDS),
    ("uninitialized element", TrapCode.INDIRECT_CALL_TO_NULL),
    ("indirect call type mismatch", TrapCode.BAD_SIGNATURE),
    ("null function reference", TrapCode.NULL_REFERENCE),
    ("null reference", TrapCode.NULL_REFERENCE),
    ("call stack exhausted", TrapCode.STACK_OVERFLOW),
    ("unaligned atomic", TrapCode.HEAP_MISALIGNED),
    ("expected shared memory", TrapCode.ATOMIC_WAIT_NON_SHARED_MEMORY),
    ("all fuel consumed", TrapCode.OUT_OF_FUEL),
    ("interrupt", TrapCode.INTERRUPT),
]

_BACKTRACE_HEADER = "\nwasm backtrace:"
_FRAME_LINE = re.compile(r'^  func (\d+)(?: "((?:[^"\\]|\\.)*)")? at offset 0x([0-9a-f]+)$')
_ESCAPE = re.compile(r'\\(x[0-9a-f]{2}|.)')


def _unescape(name: str) -> str:
    """A function name as the backtrace escaped it (\\xNN, \\\\, \\") back to its text."""
    raw = bytearray()
    at = 0
    for match in _ESCAPE.finditer(name):
        raw += name[at:match.start()].encode("latin-1")
        code = match.group(1)
        raw += bytes([int(code[1:], 16)]) if code.startswith("x") and len(code) == 3 else code.encode()
        at = match.end()
    raw += name[at:].encode("latin-1")
    return raw.decode("utf-8", errors="replace")


class Frame:
    """One wasm frame of a trap's backtrace, innermost first."""

    def __init__(self, func_index: int, func_name: Optional[str], module_offset: int):
        self.func_index = func_index
        self.func_name = func_name
        self.module_offset = module_offset
        # wasmtime-py's other fields, which wasmline's backtraces do not carry.
        self.module_name: Optional[str] = None
        self.func_offset: Optional[int] = None

    def __repr__(self) -> str:
        name = f" {self.func_name!r}" if self.func_name is not None else ""
        return f"<Frame func {self.func_index}{name} at offset {self.module_offset:#x}>"


class Trap(Error):
    """Wasm code trapped. ``message`` is the trap's message (the spec's wording, or what a host
    function raised), ``frames`` the wasm backtrace, ``trace`` its lines, ``trap_code`` the kind
    of trap (None for one a host function raised); ``str(trap)`` is the message and backtrace.
    A host function may raise ``Trap("message")`` to trap its wasm caller."""

    def __init__(self, message: str):
        super().__init__(message, "trap")
        text, _, trace = message.partition(_BACKTRACE_HEADER)
        self._text = text
        self._trace = [line for line in trace.split("\n") if line.strip()]

    @property
    def message(self) -> str:
        return self._text

    @property
    def trace(self) -> List[str]:
        """The backtrace's lines ("func 3 \\"name\\" at offset 0x4f", "... 9 more frames")."""
        return [line.strip() for line in self._trace]

    @property
    def frames(self) -> List[Frame]:
        frames = []
        for line in self._trace:
            match = _FRAME_LINE.match(line)
            if match:
                name = _unescape(match.group(2)) if match.group(2) is not None else None
                frames.append(Frame(int(match.group(1)), name, int(match.group(3), 16)))
        return frames

    @property
    def trap_code(self) -> Optional[TrapCode]:
        for prefix, code in _TRAP_CODES:
            if self._text.startswith(prefix):
                return code
        return None


def _from_native(kind: str, message: str, exit_code: int, offset: Optional[int]) -> Error:
    """The exception for an error of the C++ API (called by wasmline._native)."""
    if kind == "trap":
        return Trap(message)
    if kind == "exit":
        return ExitTrap(exit_code, message)
    if kind == "out of bounds":
        return OutOfBounds(message)
    return Error(message, kind, offset)
