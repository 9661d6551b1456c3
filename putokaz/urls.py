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

handler403 = "putokaz.core.views.error_403"
handler404 = "putokaz.core.views.error_404"
handler500 = "putokaz.core.views.error_500"
