from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from putokaz.screening.models import CatalogueVersion, EntryPoint


@admin.register(EntryPoint)
class EntryPointAdmin(admin.ModelAdmin):
    """The managed list of entry points is configuration, kept by system administrators.

    An entry point that is no longer used is made inactive, never deleted: old screenings
    and the report still group by it.
    """

    list_display = ("name", "kind", "municipality", "organisation", "active")
    list_filter = ("kind", "active")
    search_fields = ("name", "municipality")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CatalogueVersion)
class CatalogueVersionAdmin(admin.ModelAdmin):
    """Read-only: a new version is made on the catalogue edit page, which validates it."""

    list_display = ("catalogue_id", "version", "kind", "created_by", "created_at")
    list_filter = ("kind", "catalogue_id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
