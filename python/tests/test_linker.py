"""Linker: define, define_func, define_instance, define_module, shadowing, get, instantiate."""

import pytest

import wasmline
from wasmline import (Func, FuncType, Global, GlobalType, Limits, Linker, Memory, MemoryType, Table,
                      TableType, ValType)

APP = """
(module
  (import "env" "log" (func $log (param i32 i32)))
  (import "env" "memory" (memory 1))
  (import "env" "base" (global $base i32))
  (import "env" "table" (table 1 funcref))
  (data (i32.const 0) "hello linker")
  (func (export "run") (result i32)
    (call $log (i32.const 0) (i32.const 12))
    (global.get $base)))
"""


def test_instantiate_with_host_functions_in_two_stores(engine):
    linker = Linker(engine)
    calls = []
    linker.define_func("env", "note", FuncType([ValType.i32()], [ValType.i32()]),
                       lambda x: calls.append(x) or x + 1)
    module = wasmline.Module(engine, """
        (module (import "env" "note" (func $note (param i32) (result i32)))
                (func (export "run") (param i32) (result i32) (call $note (local.get 0))))
    """)
    for value in (1, 2):
        store = wasmline.Store(engine)
        run = linker.instantiate(store, module).exports(store)["run"]
        assert run(store, value) == value + 1
    assert calls == [1, 2]
    note = linker.get(wasmline.Store(engine), "env", "note")
    assert isinstance(note, Func)


def test_caller_memory_through_the_linker(engine, store):
    lines = []
    linker = Linker(engine)

    def log(caller, pointer, length):
        lines.append(caller["memory"].read(caller, pointer, pointer + length).decode())
    linker.define_func("env", "log", FuncType([ValType.i32(), ValType.i32()], []), log,
                       access_caller=True)
    linker.define(store, "env", "base", Global(store, GlobalType(ValType.i32(), False), 40))
    linker.define(store, "env", "table", Table(store, TableType(ValType.funcref(), Limits(1)), None))
    app = APP.replace('(import "env" "memory" (memory 1))', '').replace(
        '(data (i32.const 0)', '(memory (export "memory") 1)\n  (data (i32.const 0)')
    instance = linker.instantiate(store, wasmline.Module(engine, app))
    assert instance.exports(store)["run"](store) == 40
    assert lines == ["hello linker"]


def test_unknown_import_and_shadowing(engine, store):
    linker = Linker(engine)
    module = wasmline.Module(engine, '(module (import "env" "missing" (func)))')
    with pytest.raises(wasmline.Error, match='unknown import "env" "missing"') as error:
        linker.instantiate(store, module)
    assert error.value.kind == "unlinkable"
    one = Global(store, GlobalType(ValType.i32(), False), 1)
    two = Global(store, GlobalType(ValType.i32(), False), 2)
    linker.define(store, "env", "g", one)
    with pytest.raises(wasmline.Error, match="already defined"):
        linker.define(store, "env", "g", two)
    linker.allow_shadowing(True)
    linker.define(store, "env", "g", two)
    assert linker.get(store, "env", "g").value(store) == 2
    with pytest.raises(wasmline.Error, match='no definition of "env" "nope"'):
        linker.get(store, "env", "nope")
    with pytest.raises(TypeError, match="expected a Func, Memory"):
        linker.define(store, "env", "x", 5)
    with pytest.raises(TypeError, match="needs a callable"):
        linker.define_func("env", "f", FuncType([], []), None)


def test_objects_of_another_store_are_refused(engine, store):
    other = wasmline.Store(engine)
    linker = Linker(engine)
    linker.define(other, "env", "g", Global(other, GlobalType(ValType.i32(), False), 1))
    module = wasmline.Module(engine, '(module (import "env" "g" (global i32)))')
    with pytest.raises(wasmline.Error, match="this Global belongs to another Store"):
        linker.instantiate(store, module)
    with pytest.raises(wasmline.Error, match="belongs to another Store"):
        wasmline.Instance(store, module, [Global(other, GlobalType(ValType.i32(), False), 1)])
    # A memory is not tied to a store.
    memory = Memory(other, MemoryType(Limits(1)))
    wasmline.Instance(store, wasmline.Module(engine, '(module (import "" "m" (memory 1)))'), [memory])


