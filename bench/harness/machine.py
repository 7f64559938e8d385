"""What was measured where: date, CPU, load, git commit."""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
from pathlib import Path


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def load_average() -> float | None:
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def git_commit(repo: Path) -> str:
    def git(*args):
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True).stdout.strip()

    commit = git("rev-parse", "HEAD") or "unknown"
    # The subject identifies the commit even after a rebase changes its hash.
    subject = git("log", "-1", "--format=%s")
    branch = git("rev-parse", "--abbrev-ref", "HEAD")
    # Only tracked files count as changes: results written by this run are not "dirt".
    dirty = bool(git("status", "--porcelain", "--untracked-files=no"))
    where = f" ({branch}: \"{subject[:60]}\")" if branch else ""
    return f"{commit[:12]}{where}{' + uncommitted changes' if dirty else ''}"


def describe(repo: Path) -> dict:
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "kernel": f"{platform.system()} {platform.release()}",
        "commit": git_commit(repo),
        "load_before": load_average(),
    }
