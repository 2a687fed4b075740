"""WASI through WasiConfig, Store.set_wasi and Linker.define_wasi, running a C program built for
wasm32-wasi by CMake (python/tests/programs/greet.c)."""

import os

import pytest

import wasmline
from conftest import program


def run(config, *, engine=None):
    """Runs greet.wasm with `config`; returns what _start returned (None)."""
    engine = engine or wasmline.Engine()
    store = wasmline.Store(engine)
    store.set_wasi(config)
    linker = wasmline.Linker(engine)
    linker.define_wasi()
    module = wasmline.Module.from_file(engine, program("greet"))
    instance = linker.instantiate(store, module)
    return instance.exports(store)["_start"](store)


def test_prints_to_inherited_stdout(capfd):
    config = wasmline.WasiConfig()
    config.argv = ["greet", "one", "two words"]
    config.env = [("GREETING", "hi from python")]
    config.inherit_stdout()
    assert run(config) is None
    out, err = capfd.readouterr()
    assert out == ("hello from greet\narg 1: one\narg 2: two words\n"
                   "GREETING=hi from python\n")
    assert err == ""  # stderr was not inherited: closed for the guest


def test_streams_to_files(tmp_path):
    config = wasmline.WasiConfig()
    config.argv = ["greet"]
    config.stdout_file = tmp_path / "out.txt"
    config.stderr_file = str(tmp_path / "err.txt")
    assert config.stdout_file == str(tmp_path / "out.txt")
    run(config)
    assert (tmp_path / "out.txt").read_text() == "hello from greet\nGREETING=(unset)\n"
    assert (tmp_path / "err.txt").read_text() == "a line on stderr\n"


def test_preopened_directory_and_exit_code(tmp_path, capfd):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "in.txt").write_text("first\nsecond\n")
    config = wasmline.WasiConfig()
    config.argv = ["greet", "--read", "/sandbox/in.txt", "--exit", "7"]
    config.preopen_dir(str(tmp_path / "data"), "/sandbox")
    config.inherit_stdout()
    config.inherit_stderr()
    with pytest.raises(wasmline.ExitTrap) as caught:
        run(config)
    assert caught.value.code == 7
    out, err = capfd.readouterr()
    assert "read: first\nread: second\n" in out and err == "a line on stderr\n"


def test_sandbox_refuses_paths_outside(tmp_path, capfd):
    (tmp_path / "data").mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    config = wasmline.WasiConfig()
    config.argv = ["greet", "--read", "/sandbox/../secret.txt"]
    config.preopen_dir(tmp_path / "data", "/sandbox", wasmline.DirPerms.READ_WRITE,
                       wasmline.FilePerms.READ_WRITE)
    config.inherit_stdout()
    with pytest.raises(wasmline.ExitTrap) as caught:
        run(config)
    assert caught.value.code == 2
    assert "cannot open /sandbox/../secret.txt" in capfd.readouterr()[0]


def test_stdin_file_and_inherit_env_argv(tmp_path, capfd, monkeypatch):
    monkeypatch.setenv("GREETING", "from the host environment")
    (tmp_path / "in.txt").write_text("")
    config = wasmline.WasiConfig()
    config.inherit_argv()
    config.inherit_env()
    config.stdin_file = tmp_path / "in.txt"
    config.inherit_stdout()
    assert config.argv == __import__("sys").argv
    assert ("GREETING", "from the host environment") in config.env
    config.argv = ["greet"]
    run(config)
    assert "GREETING=from the host environment" in capfd.readouterr()[0]


def test_wasi_errors(tmp_path):
    engine = wasmline.Engine()
    store = wasmline.Store(engine)
    linker = wasmline.Linker(engine)
    linker.define_wasi()
    module = wasmline.Module.from_file(engine, program("greet"))
    with pytest.raises(wasmline.Error, match="has no WASI configuration"):
        linker.instantiate(store, module)
    with pytest.raises(wasmline.Error, match='unknown import "wasi_snapshot_preview1"'):
        wasmline.Linker(engine).instantiate(store, module)
    config = wasmline.WasiConfig()
    config.preopen_dir(tmp_path / "missing", "/x")
    with pytest.raises(wasmline.Error, match="missing"):
        store.set_wasi(config)
    with pytest.raises(wasmline.Error, match="READ_WRITE") as error:
        wasmline.WasiConfig().preopen_dir(tmp_path, "/x", wasmline.DirPerms.READ_ONLY)
    assert error.value.kind == "unsupported"
    config = wasmline.WasiConfig()
    config.stdin_file = tmp_path / "absent.txt"
    with pytest.raises(wasmline.Error, match="stdin_file: cannot open .*absent.txt"):
        store.set_wasi(config)
    with pytest.raises(ValueError, match="pairs"):
        wasmline.WasiConfig().env = [("A", "B", "C")]
    config = wasmline.WasiConfig()
    config.env = [("BAD\0NAME", "x")]
    with pytest.raises(wasmline.Error, match="NUL"):
        store.set_wasi(config)
