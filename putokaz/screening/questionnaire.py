"""The questionnaire and the result as pages show them: plain data from one catalogue version.

No Django here: the view passes in the catalogue version, the flag set versions and the two
languages, and renders what comes back. The same function builds the page for a new
screening and for re-displaying an old one with the version it used.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from putokaz.screening.catalogue import Catalogue, FlagSet, LanguageBlock
from putokaz.screening.languages import LANGUAGE_BY_CODE

ANSWERS = ("yes", "no", "unsure")


@dataclass(frozen=True)
class Text:
    text: str
    language: str
    rtl: bool
    reviewed: bool


@dataclass(frozen=True)
class Question:
    id: str
    label: str
    strength: str | None  # None for a flag
    provisional: bool
    worker: Text
    person: Text
    answer: str | None = None


@dataclass(frozen=True)
class Section:
    id: str
    title: Text
    person_title: Text
    questions: tuple[Question, ...]
    is_flag_set: bool


def language_for(code: str | None, available: Mapping[str, LanguageBlock]) -> str:
    """The catalogue language for a UI language code ('sr-latn', 'ar', …), English otherwise."""
    if code:
        code = code.lower()
        if code in available:
            return code
        base = code.split("-")[0]
        if base in available:
            return base
    return "en"


def _text(texts: Mapping[str, str], code: str, languages: Mapping[str, LanguageBlock]) -> Text:
    language = code if code in texts else "en"
    block = languages.get(language)
    info = LANGUAGE_BY_CODE.get(language)
    return Text(
        text=texts.get(language) or texts.get("en", ""),
        language=info.bcp47 if info else language,
        rtl=bool(info and info.right_to_left),
        reviewed=bool(block and block.reviewed_by_native_speaker),
    )


def sections(
    *,
    catalogue: Catalogue,
    flag_sets: Sequence[FlagSet],
    worker_language: str,
    person_language: str,
    answers: Mapping[str, str] | None = None,
) -> list[Section]:
    """Questions grouped by dimension, then the flags of each flag set that apply to the list."""
    answers = answers or {}
    out = []
    for dim in catalogue.dimensions:
        questions = tuple(
            Question(
                id=ind.id,
                label=ind.label,
                strength=ind.strength,
                provisional=ind.provisional,
                worker=_text(ind.question, worker_language, catalogue.languages),
                person=_text(ind.question, person_language, catalogue.languages),
                answer=answers.get(ind.id),
            )
            for ind in catalogue.indicators
            if ind.dimension == dim.id
        )
        out.append(
            Section(
                id=dim.id,
                title=_text(dim.name, worker_language, catalogue.languages),
                person_title=_text(dim.name, person_language, catalogue.languages),
                questions=questions,
                is_flag_set=False,
            )
        )
    for flag_set in flag_sets:
        questions = tuple(
            Question(
                id=flag.id,
                label=flag.label,
                strength=None,
                provisional=flag.verification == "provisional",
                worker=_text(flag.question, worker_language, flag_set.languages),
                person=_text(flag.question, person_language, flag_set.languages),
                answer=answers.get(flag.id),
            )
            for flag in flag_set.flags
            if flag.applies_to.covers(age=catalogue.age, exploitation=catalogue.exploitation)
        )
        if questions:
            out.append(
                Section(
                    id=flag_set.id,
                    title=_text(flag_set.title, worker_language, flag_set.languages),
                    person_title=_text(flag_set.title, person_language, flag_set.languages),
                    questions=questions,
                    is_flag_set=True,
                )
            )
    return out


def answers_from_record(record: Mapping[str, Any]) -> dict[str, str]:
    """The stored answers ({"present", "flags", "unsure"}) as id -> yes/unsure."""
    answers = dict.fromkeys(record.get("present", []), "yes")
    answers.update(dict.fromkeys(record.get("flags", []), "yes"))
    answers.update(dict.fromkeys(record.get("unsure", []), "unsure"))
    return answers


@dataclass(frozen=True)
class DimensionView:
    id: str
    name: str
    positive: bool
    found: tuple[tuple[str, str, str], ...]  # (strength, id, label)
    derived: Mapping[str, str]
    missing: str | None


def dimension_views(
    *, catalogue: Catalogue, result: Mapping[str, Any], language: str
) -> list[DimensionView]:
    views = []
    for dim in catalogue.dimensions:
        stored = result.get("dimensions", {}).get(dim.id, {})
        found = tuple(
            (
                strength,
                ind,
                catalogue.indicator_by_id[ind].label if ind in catalogue.indicator_by_id else ind,
            )
            for strength in ("strong", "medium", "weak")
            for ind in stored.get(strength, [])
        )
        views.append(
            DimensionView(
                id=dim.id,
                name=dim.name.get(language) or dim.name["en"],
                positive=bool(stored.get("positive")),
                found=found,
                derived=stored.get("derived_from_flags", {}),
                missing=stored.get("missing"),
            )
        )
    return views
