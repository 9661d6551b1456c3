from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pyotp
import segno
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from putokaz.accounts.services import totp_provisioning_uri
from putokaz.core.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the synthetic demo network (idempotent), print the logins and serve on 127.0.0.1:8000."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-server", action="store_true", help="load the data and print logins only"
        )
        parser.add_argument("--addrport", default="127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", verbosity=0, interactive=False)
        logins = load_demo()
        qr_dir = Path(settings.VAR_DIR) / "demo-qr"
        qr_dir.mkdir(parents=True, exist_ok=True)
        out = self.stdout
        out.write(self.style.SUCCESS("Putokaz demo network loaded (synthetic data only)."))
        out.write("")
        out.write(f"Every demo user's password: {DEMO_PASSWORD}")
        out.write(
            "Second factor: add the TOTP secret to an authenticator app (or scan the QR code in "
            f"{qr_dir}/); 'code now' is the current 6-digit code, valid for about 30 seconds."
        )
        out.write("")
        out.write(f"{'username':<14}{'role':<32}{'organisation':<24}{'TOTP secret':<34}code now")
        for login in logins:
            from putokaz.accounts.models import User

            uri = totp_provisioning_uri(
                user=User(username=login.username), secret=login.totp_secret
            )
            segno.make(uri, error="m").save(str(qr_dir / f"{login.username}.svg"), scale=5)
            out.write(
                f"{login.username:<14}{login.role:<32}{login.organisation[:22]:<24}"
                f"{login.totp_secret:<34}{pyotp.TOTP(login.totp_secret).now()}"
            )
        from putokaz.accounts.models import User

        first = logins[1]
        out.write("")
        out.write(f"QR code for '{first.username}':")
        qr = segno.make(
            totp_provisioning_uri(user=User(username=first.username), secret=first.totp_secret)
        )
        qr.terminal(out=self.stdout._out, compact=True)  # type: ignore[attr-defined]
        out.write("Log in at http://127.0.0.1:8000/ — start with 'casemanager' or 'outreach'.")
        if options["no_server"]:
            return
        worker = self._start_background_work()
        try:
            call_command(
                "runserver", options["addrport"], insecure_serving=True, use_reloader=False
            )
        finally:
            worker.terminate()

    def _start_background_work(self) -> subprocess.Popen[bytes]:
        """The demo runs what production runs beside the web server: a task worker and a clock."""
        worker = subprocess.Popen(
            [sys.executable, "-m", "putokaz", "db_worker", "--no-startup-delay", "-v", "0"]
        )

        def tick() -> None:
            from putokaz.referrals.tasks import escalate_overdue_referrals

            while True:
                escalate_overdue_referrals.enqueue()
                time.sleep(600)

        threading.Thread(target=tick, daemon=True, name="putokaz-demo-clock").start()
        self.stdout.write(
            "Background worker started (e-mails are printed here; overdue referrals escalate)."
        )
        return worker
