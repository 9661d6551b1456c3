from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JusticeConfig(AppConfig):
    name = "putokaz.justice"
    label = "justice"
    verbose_name = _("Criminal proceedings")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from putokaz.core.navigation import NavEntry, nav_register
        from putokaz.core.panels import Panel, panel_register
        from putokaz.justice.panels import case_panel_context

        nav_register(
            NavEntry(
                "justice:proceeding_list",
                _("Proceedings"),
                ("proceeding.record", "proceeding.view_stages"),
                order=50,
            )
        )
        nav_register(NavEntry("justice:stats", _("Justice statistics"), "stats.view", order=90))
        panel_register(
            Panel(
                page="case",
                template="justice/case_panel.html",
                context=case_panel_context,
                order=50,
            )
        )
