from django.urls import path

from putokaz.screening import views

app_name = "screening"
urlpatterns = [
    path("screening/", views.screening_list, name="list"),
    path("screening/new/", views.screening_new, name="new"),
    path("screening/report/", views.report, name="report"),
    path("screening/import/", views.kobo_import, name="kobo_import"),
    path("screening/catalogues/", views.catalogue_list, name="catalogue_list"),
    path(
        "screening/catalogues/<slug:catalogue_id>/v<int:version>/",
        views.catalogue_detail,
        name="catalogue_detail",
    ),
    path(
        "screening/catalogues/<slug:catalogue_id>/v<int:version>/xlsform.xlsx",
        views.catalogue_xlsform,
        name="catalogue_xlsform",
    ),
    path(
        "screening/catalogues/<slug:catalogue_id>/edit/",
        views.catalogue_edit,
        name="catalogue_edit",
    ),
    path(
        "screening/catalogues/<slug:catalogue_id>/diff/",
        views.catalogue_diff,
        name="catalogue_diff",
    ),
    path("screening/<str:code>/", views.screening_detail, name="detail"),
    path(
        "screening/<str:code>/recommendations/<int:recommendation_id>/acted/",
        views.recommendation_acted,
        name="recommendation_acted",
    ),
]
