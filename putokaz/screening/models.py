"""Screenings at entry points, the catalogue versions they were made with, and entry points.

A screening keeps the id and version of the catalogue it used and the engine's whole result,
and is always re-displayed from the CatalogueVersion row of that version, never from the
current file: a catalogue edited later must not change what an old screening says.

Each screening has its own data key, also when it is linked to a person: the person's own
words belong to the screening, and destroying that one key erases them without touching the
person's record (and an anonymous screening has no person key to borrow).
"""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from putokaz.accounts.models import Organisation
from putokaz.cases.models import AgeBand, ConsentMethod, Sex
from putokaz.core.codes import new_code
from putokaz.core.fields import EncryptedTextField, SealedFieldsMixin
from putokaz.core.models import DataKey


def new_screening_code() -> str:
    return new_code("SC")


class EntryPointKind(models.TextChoices):
    BORDER_CROSSING = "border_crossing", _("Border crossing")
    RECEPTION_CENTRE = "reception_centre", _("Reception centre")
    ASYLUM_CENTRE = "asylum_centre", _("Asylum centre")
    TRANSIT_CENTRE = "transit_centre", _("Transit centre")
    OTHER = "other", _("Other")


class EntryPoint(models.Model):
    """A place where people are screened: a managed list, so statistics group cleanly."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=EntryPointKind.choices)
    municipality = models.CharField(_("municipality"), max_length=80, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("run by"),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("entry point")
        verbose_name_plural = _("entry points")

    def __str__(self) -> str:
        return self.name


class CatalogueKind(models.TextChoices):
    CATALOGUE = "catalogue", _("Indicator catalogue")
    FLAGS = "flags", _("Flag set")


class CatalogueVersion(models.Model):
    """One version of a catalogue or flag set, as YAML text. Rows are never changed."""

    catalogue_id = models.CharField(_("catalogue"), max_length=80)
    version = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=10, choices=CatalogueKind.choices)
    text = models.TextField(_("catalogue text (YAML)"))
    # SHA-256 of the text: parsed versions are cached by it, so a row can be recognised
    # without reading its (large) text.
    digest = models.CharField(max_length=64, editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    change_note = models.TextField(_("what changed and why"), blank=True)

    class Meta:
        ordering = ["catalogue_id", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["catalogue_id", "version"], name="unique_catalogue_version"
            ),
        ]
        verbose_name = _("catalogue version")

    def __str__(self) -> str:
        return f"{self.catalogue_id} v{self.version}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.digest = text_digest(self.text)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Outcome(models.TextChoices):
    POSSIBLE_TRAFFICKING = (
        "possible_trafficking",
        _("Possible indicators of trafficking — refer for formal identification"),
    )
    EXPLOITATION_INDICATORS = (
        "exploitation_indicators",
        _("Indicators of exploitation — refer to services and screen again"),
    )
    INSUFFICIENT_INDICATORS = (
        "insufficient_indicators",
        _("Not enough indicators found — this does not rule out trafficking"),
    )


class Route(models.TextChoices):
    """The way the person came, coarse enough not to identify: for the indicator report."""

    NOT_RECORDED = "", _("Not recorded")
    BULGARIA = "bulgaria", _("Through Bulgaria")
    NORTH_MACEDONIA = "north_macedonia", _("Through North Macedonia")
    MONTENEGRO_BOSNIA = "montenegro_bosnia", _("Through Montenegro or Bosnia and Herzegovina")
    AIR = "air", _("By air")
    OTHER = "other", _("Other")


class ScreeningSource(models.TextChoices):
    INTERVIEW = "interview", _("Interview in Putokaz")
    KOBO = "kobo", _("Imported from KoboToolbox")


class Screening(SealedFieldsMixin, models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(
        _("code"), max_length=12, unique=True, default=new_screening_code, editable=False
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="screenings"
    )
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(
        max_length=10, choices=ScreeningSource.choices, default=ScreeningSource.INTERVIEW
    )
    kobo_submission_id = models.CharField(max_length=80, blank=True)
    entry_point = models.ForeignKey(
        EntryPoint,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="screenings",
        verbose_name=_("entry point"),
    )
    screened_at = models.DateTimeField(_("screened at"))
    interpreter_used = models.BooleanField(_("interpreter used"), default=False)
    interpreter_language = models.CharField(_("interpreter's language"), max_length=10, blank=True)
    worker_language = models.CharField(_("worker's language"), max_length=10, blank=True)
    person_language = models.CharField(_("person's language"), max_length=10, blank=True)

    person = models.ForeignKey(
        "cases.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="screenings",
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="screenings"
    )
    consent_to_link = models.BooleanField(
        _("the person agreed to link the screening"), default=False
    )
    consent_method = models.CharField(
        _("how consent was given"), max_length=24, choices=ConsentMethod.choices, blank=True
    )

    catalogue_id = models.CharField(max_length=80)
    catalogue_version = models.PositiveIntegerField()
    requested_catalogue = models.CharField(max_length=80, blank=True)
    # {"present": [...], "flags": [...], "unsure": [...]}: the answers as given.
    answers = models.JSONField(default=dict)
    # ScreeningResult.to_dict(), exactly as the engine returned it.
    result = models.JSONField(default=dict)
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome.choices)
    # What the indicator report counts, kept small so the report does not read the results.
    found = models.JSONField(default=list)
    positive_dimensions = models.JSONField(default=list)

    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    age_band = models.CharField(
        _("age band"), max_length=8, choices=AgeBand.choices, default=AgeBand.UNKNOWN
    )
    nationality = models.CharField(_("nationality"), max_length=3, blank=True)
    route = models.CharField(_("route"), max_length=20, choices=Route.choices, blank=True)

    data_key = models.OneToOneField(DataKey, on_delete=models.PROTECT, related_name="+")
    person_own_words = EncryptedTextField(_("the person's own words"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-screened_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-screened_at"]),
            models.Index(fields=["screened_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kobo_submission_id"],
                condition=~models.Q(kobo_submission_id=""),
                name="unique_kobo_submission_per_organisation",
            ),
            # A link to a person without recorded consent must be impossible, not only refused.
            models.CheckConstraint(
                condition=models.Q(person__isnull=True)
                | (models.Q(consent_to_link=True) & ~models.Q(consent_method="")),
                name="screening_person_link_needs_consent",
            ),
        ]
        verbose_name = _("screening")

    def __str__(self) -> str:
        return self.code

    def encryption_data_key(self) -> DataKey:
        return self.data_key


class RecommendationStatus(models.TextChoices):
    RECORDED = "recorded", _("Recorded")
    ACTED = "acted", _("Acted on")


class ScreeningRecommendation(models.Model):
    """A referral the result recommends; recorded until somebody acts on it."""

    screening = models.ForeignKey(
        Screening, on_delete=models.CASCADE, related_name="recommendations"
    )
    service = models.CharField(_("service"), max_length=40)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.RECORDED,
    )
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["screening", "service"], name="unique_recommendation_per_screening"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.screening} {self.service}"
