"""Which parts of a case each consent category opens to another organisation.

One table, so that what a referral recipient sees, what the referral form
offers and what the consent form asks about cannot drift apart.
"""

from __future__ import annotations

from putokaz.cases.models import (
    CONTACT_FIELDS,
    IDENTITY_EXTRA_FIELDS,
    LOCATION_FIELDS,
    PERSONAL_FIELDS,
    DataCategory,
    NoteKind,
)

ALL_CATEGORIES = frozenset(DataCategory.values)

PERSON_FIELDS_BY_CATEGORY: dict[str, tuple[str, ...]] = {
    DataCategory.IDENTITY: (*PERSONAL_FIELDS, *IDENTITY_EXTRA_FIELDS),
    DataCategory.CONTACT: CONTACT_FIELDS,
    DataCategory.LOCATION: LOCATION_FIELDS,
}

NOTE_CATEGORY: dict[str, str] = {
    NoteKind.GENERAL: DataCategory.TESTIMONY,
    NoteKind.TESTIMONY: DataCategory.TESTIMONY,
    NoteKind.HEALTH: DataCategory.HEALTH,
    NoteKind.LEGAL: DataCategory.LEGAL,
}


def person_fields_for(categories: frozenset[str]) -> tuple[str, ...]:
    return tuple(
        f
        for c in DataCategory.values
        if c in categories
        for f in PERSON_FIELDS_BY_CATEGORY.get(c, ())
    )


def note_kinds_for(categories: frozenset[str]) -> tuple[str, ...]:
    return tuple(kind for kind, category in NOTE_CATEGORY.items() if category in categories)
