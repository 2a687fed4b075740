"""Func: calls with Python values, results, host functions, Caller, and errors crossing wasm."""

import pytest

import wasmline
from wasmline import Func, FuncType, Val, ValType

CALC = """
(module
  (import "host" "callback" (func $callback (param i32) (result i32)))
  (memory (export "memory") 1)
  (table (export "table") 2 funcref)
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "add64") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
  (func (export "mul") (param f32 f64) (result f64) (f64.mul (f64.promote_f32 (local.get 0)) (local.get 1)))
  (func (export "swap") (param i32 f64) (result f64 i32) (local.get 1) (local.get 0))
  (func (export "nothing"))
  (func (export "v128") (param v128) (result v128) (i32x4.add (local.get 0) (v128.const i32x4 1 1 1 1)))
  (func (export "call_back") (param i32) (result i32) (i32.add (call $callback (local.get 0)) (i32.const 1)))
  (func (export "same_ref") (param externref) (result externref) (local.get 0))
  (func (export "same_func") (param funcref) (result funcref) (local.get 0)))
"""


@pytest.fixture
def calc(engine, store):
    def callback(x):
        return x * 10
    host = Func(store, FuncType([ValType.i32()], [ValType.i32()]), callback)
    module = wasmline.Module(engine, CALC)
    return wasmline.Instance(store, module, [host]).exports(store)


def test_calls_and_results(calc, store):
    assert calc["add"](store, 2, 3) == 5
    assert calc["add"](store, 0xFFFFFFFF, 0) == -1  # unsigned in, signed out
    assert calc["add"](store, -2**31, -1) == 2**31 - 1  # wraps
    assert calc["add64"](store, 2**62, 2**62) == -2**63
    assert calc["mul"](store, 1.5, 2) == 3.0
    assert calc["swap"](store, 7, 2.5) == (2.5, 7)
    assert calc["nothing"](store) is None
    assert calc["v128"](store, 0) == (1 | 1 << 32 | 1 << 64 | 1 << 96)
    assert calc["v128"](store, b"\xff" * 16) == 0  # every lane -1 + 1
    assert calc["call_back"](store, 4) == 41
    assert calc["add"](store, Val.i32(1), Val.i32(2)) == 3


def test_references_round_trip(calc, store):
    token = object()
    assert calc["same_ref"](store, token) is token
    assert calc["same_ref"](store, None) is None
    add = calc["add"]
    back = calc["same_func"](store, add)
    assert isinstance(back, Func) and back(store, 1, 1) == 2
    assert calc["same_func"](store, None) is None


def test_func_type(calc, store):
    assert calc["swap"].type(store) == FuncType([ValType.i32(), ValType.f64()],
                                                [ValType.f64(), ValType.i32()])


def test_argument_errors(calc, store):
    with pytest.raises(wasmline.Error, match=r"takes 2 arguments, got 1") as error:
        calc["add"](store, 1)
    assert error.value.kind == "invalid argument"
    with pytest.raises(TypeError, match="argument 1: expected i32, got str"):
        calc["add"](store, 1, "2")
    with pytest.raises(OverflowError, match="argument 0: 4294967296 does not fit in i32"):
        calc["add"](store, 2**32, 0)
    with pytest.raises(TypeError, match="expected i64, got a Val of type i32"):
        calc["add64"](store, Val.i32(1), 2)
    with pytest.raises(TypeError, match="expected funcref, got int"):
        calc["same_func"](store, 5)
    with pytest.raises(TypeError, match="expected a Store or a Caller"):
        calc["add"](1, 2)
    with pytest.raises(wasmline.Error, match="this Func belongs to another Store"):
        calc["add"](wasmline.Store(), 1, 2)


def test_host_function_results_and_errors(engine, store):
    def pair(a, b):
        return (b, a)
    swap = Func(store, FuncType([ValType.i32(), ValType.i64()], [ValType.i64(), ValType.i32()]), pair)
    assert swap(store, 1, 2) == (2, 1)
    none = Func(store, FuncType([], []), lambda: None)
    assert none(store) is None
    bad_count = Func(store, FuncType([], [ValType.i32(), ValType.i32()]), lambda: (1,))
    with pytest.raises(TypeError, match="must return a sequence of 2 values"):
        bad_count(store)
    bad_type = Func(store, FuncType([], [ValType.i32()]), lambda: "x")
    with pytest.raises(TypeError, match="result of the host function: expected i32, got str"):
        bad_type(store)
    extra = Func(store, FuncType([], []), lambda: 5)
    with pytest.raises(TypeError, match="has no results"):
        extra(store)
    with pytest.raises(TypeError, match="needs a callable"):
        Func(store, FuncType([], []), 5)


