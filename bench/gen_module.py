#!/usr/bin/env python3
"""Writes a large valid WebAssembly module for bench/startup_stats.sh: FUNCS functions (default
1000, ~1 MB) of compiler-like code (locals, nested blocks and loops, br_if, loads and stores,
i32/i64/f64 arithmetic, calls to earlier functions), deterministic for a given seed.

Usage: bench/gen_module.py OUT.wasm [--funcs N] [--seed S]
"""

import argparse
import random


def uleb(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def sleb(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if (value == 0 and not byte & 0x40) or (value == -1 and byte & 0x40):
            out.append(byte)
            return bytes(out)
        out.append(byte | 0x80)


def vec(items):
    return uleb(len(items)) + b"".join(items)


def section(ident, payload):
    return bytes([ident]) + uleb(len(payload)) + payload


I32, I64, F64 = 0x7F, 0x7E, 0x7C


def body(rng, index):
    """One function of type (i32 i32) -> i32 with locals 2-4 i32, 5-6 i64, 7 f64."""
    code = bytearray()

    def i32_expr(depth):
        # Pushes one i32.
        choice = rng.randrange(6 if depth < 3 else 3)
        if choice == 0:
            code.extend(b"\x20" + uleb(rng.randrange(5)))  # local.get
        elif choice == 1:
            code.extend(b"\x41" + sleb(rng.randrange(-5000, 5000)))  # i32.const
        elif choice == 2:
            code.extend(b"\x20" + uleb(rng.randrange(5)))
            code.extend(b"\x28\x02" + uleb(rng.randrange(0, 4096, 4)))  # i32.load
        elif choice == 3:
            i32_expr(depth + 1)
            i32_expr(depth + 1)
            code.append(rng.choice([0x6A, 0x6B, 0x6C, 0x71, 0x72, 0x73, 0x74, 0x46, 0x48]))
        elif choice == 4:
            code.extend(b"\x20" + uleb(rng.choice([5, 6])))
            code.extend(b"\x42" + sleb(rng.randrange(1, 1 << 40)))
            code.append(rng.choice([0x7C, 0x7E, 0x85]))  # i64.add/mul/xor
            code.append(0xA7)  # i32.wrap_i64
        else:
            code.extend(b"\x20\x07\x44" + bytes(8))  # local.get 7, f64.const 0
            code.extend(b"\xA0\xAA")  # f64.add, i32.trunc_f64_s

    def statement(depth):
        choice = rng.randrange(7 if depth < 3 else 4)
        if choice == 0:
            i32_expr(0)
            code.extend(b"\x21" + uleb(rng.randrange(2, 5)))  # local.set
        elif choice == 1:
            code.extend(b"\x20" + uleb(rng.randrange(5)))
            i32_expr(0)
            code.extend(b"\x36\x02" + uleb(rng.randrange(0, 4096, 4)))  # i32.store
        elif choice == 2:
            i32_expr(0)
            code.extend(b"\xAD\x20\x05\x7C\x21\x05")  # i64.extend_i32_u, local.get 5, add, set 5
        elif choice == 3 and index > 0:
            i32_expr(1)
            i32_expr(1)
            code.extend(b"\x10" + uleb(rng.randrange(index)))  # call an earlier function
            code.extend(b"\x21\x02")
        elif choice == 4:
            code.extend(b"\x02\x40")  # block
            for _ in range(rng.randrange(1, 4)):
                statement(depth + 1)
            i32_expr(1)
            code.extend(b"\x0D\x00")  # br_if 0
            statement(depth + 1)
            code.append(0x0B)
        elif choice == 5:
            code.extend(b"\x03\x40")  # loop
            for _ in range(rng.randrange(1, 3)):
                statement(depth + 1)
            code.extend(b"\x20\x02\x41\x01\x6B\x22\x02\x0D\x00")  # local.tee 2 (x - 1); br_if 0
            code.append(0x0B)
        else:
            i32_expr(1)
            code.extend(b"\x04\x40")  # if
            statement(depth + 1)
            code.append(0x05)  # else
            statement(depth + 1)
            code.append(0x0B)

    for _ in range(rng.randrange(8, 30)):
        statement(0)
    i32_expr(0)
    code.append(0x0B)
    locals_ = vec([uleb(3) + bytes([I32]), uleb(2) + bytes([I64]), uleb(1) + bytes([F64])])
    payload = locals_ + bytes(code)
    return uleb(len(payload)) + payload


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--funcs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    types = section(1, vec([b"\x60" + vec([bytes([I32]), bytes([I32])]) + vec([bytes([I32])])]))
    funcs = section(3, vec([uleb(0)] * options.funcs))
    memory = section(5, vec([b"\x00" + uleb(1)]))
    exports = section(7, vec([uleb(3) + b"run" + b"\x00" + uleb(options.funcs - 1)]))
    code = section(10, vec([body(rng, i) for i in range(options.funcs)]))
    with open(options.out, "wb") as file:
        file.write(b"\x00asm\x01\x00\x00\x00" + types + funcs + memory + exports + code)


if __name__ == "__main__":
    main()
