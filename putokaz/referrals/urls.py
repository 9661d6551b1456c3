from django.urls import path

from putokaz.referrals import views

app_name = "referrals"
urlpatterns = [
    path("services/", views.directory, name="directory"),
    path("services/<int:service_id>/edit/", views.service_edit, name="service_edit"),
    path("cases/<str:code>/refer/", views.refer, name="refer"),
    path("referrals/", views.inbox, name="inbox"),
    path("referrals/<str:code>/", views.referral_detail, name="detail"),
    path("referrals/<str:code>/<str:action>/", views.referral_action, name="action"),
]
