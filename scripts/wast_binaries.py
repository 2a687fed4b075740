#!/usr/bin/env python3
"""Writes every `binary "..."` module of .wast scripts to a directory, one .wasm file each.

Usage: wast_binaries.py OUT_DIR FILE.wast...

The 3.0 suite's core-bin/*.bin.wast scripts hold each module as `(module ... binary "..." ...)`
(valid, malformed and invalid ones alike); this extracts them as fuzzing seeds. Files are named
by the SHA-1 of their bytes, so duplicates collapse. Prints how many modules it wrote.
"""
import hashlib
import os
import re
import sys

# One or more string literals following the keyword `binary`.
BINARY = re.compile(r'\bbinary((?:\s*"(?:[^"\\]|\\.)*")+)', re.S)
STRING = re.compile(r'"((?:[^"\\]|\\.)*)"', re.S)
SIMPLE_ESCAPES = {"n": 0x0A, "t": 0x09, "r": 0x0D, '"': 0x22, "'": 0x27, "\\": 0x5C}


def decode(literal: str) -> bytes:
    """The bytes of a text-format string literal (\\hh, \\n, \\t, \\u{...} and plain UTF-8)."""
    out = bytearray()
    i = 0
    while i < len(literal):
        c = literal[i]
        if c != "\\":
            out += c.encode("utf-8")
            i += 1
            continue
        nxt = literal[i + 1]
        if nxt in SIMPLE_ESCAPES:
            out.append(SIMPLE_ESCAPES[nxt])
            i += 2
        elif nxt == "u":
            end = literal.index("}", i)
            out += chr(int(literal[i + 3 : end], 16)).encode("utf-8")
            i = end + 1
        else:
            out.append(int(literal[i + 1 : i + 3], 16))
            i += 3
    return bytes(out)


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    written = set()
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8", errors="surrogateescape") as script:
            text = script.read()
        for match in BINARY.finditer(text):
            module = b"".join(decode(s) for s in STRING.findall(match.group(1)))
            name = hashlib.sha1(module).hexdigest()
            if name in written:
                continue
            written.add(name)
            with open(os.path.join(out_dir, name + ".wasm"), "wb") as out:
                out.write(module)
    print(f"{len(written)} modules from {len(sys.argv) - 2} scripts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
