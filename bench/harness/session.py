"""One measuring session: each benchmark's runtimes run interleaved, round after round."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field

from runtimes import Check, RunResult, Runtime
from stats import median
from suite import Benchmark


@dataclass
class Cell:
    """What one runtime did on one benchmark."""
    samples: list[RunResult] = field(default_factory=list)
    status: str = "ok"     # the first failure, or "skipped: ..." when not run
    timeout: float | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok" and bool(self.samples)

    def med(self, attr: str) -> float | None:
        values = [getattr(s, attr) for s in self.samples if getattr(s, attr) is not None]
        return median(values) if values else None

    def to_json(self) -> dict:
        return {
            "status": self.status,
            "n": len(self.samples),
            "timeout_s": self.timeout,
            "run_ns": [s.run_ns for s in self.samples],
            "process_ns": [s.process_ns for s in self.samples],
            "cpu_ns": [s.cpu_ns for s in self.samples],
            "compile_ns": [s.compile_ns for s in self.samples],
            "instantiate_ns": [s.instantiate_ns for s in self.samples],
        }

    @staticmethod
    def from_json(d: dict) -> "Cell":
        keys = ("run_ns", "process_ns", "cpu_ns", "compile_ns", "instantiate_ns")
        samples = [RunResult("ok", *(d[k][i] for k in keys)) for i in range(d["n"])]
        return Cell(samples, d["status"], d.get("timeout_s"))


@dataclass
class Options:
    reps: int = 5
    timeout: float = 120.0       # seconds per run
    slow_timeout: float = 10.0   # seconds per run of a slow runtime
    cell_budget: float = 5.0     # stop repeating a runtime on a benchmark after this many seconds
    slow_all: bool = False


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def measure(bench: Benchmark, runtimes: list[Runtime], opts: Options,
            slow_subset: set[str]) -> dict[str, Cell]:
    """Runs bench on every runtime `opts.reps` times, round-robin (the starting runtime rotates
    each round), so that drifting machine load spreads over all runtimes alike. A runtime that
    fails stops there; one whose runs have taken `cell_budget` seconds in all stops repeating
    (at least one run always happens): long runs need fewer repetitions for a stable median."""
    cells: dict[str, Cell] = {}
    active: list[Runtime] = []
    for rt in runtimes:
        cell = Cell()
        cells[rt.name] = cell
        why = rt.unavailable(bench)
        if why:
            cell.status = f"skipped: {why}"
        elif rt.slow and not opts.slow_all and bench.id not in slow_subset:
            cell.status = "skipped: slow runtime (--slow-all runs it)"
        else:
            cell.timeout = opts.slow_timeout if rt.slow else opts.timeout
            active.append(rt)
    spent = {rt.name: 0.0 for rt in active}
    check = Check.expected(bench)
    for rep in range(opts.reps):
        if not active:
            break
        shift = rep % len(active)
        for rt in active[shift:] + active[:shift]:
            cell = cells[rt.name]
            if cell.status != "ok" or (cell.samples and spent[rt.name] >= opts.cell_budget):
                continue
            t0 = time.monotonic()
            res = rt.run(bench, bench.args, cell.timeout, check)
            spent[rt.name] += time.monotonic() - t0
            if res.ok:
                cell.samples.append(res)
            else:
                cell.status = res.status
                if res.status == "timeout":
                    cell.status = f"timeout (> {cell.timeout:g} s)"
    summary = []
    for rt in runtimes:
        cell = cells[rt.name]
        if cell.ok:
            summary.append(f"{rt.name} {cell.med('run_ns') / 1e6:.1f} ms (n={len(cell.samples)})")
        elif not cell.status.startswith("skipped"):
            summary.append(f"{rt.name} {cell.status[:60]}")
    _log(f"  {bench.id}: " + "; ".join(summary))
    return cells
