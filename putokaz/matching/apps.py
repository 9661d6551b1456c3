from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "putokaz.matching"
    label = "matching"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Duplicate detection"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from putokaz.core.navigation import NavEntry, nav_register
        from putokaz.core.panels import Panel, panel_register
        from putokaz.matching.views import person_panel_context

        nav_register(
            NavEntry(
                "matching:duplicates",
                _("Duplicates"),
                ("linkage.request", "linkage.decide", "person.merge"),
                order=25,
            )
        )
        panel_register(
            Panel(
                page="person",
                template="matching/person_panel.html",
                context=person_panel_context,
                order=20,
            )
        )
