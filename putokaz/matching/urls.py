from django.urls import path

from putokaz.matching import views

app_name = "matching"
urlpatterns = [
    path("duplicates/", views.duplicates_list, name="duplicates"),
    path("duplicates/<int:candidate_id>/request-linkage/", views.linkage_request, name="request"),
    path("duplicates/<int:candidate_id>/dismiss/", views.candidate_dismiss, name="dismiss"),
    path("duplicates/<int:candidate_id>/merge/", views.person_merge, name="merge"),
    path("duplicates/merges/<int:merge_id>/undo/", views.merge_undo, name="merge_undo"),
    path("duplicates/linkage-requests/", views.linkage_inbox, name="inbox"),
    path(
        "duplicates/linkage-requests/<int:request_id>/<str:decision>/",
        views.linkage_decide,
        name="decide",
    ),
]
