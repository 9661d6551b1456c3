"""Input records and their prepared (normalised, interned) features."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .dates import PartialDate, parse_date
from .normalise import EMPTY_NAME, NameFeatures, fold_latin, normalise_name

__all__ = ["PreparedRecords", "Record", "normalise_nationality", "normalise_sex", "prepare"]


@dataclass(frozen=True, slots=True)
class Record:
    """One registration of a person, as an agency recorded it.  Every field may be empty."""

    id: str
    given_name: str = ""
    family_name: str = ""
    date_of_birth: str = ""
    sex: str = ""
    nationality: str = ""
    place_of_birth: str = ""
    given_name_original: str = ""
    family_name_original: str = ""
    extra: tuple[tuple[str, str], ...] = ()
    """Further comparable fields (an address, a postcode), compared as plain strings."""


_SEX = {
    "m": "m", "male": "m", "man": "m", "muski": "m", "musko": "m", "homme": "m", "mann": "m",
    "erkek": "m", "h": "m", "f": "f", "female": "f", "woman": "f", "zenski": "f", "z": "f",
    "zensko": "f", "femme": "f", "frau": "f", "w": "f", "weiblich": "f", "kadin": "f",
    "maennlich": "m", "mannlich": "m",
}  # fmt: skip

# Country names and codes as registrars in Serbia and the EU write them, folded to ASCII.
_COUNTRIES = {
    "AF": "af afg afghanistan afganistan avganistan afghan afghane afghanisch avganistanac",
    "SY": "sy syr syria syrie syrien sirija syrian syrienne syrer sirijac suriye",
    "IQ": "iq irq iraq irak irakien iraker irakli",
    "PK": "pk pak pakistan pakistani pakistanais pakistanac",
    "MA": "ma mar morocco maroc marokko maroko moroccan marocain fas",
    "TR": "tr tur turkey turkiye turquie turkei turska turkish turc",
    "IR": "ir irn iran persia iranian",
    "RS": "rs srb serbia srbija serbie serbien",
    "DZ": "dz dza algeria algerie algerien alzir",
    "TN": "tn tun tunisia tunisie tunesien tunis",
    "BD": "bd bgd bangladesh",
    "IN": "in ind india inde indien indija",
    "PS": "ps pse palestine palestina",
    "LY": "ly lby libya libye libyen libija",
    "EG": "eg egy egypt egypte agypten egipat",
}
_COUNTRY = {alias: code for code, names in _COUNTRIES.items() for alias in names.split()}
_WORD = re.compile(r"[^a-z]+")
_ALNUM = re.compile(r"[^a-z0-9]+")


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("ı", "i"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise_sex(text: str) -> str:
    """ "m", "f", "x" (recorded but neither), or "" (not recorded)."""
    key = _WORD.sub("", _ascii(text))
    if not key:
        return ""
    return _SEX.get(key, "x")


def normalise_nationality(text: str) -> str:
    """An ISO 3166 alpha-2 code where the country is known, else the folded text."""
    key = _WORD.sub(" ", _ascii(text)).strip()
    if not key:
        return ""
    return _COUNTRY.get(key.replace(" ", ""), _COUNTRY.get(key.split()[0], key))


def _fold_extra(text: str) -> str:
    return " ".join(_ALNUM.sub(" ", _ascii(text)).split())


@dataclass(frozen=True, slots=True)
class PreparedRecords:
    """Column arrays of interned feature codes; -1 where a value is missing.

    Interning means each distinct name or date is normalised once, and a comparison between
    two distinct values is computed once however many pairs share it.
    """

    ids: tuple[str, ...]
    names: tuple[NameFeatures, ...]
    given: np.ndarray
    family: np.ndarray
    place: np.ndarray
    dates: tuple[PartialDate, ...] | tuple[Any, ...]
    dob: np.ndarray
    sex: np.ndarray  # codes into ("m", "f", "x")
    nationalities: tuple[str, ...]
    nationality: np.ndarray
    extra_names: tuple[str, ...]
    extra_values: tuple[tuple[str, ...], ...] | tuple[tuple[Any, ...], ...]
    extra: tuple[np.ndarray, ...]
    compare_date: Callable[[Any, Any], int] | None = None
    """Level of two ``dates`` values; ``None``: :func:`~.dates.compare_dates` (plain
    records).  Encoded records hold keyed date tokens and bring their own comparison."""
    compare_extra: Callable[[Any, Any], int] | None = None
    """Level of two ``extra_values``; ``None``: plain string comparison."""

    def __len__(self) -> int:
        return len(self.ids)


class _Interner:
    def __init__(self) -> None:
        self.index: dict[object, int] = {}
        self.values: list[object] = []

    def code(self, key: object, make) -> int:  # type: ignore[no-untyped-def]
        found = self.index.get(key)
        if found is not None:
            return found
        value = make()
        if value is None:
            self.index[key] = -1
            return -1
        self.index[key] = len(self.values)
        self.values.append(value)
        return len(self.values) - 1


_SEX_CODES = {"m": 0, "f": 1, "x": 2}


def prepare(records: Sequence[Record], *, extra_fields: Sequence[str] = ()) -> PreparedRecords:
    """Normalise and intern records.  Raises :class:`~.dates.DateError` on a bad date."""
    n = len(records)
    names = _Interner()
    dates = _Interner()
    nats = _Interner()
    extras = [_Interner() for _ in extra_fields]
    given = np.full(n, -1, np.int32)
    family = np.full(n, -1, np.int32)
    place = np.full(n, -1, np.int32)
    dob = np.full(n, -1, np.int32)
    sex = np.full(n, -1, np.int8)
    nationality = np.full(n, -1, np.int32)
    extra_arrays = [np.full(n, -1, np.int32) for _ in extra_fields]

    def name_maker(latin: str, original: str):  # type: ignore[no-untyped-def]
        def make() -> NameFeatures | None:
            features = normalise_name(latin, original)
            return None if features is EMPTY_NAME else features

        return make

    for i, r in enumerate(records):
        gkey = (r.given_name, r.given_name_original)
        given[i] = names.code(gkey, name_maker(*gkey))
        fkey = (r.family_name, r.family_name_original)
        family[i] = names.code(fkey, name_maker(*fkey))
        if r.place_of_birth:
            pkey = (r.place_of_birth, "")
            place[i] = names.code(pkey, name_maker(*pkey))
        if r.date_of_birth:
            dob[i] = dates.code(r.date_of_birth, lambda r=r: parse_date(r.date_of_birth))
        s = normalise_sex(r.sex) if r.sex else ""
        if s:
            sex[i] = _SEX_CODES[s]
        if r.nationality:
            nationality[i] = nats.code(
                r.nationality, lambda r=r: normalise_nationality(r.nationality) or None
            )
        if extra_fields:
            values = dict(r.extra)
            for k, field in enumerate(extra_fields):
                raw = values.get(field, "")
                if raw:
                    extra_arrays[k][i] = extras[k].code(
                        raw, lambda raw=raw: _fold_extra(raw) or None
                    )

    # Distinct raw spellings that fold to the same nationality must share a code, or "AFG" and
    # "Afghanistan" would compare as different.
    nat_values = [str(v) for v in nats.values]
    canon: dict[str, int] = {}
    remap = np.array([canon.setdefault(v, len(canon)) for v in nat_values] or [0], np.int32)
    nationality = np.where(nationality >= 0, remap[np.maximum(nationality, 0)], -1).astype(np.int32)

    return PreparedRecords(
        ids=tuple(r.id for r in records),
        names=tuple(names.values),  # type: ignore[arg-type]
        given=given,
        family=family,
        place=place,
        dates=tuple(dates.values),  # type: ignore[arg-type]
        dob=dob,
        sex=sex,
        nationalities=tuple(canon),
        nationality=nationality,
        extra_names=tuple(extra_fields),
        extra_values=tuple(tuple(str(v) for v in ex.values) for ex in extras),
        extra=tuple(extra_arrays),
    )


def first_letter(features: NameFeatures) -> str:
    """First letter of the folded Latin form, used in coarse blocking keys."""
    if features.latin:
        return features.latin[0]
    return features.primary_skeleton[:1]


__all__ += ["first_letter", "fold_latin"]
