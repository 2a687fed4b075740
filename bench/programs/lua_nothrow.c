// The fatal error of lua_nothrow.h: prints the Lua error object (a message, usually) and aborts.
#include <stdio.h>
#include <stdlib.h>

#include "lua.h"

void lua_nothrow_fail(lua_State* L) {
  const char* message = lua_gettop(L) > 0 ? lua_tostring(L, -1) : NULL;
  fprintf(stderr, "lua: error: %s\n", message != NULL ? message : "(not a string)");
  fflush(stderr);
  abort();
}
