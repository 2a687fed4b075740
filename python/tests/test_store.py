"""Config, Engine and Store: options in both call forms, fuel, data, stack limits."""

import pytest

import wasmline

SPIN = """
(module
  (func (export "spin") (loop $forever (br $forever)))
  (func (export "count") (param $n i32) (result i32)
    (loop $again (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $n))
  (func $deep (export "deep") (param i32) (result i32)
    (if (result i32) (local.get 0)
      (then (i32.add (call $deep (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))
      (else (i32.const 0)))))
"""


def test_config_options_assign_or_call():
    config = wasmline.Config()
    config.wasm_threads = True
    config.consume_fuel(True)
    config.max_call_depth = 50
    assert config._options() == {"features": {"threads": True}, "consume_fuel": True,
                                  "max_call_depth": 50}
    assert "wasm_threads = True" in repr(config.wasm_threads)
    engine = wasmline.Engine(config)
    assert engine.feature_enabled("threads") and engine.consume_fuel
    assert not wasmline.Engine().feature_enabled("threads")
    with pytest.raises(TypeError, match="takes a bool"):
        config.wasm_simd = 1
    with pytest.raises(TypeError, match="non-negative int"):
        config.max_wasm_stack = -5
    with pytest.raises(AttributeError):
        config.cranelift_opt_level  # wasmtime's compiler options do not exist here
    with pytest.raises(TypeError, match="expected a Config"):
        wasmline.Engine("fast")
    with pytest.raises(wasmline.Error, match="unknown WebAssembly feature"):
        wasmline.Engine().feature_enabled("teleport")
    assert "structs, arrays" in wasmline.Config.wasm_gc.__doc__  # GC runs (issue 12)


def test_store_data_and_default_engine():
    store = wasmline.Store()
    assert store.data() is None
    payload = {"user": 1}
    assert wasmline.Store(wasmline.Engine(), payload).data() is payload
    with pytest.raises(TypeError, match="expected an Engine"):
        wasmline.Store("engine")


def test_fuel():
    with pytest.raises(wasmline.Error, match="fuel is not enabled") as error:
        wasmline.Store().set_fuel(10)
    assert error.value.kind == "unsupported"
    with pytest.raises(wasmline.Error, match="fuel is not enabled"):
        wasmline.Store().get_fuel()
    config = wasmline.Config()
    config.consume_fuel = True
    engine = wasmline.Engine(config)
    store = wasmline.Store(engine)
    exports = wasmline.Instance(store, wasmline.Module(engine, SPIN), []).exports(store)
    store.set_fuel(100_000)
    assert store.get_fuel() == 100_000
    assert exports["count"](store, 100) == 0
    left = store.get_fuel()
    assert 0 < left < 100_000
    with pytest.raises(wasmline.Trap) as trap:
        exports["spin"](store)
    assert trap.value.message == "all fuel consumed"
    assert trap.value.trap_code == wasmline.TrapCode.OUT_OF_FUEL
    store.set_fuel(1_000_000)
    assert exports["count"](store, 1000) == 0  # refuelled, it runs again


def test_stack_limits():
    config = wasmline.Config()
    config.max_call_depth = 100
    engine = wasmline.Engine(config)
    store = wasmline.Store(engine)
    deep = wasmline.Instance(store, wasmline.Module(engine, SPIN), []).exports(store)["deep"]
    assert deep(store, 50) == 50
    with pytest.raises(wasmline.Trap, match="call stack exhausted"):
        deep(store, 500)
    config = wasmline.Config()
    config.max_wasm_stack = 4096
    engine = wasmline.Engine(config)
    store = wasmline.Store(engine)
    deep = wasmline.Instance(store, wasmline.Module(engine, SPIN), []).exports(store)["deep"]
    with pytest.raises(wasmline.Trap, match="call stack exhausted"):
        deep(store, 5000)


def test_epoch_interruption_from_another_thread():
    import threading
    with pytest.raises(wasmline.Error, match="epoch") as error:
        wasmline.Store().set_epoch_deadline(1)
    assert error.value.kind == "unsupported"
    config = wasmline.Config()
    config.epoch_interruption = True
    engine = wasmline.Engine(config)
    store = wasmline.Store(engine)
    spin = wasmline.Instance(store, wasmline.Module(engine, SPIN), []).exports(store)["spin"]
    store.set_epoch_deadline(1)
    # The wasm call releases the GIL, so a Python timer thread can interrupt it.
    timer = threading.Timer(0.05, engine.increment_epoch)
    timer.start()
    with pytest.raises(wasmline.Trap) as trap:
        spin(store)
    timer.join()
    assert trap.value.message == "interrupt"
    assert trap.value.trap_code == wasmline.TrapCode.INTERRUPT