WRAPPER = """
(module
  (import "" "host" (func $host (param i32) (result i32)))
  (func $inner (export "inner") (param i32) (result i32) (call $host (local.get 0)))
  (func (export "outer") (param i32) (result i32) (call $inner (local.get 0))))
"""


def wrapper(engine, store, body, access_caller=False):
    host = Func(store, FuncType([ValType.i32()], [ValType.i32()]), body, access_caller)
    return wasmline.Instance(store, wasmline.Module(engine, WRAPPER), [host]).exports(store)


def test_host_exception_comes_back_as_itself(engine, store):
    class Boom(Exception):
        pass

    def fail(x):
        raise Boom(f"no {x}")
    exports = wrapper(engine, store, fail)
    with pytest.raises(Boom, match="no 7") as caught:
        exports["outer"](store, 7)
    notes = "\n".join(getattr(caught.value, "__notes__", []))
    assert "wasm backtrace:" in notes and 'func 1 "inner"' in notes


def test_host_trap_becomes_a_trap_with_backtrace(engine, store):
    def refuse(x):
        raise wasmline.Trap(f"refused {x}")
    exports = wrapper(engine, store, refuse)
    with pytest.raises(wasmline.Trap) as caught:
        exports["outer"](store, 3)
    assert caught.value.message == "refused 3"
    assert [f.func_index for f in caught.value.frames] == [1, 2]
    assert caught.value.trap_code is None


def test_host_exit_trap_exits(engine, store):
    def leave(x):
        raise wasmline.ExitTrap(x)
    exports = wrapper(engine, store, leave)
    with pytest.raises(wasmline.ExitTrap) as caught:
        exports["outer"](store, 9)
    assert caught.value.code == 9


def test_nested_calls_and_nested_exceptions(engine, store):
    depth = []

    def host(x):
        depth.append(x)
        if x == 0:
            raise KeyError("bottom")
        return exports["outer"](store, x - 1) + 1
    exports = wrapper(engine, store, host)
    with pytest.raises(KeyError, match="bottom"):
        exports["outer"](store, 3)
    assert depth == [3, 2, 1, 0]

    def counting(x):
        return 0 if x == 0 else exports2["outer"](store, x - 1) + 1
    exports2 = wrapper(engine, store, counting)
    assert exports2["outer"](store, 5) == 5


def test_caller(engine, store):
    seen = {}

    def host(caller, address):
        memory = caller["memory"]
        seen["memory"] = memory
        seen["caller"] = caller
        assert caller.get("missing") is None
        with pytest.raises(KeyError, match="no export \"missing\""):
            caller["missing"]
        memory.write(caller, b"hi!", address)
        return caller["double"](caller, address)
    wat = """
    (module
      (import "" "host" (func $host (param i32) (result i32)))
      (memory (export "memory") 1)
      (func (export "double") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
      (func (export "run") (param i32) (result i32) (call $host (local.get 0))))
    """
    host_func = Func(store, FuncType([ValType.i32()], [ValType.i32()]), host, access_caller=True)
    exports = wasmline.Instance(store, wasmline.Module(engine, wat), [host_func]).exports(store)
    assert exports["run"](store, 100) == 200
    assert exports["memory"].read(store, 100, 103) == b"hi!"
    # The Caller is only valid during the call.
    with pytest.raises(wasmline.Error, match="used after its host function returned"):
        seen["memory"].read(seen["caller"], 0, 1)
    assert seen["caller"].get("memory") is None
    with pytest.raises(wasmline.Error, match="used after its host function returned"):
        seen["caller"]["memory"]


def test_host_function_called_directly(store):
    calls = []
    func = Func(store, FuncType([ValType.f64()], [ValType.f64()]), lambda x: calls.append(x) or x / 2)
    assert func(store, 5) == 2.5 and calls == [5.0]


def test_typed_function_references():
    config = wasmline.Config()
    config.wasm_function_references = True
    engine = wasmline.Engine(config)
    store = wasmline.Store(engine)
    exports = wasmline.Instance(store, wasmline.Module(engine, """
        (module
          (type $answer (func (result i32)))
          (func $forty_two (type $answer) (i32.const 42))
          (elem declare func $forty_two)
          (func (export "get") (result (ref $answer)) (ref.func $forty_two))
          (func (export "apply") (param (ref $answer)) (result i32) (call_ref $answer (local.get 0))))
    """), []).exports(store)
    answer = exports["get"](store)
    assert isinstance(answer, Func) and answer(store) == 42
    assert exports["apply"](store, answer) == 42
    with pytest.raises(TypeError, match="cannot be None"):
        exports["apply"](store, None)
    assert exports["apply"].type(store).params[0] != ValType.funcref()
