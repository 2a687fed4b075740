#!/usr/bin/env python3
"""Writes every top-level command of .wast scripts to a directory, one file each.

Usage: wast_commands.py OUT_DIR MAX_BYTES FILE.wast...

A command is one top-level S-expression of a script: `(module ...)` (a module text, so also a
.wat), `(assert_return (invoke ...) ...)`, `(assert_malformed (module quote ...) ...)`, ... Each
is a small, well-formed input for the text fuzzer, which reads every input as a module and as a
script. Comments between commands are dropped; strings and comments inside a command are kept
as written. Commands longer than MAX_BYTES are left out. Files are named by the SHA-1 of their
bytes, so duplicates collapse. Prints how many commands it wrote.
"""
import hashlib
import os
import sys


def commands(text: bytes):
    """The top-level parenthesized forms of `text`, as byte strings."""
    i, n = 0, len(text)
    depth, start = 0, None
    while i < n:
        c = text[i]
        if c == ord('"'):  # a string: up to the closing quote, escapes skipped
            i += 1
            while i < n and text[i] != ord('"'):
                i += 2 if text[i] == ord("\\") else 1
            i += 1
        elif text.startswith(b";;", i):  # a line comment
            end = text.find(b"\n", i)
            i = n if end < 0 else end + 1
        elif text.startswith(b"(;", i):  # a block comment, nesting
            nested, i = 1, i + 2
            while i < n and nested > 0:
                if text.startswith(b"(;", i):
                    nested, i = nested + 1, i + 2
                elif text.startswith(b";)", i):
                    nested, i = nested - 1, i + 2
                else:
                    i += 1
        elif c == ord("("):
            if depth == 0:
                start = i
            depth += 1
            i += 1
        elif c == ord(")"):
            depth -= 1
            i += 1
            if depth == 0 and start is not None:
                yield text[start:i]
                start = None
            depth = max(depth, 0)
        else:
            i += 1


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    out_dir, max_bytes = sys.argv[1], int(sys.argv[2])
    os.makedirs(out_dir, exist_ok=True)
    written = set()
    for path in sys.argv[3:]:
        with open(path, "rb") as f:
            for command in commands(f.read()):
                if len(command) > max_bytes:
                    continue
                name = hashlib.sha1(command).hexdigest()
                if name in written:
                    continue
                written.add(name)
                with open(os.path.join(out_dir, name + ".wast"), "wb") as f_out:
                    f_out.write(command)
    print(f"wast_commands.py: {len(written)} commands from {len(sys.argv) - 3} scripts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
