"""The benchmarks bench/run knows: the sightglass development set in ../shared and our own
programs in bench/programs (built by bench/programs/build.sh)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# Benchmarks that finish in about a second or less on the slowest interpreter we compare
# (wasm-interp): the --quick subset.
QUICK = {
    "sightglass/noop", "sightglass/bz2", "sightglass/quicksort", "sightglass/regex",
    "sightglass/richards", "sightglass/blake3-scalar", "sightglass/shootout-gimli",
    "sightglass/shootout-keccak", "sightglass/shootout-memmove", "sightglass/shootout-xchacha20",
    "programs/fib", "programs/interp", "programs/sieve", "programs/nbody", "programs/simd",
}

# The --callgrind subset, sized so the slowest interpreter (wasm-interp) executes a few hundred
# million instructions: native does about 1-3 million. Programs run with these arguments
# there (their stdout is then checked against native's instead of the expected file);
# sightglass ones as they are. sightglass/noop is not listed: it is every runtime's baseline.
CALLGRIND_ARGS: dict[str, list[str]] = {
    "sightglass/shootout-ackermann": [],
    "programs/fib": ["25"],
    "programs/interp": ["250", "10"],
    "programs/sieve": ["100000", "1"],
    "programs/sha256": ["16", "1"],
    "programs/nbody": ["2000"],
    "programs/quicksort": ["10000", "1"],
}


@dataclass
class Benchmark:
    suite: str                 # "sightglass" or "programs"
    name: str                  # e.g. "shootout-fib2", "bz2", "fib"
    wasm: Path
    cwd: Path                  # working directory, preopened as "."
    native: Path | None = None  # native build of the same source (programs only)
    args: list[str] = field(default_factory=list)
    expected_stdout: bytes | None = None
    expected_stderr: bytes | None = None

    @property
    def id(self) -> str:
        return f"{self.suite}/{self.name}"

    @property
    def quick(self) -> bool:
        return self.id in QUICK


def _expected(wasm: Path, stream: str) -> bytes | None:
    p = wasm.with_name(f"{wasm.stem}.{stream}.expected")
    return p.read_bytes() if p.exists() else None


def sightglass(root: Path) -> list[Benchmark]:
    """Every module of the development set, named after its folder (or file, in shootout/)."""
    out = []
    for wasm in sorted(root.glob("*/*.wasm")):
        name = wasm.parent.name if wasm.stem == "benchmark" else wasm.stem
        out.append(Benchmark("sightglass", name, wasm, wasm.parent,
                             expected_stdout=_expected(wasm, "stdout"),
                             expected_stderr=_expected(wasm, "stderr")))
    return out


def programs(source_dir: Path, build_dir: Path) -> list[Benchmark]:
    """Each bench/programs/<name>.c that has a <name>.stdout.expected, as built in build_dir."""
    out = []
    for src in sorted(source_dir.glob("*.c")):
        wasm = build_dir / f"{src.stem}.wasm"
        native = build_dir / src.stem
        out.append(Benchmark("programs", src.stem, wasm, build_dir,
                             native=native if native.exists() else None,
                             expected_stdout=_expected(wasm, "stdout"),
                             expected_stderr=_expected(wasm, "stderr")))
    return out


def select(benchmarks: list[Benchmark], only: str | None, quick: bool) -> list[Benchmark]:
    pattern = re.compile(only) if only else None
    chosen = []
    for b in benchmarks:
        if quick and not b.quick:
            continue
        if pattern and not pattern.search(b.id):
            continue
        chosen.append(b)
    return chosen
