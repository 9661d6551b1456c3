"""Field comparisons: graded agreement levels for pairs of prepared records."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .dates import DateArrays, PartialDate
from .jw import _codes, jaro_winkler_indexed, jaro_winkler_many
from .normalise import NameFeatures
from .records import PreparedRecords
from .tf import TermFrequencies

__all__ = [
    "TF_FIELDS",
    "FieldSpec",
    "FilteredNames",
    "NameLevel",
    "compare_pairs",
    "compare_pairs_tf",
    "field_specs",
    "jaro_winkler",
    "name_level",
    "string_level",
]


def jaro_winkler(a: str, b: str) -> float:
    """Jaro–Winkler similarity (prefix scale 0.1, prefix up to 4)."""
    if a == b:
        return 1.0 if a else 0.0
    la, lb = len(a), len(b)
    if not la or not lb:
        return 0.0
    if la > lb:
        a, b, la, lb = b, a, lb, la
    window = max(lb // 2 - 1, 0)
    b_used = [False] * lb
    a_match: list[str] = []
    for i, ch in enumerate(a):
        lo = max(0, i - window)
        hi = min(lb, i + window + 1)
        for j in range(lo, hi):
            if not b_used[j] and b[j] == ch:
                b_used[j] = True
                a_match.append(ch)
                break
    m = len(a_match)
    if not m:
        return 0.0
    b_match = [b[j] for j in range(lb) if b_used[j]]
    transpositions = sum(x != y for x, y in zip(a_match, b_match, strict=True)) // 2
    jaro = (m / la + m / lb + (m - transpositions) / m) / 3.0
    prefix = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * 0.1 * (1.0 - jaro)


class NameLevel:
    NONE = 0
    FUZZY = 1  # Jaro–Winkler >= 0.80 on the Latin form, or close skeletons
    CLOSE = 2  # Jaro–Winkler >= 0.92: a typing slip
    PHONETIC = 3  # same consonant skeleton: a different romanisation of the same name
    EXACT = 4


def name_level(a: NameFeatures, b: NameFeatures) -> int:
    if a.exact & b.exact:
        return NameLevel.EXACT
    if a.skeletons & b.skeletons:
        return NameLevel.PHONETIC
    jw = jaro_winkler(a.latin, b.latin) if a.latin and b.latin else 0.0
    if jw >= 0.92:
        return NameLevel.CLOSE
    if jw >= 0.80:
        return NameLevel.FUZZY
    for sa in a.skeletons:
        if len(sa) < 3:
            continue
        for sb in b.skeletons:
            if len(sb) >= 3 and jaro_winkler(sa, sb) >= 0.85:
                return NameLevel.FUZZY
    return NameLevel.NONE


def name_levels_many(pairs: Sequence[tuple[NameFeatures, NameFeatures]]) -> np.ndarray:
    """:func:`name_level` for many pairs, Jaro–Winkler vectorised (same results)."""
    out = np.zeros(len(pairs), np.int8)
    todo: list[int] = []
    for k, (a, b) in enumerate(pairs):
        if a.exact & b.exact:
            out[k] = NameLevel.EXACT
        elif a.skeletons & b.skeletons:
            out[k] = NameLevel.PHONETIC
        elif a.latin and b.latin:
            todo.append(k)
        else:
            out[k] = -2  # skeletons only
    if todo:
        jw = jaro_winkler_many([pairs[k][0].latin for k in todo], [pairs[k][1].latin for k in todo])
        idx = np.asarray(todo, np.int64)
        out[idx] = np.where(jw >= 0.92, NameLevel.CLOSE, np.where(jw >= 0.80, NameLevel.FUZZY, -2))
    rest = np.nonzero(out == -2)[0].tolist()
    out[out == -2] = NameLevel.NONE
    owner: list[int] = []
    xs: list[str] = []
    ys: list[str] = []
    for k in rest:
        a, b = pairs[k]
        for sa in a.skeletons:
            if len(sa) < 3:
                continue
            for sb in b.skeletons:
                if len(sb) >= 3:
                    owner.append(k)
                    xs.append(sa)
                    ys.append(sb)
    if owner:
        hit = jaro_winkler_many(xs, ys) >= 0.85
        out[np.asarray(owner, np.int64)[hit]] = NameLevel.FUZZY
    return out


class _NameArrays:
    """Per-name arrays of a tuple of :class:`NameFeatures` (padded ids of exact forms and
    skeletons, Latin forms and skeletons as code matrices) for comparisons without Python
    loops over value pairs.  Skeleton ids follow the skeletons' sorted order."""

    def __init__(self, names: Sequence[NameFeatures]) -> None:
        n = len(names)
        skel_strings = sorted({s for nf in names for s in nf.skeletons})
        skel_id = {s: k for k, s in enumerate(skel_strings)}
        exact_id: dict[str, int] = {}
        k_sk = max((len(nf.skeletons) for nf in names), default=0)
        k_ex = max((len(nf.exact) for nf in names), default=0)
        self.sk = np.full((n, max(k_sk, 1)), -1, np.int64)
        self.ex = np.full((n, max(k_ex, 1)), -1, np.int64)
        for r, nf in enumerate(names):
            for c, s in enumerate(nf.skeletons):
                self.sk[r, c] = skel_id[s]
            for c, s in enumerate(nf.exact):
                self.ex[r, c] = exact_id.setdefault(s, len(exact_id))
        self.skel_strings = skel_strings
        latin = [nf.latin for nf in names]
        self.latin_len = np.fromiter((len(s) for s in latin), np.int64, n)
        self.latin_codes = _codes(latin, int(self.latin_len.max(initial=0)), -1)
        self.skel_len = np.fromiter((len(s) for s in skel_strings), np.int64, len(skel_strings))
        self.skel_codes = _codes(skel_strings, int(self.skel_len.max(initial=0)), -1)
        self.latin_bag = _bag(self.latin_codes)
        self.skel_bag = _bag(self.skel_codes)
        self.tf_rank: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    def shared(self, mat: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        out = np.zeros(len(x), bool)
        for p in range(mat.shape[1]):
            ap = mat[x, p]
            if not (ap >= 0).any():
                continue
            for q in range(mat.shape[1]):
                out |= (ap == mat[y, q]) & (ap >= 0)
        return out

    def levels(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """:func:`name_level` of names ``x[k]`` and ``y[k]`` (codes), vectorised."""
        out = np.zeros(len(x), np.int8)
        exact = self.shared(self.ex, x, y)
        phon = ~exact & self.shared(self.sk, x, y)
        out[exact] = NameLevel.EXACT
        out[phon] = NameLevel.PHONETIC
        rest = ~exact & ~phon
        lat = np.nonzero(rest & (self.latin_len[x] > 0) & (self.latin_len[y] > 0))[0]
        if len(lat):
            lat = lat[_jw_may_reach(self.latin_bag, self.latin_len, x[lat], y[lat], 0.80)]
            jw = jaro_winkler_indexed(self.latin_codes, self.latin_len, x[lat], y[lat])
            out[lat] = np.where(
                jw >= 0.92, NameLevel.CLOSE, np.where(jw >= 0.80, NameLevel.FUZZY, 0)
            )
        todo = np.nonzero(rest & (out == 0))[0]
        if len(todo):
            owner: list[np.ndarray] = []
            xs: list[np.ndarray] = []
            ys: list[np.ndarray] = []
            tx, ty = x[todo], y[todo]
            width = self.sk.shape[1]
            for p in range(width):
                sa = self.sk[tx, p]
                ok_a = (sa >= 0) & (self.skel_len[np.maximum(sa, 0)] >= 3)
                if not ok_a.any():
                    continue
                for q in range(width):
                    sb = self.sk[ty, q]
                    ok = ok_a & (sb >= 0) & (self.skel_len[np.maximum(sb, 0)] >= 3)
                    sel = np.nonzero(ok)[0]
                    owner.append(todo[sel])
                    xs.append(sa[sel])
                    ys.append(sb[sel])
            if owner:
                own = np.concatenate(owner)
                sx, sy = np.concatenate(xs), np.concatenate(ys)
                may = _jw_may_reach(self.skel_bag, self.skel_len, sx, sy, 0.85)
                own, sx, sy = own[may], sx[may], sy[may]
                jw = jaro_winkler_indexed(self.skel_codes, self.skel_len, sx, sy)
                out[own[jw >= 0.85]] = NameLevel.FUZZY
        return out


class FilteredNames(tuple):  # type: ignore[type-arg]
    """Names of encoded registrations (see :mod:`.encoded`): each :class:`NameFeatures` holds
    keyed tokens instead of its exact forms and skeletons (no Latin form), and the bigram
    Bloom filters of its Latin form and skeletons are rows of ``latin`` and ``skeleton``
    (bit matrices with their popcounts).  Shared tokens give the exact and phonetic levels
    exactly as in plain mode; the Dice coefficient of the filters stands in for
    Jaro–Winkler on the typing-slip and similar levels."""

    latin: tuple[np.ndarray, np.ndarray]
    skeleton: tuple[np.ndarray, np.ndarray]

    def __new__(
        cls,
        names: Sequence[NameFeatures],
        latin: tuple[np.ndarray, np.ndarray],
        skeleton: tuple[np.ndarray, np.ndarray],
    ) -> FilteredNames:
        self = super().__new__(cls, names)
        self.latin = latin
        self.skeleton = skeleton
        return self


# Dice of bigram filters standing in for Jaro–Winkler >= 0.92 and >= 0.80 on the Latin form,
# and >= 0.85 on skeletons: one substituted letter in a seven-letter name leaves 6 of 8
# padded bigrams, Dice 0.75.
FILTER_CLOSE_DICE = 0.75
FILTER_FUZZY_DICE = 0.5
FILTER_SKELETON_FUZZY_DICE = 0.6


def bit_matrix(filters: Sequence[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """Bloom filters as rows of a byte matrix (shorter ones zero-padded) and their popcounts."""
    width = max((len(f) for f in filters), default=0) or 1
    buf = b"".join(f.ljust(width, b"\0") for f in filters)
    words = np.frombuffer(buf, dtype=np.uint8).reshape(len(filters), width)
    return words, np.bitwise_count(words).sum(axis=1, dtype=np.int64)


def filter_dice(words: np.ndarray, counts: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Dice coefficient of rows ``x[k]`` and ``y[k]`` of a bit matrix (0 where both empty)."""
    out = np.zeros(len(x), np.float64)
    step = 200_000
    for s in range(0, len(x), step):
        a, b = x[s : s + step], y[s : s + step]
        common = np.bitwise_count(words[a] & words[b]).sum(axis=1, dtype=np.int64)
        total = counts[a] + counts[b]
        out[s : s + step] = np.where(total > 0, 2.0 * common / np.maximum(total, 1), 0.0)
    return out


class _FilteredNameArrays(_NameArrays):
    def __init__(self, names: FilteredNames) -> None:
        super().__init__(names)
        self.latin_filters = names.latin
        self.skeleton_filters = names.skeleton

    def levels(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        out = np.zeros(len(x), np.int8)
        exact = self.shared(self.ex, x, y)
        phon = ~exact & self.shared(self.sk, x, y)
        out[exact] = NameLevel.EXACT
        out[phon] = NameLevel.PHONETIC
        words, counts = self.latin_filters
        lat = np.nonzero(~exact & ~phon & (counts[x] > 0) & (counts[y] > 0))[0]
        if len(lat):
            d = filter_dice(words, counts, x[lat], y[lat])
            out[lat] = np.where(
                d >= FILTER_CLOSE_DICE,
                NameLevel.CLOSE,
                np.where(d >= FILTER_FUZZY_DICE, NameLevel.FUZZY, 0),
            )
        todo = np.nonzero(~exact & ~phon & (out == 0))[0]
        if len(todo):
            words, counts = self.skeleton_filters
            d = filter_dice(words, counts, x[todo], y[todo])
            out[todo[d >= FILTER_SKELETON_FUZZY_DICE]] = NameLevel.FUZZY
        return out


_BAG_WIDTH = 32


def _bag(codes: np.ndarray) -> np.ndarray:
    """Character counts of each row of a padded code matrix, in ``_BAG_WIDTH`` buckets."""
    out = np.zeros((codes.shape[0], _BAG_WIDTH), np.int8)
    rows, cols = np.nonzero(codes >= 0)
    np.add.at(out, (rows, codes[rows, cols] % _BAG_WIDTH), 1)
    return out


def _jw_may_reach(
    bag: np.ndarray, lengths: np.ndarray, x: np.ndarray, y: np.ndarray, threshold: float
) -> np.ndarray:
    """Pairs whose Jaro–Winkler can reach ``threshold``: the matched characters are at most
    the shared character counts (bucketed, so still an upper bound), transpositions and
    prefix taken at their best."""
    keep = np.zeros(len(x), bool)
    step = 1_000_000
    for start in range(0, len(x), step):
        xs, ys = x[start : start + step], y[start : start + step]
        m = np.minimum(bag[xs], bag[ys]).sum(axis=1, dtype=np.int64).astype(np.float64)
        lx, ly = lengths[xs], lengths[ys]
        jaro = np.where(m > 0, (m / np.maximum(lx, 1) + m / np.maximum(ly, 1) + 1.0) / 3.0, 0.0)
        keep[start : start + step] = jaro + 0.4 * (1.0 - jaro) >= threshold - 1e-9
    return keep


_ARRAYS: dict[int, tuple[Sequence[NameFeatures], _NameArrays]] = {}


def _name_arrays(names: Sequence[NameFeatures]) -> _NameArrays:
    found = _ARRAYS.get(id(names))
    if found is not None and found[0] is names:
        return found[1]
    arrays = _FilteredNameArrays(names) if isinstance(names, FilteredNames) else _NameArrays(names)
    if len(_ARRAYS) >= 4:
        _ARRAYS.pop(next(iter(_ARRAYS)))
    _ARRAYS[id(names)] = (names, arrays)
    return arrays


class _PairMemo:
    """Name levels by pair key (``lo * len(names) + hi``), as sorted arrays."""

    def __init__(self) -> None:
        self.keys = np.zeros(0, np.int64)
        self.values = np.zeros(0, np.int8)

    def get(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if not len(self.keys):
            return np.zeros(len(keys), bool), np.zeros(len(keys), np.int8)
        pos = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        return self.keys[pos] == keys, self.values[pos]

    def add(self, keys: np.ndarray, values: np.ndarray) -> None:
        k = np.concatenate([self.keys, keys])
        v = np.concatenate([self.values, values])
        order = np.argsort(k, kind="stable")
        self.keys, self.values = k[order], v[order]


def _name_levels_keys(
    names: Sequence[NameFeatures], keys: np.ndarray, memo: _PairMemo | None
) -> np.ndarray:
    """Name levels of distinct sorted pair keys, memoised."""
    size = max(len(names), 1)
    if memo is None:
        return _name_arrays(names).levels(keys // size, keys % size)
    found, lv = memo.get(keys)
    miss = np.nonzero(~found)[0]
    if len(miss):
        got = _name_arrays(names).levels(keys[miss] // size, keys[miss] % size)
        lv = lv.copy()
        lv[miss] = got
        memo.add(keys[miss], got)
    return lv


def string_levels_many(pairs: Sequence[tuple[str, str]]) -> np.ndarray:
    """:func:`string_level` for many pairs, vectorised."""
    if not pairs:
        return np.zeros(0, np.int8)
    jw = jaro_winkler_many([a for a, _ in pairs], [b for _, b in pairs])
    eq = np.fromiter((a == b for a, b in pairs), bool, len(pairs))
    return np.where(eq, 3, np.where(jw >= 0.92, 2, np.where(jw >= 0.80, 1, 0))).astype(np.int8)


_BATCH = {}  # scalar level function -> its vectorised form, filled below


def string_level(a: str, b: str) -> int:
    if a == b:
        return 3
    jw = jaro_winkler(a, b)
    if jw >= 0.92:
        return 2
    if jw >= 0.80:
        return 1
    return 0


_BATCH[name_level] = name_levels_many
_BATCH[string_level] = string_levels_many


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    levels: tuple[str, ...]
    """Names of the agreement levels, weakest (0) first."""


_NAME_LEVELS = ("different", "similar", "typo", "same pronunciation", "same")
_DATE_LEVELS = ("different", "close", "compatible", "one slip", "same")
_EQ_LEVELS = ("different", "same")
_STR_LEVELS = ("different", "similar", "typo", "same")


def field_specs(extra_fields: Sequence[str] = ()) -> tuple[FieldSpec, ...]:
    base = [
        FieldSpec("given_name", _NAME_LEVELS),
        FieldSpec("family_name", _NAME_LEVELS),
        FieldSpec("date_of_birth", _DATE_LEVELS),
        FieldSpec("sex", _EQ_LEVELS),
        FieldSpec("nationality", _EQ_LEVELS),
        FieldSpec("place_of_birth", _NAME_LEVELS),
    ]
    base += [FieldSpec(name, _STR_LEVELS) for name in extra_fields]
    return tuple(base)


def _coded_levels(
    ca: np.ndarray,
    cb: np.ndarray,
    values: Sequence[object],
    fn: Callable[[object, object], int],
    memo: _PairMemo | None = None,
) -> np.ndarray:
    """Levels for code pairs, computing ``fn`` once per distinct unordered pair of values
    (name levels: vectorised, and with ``memo`` once per call across fields)."""
    out = np.full(len(ca), -1, np.int8)
    mask = (ca >= 0) & (cb >= 0)
    if not mask.any():
        return out
    a = ca[mask].astype(np.int64)
    b = cb[mask].astype(np.int64)
    lo = np.minimum(a, b)
    hi = np.maximum(a, b)
    size = max(len(values), 1)
    keys, inverse = np.unique(lo * size + hi, return_inverse=True)
    if fn is name_level:
        lv = _name_levels_keys(values, keys, memo)  # type: ignore[arg-type]
    else:
        batch = _BATCH.get(fn)
        pairs = [divmod(key, size) for key in keys.tolist()]
        if batch is not None:
            got = batch([(values[x], values[y]) for x, y in pairs]).tolist()
        else:
            got = [fn(values[x], values[y]) for x, y in pairs]
        lv = np.asarray(got, np.int8)
    out[mask] = lv[inverse]
    return out


def compare_pairs(
    prep: PreparedRecords,
    i: np.ndarray,
    j: np.ndarray,
    name_memo: _PairMemo | None = None,
) -> np.ndarray:
    """Level matrix (pairs x fields, int8, -1 = missing) in :func:`field_specs` order.

    ``name_memo`` caches name levels by distinct pair of name codes across calls."""
    if name_memo is None:
        name_memo = _PairMemo()
    n_fields = 6 + len(prep.extra)
    out = np.full((len(i), n_fields), -1, np.int8)
    if not len(i):
        return out
    given_level, family_level = _oriented_name_levels(prep, i, j, name_memo)[:2]
    out[:, 0] = given_level
    out[:, 1] = family_level
    _other_levels(prep, i, j, out, name_memo, place=True)
    return out


def _oriented_name_levels(
    prep: PreparedRecords,
    i: np.ndarray,
    j: np.ndarray,
    memo: _PairMemo,
    tf: TermFrequencies | None = None,
) -> tuple[np.ndarray, ...]:
    """Given- and family-name levels, read the other way round where the family name was
    written first; with ``tf`` also their frequency adjustments and shared-skeleton ids
    (each distinct pair of names is found once per column pair, the costly step at scale)."""
    names = prep.names

    def column(ca: np.ndarray, cb: np.ndarray, k: int) -> tuple[np.ndarray, ...]:
        if tf is None:
            return (_coded_levels(ca, cb, names, name_level, memo),)  # type: ignore[arg-type]
        return _name_tf_levels(ca, cb, names, tf.names[k], tf.name_norms[k], tf.floor(), memo)

    gg = column(prep.given[i], prep.given[j], 0)
    ff = column(prep.family[i], prep.family[j], 1)
    g = [x.copy() for x in gg]
    f = [x.copy() for x in ff]
    direct = np.maximum(gg[0], 0).astype(np.int16) + np.maximum(ff[0], 0)
    # Only pairs that are not already a perfect direct match can gain from reading the names
    # the other way round (family name written first).
    todo = np.nonzero(direct < 2 * NameLevel.EXACT)[0]
    if len(todo) and len(names):
        # Without a shared form or skeleton, each crossed name is at most a "typo" (2), so
        # the crossed reading can beat the direct one by two levels only where the direct
        # one is weak (<= 2) or a crossed pair shares one: a sound filter, and at a million
        # records most candidate pairs fail it, saving two of the five name comparisons.
        arrays = _name_arrays(names)
        it, jt = i[todo], j[todo]
        cross = _share_form(arrays, prep.given[it], prep.family[jt])
        cross |= _share_form(arrays, prep.family[it], prep.given[jt])
        todo = todo[cross | (direct[todo] <= 2 * NameLevel.FUZZY)]
    if len(todo):
        it, jt = i[todo], j[todo]
        # The frequency table is that of record i's field.
        gf = column(prep.given[it], prep.family[jt], 0)
        fg = column(prep.family[it], prep.given[jt], 1)
        swapped = (np.maximum(gf[0], 0).astype(np.int16) + np.maximum(fg[0], 0)) > direct[todo] + 1
        sw = todo[swapped]
        for k in range(len(g)):
            g[k][sw] = gf[k][swapped]
            f[k][sw] = fg[k][swapped]
    return (g[0], f[0], *g[1:], *f[1:])


def _share_form(arrays: _NameArrays, ca: np.ndarray, cb: np.ndarray) -> np.ndarray:
    """Whether names ``ca[k]`` and ``cb[k]`` (codes, -1 missing) share a form or skeleton."""
    out = np.zeros(len(ca), bool)
    k = np.nonzero((ca >= 0) & (cb >= 0))[0]
    if len(k):
        x, y = ca[k].astype(np.int64), cb[k].astype(np.int64)
        out[k] = arrays.shared(arrays.sk, x, y) | arrays.shared(arrays.ex, x, y)
    return out


def _other_levels(
    prep: PreparedRecords,
    i: np.ndarray,
    j: np.ndarray,
    out: np.ndarray,
    memo: _PairMemo,
    *,
    place: bool,
) -> None:
    """Columns 2 onwards of the level matrix (place of birth only with ``place``)."""
    if prep.compare_date is None:
        out[:, 2] = _date_levels(prep.dates, prep.dob[i], prep.dob[j])  # type: ignore[arg-type]
    else:
        out[:, 2] = _coded_levels(prep.dob[i], prep.dob[j], prep.dates, prep.compare_date)
    si, sj = prep.sex[i], prep.sex[j]
    out[:, 3] = np.where((si >= 0) & (sj >= 0), (si == sj).astype(np.int8), -1)
    ni, nj = prep.nationality[i], prep.nationality[j]
    out[:, 4] = np.where((ni >= 0) & (nj >= 0), (ni == nj).astype(np.int8), -1)
    if place:
        out[:, 5] = _coded_levels(prep.place[i], prep.place[j], prep.names, name_level, memo)  # type: ignore[arg-type]
    for k, codes in enumerate(prep.extra):
        out[:, 6 + k] = _coded_levels(
            codes[i],
            codes[j],
            prep.extra_values[k],
            prep.compare_extra or string_level,  # type: ignore[arg-type]
        )


_DATE_ARRAYS: dict[int, tuple[tuple[PartialDate, ...], DateArrays]] = {}


def _date_levels(dates: tuple[PartialDate, ...], ca: np.ndarray, cb: np.ndarray) -> np.ndarray:
    """:func:`~.dates.compare_dates` of date codes, -1 where either is missing; vectorised
    over the pairs themselves (at a million records, most candidate pairs have a distinct
    pair of dates, so there is little to gain from comparing distinct pairs once)."""
    out = np.full(len(ca), -1, np.int8)
    found = _DATE_ARRAYS.get(id(dates))
    if found is None or found[0] is not dates:
        _DATE_ARRAYS.clear()
        found = _DATE_ARRAYS[id(dates)] = (dates, DateArrays(dates))
    arrays = found[1]
    k = np.nonzero((ca >= 0) & (cb >= 0))[0]
    step = 4_000_000
    for s in range(0, len(k), step):
        part = k[s : s + step]
        out[part] = arrays.levels(ca[part].astype(np.int64), cb[part].astype(np.int64))
    return out


# Fields (in field_specs order) whose agreement is weighed by value frequency.
TF_FIELDS = (0, 1, 3, 4, 5)
_MIN_TF_LEVEL = NameLevel.PHONETIC


def _name_tf_levels(
    ca: np.ndarray,
    cb: np.ndarray,
    names: Sequence[NameFeatures],
    table: dict[str, float],
    norm: float,
    floor: float,
    memo: _PairMemo | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Levels, frequency adjustment (bits) and shared-skeleton id (into the name arrays'
    ``skel_strings``) for name code pairs.

    Each distinct pair of values is compared once.  Where the names agree at least in
    pronunciation, the shared skeleton is the most frequent one they have in common (the
    conservative reading of an ambiguous name; among equally frequent ones the last in
    sorted order), else the most frequent of either."""
    n = len(ca)
    level = np.full(n, -1, np.int8)
    adjust = np.zeros(n, np.float32)
    skel = np.full(n, -1, np.int32)
    mask = (ca >= 0) & (cb >= 0)
    if not mask.any():
        return level, adjust, skel
    a = ca[mask].astype(np.int64)
    b = cb[mask].astype(np.int64)
    size = max(len(names), 1)
    keys, inverse = np.unique(np.minimum(a, b) * size + np.maximum(a, b), return_inverse=True)
    lv = _name_levels_keys(names, keys, memo)
    arrays = _name_arrays(names)
    rank_key = id(table)
    cached = arrays.tf_rank.get(rank_key)
    if cached is None or cached[2] is not table:  # type: ignore[comparison-overlap]
        tfv = np.fromiter(
            (table.get(sk, 0.0) for sk in arrays.skel_strings), np.float64, len(arrays.skel_strings)
        )
        order = np.lexsort((np.arange(len(tfv)), tfv))
        rank = np.empty(len(tfv), np.int64)
        rank[order] = np.arange(len(tfv))
        arrays.tf_rank[rank_key] = (tfv, rank, table)  # type: ignore[assignment]
        by_rank = order
    else:
        tfv, rank = cached[0], cached[1]
        by_rank = np.argsort(rank)
    adj = np.zeros(len(keys), np.float32)
    sk = np.full(len(keys), -1, np.int32)
    sel = np.nonzero(lv >= _MIN_TF_LEVEL)[0]
    if len(sel) and len(tfv):
        x, y = keys[sel] // size, keys[sel] % size
        mat = arrays.sk
        best = np.full(len(sel), -1, np.int64)
        for p in range(mat.shape[1]):
            ap = mat[x, p]
            rp = np.where(ap >= 0, rank[np.maximum(ap, 0)], -1)
            for q in range(mat.shape[1]):
                best = np.maximum(best, np.where(ap == mat[y, q], rp, -1))
        none = np.nonzero(best < 0)[0]
        if len(none):
            union = np.full(len(none), -1, np.int64)
            for side in (x[none], y[none]):
                for p in range(mat.shape[1]):
                    sp = mat[side, p]
                    union = np.maximum(union, np.where(sp >= 0, rank[np.maximum(sp, 0)], -1))
            best[none] = union
        ok = best >= 0
        sid = by_rank[best[ok]]
        tf = np.maximum(tfv[sid], floor)
        adj[sel[ok]] = np.log2(norm / tf)
        sk[sel[ok]] = sid
    level[mask] = lv[inverse]
    adjust[mask] = adj[inverse]
    skel[mask] = sk[inverse]
    return level, adjust, skel


def compare_pairs_tf(
    prep: PreparedRecords, i: np.ndarray, j: np.ndarray, tf: TermFrequencies
) -> tuple[np.ndarray, np.ndarray]:
    """Level matrix as :func:`compare_pairs`, and a float matrix of term-frequency
    adjustments in bits (non-zero only where a field agrees on a value, see :mod:`.tf`)."""
    n_fields = 6 + len(prep.extra)
    memo = _PairMemo()
    levels = np.full((len(i), n_fields), -1, np.int8)
    adjust = np.zeros((len(i), n_fields), np.float32)
    if not len(i):
        return levels, adjust
    names = prep.names
    floor = tf.floor()
    g_lv, f_lv, g_adj, g_sk, f_adj, f_sk = _oriented_name_levels(prep, i, j, memo, tf)
    levels[:, 0], levels[:, 1] = g_lv, f_lv
    adjust[:, 0], adjust[:, 1] = g_adj, f_adj
    p_lv, p_adj, _ = _name_tf_levels(
        prep.place[i], prep.place[j], names, tf.names[2], tf.name_norms[2], floor, memo
    )
    levels[:, 5], adjust[:, 5] = p_lv, p_adj
    _other_levels(prep, i, j, levels, memo, place=False)
    words = _name_arrays(names).skel_strings if names else []

    # Nationality: frequency among bearers of the shared family (else given) name.
    nat_agree = np.nonzero(levels[:, 4] == 1)[0]
    if len(nat_agree):
        cond = np.where(f_sk[nat_agree] >= 0, f_sk[nat_agree], g_sk[nat_agree])
        nat = prep.nationality[i[nat_agree]].astype(np.int64)
        combo, inv = np.unique(
            (cond.astype(np.int64) + 1) * (len(prep.nationalities) + 1) + nat, return_inverse=True
        )
        vals = np.empty(len(combo), np.float32)
        for k, key in enumerate(combo.tolist()):
            c, v = divmod(key, len(prep.nationalities) + 1)
            value = prep.nationalities[v]
            by = tf.nationality_by_name.get(words[c - 1]) if c > 0 else None
            share = (by or tf.nationality).get(value, 0.0)
            vals[k] = np.log2(tf.nationality_norm / max(share, floor))
        adjust[nat_agree, 4] = vals[inv]
    # Sex: frequency among bearers of the shared given name.
    sex_agree = np.nonzero(levels[:, 3] == 1)[0]
    if len(sex_agree):
        cond = g_sk[sex_agree].astype(np.int64)
        sx = prep.sex[i[sex_agree]].astype(np.int64)
        combo, inv = np.unique((cond + 1) * 4 + sx, return_inverse=True)
        vals = np.empty(len(combo), np.float32)
        for k, key in enumerate(combo.tolist()):
            c, v = divmod(key, 4)
            by = tf.sex_by_given.get(words[c - 1]) if c > 0 else None
            share = (by or tf.sex).get(v, 0.0)
            vals[k] = np.log2(tf.sex_norm / max(share, floor))
        adjust[sex_agree, 3] = vals[inv]
    return levels, adjust
