"""The start-up table: whole-process time of a WASI hello world (sightglass noop; native: a C
hello world), and of loading + validating + instantiating the largest module without running it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from execute import execute, tail
from runtimes import Runtime
from stats import median
from suite import Benchmark


@dataclass
class StartupRow:
    runtime: str
    hello_ns: float | None
    hello_status: str
    load_ns: float | None
    load_status: str
    load_how: str

    def to_json(self) -> dict:
        return self.__dict__.copy()


def _time(cmd: list[str], cwd: Path, reps: int, stdin: bytes = b"") -> tuple[float | None, str]:
    walls = []
    for _ in range(reps):
        ex = execute(cmd, cwd, 60, stdin)
        if ex.start_error or ex.timed_out or ex.returncode != 0:
            why = ex.start_error or ("timeout" if ex.timed_out else
                                     f"exit {ex.returncode}: {tail(ex.stderr or ex.stdout, 120)}")
            return None, why
        walls.append(ex.wall_ns)
    return median(walls), "ok"


def measure(runtimes: list[Runtime], noop: Benchmark | None, largest: Path | None,
            reps: int) -> list[StartupRow]:
    rows = []
    for rt in runtimes:
        hello_ns, hello_status = None, "n/a"
        if noop is not None:
            cmd = rt.startup_command(noop)
            if cmd:
                hello_ns, hello_status = _time(cmd, noop.cwd, reps)
        load_ns, load_status, how = None, "n/a", ""
        if largest is not None:
            spec = rt.load_only_command(largest)
            if spec:
                cmd, how = spec
                load_ns, load_status = _time(cmd, largest.parent, reps)
        rows.append(StartupRow(rt.name, hello_ns, hello_status, load_ns, load_status, how))
    return rows
