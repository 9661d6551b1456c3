from django.urls import path

from putokaz.cases import case_views, views

app_name = "cases"
urlpatterns = [
    path("persons/", views.person_list, name="person_list"),
    path("persons/new/", views.person_create, name="person_create"),
    path("persons/<str:code>/", views.person_detail, name="person_detail"),
    path("persons/<str:code>/edit/", views.person_edit, name="person_edit"),
    path("persons/<str:person_code>/open-case/", case_views.case_open, name="case_open"),
    path("cases/", case_views.case_list, name="case_list"),
    path("cases/emergency-access/", case_views.break_glass, name="break_glass"),
    path(
        "cases/transfers/<int:transfer_id>/decide/",
        case_views.transfer_decide,
        name="transfer_decide",
    ),
    path("cases/<str:code>/", case_views.case_detail, name="case_detail"),
    path("cases/<str:code>/edit/", case_views.case_edit, name="case_edit"),
    path("cases/<str:code>/consent/new/", case_views.consent_new, name="consent_new"),
    path(
        "cases/<str:code>/consent/<int:consent_id>/withdraw/",
        case_views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("cases/<str:code>/notes/", case_views.note_add, name="note_add"),
    path("cases/<str:code>/tasks/", case_views.task_add, name="task_add"),
    path("cases/<str:code>/tasks/<int:task_id>/done/", case_views.task_done, name="task_done"),
    path("cases/<str:code>/goals/", case_views.goal_add, name="goal_add"),
    path(
        "cases/<str:code>/goals/<int:goal_id>/status/", case_views.goal_status, name="goal_status"
    ),
    path("cases/<str:code>/needs/", case_views.needs_add, name="needs_add"),
    path("cases/<str:code>/timeline/", case_views.timeline_add, name="timeline_add"),
    path("cases/<str:code>/services-given/", case_views.delivery_add, name="delivery_add"),
    path("cases/<str:code>/close/", case_views.case_close, name="case_close"),
    path("cases/<str:code>/reopen/", case_views.case_reopen, name="case_reopen"),
    path("cases/<str:code>/transfer/", case_views.case_transfer, name="case_transfer"),
]
