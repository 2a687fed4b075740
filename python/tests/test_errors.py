"""The exception classes, and traps with their messages, backtraces and trap codes."""

import pytest

import wasmline
from wasmline import TrapCode

TRAPS = """
(module
  (type $v (func))
  (table 2 funcref)
  (elem (i32.const 1) $inner)
  (memory 1)
  (func $inner (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
  (func (export "divide") (param i32) (result i32) (call $inner (local.get 0)))
  (func (export "unreachable") unreachable)
  (func (export "overflow") (result i32) (i32.div_s (i32.const 0x80000000) (i32.const -1)))
  (func (export "convert") (result i32) (i32.trunc_f32_s (f32.const nan)))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "null") (call_indirect (type $v) (i32.const 0)))
  (func (export "signature") (call_indirect (type $v) (i32.const 1)))
  (func (export "outside") (call_indirect (type $v) (i32.const 5)))
  (func $recurse (export "recurse") (call $recurse)))
"""


def test_hierarchy():
    assert wasmline.WasmtimeError is wasmline.Error
    assert issubclass(wasmline.Trap, wasmline.Error)
    assert issubclass(wasmline.ExitTrap, wasmline.Error)
    assert issubclass(wasmline.OutOfBounds, wasmline.Error)
    assert issubclass(wasmline.OutOfBounds, IndexError)
    error = wasmline.Error("boom", "invalid argument")
    assert str(error) == "boom" and error.message == "boom" and error.kind == "invalid argument"
    assert wasmline.ExitTrap(3).code == 3


def test_trap_message_frames_and_code(instantiate, store):
    exports = instantiate(TRAPS)
    with pytest.raises(wasmline.Trap) as caught:
        exports["divide"](store, 0)
    trap = caught.value
    assert trap.message == "integer divide by zero"
    assert trap.trap_code == TrapCode.INTEGER_DIVISION_BY_ZERO
    assert trap.kind == "trap"
    frames = trap.frames
    assert [f.func_index for f in frames] == [0, 1]
    assert frames[0].func_name == "inner" and frames[1].func_name is None
    assert frames[0].module_offset > 0 and frames[0].module_name is None
    assert trap.trace[0].startswith('func 0 "inner" at offset 0x')
    assert str(trap).startswith("integer divide by zero\nwasm backtrace:\n  func 0 \"inner\"")
    assert "func 0" in repr(frames[0])


@pytest.mark.parametrize("name, args, message, code", [
    ("unreachable", (), "unreachable", TrapCode.UNREACHABLE),
    ("overflow", (), "integer overflow", TrapCode.INTEGER_OVERFLOW),
    ("convert", (), "invalid conversion to integer", TrapCode.BAD_CONVERSION_TO_INTEGER),
    ("load", (65535,), "out of bounds memory access", TrapCode.MEMORY_OUT_OF_BOUNDS),
    ("null", (), "uninitialized element", TrapCode.INDIRECT_CALL_TO_NULL),
    ("signature", (), "indirect call type mismatch", TrapCode.BAD_SIGNATURE),
    ("outside", (), "undefined element", TrapCode.TABLE_OUT_OF_BOUNDS),
    ("recurse", (), "call stack exhausted", TrapCode.STACK_OVERFLOW),
])
def test_trap_codes(instantiate, store, name, args, message, code):
    with pytest.raises(wasmline.Trap) as caught:
        instantiate(TRAPS)[name](store, *args)
    assert caught.value.message.startswith(message)
    assert caught.value.trap_code == code


def test_out_of_bounds_trap_names_the_access(instantiate, store):
    with pytest.raises(wasmline.Trap) as caught:
        instantiate(TRAPS)["load"](store, 65533)
    assert caught.value.message == (
        "out of bounds memory access: 4 bytes at address 0xfffd, memory size 0x10000")


def test_recursion_backtrace_is_collapsed(instantiate, store):
    with pytest.raises(wasmline.Trap) as caught:
        instantiate(TRAPS)["recurse"](store)
    trace = caught.value.trace
    assert len(trace) == 4
    assert trace[3].startswith("... ") and trace[3].endswith("more frames of func 9")
    assert len(caught.value.frames) == 3


def test_backtrace_names_are_unescaped():
    trap = wasmline.Trap('boom\nwasm backtrace:\n  func 3 "a\\"b\\\\c\\xc3\\xa9" at offset 0x10\n'
                         '  func 4 at offset 0x2a')
    assert trap.message == "boom"
    assert [(f.func_index, f.func_name, f.module_offset) for f in trap.frames] == [
        (3, 'a"b\\cé', 0x10), (4, None, 0x2a)]
    assert trap.trap_code is None


def test_trap_without_backtrace():
    trap = wasmline.Trap("host said no")
    assert trap.message == "host said no" and trap.frames == [] and trap.trace == []
