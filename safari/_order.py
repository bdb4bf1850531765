"""The shortest visiting order for one walk (a path or a round trip through a matrix).

Up to `EXACT_LIMIT` stops the order is proven optimal (Held–Karp dynamic
programming); above that LKH (through ``elkai``) finds it, reaching the best known
tours on instances of this size within a second. A leaf module: the planner, the
CP-SAT model and the feasibility explainer all use it.
"""

from __future__ import annotations

import elkai
import numpy as np

#: Number of stops (start included) up to which the order is proven optimal.
EXACT_LIMIT = 13


def best_order(meters: np.ndarray, *, start: int, end: int | None) -> list[int]:
    """Shortest order visiting every stop once.

    Parameters
    ----------
    meters
        Square matrix of walking distances.
    start
        Index of the first stop.
    end
        Index of the last stop; ``start`` for a round trip (the start is then
        repeated at the end of the returned order); ``None`` for an open end.

    Returns
    -------
    list of int
        Stop indices in visiting order.
    """
    n = len(meters)
    if n == 1:
        return [start]
    order = _held_karp(meters, start, end) if n <= EXACT_LIMIT else _lkh(meters, start, end)
    return [*order, start] if end == start else order


def _held_karp(d: np.ndarray, start: int, end: int | None) -> list[int]:
    """Exact shortest path from ``start`` through all nodes (Held–Karp, O(2^n n^2))."""
    n = len(d)
    fixed_end = end is not None and end != start
    inner = [i for i in range(n) if i != start and not (fixed_end and i == end)]
    m = len(inner)
    if m == 0:
        return [start] if not fixed_end else [start, int(end)]  # type: ignore[arg-type]
    sub = d[np.ix_(inner, inner)]
    full = (1 << m) - 1
    cost = np.full((1 << m, m), np.inf)
    parent = np.full((1 << m, m), -1, dtype=np.int64)
    for j in range(m):
        cost[1 << j, j] = d[start, inner[j]]
    for mask in range(1, 1 << m):
        row = cost[mask]
        if not np.isfinite(row).any():
            continue
        # extend the cheapest path ending in j by every k not yet in mask
        cand = row[:, None] + sub  # (j, k)
        best_j = np.argmin(cand, axis=0)
        best = cand[best_j, np.arange(m)]
        for k in range(m):
            if mask & (1 << k):
                continue
            nxt = mask | (1 << k)
            if best[k] < cost[nxt, k]:
                cost[nxt, k] = best[k]
                parent[nxt, k] = best_j[k]
    closing = np.zeros(m) if end is None else d[np.array(inner), end]
    last = int(np.argmin(cost[full] + closing))
    path: list[int] = []
    mask, j = full, last
    while j >= 0:
        path.append(inner[j])
        mask, j = mask & ~(1 << j), int(parent[mask, j])
    path.reverse()
    tail = [int(end)] if fixed_end else []  # type: ignore[arg-type]
    return [start, *path, *tail]


def _lkh(d: np.ndarray, start: int, end: int | None) -> list[int]:
    """Order for many stops with LKH (elkai) on an asymmetric matrix.

    A path from ``start`` to ``end`` becomes a cycle by making the step from
    ``end`` back to ``start`` free (and every other step back to ``start``
    forbidding); an open end makes every step back to ``start`` free.
    """
    cost = np.array(d, dtype=float)
    if end != start:
        big = float(cost[np.isfinite(cost)].max() * len(cost) + 1)
        cost[:, start] = 0.0 if end is None else big
        if end is not None:
            cost[end, start] = 0.0
    # elkai works on integers: centimetres keep the order exact enough.
    scaled = np.rint(cost * 100).astype(np.int64)
    tour = elkai.DistanceMatrix(scaled.tolist()).solve_tsp(runs=10)
    tour = tour[:-1] if tour[0] == tour[-1] else tour
    k = tour.index(start)
    return [int(i) for i in tour[k:] + tour[:k]]
