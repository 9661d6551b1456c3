from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "putokaz.matching"
    label = "matching"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Duplicate detection"
