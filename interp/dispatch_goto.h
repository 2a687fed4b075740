// Dispatch by computed goto (labels as values, a GCC/Clang extension): the compiler writes each
// handler's address into the IR as its opcode word, and every handler jumps straight to the next.
// Selected with -DWASMLINE_DISPATCH=computed-goto (the default); interp/dispatch_switch.h has the
// same macros.
#pragma once

#pragma GCC diagnostic ignored "-Wpedantic"
#if defined(__clang__)
#pragma clang diagnostic ignored "-Wgnu-label-as-value"
#endif

#define WASMLINE_DISPATCH_BEGIN WASMLINE_NEXT;
#define WASMLINE_HANDLE(name) handle_##name
#define WASMLINE_NEXT goto* reinterpret_cast<const void*>(static_cast<std::uintptr_t>(*ip++))
#define WASMLINE_DISPATCH_END
#define WASMLINE_HANDLER_ADDRESS(name) &&handle_##name
// The handler addresses the compiler writes as opcode words.
#define WASMLINE_THREADED_HANDLERS(table) table
