"""Module (text, binary, files, validation, imports/exports) and wat2wasm."""

import pytest

import wasmline

ADD = '(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))'


def test_module_from_text_bytes_and_binary(engine, store):
    binary = wasmline.wat2wasm(ADD)
    assert isinstance(binary, bytes) and binary[:4] == b"\0asm"
    for source in (ADD, ADD.encode(), binary, bytearray(binary), memoryview(binary)):
        module = wasmline.Module(engine, source)
        add = wasmline.Instance(store, module, []).exports(store)["add"]
        assert add(store, 2, 3) == 5


def test_wat2wasm_accepts_bytes_and_reports_errors():
    assert wasmline.wat2wasm(ADD.encode()) == wasmline.wat2wasm(ADD)
    with pytest.raises(wasmline.Error, match=r"input.wat:1:\d+") as error:
        wasmline.wat2wasm("(module (func (result i32) i32.cont 1))")
    assert error.value.kind == "malformed module"
    with pytest.raises(TypeError):
        wasmline.wat2wasm(42)


def test_module_errors(engine):
    with pytest.raises(wasmline.Error, match="type mismatch") as invalid:
        wasmline.Module(engine, "(module (func (result i32) i64.const 1))")
    assert invalid.value.kind == "invalid module"
    assert str(invalid.value).startswith("invalid module at byte offset 0x")
    assert invalid.value.offset == int(str(invalid.value).split()[5].rstrip(":"), 16)
    with pytest.raises(wasmline.Error, match="magic header not detected|unexpected") as malformed:
        wasmline.Module(engine, b"\0asx\1\0\0\0")
    assert malformed.value.kind == "malformed module"
    with pytest.raises(wasmline.Error, match="malformed module at byte offset 0x9: unexpected end"):
        wasmline.Module(engine, b"\0asm\1\0\0\0\1")
    with pytest.raises(TypeError, match="expected str, bytes"):
        wasmline.Module(engine, 12)


def test_module_from_file(engine, store, tmp_path):
    text = tmp_path / "add.wat"
    text.write_text(ADD)
    binary = tmp_path / "add.wasm"
    binary.write_bytes(wasmline.wat2wasm(ADD))
    for path in (text, str(binary)):
        module = wasmline.Module.from_file(engine, path)
        assert wasmline.Instance(store, module, []).exports(store)["add"](store, 20, 22) == 42
    with pytest.raises(wasmline.Error, match="missing.wasm"):
        wasmline.Module.from_file(engine, tmp_path / "missing.wasm")
    bad = tmp_path / "bad.wat"
    bad.write_text("(module\n  (func (result i32) i32.const))")
    with pytest.raises(wasmline.Error, match=r"bad.wat:2:\d+"):
        wasmline.Module.from_file(engine, bad)


def test_validate(engine):
    assert wasmline.Module.validate(engine, wasmline.wat2wasm(ADD)) is None
    with pytest.raises(wasmline.Error, match="type mismatch"):
        wasmline.Module.validate(engine, "(module (func (result f32) i32.const 0))")


def test_name_imports_exports(engine):
    module = wasmline.Module(engine, '(module $calc (import "a" "b" (func)) (func (export "f")))')
    assert module.name == "calc"
    assert wasmline.Module(engine, "(module)").name is None
    assert [(i.module, i.name) for i in module.imports] == [("a", "b")]
    assert [e.name for e in module.exports] == ["f"]


def test_features_follow_the_engine_config():
    wat = "(module (memory i64 1))"
    with pytest.raises(wasmline.Error, match="malformed module at byte offset 0xb"):
        wasmline.Module(wasmline.Engine(), wasmline.wat2wasm(wat))  # 64-bit limits need memory64
    config = wasmline.Config()
    config.wasm_memory64 = True
    wasmline.Module(wasmline.Engine(config), wat)
    config = wasmline.Config()
    config.wasm_simd(False)  # the seed's call form
    with pytest.raises(wasmline.Error):
        wasmline.Module(wasmline.Engine(config), "(module (func (result v128) v128.const i32x4 0 0 0 0))")


def test_eager_compilation_runs_the_same(store):
    config = wasmline.Config()
    config.eager_compilation = True
    engine = wasmline.Engine(config)
    own = wasmline.Store(engine)
    add = wasmline.Instance(own, wasmline.Module(engine, ADD), []).exports(own)["add"]
    assert add(own, 40, 2) == 42
