"""Fellegi–Sunter scoring with m- and u-probabilities estimated from the data by EM.

For each field and agreement level, m is the probability of that level among true matches
and u among non-matches.  A pair's score is the posterior match probability

    P(match | levels) = λ·Π m / (λ·Π m + (1-λ)·Π u)

where λ is the share of matches among the candidate pairs.  Its log-odds split exactly into
one term per field, log2(m/u), which is what :meth:`FellegiSunter.explain` reports: every
score can be read as "the date agreed exactly (+9.1 bits), the family name was a different
romanisation (+6.3 bits), ...".

Estimation: u is first measured on random pairs (nearly all non-matches), m starts from a
prior that favours agreement, then EM on the level patterns of the candidate pairs updates
λ, m and u together (the candidate non-matches are more alike than random ones, because
blocking chose them; re-estimating u on them keeps the probabilities calibrated for the pairs
actually scored).  EM runs over the distinct level patterns with their counts, so its cost
does not depend on the number of pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .compare import FieldSpec
from .tf import TermFrequencies

__all__ = ["FellegiSunter", "FieldContribution", "fit_fellegi_sunter", "fit_fixed_u"]

_EPS = 1e-6


@dataclass(frozen=True, slots=True)
class FieldContribution:
    field: str
    level: str
    """Agreement level name, or "missing"."""
    bits: float
    """log2(m/u): positive is evidence for a match, 0 when the value is missing."""


@dataclass(frozen=True)
class FellegiSunter:
    fields: tuple[FieldSpec, ...]
    m: tuple[tuple[float, ...], ...]
    u: tuple[tuple[float, ...], ...]
    prior: float
    """λ: prior probability that a pair is a match.  For models fitted by :func:`fit_fixed_u`
    it is the share of matches among *all* pairs of the population (blocking selects pairs by
    the very features that are scored, so it does not change the posterior)."""
    term_frequencies: TermFrequencies | None = None
    """Value frequencies of the fitted population; with them, agreement on a rare value weighs
    more than agreement on a common one (see :mod:`.tf`)."""

    def weights(self) -> list[np.ndarray]:
        return [np.log2(np.asarray(m) / np.asarray(u)) for m, u in zip(self.m, self.u, strict=True)]

    def log2_odds(self, levels: np.ndarray, adjust: np.ndarray | None = None) -> np.ndarray:
        """Posterior log2-odds of a match for each row of a level matrix (plus, optionally,
        the term-frequency adjustments in bits, same shape)."""
        total = np.full(len(levels), np.log2(self.prior / (1.0 - self.prior)))
        for f, w in enumerate(self.weights()):
            col = levels[:, f].astype(np.int64)
            present = col >= 0
            total[present] += w[col[present]]
        if adjust is not None:
            total += adjust.sum(axis=1, dtype=np.float64)
        return total

    def probability(self, levels: np.ndarray, adjust: np.ndarray | None = None) -> np.ndarray:
        return 1.0 / (1.0 + np.exp2(-np.clip(self.log2_odds(levels, adjust), -60, 60)))

    def explain(
        self, levels: np.ndarray, adjust: np.ndarray | None = None
    ) -> list[FieldContribution]:
        """Per-field contributions for one pair's level vector; a field's bits include its
        term-frequency adjustment."""
        out = []
        for f, (spec, w) in enumerate(zip(self.fields, self.weights(), strict=True)):
            lv = int(levels[f])
            if lv < 0:
                out.append(FieldContribution(spec.name, "missing", 0.0))
            else:
                extra = float(adjust[f]) if adjust is not None else 0.0
                out.append(FieldContribution(spec.name, spec.levels[lv], float(w[lv]) + extra))
        return out


def _prior_m(n_levels: int) -> np.ndarray:
    # Matches mostly agree at the top level; the rest spread over the weaker levels.
    m = np.array([0.5 ** (n_levels - 1 - k) for k in range(n_levels)], float)
    m[-1] *= 4
    return m / m.sum()


def _histogram(levels: np.ndarray, n_levels: int, weights: np.ndarray | None = None) -> np.ndarray:
    present = levels >= 0
    counts = np.bincount(
        levels[present].astype(np.int64),
        weights=None if weights is None else weights[present],
        minlength=n_levels,
    ).astype(float)
    return counts


def _monotone_m(m: np.ndarray, u: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Project m so that log(m/u) does not decrease with the agreement level.

    Agreement levels are ordered; a fit in which a disagreeing date counts as more evidence
    of a match than an exact one has found some other structure in the data than matching,
    so the ratios are made monotone (pool-adjacent-violators, weighted by pairs per level).
    """
    ratio = list(np.log(m / u))
    blocks = [[r, w, 1] for r, w in zip(ratio, weight.tolist(), strict=True)]
    merged: list[list[float]] = []
    for b in blocks:
        merged.append(b)
        while len(merged) > 1 and merged[-2][0] > merged[-1][0]:
            r2, w2, n2 = merged.pop()
            r1, w1, n1 = merged.pop()
            w = w1 + w2
            merged.append([(r1 * w1 + r2 * w2) / w if w > 0 else (r1 + r2) / 2, w, n1 + n2])
    out = []
    for r, _w, n in merged:
        out += [r] * int(n)
    fixed = u * np.exp(np.asarray(out))
    return fixed / fixed.sum()


