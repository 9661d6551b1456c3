"""Term frequencies: agreeing on a rare name is stronger evidence than agreeing on "Mohammad".

Fellegi–Sunter with one u-probability per agreement level treats every name agreement alike.
But two unrelated registrations share the name skeleton of "Mohammad" far more often than that
of "Zabihullah".  Following Winkler (and splink), the u-probability of agreement on value v is
taken in proportion to v's frequency:

    u_L(v) = u_L · tf(v) / Σ_w tf(w)²

(Σ tf² is the mean tf of the value a random record holds, so the average over records is still
u_L).  The log-odds adjustment is therefore log2(Σ tf² / tf(v)) bits, positive for rare values.

Frequencies are shares of records holding a skeleton (given, family, place of birth), or a
nationality or sex.  Nationality and sex are strongly tied to names (Ahmadi is Afghan, Fatima
is a woman), so when two records already share a name, agreeing on nationality or sex is
weighed with the frequency *among records with that name* (smoothed towards the overall
frequency); otherwise a pair of unrelated namesakes would be counted as agreeing twice.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from .records import PreparedRecords

__all__ = ["TermFrequencies", "term_frequencies"]

# Records of the same person share their rare names, so a name seen only in one person's
# registrations has a tiny frequency; the floor caps a single field's adjustment.
_FLOOR_COUNT = 2
# Pseudo-count pulling a name's nationality (or sex) mix towards the overall mix, so that a
# name seen twice does not claim its bearers are certainly of one nationality.
_SMOOTHING = 5.0
_PSEUDO = 20.0


@dataclass(frozen=True)
class TermFrequencies:
    """Value frequencies of a population, keyed by normalised value (portable across runs)."""

    n_records: int
    names: tuple[dict[str, float], dict[str, float], dict[str, float]]
    """Share of records holding each skeleton: given name, family name, place of birth."""
    name_norms: tuple[float, float, float]
    nationality: dict[str, float]
    nationality_norm: float
    sex: dict[int, float]
    sex_norm: float
    nationality_by_name: dict[str, dict[str, float]]
    """Skeleton (given or family) -> nationality -> smoothed share among its bearers."""
    sex_by_given: dict[str, dict[int, float]]

    def floor(self) -> float:
        return _FLOOR_COUNT / (max(self.n_records, 1) + _PSEUDO)


def _share(counts: Counter, total: int) -> dict:  # type: ignore[type-arg]
    return {k: v / total for k, v in counts.items()} if total else {}


def term_frequencies(prep: PreparedRecords) -> TermFrequencies:
    """Frequencies of the values in a prepared population."""
    names = []
    norms = []
    skel_of_code = [sorted(nf.skeletons) for nf in prep.names]
    for column in (prep.given, prep.family, prep.place):
        codes = column[column >= 0]
        per_code = np.bincount(codes, minlength=len(prep.names)) if len(codes) else np.zeros(0)
        counts: Counter = Counter()  # type: ignore[type-arg]
        for code in np.nonzero(per_code)[0].tolist():
            for s in skel_of_code[code]:
                counts[s] += int(per_code[code])
        # Normalised over primary skeletons so that the shares sum to one.
        prim: Counter = Counter()  # type: ignore[type-arg]
        for code in np.nonzero(per_code)[0].tolist():
            prim[prep.names[code].primary_skeleton] += int(per_code[code])
        total = len(codes)
        norm = sum((v / total) ** 2 for v in prim.values()) if total else 1.0
        norms.append(norm)
        # Shrunk towards the mean frequency by a few pseudo-records: in a small population
        # every value is "rare", which says nothing.
        names.append({k: (v + _PSEUDO * norm) / (total + _PSEUDO) for k, v in counts.items()})
    nat_codes = prep.nationality[prep.nationality >= 0]
    nat_counts = Counter(prep.nationalities[c] for c in nat_codes.tolist())
    nationality = _share(nat_counts, len(nat_codes))
    sex_codes = prep.sex[prep.sex >= 0]
    sex = _share(Counter(sex_codes.tolist()), len(sex_codes))

    by_name: dict[str, Counter] = {}  # type: ignore[type-arg]
    sex_by: dict[str, Counter] = {}  # type: ignore[type-arg]
    for r in range(len(prep)):
        n = int(prep.nationality[r])
        s = int(prep.sex[r])
        g = int(prep.given[r])
        f = int(prep.family[r])
        if n >= 0:
            nat = prep.nationalities[n]
            for code in (g, f):
                if code >= 0:
                    for sk in skel_of_code[code]:
                        by_name.setdefault(sk, Counter())[nat] += 1
        if s >= 0 and g >= 0:
            for sk in skel_of_code[g]:
                sex_by.setdefault(sk, Counter())[s] += 1
    return TermFrequencies(
        n_records=len(prep),
        names=(names[0], names[1], names[2]),
        name_norms=(norms[0], norms[1], norms[2]),
        nationality=nationality,
        nationality_norm=sum(v * v for v in nationality.values()) or 1.0,
        sex=sex,
        sex_norm=sum(v * v for v in sex.values()) or 1.0,
        nationality_by_name={k: _smoothed(c, nationality) for k, c in by_name.items()},
        sex_by_given={k: _smoothed(c, sex) for k, c in sex_by.items()},
    )


def _smoothed(counts: Counter, overall: dict) -> dict:  # type: ignore[type-arg]
    total = sum(counts.values())
    return {
        k: (counts.get(k, 0) + _SMOOTHING * p) / (total + _SMOOTHING) for k, p in overall.items()
    }
