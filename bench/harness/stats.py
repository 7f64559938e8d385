"""Medians, geometric means and pairwise ratios."""

from __future__ import annotations

import math
from typing import Iterable


def median(values: Iterable[float]) -> float:
    xs = sorted(values)
    if not xs:
        raise ValueError("median of nothing")
    mid = len(xs) // 2
    return float(xs[mid]) if len(xs) % 2 else (xs[mid - 1] + xs[mid]) / 2


def geomean(values: Iterable[float]) -> float | None:
    xs = [x for x in values if x is not None and x > 0]
    if not xs:
        return None
    return math.exp(sum(math.log(x) for x in xs) / len(xs))


def pairwise(times: dict[str, dict[str, float]], names: list[str]) -> dict[tuple[str, str], tuple[float, int]]:
    """times[bench][runtime] -> {(a, b): (geomean over benchmarks both ran of t_a / t_b, count)}."""
    out = {}
    for a in names:
        for b in names:
            if a == b:
                continue
            ratios = [t[a] / t[b] for t in times.values() if t.get(a) and t.get(b)]
            g = geomean(ratios)
            if g is not None:
                out[(a, b)] = (g, len(ratios))
    return out
