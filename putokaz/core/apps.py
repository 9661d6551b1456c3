from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "putokaz.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.conf.locale import LANG_INFO

        # Django ships no Pashto locale entry; without it {% get_language_info %} fails.
        LANG_INFO.setdefault(
            "ps", {"bidi": True, "code": "ps", "name": "Pashto", "name_local": "پښتو"}
        )
        from django.utils.translation import gettext_lazy as _

        from putokaz.core import checks  # noqa: F401 - registers the system checks
        from putokaz.core.navigation import NavEntry, nav_register

        nav_register(NavEntry("cases:person_list", _("Persons"), "person.list", order=10))
        nav_register(NavEntry("accounts:security", _("Security"), None, order=900))
