#!/usr/bin/env python3
"""Machine instructions per interpreter handler, from the disassembly of a wasmline binary.

Reads the handler table of the interpreter loop (labels-as-values build: the `kHandlers` array in
Machine::run, which holds each handler's address in IrOp order) from a statically linked,
non-PIE, unstripped `wasmline` executable, names the entries from interp/ir.def, and counts, for
each handler, the instructions of its straight-line path: from its address to its first indirect
jump (the dispatch to the next handler), following unconditional direct jumps and never taking a
conditional branch (the fall-through path, which GCC lays out for the common case). It reports how
many of those instructions read or write the C stack (spilled interpreter state).

Usage: bench/handler_sizes.py BUILD/tools/wasmline [NAME ...]
  with names (IrOp names such as I32Add, I32AddAcc, I32Load, Call), prints those handlers' paths;
  without, prints a table of every handler and the totals.
Errors: exits 1 with a message when the binary has no kHandlers symbol, is position-independent,
or objdump/nm/the C++ preprocessor are missing.
"""
import os
import re
import struct
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fail(message):
    print(f"handler_sizes: {message}", file=sys.stderr)
    sys.exit(1)


def ir_op_names():
    """IrOp names in enum order, by expanding interp/ir.def with the C++ preprocessor."""
    source = f'#define IR_ANY(name, layout) @@name@@\n#include "{ROOT}/interp/ir.def"\n'
    try:
        out = subprocess.run(["c++", "-E", "-P", "-x", "c++", "-"], input=source,
                             capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        fail(f"cannot expand interp/ir.def: {error}")
    return re.findall(r"@@(\w+)@@", out)


def symbol(binary, pattern):
    out = subprocess.run(["nm", "-C", "-S", binary], capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split(maxsplit=3)
        if len(parts) == 4 and pattern in parts[3]:
            return int(parts[0], 16), int(parts[1], 16)
    fail(f"{binary} has no symbol matching {pattern!r} (build it static and unstripped)")


def read_words(binary, address, count):
    """`count` 64-bit words at virtual `address`, from the ELF section holding them."""
    out = subprocess.run(["objdump", "-h", "-w", binary], capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 6 and re.fullmatch(r"\d+", parts[0]):
            size, vma, offset = int(parts[2], 16), int(parts[3], 16), int(parts[5], 16)
            if vma <= address < vma + size:
                with open(binary, "rb") as f:
                    f.seek(offset + address - vma)
                    return struct.unpack(f"<{count}Q", f.read(8 * count))
    fail(f"no section of {binary} holds address {address:#x}")


def disassemble(binary, start, stop):
    out = subprocess.run(["objdump", "-d", "--no-show-raw-insn", "-w",
                          f"--start-address={start}", f"--stop-address={stop}", binary],
                         capture_output=True, text=True).stdout
    instructions = {}
    for line in out.splitlines():
        m = re.match(r"\s*([0-9a-f]+):\s+(.*)$", line)
        if m:
            instructions[int(m.group(1), 16)] = m.group(2).strip()
    return instructions


def path(instructions, address, limit=200):
    """The straight-line path from `address` to the first indirect jump (or a return)."""
    addresses = sorted(instructions)
    index = {a: i for i, a in enumerate(addresses)}
    steps = []
    while address in index and len(steps) < limit:
        text = instructions[address]
        steps.append((address, text))
        mnemonic = text.split()[0]
        if mnemonic == "jmp" and "*" in text:
            return steps, True
        if mnemonic in ("ret", "ud2"):
            return steps, False
        if mnemonic == "jmp":
            m = re.match(r"jmp\s+([0-9a-f]+)", text)
            if not m:
                return steps, False
            address = int(m.group(1), 16)
            continue
        following = index[address] + 1
        if following >= len(addresses):
            break
        address = addresses[following]
    return steps, False


def stack_access(text):
    return "(%rsp" in text or "(%rbp" in text


def main():
    if len(sys.argv) < 2:
        fail("usage: bench/handler_sizes.py BUILD/tools/wasmline [NAME ...]")
    binary = sys.argv[1]
    names = ir_op_names()
    table, size = symbol(binary, "Machine::run(")
    table, size = symbol(binary, "::kHandlers")
    if size != 8 * len(names):
        fail(f"kHandlers holds {size // 8} entries, interp/ir.def names {len(names)}")
    addresses = read_words(binary, table, len(names))
    low, high = min(addresses), max(addresses) + 4096
    instructions = disassemble(binary, low, high)
    wanted = sys.argv[2:]
    if wanted:
        for name in wanted:
            if name not in names:
                fail(f"no IR instruction called {name}")
            steps, dispatched = path(instructions, addresses[names.index(name)])
            spills = sum(stack_access(t) for _, t in steps)
            print(f"{name}: {len(steps)} instructions, {spills} C-stack accesses"
                  + ("" if dispatched else " (no dispatch on the straight path)"))
            for address, text in steps:
                print(f"  {address:x}: {text}")
        return
    total = total_spills = 0
    print(f"{'handler':28} {'instrs':>6} {'stack':>6}")
    for name, address in zip(names, addresses):
        steps, dispatched = path(instructions, address)
        spills = sum(stack_access(t) for _, t in steps)
        total += len(steps)
        total_spills += spills
        print(f"{name:28} {len(steps):6} {spills:6}" + ("" if dispatched else "  (exits)"))
    print(f"{len(names)} handlers: {total} instructions on straight paths, "
          f"{total_spills} C-stack accesses")


if __name__ == "__main__":
    main()
