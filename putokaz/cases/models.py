from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from putokaz.accounts.models import Organisation
from putokaz.core.codes import new_person_code
from putokaz.core.fields import EncryptedTextField, SealedFieldsMixin
from putokaz.core.models import DataKey


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class AgeBand(models.TextChoices):
    UNDER_14 = "0-13", _("under 14")
    AGE_14_17 = "14-17", _("14–17")
    AGE_18_24 = "18-24", _("18–24")
    AGE_25_34 = "25-34", _("25–34")
    AGE_35_49 = "35-49", _("35–49")
    AGE_50_PLUS = "50+", _("50 and over")
    UNKNOWN = "unknown", _("Unknown")


# Fields sealed under the person's data key: what a leak must never reveal.
PERSONAL_FIELDS = (
    "given_name",
    "family_name",
    "given_name_original",
    "family_name_original",
    "date_of_birth",
)


class Person(SealedFieldsMixin, models.Model):
    """A person known to the network by a pseudonymous code.

    Identifying data is encrypted; sex, age band and nationality are kept apart,
    in clear, because statistics need them and they do not identify on their own.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(
        _("code"), max_length=12, unique=True, default=new_person_code, editable=False
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="persons",
        verbose_name=_("registered by"),
    )
    data_key = models.OneToOneField(DataKey, on_delete=models.PROTECT, related_name="+")

    given_name = EncryptedTextField(_("given name (Latin script)"))
    family_name = EncryptedTextField(_("family name (Latin script)"))
    given_name_original = EncryptedTextField(_("given name (original script)"))
    family_name_original = EncryptedTextField(_("family name (original script)"))
    date_of_birth = EncryptedTextField(
        _("date of birth"), help_text=_("YYYY-MM-DD, YYYY-MM or YYYY")
    )

    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    age_band = models.CharField(
        _("age band"), max_length=8, choices=AgeBand.choices, default=AgeBand.UNKNOWN
    )
    nationality = models.CharField(
        _("nationality"),
        max_length=3,
        blank=True,
        help_text=_("ISO 3166-1 alpha-2 code, or XX for stateless"),
    )

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return self.code

    def encryption_data_key(self) -> DataKey:
        return self.data_key

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None
