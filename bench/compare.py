#!/usr/bin/env python3
"""Compares wasmline with other WebAssembly engines on the workloads of bench/build-programs.sh.

Run through bench/compare.sh (see its --help). Every workload is a wasm32-wasi command with a
native build beside it; each engine's standard output must equal the native one (for CoreMark:
its CRC and size lines, since its timing lines differ). The engines run alternately, one run of
each per round with the order rotated every round, so that drift on a shared machine falls on
all of them alike; each workload's ratio of wasmline against an engine is the median of the
per-round ratios. Times are CPU times (user + system) of the engine's process, from wait4(),
which a loaded machine disturbs far less than wall-clock times (those are shown too); peak RSS
is the same wait4()'s ru_maxrss.
"""

import argparse
import math
import os
import re
import shlex
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field

KERNELS = ["fib", "sieve", "matmul", "nbody", "hash", "switch", "memops"]


@dataclass
class Workload:
    name: str
    file: str  # the module in the programs directory, without .wasm
    native: str  # the native reference in the programs directory, without .native
    args: list
    kind: str  # "kernel", "program", "coremark" or "startup"


WORKLOADS = [Workload(k, "kernel-" + k, "kernel-" + k, [], "kernel") for k in KERNELS] + [
    Workload("coremark", "coremark", "coremark", [], "coremark"),
    Workload("zlib", "zlib", "zlib", [], "program"),
    Workload("lua", "lua", "lua", [], "program"),
    # Load, validate and run a trivial script: startup, dominated by the module's size.
    Workload("startup", "lua", "lua", ["--trivial"], "startup"),
]


@dataclass
class Sample:
    cpu: float  # seconds, user + system
    wall: float  # seconds
    rss_kib: int
    stdout: str


@dataclass
class Engine:
    name: str
    command: str
    samples: dict = field(default_factory=dict)  # workload name -> [Sample]
    errors: dict = field(default_factory=dict)  # workload name -> message


RUN_CHILD = None  # the compiled bench/run_child.c, set by main()


def build_run_child(directory):
    """Compiles bench/run_child.c into `directory` (when older than its source) and returns its
    path."""
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "run_child.c")
    binary = os.path.join(directory, "run_child")
    if not os.path.exists(binary) or os.path.getmtime(binary) < os.path.getmtime(source):
        compiler = os.environ.get("CC", "cc")
        subprocess.run([compiler, "-O2", "-o", binary, source], check=True)
    return binary


def run_with_rusage(argv):
    """Runs argv through run_child; returns (Sample, exit status, stderr text). CPU time and
    peak RSS are what wait4() gave run_child for its child, wall time run_child's clock."""
    report = os.path.join(os.path.dirname(RUN_CHILD), f"report-{os.getpid()}.txt")
    result = subprocess.run([RUN_CHILD, report] + argv, stdin=subprocess.DEVNULL,
                            capture_output=True)
    stderr = result.stderr.decode(errors="replace")
    if result.returncode != 0:
        return None, result.returncode, stderr
    with open(report) as file:
        code, cpu_us, wall_us, rss_kib = (int(x) for x in file.read().split())
    os.unlink(report)
    sample = Sample(cpu=cpu_us / 1e6, wall=wall_us / 1e6, rss_kib=rss_kib,
                    stdout=result.stdout.decode(errors="replace"))
    return sample, code, stderr


def expand(command, wasm, args):
    """The argv of COMMAND for one workload: {wasm} is replaced by the module's path and a word
    {args} by the workload's arguments (appended at the end when COMMAND has no {args})."""
    words = shlex.split(command)
    argv = []
    placed = False
    for word in words:
        if word == "{args}":
            argv.extend(args)
            placed = True
        else:
            argv.append(word.replace("{wasm}", wasm))
    if not placed:
        argv.extend(args)
    return argv


