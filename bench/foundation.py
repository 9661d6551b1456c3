"""Figures for the platform foundation: encryption, key rotation, audit log, list pages.

    PUTOKAZ_ENV=test .venv/bin/python bench/foundation.py [--persons 2000]

Runs against a throw-away SQLite database in a temporary directory, or against
the (empty, throw-away) database named by DATABASE_URL, and prints one line per
figure. Timings are wall-clock on this machine; run twice and
compare, they are not assertions.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PUTOKAZ_ENV", "test")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "putokaz.settings")
_tmp = tempfile.mkdtemp(prefix="putokaz-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_tmp}/bench.sqlite3")
os.environ.setdefault("PUTOKAZ_ALLOWED_HOSTS", "testserver")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=2000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    from putokaz.accounts.models import Membership, Organisation, User
    from putokaz.cases.models import Person
    from putokaz.cases.services import PersonInput, person_create
    from putokaz.core import crypto
    from putokaz.core.audit import Actor, audit_record, audit_verify
    from putokaz.core.keys import keys_rotate

    key = crypto.new_data_key()
    n = 20000
    start = time.perf_counter()
    sealed = [
        crypto.seal_field(
            data_key=key,
            plaintext="Mohammad Reza Ahmadi",
            table="t",
            row_ref=str(i),
            field="given_name",
        )
        for i in range(n)
    ]
    seal_s = time.perf_counter() - start
    start = time.perf_counter()
    for i, value in enumerate(sealed):
        crypto.open_field(data_key=key, sealed=value, table="t", row_ref=str(i), field="given_name")
    open_s = time.perf_counter() - start
    print(
        f"field seal: {n / seal_s:,.0f}/s ({seal_s / n * 1e6:.1f} µs each); open: {n / open_s:,.0f}/s"
    )

    org = Organisation.objects.create(name="Bench NGO", type="ngo", country="RS")
    actor = Actor(label="bench")
    start = time.perf_counter()
    for i in range(args.persons):
        person_create(
            actor=actor,
            organisation=org,
            data=PersonInput(
                given_name=f"Fatemeh {i}",
                family_name="Ahmadi",
                given_name_original="فاطمه",
                family_name_original="احمدی",
                date_of_birth="1998",
                sex="female",
                nationality="AF",
            ),
        )
    create_s = time.perf_counter() - start
    print(
        f"person_create (5 sealed fields, data key, audit event): {args.persons / create_s:,.0f}/s "
        f"({create_s / args.persons * 1000:.2f} ms each) for {args.persons} persons"
    )

    start = time.perf_counter()
    for i in range(2000):
        audit_record(
            actor=actor,
            action="person.read",
            object_type="person",
            object_ref=f"PK-{i}",
            fields=["given_name"],
            purpose="bench",
        )
    audit_s = time.perf_counter() - start
    print(f"audit append (hash chain, head lock): {2000 / audit_s:,.0f}/s")
    start = time.perf_counter()
    result = audit_verify()
    verify_s = time.perf_counter() - start
    print(
        f"audit verify: {result.checked:,} events in {verify_s:.2f} s ({result.checked / verify_s:,.0f}/s), ok={result.ok}"
    )

    from django.conf import settings

    start = time.perf_counter()
    new_key = crypto.generate_master_key()
    rotated = keys_rotate(new_master_key=new_key)
    rotate_s = time.perf_counter() - start
    settings.PUTOKAZ_MASTER_KEY = new_key
    print(f"keys rotate: {rotated:,} data keys re-wrapped in {rotate_s:.2f} s")
    assert Person.objects.select_related("data_key").first().family_name == "Ahmadi"

    user = User.objects.create_user(username="bench", password="x")
    Membership.objects.create(user=user, organisation=org, role="case_manager")
    client = Client()
    client.force_login(user)
    session = client.session
    session["putokaz_2fa_at"] = session["putokaz_login_at"] = int(time.time())
    session.save()
    for url in ("/persons/", "/persons/?page=20", "/api/v1/persons?limit=50"):
        if url.startswith("/api/"):
            from putokaz.accounts.services import api_token_create

            _t, raw = api_token_create(user=user, name="bench")
            client = Client(headers={"authorization": f"Bearer {raw}"})
        times = []
        for _ in range(30):
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(
            f"GET {url}: median {statistics.median(times):.1f} ms, p90 {sorted(times)[26]:.1f} ms, "
            f"{len(queries)} queries, {len(response.content):,} bytes, with {args.persons:,} persons"
        )
    code = Person.objects.values_list("code", flat=True).first()
    client = Client()
    client.force_login(user)
    session = client.session
    session["putokaz_2fa_at"] = session["putokaz_login_at"] = int(time.time())
    session.save()
    times = []
    for _ in range(30):
        start = time.perf_counter()
        client.get(f"/persons/{code}/")
        times.append((time.perf_counter() - start) * 1000)
    print(
        f"GET /persons/<code>/ (decrypt 5 fields + audit event): median {statistics.median(times):.1f} ms"
    )


if __name__ == "__main__":
    main()
