"""Reads about users: their memberships and what those let them do."""

from __future__ import annotations

from dataclasses import dataclass

from putokaz.accounts.models import Membership, Organisation, User
from putokaz.accounts.roles import role_can
from putokaz.core.audit import Actor


@dataclass(frozen=True)
class Grant:
    organisation_id: int
    role: str


def user_grants(user: User) -> tuple[Grant, ...]:
    """The user's memberships, loaded once per request object."""
    if not user.is_authenticated or not user.is_active:
        return ()
    cached = getattr(user, "_putokaz_grants", None)
    if cached is None:
        cached = tuple(
            Grant(organisation_id=org_id, role=role)
            for org_id, role in Membership.objects.filter(
                user=user, organisation__is_active=True
            ).values_list("organisation_id", "role")
        )
        user._putokaz_grants = cached  # type: ignore[attr-defined]
    return cached


def grant_for(user: User, *, capability: str, organisation_id: int | None = None) -> Grant | None:
    """The first membership giving `capability` (in `organisation_id`, if given)."""
    for grant in user_grants(user):
        if organisation_id is not None and grant.organisation_id != organisation_id:
            continue
        if role_can(grant.role, capability):
            return grant
    return None


def organisation_ids_with(user: User, *, capability: str) -> list[int]:
    return sorted({g.organisation_id for g in user_grants(user) if role_can(g.role, capability)})


def user_can(user: User, *, capability: str) -> bool:
    return grant_for(user, capability=capability) is not None


def actor_for(user: User, grant: Grant | None = None) -> Actor:
    if grant is None:
        grants = user_grants(user)
        grant = grants[0] if grants else None
    return Actor(
        label=user.username,
        user_id=user.pk,
        role=grant.role if grant else "",
        organisation_id=grant.organisation_id if grant else None,
    )


def organisations_for_user(user: User) -> list[Organisation]:
    """Organisations a user may see: their own; every one for system administrators."""
    if user_can(user, capability="system.manage"):
        return list(Organisation.objects.filter(is_active=True))
    ids = {g.organisation_id for g in user_grants(user)}
    return list(Organisation.objects.filter(pk__in=ids, is_active=True))
