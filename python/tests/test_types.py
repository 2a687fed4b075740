"""ValType, Val, FuncType, Limits, MemoryType, TableType, GlobalType, ImportType, ExportType."""

import pytest

import wasmline
from wasmline import FuncType, GlobalType, Limits, MemoryType, TableType, Val, ValType


def test_valtypes_compare_print_and_hash():
    assert ValType.i32() == ValType.i32()
    assert ValType.i32() != ValType.i64()
    assert ValType.i32() != "i32"
    assert [str(t) for t in (ValType.i32(), ValType.i64(), ValType.f32(), ValType.f64(),
                             ValType.v128(), ValType.funcref(), ValType.externref())] == [
        "i32", "i64", "f32", "f64", "v128", "funcref", "externref"]
    assert repr(ValType.f64()) == "ValType.f64()"
    assert repr(ValType.externref()) == "ValType.externref()"
    assert len({ValType.i32(), ValType.i32(), ValType.f32()}) == 2


def test_functype():
    ty = FuncType([ValType.i32(), ValType.f64()], [ValType.i64()])
    assert ty.params == [ValType.i32(), ValType.f64()]
    assert ty.results == [ValType.i64()]
    assert str(ty) == "[i32 f64] -> [i64]"
    assert ty == FuncType([ValType.i32(), ValType.f64()], [ValType.i64()])
    assert ty != FuncType([], [])
    with pytest.raises(TypeError):
        FuncType([1], [])


def test_limits():
    assert Limits(1).max is None
    assert Limits(1, 10).min == 1 and Limits(1, 10).max == 10
    assert Limits(2, 3) == Limits(2, 3) and Limits(2, 3) != Limits(2, None)
    assert repr(Limits(1, None)) == "Limits(1, None)"
    with pytest.raises(TypeError):
        Limits(-1)


def test_memorytype():
    ty = MemoryType(Limits(1, 10))
    assert ty.limits == Limits(1, 10)
    assert not ty.is_64 and not ty.is_shared
    assert ty.page_size == 65536 and ty.page_size_log2 == 16
    assert MemoryType(Limits(1, 2), shared=True).is_shared
    assert MemoryType(Limits(1), is_64=True).is_64
    assert repr(MemoryType(Limits(1, 2), shared=True)) == "MemoryType(Limits(1, 2), shared=True)"
    assert MemoryType(Limits(1)) == MemoryType(Limits(1))


def test_memorytype_errors():
    with pytest.raises(wasmline.Error, match="minimum must not be greater than maximum") as error:
        MemoryType(Limits(5, 1))
    assert error.value.kind == "invalid type"
    with pytest.raises(wasmline.Error, match="shared memory must have maximum"):
        MemoryType(Limits(1), shared=True)
    with pytest.raises(wasmline.Error, match="65536 pages"):
        MemoryType(Limits(70000))


def test_tabletype_and_globaltype():
    table = TableType(ValType.funcref(), Limits(1, 4))
    assert table.element == ValType.funcref() and table.limits == Limits(1, 4)
    with pytest.raises(wasmline.Error, match="table elements must be references, got i32"):
        TableType(ValType.i32(), Limits(1))
    with pytest.raises(wasmline.Error, match="minimum must not be greater"):
        TableType(ValType.externref(), Limits(3, 2))
    glob = GlobalType(ValType.i64(), True)
    assert glob.content == ValType.i64() and glob.mutable
    assert GlobalType(ValType.f32(), False) == GlobalType(ValType.f32(), False)
    assert repr(glob) == "GlobalType(i64, mutable=True)"


def test_import_and_export_types(engine):
    module = wasmline.Module(engine, """
        (module
          (import "env" "f" (func (param i32) (result i64)))
          (import "env" "m" (memory 1 2))
          (import "env" "t" (table 3 funcref))
          (import "env" "g" (global (mut f32)))
          (func (export "run"))
          (export "mem" (memory 0))
          (global (export "answer") i32 (i32.const 42)))
    """)
    imports = module.imports
    assert [(i.module, i.name) for i in imports] == [("env", "f"), ("env", "m"), ("env", "t"),
                                                      ("env", "g")]
    assert imports[0].type == FuncType([ValType.i32()], [ValType.i64()])
    assert imports[1].type == MemoryType(Limits(1, 2))
    assert imports[2].type == TableType(ValType.funcref(), Limits(3))
    assert imports[3].type == GlobalType(ValType.f32(), True)
    exports = module.exports
    assert [e.name for e in exports] == ["run", "mem", "answer"]
    assert exports[0].type == FuncType([], [])
    assert exports[2].type == GlobalType(ValType.i32(), False)
    assert "ImportType('env', 'f'" in repr(imports[0])
    assert repr(exports[1]) == "ExportType('mem', MemoryType(Limits(1, 2)))"


def test_val():
    assert Val.i32(7).value == 7 and Val.i32(7).type == ValType.i32()
    assert Val.i32(0xFFFFFFFF).value == -1  # unsigned input, signed value
    assert Val.i64(2**64 - 1).value == -1
    assert Val.f32(0.1).value == pytest.approx(0.1, rel=1e-7)
    assert Val.f64(2).value == 2.0
    assert Val.v128(-1).value == 2**128 - 1
    assert Val.externref("x").value == "x"
    assert Val.funcref(None).value is None
    assert Val.ref_null(ValType.externref()).value is None
    assert Val.i32(3) == Val.i32(3) and Val.i32(3) != Val.i64(3)
    assert repr(Val.i32(3)) == "Val.i32(3)"
    assert Val.i32(5).as_i32() == 5 and Val.i32(5).as_i64() is None
    assert Val.i64(5).as_i64() == 5 and Val.f32(1).as_f32() == 1.0 and Val.f64(1).as_f64() == 1.0
    assert Val.externref(4).as_externref() == 4 and Val.funcref(None).as_funcref() is None


def test_val_errors():
    with pytest.raises(OverflowError, match="does not fit in i32"):
        Val.i32(2**32)
    with pytest.raises(OverflowError, match="does not fit in i64"):
        Val.i64(-2**63 - 1)
    with pytest.raises(OverflowError, match="does not fit in v128"):
        Val.v128(2**128)
    with pytest.raises(TypeError, match="expected i32, got float"):
        Val.i32(1.5)
    with pytest.raises(TypeError, match="expected f64, got str"):
        Val.f64("1")
    with pytest.raises(TypeError, match="expected funcref, got int"):
        Val.funcref(3)
    with pytest.raises(TypeError, match="ref_null needs a reference type"):
        Val.ref_null(ValType.i32())
