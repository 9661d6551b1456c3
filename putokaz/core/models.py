from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataKey(models.Model):
    """A per-owner data key, stored only wrapped by the master key.

    Erasing sets `wrapped` to NULL: without the key, every field sealed under it is
    unreadable for good, while the owner's non-identifying attributes remain.
    """

    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    wrapped = models.BinaryField(null=True, editable=False)
    master_key_id = models.CharField(max_length=16)
    created_at = models.DateTimeField(auto_now_add=True)
    rotated_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("data key")

    def __str__(self) -> str:
        return f"data key {self.ref}"


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    # The application refuses bulk changes; on PostgreSQL a trigger refuses them too.
    def update(self, **kwargs: object) -> int:
        raise AuditLogImmutable("audit events cannot be updated")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditLogImmutable("audit events cannot be deleted")


class AuditLogImmutable(Exception):
    pass


class AuditEvent(models.Model):
    """One entry of the append-only, hash-chained audit log. Never personal data."""

    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    # Plain ids, not foreign keys: the log must outlive the users and organisations it names.
    actor_id = models.BigIntegerField(null=True)
    actor = models.CharField(max_length=150)
    role = models.CharField(max_length=32, blank=True)
    organisation_id = models.BigIntegerField(null=True)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    object_ref = models.CharField(max_length=64, blank=True)
    fields = models.JSONField(default=list)
    purpose = models.CharField(max_length=200, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["object_type", "object_ref"]),
            models.Index(fields=["actor_id", "at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type} {self.object_ref}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None or not self._state.adding:
            raise AuditLogImmutable("audit events cannot be changed")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AuditLogImmutable("audit events cannot be deleted")


class AuditChainHead(models.Model):
    """The last sequence number and hash: locked by every append, checked by verify.

    Without it a removed last event would leave a chain that still verifies.
    """

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"audit head #{self.seq}"
