// Engine and Store: the engine's configuration from Config's options, the store's fuel and
// data, and the store checks every store-bound method makes.
#include "python/src/binding.h"

namespace wasmline::python {

namespace {

// An EngineConfig from Config's options: {"features": {name: bool}, "consume_fuel": bool,
// "max_wasm_stack": bytes, "max_call_depth": n, "epoch_interruption": bool,
// "eager_compilation": bool}.
EngineConfig engineConfig(const py::dict& options) {
  EngineConfig config;
  for (const auto& [key, value] : options) {
    const std::string name = py::str(key).cast<std::string>();
    if (name == "features") {
      for (const auto& [feature, enabled] : value.cast<py::dict>()) {
        const std::string featureName = py::str(feature).cast<std::string>();
        const bool ok = enabled.cast<bool>() ? config.features.enable(featureName)
                                             : config.features.disable(featureName);
        if (!ok) raiseInvalid("unknown WebAssembly feature \"" + featureName + "\"");
      }
    } else if (name == "consume_fuel") {
      config.execution.consumeFuel = value.cast<bool>();
    } else if (name == "max_wasm_stack") {
      config.execution.valueStackBytes = value.cast<std::size_t>();
    } else if (name == "max_call_depth") {
      config.execution.maxCallDepth = value.cast<std::size_t>();
    } else if (name == "epoch_interruption") {
      config.execution.epochInterruption = value.cast<bool>();
    } else if (name == "eager_compilation") {
      config.eagerCompilation = value.cast<bool>();
    } else {
      raiseInvalid("unknown engine option \"" + name + "\"");
    }
  }
  return config;
}

} // namespace

const std::shared_ptr<StoreBox>& storeOf(const py::handle& storelike) {
  if (py::isinstance<PyStore>(storelike)) return storelike.cast<PyStore&>().box;
  if (py::isinstance<PyCaller>(storelike)) {
    const auto& caller = storelike.cast<PyCaller&>();
    if (!caller.box) raiseInvalid("this Caller was used after its host function returned");
    return caller.box;
  }
  raiseTypeError("expected a Store or a Caller, got " +
                 py::str(py::type::handle_of(storelike).attr("__name__")).cast<std::string>());
}

void checkStore(const py::handle& storelike, const std::shared_ptr<StoreBox>& box,
                std::string_view what) {
  if (storeOf(storelike) != box) {
    raiseInvalid(std::string(what) + " belongs to another Store");
  }
}

void bindStore(py::module_& m) {
  m.def(
      "features",
      [] {
        py::list features;
        for (const FeatureInfo& info : allFeatures()) {
          features.append(py::make_tuple(std::string(info.name), info.onByDefault, info.runs,
                                         std::string(info.help)));
        }
        return features;
      },
      "Every WebAssembly feature: (name, on by default, runs, help).");

  py::class_<PyEngine>(m, "Engine", "Shared configuration of modules and stores.")
      .def(py::init([](const py::dict& options) {
             return PyEngine{std::make_shared<const Engine>(engineConfig(options))};
           }),
           py::arg("options") = py::dict())
      .def_property_readonly(
          "consume_fuel",
          [](const PyEngine& e) { return e.engine->config().execution.consumeFuel; })
      .def(
          "increment_epoch", [](const PyEngine& e) { e.engine->incrementEpoch(); },
          "Advances the epoch: wasm of stores whose deadline it reaches traps with \"interrupt\" "
          "(Config.epoch_interruption). Safe from any thread, also while wasm runs.")
      .def("feature_enabled", [](const PyEngine& e, const std::string& name) {
        const FeatureInfo* info = findFeature(name);
        if (info == nullptr) raiseInvalid("unknown WebAssembly feature \"" + name + "\"");
        return e.engine->features().has(info->feature);
      });

  py::class_<PyStore>(m, "Store", "Owns the instances, functions, globals and tables made in it.")
      .def(py::init([](const py::object& engine, const py::object& data) {
             std::shared_ptr<const Engine> handle;
             if (engine.is_none()) {
               handle = std::make_shared<const Engine>();
             } else if (py::isinstance<PyEngine>(engine)) {
               handle = engine.cast<const PyEngine&>().engine;
             } else {
               raiseTypeError("Store(engine): expected an Engine");
             }
             PyStore store{std::make_shared<StoreBox>(std::move(handle))};
             store.box->data = data;
             return store;
           }),
           py::arg("engine") = py::none(), py::arg("data") = py::none())
      .def("data", [](const PyStore& s) { return s.box->data; })
      .def(
          "set_fuel", [](PyStore& s, std::uint64_t fuel) { unwrap(s.box->store().setFuel(fuel)); },
          py::arg("fuel"))
      .def("get_fuel",
           [](const PyStore& s) {
             const Store& store = s.box->store();
             return unwrap(store.fuel());
           })
      .def(
          "set_epoch_deadline",
          [](PyStore& s, std::uint64_t ticks) { unwrap(s.box->store().setEpochDeadline(ticks)); },
          "Lets wasm run until the engine's epoch advances `ticks` more times, then traps it.",
          py::arg("ticks_after_current"));
}

} // namespace wasmline::python