COREMARK_CHECKED = re.compile(r"^(CoreMark Size|Iterations  |seedcrc|\[\d+\]crc)")
COREMARK_RATE = re.compile(r"^Iterations/Sec\s*:\s*([0-9.]+)", re.M)
COREMARK_ITERATIONS = re.compile(r"^Iterations\s*:\s*(\d+)", re.M)


def checked_output(workload, stdout):
    """The part of a run's output that must equal the native one."""
    if workload.kind == "coremark":
        return "\n".join(line for line in stdout.splitlines() if COREMARK_CHECKED.match(line))
    return stdout


def geomean(values):
    values = [v for v in values if v is not None and v > 0]
    if not values:
        return None
    return math.exp(sum(math.log(v) for v in values) / len(values))


def fmt_time(seconds):
    if seconds is None:
        return "-"
    return f"{seconds * 1000:.1f}" if seconds < 10 else f"{seconds * 1000:.0f}"


def fmt_ratio(ratio):
    return "-" if ratio is None else f"{ratio:.2f}"


def load_average():
    with open("/proc/loadavg") as file:
        return " ".join(file.read().split()[:3])


def file_size(path):
    return os.stat(path).st_size


def validation_throughput(wasmline, modules, rounds):
    """MB/s of `wasmline validate` on each module: the median CPU time of validating it minus
    the median for an empty module (process start, reading, exit), over `rounds` alternated
    runs. Returns [(name, bytes, ms, MB/s)]."""
    empty = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"wasmline-empty-{os.getpid()}.wasm")
    with open(empty, "wb") as file:
        file.write(b"\0asm\1\0\0\0")
    times = {path: [] for path in [empty] + modules}
    try:
        for _ in range(rounds):
            for path in times:
                sample, code, stderr = run_with_rusage([wasmline, "validate", path])
                if code != 0:
                    raise RuntimeError(f"wasmline validate {path} failed: {stderr.strip()}")
                times[path].append(sample.cpu)
    finally:
        os.unlink(empty)
    base = statistics.median(times[empty])
    rows = []
    for path in modules:
        spent = statistics.median(times[path]) - base
        size = file_size(path)
        rows.append((os.path.basename(path), size, spent * 1000,
                     size / spent / 1e6 if spent > 0 else None))
    return rows


IR_LINE = re.compile(r"^\s+(\d+): (\S+)([^;]*)")


def ir_density(wasmline, module, rounds):
    """The size of wasmline's IR for `module`, from `wasmline inspect --ir` (the CLI reports no
    byte count): each function's code ends after its last instruction, whose word offset the
    listing gives, plus that instruction's opcode word and one word per field (trailing lists
    counted by their items); IR words are 8 bytes (interp/ir.def). Also the peak RSS that
    compiling every function eagerly adds over compiling only what `--trivial` calls. Returns
    (code section bytes, IR instructions, IR bytes, extra RSS bytes)."""
    result = subprocess.run([wasmline, "inspect", module], capture_output=True, text=True,
                            check=True)
    code_bytes = None
    for line in result.stdout.splitlines():
        match = re.match(r"\s*code\s+offset \S+, (\d+) bytes", line)
        if match:
            code_bytes = int(match.group(1))
    ir = subprocess.run([wasmline, "inspect", "--ir", module], capture_output=True, text=True,
                        check=True)
    instructions = words = 0
    last_end = 0
    for line in ir.stdout.splitlines():
        if line.startswith("func "):
            words += last_end
            last_end = 0
            continue
        match = IR_LINE.match(line)
        if not match:
            continue
        instructions += 1
        fields = match.group(3)
        listed = re.search(r"\[([^\]]*)\]", fields)
        extra = len(listed.group(1).split()) if listed else 0
        last_end = int(match.group(1)) + 1 + fields.count("=") + extra
    words += last_end
    rss = {"lazy": [], "eager": []}
    for _ in range(rounds):
        for mode in rss:
            argv = [wasmline, "run"] + (["--eager-compilation"] if mode == "eager" else []) + [
                module, "--trivial"]
            sample, code, stderr = run_with_rusage(argv)
            if code != 0:
                raise RuntimeError(f"{' '.join(argv)} failed: {stderr.strip()}")
            rss[mode].append(sample.rss_kib)
    extra_rss = (statistics.median(rss["eager"]) - statistics.median(rss["lazy"])) * 1024
    return code_bytes, instructions, words * 8, extra_rss


