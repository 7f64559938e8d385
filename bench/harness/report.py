"""The Markdown report of a session."""

from __future__ import annotations

from stats import geomean, pairwise

PEER_EXCLUDED = {"native", "nanoproc"}  # the "best peer" is the fastest of the others
# A benchmark whose fastest time is below this measures next to nothing (sightglass noop; a
# loop the compiler folded away): shown, but left out of geometric means and the chart.
TRIVIAL_NS = 100_000


def fmt_ns(ns: float | None) -> str:
    if ns is None:
        return "—"
    ms = ns / 1e6
    if ms >= 10000:
        return f"{ms / 1000:.1f} s"
    if ms >= 100:
        return f"{ms:.0f} ms"
    if ms >= 10:
        return f"{ms:.1f} ms"
    if ms >= 0.1:
        return f"{ms:.2f} ms"
    return f"{ns / 1000:.1f} µs"


def fmt_ratio(r: float | None) -> str:
    if r is None:
        return "—"
    if r >= 100:
        return f"{r:.0f}×"
    if r >= 10:
        return f"{r:.1f}×"
    return f"{r:.2f}×"


def _short_status(status: str) -> str:
    if status.startswith("timeout"):
        return status.replace("timeout (", "").rstrip(")")
    if status.startswith("skipped"):
        return "—"
    return "fails¹"


def times_of(results: dict, runtimes: list[str], key: str = "run_ns") -> dict[str, dict[str, float]]:
    """results[bench id][runtime] = Cell -> {bench id: {runtime: median}} for successful cells."""
    out = {}
    for bench_id, cells in results.items():
        out[bench_id] = {rt: cells[rt].med(key) for rt in runtimes if cells[rt].ok and cells[rt].med(key)}
    return out


def trivial(row: dict[str, float]) -> bool:
    return bool(row) and min(row.values()) < TRIVIAL_NS


def meaningful(results: dict, runtimes: list[str]) -> dict:
    """The results without the trivial benchmarks."""
    times = times_of(results, runtimes)
    return {b: cells for b, cells in results.items() if not trivial(times[b])}


def best_peer(row: dict[str, float]) -> tuple[str | None, float | None]:
    peers = [(t, rt) for rt, t in row.items() if rt not in PEER_EXCLUDED]
    if not peers:
        return None, None
    t, rt = min(peers)
    return rt, t


def ran_any(results: dict, rt: str) -> bool:
    """Whether rt was tried on any of these benchmarks (not merely skipped on all)."""
    return any(not cells[rt].status.startswith("skipped") for cells in results.values())


