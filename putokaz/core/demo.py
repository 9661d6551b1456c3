"""Synthetic demonstration data for `putokaz demo`. Nothing here is a real person.

The organisations imitate the shape of Serbia's referral network with
fictional names; the persons carry names as registrations record them, in the
original script and in a Latin spelling.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from putokaz.accounts.models import Membership, Organisation, TotpDevice, User
from putokaz.accounts.roles import Role
from putokaz.accounts.services import recovery_codes_generate
from putokaz.cases.models import Person
from putokaz.cases.services import PersonInput, person_create
from putokaz.core.audit import Actor
from putokaz.core.keys import data_key_create

DEMO_PASSWORD = "Demo-Putokaz-2026"

ORGANISATIONS = [
    # key, name, short name, type
    ("women", "Sigurna Staza – support for migrant women (fictional)", "Sigurna Staza", "ngo"),
    ("legal", "Pravni Most – legal aid (fictional)", "Pravni Most", "legal_aid"),
    ("refugee", "Refugee Assistance Network Belgrade (fictional)", "RAN Belgrade", "ngo"),
    (
        "cit",
        "Centre for Identification of Trafficked Persons (fictional)",
        "CIT",
        "identification_authority",
    ),
    ("police", "Police Anti-Trafficking Unit Belgrade (fictional)", "Police ATU", "police"),
    (
        "prosecution",
        "Higher Public Prosecutor's Office Belgrade (fictional)",
        "Prosecution BG",
        "prosecution",
    ),
    ("shelter", "Safe House Vidikovac (fictional)", "Safe House Vidikovac", "shelter"),
    ("health", "Krnjača Health Point (fictional)", "Krnjača Health", "health"),
]

USERS = [
    # username, first name, last name, organisation key, role
    ("outreach", "Jelena", "Marković", "refugee", Role.OUTREACH_WORKER),
    ("casemanager", "Ana", "Petrović", "women", Role.CASE_MANAGER),
    ("legalaid", "Milan", "Jovanović", "legal", Role.CASE_MANAGER),
    ("idofficer", "Dragana", "Nikolić", "cit", Role.IDENTIFICATION_OFFICER),
    ("provider", "Marija", "Ilić", "shelter", Role.SERVICE_PROVIDER),
    ("investigator", "Nenad", "Stojanović", "police", Role.INVESTIGATOR),
    ("prosecutor", "Vesna", "Đorđević", "prosecution", Role.PROSECUTOR),
    ("analyst", "Ivan", "Pavlović", "cit", Role.ANALYST),
    ("trainer", "Tamara", "Kostić", "women", Role.TRAINER),
    ("orgadmin", "Snežana", "Lazić", "women", Role.ORG_ADMIN),
    ("sysadmin", "Dejan", "Popović", "cit", Role.SYSTEM_ADMIN),
]

# Names as a registration officer and an interpreter would write them: the Latin
# spelling follows the officer's habit, not a standard.
PERSONS = [
    (
        "women",
        PersonInput(
            given_name="Fatemeh",
            family_name="Ahmadi",
            given_name_original="فاطمه",
            family_name_original="احمدی",
            date_of_birth="1998",
            sex="female",
            nationality="AF",
        ),
    ),
    (
        "women",
        PersonInput(
            given_name="Zahra",
            family_name="Hosseini",
            given_name_original="زهرا",
            family_name_original="حسینی",
            date_of_birth="2007-03-12",
            sex="female",
            nationality="AF",
        ),
    ),
    (
        "women",
        PersonInput(
            given_name="Amal",
            family_name="Al-Khatib",
            given_name_original="أمل",
            family_name_original="الخطيب",
            date_of_birth="1995-11-02",
            sex="female",
            nationality="SY",
        ),
    ),
    (
        "women",
        PersonInput(
            given_name="Khadija",
            family_name="El Idrissi",
            given_name_original="خديجة",
            family_name_original="الإدريسي",
            date_of_birth="2001",
            sex="female",
            nationality="MA",
        ),
    ),
    (
        "refugee",
        PersonInput(
            given_name="Mohammad Reza",
            family_name="Ahmady",
            given_name_original="محمدرضا",
            family_name_original="احمدی",
            date_of_birth="1998-01-01",
            sex="male",
            nationality="AF",
        ),
    ),
    (
        "refugee",
        PersonInput(
            given_name="Gul Ahmad",
            family_name="Zadran",
            given_name_original="ګل احمد",
            family_name_original="ځدراڼ",
            date_of_birth="2008",
            sex="male",
            nationality="AF",
        ),
    ),
    (
        "refugee",
        PersonInput(
            given_name="Muhammad Bilal",
            family_name="Chaudhry",
            given_name_original="محمد بلال",
            family_name_original="چودھری",
            date_of_birth="1993-07",
            sex="male",
            nationality="PK",
        ),
    ),
    (
        "refugee",
        PersonInput(
            given_name="Ayşe",
            family_name="Yılmaz",
            given_name_original="",
            family_name_original="",
            date_of_birth="1990-05-17",
            sex="female",
            nationality="TR",
        ),
    ),
    (
        "legal",
        PersonInput(
            given_name="Youssef",
            family_name="Benali",
            given_name_original="يوسف",
            family_name_original="بن علي",
            date_of_birth="1999",
            sex="male",
            nationality="MA",
        ),
    ),
    (
        "legal",
        PersonInput(
            given_name="Husein",
            family_name="Al Obaidi",
            given_name_original="حسين",
            family_name_original="العبيدي",
            date_of_birth="1987-09-30",
            sex="male",
            nationality="IQ",
        ),
    ),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    organisation: str
    role: str
    totp_secret: str


DEMO_ACTOR = Actor(label="demo-loader")


def load_demo() -> list[DemoLogin]:
    """Create (or find) the demo network; safe to run again."""
    with transaction.atomic():
        orgs = {}
        for key, name, short, kind in ORGANISATIONS:
            orgs[key], _ = Organisation.objects.get_or_create(
                name=name, defaults={"short_name": short, "type": kind, "country": "RS"}
            )
        logins = []
        for username, first, last, org_key, role in USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@demo.putokaz.invalid",
                    "is_staff": role == Role.SYSTEM_ADMIN,
                    "is_superuser": role == Role.SYSTEM_ADMIN,
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            Membership.objects.get_or_create(user=user, organisation=orgs[org_key], role=role)
            device = TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).first()
            if device is None:
                device = _confirmed_device(user)
                recovery_codes_generate(user=user)
            logins.append(DemoLogin(username, str(orgs[org_key]), role.label, device.secret))
        if not Person.objects.filter(organisation__in=orgs.values()).exists():
            for org_key, data in PERSONS:
                person_create(actor=DEMO_ACTOR, organisation=orgs[org_key], data=data)
    return logins


def _confirmed_device(user: User) -> TotpDevice:
    import pyotp
    from django.utils import timezone

    device = TotpDevice(user=user, data_key=data_key_create(), confirmed_at=timezone.now())
    device.secret = pyotp.random_base32()
    device.save()
    return device
