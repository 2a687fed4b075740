// Dispatch by a `switch` in a loop: portable and friendly to sanitizers and debuggers.
// Selected with -DWASMLINE_DISPATCH=switch; interp/dispatch_goto.h has the same macros.
#pragma once

#define WASMLINE_DISPATCH_BEGIN                                                                    \
  for (;;) {                                                                                       \
    switch (static_cast<IrOp>(*ip++)) {
#define WASMLINE_HANDLE(name) case IrOp::name
#define WASMLINE_NEXT break
#define WASMLINE_DISPATCH_END                                                                      \
  }                                                                                                \
  }
// The handler table is unused here; its entries are placeholders.
#define WASMLINE_HANDLER_ADDRESS(name) nullptr
// Opcode words are IrOp numbers.
#define WASMLINE_THREADED_HANDLERS(table) nullptr
