"""Shared fixtures: factories, named personas for the roles, and a two-factor login helper."""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass

import pytest
from django.test import Client

from putokaz.accounts.models import Membership, Organisation, User
from putokaz.accounts.roles import Role
from putokaz.accounts.services import SESSION_2FA_AT, SESSION_LOGIN_AT
from putokaz.cases.models import Person
from putokaz.cases.services import PersonInput, person_create
from putokaz.core.audit import Actor

_real_connect = socket.socket.connect


def _guarded_connect(self: socket.socket, address: object) -> None:
    # Tests talk only to this machine (the database, the live server, Chromium).
    host = address[0] if isinstance(address, tuple) else address
    if (
        isinstance(host, str)
        and host not in ("127.0.0.1", "::1", "localhost")
        and not host.startswith("/")
    ):
        raise RuntimeError(f"network access to {host!r} is blocked in tests")
    _real_connect(self, address)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)


def make_org(name: str, type_: str = "ngo") -> Organisation:
    return Organisation.objects.create(name=name, short_name=name[:30], type=type_, country="RS")


def make_user(username: str, org: Organisation | None = None, role: str | None = None) -> User:
    user = User.objects.create_user(username=username, password="correct horse battery staple")
    if org is not None and role is not None:
        Membership.objects.create(user=user, organisation=org, role=role)
    return user


def make_person(org: Organisation, **fields: str) -> Person:
    data = PersonInput(
        **{
            "given_name": "Fatemeh",
            "family_name": "Ahmadi",
            "given_name_original": "فاطمه",
            "family_name_original": "احمدی",
            "date_of_birth": "1998-03-12",
            "sex": "female",
            "nationality": "AF",
            **fields,
        }
    )
    return person_create(actor=Actor(label="test"), organisation=org, data=data)


def login(client: Client, user: User) -> Client:
    """A session as the real two-step login leaves it (tests of that flow use the real views)."""
    client.force_login(user)
    session = client.session
    now = int(time.time())
    session[SESSION_2FA_AT] = now
    session[SESSION_LOGIN_AT] = now
    session.save()
    return client


@dataclass
class Personas:
    org: Organisation
    other_org: Organisation
    case_manager: User
    outreach: User
    org_admin: User
    analyst: User
    investigator: User
    other_case_manager: User


@pytest.fixture
def personas(db: None) -> Personas:
    org = make_org("Sigurna Staza test")
    other = make_org("Pravni Most test", "legal_aid")
    return Personas(
        org=org,
        other_org=other,
        case_manager=make_user("ana", org, Role.CASE_MANAGER),
        outreach=make_user("jelena", org, Role.OUTREACH_WORKER),
        org_admin=make_user("snezana", org, Role.ORG_ADMIN),
        analyst=make_user("ivan", org, Role.ANALYST),
        investigator=make_user("nenad", org, Role.INVESTIGATOR),
        other_case_manager=make_user("milan", other, Role.CASE_MANAGER),
    )
