from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "putokaz.cases"
    label = "cases"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from putokaz.core.navigation import NavEntry, nav_register

        nav_register(
            NavEntry(
                "cases:case_list",
                _("Cases"),
                ("case.open", "case.manage", "case.oversee", "referral.receive"),
                order=20,
            )
        )
