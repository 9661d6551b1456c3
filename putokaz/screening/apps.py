from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "putokaz.screening"
    label = "screening"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Screening"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from putokaz.core.navigation import NavEntry, nav_register
        from putokaz.core.panels import Panel, panel_register
        from putokaz.screening import panels

        nav_register(NavEntry("screening:list", _("Screenings"), "screening.view", order=15))
        nav_register(
            NavEntry("screening:report", _("Indicator report"), "screening.report", order=60)
        )
        nav_register(
            NavEntry("screening:catalogue_list", _("Catalogues"), "catalogue.manage", order=70)
        )
        panel_register(
            Panel("person", "screening/person_panel.html", panels.person_panel, order=50)
        )
        panel_register(Panel("case", "screening/case_panel.html", panels.case_panel, order=50))
