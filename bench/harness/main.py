"""bench/run: builds the benchmark programs, finds the runtimes, measures, writes the report."""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

import callgrind
import machine
import report
import runtimes as rts
import session
import startup
import suite
import svg

# The sightglass benchmarks a slow runtime (wasm-interp) runs by default: about a second each
# there. The others take from 5 s to many minutes on it.
SLOW_SUBSET = {
    "sightglass/noop", "sightglass/bz2", "sightglass/quicksort", "sightglass/regex",
    "sightglass/richards", "sightglass/blake3-scalar", "sightglass/shootout-gimli",
    "sightglass/shootout-keccak", "sightglass/shootout-memmove", "sightglass/shootout-xchacha20",
    "sightglass/shootout-xblabla20", "sightglass/shootout-ackermann", "sightglass/shootout-nestedloop",
}


def parse_args(argv: list[str], repo: Path) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="bench/run",
        description="Runs the sightglass development set and bench/programs on nanoproc and every "
                    "peer runtime found, and writes a Markdown report and an SVG chart "
                    "(docs/bench/README.md explains the method).")
    p.add_argument("--reps", type=int, default=5, help="runs per benchmark and runtime (default 5)")
    p.add_argument("--quick", action="store_true", help="a small subset, 1 run each")
    p.add_argument("--only", metavar="REGEX", help="benchmarks whose id (suite/name) matches")
    p.add_argument("--callgrind", action="store_true",
                   help="instruction counts of a small subset under valgrind --tool=callgrind")
    p.add_argument("--json", action="store_true", help="also print the results as JSON on stdout")
    p.add_argument("--runtimes", metavar="LIST",
                   help="comma-separated runtimes to use (default: all found): native, nanoproc, "
                        "node, node-tf, wasm3, wasm-interp, iwasm, wasmtime")
    p.add_argument("--timeout", type=float, default=120, help="seconds per run (default 120)")
    p.add_argument("--slow-timeout", type=float, default=10,
                   help="seconds per run of a slow runtime, wasm-interp (default 10)")
    p.add_argument("--cell-budget", type=float, default=5,
                   help="stop repeating a runtime on a benchmark once its runs took this many "
                        "seconds (default 5; at least one run always happens)")
    p.add_argument("--slow-all", action="store_true",
                   help="run slow runtimes (wasm-interp) on every benchmark, not only the fast ones")
    p.add_argument("--no-startup", action="store_true", help="skip the start-up table")
    p.add_argument("--startup-reps", type=int, default=10, help="runs per start-up measurement")
    p.add_argument("--no-build", action="store_true", help="do not run bench/programs/build.sh")
    p.add_argument("--nanoproc", type=Path, default=repo / "build" / "nanoproc",
                   help="the nanoproc binary (default build/nanoproc)")
    p.add_argument("--shared", type=Path,
                   default=Path(os.environ.get("NANOPROC_SHARED_DIR", repo.parent / "shared")),
                   help="the shared data folder holding bench/sightglass (default ../shared)")
    p.add_argument("--out", type=Path, default=repo / "docs" / "bench",
                   help="where the report goes (default docs/bench)")
    p.add_argument("--report-from", metavar="JSON", type=Path,
                   help="measure nothing: write the report again from a results JSON of an "
                        "earlier run (after a change to the report's layout)")
    args = p.parse_args(argv)
    if args.quick:
        args.reps = 1
    if args.reps < 1:
        p.error("--reps must be at least 1")
    return args


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def rerender(source: Path, out: Path) -> int:
    data = json.loads(source.read_text())
    meta = data["meta"]
    usable = [rts.Runtime(r["name"], r["timing"], r["version"], note=r.get("note", ""))
              for r in data["runtimes"]]
    results = {b: {rt: session.Cell.from_json(c) for rt, c in cells.items()}
               for b, cells in data["results"].items()}
    rows = [startup.StartupRow(**r) for r in data["startup"]]
    reps = meta.get("reps") or max((c.get("n", 0) for cells in data["results"].values()
                                    for c in cells.values()), default=1)
    stem = source.stem
    chart = svg.render(meta, results, [rt.name for rt in usable])
    text = report.render(meta, usable, data["notes"], results, rows, reps, f"{stem}.svg")
    write(out, stem, text, chart, data, False)
    return 0


