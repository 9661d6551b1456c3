"""The main menu, assembled from the domains that are installed.

Each app adds its entries in its AppConfig.ready(); the menu shows an entry to
users whose roles include its capability, so nobody is shown a page they would
be refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str | Promise
    capability: str | tuple[str, ...] | None  # any one of them opens the entry
    order: int = 100


_ENTRIES: list[NavEntry] = []


def nav_register(entry: NavEntry) -> None:
    if all(existing.url_name != entry.url_name for existing in _ENTRIES):
        _ENTRIES.append(entry)
        _ENTRIES.sort(key=lambda e: e.order)


def nav_for_user(user: object) -> list[tuple[str, str | Promise]]:
    from putokaz.accounts.selectors import user_can

    items = []
    for entry in _ENTRIES:
        wanted = (
            (entry.capability,) if isinstance(entry.capability, str) else entry.capability or ()
        )
        if wanted and not any(user_can(user, capability=c) for c in wanted):  # type: ignore[arg-type]
            continue
        try:
            items.append((reverse(entry.url_name), entry.label))
        except NoReverseMatch:
            continue
    return items
