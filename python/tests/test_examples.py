"""python/examples/, run as scripts, their output compared with python/examples/expected/: the
usage examples of the wasmtime-py seed (shared/seeds/003, seed_*.py) with only their import line
changed (`import wasmline as wasmtime`), and the README's examples."""

import os
import pathlib
import re
import subprocess
import sys

import pytest

EXAMPLES = pathlib.Path(os.environ.get("WASMLINE_PYTHON_EXAMPLES",
                                       pathlib.Path(__file__).parents[1] / "examples"))
SEEDS = ["seed_basic_memory", "seed_memory_module", "seed_shared_memory", "seed_growth_bounds",
         "seed_ctypes", "seed_dump"]
NAMES = SEEDS + ["grow_view", "threads", "host_functions"]
# Examples whose threads print in any order: what matches the pattern is compared as a multiset
# wherever it appears (print() writes the text and its newline separately, so two threads can
# put two messages on one line), the rest line by line.
UNORDERED = {"seed_shared_memory": re.compile(r"Thread \d+ wrote to offset \d+")}


def test_every_example_is_listed():
    assert sorted(p.stem for p in EXAMPLES.glob("*.py")) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_example(name):
    if name in SEEDS:
        source = (EXAMPLES / f"{name}.py").read_text()
        imports = [line for line in source.splitlines() if "import wasm" in line]
        assert imports == ["import wasmline as wasmtime"]  # the only line changed
    done = subprocess.run([sys.executable, str(EXAMPLES / f"{name}.py")], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    expected = (EXAMPLES / "expected" / f"{name}.txt").read_text()
    pattern = UNORDERED.get(name)
    if pattern is None:
        assert done.stdout == expected
    else:
        def split(text):
            rest = [line for line in pattern.sub("", text).splitlines() if line.strip()]
            return sorted(pattern.findall(text)), rest
        assert split(done.stdout) == split(expected)
