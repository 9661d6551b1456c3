"""Privacy-preserving linkage: keyed Bloom filters and keyed tokens, never names.

Each organisation encodes its own registrations with a secret shared by the participating
organisations; only encodings leave the organisation, and the party that compares them never
holds the secret.  The secret is an argument, never stored beside the encodings.

Record-level filter (a cryptographic long-term key, "CLK", after Schnell, Bachteler and
Reiher 2011), in every encoding:

* the same normalised features as plain matching (folded Latin names, consonant skeletons
  that also come from original-script names, date parts, sex, nationality, place of birth)
  are cut into tokens (bigrams of names, parts of the date);
* each token is hashed with HMAC-SHA256 under a key derived from the shared secret *and the
  field* (a per-field salt), and ``k`` bit positions are set by double hashing;
* all fields go into **one** filter per record.

Two versions of ``Encoding.clk`` are written:

* **Version 4 (default)**: the record filter plus field-level sections (bigram filters and
  keyed tokens per field, :mod:`.tokens`).  The comparing party reads them as prepared
  records and scores them with plain mode's comparison, term frequencies and model, so the
  encoded result is within 0.01 F1 of plain (docs/matching.md).  The price: equal tokens
  show which records share a name, a skeleton, a date or a birth year, and how often each
  token occurs.
* **Version 2** (``EncodingConfig(field_filter_bits=0)``): the record filter only.  No
  filter, and no bit, corresponds to one name's frequency: the guard the literature
  advises against the frequency attack on single-field encodings (Kuzu et al. 2011;
  Christen et al. 2017), at a large cost in accuracy on transliterated names.

In both, hashes are keyed (without the secret nobody can compute the filter or token of a
candidate name), the per-field salt keeps the bigram "mo" of a given name and of a place on
different bits, and blocking keys are HMAC values of field *combinations* (name skeletons
together, a skeleton with a year, a full date).  Version-2 scoring is Fellegi–Sunter over
what a record filter shows: the Dice band of the two filters and which kinds of keyed
blocking key the two records share, weighed by how many encodings hold the shared key.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .blocking import DEFAULT_MAX_BLOCK, candidate_pairs, person_keys
from .cluster import average_linkage_clusters
from .compare import FieldSpec, bit_matrix, filter_dice
from .engine import (
    LinkageConfig,
    LinkageResult,
    MatchPair,
    _cluster_pairs,
    _one_to_one,
    dedupe_prepared,
    link_prepared,
    random_pairs,
)
from .model import FellegiSunter, fit_fixed_u
from .normalise import NameFeatures
from .records import PreparedRecords, Record, prepare
from .tokens import (
    EXTRA,
    TOKEN_BYTES,
    date_token_values,
    pack4,
    prepared_from_encodings,
    sections4,
)

__all__ = [
    "Encoding",
    "EncodingConfig",
    "dice",
    "encode_records",
    "encoded_dedupe",
    "encoded_link",
    "split_clk",
]

_DOMAIN = b"putokaz-clk-v1"


@dataclass(frozen=True, slots=True)
class EncodingConfig:
    """Parameters all participating organisations must share (with the secret)."""

    bits: int = 1024
    name_latin_hashes: int = 10
    name_skeleton_hashes: int = 10
    dob_hashes: int = 12
    sex_hashes: int = 6
    nationality_hashes: int = 6
    place_hashes: int = 3
    extra_hashes: int = 6
    extra_fields: tuple[str, ...] = ()
    block_extras: tuple[str, ...] = ()
    name_segment_bits: int = 0
    """Bits of the name-pair segment (given and family names together); 0 leaves it out."""
    date_segment_bits: int = 0
    """Bits of the date-of-birth segment; 0 leaves it out."""
    field_filter_bits: int = 256
    """Bits of each per-field bigram filter of a version-4 ``clk`` (names, places, extra
    fields; the keyed tokens come with them, see :mod:`.tokens`).  0 leaves all field-level
    sections out (version 2, record filter only: the stronger frequency-attack guard)."""
    field_hashes: int = 4


@dataclass(frozen=True, slots=True)
class Encoding:
    """What leaves the organisation for one registration."""

    id: str
    clk: bytes
    block_keys: tuple[bytes, ...]


def _bigrams(text: str) -> list[str]:
    padded = f"_{text}_"
    return [padded[k : k + 2] for k in range(len(padded) - 1)]


class _Hasher:
    def __init__(self, secret: bytes, bits: int) -> None:
        if len(secret) < 16:
            raise ValueError("the linkage secret must be at least 16 bytes")
        self.bits = bits
        self._keys: dict[str, bytes] = {}
        self._secret = secret
        self._cache: dict[tuple[str, str, int], tuple[int, ...]] = {}
        self._block_keys: dict[str, bytes] = {}

    def field_key(self, field: str) -> bytes:
        key = self._keys.get(field)
        if key is None:
            key = hmac.new(self._secret, _DOMAIN + b"|field|" + field.encode(), "sha256").digest()
            self._keys[field] = key
        return key

    def positions(self, field: str, token: str, k: int, bits: int = 0) -> tuple[int, ...]:
        width = bits or self.bits
        ck = (field, token, k * 100_000 + width)
        found = self._cache.get(ck)  # type: ignore[arg-type]
        if found is not None:
            return found
        digest = hmac.new(self.field_key(field), token.encode(), hashlib.sha256).digest()
        h1 = int.from_bytes(digest[:8], "big")
        h2 = int.from_bytes(digest[8:16], "big") | 1
        pos = tuple((h1 + t * h2) % width for t in range(k))
        self._cache[ck] = pos
        return pos

    def token(self, field: str, value: str) -> bytes:
        """Keyed token of one value (see :mod:`.tokens`)."""
        ck = (field, value, -1)
        found = self._cache.get(ck)  # type: ignore[arg-type]
        if found is None:
            digest = hmac.new(self.field_key(field), value.encode(), hashlib.sha256).digest()
            found = self._cache[ck] = digest[:TOKEN_BYTES]  # type: ignore[assignment]
        return found  # type: ignore[return-value]

    def block_key(self, key: str) -> bytes:
        # The kind of key ("n", "f", "g", "d", ...) stays readable: it says which combination
        # of fields was hashed, not its value, and lets shared keys serve as evidence.
        found = self._block_keys.get(key)
        if found is None:
            kind, _, _value = key.partition(":")
            digest = hmac.new(self.field_key("block"), key.encode(), hashlib.sha256).digest()
            found = self._block_keys[key] = kind.encode() + b":" + digest[:12]
        return found


def _mask(positions: set[int]) -> int:
    value = 0
    for pos in positions:
        value |= 1 << pos
    return value


class _RecordFilter:
    """The record-level filter of each record, as the OR of its fields' bit masks; each
    distinct name, date or other value is hashed once."""

    def __init__(self, prep: PreparedRecords, hasher: _Hasher, cfg: EncodingConfig) -> None:
        self.prep, self.hasher, self.cfg = prep, hasher, cfg
        self.names: dict[int, int] = {}
        self.places: dict[int, int] = {}
        self.dates: dict[int, int] = {}
        self.other: dict[tuple[str, int], int] = {}

    def _name(self, code: int) -> int:
        found = self.names.get(code)
        if found is None:
            name, h, cfg = self.prep.names[code], self.hasher, self.cfg
            bits: set[int] = set()
            # Given and family names share one salt, so a registration that swapped them
            # still sets the same bits.
            if name.latin:
                for bg in _bigrams(name.latin):
                    bits.update(h.positions("name", bg, cfg.name_latin_hashes))
            for sk in name.skeletons:
                for bg in _bigrams(sk):
                    bits.update(h.positions("name-skeleton", bg, cfg.name_skeleton_hashes))
            found = self.names[code] = _mask(bits)
        return found

    def _place(self, code: int) -> int:
        found = self.places.get(code)
        if found is None:
            bits: set[int] = set()
            for sk in self.prep.names[code].skeletons:
                for bg in _bigrams(sk):
                    bits.update(self.hasher.positions("place", bg, self.cfg.place_hashes))
            found = self.places[code] = _mask(bits)
        return found

    def _date(self, code: int) -> int:
        found = self.dates.get(code)
        if found is None:
            date, h, k = self.prep.dates[code], self.hasher, self.cfg.dob_hashes
            bits: set[int] = set()
            for year in range(date.year - date.tolerance, date.year + date.tolerance + 1):
                bits.update(h.positions("dob", f"y{year}", k))
            month = date.known_month
            if month is not None:
                bits.update(h.positions("dob", f"ym{date.year}-{month}", k))
            if date.complete:
                assert date.day is not None and date.month is not None
                lo, hi = sorted((date.day, date.month))
                # Order-free day/month token: a day/month swap still shares it.
                bits.update(h.positions("dob", f"dm{lo}/{hi}", k))
                bits.update(h.positions("dob", f"ymd{date.iso()}", k))
            found = self.dates[code] = _mask(bits)
        return found

    def _value(self, field: str, code: int, token: str, hashes: int) -> int:
        found = self.other.get((field, code))
        if found is None:
            found = _mask(set(self.hasher.positions(field, token, hashes)))
            self.other[(field, code)] = found
        return found

    def __call__(self, r: int) -> bytes:
        prep, cfg = self.prep, self.cfg
        value = 0
        for code in (int(prep.given[r]), int(prep.family[r])):
            if code >= 0:
                value |= self._name(code)
        d = int(prep.dob[r])
        if d >= 0:
            value |= self._date(d)
        s = int(prep.sex[r])
        if s >= 0:
            value |= self._value("sex", s, str(s), cfg.sex_hashes)
        n = int(prep.nationality[r])
        if n >= 0:
            value |= self._value("nationality", n, prep.nationalities[n], cfg.nationality_hashes)
        p = int(prep.place[r])
        if p >= 0:
            value |= self._place(p)
        for k, field in enumerate(prep.extra_names):
            c = int(prep.extra[k][r])
            if c >= 0:
                key = ("extra:" + field, c)
                found = self.other.get(key)
                if found is None:
                    bits: set[int] = set()
                    for bg in _bigrams(prep.extra_values[k][c]):
                        bits.update(self.hasher.positions(key[0], bg, cfg.extra_hashes))
                    found = self.other[key] = _mask(bits)
                value |= found
        return value.to_bytes(cfg.bits // 8, "big")


def _segment_positions(
    prep: PreparedRecords, r: int, hasher: _Hasher, cfg: EncodingConfig
) -> tuple[set[int], set[int]]:
    """Bits of the name-pair and date segments (own salts, own bit space)."""
    name_bits: set[int] = set()
    date_bits: set[int] = set()
    nb, db = cfg.name_segment_bits, cfg.date_segment_bits
    if nb:
        for code in (int(prep.given[r]), int(prep.family[r])):
            if code < 0:
                continue
            name = prep.names[code]
            if name.latin:
                for bg in _bigrams(name.latin):
                    name_bits.update(hasher.positions("seg-name", bg, cfg.name_latin_hashes, nb))
            for sk in name.skeletons:
                for bg in _bigrams(sk):
                    name_bits.update(
                        hasher.positions("seg-skeleton", bg, cfg.name_skeleton_hashes, nb)
                    )
    d = int(prep.dob[r])
    if db and d >= 0:
        date = prep.dates[d]
        for year in range(date.year - date.tolerance, date.year + date.tolerance + 1):
            date_bits.update(hasher.positions("seg-dob", f"y{year}", cfg.dob_hashes, db))
        month = date.known_month
        if month is not None:
            date_bits.update(
                hasher.positions("seg-dob", f"ym{date.year}-{month}", cfg.dob_hashes, db)
            )
        if date.complete:
            assert date.day is not None and date.month is not None
            lo, hi = sorted((date.day, date.month))
            date_bits.update(hasher.positions("seg-dob", f"dm{lo}/{hi}", cfg.dob_hashes, db))
            date_bits.update(hasher.positions("seg-dob", f"ymd{date.iso()}", cfg.dob_hashes, db))
    return name_bits, date_bits


def _name_sections(
    name: NameFeatures | None, hasher: _Hasher, cfg: EncodingConfig, prefix: str
) -> list[bytes]:
    """Latin bigram filter, skeleton bigram filter, exact-form tokens, skeleton tokens."""
    if name is None:
        return [b"", b"", b"", b""]
    width, k = cfg.field_filter_bits, cfg.field_hashes
    latin: set[int] = set()
    if name.latin:
        for bg in _bigrams(name.latin):
            latin.update(hasher.positions(prefix + "name", bg, k, width))
    skel: set[int] = set()
    for sk in name.skeletons:
        for bg in _bigrams(sk):
            skel.update(hasher.positions(prefix + "skeleton", bg, k, width))
    return [
        _bits_to_bytes(latin, width) if latin else b"",
        _bits_to_bytes(skel, width) if skel else b"",
        b"".join(sorted(hasher.token(prefix + "exact", x) for x in name.exact)),
        # The primary skeleton (the longest reading) first: term frequencies are normalised
        # over primary skeletons, as in plain mode; the others in sorted order.
        _skeleton_tokens(name, hasher, prefix),
    ]


def _skeleton_tokens(name: NameFeatures, hasher: _Hasher, prefix: str) -> bytes:
    if not name.skeletons:
        return b""
    field = prefix + "skeleton-token"
    primary = name.primary_skeleton
    rest = sorted(hasher.token(field, x) for x in name.skeletons if x != primary)
    return hasher.token(field, primary) + b"".join(rest)


def _field_sections(
    prep: PreparedRecords,
    r: int,
    hasher: _Hasher,
    cfg: EncodingConfig,
    names: dict[tuple[int, str], list[bytes]],
    dates: dict[int, bytes],
    extras: dict[tuple[int, int], list[bytes]],
) -> list[bytes]:
    """Sections 1.. of a version-4 clk (see :mod:`.tokens`); ``names``, ``dates`` and
    ``extras`` cache the sections of each distinct value."""
    out: list[bytes] = []
    # Given and family names share their keys, so a registration that swapped them still
    # compares; the place of birth has its own.
    for code, prefix in (
        (int(prep.given[r]), ""),
        (int(prep.family[r]), ""),
        (int(prep.place[r]), "place-"),
    ):
        found = names.get((code, prefix))
        if found is None:
            found = _name_sections(prep.names[code] if code >= 0 else None, hasher, cfg, prefix)
            names[(code, prefix)] = found
        out += found
    d = int(prep.dob[r])
    date = dates.get(d)
    if date is None:
        date = b""
        if d >= 0:
            date = b"".join(
                bytes([kind]) + hasher.token("dob-token", value)
                for kind, value in date_token_values(prep.dates[d])
            )
        dates[d] = date
    out.append(date)
    sx, nat = int(prep.sex[r]), int(prep.nationality[r])
    out.append(hasher.token("sex-token", str(sx)) if sx >= 0 else b"")
    out.append(hasher.token("nationality-token", prep.nationalities[nat]) if nat >= 0 else b"")
    width, k = cfg.field_filter_bits, cfg.field_hashes
    for e, field in enumerate(prep.extra_names):
        c = int(prep.extra[e][r])
        if c < 0:
            out += [b"", b""]
            continue
        found = extras.get((e, c))
        if found is None:
            value = prep.extra_values[e][c]
            bits: set[int] = set()
            for bg in _bigrams(value):
                bits.update(hasher.positions("ff-extra:" + field, bg, k, width))
            found = [_bits_to_bytes(bits, width), hasher.token("extra-token:" + field, value)]
            extras[(e, c)] = found
        out += found
    return out


# Version 2 of Encoding.clk: magic, version, three 2-byte lengths (record filter, name-pair
# segment, date segment), then the three filters.  Version 1 was the bare record filter.
_MAGIC = b"PZ\x02"


def _bits_to_bytes(bits: set[int], width: int) -> bytes:
    value = 0
    for pos in bits:
        value |= 1 << pos
    return value.to_bytes(width // 8, "big")


def _pack(record: bytes, name: bytes, date: bytes) -> bytes:
    header = _MAGIC + b"".join(len(x).to_bytes(2, "big") for x in (record, name, date))
    return header + record + name + date


def split_clk(clk: bytes) -> tuple[bytes, bytes, bytes]:
    """(record filter, name-pair segment, date segment) of an encoding's ``clk``; the segments
    are empty for version-1 and version-4 encodings (see :mod:`.tokens`)."""
    parts = sections4(clk)
    if parts:
        return parts[0], b"", b""
    if clk[:3] == _MAGIC and len(clk) >= 9:
        a, b, c = (int.from_bytes(clk[3 + 2 * k : 5 + 2 * k], "big") for k in range(3))
        if 9 + a + b + c == len(clk):
            return clk[9 : 9 + a], clk[9 + a : 9 + a + b], clk[9 + a + b :]
    return clk, b"", b""


def encode_records(
    *, records: Sequence[Record], secret: bytes, config: EncodingConfig = EncodingConfig()
) -> list[Encoding]:
    """Encode registrations for privacy-preserving linkage.  Raises DateError on a bad date."""
    prep = prepare(records, extra_fields=config.extra_fields)
    hasher = _Hasher(secret, config.bits)
    keys = person_keys(prep, block_extras=config.block_extras)
    out: list[Encoding] = []
    name_cache: dict[tuple[int, str], list[bytes]] = {}
    date_cache: dict[int, bytes] = {}
    extra_cache: dict[tuple[int, int], list[bytes]] = {}
    record_filter = _RecordFilter(prep, hasher, config)
    for r in range(len(prep)):
        record = record_filter(r)
        if config.field_filter_bits:
            clk = pack4(
                [
                    record,
                    *_field_sections(prep, r, hasher, config, name_cache, date_cache, extra_cache),
                ]
            )
        else:
            name_bits, date_bits = _segment_positions(prep, r, hasher, config)
            clk = _pack(
                record,
                _bits_to_bytes(name_bits, config.name_segment_bits),
                _bits_to_bytes(date_bits, config.date_segment_bits),
            )
        out.append(
            Encoding(
                id=prep.ids[r],
                clk=clk,
                block_keys=tuple(hasher.block_key(k) for k in keys[r]),
            )
        )
    return out


def dice(a: bytes, b: bytes) -> float:
    """Dice coefficient of two record-level Bloom filters: 2|a∧b| / (|a| + |b|)."""
    x, y = int.from_bytes(split_clk(a)[0], "big"), int.from_bytes(split_clk(b)[0], "big")
    total = x.bit_count() + y.bit_count()
    return 2.0 * (x & y).bit_count() / total if total else 0.0


@dataclass(frozen=True)
class _Filters:
    record: tuple[np.ndarray, np.ndarray]
    name: tuple[np.ndarray, np.ndarray]
    date: tuple[np.ndarray, np.ndarray]

    @classmethod
    def of(cls, encodings: Sequence[Encoding]) -> _Filters:
        parts = [split_clk(e.clk) for e in encodings]
        return cls(*(bit_matrix([p[k] for p in parts]) for k in range(3)))


DICE_BANDS = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
NAME_BANDS = (0.4, 0.55, 0.7, 0.8, 0.9, 0.97)
DATE_BANDS = (0.3, 0.5, 0.7, 0.9, 0.99)
_KEY_KINDS = ("n", "f", "g", "d")
_KEY_MEANING = {
    "n": "name skeletons",
    "f": "family-name skeleton and birth year",
    "g": "given-name skeleton and birth year",
    "d": "full date of birth",
}


def _specs(extra_kinds: Sequence[str]) -> tuple[FieldSpec, ...]:
    bands = ("below 0.5", *(f"at least {b}" for b in DICE_BANDS))
    specs = [
        FieldSpec("dice", bands),
        FieldSpec("name filter dice", ("below 0.4", *(f"at least {b}" for b in NAME_BANDS))),
        FieldSpec("date filter dice", ("below 0.3", *(f"at least {b}" for b in DATE_BANDS))),
    ]
    for kind in (*_KEY_KINDS, *extra_kinds):
        specs.append(FieldSpec("shared key: " + _KEY_MEANING.get(kind, kind), ("no", "yes")))
    return tuple(specs)


def _kind_matrix(encodings: Sequence[Encoding], kinds: Sequence[str]) -> list[np.ndarray]:
    """Per kind, an (N, width) array of interned key ids, -1 padded."""
    ids: dict[bytes, int] = {}
    out = []
    for kind in kinds:
        prefix = kind.encode() + b":"
        rows = [
            [ids.setdefault(k, len(ids)) for k in e.block_keys if k.startswith(prefix)]
            for e in encodings
        ]
        width = max((len(r) for r in rows), default=0) or 1
        arr = np.full((len(encodings), width), -1, np.int64)
        for r, row in enumerate(rows):
            arr[r, : len(row)] = row
        out.append(arr)
    return out


_PSEUDO = 20.0


@dataclass(frozen=True)
class _KeyFrequencies:
    """How many encodings hold each keyed blocking key.  The comparing party sees these counts
    anyway (they are the block sizes), so weighing a shared key by its rarity reveals nothing
    new: sharing a rare name-and-year key is stronger evidence than sharing a common one."""

    counts: np.ndarray
    norms: np.ndarray  # per kind: Σ share² (the mean share of the key a record holds)
    n: int

    @classmethod
    def of(cls, kinds: list[np.ndarray], n: int) -> _KeyFrequencies:
        n_ids = max((int(a.max()) + 1 for a in kinds if a.size), default=0)
        counts = np.zeros(max(n_ids, 1), np.float64)
        norms = np.ones(len(kinds))
        for k, arr in enumerate(kinds):
            ids = arr[arr >= 0]
            if not len(ids):
                continue
            c = np.bincount(ids, minlength=len(counts)).astype(np.float64)
            counts += c
            used = c[c > 0]
            holders = max(int((arr[:, 0] >= 0).sum()), 1)
            norms[k] = float(((used / holders) ** 2).sum() / max(arr.shape[1], 1))
        return cls(counts, norms, max(n, 1))


_SEGMENTS = 3  # columns before the key kinds: record, name-pair and date filter bands


def _levels(
    filters: _Filters,
    kinds: list[np.ndarray],
    i: np.ndarray,
    j: np.ndarray,
    freq: _KeyFrequencies | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    out = np.empty((len(i), _SEGMENTS + len(kinds)), np.int8)
    adjust = np.zeros((len(i), _SEGMENTS + len(kinds)), np.float32)
    for col, (words, counts), bands in (
        (0, filters.record, DICE_BANDS),
        (1, filters.name, NAME_BANDS),
        (2, filters.date, DATE_BANDS),
    ):
        d = filter_dice(words, counts, i, j)
        level = np.searchsorted(np.asarray(bands), d, side="right").astype(np.int8)
        empty = (counts[i] == 0) | (counts[j] == 0)
        out[:, col] = np.where(empty & (col > 0), -1, level)
    if filters.name[1].any() or filters.date[1].any():
        # The record filter holds the same names and date as the segments; counting both
        # would count that evidence twice, so with segments it is left out of the score.
        out[:, 0] = -1
    for k, arr in enumerate(kinds):
        a, b = arr[i], arr[j]
        has = (a[:, 0] >= 0) & (b[:, 0] >= 0)
        eq = (a[:, :, None] == b[:, None, :]) & (a[:, :, None] >= 0)
        shared = eq.any(axis=(1, 2))
        out[:, _SEGMENTS + k] = np.where(has, shared.astype(np.int8), -1)
        if freq is not None and shared.any():
            rows = np.nonzero(shared)[0]
            # The most common key the two share: the conservative reading.
            c = np.where(eq[rows].any(axis=2), freq.counts[np.maximum(a[rows], 0)], 0.0).max(axis=1)
            norm = freq.norms[k]
            share = (c + _PSEUDO * norm) / (freq.n + _PSEUDO)
            adjust[rows, _SEGMENTS + k] = np.log2(norm / np.maximum(share, 1.0 / freq.n))
    return out, adjust


@dataclass(frozen=True)
class _Scorer:
    filters: _Filters
    kinds: list[np.ndarray]
    model: FellegiSunter
    freq: _KeyFrequencies

    def __call__(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        return self.model.probability(*_levels(self.filters, self.kinds, i, j, self.freq))


def _score_setup(
    encodings: Sequence[Encoding], n_left: int | None, max_block: int, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, _Scorer]:
    """Record-level encodings (version 2): Fellegi–Sunter over what they reveal to the
    comparing party: the Dice band of the record filters, and which kinds of (keyed)
    blocking key the two records share, weighed by how many encodings hold the shared key."""
    filters = _Filters.of(encodings)
    present = {k.partition(b":")[0].decode() for e in encodings for k in e.block_keys}
    extra_kinds = sorted(k for k in present if k.startswith("x"))
    kinds = _kind_matrix(encodings, (*_KEY_KINDS, *extra_kinds))
    freq = _KeyFrequencies.of(kinds, len(encodings))
    ci, cj = candidate_pairs([e.block_keys for e in encodings], n_left=n_left, max_block=max_block)
    ri, rj = random_pairs(n=len(encodings), n_left=n_left, count=20_000, seed=seed)
    n = len(encodings)
    levels, adjust = _levels(filters, kinds, ci, cj, freq)
    total = n * (n - 1) / 2 if n_left is None else n_left * (n - n_left)
    model = fit_fixed_u(
        fields=_specs(extra_kinds),
        candidates=levels,
        adjust=adjust,
        random_pairs=_levels(filters, kinds, ri, rj)[0],
        total_pairs=total,
    )
    scorer = _Scorer(filters, kinds, model, freq)
    return ci, cj, model.probability(levels, adjust), scorer


def _field_level(encodings: Sequence[Encoding]) -> PreparedRecords | None:
    """Version-4 encodings read as prepared records (see :mod:`.tokens`), or ``None`` when
    any encoding is of another version (they are then all scored record-level)."""
    parts = [sections4(e.clk) for e in encodings]
    if not parts or not all(parts):
        return None
    widths = {len(p) for p in parts}
    if len(widths) != 1 or (n_extra := (widths.pop() - EXTRA)) < 0 or n_extra % 2:
        raise ValueError("encodings made with different extra fields cannot be compared")
    return prepared_from_encodings(parts, [e.id for e in encodings], n_extra // 2)


def encoded_dedupe(
    *,
    encodings: Sequence[Encoding],
    threshold: float = 0.5,
    max_block: int = DEFAULT_MAX_BLOCK,
    seed: int = 0,
) -> LinkageResult:
    """Duplicates among encodings, clustered as in plain :func:`~.engine.dedupe`."""
    prep = _field_level(encodings)
    if prep is not None:
        config = LinkageConfig(threshold=threshold, max_block=max_block, seed=seed)
        return dedupe_prepared(prep=prep, config=config, keys=[e.block_keys for e in encodings])
    ci, cj, prob, score = _score_setup(encodings, None, max_block, seed)

    clusters, known = average_linkage_clusters(
        n=len(encodings), i=ci, j=cj, prob=prob, threshold=threshold, score=score
    )
    pairs, missing = _cluster_pairs(clusters, known)
    if missing:
        a = np.asarray([x for x, _ in missing], np.int64)
        b = np.asarray([y for _, y in missing], np.int64)
        for key, p in zip(missing, score(a, b).tolist(), strict=True):
            known[key] = p
    ids = [e.id for e in encodings]
    return LinkageResult(
        pairs=tuple(MatchPair(ids[a], ids[b], round(known[(a, b)], 6)) for a, b in pairs),
        candidates=len(ci),
        clusters=tuple(tuple(ids[x] for x in c) for c in clusters),
    )


def encoded_link(
    *,
    left: Sequence[Encoding],
    right: Sequence[Encoding],
    threshold: float = 0.5,
    max_block: int = DEFAULT_MAX_BLOCK,
    one_to_one: bool = False,
    seed: int = 0,
) -> LinkageResult:
    """Pairs (left, right) whose encodings probably belong to the same person."""
    both = [*left, *right]
    prep = _field_level(both)
    if prep is not None:
        config = LinkageConfig(
            threshold=threshold, max_block=max_block, seed=seed, one_to_one=one_to_one
        )
        return link_prepared(
            prep=prep, n_left=len(left), config=config, keys=[e.block_keys for e in both]
        )
    ci, cj, prob, _score = _score_setup(both, len(left), max_block, seed)
    keep = prob >= threshold
    ci, cj, p = ci[keep], cj[keep], prob[keep]
    if one_to_one:
        ci, cj, p = _one_to_one(ci, cj, p)
    order = np.lexsort((cj, ci))
    return LinkageResult(
        pairs=tuple(
            MatchPair(both[a].id, both[b].id, round(float(s), 6))
            for a, b, s in zip(
                ci[order].tolist(), cj[order].tolist(), p[order].tolist(), strict=True
            )
        ),
        candidates=len(prob),
    )
