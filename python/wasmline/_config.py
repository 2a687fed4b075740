"""Config and Engine, with wasmtime-py's option names."""

from typing import Any, Dict, Optional

from . import _native

__all__ = ["Config", "Engine"]


class _Setter:
    """What reading a Config option gives: call it with the value (``config.wasm_threads(True)``)."""

    def __init__(self, config: "Config", option: "_Option"):
        self._config = config
        self._option = option

    def __call__(self, value: Any) -> None:
        self._option.__set__(self._config, value)

    def __repr__(self) -> str:
        return f"<Config option {self._option.name} = {self._option.current(self._config)!r}>"


class _Option:
    """A Config option: assign it (``config.wasm_threads = True``, as in wasmtime-py) or call it
    (``config.wasm_threads(True)``)."""

    def __init__(self, name: str, key: Any, kind: type, doc: str):
        self.name = name
        self.key = key  # an option name, or ("features", feature name)
        self.kind = kind
        self.__doc__ = doc

    def __get__(self, config: Optional["Config"], owner: type) -> Any:
        if config is None:
            return self
        return _Setter(config, self)

    def __set__(self, config: "Config", value: Any) -> None:
        if self.kind is bool and not isinstance(value, bool):
            raise TypeError(f"Config.{self.name} takes a bool, got {type(value).__name__}")
        if self.kind is int and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise TypeError(f"Config.{self.name} takes a non-negative int, got {value!r}")
        if isinstance(self.key, tuple):
            config._features[self.key[1]] = value
        else:
            config._values[self.key] = value

    def current(self, config: "Config") -> Any:
        if isinstance(self.key, tuple):
            return config._features.get(self.key[1])
        return config._values.get(self.key)


class Config:
    """How an Engine runs modules. Options: ``wasm_<feature>`` for every WebAssembly feature
    wasmline knows (``wasm_threads``, ``wasm_simd``, ``wasm_memory64``, ...), ``consume_fuel``,
    ``max_wasm_stack`` (bytes of value stack), ``epoch_interruption``, and wasmline's ``max_call_depth`` and
    ``eager_compilation``. Assign them or call them with the value."""

    def __init__(self) -> None:
        self._features: Dict[str, bool] = {}
        self._values: Dict[str, Any] = {}

    def _options(self) -> Dict[str, Any]:
        options: Dict[str, Any] = dict(self._values)
        if self._features:
            options["features"] = dict(self._features)
        return options


for _name, _default, _runs, _help in _native.features():
    _attribute = "wasm_" + _name.replace("-", "_")
    _note = "" if _runs else " (recognised, not run yet: modules using it are refused)"
    setattr(Config, _attribute, _Option(_attribute, ("features", _name), bool, _help + _note))
for _attribute, _kind, _help in [
    ("consume_fuel", bool, "executed instructions consume the store's fuel (Store.set_fuel)"),
    ("max_wasm_stack", int, "bytes of value stack for locals and operands of all frames"),
    ("max_call_depth", int, "nested wasm calls before 'call stack exhausted' (wasmline)"),
    ("epoch_interruption", bool, "wasm checks the engine's epoch against the store's deadline "
                                 "(Engine.increment_epoch, Store.set_epoch_deadline)"),
    ("eager_compilation", bool, "compile every function while the module loads (wasmline)"),
]:
    setattr(Config, _attribute, _Option(_attribute, _attribute, _kind, _help))


class Engine(_native.Engine):
    """Shared configuration of modules and stores: ``Engine()`` or ``Engine(config)``."""

    def __init__(self, config: Optional[Config] = None):
        if config is None:
            config = Config()
        if not isinstance(config, Config):
            raise TypeError(f"Engine(config): expected a Config, got {type(config).__name__}")
        super().__init__(config._options())
