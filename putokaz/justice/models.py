from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from putokaz.accounts.models import Organisation
from putokaz.cases.models import Case
from putokaz.core.codes import new_code
from putokaz.core.fields import EncryptedTextField, SealedFieldsMixin
from putokaz.core.models import DataKey


def new_proceeding_code() -> str:
    # Pages, e-mails and case history name a proceeding by this code, never by the
    # reference number, which is an investigation detail that NGO users must not see.
    return new_code("PR")


class LegalFacts(SealedFieldsMixin, models.Model):
    """One version of the legal facts of a case, with the assistant's result for them.

    Every save adds a version; exactly one per case is current. The classification is
    stored as the engine returned it, with the catalogue versions it was made with, so a
    later catalogue cannot silently change what a practitioner saw.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="legal_facts")
    version = models.PositiveIntegerField()
    is_current = models.BooleanField(default=True)
    jurisdiction = models.CharField(max_length=16)
    facts = models.JSONField(default=dict)
    classification = models.JSONField(default=dict)
    catalogue_versions = models.JSONField(default=dict)
    # Where the age in the facts came from: the person's record, typed in, or unknown.
    age_source = models.CharField(max_length=10, blank=True)
    # Screening suggestions a person confirmed for this version: key and indicator ids.
    confirmed_suggestions = models.JSONField(default=list, blank=True)
    notes = EncryptedTextField(_("notes on the facts"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="legal_facts_case_version"),
            models.UniqueConstraint(
                fields=["case"], condition=Q(is_current=True), name="legal_facts_one_current"
            ),
        ]
        verbose_name = _("legal facts")
        verbose_name_plural = _("legal facts")

    def __str__(self) -> str:
        return f"legal facts v{self.version} of {self.case_id}"

    def encryption_data_key(self) -> DataKey:
        return self.case.person.data_key


class Stage(models.TextChoices):
    CRIMINAL_COMPLAINT = "criminal_complaint", _("Criminal complaint")
    INVESTIGATION = "investigation", _("Investigation")
    INDICTMENT = "indictment", _("Indictment")
    FIRST_INSTANCE_VERDICT = "first_instance_verdict", _("First-instance verdict")
    APPEAL = "appeal", _("Appeal")
    FINAL_JUDGMENT = "final_judgment", _("Final judgment")
    DISCONTINUATION = "discontinuation", _("Discontinuation")


class Outcome(models.TextChoices):
    CONVICTION = "conviction", _("Conviction")
    ACQUITTAL = "acquittal", _("Acquittal")
    DISMISSAL = "dismissal", _("Dismissal")
    PLEA_AGREEMENT = "plea_agreement", _("Plea agreement")


class Proceeding(SealedFieldsMixin, models.Model):
    """A criminal proceeding, recorded by police or prosecution.

    It has its own data key because its notes belong to no single person: it may concern
    several cases, and erasing one person must not make the proceeding unreadable.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(
        _("code"), max_length=12, unique=True, default=new_proceeding_code, editable=False
    )
    data_key = models.OneToOneField(DataKey, on_delete=models.PROTECT, related_name="+")
    jurisdiction = models.CharField(_("jurisdiction"), max_length=16, default="RS")
    reference_number = models.CharField(_("reference number"), max_length=64)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="proceedings_recorded",
        verbose_name=_("recorded by"),
    )
    police_unit = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("police unit"),
    )
    police_unit_name = models.CharField(
        _("police unit (if not in Putokaz)"), max_length=200, blank=True
    )
    prosecutor_office = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("prosecutor's office"),
    )
    prosecutor_office_name = models.CharField(
        _("prosecutor's office (if not in Putokaz)"), max_length=200, blank=True
    )
    court_name = models.CharField(_("court"), max_length=200, blank=True)
    notes = EncryptedTextField(_("investigation notes"))
    # Derived from the stage events by putokaz.legal.requalification, never typed in.
    current_stage = models.CharField(max_length=24, choices=Stage.choices, blank=True)
    requalified = models.BooleanField(default=False)
    partially_requalified = models.BooleanField(default=False)
    never_charged_as_trafficking = models.BooleanField(null=True)
    discontinued = models.BooleanField(default=False)
    analysis = models.JSONField(default=dict, blank=True)
    catalogue_versions = models.JSONField(default=dict, blank=True)
    analysed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-created_at"]),
            models.Index(fields=["current_stage"]),
        ]
        verbose_name = _("proceeding")
        verbose_name_plural = _("proceedings")

    def __str__(self) -> str:
        return self.code

    def encryption_data_key(self) -> DataKey:
        return self.data_key

    @property
    def organisation_ids(self) -> set[int]:
        """The organisations whose police or prosecution staff work this proceeding."""
        ids = {self.organisation_id, self.police_unit_id, self.prosecutor_office_id}
        return {i for i in ids if i is not None}

    @property
    def is_marked(self) -> bool:
        return bool(
            self.requalified
            or self.partially_requalified
            or self.never_charged_as_trafficking
            or self.discontinued
        )


