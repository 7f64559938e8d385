"""A hand-written SVG bar chart of the results: per benchmark, one bar per runtime, the time as
a multiple of a baseline (native for our programs, the fastest peer for sightglass), log scale."""

from __future__ import annotations

import math
from html import escape

from report import best_peer, meaningful, ran_any, times_of
from stats import geomean

COLORS = {
    "native": "#7f7f7f", "nanoproc": "#d62728", "node": "#1f77b4", "node-tf": "#17456e",
    "wasm3": "#2ca02c", "wasm-interp": "#9467bd", "iwasm": "#8c564b", "wasmtime": "#17becf",
}
EXTRA = ["#e377c2", "#bcbd22", "#ff7f0e"]

WIDTH = 980
LABEL_W = 170
PLOT_X0 = LABEL_W + 10
PLOT_X1 = WIDTH - 70
BAR_H = 7
BAR_GAP = 1
GROUP_GAP = 9


def _color(name: str, names: list[str]) -> str:
    if name in COLORS:
        return COLORS[name]
    return EXTRA[names.index(name) % len(EXTRA)]


def _panel_rows(results: dict, names: list[str], vs_native: bool):
    """[(label, {runtime: ratio})] including a final geomean row."""
    times = times_of(results, names)
    rows = []
    per_rt: dict[str, list[float]] = {n: [] for n in names}
    for bench_id in results:
        row = times[bench_id]
        base = row.get("native") if vs_native else best_peer(row)[1]
        cells = results[bench_id]
        missing = {n: _why(cells[n].status) for n in names if n not in row}
        if not base:
            rows.append((bench_id.split("/", 1)[1], {}, missing))
            continue
        ratios = {n: row[n] / base for n in names if n in row}
        for n, r in ratios.items():
            per_rt[n].append(r)
        rows.append((bench_id.split("/", 1)[1], ratios, missing))
    rows.append(("geomean", {n: g for n in names if (g := geomean(per_rt[n])) is not None}, {}))
    return rows


def _why(status: str) -> str:
    """A word for a missing bar."""
    if status.startswith("timeout"):
        return status
    if status.startswith("skipped"):
        return "not run"
    return "fails"


def render(meta: dict, results: dict, names: list[str]) -> str:
    panels = []
    for suite, title, vs_native in (("programs", "bench/programs: time ÷ native", True),
                                    ("sightglass", "sightglass: time ÷ fastest peer", False)):
        part = {k: v for k, v in meaningful(results, names).items() if k.startswith(suite + "/")}
        if part:
            shown = [n for n in names if ran_any(part, n)]
            panels.append((title, _panel_rows(part, shown, vs_native), shown))
    all_ratios = [r for _, rows, _ in panels for _, rr, _ in rows for r in rr.values()]
    lo = 10 ** math.floor(math.log10(min(all_ratios))) if all_ratios else 0.1
    hi = 10 ** math.ceil(math.log10(max(all_ratios))) if all_ratios else 10
    lo, hi = min(lo, 0.5), max(hi, 10)

    def x(r: float) -> float:
        return PLOT_X0 + (PLOT_X1 - PLOT_X0) * (math.log10(r) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))

    out = []
    y = 20
    out.append(f'<text x="10" y="{y}" class="title">nanoproc benchmarks — {escape(meta["date"])}, '
               f'{escape(meta["cpu"])}, commit {escape(meta["commit"])}</text>')
    y += 22
    legend_x = 10
    for n in names:
        out.append(f'<rect x="{legend_x}" y="{y - 9}" width="10" height="10" fill="{_color(n, names)}"/>')
        out.append(f'<text x="{legend_x + 14}" y="{y}">{escape(n)}</text>')
        legend_x += 24 + 7 * len(n)
    y += 14
    for title, rows, shown in panels:
        y += 16
        out.append(f'<text x="10" y="{y}" class="panel">{escape(title)} (log scale; shorter is faster)</text>')
        y += 8
        top = y
        bars_per_group = len(shown)
        group_h = bars_per_group * (BAR_H + BAR_GAP) + GROUP_GAP
        height = group_h * len(rows)
        decade = lo
        while decade <= hi * 1.0001:
            gx = x(decade)
            out.append(f'<line x1="{gx:.1f}" y1="{top}" x2="{gx:.1f}" y2="{top + height}" class="grid"/>')
            label = f"{decade:g}×"
            out.append(f'<text x="{gx:.1f}" y="{top + height + 12}" class="tick">{label}</text>')
            decade *= 10
        for label, ratios, missing in rows:
            cls = "label bold" if label == "geomean" else "label"
            mid = y + bars_per_group * (BAR_H + BAR_GAP) / 2 + 3
            out.append(f'<text x="{LABEL_W}" y="{mid:.1f}" class="{cls}">{escape(label)}</text>')
            for i, n in enumerate(shown):
                by = y + i * (BAR_H + BAR_GAP)
                r = ratios.get(n)
                if r is None:
                    if n in missing:
                        out.append(f'<text x="{PLOT_X0 + 3}" y="{by + BAR_H - 0.5}" class="value">'
                                   f'{escape(n)}: {escape(missing[n])}</text>')
                    continue
                w = max(1.0, x(r) - PLOT_X0)
                out.append(f'<rect x="{PLOT_X0}" y="{by}" width="{w:.1f}" height="{BAR_H}" '
                           f'fill="{_color(n, names)}"><title>{escape(n)}: {r:.2f}×</title></rect>')
                out.append(f'<text x="{PLOT_X0 + w + 3:.1f}" y="{by + BAR_H - 0.5}" class="value">{r:.3g}×</text>')
            y += group_h
        y = top + height + 20
    total_h = y + 10
    style = ("<style>text{font-family:sans-serif;font-size:10px;fill:#222}"
             ".title{font-size:13px;font-weight:bold}.panel{font-size:12px;font-weight:bold}"
             ".label{text-anchor:end}.bold{font-weight:bold}.tick{text-anchor:middle;fill:#555}"
             ".value{font-size:7px;fill:#444}.grid{stroke:#ddd;stroke-width:1}</style>")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{total_h}" '
            f'viewBox="0 0 {WIDTH} {total_h}">\n{style}\n'
            f'<rect width="100%" height="100%" fill="white"/>\n' + "\n".join(out) + "\n</svg>\n")
