from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from putokaz.accounts.models import Membership, Organisation, User
from putokaz.accounts.selectors import actor_for
from putokaz.accounts.services import user_deactivate


def _admin_login(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    # Django's admin login checks only the password; every staff login needs the second factor.
    return redirect_to_login(request.get_full_path(), login_url=reverse("accounts:login"))


admin.site.login = _admin_login  # type: ignore[method-assign]
admin.site.site_header = "Putokaz"


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "type", "country", "is_active")
    list_filter = ("type", "country", "is_active")
    search_fields = ("name", "short_name")


@admin.register(User)
class PutokazUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    list_display = ("username", "email", "is_active", "is_staff", "last_login")
    actions = ["deactivate"]

    def save_model(self, request: HttpRequest, obj: User, form: object, change: bool) -> None:
        was_active = change and User.objects.filter(pk=obj.pk, is_active=True).exists()
        super().save_model(request, obj, form, change)  # type: ignore[arg-type]
        if was_active and not obj.is_active:
            # Unticking "active" must end the user's sessions and tokens now, not at their expiry.
            user_deactivate(actor=actor_for(request.user), user=obj)  # type: ignore[arg-type]

    @admin.action(description="Deactivate and end their sessions")
    def deactivate(self, request: HttpRequest, queryset: object) -> None:
        for user in queryset:  # type: ignore[attr-defined]
            user_deactivate(actor=actor_for(request.user), user=user)  # type: ignore[arg-type]