class PartyRole(models.TextChoices):
    INJURED_PARTY = "injured_party", _("Injured party")
    WITNESS = "witness", _("Witness")


class ProtectionMeasure(models.TextChoices):
    # Measures of the Serbian Criminal Procedure Code for vulnerable and protected
    # witnesses, and the protection programme; "other" keeps the list open.
    VULNERABLE_WITNESS = "vulnerable_witness", _("Status of particularly vulnerable witness")
    PROTECTED_WITNESS = "protected_witness", _("Protected witness (identity withheld)")
    VIDEO_LINK = "video_link", _("Testimony by video link")
    WITHOUT_DEFENDANT = "without_defendant", _("Testimony without the defendant present")
    RESTRAINING_ORDER = "restraining_order", _("Restraining order against the defendant")
    PROTECTION_PROGRAMME = "protection_programme", _("Witness protection programme")
    OTHER = "other", _("Other measure")


class VictimInformation(models.TextChoices):
    RIGHTS = "rights", _("Rights of the injured party in the proceeding")
    PROGRESS = "progress", _("Progress and outcome of the proceeding")
    RELEASE = "release", _("Release or escape of the defendant")
    COMPENSATION = "compensation", _("How to claim compensation")
    LEGAL_AID = "legal_aid", _("Free legal aid and representation")
    SUPPORT = "support", _("Support services available")


class ProceedingParty(models.Model):
    """A case's person in a proceeding, by case (and so pseudonymous person code) and role.

    Victim protection in the proceeding is recorded here: measures requested and granted,
    what the person was told, compensation claimed and awarded.
    """

    proceeding = models.ForeignKey(Proceeding, on_delete=models.CASCADE, related_name="parties")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="proceeding_parties")
    role = models.CharField(_("role"), max_length=16, choices=PartyRole.choices)
    protection_requested = models.JSONField(_("protection measures requested"), default=list)
    protection_granted = models.JSONField(_("protection measures granted"), default=list)
    information_given = models.JSONField(_("information given to the person"), default=list)
    compensation_claimed = models.DecimalField(
        _("compensation claimed"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    compensation_awarded = models.DecimalField(
        _("compensation awarded"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    compensation_currency = models.CharField(_("currency"), max_length=3, default="RSD")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["linked_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proceeding", "case"], name="proceeding_party_once"),
        ]
        verbose_name = _("party to a proceeding")

    def __str__(self) -> str:
        return f"{self.case_id} in {self.proceeding_id}"


class StageEvent(SealedFieldsMixin, models.Model):
    """A stage of a proceeding with the offences charged at it. Appended, never edited:
    requalification findings point at stages by their position."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    proceeding = models.ForeignKey(Proceeding, on_delete=models.CASCADE, related_name="stages")
    position = models.PositiveIntegerField()
    stage = models.CharField(_("stage"), max_length=24, choices=Stage.choices)
    date = models.DateField(_("date"))
    charges = models.JSONField(_("offences charged"), default=list, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    sentence = models.CharField(_("sentence"), max_length=200, blank=True)
    notes = EncryptedTextField(_("notes"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proceeding", "position"]
        constraints = [
            models.UniqueConstraint(fields=["proceeding", "position"], name="stage_event_position"),
        ]
        verbose_name = _("stage of a proceeding")

    def __str__(self) -> str:
        return f"{self.stage} on {self.date}"

    def encryption_data_key(self) -> DataKey:
        return self.proceeding.data_key


class FindingKind(models.TextChoices):
    REQUALIFICATION = "requalification", _("Requalified out of trafficking")
    PARTIAL_REQUALIFICATION = "partial_requalification", _("Partly requalified")
    NEVER_CHARGED = "never_charged_as_trafficking", _("Never charged as trafficking")
    DISCONTINUED = "discontinued", _("Discontinued")


class ProceedingFinding(models.Model):
    """What the requalification analysis found, kept so that only new findings notify."""

    proceeding = models.ForeignKey(Proceeding, on_delete=models.CASCADE, related_name="findings")
    # Identity of a finding across analyses: kind and the stage positions it concerns.
    key = models.CharField(max_length=80)
    kind = models.CharField(max_length=32, choices=FindingKind.choices)
    from_stage = models.CharField(max_length=24, blank=True)
    to_stage = models.CharField(max_length=24, blank=True)
    from_codes = models.JSONField(default=list)
    to_codes = models.JSONField(default=list)
    # For requalification: the offence families the charges moved to (statistics).
    to_families = models.JSONField(default=list)
    message = models.TextField()
    detected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proceeding", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proceeding", "key"], name="proceeding_finding_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} in {self.proceeding_id}"