def main():
    parser = argparse.ArgumentParser(prog="bench/compare.sh", description=__doc__.split("\n")[0])
    parser.add_argument("--programs", required=True,
                        help="the OUT directory of bench/build-programs.sh")
    parser.add_argument("--wasmline", default="build/release/tools/wasmline",
                        help="the wasmline CLI (default build/release/tools/wasmline)")
    parser.add_argument("--engine", action="append", default=[], metavar="NAME=COMMAND",
                        help="another engine: COMMAND runs a WASI command, {wasm} is the module "
                             "and {args} its arguments, e.g. 'wasm3=/opt/wasm3 {wasm} {args}'")
    parser.add_argument("--repeat", type=int, default=5, help="rounds per workload (default 5)")
    parser.add_argument("--workloads", help="space-separated subset, e.g. 'fib coremark lua'")
    parser.add_argument("--markdown", help="also write the report as Markdown to this file")
    options = parser.parse_args()

    if options.repeat < 1:
        parser.error("--repeat needs at least 1 round")
    engines = [Engine("wasmline", f"{options.wasmline} run {{wasm}} {{args}}")]
    for spec in options.engine:
        name, sep, command = spec.partition("=")
        if not sep or not name or not command:
            parser.error(f"--engine needs NAME=COMMAND, got '{spec}'")
        engines.append(Engine(name, command))
    native = Engine("native", "{wasm} {args}")
    chosen = WORKLOADS
    if options.workloads:
        wanted = options.workloads.split()
        unknown = [w for w in wanted if w not in {x.name for x in WORKLOADS}]
        if unknown:
            parser.error(f"unknown workloads: {' '.join(unknown)}")
        chosen = [w for w in WORKLOADS if w.name in wanted]
    chosen = [w for w in chosen if os.path.exists(os.path.join(options.programs, w.file + ".wasm"))]
    if not chosen:
        parser.error(f"no workload found in {options.programs} (run bench/build-programs.sh)")

    global RUN_CHILD
    RUN_CHILD = build_run_child(options.programs)
    load_before = load_average()
    started = time.time()
    expected = {}
    for workload in chosen:
        base = os.path.join(options.programs, workload.file)
        reference = os.path.join(options.programs, workload.native) + ".native"
        sample, code, stderr = run_with_rusage([reference] + workload.args)
        if code != 0:
            sys.exit(f"compare: the native {workload.name} failed ({code}): {stderr.strip()}")
        expected[workload.name] = checked_output(workload, sample.stdout)
        everyone = [native] + engines
        print(f"{workload.name}: ", end="", flush=True)
        for round_index in range(options.repeat):
            shift = round_index % len(everyone)
            for engine in everyone[shift:] + everyone[:shift]:
                if workload.name in engine.errors:
                    continue
                module = reference if engine is native else base + ".wasm"
                argv = expand(engine.command, module, workload.args)
                sample, code, stderr = run_with_rusage(argv)
                if code != 0:
                    engine.errors[workload.name] = f"exit {code}: {stderr.strip()[:200]}"
                    continue
                if checked_output(workload, sample.stdout) != expected[workload.name]:
                    engine.errors[workload.name] = ("output differs from native: " +
                                                    sample.stdout.strip()[:200])
                    continue
                engine.samples.setdefault(workload.name, []).append(sample)
            print(".", end="", flush=True)
        print()
    elapsed = time.time() - started
    load_after = load_average()

    lines = report(chosen, native, engines, options, load_before, load_after, elapsed)
    print("\n".join(lines))
    if options.markdown:
        with open(options.markdown, "w") as file:
            file.write("\n".join(lines) + "\n")
    return 1 if any(e.errors for e in [native] + engines) else 0


