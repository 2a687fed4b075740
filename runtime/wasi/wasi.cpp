// The public WASI context: configuration checks, the host functions made from
// wasi_functions.def, and running a command.
#include "wasmline/wasi.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <type_traits>
#include <utility>

#include "runtime/wasi/handlers.h"
#include "runtime/wasi/state.h"

namespace wasmline {
namespace {

using wasi::Errno;
using wasi::FdEntry;
using wasi::UniqueFd;
using wasi::WasiState;

template <class T> constexpr ValType valTypeOf() {
  static_assert(std::is_same_v<T, std::uint32_t> || std::is_same_v<T, std::uint64_t>,
                "WASI handler parameters are U32 or U64");
  return std::is_same_v<T, std::uint32_t> ? ValType::I32 : ValType::I64;
}

template <class T> T argumentAs(const Value& value) {
  if constexpr (std::is_same_v<T, std::uint32_t>) {
    return static_cast<std::uint32_t>(value.asI32());
  } else {
    return static_cast<std::uint64_t>(value.asI64());
  }
}

// Turns a handler `Result (*)(WasiState&, U32/U64...)` into a host function: its wasm type comes
// from the handler's parameters, and an Errno result becomes the function's one i32 result.
template <auto Handler> struct HostFunction;

template <class R, class... Params, R (*Handler)(WasiState&, Params...)>
struct HostFunction<Handler> {
  static FuncType type() {
    FuncType type{{valTypeOf<Params>()...}, {}};
    if constexpr (std::is_same_v<R, Errno>) type.results.push_back(ValType::I32);
    return type;
  }

  static Func make(Store& store, std::shared_ptr<WasiState> state) {
    return Func::wrap(store, type(),
                      [state = std::move(state)](std::span<const Value> args,
                                                 std::span<Value> results) -> Result<void> {
                        return call(*state, args, results, std::index_sequence_for<Params...>{});
                      });
  }

  template <std::size_t... I>
  static Result<void> call(WasiState& state, std::span<const Value> args, std::span<Value> results,
                           std::index_sequence<I...>) {
    if constexpr (std::is_same_v<R, Errno>) {
      const Errno error = Handler(state, argumentAs<Params>(args[I])...);
      results[0] = Value::i32(static_cast<std::int32_t>(error));
      return {};
    } else {
      static_assert(std::is_same_v<R, Result<void>>, "WASI handlers return Errno or Result<void>");
      (void)results;
      return Handler(state, argumentAs<Params>(args[I])...);
    }
  }
};

Error invalid(std::string message) {
  return Error(ErrorKind::InvalidArgument, std::move(message));
}

// Guest fd `guestFd` as a duplicate of host descriptor `hostFd` (left closed for -1 or a host
// descriptor that is not open).
Result<void> addStdio(WasiState& state, std::uint32_t guestFd, int hostFd) {
  if (hostFd < 0) return {};
  const int copy = ::fcntl(hostFd, F_DUPFD_CLOEXEC, 0);
  if (copy < 0) {
    if (errno == EBADF) return {};
    return Error(ErrorKind::ResourceExhausted, "cannot duplicate host descriptor " +
                                                   std::to_string(hostFd) + ": " +
                                                   std::strerror(errno));
  }
  state.fds.put(guestFd, wasi::entryForHost(UniqueFd(copy)));
  return {};
}

Result<void> addPreopen(WasiState& state, std::uint32_t guestFd,
                        const WasiConfig::Preopen& preopen) {
  const int fd = ::open(preopen.hostPath.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return invalid("cannot preopen directory \"" + preopen.hostPath +
                   "\": " + std::strerror(errno));
  }
  FdEntry entry = wasi::entryForHost(UniqueFd(fd));
  entry.preopenName = preopen.guestPath.empty() ? preopen.hostPath : preopen.guestPath;
  state.fds.put(guestFd, std::move(entry));
  return {};
}

bool hasNul(const std::string& text) {
  return text.find('\0') != std::string::npos;
}

} // namespace

WasiContext::WasiContext(Key, std::shared_ptr<wasi::WasiState> state) : state_(std::move(state)) {}
WasiContext::~WasiContext() = default;

Result<std::unique_ptr<WasiContext>> WasiContext::create(WasiConfig config) {
  auto state = std::make_shared<WasiState>();
  for (const std::string& arg : config.args) {
    if (hasNul(arg)) return invalid("WASI argument contains a NUL byte");
  }
  for (const std::string& entry : config.env) {
    if (hasNul(entry)) return invalid("WASI environment entry contains a NUL byte");
    if (entry.find('=') == std::string::npos) {
      return invalid("WASI environment entry \"" + entry + "\" is not NAME=VALUE");
    }
  }
  state->args = std::move(config.args);
  state->env = std::move(config.env);
  const int stdio[] = {config.stdinFd, config.stdoutFd, config.stderrFd};
  for (std::uint32_t fd = 0; fd < 3; ++fd) {
    if (auto added = addStdio(*state, fd, stdio[fd]); !added) return added.error();
  }
  std::uint32_t next = 3;
  for (const WasiConfig::Preopen& preopen : config.preopens) {
    if (hasNul(preopen.hostPath) || hasNul(preopen.guestPath)) {
      return invalid("WASI preopen path contains a NUL byte");
    }
    if (auto added = addPreopen(*state, next++, preopen); !added) return added.error();
  }
  return std::make_unique<WasiContext>(Key{}, std::move(state));
}

void WasiContext::defineImports(Store& store, Linker& linker) {
  const std::string module(kWasiModuleName);
#define WASI_FUNCTION(name, params, result)                                                        \
  linker.define(module, #name, HostFunction<&wasi::handlers::name>::make(store, state_));
#include "runtime/wasi/wasi_functions.def"
#undef WASI_FUNCTION
}

void WasiContext::setMemory(std::optional<Memory> memory) {
  state_->memory.set(std::move(memory));
}

Result<std::uint32_t> WasiContext::runCommand(const Instance& instance) {
  auto memory = instance.memory("memory");
  if (!memory) return invalid("WASI command has no exported memory \"memory\"");
  auto start = instance.func("_start");
  if (!start || start->type() != FuncType{}) {
    return invalid("WASI command has no exported function \"_start\" of type [] -> []");
  }
  setMemory(*memory);
  auto called = start->call({});
  if (called) return std::uint32_t{0};
  if (called.error().kind() == ErrorKind::Exit) return called.error().exitCode();
  return called.error();
}

std::vector<std::string_view> WasiContext::functionNames() {
  return {
#define WASI_FUNCTION(name, params, result) #name,
#include "runtime/wasi/wasi_functions.def"
#undef WASI_FUNCTION
  };
}

} // namespace wasmline
