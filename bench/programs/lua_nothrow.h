// Forced into every Lua source file by bench/build-programs.sh (-include): wasm32-wasi's libc has
// no setjmp/longjmp (they need the exception-handling proposal), so Lua's error recovery is
// replaced by a fatal error that prints the error object and aborts. bench.lua raises no errors
// and uses no pcall or coroutines, so it runs the same either way; the native build uses this
// header too, so both run the same code.
#pragma once

struct lua_State;
__attribute__((noreturn)) void lua_nothrow_fail(struct lua_State* L);

#define LUAI_THROW(L, c) lua_nothrow_fail(L)
#define LUAI_TRY(L, c, a)                                                                          \
  { a }
#define luai_jmpbuf int
// No process or temporary-file functions in WASI: os.execute reports no shell, os.tmpname fails.
#define l_system(cmd) ((cmd) == 0 ? 0 : -1)
#define LUA_TMPNAMBUFSIZE 32
#define lua_tmpnam(b, e) ((e) = 1)
