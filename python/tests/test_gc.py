"""GC references: structs and arrays come back as rooted GcRef handles, i31s as ints, and both go
back to wasm as arguments; handles keep their objects alive across collections."""

import pytest

import wasmline
from wasmline import GcRef

GC = """
(module
  (type $point (struct (field $x i32) (field $y (mut i64))))
  (type $bytes (array (mut i8)))
  (type $node (struct (field $value i32) (field $next (ref null $node))))
  (func (export "point") (param i32 i64) (result (ref $point))
    (struct.new $point (local.get 0) (local.get 1)))
  (func (export "x") (param (ref null $point)) (result i32)
    (struct.get $point $x (ref.as_non_null (local.get 0))))
  (func (export "bytes") (param i32) (result (ref $bytes))
    (array.new $bytes (i32.const 7) (local.get 0)))
  (func (export "i31") (param i32) (result i31ref) (ref.i31 (local.get 0)))
  (func (export "i31_value") (param anyref) (result i32)
    (i31.get_s (ref.cast (ref i31) (local.get 0))))
  (func (export "same") (param anyref) (result anyref) (local.get 0))
  (func (export "is_point") (param anyref) (result i32)
    (ref.test (ref $point) (local.get 0)))
  ;; n nodes of garbage: forces collections under a small heap.
  (func (export "churn") (param $n i32)
    (loop $again
      (drop (struct.new $node (local.get $n) (ref.null $node)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $again (local.get $n)))))
"""


@pytest.fixture
def gc():
    config = wasmline.Config()
    config.wasm_gc = True  # implies function-references
    engine = wasmline.Engine(config)
    store = wasmline.Store(engine)
    module = wasmline.Module(engine, GC)
    return store, wasmline.Instance(store, module, []).exports(store)


def test_structs_and_arrays_are_handles(gc):
    store, e = gc
    point = e["point"](store, 3, 2**40)
    assert isinstance(point, GcRef)
    assert point.kind == "struct"
    assert point.field(0) == 3
    assert point.field(1) == 2**40
    assert e["x"](store, point) == 3
    array = e["bytes"](store, 5)
    assert array.kind == "array"
    assert len(array) == 5
    assert array[4] == 7
    assert "struct" in repr(point)


def test_identity_survives_a_round_trip(gc):
    store, e = gc
    point = e["point"](store, 1, 2)
    back = e["same"](store, point)
    assert back == point
    assert hash(back) == hash(point)
    assert back != e["point"](store, 1, 2)
    assert e["is_point"](store, back) == 1
    assert e["is_point"](store, e["bytes"](store, 1)) == 0


def test_i31_values_are_ints(gc):
    store, e = gc
    assert e["i31"](store, -5) == -5
    assert e["i31_value"](store, 123) == 123
    assert e["same"](store, -(2**30)) == -(2**30)
    with pytest.raises(OverflowError):
        e["i31_value"](store, 2**30)
    assert e["same"](store, None) is None


def test_handles_keep_objects_alive_across_collections(gc):
    store, e = gc
    points = [e["point"](store, i, i * 10) for i in range(100)]
    for _ in range(5):
        e["churn"](store, 200_000)  # 6.4 MB of garbage each round
    assert [p.field(0) for p in points] == list(range(100))
    assert [e["x"](store, p) for p in points] == list(range(100))


def test_wrong_types_are_refused(gc):
    store, e = gc
    with pytest.raises(wasmline.Error):
        e["x"](store, e["bytes"](store, 1))  # an array is not a $point
    with pytest.raises(TypeError):
        e["same"](store, "text")
    point = e["point"](store, 1, 2)
    with pytest.raises(wasmline.Error):
        point.field(5)
    with pytest.raises(wasmline.Error):
        len(point)
