import importlib.util

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from putokaz.api.api import api
from putokaz.core import views as core_views

urlpatterns = [
    path("", core_views.root, name="root"),
    path("home/", core_views.home, name="home"),
    path("", include("putokaz.accounts.urls")),
    path("", include("putokaz.cases.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

# Domains that arrive with later issues plug in here when their package has urls.py.
for _domain in (
    "screening",
    "referrals",
    "justice",
    "legal",
    "matching",
    "stats",
    "helpdesk",
    "training",
):
    if importlib.util.find_spec(f"putokaz.{_domain}") and importlib.util.find_spec(
        f"putokaz.{_domain}.urls"
    ):
        urlpatterns.append(path("", include(f"putokaz.{_domain}.urls")))

handler403 = "putokaz.core.views.error_403"
handler404 = "putokaz.core.views.error_404"
handler500 = "putokaz.core.views.error_500"
