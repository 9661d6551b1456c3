from django.urls import path

from putokaz.justice import views

app_name = "justice"
urlpatterns = [
    path("cases/<str:code>/legal-facts/", views.legal_facts_edit, name="legal_facts_edit"),
    path("justice/proceedings/", views.proceeding_list, name="proceeding_list"),
    path("justice/proceedings/new/", views.proceeding_new, name="proceeding_new"),
    path("justice/proceedings/<str:code>/", views.proceeding_detail, name="proceeding_detail"),
    path("justice/proceedings/<str:code>/link/", views.proceeding_link, name="proceeding_link"),
    path("justice/proceedings/<str:code>/stages/", views.stage_add, name="stage_add"),
    path(
        "justice/proceedings/<str:code>/parties/<int:party_id>/protection/",
        views.protection_update,
        name="protection_update",
    ),
    path("justice/stats/", views.stats, name="stats"),
]
