"""--callgrind: instruction counts (callgrind's Ir) of a small subset, free of timing noise.

Counts cover the whole process, start-up included, so each runtime also runs the WASI hello
world (sightglass noop; native: the C hello world) and the report shows the count above that
baseline next to the total. Programs run with small arguments (suite.CALLGRIND_ARGS); their
stdout must then equal the native build's, since the committed expected files are for the
default sizes."""

from __future__ import annotations

import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from execute import execute, tail
from runtimes import Check, Contract, Native, Runtime
from suite import CALLGRIND_ARGS, Benchmark

_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


@dataclass
class Count:
    ir: int | None
    status: str


def _wrapper(tmp: Path) -> list[str]:
    return ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/callgrind.out",
            f"--log-file={tmp}/valgrind.log"]


def _read_ir(tmp: Path) -> int | None:
    log = tmp / "valgrind.log"
    if not log.exists():
        return None
    m = _COLLECTED.search(log.read_text(errors="replace"))
    return int(m.group(1)) if m else None


def count(rt: Runtime, bench: Benchmark, args: list[str], check: Check, timeout: float) -> Count:
    with tempfile.TemporaryDirectory(prefix="bench-callgrind-") as d:
        tmp = Path(d)
        res = rt.run(bench, args, timeout, check, wrapper=_wrapper(tmp))
        ir = _read_ir(tmp)
    if not res.ok:
        return Count(None, res.status)
    if ir is None:
        return Count(None, "no callgrind total")
    return Count(ir, "ok")


def baseline(rt: Runtime, noop: Benchmark | None, timeout: float) -> Count:
    """Ir of the runtime's hello world: the start-up cost included in every count."""
    if isinstance(rt, Native):
        if not rt.hello.exists():
            return Count(None, "no native hello")
        with tempfile.TemporaryDirectory(prefix="bench-callgrind-") as d:
            ex = execute([*_wrapper(Path(d)), str(rt.hello)], rt.hello.parent, timeout)
            ir = _read_ir(Path(d))
        if ex.returncode != 0:
            return Count(None, f"exit {ex.returncode}: {tail(ex.stderr)}")
        return Count(ir, "ok" if ir is not None else "no callgrind total")
    if noop is None:
        return Count(None, "no noop benchmark")
    return count(rt, noop, [], Check.expected(noop), timeout)


def run(benchmarks: list[Benchmark], runtimes: list[Runtime], noop: Benchmark | None,
        timeout: float) -> tuple[dict[str, dict[str, Count]], dict[str, Count]]:
    """Returns counts[bench id][runtime] and the baselines per runtime."""
    chosen = [b for b in benchmarks if b.id in CALLGRIND_ARGS]
    base = {}
    for rt in runtimes:
        base[rt.name] = baseline(rt, noop, timeout)
        print(f"  callgrind baseline {rt.name}: {base[rt.name].ir}", file=sys.stderr, flush=True)
    counts: dict[str, dict[str, Count]] = {}
    for bench in chosen:
        args = CALLGRIND_ARGS[bench.id]
        row: dict[str, Count] = {}
        reference: bytes | None = None
        if bench.suite == "programs" and bench.native is not None:
            ex = execute([str(bench.native), *args], bench.cwd, timeout)
            reference = ex.stdout if ex.returncode == 0 else None
        for rt in runtimes:
            why = rt.unavailable(bench)
            if why:
                row[rt.name] = Count(None, f"skipped: {why}")
                continue
            if bench.suite == "programs":
                # Contract runtimes check against the files next to the .wasm, which are for the
                # default arguments: leave their output unchecked here.
                check = Check(None if isinstance(rt, Contract) else reference, None)
            else:
                check = Check.expected(bench)
            row[rt.name] = count(rt, bench, args, check, timeout)
        counts[bench.id] = row
        print(f"  callgrind {bench.id}: " + "; ".join(
            f"{k} {v.ir if v.ir is not None else v.status[:40]}" for k, v in row.items()),
            file=sys.stderr, flush=True)
    return counts, base
