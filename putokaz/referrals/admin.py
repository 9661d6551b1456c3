from __future__ import annotations

from django.contrib import admin

from putokaz.referrals.models import Service


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    """The directory is configuration: system administrators keep it in Django's admin."""

    list_display = ("name", "provider", "category", "city", "capacity", "is_active")
    list_filter = ("category", "is_active", "provider")
    search_fields = ("name", "city")
