from __future__ import annotations

import datetime as dt
import time

import pyotp
import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from putokaz.accounts import services
from putokaz.accounts.models import LoginThrottle, TotpDevice, User
from putokaz.core.audit import Actor
from tests.conftest import login

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def _device(user: User) -> str:
    device, secret = services.totp_device_create(user=user)
    device.confirmed_at = timezone.now()
    device.save()
    return secret


def _password_step(client: Client, username: str, password: str = PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def _is_logged_in(client: Client) -> bool:
    return client.get(reverse("home")).status_code == 200


def test_password_alone_never_yields_a_session(personas) -> None:
    _device(personas.case_manager)
    client = Client()
    response = _password_step(client, "ana")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:verify")
    assert "_auth_user_id" not in client.session
    assert not _is_logged_in(client)


def test_totp_completes_the_login_and_rotates_the_session(personas) -> None:
    secret = _device(personas.case_manager)
    client = Client()
    client.get(reverse("accounts:login"))
    _password_step(client, "ana")
    pending_key = client.session.session_key
    response = client.post(reverse("accounts:verify"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert client.session.session_key != pending_key
    assert _is_logged_in(client)


def test_a_wrong_code_is_refused(personas) -> None:
    _device(personas.case_manager)
    client = Client()
    _password_step(client, "ana")
    response = client.post(reverse("accounts:verify"), {"code": "000000"})
    assert response.status_code == 200 and "not valid" in response.content.decode()
    assert not _is_logged_in(client)


def test_a_code_cannot_be_replayed(personas) -> None:
    secret = _device(personas.case_manager)
    device = TotpDevice.objects.get(user=personas.case_manager)
    code = pyotp.TOTP(secret).now()
    assert services.totp_verify(device=device, code=code)
    assert not services.totp_verify(device=device, code=code)


def test_a_recovery_code_works_once(personas) -> None:
    _device(personas.case_manager)
    codes = services.recovery_codes_generate(user=personas.case_manager)
    first = Client()
    _password_step(first, "ana")
    first.post(reverse("accounts:verify"), {"code": codes[0]})
    assert _is_logged_in(first)
    second = Client()
    _password_step(second, "ana")
    second.post(reverse("accounts:verify"), {"code": codes[0]})
    assert not _is_logged_in(second)


def test_first_login_requires_enrolment_before_any_session(personas) -> None:
    client = Client()
    response = _password_step(client, "ana")
    assert response["Location"] == reverse("accounts:enrol")
    page = client.get(reverse("accounts:enrol"))
    assert page.status_code == 200 and b"<svg" in page.content
    assert not _is_logged_in(client)
    device = TotpDevice.objects.get(user=personas.case_manager)
    response = client.post(reverse("accounts:enrol"), {"code": pyotp.TOTP(device.secret).now()})
    assert response.status_code == 200 and "recovery codes" in response.content.decode().lower()
    assert _is_logged_in(client)


def test_repeated_failures_lock_the_account_name_without_storing_it(personas) -> None:
    client = Client()
    for _ in range(services.THROTTLE_FREE_FAILURES):
        _password_step(client, "ana", "wrong password")
    response = _password_step(client, "ana")  # even the right password waits now
    assert "Too many failed attempts" in response.content.decode()
    row = LoginThrottle.objects.get()
    assert "ana" not in row.key and len(row.key) == 64
    assert row.locked_until > timezone.now()


def test_the_lock_grows_with_more_failures(personas) -> None:
    for _ in range(services.THROTTLE_FREE_FAILURES + 3):
        services.throttle_failure("ana")
    wait = services.throttle_wait_seconds("ana")
    assert 7 * 60 < wait <= 8 * 60


def test_a_session_without_the_second_factor_flag_is_ended(personas) -> None:
    client = Client()
    client.force_login(personas.case_manager)  # as Django's own admin login would leave it
    assert not _is_logged_in(client)
    assert (
        not Session.objects.filter(session_key=client.session.session_key).exists()
        or "_auth_user_id" not in client.session
    )


def test_the_admin_login_goes_through_the_two_factor_login() -> None:
    response = Client().get("/admin/login/")
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )


def test_the_absolute_session_lifetime_ends_the_session(personas, settings) -> None:
    client = login(Client(), personas.case_manager)
    session = client.session
    session[services.SESSION_LOGIN_AT] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    assert not _is_logged_in(client)


def test_the_idle_timeout_is_fifteen_minutes_and_slides(settings) -> None:
    assert settings.SESSION_COOKIE_AGE == 15 * 60 and settings.SESSION_SAVE_EVERY_REQUEST


def test_an_idle_session_expires_server_side(personas) -> None:
    client = login(Client(), personas.case_manager)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    assert not _is_logged_in(client)


def test_logout_ends_the_session_server_side(personas) -> None:
    client = login(Client(), personas.case_manager)
    key = client.session.session_key
    client.post(reverse("accounts:logout"))
    assert not Session.objects.filter(session_key=key).exists()


def test_deactivating_a_user_ends_their_sessions_and_tokens(personas) -> None:
    secret = _device(personas.case_manager)
    client = Client()
    _password_step(client, "ana")
    client.post(reverse("accounts:verify"), {"code": pyotp.TOTP(secret).now()})
    key = client.session.session_key
    _token, raw = services.api_token_create(user=personas.case_manager, name="t")
    services.user_deactivate(actor=Actor(label="admin"), user=personas.case_manager)
    assert not Session.objects.filter(session_key=key).exists()
    assert not _is_logged_in(client)
    assert Client(headers={"authorization": f"Bearer {raw}"}).get("/api/v1/me").status_code == 401


def test_an_expired_api_token_is_refused(personas) -> None:
    token, raw = services.api_token_create(user=personas.case_manager, name="t", days=1)
    client = Client(headers={"authorization": f"Bearer {raw}"})
    assert client.get("/api/v1/me").json()["username"] == "ana"
    type(token).objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert client.get("/api/v1/me").status_code == 401
    assert (
        Client(headers={"authorization": "Bearer pkz_madeup"}).get("/api/v1/me").status_code == 401
    )


def test_passwords_are_hashed_with_argon2_outside_tests(settings) -> None:
    assert "Argon2PasswordHasher" in settings.PASSWORD_HASHERS[1]
    from putokaz import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[-2].endswith("Argon2PasswordHasher")


def test_unticking_active_in_the_admin_ends_the_users_sessions(personas) -> None:
    from putokaz.accounts.models import LoginSession

    admin_user = User.objects.create_superuser(username="root", password=PASSWORD, email="r@x.test")
    target = personas.case_manager
    target_client = login(Client(), target)
    LoginSession.objects.create(user=target, session_key=target_client.session.session_key)
    admin_client = login(Client(), admin_user)
    page = admin_client.get(f"/admin/accounts/user/{target.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        k: v for k, v in form.initial.items() if v is not None and not isinstance(v, (list, dict))
    }
    data.update(
        {
            "username": target.username,
            "is_active": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        }
    )
    data.pop("password", None)
    data.pop("last_login", None)
    data.pop("date_joined", None)
    response = admin_client.post(f"/admin/accounts/user/{target.pk}/change/", data)
    assert response.status_code == 302, response.content[:2000]
    assert not Session.objects.filter(session_key=target_client.session.session_key).exists()
    assert not _is_logged_in(target_client)
