from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from putokaz.accounts.models import Organisation
from putokaz.cases.models import Case, IdentificationStatus
from putokaz.core.codes import new_referral_code
from putokaz.core.fields import EncryptedTextField, SealedFieldsMixin
from putokaz.core.models import DataKey
from putokaz.referrals.eligibility import Rules


class ServiceCategory(models.TextChoices):
    SAFE_ACCOMMODATION = "safe_accommodation", _("Safe accommodation")
    MEDICAL = "medical", _("Medical care")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
    LEGAL_AID = "legal_aid", _("Legal aid")
    INTERPRETATION = "interpretation", _("Interpretation")
    MATERIAL_AID = "material_aid", _("Material and cash aid")
    CHILD_PROTECTION = "child_protection", _("Child protection and guardianship")
    RETURN_REINTEGRATION = "return_reintegration", _("Return and reintegration")
    IDENTIFICATION = "identification", _("Formal identification")
    INVESTIGATION = "investigation", _("Criminal investigation")


class Service(models.Model):
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=32, choices=ServiceCategory.choices)
    city = models.CharField(_("town"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("empty when the number of people is not limited"),
    )
    sexes = models.JSONField(
        _("accepts sexes"), default=list, blank=True, help_text=_("empty: everyone")
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    legal_statuses = models.JSONField(
        _("accepts legal statuses"),
        default=list,
        blank=True,
        help_text=_("empty: any legal status"),
    )
    nationalities_excluded = models.JSONField(
        _("does not accept nationals of"), default=list, blank=True
    )
    case_types = models.JSONField(_("accepts case types"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return self.name

    def rules(self, *, in_use: int = 0) -> Rules:
        return Rules(
            sexes=frozenset(self.sexes),
            min_age=self.min_age,
            max_age=self.max_age,
            legal_statuses=frozenset(self.legal_statuses),
            nationalities_excluded=frozenset(self.nationalities_excluded),
            case_types=frozenset(self.case_types),
            languages=frozenset(self.languages),
            capacity=self.capacity,
            in_use=in_use,
        )


class Urgency(models.TextChoices):
    EMERGENCY = "emergency", _("Emergency — answer within 24 hours")
    URGENT = "urgent", _("Urgent — answer within 3 days")
    ROUTINE = "routine", _("Routine — answer within 10 days")


RESPONSE_TIME = {
    Urgency.EMERGENCY: dt.timedelta(hours=24),
    Urgency.URGENT: dt.timedelta(days=3),
    Urgency.ROUTINE: dt.timedelta(days=10),
}


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED)


class Referral(SealedFieldsMixin, models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(max_length=12, unique=True, default=new_referral_code, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referrals")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="referrals")
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals_sent"
    )
    to_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals_received"
    )
    categories = models.JSONField(_("data shared"), default=list)
    purpose = models.CharField(_("purpose"), max_length=24)
    urgency = models.CharField(
        _("urgency"), max_length=12, choices=Urgency.choices, default=Urgency.ROUTINE
    )
    reason = EncryptedTextField(_("reason for the referral"))
    status = models.CharField(
        max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    respond_by = models.DateTimeField()
    escalated_at = models.DateTimeField(null=True, blank=True)
    decline_reason = EncryptedTextField(_("reason for declining"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["to_organisation", "status", "-created_at"]),
            models.Index(fields=["status", "respond_by"]),
        ]

    def __str__(self) -> str:
        return self.code

    def encryption_data_key(self) -> DataKey:
        return self.case.person.data_key

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ReferralEvent(models.Model):
    """The referral's life cycle as explicit rows: who moved it to which status, when."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=12, choices=ReferralStatus.choices)
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.referral} {self.status}"


class IdentificationDecision(SealedFieldsMixin, models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.OneToOneField(
        Referral, on_delete=models.PROTECT, related_name="identification"
    )
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="identification_decisions"
    )
    decision = models.CharField(
        _("decision"),
        max_length=16,
        choices=[
            (IdentificationStatus.IDENTIFIED, IdentificationStatus.IDENTIFIED.label),
            (IdentificationStatus.NOT_IDENTIFIED, IdentificationStatus.NOT_IDENTIFIED.label),
            (IdentificationStatus.NOT_COMPLETED, IdentificationStatus.NOT_COMPLETED.label),
        ],
    )
    decided_on = models.DateField(_("date of the decision"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    basis_screening_ref = models.CharField(_("screening it relied on"), max_length=40, blank=True)
    basis_notes = EncryptedTextField(_("basis of the decision"))
    recovery_period_start = models.DateField(
        _("recovery and reflection period from"), null=True, blank=True
    )
    recovery_period_end = models.DateField(
        _("recovery and reflection period until"), null=True, blank=True
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"identification decision on {self.case}"

    def encryption_data_key(self) -> DataKey:
        return self.case.person.data_key