def main(argv: list[str]) -> int:
    repo = Path(__file__).resolve().parents[2]
    args = parse_args(argv, repo)
    if args.report_from:
        return rerender(args.report_from, args.out)
    started = time.monotonic()
    meta = machine.describe(repo)
    meta["command"] = "bench/run" + ("" if not argv else " " + shlex.join(argv))
    meta["reps"] = args.reps
    load, cores = meta.get("load_before"), meta.get("cores") or 1
    if load is not None and load > cores:
        log(f"warning: load average {load:.1f} on {cores} cores: other jobs will slow every "
            "runtime down and add noise (the report records the load)")

    programs_dir = repo / "bench" / "programs"
    build_dir = repo / "build" / "bench-programs"
    if not args.no_build:
        log("building bench/programs ...")
        r = subprocess.run([str(programs_dir / "build.sh"), str(build_dir)], stdout=sys.stderr)
        if r.returncode != 0:
            log("bench/run: bench/programs/build.sh failed (docs/bench/README.md lists the packages it needs)")
            return 1

    sightglass_dir = args.shared / "bench" / "sightglass"
    everything = []
    if sightglass_dir.is_dir():
        everything += suite.sightglass(sightglass_dir)
    else:
        log(f"bench/run: no sightglass benchmarks at {sightglass_dir} (--shared)")
    everything += suite.programs(programs_dir, build_dir)
    noop = next((b for b in everything if b.id == "sightglass/noop"), None)
    chosen = suite.select(everything, args.only, args.quick)
    if not chosen:
        log("bench/run: no benchmark selected")
        return 2

    wanted = set(args.runtimes.split(",")) if args.runtimes else None
    if args.callgrind and wanted is None:
        # node-tf adds little beyond node there, and each V8 run costs ~600 M instructions.
        wanted = {"native", "nanoproc", "node", "wasm3", "wasm-interp", "iwasm", "wasmtime"}
    cache = repo / "build" / "bench-cache"
    found, notes, startup_only = rts.discover(repo, args.nanoproc.resolve(), cache,
                                              build_dir / "hello", wanted)
    usable = []
    for rt in found:
        why = rts.probe(rt, noop) if noop else None
        if why:
            notes.append(f"{rt.name}: not measured: it cannot run the WASI hello world: {why}")
        else:
            usable.append(rt)
    for n in notes:
        log(f"note: {n}")
    log("runtimes: " + ", ".join(f"{rt.name} ({rt.version})" for rt in usable))

    if args.callgrind:
        counts, base = callgrind.run(chosen, usable, noop, max(args.timeout, 600))
        meta["elapsed_s"] = time.monotonic() - started
        text = report.render_callgrind(meta, usable, counts, base)
        write(args.out, "callgrind", text, None, {"meta": meta, "counts": {
            b: {rt: c.__dict__ for rt, c in row.items()} for b, row in counts.items()},
            "baseline": {rt: c.__dict__ for rt, c in base.items()}}, args.json)
        return 0

    startup_rows = []
    if not args.no_startup:
        log("start-up table ...")
        largest = max((b.wasm for b in everything if b.suite == "sightglass"),
                      key=lambda p: p.stat().st_size, default=None)
        if largest is not None:
            meta["largest"] = (f"sightglass `{largest.parent.name}/{largest.name}` "
                               f"({largest.stat().st_size // 1024} KiB)")
        meta["startup_reps"] = args.startup_reps
        startup_rows = startup.measure(usable + startup_only, noop, largest, args.startup_reps)

    opts = session.Options(args.reps, args.timeout, args.slow_timeout, args.cell_budget, args.slow_all)
    log(f"measuring {len(chosen)} benchmarks on {len(usable)} runtimes, up to {args.reps} runs each ...")
    results = {}
    for bench in chosen:
        results[bench.id] = session.measure(bench, usable, opts, SLOW_SUBSET)

    meta["elapsed_s"] = time.monotonic() - started
    meta["load_after"] = machine.load_average()
    stem = "callgrind" if args.callgrind else "quick" if args.quick else "subset" if args.only else "results"
    chart = svg.render(meta, results, [rt.name for rt in usable])
    text = report.render(meta, usable, notes, results, startup_rows, args.reps, f"{stem}.svg")
    data = {
        "meta": meta,
        "runtimes": [{"name": rt.name, "version": rt.version, "timing": rt.timing, "note": rt.note}
                     for rt in usable],
        "notes": notes,
        "startup": [r.to_json() for r in startup_rows],
        "results": {b: {rt: c.to_json() for rt, c in cells.items()} for b, cells in results.items()},
    }
    write(args.out, stem, text, chart, data, args.json)
    log(f"done in {meta['elapsed_s'] / 60:.1f} min")
    return 0


def write(out: Path, stem: str, text: str, chart: str | None, data: dict, to_stdout: bool) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{stem}.md").write_text(text)
    if chart is not None:
        (out / f"{stem}.svg").write_text(chart)
    (out / f"{stem}.json").write_text(json.dumps(data, indent=1) + "\n")
    log(f"wrote {out / (stem + '.md')}" + (f", {stem}.svg" if chart else "") + f", {stem}.json")
    if to_stdout:
        print(json.dumps(data, indent=1))
