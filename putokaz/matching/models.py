"""Duplicate detection in the platform: encodings, candidates, linkage requests, links, merges.

Nothing here holds a name or a date of birth. A person's encoding is a keyed Bloom filter
(see encoded.py) whose key, the network's shared linkage secret, lives outside the database;
candidates, requests, links and merges refer to persons by key only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from putokaz.accounts.models import Organisation
from putokaz.cases.models import Person


class PersonEncoding(models.Model):
    """The person's privacy-preserving encoding, recomputed when the name or birth date changes."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="linkage_encoding")
    clk = models.BinaryField()
    # Keyed blocking keys as "kind:hex" strings: which kind of field combination was hashed
    # is readable (the engine scores on it), the value is not.
    block_keys = models.JSONField(default=list)
    # Fingerprint of the encoding scheme and the secret it was made with: encodings made
    # under another secret or engine version are incomparable and get recomputed.
    version = models.CharField(max_length=32)
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"encoding of person {self.person_id}"


class EncodingBlockKey(models.Model):
    """One blocking key of one encoding, indexed so one person's neighbours are one lookup."""

    encoding = models.ForeignKey(PersonEncoding, on_delete=models.CASCADE, related_name="keys")
    key = models.CharField(max_length=80)

    class Meta:
        indexes = [models.Index(fields=["key"])]

    def __str__(self) -> str:
        return self.key


class CandidateStatus(models.TextChoices):
    OPEN = "open", _("Possible duplicate")
    LINKED = "linked", _("Linked across organisations")
    MERGED = "merged", _("Merged")
    DISMISSED = "dismissed", _("Not the same person")


class DuplicateCandidate(models.Model):
    """Two registrations the engine finds probably of one person (person_a has the lower id)."""

    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("match probability"))
    status = models.CharField(
        _("status"), max_length=10, choices=CandidateStatus.choices, default=CandidateStatus.OPEN
    )
    found_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(auto_now=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="unique_candidate_pair"),
            models.CheckConstraint(
                condition=Q(person_a__lt=F("person_b")), name="candidate_pair_ordered"
            ),
        ]
        indexes = [models.Index(fields=["person_b"])]

    def __str__(self) -> str:
        return f"candidate {self.pk}"

    def other(self, person_id: int) -> Person:
        return self.person_b if person_id == self.person_a_id else self.person_a


class LinkageStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")


class RefusalReason(models.TextChoices):
    NOT_SAME_PERSON = "not_same_person", _("Not the same person")
    NO_CONSENT = "no_consent", _("The person does not consent")
    OTHER = "other", _("Other reason")


class LinkageRequest(models.Model):
    """Organisation A asks organisation B to confirm that their two registrations are one person."""

    candidate = models.ForeignKey(
        DuplicateCandidate, on_delete=models.PROTECT, related_name="requests"
    )
    from_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    from_person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    to_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    to_person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10, choices=LinkageStatus.choices, default=LinkageStatus.REQUESTED
    )
    refusal_reason = models.CharField(
        _("reason"), max_length=20, choices=RefusalReason.choices, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate"],
                condition=Q(status="requested"),
                name="one_open_linkage_request_per_candidate",
            )
        ]
        indexes = [models.Index(fields=["to_organisation", "status"])]

    def __str__(self) -> str:
        return f"linkage request {self.pk}"


class PersonLink(models.Model):
    """Two organisations' registrations confirmed as one person (person_a has the lower id)."""

    person_a = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    linkage_request = models.OneToOneField(
        LinkageRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="link"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="unique_person_link"),
            models.CheckConstraint(condition=Q(person_a__lt=F("person_b")), name="link_ordered"),
        ]

    def __str__(self) -> str:
        return f"link {self.person_a_id}–{self.person_b_id}"


class MergeRecord(models.Model):
    """Registration `merged` folded into `survivor`: what moved, so that undo restores it exactly.

    Nothing is deleted: the merged person keeps its row, data and code; its cases are
    re-pointed to the survivor and listed in `moved`.
    """

    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    candidate = models.ForeignKey(
        DuplicateCandidate, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moved = models.JSONField(default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["merged"],
                condition=Q(undone_at__isnull=True),
                name="a_person_is_merged_once",
            )
        ]

    def __str__(self) -> str:
        return f"merge {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.undone_at is None
