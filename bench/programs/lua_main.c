// Runs bench/programs/bench.lua (embedded at build time as bench_lua.h by
// bench/build-programs.sh) in a Lua 5.4 state with the standard libraries; with the argument
// `--trivial` it runs a one-line script instead, for the startup workload. Built from Lua's
// public sources (outside the repository) for wasm32-wasi and natively. Exits 1 on a Lua error.
#include <stdio.h>
#include <string.h>

#include "lauxlib.h"
#include "lua.h"
#include "lualib.h"

#include "bench_lua.h"

int main(int argc, char** argv) {
  const int trivial = argc > 1 && strcmp(argv[1], "--trivial") == 0;
  lua_State* state = luaL_newstate();
  if (state == NULL) {
    fprintf(stderr, "lua_main: cannot create a Lua state\n");
    return 1;
  }
  luaL_openlibs(state);
  const int status =
      trivial ? luaL_loadstring(state, "print('hello from ' .. _VERSION)")
              : luaL_loadbuffer(state, (const char*)bench_lua, bench_lua_len, "=bench.lua");
  if (status != LUA_OK || lua_pcall(state, 0, 0, 0) != LUA_OK) {
    fprintf(stderr, "lua_main: %s\n", lua_tostring(state, -1));
    lua_close(state);
    return 1;
  }
  lua_close(state);
  return 0;
}
