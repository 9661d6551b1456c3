"""Field comparisons: graded agreement levels for pairs of prepared records."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .dates import compare_dates
from .jw import jaro_winkler_many
from .normalise import NameFeatures
from .records import PreparedRecords
from .tf import TermFrequencies

__all__ = [
    "TF_FIELDS",
    "FieldSpec",
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
    memo: dict[int, int] | None = None,
) -> np.ndarray:
    """Levels for code pairs, computing ``fn`` once per distinct unordered pair of values
    (and, with ``memo``, once per call across fields: keys are ``lo * len(values) + hi``)."""
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
    if memo is None:
        memo = {}
    get = memo.get
    key_list = keys.tolist()
    lv = [get(key) for key in key_list]
    missing = [k for k, v in enumerate(lv) if v is None]
    if missing:
        batch = _BATCH.get(fn)
        pairs = [divmod(key_list[k], size) for k in missing]
        if batch is not None:
            got = batch([(values[x], values[y]) for x, y in pairs]).tolist()
        else:
            got = [fn(values[x], values[y]) for x, y in pairs]
        for k, v in zip(missing, got, strict=True):
            lv[k] = memo[key_list[k]] = v
    out[mask] = np.asarray(lv, np.int8)[inverse]
    return out


def compare_pairs(
    prep: PreparedRecords,
    i: np.ndarray,
    j: np.ndarray,
    name_memo: dict[int, int] | None = None,
) -> np.ndarray:
    """Level matrix (pairs x fields, int8, -1 = missing) in :func:`field_specs` order.

    ``name_memo`` caches name levels by distinct pair of name codes across calls."""
    if name_memo is None:
        name_memo = {}
    n_fields = 6 + len(prep.extra)
    out = np.full((len(i), n_fields), -1, np.int8)
    if not len(i):
        return out
    names = prep.names
    gg = _coded_levels(prep.given[i], prep.given[j], names, name_level, name_memo)  # type: ignore[arg-type]
    ff = _coded_levels(prep.family[i], prep.family[j], names, name_level, name_memo)  # type: ignore[arg-type]
    direct = np.maximum(gg, 0).astype(np.int16) + np.maximum(ff, 0)
    # Only pairs that are not already a perfect direct match can gain from reading the names
    # the other way round (family name written first).
    todo = np.nonzero(direct < 2 * NameLevel.EXACT)[0]
    given_level, family_level = gg.copy(), ff.copy()
    if len(todo):
        it, jt = i[todo], j[todo]
        gf = _coded_levels(prep.given[it], prep.family[jt], names, name_level, name_memo)  # type: ignore[arg-type]
        fg = _coded_levels(prep.family[it], prep.given[jt], names, name_level, name_memo)  # type: ignore[arg-type]
        swapped = (np.maximum(gf, 0).astype(np.int16) + np.maximum(fg, 0)) > direct[todo] + 1
        sw = todo[swapped]
        given_level[sw] = gf[swapped]
        family_level[sw] = fg[swapped]
    out[:, 0] = given_level
    out[:, 1] = family_level
    out[:, 2] = _coded_levels(
        prep.dob[i],
        prep.dob[j],
        prep.dates,
        lambda a, b: -1 if (lv := compare_dates(a, b)) is None else int(lv),  # type: ignore[arg-type]
    )
    si, sj = prep.sex[i], prep.sex[j]
    out[:, 3] = np.where((si >= 0) & (sj >= 0), (si == sj).astype(np.int8), -1)
    ni, nj = prep.nationality[i], prep.nationality[j]
    out[:, 4] = np.where((ni >= 0) & (nj >= 0), (ni == nj).astype(np.int8), -1)
    out[:, 5] = _coded_levels(prep.place[i], prep.place[j], names, name_level, name_memo)  # type: ignore[arg-type]
    for k, codes in enumerate(prep.extra):
        out[:, 6 + k] = _coded_levels(
            codes[i],
            codes[j],
            prep.extra_values[k],
            string_level,  # type: ignore[arg-type]
        )
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
    vocab: dict[str, int],
    memo: dict[int, int] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Levels, frequency adjustment (bits) and shared-skeleton id for name code pairs.

    Each distinct pair of values is compared once.  Where the names agree at least in
    pronunciation, the shared skeleton is the most frequent one they have in common (the
    conservative reading of an ambiguous name)."""
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
    lv = np.empty(len(keys), np.int8)
    adj = np.zeros(len(keys), np.float32)
    sk = np.full(len(keys), -1, np.int32)
    for k, key in enumerate(keys.tolist()):
        x, y = divmod(key, size)
        na, nb = names[x], names[y]
        level_k = memo.get(key) if memo is not None else None
        if level_k is None:
            level_k = name_level(na, nb)
            if memo is not None:
                memo[key] = level_k
        lv[k] = level_k
        shared = na.skeletons & nb.skeletons or na.skeletons | nb.skeletons
        if level_k >= _MIN_TF_LEVEL and shared:
            best = max(shared, key=lambda s: (table.get(s, 0.0), s))
            tf = max(table.get(best, 0.0), floor)
            adj[k] = np.log2(norm / tf)
            sk[k] = vocab.setdefault(best, len(vocab))
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
    memo: dict[int, int] = {}
    levels = compare_pairs(prep, i, j, memo)
    adjust = np.zeros((len(i), n_fields), np.float32)
    if not len(i):
        return levels, adjust
    names = prep.names
    floor = tf.floor()
    vocab: dict[str, int] = {}
    # Given and family, read in the orientation compare_pairs chose (swapped where the family
    # name was written first); the frequency table is that of record i's field.
    gg = _name_tf_levels(
        prep.given[i], prep.given[j], names, tf.names[0], tf.name_norms[0], floor, vocab, memo
    )
    ff = _name_tf_levels(
        prep.family[i], prep.family[j], names, tf.names[1], tf.name_norms[1], floor, vocab, memo
    )
    g_adj, g_sk = gg[1].copy(), gg[2].copy()
    f_adj, f_sk = ff[1].copy(), ff[2].copy()
    swapped = (levels[:, 0] != gg[0]) | (levels[:, 1] != ff[0])
    if swapped.any():
        s = np.nonzero(swapped)[0]
        it, jt = i[s], j[s]
        gf = _name_tf_levels(
            prep.given[it],
            prep.family[jt],
            names,
            tf.names[0],
            tf.name_norms[0],
            floor,
            vocab,
            memo,
        )
        fg = _name_tf_levels(
            prep.family[it],
            prep.given[jt],
            names,
            tf.names[1],
            tf.name_norms[1],
            floor,
            vocab,
            memo,
        )
        g_adj[s], g_sk[s] = gf[1], gf[2]
        f_adj[s], f_sk[s] = fg[1], fg[2]
    adjust[:, 0] = g_adj
    adjust[:, 1] = f_adj
    _, p_adj, _ = _name_tf_levels(
        prep.place[i], prep.place[j], names, tf.names[2], tf.name_norms[2], floor, vocab, memo
    )
    adjust[:, 5] = p_adj
    words = sorted(vocab, key=vocab.__getitem__)

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
