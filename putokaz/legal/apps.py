from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "putokaz.legal"
    label = "legal"
    verbose_name = "Legal assistant and proceedings"
    default_auto_field = "django.db.models.BigAutoField"
