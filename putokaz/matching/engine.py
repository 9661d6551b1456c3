"""Record linkage and deduplication of plain (unencoded) registrations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .blocking import DEFAULT_MAX_BLOCK, candidate_pairs, person_keys
from .cluster import average_linkage_clusters
from .compare import compare_pairs, compare_pairs_tf, field_specs
from .model import FellegiSunter, FieldContribution, fit_fixed_u
from .records import PreparedRecords, Record, prepare
from .tf import term_frequencies

__all__ = [
    "LinkageConfig",
    "LinkageResult",
    "MatchPair",
    "dedupe",
    "dedupe_prepared",
    "explain_pair",
    "link",
    "link_prepared",
    "random_pairs",
]


@dataclass(frozen=True, slots=True)
class LinkageConfig:
    threshold: float = 0.5
    """Match probability at or above which a pair is reported (and clusters may merge)."""
    max_block: int = DEFAULT_MAX_BLOCK
    extra_fields: tuple[str, ...] = ()
    """Names of ``Record.extra`` fields to compare as plain strings."""
    block_extras: tuple[str, ...] = ()
    """Extra fields that also serve as blocking keys (with the family-name initial)."""
    random_pairs: int = 10_000
    """Random pairs measured for the u-probabilities (nearly all are non-matches)."""
    seed: int = 0
    one_to_one: bool = False
    """In linkage, keep for each record only its most probable partner (for two lists each
    known to be free of duplicates)."""


@dataclass(frozen=True, slots=True)
class MatchPair:
    left_id: str
    right_id: str
    score: float


@dataclass(frozen=True, slots=True)
class LinkageResult:
    pairs: tuple[MatchPair, ...]
    candidates: int
    model: FellegiSunter | None = None
    clusters: tuple[tuple[str, ...], ...] = field(default=())


def random_pairs(
    *, n: int, n_left: int | None, count: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Uniformly drawn pairs (almost all non-matches), for the u-probabilities."""
    rng = np.random.default_rng(seed)
    if n < 2 or count <= 0:
        empty = np.empty(0, np.int64)
        return empty, empty
    if n_left is None:
        a = rng.integers(0, n, count)
        b = rng.integers(0, n, count)
        keep = a != b
        return np.minimum(a, b)[keep], np.maximum(a, b)[keep]
    if n_left == 0 or n_left == n:
        empty = np.empty(0, np.int64)
        return empty, empty
    return rng.integers(0, n_left, count), rng.integers(n_left, n, count)


def _fit(
    prep: PreparedRecords,
    config: LinkageConfig,
    n_left: int | None,
    keys: Sequence[Sequence[object]] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, FellegiSunter]:
    if keys is None:
        keys = person_keys(prep, block_extras=config.block_extras)
    ci, cj = candidate_pairs(keys, n_left=n_left, max_block=config.max_block)
    tf = term_frequencies(prep)
    levels, adjust = compare_pairs_tf(prep, ci, cj, tf)
    ri, rj = random_pairs(n=len(prep), n_left=n_left, count=config.random_pairs, seed=config.seed)
    random_levels = compare_pairs(prep, ri, rj)
    n = len(prep)
    total = n * (n - 1) / 2 if n_left is None else n_left * (n - n_left)
    model = fit_fixed_u(
        fields=field_specs(prep.extra_names),
        candidates=levels,
        adjust=adjust,
        random_pairs=random_levels,
        total_pairs=total,
        term_frequencies=tf,
    )
    return ci, cj, model.probability(levels, adjust), model


