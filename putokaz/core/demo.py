"""Synthetic demonstration data for `putokaz demo`. Nothing here is a real person.

The organisations imitate the shape of Serbia's referral network with
fictional names; the persons carry names as registrations record them, in the
original script and in a Latin spelling.
"""

from __future__ import annotations

import importlib
import importlib.util
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
    ("stateshelter", "State Safe House for Victims (fictional)", "State Safe House", "shelter"),
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
    ("rancase", "Goran", "Vasić", "refugee", Role.CASE_MANAGER),
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
        _load_services(orgs)
        _load_cases(orgs)
    # Each later domain adds its own demo data in <domain>/demo.py: load_demo(organisations).
    for domain in ("screening", "justice", "matching"):
        if importlib.util.find_spec(f"putokaz.{domain}") and importlib.util.find_spec(
            f"putokaz.{domain}.demo"
        ):
            importlib.import_module(f"putokaz.{domain}.demo").load_demo(organisations=orgs)
    return logins


SERVICES = [
    # provider key, name, category, town, places, rules
    (
        "shelter",
        "Safe House Vidikovac – women and children",
        "safe_accommodation",
        "Beograd",
        8,
        {"sexes": ["female"], "languages": ["sr", "en", "fa", "ar"]},
    ),
    (
        "stateshelter",
        "State Safe House (citizens only)",
        "safe_accommodation",
        "Beograd",
        12,
        {"legal_statuses": ["citizen", "resident"], "languages": ["sr"]},
    ),
    (
        "refugee",
        "Transit accommodation for unaccompanied boys",
        "safe_accommodation",
        "Subotica",
        6,
        {"sexes": ["male"], "min_age": 14, "max_age": 17, "languages": ["sr", "ps", "fa", "ur"]},
    ),
    (
        "health",
        "Krnjača Health Point – general and reproductive health",
        "medical",
        "Beograd",
        None,
        {"languages": ["sr", "en", "ar"]},
    ),
    (
        "women",
        "Psychosocial support in Farsi, Dari and Arabic",
        "psychosocial",
        "Beograd",
        20,
        {"languages": ["fa", "ar", "sr"]},
    ),
    (
        "legal",
        "Legal aid for asylum and victims' rights",
        "legal_aid",
        "Beograd",
        None,
        {"languages": ["sr", "en", "fr", "ar"]},
    ),
    (
        "refugee",
        "Cultural mediation and interpretation",
        "interpretation",
        "Beograd",
        None,
        {"languages": ["ar", "fa", "ps", "ur", "tr", "fr"]},
    ),
    (
        "cit",
        "Formal identification of victims of trafficking",
        "identification",
        "Beograd",
        None,
        {"case_types": ["trafficking", "both"]},
    ),
    ("police", "Anti-trafficking investigation", "investigation", "Beograd", None, {}),
]


def _load_services(orgs: dict[str, Organisation]) -> None:
    from putokaz.referrals.models import Service

    if "stateshelter" not in orgs:
        orgs["stateshelter"], _ = Organisation.objects.get_or_create(
            name="State Safe House for Victims (fictional)",
            defaults={"short_name": "State Safe House", "type": "shelter", "country": "RS"},
        )
    for provider, name, category, city, places, rules in SERVICES:
        Service.objects.get_or_create(
            provider=orgs[provider],
            name=name,
            defaults={"category": category, "city": city, "capacity": places, **rules},
        )


