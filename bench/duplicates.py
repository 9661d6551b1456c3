"""Figures for duplicate detection inside Putokaz: registration, scans and their quality.

    PUTOKAZ_ENV=test .venv/bin/python bench/duplicates.py [--registrations 5000]

Registers the synthetic generator's registrations (seed 2024) in four organisations through
`person_create` (each computes and stores its encoding), then runs a network scan and scans of
single persons, against a throw-away SQLite database in a temporary
directory (or the empty, throw-away database named by DATABASE_URL).  Precision and recall
are of the stored candidates against the generator's ground truth.  Timings are wall-clock
on this machine; run twice and compare, they are not assertions.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PUTOKAZ_ENV", "test")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "putokaz.settings")
_tmp = tempfile.mkdtemp(prefix="putokaz-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_tmp}/bench.sqlite3")
os.environ.setdefault("PUTOKAZ_ALLOWED_HOSTS", "testserver")

SEX = {"m": "male", "f": "female"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--registrations", type=int, default=5000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from putokaz.accounts.models import Organisation
    from putokaz.cases.services import PersonInput, person_create
    from putokaz.core.audit import Actor
    from putokaz.matching import tasks
    from putokaz.matching.models import DuplicateCandidate
    from putokaz.matching.records import normalise_nationality, normalise_sex
    from putokaz.matching.services import duplicates_scan, duplicates_scan_person
    from putokaz.matching.synthetic import generate

    actor = Actor(label="bench")
    orgs = [
        Organisation.objects.create(name=f"Bench {k}", type=t, country="RS")
        for k, t in enumerate(("police", "ngo", "ngo", "social_work"))
    ]
    # About 1.78 registrations per person.
    regs = generate(people=max(1, round(args.registrations / 1.78)), seed=2024)
    person_of: dict[int, str] = {}
    create_ms: list[float] = []
    # Each registration would enqueue a scan of that person; the scans are measured below.
    with mock.patch.object(tasks, "scan_person_duplicates"):
        for k, r in enumerate(regs):
            data = PersonInput(
                given_name=r.given_name,
                family_name=r.family_name,
                given_name_original=r.given_name_original,
                family_name_original=r.family_name_original,
                date_of_birth=r.date_of_birth,
                sex=SEX.get(normalise_sex(r.sex), "unknown") if r.sex else "unknown",
                nationality=normalise_nationality(r.nationality) if r.nationality else "",
            )
            start = time.perf_counter()
            person = person_create(actor=actor, organisation=orgs[k % len(orgs)], data=data)
            create_ms.append((time.perf_counter() - start) * 1000)
            person_of[person.pk] = r.person
    n = len(regs)
    print(f"registrations            {n}")
    print(
        f"person_create+encoding   median {statistics.median(create_ms):.1f} ms, "
        f"p95 {statistics.quantiles(create_ms, n=20)[-1]:.1f} ms"
    )

    result = duplicates_scan(actor=actor)
    print(f"network scan             {result.seconds:.2f} s ({result.candidates} candidates)")
    again = duplicates_scan(actor=actor)
    print(f"network scan, again      {again.seconds:.2f} s ({again.new} new)")

    by_person: dict[str, list[int]] = {}
    for pk, who in person_of.items():
        by_person.setdefault(who, []).append(pk)
    truth = {frozenset(p) for ids in by_person.values() for p in itertools.combinations(ids, 2)}
    found = {frozenset(p) for p in DuplicateCandidate.objects.values_list("person_a", "person_b")}
    tp = len(found & truth)
    precision, recall = tp / max(len(found), 1), tp / max(len(truth), 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    print(f"candidates vs truth      precision {precision:.3f}, recall {recall:.3f}, F1 {f1:.3f}")

    sample = list(person_of)[:: max(1, n // 20)][:20]
    seconds = []
    for pk in sample:
        seconds.append(duplicates_scan_person(person_id=pk, actor=actor).seconds)
    print(f"one person's scan        median {statistics.median(seconds):.2f} s")


if __name__ == "__main__":
    main()
