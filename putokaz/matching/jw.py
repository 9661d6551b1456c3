"""Jaro–Winkler similarity over many string pairs at once, with numpy.

Same definition as :func:`putokaz.matching.compare.jaro_winkler` (greedy matching within the
window, transpositions halved, prefix scale 0.1 up to 4 characters), computed for a batch of
pairs: the greedy match runs one position of the shorter string at a time, across all pairs.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["jaro_winkler_indexed", "jaro_winkler_many"]

_BATCH_CELLS = 4_000_000  # pairs x width x width booleans per batch


def _codes(strings: Sequence[str], width: int, pad: int) -> np.ndarray:
    out = np.full((len(strings), width), pad, np.int32)
    lengths = np.fromiter((len(s) for s in strings), np.int64, len(strings))
    total = int(lengths.sum())
    if not total:
        return out
    buf = np.frombuffer("".join(strings).encode("utf-32-le"), np.int32)
    rows = np.repeat(np.arange(len(strings)), lengths)
    starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
    out[rows, np.arange(total) - starts] = buf
    return out


def jaro_winkler_many(left: Sequence[str], right: Sequence[str]) -> np.ndarray:
    """Jaro–Winkler similarity of ``left[k]`` and ``right[k]`` for every k (float64)."""
    n = len(left)
    out = np.zeros(n, np.float64)
    if not n:
        return out
    la_all = np.fromiter((len(s) for s in left), np.int64, n)
    lb_all = np.fromiter((len(s) for s in right), np.int64, n)
    # Shorter string first, as the scalar version does.
    swap = la_all > lb_all
    a_str = [right[k] if swap[k] else left[k] for k in range(n)]
    b_str = [left[k] if swap[k] else right[k] for k in range(n)]
    la_all, lb_all = np.minimum(la_all, lb_all), np.maximum(la_all, lb_all)
    width = int(lb_all.max()) if n else 0
    if width == 0:
        return out
    a_codes = _codes(a_str, width, -1)
    b_codes = _codes(b_str, width, -2)
    out[:] = _jw_rows(a_codes, b_codes, la_all, lb_all)
    # Identical strings: 1.0 (0.0 for two empty strings), as in the scalar version.
    eq = np.fromiter((x == y for x, y in zip(left, right, strict=True)), bool, n)
    out[eq & (la_all > 0)] = 1.0
    return out


def jaro_winkler_indexed(
    codes: np.ndarray, lengths: np.ndarray, x: np.ndarray, y: np.ndarray
) -> np.ndarray:
    """Jaro–Winkler of strings ``x[k]`` and ``y[k]`` of a table of strings given as a padded
    code matrix (one row per string, padding -1) and their lengths; same values as
    :func:`jaro_winkler_many`, without building strings."""
    n = len(x)
    if not n:
        return np.zeros(0, np.float64)
    lx, ly = lengths[x], lengths[y]
    swap = lx > ly
    sa = np.where(swap, y, x)
    sb = np.where(swap, x, y)
    la, lb = np.minimum(lx, ly), np.maximum(lx, ly)
    width = int(lb.max())
    if width == 0:
        return np.zeros(n, np.float64)
    out = np.empty(n, np.float64)
    step = max(1, _BATCH_CELLS // (width * width))
    for start in range(0, n, step):
        stop = min(n, start + step)
        a = codes[sa[start:stop], :width]
        b = codes[sb[start:stop], :width]
        out[start:stop] = _jw_rows(a, np.where(b < 0, -2, b), la[start:stop], lb[start:stop])
        eq = (la[start:stop] == lb[start:stop]) & (a == b).all(axis=1) & (la[start:stop] > 0)
        out[start:stop][eq] = 1.0
    return out


def _jw_rows(
    a_all: np.ndarray, b_all: np.ndarray, la_all: np.ndarray, lb_all: np.ndarray
) -> np.ndarray:
    """Jaro–Winkler per row of padded code matrices (a the shorter string, a padded with -1
    and b with -2)."""
    n, width = a_all.shape
    out = np.zeros(n, np.float64)
    if not n or not width:
        return out
    batch = max(1, _BATCH_CELLS // (width * width))
    pos = np.arange(width)
    for start in range(0, n, batch):
        stop = min(n, start + batch)
        la, lb = la_all[start:stop], lb_all[start:stop]
        a = a_all[start:stop]
        b = b_all[start:stop]
        m_rows = stop - start
        window = np.maximum(lb // 2 - 1, 0)
        used = np.zeros((m_rows, width), bool)
        a_matched = np.zeros((m_rows, width), bool)
        rows = np.arange(m_rows)
        for i in range(width):
            active = i < la
            if not active.any():
                break
            lo = np.maximum(0, i - window)
            hi = np.minimum(lb, i + window + 1)
            cand = (
                (b == a[:, i : i + 1])
                & ~used
                & (pos[None, :] >= lo[:, None])
                & (pos[None, :] < hi[:, None])
                & active[:, None]
            )
            has = cand.any(axis=1)
            j = cand.argmax(axis=1)
            used[rows[has], j[has]] = True
            a_matched[has, i] = True
        m = a_matched.sum(axis=1)
        # k-th matched character of each side, in order.
        order_a = np.argsort(~a_matched, axis=1, kind="stable")
        order_b = np.argsort(~used, axis=1, kind="stable")
        ca = np.take_along_axis(a, order_a, axis=1)
        cb = np.take_along_axis(b, order_b, axis=1)
        valid = pos[None, :] < m[:, None]
        trans = ((ca != cb) & valid).sum(axis=1) // 2
        mf = np.maximum(m, 1).astype(np.float64)
        jaro = np.where(
            m > 0,
            (m / np.maximum(la, 1) + m / np.maximum(lb, 1) + (m - trans) / mf) / 3.0,
            0.0,
        )
        p4 = min(4, width)
        same = (a[:, :p4] == b[:, :p4]) & (pos[None, :p4] < la[:, None])
        prefix = np.cumprod(same, axis=1).sum(axis=1)
        jw = jaro + prefix * 0.1 * (1.0 - jaro)
        jw = np.where((la == 0) | (lb == 0), 0.0, jw)
        out[start:stop] = jw
    return out
