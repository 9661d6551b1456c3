"""Candidate pairs from several blocking keys.

Each record gets a handful of keys; two records become a candidate pair when they share any
key.  The keys are chosen so that each kind of corruption the generator and the field
produce (a typo in one name, swapped name order, a placeholder date, a missing date) leaves
at least one key intact.  Blocks larger than ``max_block`` are skipped for that key: a block
of 5,000 people called Mohammad born in 1998 costs 12.5 million comparisons and says little;
such records still meet their true matches through the other keys.  That cap is what keeps
work close to linear in the number of records.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .records import PreparedRecords

__all__ = ["candidate_pairs", "person_keys"]

DEFAULT_MAX_BLOCK = 250
# Keys made of names alone (no date) catch matches whose dates disagree, but for common names
# they pair mostly namesakes; a low cap keeps them for the rarer names, where they matter.
NAME_ONLY_MAX_BLOCK = 40
# Block pairs per record (counted per key, so a pair sharing three keys counts three times).
# Up to 100k synthetic records the caps alone give fewer (32 distinct pairs per record), so
# the budget binds only at larger scale: at 1M records 35 gives 34 million candidate pairs
# instead of 55 million with 60 (the blocks it drops are the largest, of common names).
MAX_PAIRS_PER_RECORD = 35.0


def _is_name_only(key: object) -> bool:
    if isinstance(key, bytes):
        return key[:2] in (b"n:", b"o:")
    return isinstance(key, str) and key[:2] in ("n:", "o:")


def _skeletons(prep: PreparedRecords, code: int) -> list[str]:
    if code < 0:
        return []
    sk = sorted(prep.names[code].skeletons, key=lambda s: (-len(s), s))
    return [s for s in sk[:2] if s]


def person_keys(prep: PreparedRecords, *, block_extras: Sequence[str] = ()) -> list[list[str]]:
    """Blocking keys of each prepared record (plain strings; encoded mode hashes them)."""
    extra_idx = [prep.extra_names.index(f) for f in block_extras]
    cache: dict[tuple[int, int, int], list[str]] = {}
    out: list[list[str]] = []
    for r in range(len(prep)):
        g, f, d = int(prep.given[r]), int(prep.family[r]), int(prep.dob[r])
        key = (g, f, d)
        keys = cache.get(key)
        if keys is None:
            keys = []
            gs, fs = _skeletons(prep, g), _skeletons(prep, f)
            date = prep.dates[d] if d >= 0 else None
            year = str(date.year) if date is not None else ""
            for a in gs:
                for b in fs:
                    # Sorted so that family-name-first registrations share the key.
                    keys.append("n:" + "|".join(sorted((a, b))))
            if year:
                keys += ["f:" + s + year for s in fs]
                keys += ["g:" + s + year for s in gs]
            if date is not None and date.complete:
                # Survives a typo in (or the loss of) both names, as long as the date is intact.
                keys.append("d:" + date.iso())
            if not gs and fs and not year:
                keys.append("o:" + fs[0])
            if not fs and gs and not year:
                keys.append("o:" + gs[0])
            cache[key] = keys
        row = list(keys)
        for k in extra_idx:
            code = int(prep.extra[k][r])
            if code >= 0:
                row.append(f"x{k}:{prep.extra_values[k][code]}")
        out.append(row)
    return out


def candidate_pairs(
    keys: Sequence[Sequence[object]],
    *,
    n_left: int | None = None,
    max_block: int = DEFAULT_MAX_BLOCK,
    name_only_max_block: int = NAME_ONLY_MAX_BLOCK,
    max_pairs_per_record: float | None = MAX_PAIRS_PER_RECORD,
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i < j) sharing a key.  With ``n_left``, only pairs across the two sides
    (i < n_left <= j) are kept: record linkage rather than deduplication.

    ``max_pairs_per_record`` bounds the block pairs (before removing pairs that share
    several keys) to that many per record, by lowering the block-size caps where needed."""
    key_ids: dict[object, int] = {}
    name_only: list[bool] = []
    rec: list[int] = []
    kid: list[int] = []
    for r, row in enumerate(keys):
        for k in set(row):
            rec.append(r)
            found = key_ids.get(k)
            if found is None:
                found = key_ids[k] = len(key_ids)
                name_only.append(_is_name_only(k))
            kid.append(found)
    if not rec:
        empty = np.empty(0, np.int64)
        return empty, empty
    rec_a = np.asarray(rec, np.int64)
    kid_a = np.asarray(kid, np.int64)
    order = np.argsort(kid_a, kind="stable")
    rec_a, kid_a = rec_a[order], kid_a[order]
    sizes = np.bincount(kid_a)
    cap = np.where(np.asarray(name_only, bool), min(name_only_max_block, max_block), max_block)
    ok = (sizes >= 2) & (sizes <= cap)
    if max_pairs_per_record is not None:
        # The caps bound each block, not how many blocks reach them: with ten times the
        # records, ten times as many blocks sit just under the cap and the pairs per record
        # grow.  Lower both caps together until the pairs stay within the budget.
        pair_count = sizes * (sizes - 1) / 2
        budget = max_pairs_per_record * len(keys)
        scale = 1.0
        while scale > 0.05 and float(pair_count[ok].sum()) > budget:
            scale *= 0.85
            ok = (sizes >= 2) & (sizes <= np.maximum(cap * scale, 2))
    if n_left is not None:
        # A block holding only one side cannot yield a cross pair.
        left_count = np.bincount(kid_a, weights=(rec_a < n_left), minlength=len(sizes))
        ok &= (left_count > 0) & (left_count < sizes)
    keep = ok[kid_a]
    rec_a, kid_a = rec_a[keep], kid_a[keep]
    if not len(rec_a):
        empty = np.empty(0, np.int64)
        return empty, empty
    n = len(keys)
    chunks: list[np.ndarray] = []
    # Entry positions within their block; at offset d only entries with d more block-mates
    # after them take part, so the work is the number of pairs, not entries x largest block.
    bounds = np.nonzero(np.diff(kid_a))[0] + 1
    starts = np.concatenate([[0], bounds])
    lengths = np.diff(np.append(starts, len(kid_a)))
    pos = np.arange(len(kid_a)) - np.repeat(starts, lengths)
    size_of = np.repeat(lengths, lengths)
    idx = np.nonzero(pos + 1 < size_of)[0]
    d = 1
    while len(idx):
        a = rec_a[idx]
        b = rec_a[idx + d]
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        if n_left is not None:
            cross = (lo < n_left) & (hi >= n_left)
            lo, hi = lo[cross], hi[cross]
        chunks.append(lo * n + hi)
        d += 1
        idx = idx[pos[idx] + d < size_of[idx]]
    if not chunks:
        empty = np.empty(0, np.int64)
        return empty, empty
    # Sort and drop repeats: far faster here than np.unique's hash path on tens of millions.
    pairs = np.concatenate(chunks)
    pairs.sort()
    if len(pairs):
        pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]
    return pairs // n, pairs % n