def fit_fellegi_sunter(
    *,
    fields: tuple[FieldSpec, ...],
    candidates: np.ndarray,
    random_pairs: np.ndarray,
    iterations: int = 60,
    prior: float | None = None,
    estimate_u: bool = True,
) -> FellegiSunter:
    """Fit m, u and λ by EM on candidate level patterns, u initialised on random pairs."""
    n_fields = len(fields)
    sizes = [len(f.levels) for f in fields]
    u = []
    for f in range(n_fields):
        h = _histogram(random_pairs[:, f], sizes[f]) + 1.0
        if estimate_u and len(candidates):
            # Most candidates are non-matches, so their level shares are a better starting
            # u than random pairs, which agree far less often than blocked ones.
            h = _histogram(candidates[:, f], sizes[f]) + 1.0
        u.append(h / h.sum())
    m = [_prior_m(s) for s in sizes]
    if not len(candidates):
        lam = 0.5 if prior is None else prior
        return FellegiSunter(
            fields,
            tuple(tuple(x) for x in m),
            tuple(tuple(x) for x in u),
            lam,
        )
    # Collapse identical level vectors: EM then runs on at most a few thousand patterns.
    shifted = candidates.astype(np.int64) + 1
    radix = np.cumprod([1] + [s + 1 for s in sizes[:-1]])
    codes = shifted @ radix
    uniq, first, counts = np.unique(codes, return_index=True, return_counts=True)
    patterns = candidates[first]
    counts = counts.astype(float)
    lam = 0.1 if prior is None else prior
    # Start EM from a first M-step on pairs that agree strongly on most recorded fields.
    # Started from priors alone, EM on blocked pairs can settle on the largest structure in
    # the data instead ("namesakes with different dates" against "same year, other names"),
    # which is not the match/non-match split.
    top = np.zeros(len(patterns))
    present_n = np.zeros(len(patterns))
    for f in range(n_fields):
        col = patterns[:, f].astype(np.int64)
        present = col >= 0
        present_n += present
        top += present & (col >= sizes[f] - 2)
    seed_post = (top >= 0.8 * np.maximum(present_n, 1)).astype(float) * 0.98 + 0.01
    wm, wu = counts * seed_post, counts * (1 - seed_post)
    lam = float(wm.sum() / counts.sum()) if prior is None else prior
    for f in range(n_fields):
        hm = _histogram(patterns[:, f], sizes[f], wm) + 0.5
        m[f] = hm / hm.sum()
        if estimate_u:
            hu = _histogram(patterns[:, f], sizes[f], wu) + 0.5
            u[f] = hu / hu.sum()
    for _ in range(iterations):
        log_m = np.zeros(len(patterns))
        log_u = np.zeros(len(patterns))
        for f in range(n_fields):
            col = patterns[:, f].astype(np.int64)
            present = col >= 0
            log_m[present] += np.log(m[f][col[present]])
            log_u[present] += np.log(u[f][col[present]])
        a = np.log(lam) + log_m
        b = np.log1p(-lam) + log_u
        post = 1.0 / (1.0 + np.exp(np.clip(b - a, -700, 700)))
        wm = counts * post
        wu = counts * (1.0 - post)
        new_lam = float(wm.sum() / counts.sum())
        lam = min(max(new_lam, _EPS), 1 - _EPS)
        for f in range(n_fields):
            hm = _histogram(patterns[:, f], sizes[f], wm) + 0.5
            hu = _histogram(patterns[:, f], sizes[f], wu) + 0.5
            if estimate_u:
                u[f] = hu / hu.sum()
            m[f] = _monotone_m(hm / hm.sum(), u[f], hm + hu)
    del uniq
    return FellegiSunter(
        fields,
        tuple(tuple(float(v) for v in x) for x in m),
        tuple(tuple(float(v) for v in x) for x in u),
        lam,
    )


