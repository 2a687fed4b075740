// Compresses and inflates 8 MiB of generated, text-like data with zlib and checks the round trip.
// Built from zlib's public sources (outside the repository) by bench/build-programs.sh, for
// wasm32-wasi and natively. Prints the sizes and checksums, so every engine's output can be
// compared with the native one; exits 1 when the inflated data differ from the input.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zlib.h"

enum { kInputSize = 8 << 20 };

// Fills `data` with words drawn by a fixed linear congruential generator, so the data compress
// like text (about 3:1) and are the same on every engine.
static void generate(unsigned char* data, size_t size) {
  static const char* const words[] = {
      "the ",  "quick ",  "brown ",       "fox ",   "jumps ",  "over ",   "lazy ",
      "dog ",  "wasm ",   "interpreter ", "stack ", "memory ", "table ",  "function ",
      "call ", "branch ", "loop ",        "local ", "global ", "module ", "export ",
      "i32 ",  "i64 ",    "f32 ",         "f64 ",   "\n",      "0123 ",   "zlib "};
  const size_t count = sizeof words / sizeof words[0];
  unsigned state = 12345;
  size_t at = 0;
  while (at < size) {
    state = state * 1103515245u + 12345u;
    const char* word = words[(state >> 16) % count];
    // One byte in 64 random, so the data are not too regular.
    if (((state >> 8) & 63) == 0) {
      data[at++] = (unsigned char)(state >> 24);
      continue;
    }
    for (; *word != '\0' && at < size; ++word)
      data[at++] = (unsigned char)*word;
  }
}

int main(void) {
  unsigned char* input = malloc(kInputSize);
  uLongf packedSize = compressBound(kInputSize);
  unsigned char* packed = malloc(packedSize);
  unsigned char* output = malloc(kInputSize);
  if (input == NULL || packed == NULL || output == NULL) {
    fprintf(stderr, "zlib_roundtrip: out of memory\n");
    return 1;
  }
  generate(input, kInputSize);
  const uLong inputCrc = crc32(0L, input, kInputSize);
  int status = compress2(packed, &packedSize, input, kInputSize, 6);
  if (status != Z_OK) {
    fprintf(stderr, "zlib_roundtrip: compress2 failed: %d\n", status);
    return 1;
  }
  uLongf outputSize = kInputSize;
  status = uncompress(output, &outputSize, packed, packedSize);
  if (status != Z_OK) {
    fprintf(stderr, "zlib_roundtrip: uncompress failed: %d\n", status);
    return 1;
  }
  if (outputSize != kInputSize || memcmp(input, output, kInputSize) != 0) {
    fprintf(stderr, "zlib_roundtrip: the inflated data differ from the input\n");
    return 1;
  }
  printf("input %d bytes, crc32 %08lx\n", kInputSize, inputCrc);
  printf("deflated %lu bytes, adler32 %08lx\n", (unsigned long)packedSize,
         adler32(0L, packed, packedSize));
  printf("round trip ok\n");
  free(output);
  free(packed);
  free(input);
  return 0;
}
