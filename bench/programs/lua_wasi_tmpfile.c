// wasm32-wasi only: wasi-libc declares tmpfile() but has no temporary directory to put the file
// in, so Lua's io.tmpfile gets a clear failure (nil, "Not supported") instead of a link error.
#include <errno.h>
#include <stdio.h>

FILE* tmpfile(void) {
  errno = ENOTSUP;
  return NULL;
}
