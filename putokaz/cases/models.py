from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from putokaz.accounts.models import Organisation
from putokaz.core.codes import new_case_code, new_person_code
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
# Further sealed fields, grouped by the consent category that may share them.
IDENTITY_EXTRA_FIELDS = ("aliases", "gender_identity", "identity_documents")
CONTACT_FIELDS = ("phone",)
LOCATION_FIELDS = ("current_location",)


class LegalStatus(models.TextChoices):
    UNKNOWN = "unknown", _("Unknown")
    IRREGULAR = "irregular", _("Irregular stay")
    ASYLUM_INTENTION = "asylum_intention", _("Expressed intention to seek asylum")
    ASYLUM_SEEKER = "asylum_seeker", _("Asylum seeker (application lodged)")
    REFUGEE = "refugee", _("Refugee status")
    SUBSIDIARY_PROTECTION = "subsidiary_protection", _("Subsidiary protection")
    HUMANITARIAN_RESIDENCE = (
        "humanitarian_residence",
        _("Temporary residence on humanitarian grounds"),
    )
    CITIZEN = "citizen", _("Citizen")
    RESIDENT = "resident", _("Foreign resident")
    DEPARTED = "departed", _("Left the country")


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

    aliases = EncryptedTextField(_("other names and spellings"), help_text=_("one per line"))
    gender_identity = EncryptedTextField(_("gender identity"))
    identity_documents = EncryptedTextField(
        _("identity documents"), help_text=_("type, number and issuing country, one per line")
    )
    phone = EncryptedTextField(_("phone"))
    current_location = EncryptedTextField(
        _("current location"), help_text=_("reception centre, town or address of accommodation")
    )
    estimated_age = models.PositiveSmallIntegerField(
        _("estimated age"), null=True, blank=True, help_text=_("when the date of birth is unknown")
    )
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    legal_status = models.CharField(
        _("legal status"), max_length=32, choices=LegalStatus.choices, default=LegalStatus.UNKNOWN
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

    def age_in_years(self, *, today: dt.date | None = None) -> int | None:
        """Age from the (decrypted) date of birth, else the estimate: for eligibility rules."""
        dob = self.date_of_birth or ""
        if dob:
            today = today or dt.date.today()
            parts = [int(p) for p in dob.split("-")]
            month, day = (parts[1] if len(parts) > 1 else 7), (parts[2] if len(parts) > 2 else 1)
            return today.year - parts[0] - ((today.month, today.day) < (month, day))
        return self.estimated_age


class CaseType(models.TextChoices):
    TRAFFICKING = "trafficking", _("Suspected trafficking")
    GBV = "gbv", _("Gender-based violence")
    BOTH = "both", _("Trafficking and gender-based violence")
    OTHER = "other", _("Other protection concern")


class ExploitationForm(models.TextChoices):
    SEXUAL = "sexual", _("Sexual exploitation")
    LABOUR = "labour", _("Labour exploitation")
    BEGGING = "begging", _("Forced begging")
    CRIMINALITY = "criminality", _("Forced criminality")
    MARRIAGE = "marriage", _("Forced marriage")
    ORGANS = "organs", _("Organ removal")
    ADOPTION = "adoption", _("Illegal adoption")
    OTHER = "other", _("Other")


class GbvType(models.TextChoices):
    """The six GBVIMS core types, in the GBVIMS order (classification goes top-down)."""

    RAPE = "rape", _("Rape")
    SEXUAL_ASSAULT = "sexual_assault", _("Sexual assault")
    PHYSICAL_ASSAULT = "physical_assault", _("Physical assault")
    FORCED_MARRIAGE = "forced_marriage", _("Forced marriage")
    DENIAL_OF_RESOURCES = "denial_of_resources", _("Denial of resources, opportunities or services")
    PSYCHOLOGICAL_ABUSE = "psychological_abuse", _("Psychological / emotional abuse")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class CloseReason(models.TextChoices):
    GOALS_MET = "goals_met", _("Service plan goals met")
    STATUS_RESOLVED = "status_resolved", _("Legal status resolved, support handed over")
    DEPARTED = "departed", _("Person left the country")
    LOST_CONTACT = "lost_contact", _("Contact lost")
    PERSON_DECLINED = "person_declined", _("Person no longer wants support")
    TRANSFERRED = "transferred", _("Transferred to another organisation")
    DUPLICATE = "duplicate", _("Duplicate record")
    DIED = "died", _("Person died")


class IdentificationStatus(models.TextChoices):
    # Until the designated authority decides, a person is only ever a presumed victim.
    PRESUMED = "presumed", _("Presumed victim (not formally identified)")
    IDENTIFIED = "identified", _("Formally identified as a victim of trafficking")
    NOT_IDENTIFIED = "not_identified", _("Not identified as a victim of trafficking")
    NOT_COMPLETED = "not_completed", _("Identification not completed")


class DataCategory(models.TextChoices):
    """What consent can share: each maps to fields (see cases.sharing)."""

    IDENTITY = "identity", _("Identity (names, date of birth, documents)")
    CONTACT = "contact", _("Contact (phone)")
    LOCATION = "location", _("Location (where the person stays)")
    HEALTH = "health", _("Health")
    TESTIMONY = "testimony", _("Testimony and case notes")
    LEGAL = "legal", _("Legal status and proceedings")


class ConsentPurpose(models.TextChoices):
    SERVICES = "services", _("Receiving support services")
    IDENTIFICATION = "identification", _("Formal identification as a victim")
    LEGAL_AID = "legal_aid", _("Legal advice and representation")
    PROSECUTION = "prosecution", _("Criminal investigation and prosecution")
    CASE_TRANSFER = "case_transfer", _("Transfer of the case to another organisation")
    RECORD_LINKAGE = "record_linkage", _("Linking records held by other organisations")


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("Written, signed by the person")
    VERBAL_INTERPRETER = "verbal_interpreter", _("Verbal, through an interpreter")
    VERBAL = "verbal", _("Verbal, in the person's language")
    GUARDIAN = "guardian", _("By a guardian, for a child")


class Case(SealedFieldsMixin, models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(
        _("case code"), max_length=12, unique=True, default=new_case_code, editable=False
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("owning organisation"),
    )
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_cases",
        verbose_name=_("case manager"),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    case_type = models.CharField(_("case type"), max_length=16, choices=CaseType.choices)
    exploitation_forms = models.JSONField(_("forms of exploitation"), default=list, blank=True)
    gbv_types = models.JSONField(_("GBV types"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    close_reason = models.CharField(
        _("reason for closing"), max_length=20, choices=CloseReason.choices, blank=True
    )
    identification_status = models.CharField(
        max_length=16, choices=IdentificationStatus.choices, default=IdentificationStatus.PRESUMED
    )
    entry_point = models.CharField(_("entry point"), max_length=100, blank=True)
    summary = EncryptedTextField(_("summary"), help_text=_("what happened, in a few lines"))
    version = models.PositiveIntegerField(default=1)
    opened_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        permissions = [("break_glass", "Can open any case in an emergency, with a reason")]
        indexes = [models.Index(fields=["organisation", "status", "-opened_at"])]

    def __str__(self) -> str:
        return self.code

    def encryption_data_key(self) -> DataKey:
        return self.person.data_key


class CaseEvent(models.Model):
    """The case history: explicit events, never inferred from diffs. No personal data."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=40)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.kind}"


class Consent(SealedFieldsMixin, models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    categories = models.JSONField(_("data categories"), default=list)
    purposes = models.JSONField(_("purposes"), default=list)
    recipient_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("to these organisations")
    )
    recipient_types = models.JSONField(
        _("to organisations of these kinds"), default=list, blank=True
    )
    method = models.CharField(
        _("how consent was given"), max_length=24, choices=ConsentMethod.choices
    )
    given_at = models.DateTimeField(_("given on"))
    interpreter_language = models.CharField(_("interpreter's language"), max_length=10, blank=True)
    note = EncryptedTextField(_("note"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-given_at", "-id"]

    def __str__(self) -> str:
        return f"consent {self.pk} for {self.case}"

    def encryption_data_key(self) -> DataKey:
        return self.case.person.data_key

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class _CaseOwned(SealedFieldsMixin, models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def encryption_data_key(self) -> DataKey:
        return self.case.person.data_key  # type: ignore[attr-defined]


class NeedsAssessment(_CaseOwned):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    needs = models.JSONField(_("needs"), default=list, help_text=_("need codes with priority"))
    health_notes = EncryptedTextField(_("health"))
    notes = EncryptedTextField(_("notes"))

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"needs assessment {self.pk}"


class GoalStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


class PlanGoal(_CaseOwned):
    """A goal of the individual service plan."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals")
    need = models.CharField(_("need"), max_length=32, blank=True)
    description = EncryptedTextField(_("goal"))
    status = models.CharField(
        _("status"), max_length=12, choices=GoalStatus.choices, default=GoalStatus.PLANNED
    )
    due_date = models.DateField(_("target date"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return f"goal {self.pk}"


class ServiceDelivery(_CaseOwned):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deliveries")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("service"), max_length=32)
    delivered_on = models.DateField(_("date"))
    description = EncryptedTextField(_("what was provided"))

    class Meta:
        ordering = ["-delivered_on", "-id"]

    def __str__(self) -> str:
        return f"service {self.category} on {self.delivered_on}"


class NoteKind(models.TextChoices):
    GENERAL = "general", _("General")
    TESTIMONY = "testimony", _("The person's account")
    HEALTH = "health", _("Health")
    LEGAL = "legal", _("Legal")


class CaseNote(_CaseOwned):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(
        _("kind"), max_length=12, choices=NoteKind.choices, default=NoteKind.GENERAL
    )
    text = EncryptedTextField(_("note"))

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"note {self.pk}"


class CaseTask(_CaseOwned):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = EncryptedTextField(_("task"))
    due_date = models.DateField(_("follow up by"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_tasks",
    )
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["done_at", "due_date", "id"]

    def __str__(self) -> str:
        return f"task {self.pk}"


class StatusEventKind(models.TextChoices):
    ARRIVAL = "arrival", _("Arrival")
    LOCATION = "location", _("Moved to another place")
    ASYLUM_INTENTION = "asylum_intention", _("Intention to seek asylum expressed")
    ASYLUM_APPLICATION = "asylum_application", _("Asylum application lodged")
    DECISION = "decision", _("Decision on asylum")
    APPEAL = "appeal", _("Appeal")
    HUMANITARIAN_RESIDENCE = "humanitarian_residence", _("Residence on humanitarian grounds")
    DEPARTURE = "departure", _("Departure")


class StatusEvent(_CaseOwned):
    """The location and legal-status timeline that keeps support going when a person moves."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(_("event"), max_length=24, choices=StatusEventKind.choices)
    on_date = models.DateField(_("date"))
    legal_status = models.CharField(
        _("legal status after it"), max_length=32, choices=LegalStatus.choices, blank=True
    )
    place = EncryptedTextField(_("place"))
    notes = EncryptedTextField(_("notes"))

    class Meta:
        ordering = ["on_date", "id"]

    def __str__(self) -> str:
        return f"{self.kind} on {self.on_date}"


class BreakGlassGrant(SealedFieldsMixin, models.Model):
    """Emergency access: one user, one case, one hour, a reason, reported to the owner."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="break_glass_grants")
    reason = EncryptedTextField(_("reason"))
    granted_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-granted_at"]

    def __str__(self) -> str:
        return f"break-glass on {self.case}"

    def encryption_data_key(self) -> DataKey:
        return self.case.person.data_key


class CaseTransfer(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers")
    from_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    to_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    accepted = models.BooleanField(null=True)

    def __str__(self) -> str:
        return f"transfer of {self.case}"
