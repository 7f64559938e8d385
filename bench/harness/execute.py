"""Runs one command and measures it: wall time, CPU time, outputs, timeout."""

from __future__ import annotations

import resource
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Execution:
    returncode: int | None  # None when it timed out or could not start
    stdout: bytes
    stderr: bytes
    wall_ns: int
    cpu_ns: int             # user + system time of the process and its threads
    timed_out: bool = False
    start_error: str | None = None


def _children_cpu_ns() -> int:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return int((r.ru_utime + r.ru_stime) * 1e9)


def execute(cmd: list[str], cwd: Path, timeout: float | None, stdin: bytes | None = b"") -> Execution:
    """Runs cmd in cwd. Children run one at a time, so the growth of RUSAGE_CHILDREN across the
    call is this process's CPU time (a killed child is reaped before we read it again)."""
    cpu0 = _children_cpu_ns()
    t0 = time.perf_counter_ns()
    try:
        proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
    except OSError as e:
        return Execution(None, b"", b"", 0, 0, start_error=f"{cmd[0]}: {e.strerror}")
    try:
        out, err = proc.communicate(stdin, timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        timed_out = True
    wall = time.perf_counter_ns() - t0
    return Execution(None if timed_out else proc.returncode, out, err, wall,
                     _children_cpu_ns() - cpu0, timed_out)


def tail(data: bytes, limit: int = 300) -> str:
    """The end of an output, decoded for a one-line message."""
    text = data.decode("utf-8", "replace").strip()
    if len(text) > limit:
        text = "..." + text[-limit:]
    return " ".join(text.split())
