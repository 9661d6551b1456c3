from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from putokaz.core import crypto
from putokaz.core.audit import audit_record, cli_actor
from putokaz.core.keys import keys_rotate


class Command(BaseCommand):
    help = "Master key management: `keys generate` prints a new key; `keys rotate` re-wraps every data key."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("generate", help="print a new random master key on the last line")
        rotate = sub.add_parser("rotate", help="re-wrap every data key under a new master key")
        rotate.add_argument(
            "--new-key-file",
            help="file holding the new key (from `keys generate`); "
            "without it a new key is generated and printed",
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "generate":
            self.stdout.write(crypto.generate_master_key())
            return
        new_key = self._new_key(options.get("new_key_file"))
        try:
            count = keys_rotate(new_master_key=new_key)
        except crypto.WrongMasterKey as error:
            raise CommandError(str(error), returncode=2) from None
        new_id = crypto.master_key_id(crypto.decode_master_key(new_key))
        audit_record(
            actor=cli_actor(),
            action="keys.rotate",
            object_type="master_key",
            object_ref=new_id,
            purpose=f"{count} data keys re-wrapped",
        )
        self.stdout.write(f"Re-wrapped {count} data keys; the new master key id is {new_id}.")
        dev_file = Path(settings.VAR_DIR) / "master.key"
        if (
            not os.environ.get("PUTOKAZ_MASTER_KEY")
            and not os.environ.get("PUTOKAZ_MASTER_KEY_FILE")
            and not settings.PRODUCTION
            and dev_file.exists()
        ):
            dev_file.write_text(new_key + "\n", encoding="utf-8")
            self.stdout.write(f"Development key file {dev_file} updated.")
        else:
            self.stdout.write(
                "Set PUTOKAZ_MASTER_KEY to this key before the next start; the old key "
                "no longer opens anything and can be destroyed once backups made with it expire:"
            )
        self.stdout.write(new_key)

    def _new_key(self, path: str | None) -> str:
        if not path:
            return crypto.generate_master_key()
        try:
            text = Path(path).read_text(encoding="utf-8").strip()
            crypto.decode_master_key(text)
        except OSError as error:
            raise CommandError(
                f"--new-key-file {path!r} cannot be read: {error.strerror}", returncode=2
            ) from None
        except (ValueError, crypto.WrongMasterKey):
            raise CommandError(
                f"--new-key-file {path!r} does not hold a master key (32 bytes in URL-safe base64)",
                returncode=2,
            ) from None
        return text