def _scorer(prep: PreparedRecords, model: FellegiSunter):  # type: ignore[no-untyped-def]
    tf = model.term_frequencies

    def score(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        if tf is None:
            return model.probability(compare_pairs(prep, a, b))
        return model.probability(*compare_pairs_tf(prep, a, b, tf))

    return score


def dedupe(*, records: Sequence[Record], config: LinkageConfig = LinkageConfig()) -> LinkageResult:
    """Find registrations of the same person within one list.

    Reports every pair inside each cluster, with that pair's own match probability.
    """
    prep = prepare(records, extra_fields=config.extra_fields)
    return dedupe_prepared(prep=prep, config=config)


def dedupe_prepared(
    *,
    prep: PreparedRecords,
    config: LinkageConfig,
    keys: Sequence[Sequence[object]] | None = None,
) -> LinkageResult:
    """:func:`dedupe` of prepared records (plain, or encoded ones read by :mod:`.encoded`),
    blocked on ``keys`` (default: the records' own blocking keys)."""
    ci, cj, prob, model = _fit(prep, config, None, keys)
    score = _scorer(prep, model)

    clusters, known = average_linkage_clusters(
        n=len(prep), i=ci, j=cj, prob=prob, threshold=config.threshold, score=score
    )
    pairs, missing = _cluster_pairs(clusters, known)
    if missing:
        a = np.asarray([x for x, _ in missing], np.int64)
        b = np.asarray([y for _, y in missing], np.int64)
        for key, p in zip(missing, score(a, b).tolist(), strict=True):
            known[key] = p
    ids = prep.ids
    out = tuple(MatchPair(ids[a], ids[b], round(known[(a, b)], 6)) for a, b in pairs)
    return LinkageResult(
        pairs=out,
        candidates=len(ci),
        model=model,
        clusters=tuple(tuple(ids[x] for x in c) for c in clusters),
    )


def _cluster_pairs(
    clusters: list[list[int]], known: dict[tuple[int, int], float]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    pairs: list[tuple[int, int]] = []
    missing: list[tuple[int, int]] = []
    for c in clusters:
        for x in range(len(c)):
            for y in range(x + 1, len(c)):
                key = (c[x], c[y])
                pairs.append(key)
                if key not in known:
                    missing.append(key)
    return pairs, missing


def link(
    *,
    left: Sequence[Record],
    right: Sequence[Record],
    config: LinkageConfig = LinkageConfig(),
) -> LinkageResult:
    """Find pairs (left, right) that are probably the same person."""
    prep = prepare([*left, *right], extra_fields=config.extra_fields)
    return link_prepared(prep=prep, n_left=len(left), config=config)


def link_prepared(
    *,
    prep: PreparedRecords,
    n_left: int,
    config: LinkageConfig,
    keys: Sequence[Sequence[object]] | None = None,
) -> LinkageResult:
    """:func:`link` of prepared records, the first ``n_left`` being the left list."""
    ci, cj, prob, model = _fit(prep, config, n_left, keys)
    keep = prob >= config.threshold
    ci, cj, p = ci[keep], cj[keep], prob[keep]
    if config.one_to_one:
        ci, cj, p = _one_to_one(ci, cj, p)
    ids = prep.ids
    order = np.lexsort((cj, ci))
    out = tuple(
        MatchPair(ids[a], ids[b], round(float(s), 6))
        for a, b, s in zip(ci[order].tolist(), cj[order].tolist(), p[order].tolist(), strict=True)
    )
    return LinkageResult(pairs=out, candidates=len(prob), model=model)


def _one_to_one(
    i: np.ndarray, j: np.ndarray, p: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    order = np.argsort(-p, kind="stable")
    used_i: set[int] = set()
    used_j: set[int] = set()
    keep = []
    for k in order.tolist():
        a, b = int(i[k]), int(j[k])
        if a in used_i or b in used_j:
            continue
        used_i.add(a)
        used_j.add(b)
        keep.append(k)
    idx = np.asarray(sorted(keep), np.int64)
    return i[idx], j[idx], p[idx]


def explain_pair(
    *, a: Record, b: Record, model: FellegiSunter, extra_fields: Sequence[str] = ()
) -> tuple[float, list[FieldContribution]]:
    """Match probability of two records under a fitted model, and each field's share of it."""
    prep = prepare([a, b], extra_fields=extra_fields)
    i, j = np.array([0]), np.array([1])
    if model.term_frequencies is None:
        levels = compare_pairs(prep, i, j)
        return float(model.probability(levels)[0]), model.explain(levels[0])
    levels, adjust = compare_pairs_tf(prep, i, j, model.term_frequencies)
    return float(model.probability(levels, adjust)[0]), model.explain(levels[0], adjust[0])