def suite_table(title: str, results: dict, all_runtimes: list[str], reps: int, vs_native: bool) -> list[str]:
    runtimes = [rt for rt in all_runtimes if ran_any(results, rt)]
    times = times_of(results, runtimes)
    lines = [f"### {title}", ""]
    left_out = [rt for rt in all_runtimes if rt not in runtimes]
    if left_out:
        lines += [f"Not run on this suite: {', '.join(left_out)} (see *Runtimes*).", ""]
    head = ["benchmark", *runtimes, "best peer"]
    if "nanoproc" in runtimes:
        head.append("nanoproc ÷ best peer")
        if "wasm3" in runtimes:
            head.append("nanoproc ÷ wasm3")
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "---|" * len(head))
    to_native = {rt: [] for rt in runtimes}
    to_best = {rt: [] for rt in runtimes}
    to_wasm3: list[float] = []
    for bench_id, cells in results.items():
        row = times[bench_id]
        native = row.get("native")
        peer, peer_t = best_peer(row)
        skip_means = trivial(row)
        out = [bench_id.split("/", 1)[1] + (" ²" if skip_means else "")]
        for rt in runtimes:
            cell = cells[rt]
            if rt not in row:
                out.append(_short_status(cell.status))
                continue
            text = fmt_ns(row[rt])
            if len(cell.samples) < reps:
                text += f" ⁿ{len(cell.samples)}"
            if vs_native and native and rt != "native":
                text += f" ({fmt_ratio(row[rt] / native)})"
                if not skip_means:
                    to_native[rt].append(row[rt] / native)
            if peer_t and not skip_means:
                to_best[rt].append(row[rt] / peer_t)
            out.append(text)
        out.append(peer or "—")
        if "nanoproc" in runtimes:
            out.append(fmt_ratio(row["nanoproc"] / peer_t) if peer_t and "nanoproc" in row else "—")
            if "wasm3" in runtimes:
                both = "nanoproc" in row and "wasm3" in row
                out.append(fmt_ratio(row["nanoproc"] / row["wasm3"]) if both else "—")
                if both and not skip_means:
                    to_wasm3.append(row["nanoproc"] / row["wasm3"])
        lines.append("| " + " | ".join(out) + " |")
    if vs_native:
        lines.append("| **geomean ÷ native** | " + " | ".join(
            "1.00×" if rt == "native" else fmt_ratio(geomean(to_native[rt])) for rt in runtimes) +
            " |" + " |" * (len(head) - len(runtimes) - 1))
    extra = [""] * (len(head) - len(runtimes) - 1)
    if "nanoproc ÷ wasm3" in head:
        extra[-1] = f"**{fmt_ratio(geomean(to_wasm3))}**"
    lines.append("| **geomean ÷ best peer** | " + " | ".join(
        [fmt_ratio(geomean(to_best[rt])) for rt in runtimes] + extra) + " |")
    lines.append("")
    return lines


def pairwise_table(results: dict, runtimes: list[str]) -> list[str]:
    times = times_of(meaningful(results, runtimes), runtimes)
    pairs = pairwise(times, runtimes)
    lines = ["| row ÷ column | " + " | ".join(runtimes) + " |", "|" + "---|" * (len(runtimes) + 1)]
    for a in runtimes:
        cells = []
        for b in runtimes:
            if a == b:
                cells.append("1")
            elif (a, b) in pairs:
                g, n = pairs[(a, b)]
                cells.append(f"{fmt_ratio(g)} ({n})")
            else:
                cells.append("—")
        lines.append(f"| **{a}** | " + " | ".join(cells) + " |")
    lines.append("")
    return lines


def process_table(results: dict, runtimes: list[str]) -> list[str]:
    times = times_of(results, runtimes, "process_ns")
    lines = ["| benchmark | " + " | ".join(runtimes) + " |", "|" + "---|" * (len(runtimes) + 1)]
    for bench_id in results:
        row = times[bench_id]
        lines.append(f"| {bench_id} | " + " | ".join(fmt_ns(row.get(rt)) for rt in runtimes) + " |")
    lines.append("")
    return lines


def failures(results: dict, runtimes: list[str]) -> list[str]:
    lines = []
    for bench_id, cells in results.items():
        for rt in runtimes:
            st = cells[rt].status
            if st == "ok" or st.startswith(("skipped: slow runtime", "skipped: wasm only", "timeout")):
                continue
            lines.append(f"- {rt} on {bench_id}: {st}")
    return lines