def _load_cases(orgs: dict[str, Organisation]) -> None:
    """Two organisations working cases together, within consent, at different stages."""
    import datetime as dt

    from django.utils import timezone

    from putokaz.cases.models import Case
    from putokaz.cases.selectors import case_get_for_user
    from putokaz.cases.services import (
        CaseInput,
        ConsentInput,
        case_open,
        consent_record,
        note_add,
        status_event_add,
    )
    from putokaz.referrals.models import Service
    from putokaz.referrals.selectors import referral_get_for_user
    from putokaz.referrals.services import (
        IdentificationInput,
        ReferralInput,
        identification_decide,
        referral_accept,
        referral_send,
    )

    if Case.objects.filter(organisation__in=orgs.values()).exists():
        return
    manager = User.objects.get(username="casemanager")
    idofficer = User.objects.get(username="idofficer")
    provider = User.objects.get(username="provider")
    from django.contrib.auth.models import Permission

    idofficer.user_permissions.add(Permission.objects.get(codename="break_glass"))
    persons = list(Person.objects.filter(organisation=orgs["women"]).order_by("created_at", "id"))
    stories = [
        (
            "trafficking",
            ("sexual",),
            (),
            "Recruited through a social media job offer for work in a café; "
            "her passport was taken on arrival and she was made to work in a flat in Novi Sad.",
        ),
        (
            "both",
            ("labour", "marriage"),
            ("forced_marriage", "physical_assault"),
            "Married at 17 to a man who brought her across the border; made to work without pay.",
        ),
        (
            "gbv",
            (),
            ("rape", "psychological_abuse"),
            "Attacked by a smuggler near the Hungarian border.",
        ),
        (
            "trafficking",
            ("labour",),
            (),
            "Worked 14 hours a day on a farm to pay a debt to the smuggler.",
        ),
    ]
    cases = []
    for person, (case_type, forms, gbv, summary) in zip(persons, stories, strict=False):
        case = case_open(
            user=manager,
            organisation=orgs["women"],
            person=person,
            data=CaseInput(
                case_type=case_type,
                exploitation_forms=forms,
                gbv_types=gbv,
                entry_point="Reception centre Krnjača",
                summary=summary,
            ),
        )
        access = case_get_for_user(user=manager, code=case.code)
        status_event_add(
            user=manager,
            access=access,
            kind="arrival",
            on_date=timezone.localdate() - dt.timedelta(days=40),
            legal_status="irregular",
            place="Reception centre Krnjača",
            notes="",
        )
        status_event_add(
            user=manager,
            access=access,
            kind="asylum_intention",
            on_date=timezone.localdate() - dt.timedelta(days=30),
            legal_status="asylum_intention",
            place="",
            notes="",
        )
        note_add(user=manager, access=access, kind="testimony", text=summary)
        cases.append(case)
    shelter = Service.objects.get(name__startswith="Safe House Vidikovac")
    identification = Service.objects.get(category="identification", provider=orgs["cit"])
    first = case_get_for_user(user=manager, code=cases[0].code)
    consent_record(
        user=manager,
        access=first,
        data=ConsentInput(
            categories=("identity", "contact", "location", "testimony"),
            purposes=("services", "identification"),
            method="verbal_interpreter",
            interpreter_language="fa",
            given_at=timezone.now(),
            recipient_organisation_ids=(orgs["shelter"].pk, orgs["cit"].pk),
        ),
    )
    to_shelter = referral_send(
        user=manager,
        access=first,
        age=None,
        data=ReferralInput(
            service_id=shelter.pk,
            categories=("identity", "contact"),
            purpose="services",
            urgency="emergency",
            reason="Needs a safe place tonight; the exploiters know the reception centre.",
        ),
    )
    referral_accept(
        user=provider, access=referral_get_for_user(user=provider, code=to_shelter.code)
    )
    to_cit = referral_send(
        user=manager,
        access=first,
        age=None,
        data=ReferralInput(
            service_id=identification.pk,
            categories=("identity", "testimony"),
            purpose="identification",
            urgency="urgent",
            reason="Strong indicators of trafficking for sexual exploitation.",
        ),
    )
    identification_decide(
        user=idofficer,
        access=referral_get_for_user(user=idofficer, code=to_cit.code),
        data=IdentificationInput(
            decision="identified",
            decided_on=timezone.localdate(),
            basis_notes="Interview with interpreter; screening indicators D1, D4, D5.",
            recovery_period_start=timezone.localdate(),
            recovery_period_end=timezone.localdate() + dt.timedelta(days=90),
        ),
    )
    second = case_get_for_user(user=manager, code=cases[1].code)
    consent_record(
        user=manager,
        access=second,
        data=ConsentInput(
            categories=("identity", "testimony"),
            purposes=("identification",),
            method="written",
            given_at=timezone.now(),
            recipient_types=("identification_authority",),
        ),
    )
    referral_send(
        user=manager,
        access=second,
        age=None,
        data=ReferralInput(
            service_id=identification.pk,
            categories=("identity", "testimony"),
            purpose="identification",
            urgency="routine",
            reason="Forced marriage and unpaid work: please assess.",
        ),
    )


def _confirmed_device(user: User) -> TotpDevice:
    import pyotp
    from django.utils import timezone

    device = TotpDevice(user=user, data_key=data_key_create(), confirmed_at=timezone.now())
    device.secret = pyotp.random_base32()
    device.save()
    return device
