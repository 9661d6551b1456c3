"""Synthetic demo screenings for `putokaz demo`. Nothing here is a real person or place record.

Two periods of screenings at Serbian entry points, with a pattern the indicator report should
find: digital recruitment (DIG-01, DIG-02) rises sharply in the later period, as the
reference material says online recruitment has. A few screenings of the women's NGO are
linked, with consent, to its demo persons and cases.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from putokaz.accounts.models import Organisation, User
from putokaz.screening.catalogue import Catalogue
from putokaz.screening.models import EntryPoint, Screening
from putokaz.screening.services import ScreeningInput, screening_record
from putokaz.screening.store import db_registry

ENTRY_POINTS = [
    # name, kind, municipality, organisation key running it (or None)
    ("Preševo reception centre", "reception_centre", "Preševo", "refugee"),
    ("Bosilegrad reception centre", "reception_centre", "Bosilegrad", None),
    ("Šid reception centre", "reception_centre", "Šid", None),
    ("Subotica reception centre", "transit_centre", "Subotica", "refugee"),
    ("Krnjača asylum centre", "asylum_centre", "Beograd (Palilula)", "women"),
    ("Obrenovac reception centre", "reception_centre", "Obrenovac", None),
    ("Belgrade Nikola Tesla airport", "border_crossing", "Beograd (Surčin)", None),
    ("Gradina border crossing", "border_crossing", "Dimitrovgrad", None),
    ("Sjenica asylum centre", "asylum_centre", "Sjenica", None),
]

NATIONALITIES = [("AF", 35), ("SY", 20), ("MA", 15), ("PK", 10), ("TR", 8), ("IQ", 6), ("BD", 6)]
ROUTES = [("bulgaria", 50), ("north_macedonia", 35), ("air", 8), ("montenegro_bosnia", 7)]
OWN_WORDS = [
    "They said the job in the café would pay 800 euros a month.",
    "The man who drove us kept our phones until we paid again.",
    "I found the offer in a group on Telegram; they sent the ticket.",
    "We worked on the farm every day and never got the money.",
]
PER_PERIOD = 40
# Share of screenings in each period where digital recruitment was found.
DIG_SHARE = {"earlier": 0.15, "later": 0.6}


def _weighted(rng: random.Random, choices: list[tuple[str, int]]) -> str:
    return rng.choices([c for c, _w in choices], weights=[w for _c, w in choices])[0]


def _positive(rng: random.Random, catalogue: Catalogue, dimension: str) -> list[str]:
    """Indicators that make one dimension positive: one strong and another, or three medium."""
    items = [i for i in catalogue.indicators if i.dimension == dimension]
    strong = [i.id for i in items if i.strength == "strong"]
    others = [i.id for i in items if i.strength != "strong"]
    if strong:
        first = rng.choice(strong)
        return [first, rng.choice([i for i in strong + others if i != first])]
    medium = [i.id for i in items if i.strength == "medium"]
    return rng.sample(medium, min(3, len(medium)))


def _answers(rng: random.Random, catalogue: Catalogue) -> list[str]:
    profile = rng.random()
    present: set[str] = set()
    if profile < 0.3:
        for dim in ("D1", "D4", "D5"):
            present.update(_positive(rng, catalogue, dim))
    elif profile < 0.6:
        present.update(_positive(rng, catalogue, "D4"))
    ids = [i.id for i in catalogue.indicators]
    present.update(rng.sample(ids, rng.randint(0, 3)))
    return sorted(present)


def _flags(rng: random.Random, catalogue: Catalogue, *, digital: bool) -> list[str]:
    applicable = {
        flag.id
        for flag_set in db_registry().flag_sets_for(catalogue)
        for flag in flag_set.flags
        if flag.applies_to.covers(age=catalogue.age, exploitation=catalogue.exploitation)
    }
    flags = set()
    if digital:
        flags.update({"DIG-01", "DIG-02"} if rng.random() < 0.5 else {"DIG-01"})
    if rng.random() < 0.25:
        flags.add("MM-01")
    return sorted(flags & applicable)


def load_demo(*, organisations: dict[str, Organisation]) -> None:
    """Entry points and about 90 screenings; does nothing the second time."""
    with transaction.atomic():
        for name, kind, municipality, org_key in ENTRY_POINTS:
            EntryPoint.objects.get_or_create(
                name=name,
                defaults={
                    "kind": kind,
                    "municipality": municipality,
                    "organisation": organisations.get(org_key) if org_key else None,
                },
            )
        screening_orgs = [organisations["refugee"], organisations["women"]]
        if Screening.objects.filter(organisation__in=screening_orgs).exists():
            return
        _load_screenings(organisations)


def _load_screenings(organisations: dict[str, Organisation]) -> None:
    from putokaz.cases.models import Case, Person

    rng = random.Random(2026)  # noqa: S311 - reproducible demo data, not secrets
    registry = db_registry()
    outreach = User.objects.get(username="outreach")
    manager = User.objects.get(username="casemanager")
    entry_points = list(EntryPoint.objects.filter(active=True))
    now = timezone.now()
    periods = {
        "earlier": (now - dt.timedelta(days=180), now - dt.timedelta(days=91)),
        "later": (now - dt.timedelta(days=89), now - dt.timedelta(days=1)),
    }
    for period, (start, end) in periods.items():
        digital = set(rng.sample(range(PER_PERIOD), round(PER_PERIOD * DIG_SHARE[period])))
        for n in range(PER_PERIOD):
            kind = rng.random()
            family = "ilo-ec-2009-*-sexual" if kind < 0.25 else "ilo-ec-2009-*-labour"
            age = rng.randint(15, 17) if rng.random() < 0.12 else rng.randint(18, 45)
            catalogue_id = family.replace("*", "child" if age < 18 else "adult")
            catalogue = registry.catalogue(catalogue_id)
            language = rng.choice(["ar", "fa", "ps", "ur", "fr", "tr", "en"])
            screening_record(
                user=outreach,
                organisation=organisations["refugee"],
                data=ScreeningInput(
                    catalogue_id=catalogue_id,
                    catalogue_version=catalogue.version,
                    requested_catalogue=family,
                    entry_point=rng.choice(entry_points),
                    present=tuple(_answers(rng, catalogue)),
                    flags=tuple(_flags(rng, catalogue, digital=n in digital)),
                    age=age,
                    sex="female" if kind < 0.25 or rng.random() < 0.2 else "male",
                    nationality=_weighted(rng, NATIONALITIES),
                    route=_weighted(rng, ROUTES),
                    interpreter_used=language not in ("en", "fr"),
                    interpreter_language=language if language not in ("en", "fr") else "",
                    worker_language="sr-latn",
                    person_language=language,
                    person_own_words=rng.choice(OWN_WORDS) if rng.random() < 0.3 else "",
                    screened_at=start + (end - start) * rng.random(),
                ),
            )
    # The women's NGO screened some of its own persons, who agreed to the link.
    persons = list(Person.objects.filter(organisation=organisations["women"]).order_by("id"))
    krnjaca = EntryPoint.objects.filter(name="Krnjača asylum centre").first()
    for i, person in enumerate(persons[:3]):
        case = Case.objects.filter(person=person, organisation=organisations["women"]).first()
        catalogue = registry.catalogue("ilo-ec-2009-adult-sexual")
        present = [*_positive(rng, catalogue, "D1"), *_positive(rng, catalogue, "D4")]
        if i == 0:
            present += _positive(rng, catalogue, "D5")
        screening_record(
            user=manager,
            organisation=organisations["women"],
            data=ScreeningInput(
                catalogue_id=catalogue.id,
                catalogue_version=catalogue.version,
                requested_catalogue=catalogue.family,
                entry_point=krnjaca,
                present=tuple(sorted(set(present))),
                flags=tuple(_flags(rng, catalogue, digital=True)),
                age=None,
                sex=person.sex,
                nationality=person.nationality,
                route="bulgaria",
                interpreter_used=True,
                interpreter_language="fa",
                worker_language="sr-latn",
                person_language="fa",
                person=person,
                case=case,
                consent_to_link=True,
                consent_method="verbal_interpreter",
                person_own_words=OWN_WORDS[i % len(OWN_WORDS)],
                screened_at=now - dt.timedelta(days=20 + i),
            ),
        )
