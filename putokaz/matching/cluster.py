"""Clustering of deduplication matches that does not chain unrelated people together.

Taking connected components of the match graph lets one weak link join two different
people (A = B strongly, B ~ C weakly, so A "is" C).  Here clusters grow by average linkage:
two clusters merge only if the mean match probability over *all* pairs between them reaches
the threshold, so C joins {A, B} only when it also resembles A.  Pairs between members that
blocking never compared are scored on demand, so "never compared" is not mistaken for "no
evidence against".
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["average_linkage_clusters"]

# Components larger than this are clustered using only the pairs already scored (missing pairs
# count as non-matches), which is conservative and bounds the on-demand scoring work.
MAX_FULLY_SCORED_COMPONENT = 60


def _components(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    parent = np.arange(n)

    def find(x: int) -> int:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for a, b in zip(i.tolist(), j.tolist(), strict=True):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return np.array([find(x) for x in range(n)])


def average_linkage_clusters(
    *,
    n: int,
    i: np.ndarray,
    j: np.ndarray,
    prob: np.ndarray,
    threshold: float,
    score: Callable[[np.ndarray, np.ndarray], np.ndarray],
) -> tuple[list[list[int]], dict[tuple[int, int], float]]:
    """Clusters (lists of record indices, singletons omitted) and the probability of every
    scored pair inside a component of the match graph (the only pairs a cluster can hold),
    keyed by (low, high) index."""
    strong = prob >= threshold
    si, sj, sp = i[strong], j[strong], prob[strong]
    known: dict[tuple[int, int], float] = {}
    if not len(si):
        return [], known
    nodes = np.concatenate([si, sj])
    nodes.sort()
    nodes = nodes[np.concatenate(([True], nodes[1:] != nodes[:-1]))]
    li = np.searchsorted(nodes, si)
    lj = np.searchsorted(nodes, sj)
    local = {int(x): k for k, x in enumerate(nodes.tolist())}
    roots = _components(len(nodes), li, lj)
    comp = np.full(max(n, int(nodes[-1]) + 1), -1, np.int64)
    comp[nodes] = roots
    inside = (comp[i] >= 0) & (comp[i] == comp[j])
    lo, hi = np.minimum(i[inside], j[inside]), np.maximum(i[inside], j[inside])
    keys = zip(lo.tolist(), hi.tolist(), strict=True)
    known = dict(zip(keys, prob[inside].tolist(), strict=True))
    members: dict[int, list[int]] = {}
    for k, r in enumerate(roots.tolist()):
        members.setdefault(r, []).append(int(nodes[k]))

    # Score every unscored pair inside each small component in one batch.
    need_a: list[int] = []
    need_b: list[int] = []
    for group in members.values():
        if len(group) <= 2 or len(group) > MAX_FULLY_SCORED_COMPONENT:
            continue
        for x in range(len(group)):
            for y in range(x + 1, len(group)):
                a, b = group[x], group[y]
                key = (a, b) if a < b else (b, a)
                if key not in known:
                    need_a.append(key[0])
                    need_b.append(key[1])
    if need_a:
        extra = score(np.asarray(need_a, np.int64), np.asarray(need_b, np.int64))
        for a, b, p in zip(need_a, need_b, extra.tolist(), strict=True):
            known[(a, b)] = p

    edges_by_root: dict[int, list[tuple[float, int, int]]] = {}
    for a, b, p in zip(si.tolist(), sj.tolist(), sp.tolist(), strict=True):
        edges_by_root.setdefault(int(roots[local[a]]), []).append((p, a, b))

    clusters: list[list[int]] = []
    for root, group in members.items():
        if len(group) == 2:
            clusters.append(sorted(group))
            continue
        cluster_of = {x: x for x in group}
        content = {x: [x] for x in group}
        for _p, a, b in sorted(edges_by_root[root], reverse=True):
            ca, cb = cluster_of[a], cluster_of[b]
            if ca == cb:
                continue
            total = 0.0
            for x in content[ca]:
                for y in content[cb]:
                    total += known.get((x, y) if x < y else (y, x), 0.0)
            if total / (len(content[ca]) * len(content[cb])) < threshold:
                continue
            if len(content[ca]) < len(content[cb]):
                ca, cb = cb, ca
            for y in content[cb]:
                cluster_of[y] = ca
            content[ca].extend(content.pop(cb))
        clusters.extend(sorted(c) for c in content.values() if len(c) > 1)
    return clusters, known
