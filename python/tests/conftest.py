"""Shared fixtures of the wasmline package's tests (run by CTest with PYTHONPATH set to the
built package; see python/tests/CMakeLists.txt)."""

import os
import pathlib

import pytest

import wasmline


@pytest.fixture
def engine():
    return wasmline.Engine()


@pytest.fixture
def store(engine):
    return wasmline.Store(engine)


@pytest.fixture
def instantiate(engine, store):
    """instantiate(wat, imports=()) -> the instance's exports (in the `store` fixture)."""

    def make(wat, imports=()):
        module = wasmline.Module(engine, wat)
        return wasmline.Instance(store, module, list(imports)).exports(store)

    return make


def program(name):
    """The path of a WASI program built by CMake (python/tests/programs/NAME.c); the test fails
    when it was not built."""
    directory = os.environ.get("WASMLINE_PYTHON_PROGRAMS")
    assert directory, "WASMLINE_PYTHON_PROGRAMS is not set (run the tests through CTest)"
    path = pathlib.Path(directory) / f"{name}.wasm"
    assert path.is_file(), f"{path} was not built (clang for wasm32-wasi missing?)"
    return path
