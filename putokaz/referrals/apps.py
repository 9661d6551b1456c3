from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "putokaz.referrals"
    label = "referrals"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from putokaz.core.navigation import NavEntry, nav_register

        nav_register(NavEntry("referrals:inbox", _("Referrals"), "referral.receive", order=30))
        nav_register(NavEntry("referrals:directory", _("Services"), None, order=40))