def render(meta: dict, runtimes: list, notes: list[str], results: dict, startup: list,
           reps: int, chart: str | None) -> str:
    names = [rt.name for rt in runtimes]
    L = ["# nanoproc benchmark results", ""]
    L.append(f"Measured {meta['date']} on **{meta['cpu']}** ({meta['cores']} cores, {meta['kernel']}), "
             f"commit `{meta['commit']}`.  ")
    L.append(f"Command: `{meta['command']}`; the whole run took {meta['elapsed_s'] / 60:.1f} min.  ")
    if meta.get("load_before") is not None:
        L.append(f"Load average (1 min) at the start: {meta['load_before']:.2f}, at the end: "
                 f"{meta['load_after']:.2f} (other jobs on the machine add noise; medians of "
                 f"interleaved runs limit it).")
    L.append("")
    L.append("Times are the median time between the program's `bench.start` and `bench.end` calls "
             f"(up to {reps} runs per runtime, interleaved round-robin). ⁿk marks a cell with k < {reps} "
             "runs (long runs stop repeating after the cell budget). How each runtime is timed and "
             "how to reproduce: [README.md](README.md).")
    L.append("")
    if chart:
        L += [f"![chart]({chart})", ""]
    L += ["## Runtimes", "", "| runtime | version | timing | note |", "|---|---|---|---|"]
    for rt in runtimes:
        L.append(f"| {rt.name} | {rt.version} | {rt.timing} | {rt.note} |")
    L.append("")
    for n in notes:
        L.append(f"- {n}")
    if notes:
        L.append("")
    if startup:
        L += ["## Start-up", "",
              f"Whole-process wall time, median of {meta.get('startup_reps', '?')} runs. *Hello world*: "
              "sightglass `noop` (a WASI program that prints a line; native: a C hello world). "
              f"*Load only*: {meta.get('largest', 'the largest module')} loaded, validated and "
              "instantiated without running it, as each runtime allows.", "",
              "| runtime | hello world | load only | how |", "|---|---|---|---|"]
        for r in startup:
            hello = fmt_ns(r.hello_ns) if r.hello_ns is not None else (r.hello_status if r.hello_status == "n/a" else "fails")
            load = fmt_ns(r.load_ns) if r.load_ns is not None else (r.load_status if r.load_status == "n/a" else "fails")
            L.append(f"| {r.runtime} | {hello} | {load} | {r.load_how} |")
        L.append("")
    suites = [("programs", "Our programs (bench/programs): vs native", True),
              ("sightglass", "Sightglass development set", False)]
    L += ["## Benchmark times", ""]
    for suite, title, vs_native in suites:
        part = {k: v for k, v in results.items() if k.startswith(suite + "/")}
        if part:
            L += suite_table(title, part, names, reps, vs_native)
    L += ["¹ see *Failures* below. ² under 0.1 ms: measures next to nothing, left out of the "
          "means and the chart. — : not run (see the runtime's note) or not applicable.", ""]
    L += ["## Pairwise ratios", "",
          "Geometric mean over the benchmarks both runtimes completed (all suites) of row time ÷ "
          "column time; the count is in parentheses. Below 1: the row runtime is faster.", ""]
    L += pairwise_table(results, names)
    L += ["## Whole-process time", "", "Wall time of the whole process (start-up, compilation and "
          "the run), median.", ""]
    L += process_table(results, names)
    fails = failures(results, names)
    L += ["## Failures", ""] + (fails or ["None."]) + [""]
    return "\n".join(L)


def render_callgrind(meta: dict, runtimes: list, counts: dict, base: dict) -> str:
    names = [rt.name for rt in runtimes]
    L = ["# nanoproc instruction counts (callgrind)", ""]
    L.append(f"Measured {meta['date']} on {meta['cpu']}, commit `{meta['commit']}`, with "
             f"`{meta['command']}`.")
    L.append("")
    L.append("Instructions executed by the whole process (callgrind's `Ir`), in millions; in "
             "parentheses the count above the runtime's own hello-world run (start-up removed). "
             "Programs run with the small arguments of `suite.CALLGRIND_ARGS`.")
    L.append("")
    L.append("| benchmark | " + " | ".join(names) + " |")
    L.append("|" + "---|" * (len(names) + 1))
    L.append("| *hello world (baseline)* | " + " | ".join(
        f"{base[n].ir / 1e6:.2f}" if base[n].ir is not None else base[n].status[:30] for n in names) + " |")
    for bench_id, row in counts.items():
        cells = []
        for n in names:
            c = row[n]
            if c.ir is None:
                cells.append("—" if c.status.startswith("skipped") else f"fails: {c.status[:40]}")
                continue
            above = c.ir - base[n].ir if base[n].ir is not None else None
            cells.append(f"{c.ir / 1e6:.2f}" + (f" ({above / 1e6:.2f})" if above is not None else ""))
        L.append(f"| {bench_id} | " + " | ".join(cells) + " |")
    L.append("")
    return "\n".join(L)