def test_define_instance_and_define_module(engine, store):
    lib = wasmline.Module(engine, """
        (module (func (export "triple") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
                (global (export "seven") i32 (i32.const 7)))
    """)
    user = wasmline.Module(engine, """
        (module (import "lib" "triple" (func $triple (param i32) (result i32)))
                (import "lib" "seven" (global $seven i32))
                (func (export "run") (result i32) (call $triple (global.get $seven))))
    """)
    linker = Linker(engine)
    linker.define_instance(store, "lib", wasmline.Instance(store, lib, []))
    assert linker.instantiate(store, user).exports(store)["run"](store) == 21
    linker = Linker(engine)
    linker.define_module(store, "lib", lib)
    assert linker.instantiate(store, user).exports(store)["run"](store) == 21
    with pytest.raises(wasmline.Error, match="this Instance belongs to another Store"):
        Linker(engine).define_instance(wasmline.Store(engine), "lib", wasmline.Instance(store, lib, []))


def test_instance_exports_mapping(instantiate, store):
    exports = instantiate("""
        (module (func (export "f")) (memory (export "m") 1)
                (global (export "g") (mut i64) (i64.const 5)) (table (export "t") 2 externref))
    """)
    assert list(exports) == ["f", "m", "g", "t"] and len(exports) == 4
    assert isinstance(exports["f"], Func) and isinstance(exports[1], Memory)
    assert exports.by_index[2] is exports["g"]
    assert "m" in exports and "x" not in exports
    assert exports.get("x") is None
    with pytest.raises(KeyError):
        exports["x"]
    with pytest.raises(IndexError):
        exports[9]
    glob = exports["g"]
    assert glob.type(store) == GlobalType(ValType.i64(), True)
    glob.set_value(store, 2**40)
    assert glob.value(store) == 2**40
    table = exports["t"]
    assert table.size(store) == 2 and table.type(store).element == ValType.externref()
    marker = ["payload"]
    table.set(store, 1, marker)
    assert table.get(store, 1) is marker and table.get(store, 0) is None
    assert table.grow(store, 3, "fill") == 2 and table.size(store) == 5
    assert table.get(store, 4) == "fill"
    with pytest.raises(wasmline.OutOfBounds):
        table.get(store, 5)
    with pytest.raises(wasmline.Error, match="immutable"):
        instantiate('(module (global (export "c") i32 (i32.const 1)))')["c"].set_value(store, 2)


def test_host_made_globals_and_tables(engine, store):
    glob = Global(store, GlobalType(ValType.f64(), True), 1.5)
    assert glob.value(store) == 1.5
    with pytest.raises(TypeError, match="expected f64, got str"):
        glob.set_value(store, "x")
    func = Func(store, FuncType([], [ValType.i32()]), lambda: 11)
    table = Table(store, TableType(ValType.funcref(), Limits(2, 3)), func)
    assert table.get(store, 1)(store) == 11
    with pytest.raises(wasmline.Error, match="maximum") as error:
        table.grow(store, 2, None)
    assert error.value.kind == "grow failed"
    module = wasmline.Module(engine, """
        (module (import "" "t" (table 2 funcref)) (type $r (func (result i32)))
                (func (export "call") (param i32) (result i32) (call_indirect (type $r) (local.get 0))))
    """)
    call = wasmline.Instance(store, module, [table]).exports(store)["call"]
    assert call(store, 0) == 11


def test_instance_import_errors(engine, store):
    module = wasmline.Module(engine, '(module (import "env" "f" (func (param i32))))')
    with pytest.raises(wasmline.Error) as error:
        wasmline.Instance(store, module, [])
    assert error.value.kind in ("unlinkable", "invalid argument")
    wrong = Func(store, FuncType([ValType.i64()], []), lambda x: None)
    with pytest.raises(wasmline.Error, match="incompatible import type") as error:
        wasmline.Instance(store, module, [wrong])
    assert error.value.kind == "unlinkable"
    with pytest.raises(TypeError, match="expected a Func, Memory"):
        wasmline.Instance(store, module, ["not an extern"])
    with pytest.raises(TypeError, match="expected a Store"):
        wasmline.Instance(engine, module, [])
    table = Table(store, TableType(ValType.funcref(), Limits(1)), None)
    with pytest.raises(TypeError, match="expected funcref, got int"):
        table.set(store, 0, 5)
    with pytest.raises(wasmline.OutOfBounds):
        table.set(store, 3, None)
    refs = Global(store, GlobalType(ValType.externref(), True), None)
    assert refs.value(store) is None
    refs.set_value(store, {"any": "object"})
    assert refs.value(store) == {"any": "object"}
