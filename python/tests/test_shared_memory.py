"""SharedMemory: one memory for several stores and Python threads, wasm running with the GIL
released, atomics and wait/notify."""

import threading
import time

import pytest

import wasmline
from wasmline import Limits, MemoryType, SharedMemory, WaitResult

PAGE = 65536

WORKER = """
(module
  (import "env" "memory" (memory 1 4 shared))
  ;; Adds 1 to the counter at `address` `count` times, atomically.
  (func (export "increment") (param $address i32) (param $count i32)
    (loop $again
      (drop (i32.atomic.rmw.add (local.get $address) (i32.const 1)))
      (local.tee $count (i32.sub (local.get $count) (i32.const 1)))
      (br_if $again)))
  ;; Spins until the cell at `address` is non-zero or `limit` iterations passed; returns how
  ;; many iterations it took.
  (func (export "spin_until_set") (param $address i32) (param $limit i32) (result i32)
    (local $n i32)
    (block $done
      (loop $again
        (br_if $done (i32.atomic.load (local.get $address)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br_if $again (i32.lt_u (local.get $n) (local.get $limit)))))
    (local.get $n))
  (func (export "wait") (param $address i32) (param $expected i32) (result i32)
    (memory.atomic.wait32 (local.get $address) (local.get $expected) (i64.const -1)))
  (func (export "notify") (param $address i32) (result i32)
    (memory.atomic.notify (local.get $address) (i32.const 1))))
"""


@pytest.fixture
def threads_engine():
    config = wasmline.Config()
    config.wasm_threads = True
    return wasmline.Engine(config)


@pytest.fixture
def shared(threads_engine):
    return SharedMemory(threads_engine, MemoryType(Limits(1, 4), shared=True))


def worker(engine, shared):
    """A store of its own and an instance on the shared memory (one per thread)."""
    store = wasmline.Store(engine)
    module = wasmline.Module(engine, WORKER)
    return store, wasmline.Instance(store, module, [shared]).exports(store)


def test_type_size_grow(shared):
    assert shared.type() == MemoryType(Limits(1, 4), shared=True)
    assert shared.size() == 1 and shared.data_len() == PAGE and shared.page_size() == PAGE
    assert shared.grow(1) == 1
    assert shared.type().limits == Limits(2, 4)
    with pytest.raises(wasmline.Error, match="maximum"):
        shared.grow(3)
    assert isinstance(shared.data_ptr(), int)


def test_an_unshared_type_is_made_shared_and_needs_a_maximum(threads_engine):
    memory = SharedMemory(threads_engine, MemoryType(Limits(1, 5)))  # the seed's form
    assert memory.type().is_shared
    with pytest.raises(wasmline.Error, match="shared memory must have maximum"):
        SharedMemory(threads_engine, MemoryType(Limits(1)))


def test_every_store_sees_the_same_bytes(threads_engine, shared):
    a, b = wasmline.Store(threads_engine), wasmline.Store(threads_engine)
    shared.as_memory(a).write(a, b"shared!", 40)
    assert shared.as_memory(b).read(b, 40, 47) == b"shared!"
    store, exports = worker(threads_engine, shared)
    shared.as_memory(a).grow(a, 1)
    assert shared.size() == 2 and shared.as_memory(store).size(store) == 2
    view = memoryview(shared.buffer())
    view[0:4] = (7).to_bytes(4, "little")
    exports["increment"](store, 0, 5)
    assert shared.atomic_load(0) == 12


def test_four_threads_lose_no_update(threads_engine, shared):
    per_thread = 200_000
    errors = []

    def run(index):
        try:
            store, exports = worker(threads_engine, shared)
            exports["increment"](store, 64, per_thread)  # all four on one counter
            exports["increment"](store, 128 + 4 * index, per_thread)  # and one of their own
            # Python-side atomics from every thread as well.
            for _ in range(1000):
                shared.atomic_add(256, 1)
        except BaseException as error:  # reported by the main thread
            errors.append(error)
    threads = [threading.Thread(target=run, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert shared.atomic_load(64) == 4 * per_thread
    assert [shared.atomic_load(128 + 4 * i) for i in range(4)] == [per_thread] * 4
    assert shared.atomic_load(256) == 4000


def test_wasm_runs_without_the_gil(threads_engine, shared):
    # The wasm loop spins until Python sets the flag; the main thread can only set it while the
    # worker's wasm call runs if the call released the GIL.
    limit = 2_000_000_000
    result = []

    def run():
        store, exports = worker(threads_engine, shared)
        result.append(exports["spin_until_set"](store, 512, limit))
    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(0.05)
    shared.atomic_store(512, 1)
    thread.join()
    assert result and result[0] < limit


def test_host_wait_and_notify(shared):
    assert shared.atomic_wait32(0, 1) == WaitResult.MISMATCH
    assert shared.atomic_wait32(0, 0, timeout=0.01) == WaitResult.TIMED_OUT
    assert shared.atomic_wait64(8, 0, timeout=0) == WaitResult.TIMED_OUT
    outcome = []
    thread = threading.Thread(target=lambda: outcome.append(shared.atomic_wait32(16, 0)))
    thread.start()
    woken = 0
    deadline = time.monotonic() + 30
    while woken == 0 and time.monotonic() < deadline:
        woken = shared.atomic_notify(16, 1)
        time.sleep(0.001)
    thread.join()
    assert woken == 1 and outcome == [WaitResult.OK]
    with pytest.raises(ValueError, match="non-negative"):
        shared.atomic_wait32(0, 0, timeout=-1)
    with pytest.raises(wasmline.Error, match="not a multiple of 4"):
        shared.atomic_notify(2, 1)


def test_wasm_wait_woken_from_python(threads_engine, shared):
    outcome = []

    def run():
        store, exports = worker(threads_engine, shared)
        outcome.append(exports["wait"](store, 32, 0))
    thread = threading.Thread(target=run)
    thread.start()
    woken = 0
    deadline = time.monotonic() + 30
    while woken == 0 and time.monotonic() < deadline:
        woken = shared.atomic_notify(32, 1)
        time.sleep(0.001)
    thread.join()
    assert woken == 1 and outcome == [0]  # 0: "ok", woken by a notify


def test_a_store_is_used_by_one_thread_at_a_time(threads_engine):
    # Thread A runs wasm that calls a host function which waits; meanwhile the main thread may
    # not run wasm in the same store.
    entered, release = threading.Event(), threading.Event()

    def host():
        entered.set()
        release.wait(30)
    store = wasmline.Store(threads_engine)
    func = wasmline.Func(store, wasmline.FuncType([], []), host)
    exports = wasmline.Instance(store, wasmline.Module(threads_engine, """
        (module (import "" "host" (func $host)) (func (export "run") (call $host))
                (func (export "two") (result i32) (i32.const 2)))
    """), [func]).exports(store)
    thread = threading.Thread(target=lambda: exports["run"](store))
    thread.start()
    assert entered.wait(30)
    with pytest.raises(wasmline.Error, match="running wasm on another thread"):
        exports["two"](store)
    release.set()
    thread.join()
    assert exports["two"](store) == 2  # usable again once the other thread is done
