"""Login, second factor, throttling, sessions and API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import time
from importlib import import_module

import pyotp
from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from putokaz.accounts.models import (
    ApiToken,
    LoginSession,
    LoginThrottle,
    RecoveryCode,
    TotpDevice,
    User,
)
from putokaz.accounts.selectors import actor_for
from putokaz.core.audit import Actor, audit_record
from putokaz.core.keys import data_key_create

THROTTLE_FREE_FAILURES = 5
THROTTLE_MAX_LOCK = dt.timedelta(hours=1)
THROTTLE_FORGET_AFTER = dt.timedelta(hours=24)
SESSION_2FA_AT = "putokaz_2fa_at"
SESSION_LOGIN_AT = "putokaz_login_at"
SESSION_PENDING_USER = "putokaz_pending_user"
SESSION_PENDING_AT = "putokaz_pending_at"
PENDING_LIFETIME_SECONDS = 300
RECOVERY_CODE_COUNT = 10
TOTP_ISSUER = "Putokaz"


# --- throttling -----------------------------------------------------------------


def _throttle_key(username: str) -> str:
    # Keyed hash: the table reveals neither the names tried nor where from.
    return hmac.new(
        settings.SECRET_KEY.encode(),
        b"login-throttle\x00" + username.strip().lower().encode(),
        hashlib.sha256,
    ).hexdigest()


def throttle_wait_seconds(username: str) -> int:
    row = LoginThrottle.objects.filter(key=_throttle_key(username)).first()
    if row is None or row.locked_until is None:
        return 0
    return max(0, int((row.locked_until - timezone.now()).total_seconds() + 0.999))


def throttle_failure(username: str) -> None:
    now = timezone.now()
    with transaction.atomic():
        row, created = LoginThrottle.objects.select_for_update().get_or_create(
            key=_throttle_key(username), defaults={"failures": 0, "first_failure_at": now}
        )
        if not created and now - row.first_failure_at > THROTTLE_FORGET_AFTER:
            row.failures, row.first_failure_at = 0, now
        row.failures += 1
        if row.failures >= THROTTLE_FREE_FAILURES:
            # 1, 2, 4, 8 … minutes: a person who mistyped waits a minute, a script waits hours.
            lock = dt.timedelta(minutes=2 ** (row.failures - THROTTLE_FREE_FAILURES))
            row.locked_until = now + min(lock, THROTTLE_MAX_LOCK)
        row.save()


def throttle_clear(username: str) -> None:
    LoginThrottle.objects.filter(key=_throttle_key(username)).delete()


# --- second factor ----------------------------------------------------------------


def totp_device_create(*, user: User) -> tuple[TotpDevice, str]:
    """A new, unconfirmed authenticator; replaces an unconfirmed earlier one."""
    secret = pyotp.random_base32()
    with transaction.atomic():
        TotpDevice.objects.filter(user=user, confirmed_at__isnull=True).delete()
        device = TotpDevice(user=user, data_key=data_key_create())
        device.secret = secret
        device.save()
    return device, secret


def totp_provisioning_uri(*, user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=TOTP_ISSUER)


def totp_verify(*, device: TotpDevice, code: str, at: float | None = None) -> bool:
    """Accept the current code or its neighbours (clock drift), each time step only once."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return False
    totp = pyotp.TOTP(device.secret)
    now = time.time() if at is None else at
    current_step = int(now // totp.interval)
    with transaction.atomic():
        locked = TotpDevice.objects.select_for_update().get(pk=device.pk)
        for step in (current_step - 1, current_step, current_step + 1):
            if step <= locked.last_used_step:
                continue
            if hmac.compare_digest(totp.generate_otp(step), code):
                TotpDevice.objects.filter(pk=device.pk).update(last_used_step=step)
                device.last_used_step = step
                return True
    return False


def _recovery_hash(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").strip().lower().encode()).hexdigest()


def recovery_codes_generate(*, user: User) -> list[str]:
    codes = []
    with transaction.atomic():
        RecoveryCode.objects.filter(user=user).delete()
        for _ in range(RECOVERY_CODE_COUNT):
            raw = secrets.token_hex(5)
            codes.append(f"{raw[:5]}-{raw[5:]}")
            RecoveryCode.objects.create(user=user, code_hash=_recovery_hash(raw))
    return codes


def recovery_code_use(*, user: User, code: str) -> bool:
    with transaction.atomic():
        row = (
            RecoveryCode.objects.select_for_update()
            .filter(user=user, code_hash=_recovery_hash(code), used_at__isnull=True)
            .first()
        )
        if row is None:
            return False
        row.used_at = timezone.now()
        row.save(update_fields=["used_at"])
    return True


def totp_confirm(*, device: TotpDevice, code: str) -> bool:
    if not totp_verify(device=device, code=code):
        return False
    device.confirmed_at = timezone.now()
    device.save(update_fields=["confirmed_at"])
    return True


# --- sessions -------------------------------------------------------------------------


def login_begin(*, request: HttpRequest, user: User) -> None:
    """The password was right: remember who is halfway in, but grant nothing yet."""
    request.session.cycle_key()
    request.session[SESSION_PENDING_USER] = user.pk
    request.session[SESSION_PENDING_AT] = int(time.time())


def login_pending_user(request: HttpRequest) -> User | None:
    user_id = request.session.get(SESSION_PENDING_USER)
    started = request.session.get(SESSION_PENDING_AT, 0)
    if not user_id or time.time() - started > PENDING_LIFETIME_SECONDS:
        return None
    return User.objects.filter(pk=user_id, is_active=True).first()


def login_complete(*, request: HttpRequest, user: User, method: str) -> None:
    """Both factors passed: create the session (login() rotates its key) and record it."""
    for key in (SESSION_PENDING_USER, SESSION_PENDING_AT):
        request.session.pop(key, None)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    now = int(time.time())
    request.session[SESSION_2FA_AT] = now
    request.session[SESSION_LOGIN_AT] = now
    request.session.save()
    LoginSession.objects.get_or_create(user=user, session_key=request.session.session_key)
    throttle_clear(user.username)
    audit_record(
        actor=actor_for(user),
        action="auth.login",
        object_type="user",
        object_ref=str(user.pk),
        fields=[],
        purpose=f"second factor: {method}",
    )


def logout_user(*, request: HttpRequest, reason: str = "logout") -> None:
    user = request.user
    if user.is_authenticated:
        LoginSession.objects.filter(user=user, session_key=request.session.session_key).delete()
        audit_record(
            actor=actor_for(user),
            action="auth.logout",
            object_type="user",
            object_ref=str(user.pk),
            purpose=reason,
        )
    logout(request)  # flushes the session server-side


def _session_store() -> type[SessionBase]:
    return import_module(settings.SESSION_ENGINE).SessionStore


def user_end_sessions(*, user: User) -> int:
    store = _session_store()
    keys = list(LoginSession.objects.filter(user=user).values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    LoginSession.objects.filter(user=user).delete()
    return len(keys)


def user_deactivate(*, actor: Actor, user: User) -> None:
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_active=False)
        user.is_active = False
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        ended = user_end_sessions(user=user)
        audit_record(
            actor=actor,
            action="user.deactivate",
            object_type="user",
            object_ref=str(user.pk),
            purpose=f"{ended} sessions ended",
        )


# --- API tokens ------------------------------------------------------------------------


def _token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(*, user: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    raw = "pkz_" + secrets.token_urlsafe(32)
    days = days or settings.API_TOKEN_DAYS
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=raw[:10],
            token_hash=_token_hash(raw),
            expires_at=timezone.now() + dt.timedelta(days=days),
        )
        audit_record(
            actor=actor_for(user),
            action="api_token.create",
            object_type="api_token",
            object_ref=token.prefix,
            purpose=f"expires in {days} days",
        )
    return token, raw


def api_token_user(raw: str) -> User | None:
    """The active user of a live token, or None for unknown, revoked or expired tokens."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=_token_hash(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or token.expires_at <= timezone.now() or not token.user.is_active:
        return None
    # Touch at most once a minute: a write per API call would serialise on the row.
    if token.last_used_at is None or timezone.now() - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def api_token_revoke(*, user: User, token_id: int) -> bool:
    return bool(
        ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )
