from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from putokaz.accounts.roles import Role
from putokaz.core.fields import EncryptedTextField, SealedFieldsMixin
from putokaz.core.models import DataKey


class OrganisationType(models.TextChoices):
    NGO = "ngo", _("Non-governmental organisation")
    POLICE = "police", _("Police")
    PROSECUTION = "prosecution", _("Public prosecution")
    IDENTIFICATION_AUTHORITY = "identification_authority", _("Identification authority")
    SOCIAL_WELFARE = "social_welfare", _("Social welfare centre")
    SHELTER = "shelter", _("Shelter")
    HEALTH = "health", _("Health service")
    LEGAL_AID = "legal_aid", _("Legal aid")
    INTERNATIONAL_ORG = "international_org", _("International organisation")
    ASYLUM_AUTHORITY = "asylum_authority", _("Asylum authority")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    type = models.CharField(_("type"), max_length=32, choices=OrganisationType.choices)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2 code"))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.short_name or self.name


class User(AbstractUser):
    """Staff user. Login always needs a second factor (see putokaz.accounts.twofactor)."""

    preferred_language = models.CharField(max_length=10, blank=True)

    class Meta:
        verbose_name = _("user")

    def __str__(self) -> str:
        return self.username


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="unique_membership_role"
            ),
        ]
        verbose_name = _("membership")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"


class TotpDevice(SealedFieldsMixin, models.Model):
    """The user's authenticator. The shared secret is sealed like personal data."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    data_key = models.OneToOneField(DataKey, on_delete=models.PROTECT, related_name="+")
    secret = EncryptedTextField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last accepted time step: a code seen once is never accepted again.
    last_used_step = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"authenticator of {self.user}"

    def encryption_data_key(self) -> DataKey:
        return self.data_key


class RecoveryCode(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    # SHA-256 is enough: the codes are 50 random bits, not guessable passwords.
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"recovery code of {self.user}"


class LoginThrottle(models.Model):
    """Failed attempts per account name, keyed by an HMAC of it: no name, no IP address."""

    key = models.CharField(max_length=64, unique=True)
    failures = models.PositiveIntegerField(default=0)
    first_failure_at = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"throttle {self.key[:8]}"


class LoginSession(models.Model):
    """Which sessions a user holds, so they can be ended server-side on deactivation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_sessions")
    session_key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"session of {self.user}"


class ApiToken(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