_REFERENCE_WEIGHT = 50.0


def _reference_u(n_levels: int) -> np.ndarray:
    # Random pairs mostly disagree: a tenth agree at some level, the closer the rarer.
    if n_levels == 2:
        return np.array([0.7, 0.3])
    rest = np.array([0.5 ** (k + 1) for k in range(n_levels - 1)])
    return np.concatenate([[0.9], 0.1 * rest / rest.sum()])


def fit_fixed_u(
    *,
    fields: tuple[FieldSpec, ...],
    candidates: np.ndarray,
    adjust: np.ndarray | None,
    random_pairs: np.ndarray,
    total_pairs: float,
    iterations: int = 40,
    term_frequencies: TermFrequencies | None = None,
) -> FellegiSunter:
    """Splink-style estimation: u from random pairs (held fixed), m and the population prior λ
    by EM on the candidate pairs.

    u measured on random pairs is the non-match distribution of the whole population, and with
    λ the share of matches among *all* pairs the posterior of a candidate is the same as if
    every pair had been scored (the pairs blocking left out are assumed non-matches).  EM that
    also re-estimates u on blocked pairs can explain namesakes as matches (they agree on names
    because blocking chose them); with u fixed it cannot.
    """
    n_fields = len(fields)
    sizes = [len(f.levels) for f in fields]
    total_pairs = max(float(total_pairs), 1.0)
    # In a small population, random pairs repeat the few pairs there are, matches included;
    # their evidence counts only as much as there are distinct pairs, the rest comes from a
    # reference u (what random pairs of a large population show).
    seen = min(float(len(random_pairs)), total_pairs)
    u = []
    for f in range(n_fields):
        h = _histogram(random_pairs[:, f], sizes[f])
        share = h / max(h.sum(), 1.0)
        ref = _reference_u(sizes[f])
        k = min(h.sum(), seen)
        blended = (share * k + ref * _REFERENCE_WEIGHT) / (k + _REFERENCE_WEIGHT)
        u.append(blended / blended.sum())
    m = [_prior_m(s) for s in sizes]
    if not len(candidates):
        return FellegiSunter(
            fields,
            tuple(tuple(float(v) for v in x) for x in m),
            tuple(tuple(float(v) for v in x) for x in u),
            min(0.5, 1.0 / total_pairs),
            term_frequencies,
        )
    fixed_all = (
        np.zeros(len(candidates)) if adjust is None else adjust.sum(axis=1, dtype=np.float64)
    )
    # EM runs over distinct (level pattern, frequency adjustment) rows with their counts: the
    # same sums as over every pair, at a fraction of the cost on large candidate sets.
    radix = np.cumprod([1] + [s + 1 for s in sizes[:-1]]).astype(np.int64)
    codes = (candidates.astype(np.int64) + 1) @ radix
    order = np.lexsort((fixed_all, codes))
    sc, sf = codes[order], fixed_all[order]
    start = np.ones(len(order), bool)
    start[1:] = (sc[1:] != sc[:-1]) | (sf[1:] != sf[:-1])
    first = order[start]
    counts = np.diff(np.append(np.nonzero(start)[0], len(order))).astype(np.float64)
    patterns = candidates[first]
    fixed = fixed_all[first]
    cols = [patterns[:, f].astype(np.int64) for f in range(n_fields)]
    present = [c >= 0 for c in cols]
    level_counts = [_histogram(patterns[:, f], sizes[f], counts) for f in range(n_fields)]
    # Start: about one match per candidate pair in a hundred, refined at once by EM.
    lam = min(0.5, 0.01 * len(candidates) / total_pairs)
    for _ in range(iterations):
        log_odds = np.log2(lam / (1 - lam)) + fixed
        for f in range(n_fields):
            w = np.log2(m[f] / u[f])
            log_odds[present[f]] += w[cols[f][present[f]]]
        post = counts / (1.0 + np.exp2(-np.clip(log_odds, -60, 60)))
        lam = float(min(max(post.sum() / total_pairs, 1e-12), 0.5))
        for f in range(n_fields):
            hm = _histogram(patterns[:, f], sizes[f], post) + 0.01 * post.sum() / sizes[f] + 1e-3
            # Levels ordered by agreement: m/u made monotone (see _monotone_m).
            m[f] = _monotone_m(hm / hm.sum(), u[f], hm + level_counts[f])
    return FellegiSunter(
        fields,
        tuple(tuple(float(v) for v in x) for x in m),
        tuple(tuple(float(v) for v in x) for x in u),
        lam,
        term_frequencies,
    )
