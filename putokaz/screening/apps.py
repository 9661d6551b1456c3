from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "putokaz.screening"
    label = "screening"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Screening"