def median_of(engine, workload, attribute):
    samples = engine.samples.get(workload.name)
    if not samples:
        return None
    return statistics.median(getattr(s, attribute) for s in samples)


def paired_ratio(wasmline, other, workload):
    """The median over rounds of wasmline's CPU time divided by the other engine's in the same
    round (rounds where either failed are left out)."""
    ours = wasmline.samples.get(workload.name, [])
    theirs = other.samples.get(workload.name, [])
    if not ours or not theirs or len(ours) != len(theirs):
        return None
    return statistics.median(a.cpu / b.cpu for a, b in zip(ours, theirs) if b.cpu > 0)


def ratio_range(wasmline, other, workload):
    """The lowest and highest per-round ratio, or None."""
    ours = wasmline.samples.get(workload.name, [])
    theirs = other.samples.get(workload.name, [])
    if not ours or not theirs or len(ours) != len(theirs):
        return None
    ratios = [a.cpu / b.cpu for a, b in zip(ours, theirs) if b.cpu > 0]
    return (min(ratios), max(ratios)) if ratios else None


def report(chosen, native, engines, options, load_before, load_after, elapsed):
    wasmline, others = engines[0], engines[1:]
    everyone = [native] + engines
    lines = [f"{options.repeat} alternating rounds per workload, {elapsed:.0f} s; load average "
             f"{load_before} before, {load_after} after (1, 5, 15 min); {os.cpu_count()} CPUs", ""]
    head = ["workload"] + [f"{e.name} ms" for e in everyone] + [
        f"wasmline/{e.name}" for e in [native] + others]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "---|" * len(head))
    ratios = {e.name: {} for e in [native] + others}
    for workload in chosen:
        row = [workload.name]
        for engine in everyone:
            row.append("error" if workload.name in engine.errors and
                       not engine.samples.get(workload.name) else
                       fmt_time(median_of(engine, workload, "cpu")))
        for engine in [native] + others:
            ratio = paired_ratio(wasmline, engine, workload) \
                if workload.name not in engine.errors and workload.name not in wasmline.errors \
                else None
            ratios[engine.name][workload.name] = ratio
            row.append(fmt_ratio(ratio))
        lines.append("| " + " | ".join(row) + " |")
    groups = [("geomean, kernels", [w.name for w in chosen if w.kind == "kernel"]),
              ("geomean, programs (CoreMark, zlib, Lua)",
               [w.name for w in chosen if w.kind in ("coremark", "program")]),
              ("geomean, all but startup", [w.name for w in chosen if w.kind != "startup"]),
              ("geomean, startup", [w.name for w in chosen if w.kind == "startup"])]
    for label, names in groups:
        if not names:
            continue
        row = [f"**{label}**"] + [""] * len(everyone)
        for engine in [native] + others:
            row.append(fmt_ratio(geomean([ratios[engine.name].get(n) for n in names])))
        lines.append("| " + " | ".join(row) + " |")
    lines.append("")
    lines.append("Times: median CPU time (user + system) of the whole process, in ms; ratios: "
                 "median of the per-round ratios, below 1 means wasmline is faster.")

    lines += ["", "Spread of the per-round ratios (lowest–highest) wasmline/engine:", "",
              "| workload | " + " | ".join(e.name for e in others) + " |",
              "|---|" + "---|" * len(others)]
    for workload in chosen:
        row = [workload.name]
        for engine in others:
            spread = ratio_range(wasmline, engine, workload)
            row.append("-" if spread is None else f"{spread[0]:.2f}–{spread[1]:.2f}")
        lines.append("| " + " | ".join(row) + " |")

    coremark = next((w for w in chosen if w.kind == "coremark"), None)
    if coremark:
        lines += ["", "| CoreMark | " + " | ".join(e.name for e in everyone) + " |",
                  "|---|" + "---|" * len(everyone)]
        rate_row, own_row = ["iterations/s (iterations / CPU time)"], ["iterations/s (own report)"]
        for engine in everyone:
            samples = engine.samples.get(coremark.name)
            if not samples:
                rate_row.append("-")
                own_row.append("-")
                continue
            iterations = int(COREMARK_ITERATIONS.search(samples[0].stdout).group(1))
            rate_row.append(f"{iterations / statistics.median(s.cpu for s in samples):.0f}")
            own = [float(m.group(1)) for s in samples if (m := COREMARK_RATE.search(s.stdout))]
            own_row.append(f"{statistics.median(own):.0f}" if own else "-")
        lines.append("| " + " | ".join(rate_row) + " |")
        lines.append("| " + " | ".join(own_row) + " |")
        lines.append("")
        lines.append("CoreMark's own report times its timed region by the wall clock, which the "
                     "machine's load stretches; the CPU-time figure is the one to compare.")

    lines += ["", "Peak RSS (MiB, median):", "",
              "| workload | " + " | ".join(e.name for e in everyone) + " |",
              "|---|" + "---|" * len(everyone)]
    for workload in chosen:
        row = [workload.name]
        for engine in everyone:
            rss = median_of(engine, workload, "rss_kib")
            row.append("-" if rss is None else f"{rss / 1024:.1f}")
        lines.append("| " + " | ".join(row) + " |")

    lines += ["", "Wall-clock times (ms, median; disturbed by the machine's load):", "",
              "| workload | " + " | ".join(e.name for e in everyone) + " |",
              "|---|" + "---|" * len(everyone)]
    for workload in chosen:
        lines.append("| " + " | ".join([workload.name] + [
            fmt_time(median_of(e, workload, "wall")) for e in everyone]) + " |")

    modules = sorted({os.path.join(options.programs, w.file + ".wasm") for w in chosen
                      if w.kind != "kernel"})
    if modules:
        lines += ["", "wasmline validation (`wasmline validate`, CPU time minus that of an empty "
                      "module):", "", "| module | bytes | ms | MB/s |", "|---|---|---|---|"]
        try:
            for name, size, ms, rate in validation_throughput(options.wasmline, modules,
                                                              max(options.repeat, 5) * 2):
                lines.append(f"| {name} | {size} | {ms:.2f} | "
                             f"{'-' if rate is None else f'{rate:.0f}'} |")
        except RuntimeError as error:
            lines.append(f"validation throughput not measured: {error}")
    for workload in [w for w in chosen if w.kind == "startup"]:
        module = os.path.join(options.programs, workload.file + ".wasm")
        try:
            code_bytes, instructions, ir_bytes, extra = ir_density(options.wasmline, module,
                                                                   max(options.repeat, 5))
            lines += ["", f"wasmline IR of {os.path.basename(module)} (from `wasmline inspect "
                          f"--ir`; the CLI reports no byte count): {instructions} IR "
                          f"instructions, {ir_bytes} bytes of IR code for {code_bytes} bytes of "
                          f"code section: **{ir_bytes / code_bytes:.2f} IR bytes per wasm code "
                          f"byte** (per-function frame data not included); compiling every "
                          f"function eagerly adds {extra / 1024 / 1024:.1f} MiB of peak RSS over "
                          f"compiling only what `--trivial` calls."]
        except (RuntimeError, subprocess.CalledProcessError, TypeError) as error:
            lines.append(f"IR size not measured: {error}")

    problems = [f"- {workload} on {e.name}: {message}" for e in [native] + engines
                for workload, message in e.errors.items()]
    if problems:
        lines += ["", "Problems:"] + problems
    return lines


if __name__ == "__main__":
    sys.exit(main())
