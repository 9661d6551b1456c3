from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from putokaz.cases.models import Person
from putokaz.cases.services import person_erase, person_export
from putokaz.core.audit import audit_record, cli_actor
from putokaz.core.codes import normalise_person_code
from putokaz.core.crypto import CryptoError


class Command(BaseCommand):
    help = "Operator tools for persons: list (codes only), export (right of access), erase."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="list persons by pseudonymous code; never names")
        export = sub.add_parser("export", help="everything held on one person, decrypted, as JSON")
        export.add_argument("code")
        erase = sub.add_parser(
            "erase", help="destroy the person's data key; their data can never be read again"
        )
        erase.add_argument("code")
        erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        actor = cli_actor()
        if action == "list":
            rows = Person.objects.select_related("organisation").order_by("created_at", "id")
            count = 0
            for person in rows.iterator(chunk_size=2000):
                count += 1
                state = "erased" if person.is_erased else "active"
                self.stdout.write(
                    f"{person.code}\t{person.organisation.short_name or person.organisation.name}\t"
                    f"{person.sex}\t{person.age_band}\t{person.nationality or '-'}\t{state}"
                )
            audit_record(
                actor=actor, action="person.list", object_type="person", purpose=f"{count} listed"
            )
            return
        person = self._get(options["code"])
        if action == "export":
            try:
                data = person_export(actor=actor, person=person)
            except CryptoError as error:
                raise CommandError(str(error), returncode=2) from None
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        if not options["yes"]:
            if not sys.stdin.isatty():
                raise CommandError(
                    "refusing to erase without confirmation: pass --yes", returncode=2
                )
            answer = input(f"Type the code {person.code} to erase this person for good: ")
            if answer.strip().upper() != person.code:
                raise CommandError("not confirmed; nothing was erased", returncode=2)
        person_erase(actor=actor, person=person)
        self.stdout.write(f"{person.code} erased: its data key is destroyed.")

    def _get(self, code: str) -> Person:
        normalised = normalise_person_code(code)
        person = (
            Person.objects.select_related("organisation", "data_key")
            .filter(code=normalised)
            .first()
            if normalised
            else None
        )
        if person is None:
            raise CommandError(f"no person has the code {code!r}", returncode=2)
        return person
