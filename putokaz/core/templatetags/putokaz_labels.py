"""Show stored codes (lists of choice values) as their translated labels."""

from __future__ import annotations

from django import template
from django.db import models

from putokaz.accounts.models import OrganisationType
from putokaz.cases.models import ConsentPurpose, DataCategory, ExploitationForm, GbvType

register = template.Library()

_CHOICES: dict[str, type[models.TextChoices]] = {
    "exploitation": ExploitationForm,
    "gbv": GbvType,
    "category": DataCategory,
    "purpose": ConsentPurpose,
    "organisation_type": OrganisationType,
}


@register.filter
def labels(values: object, kind: str) -> str:
    """`{{ case.gbv_types|labels:"gbv" }}` → "Rape, Psychological / emotional abuse"."""
    choices = dict(_CHOICES[kind].choices)
    return ", ".join(str(choices.get(v, v)) for v in (values or []))  # type: ignore[union-attr]


@register.filter
def event_label(kind: str) -> str:
    from putokaz.cases.history import event_label as label

    return label(kind)
