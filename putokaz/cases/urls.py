from django.urls import path

from putokaz.cases import views

app_name = "cases"
urlpatterns = [
    path("persons/", views.person_list, name="person_list"),
    path("persons/new/", views.person_create, name="person_create"),
    path("persons/<str:code>/", views.person_detail, name="person_detail"),
    path("persons/<str:code>/edit/", views.person_edit, name="person_edit"),
]
