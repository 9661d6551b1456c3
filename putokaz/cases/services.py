"""Writes to persons. Each runs in one transaction and writes its audit event there."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from putokaz.accounts.models import Organisation
from putokaz.cases.models import PERSONAL_FIELDS, AgeBand, Person, Sex
from putokaz.core.audit import Actor, audit_record
from putokaz.core.keys import data_key_create, data_key_erase

_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class StaleEdit(Exception):
    """Someone else saved the person after this form was opened."""


def validate_partial_date(value: str) -> str:
    """Accept YYYY, YYYY-MM or YYYY-MM-DD: registrations often know only the year."""
    value = value.strip()
    if not value:
        return ""
    if not _PARTIAL_DATE.match(value):
        raise ValidationError(_("Enter the date as YYYY-MM-DD, YYYY-MM or YYYY."), code="format")
    parts = [int(p) for p in value.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise ValidationError(_("This date does not exist."), code="invalid") from None
    if parts[0] < 1900 or dt.date(parts[0], 1, 1) > timezone.localdate():
        raise ValidationError(_("The year of birth is out of range."), code="range")
    return value


def age_band_for(date_of_birth: str, *, today: dt.date | None = None) -> str:
    if not date_of_birth:
        return AgeBand.UNKNOWN
    today = today or timezone.localdate()
    parts = [int(p) for p in date_of_birth.split("-")]
    year, month, day = (
        parts[0],
        parts[1] if len(parts) > 1 else 7,
        parts[2] if len(parts) > 2 else 1,
    )
    age = today.year - year - ((today.month, today.day) < (month, day))
    for band, upper in (("0-13", 13), ("14-17", 17), ("18-24", 24), ("25-34", 34), ("35-49", 49)):
        if age <= upper:
            return band
    return AgeBand.AGE_50_PLUS


@dataclass(frozen=True)
class PersonInput:
    given_name: str = ""
    family_name: str = ""
    given_name_original: str = ""
    family_name_original: str = ""
    date_of_birth: str = ""
    sex: str = Sex.UNKNOWN
    nationality: str = ""


def person_create(*, actor: Actor, organisation: Organisation, data: PersonInput) -> Person:
    with transaction.atomic():
        person = Person(organisation=organisation, data_key=data_key_create())
        _apply(person, data)
        person.save()
        audit_record(
            actor=actor,
            action="person.create",
            object_type="person",
            object_ref=person.code,
            fields=_filled(data),
            purpose="registration",
        )
    return person


def person_update(
    *, actor: Actor, person: Person, data: PersonInput, expected_version: int
) -> Person:
    """Save changes unless someone saved in between (optimistic locking): nothing is overwritten."""
    with transaction.atomic():
        changed = [
            name
            for name in (*PERSONAL_FIELDS, "sex", "nationality")
            if (getattr(person, name) or "") != (getattr(data, name) or "")
        ]
        _apply(person, data)
        updated = Person.objects.filter(pk=person.pk, version=expected_version).update(
            version=F("version") + 1
        )
        if not updated:
            raise StaleEdit(person.code)
        person.version = expected_version + 1
        person.save()
        audit_record(
            actor=actor,
            action="person.update",
            object_type="person",
            object_ref=person.code,
            fields=changed,
            purpose="correction",
        )
    return person


def _apply(person: Person, data: PersonInput) -> None:
    for name in PERSONAL_FIELDS:
        setattr(person, name, getattr(data, name).strip())
    person.sex = data.sex
    person.nationality = data.nationality.strip().upper()
    person.age_band = age_band_for(data.date_of_birth)


def _filled(data: PersonInput) -> list[str]:
    return [name for name in (*PERSONAL_FIELDS, "sex", "nationality") if getattr(data, name)]


def person_export(*, actor: Actor, person: Person) -> dict[str, Any]:
    """Everything held on a person, decrypted: the data subject's right of access."""
    if person.is_erased:
        personal: dict[str, Any] = {"erased_at": person.erased_at.isoformat()}  # type: ignore[union-attr]
    else:
        personal = {name: getattr(person, name) or "" for name in PERSONAL_FIELDS}
    export = {
        "code": person.code,
        "registered_by": person.organisation.name,
        "created_at": person.created_at.isoformat(),
        "updated_at": person.updated_at.isoformat(),
        "personal_data": personal,
        "statistics_attributes": {
            "sex": person.sex,
            "age_band": person.age_band,
            "nationality": person.nationality,
        },
    }
    audit_record(
        actor=actor,
        action="person.export",
        object_type="person",
        object_ref=person.code,
        fields=PERSONAL_FIELDS,
        purpose="right of access (export)",
    )
    return export


def person_erase(*, actor: Actor, person: Person) -> None:
    """Destroy the person's data key: every sealed field becomes unreadable for good."""
    with transaction.atomic():
        locked = Person.objects.select_for_update().select_related("data_key").get(pk=person.pk)
        if locked.is_erased:
            return
        data_key_erase(locked.data_key)
        Person.objects.filter(pk=locked.pk).update(
            erased_at=timezone.now(), version=F("version") + 1
        )
        audit_record(
            actor=actor,
            action="person.erase",
            object_type="person",
            object_ref=locked.code,
            fields=PERSONAL_FIELDS,
            purpose="erasure",
        )
    person.refresh_from_db()
