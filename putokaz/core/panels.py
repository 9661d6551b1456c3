"""Sections that other domains add to the person and case pages.

A domain registers a panel in its AppConfig.ready(): a template and a function
that builds its context from the access object the page already holds. The
page stays the one place that decides access; a panel only adds what that
access allows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    page: str  # "person" or "case"
    template: str
    context: Callable[[HttpRequest, Any], dict[str, Any] | None]  # None: show nothing
    order: int = 100


_PANELS: list[Panel] = []


def panel_register(panel: Panel) -> None:
    if all(p.template != panel.template for p in _PANELS):
        _PANELS.append(panel)
        _PANELS.sort(key=lambda p: p.order)


def panels_for(page: str, request: HttpRequest, access: Any) -> list[tuple[str, dict[str, Any]]]:
    rendered = []
    for panel in _PANELS:
        if panel.page != page:
            continue
        context = panel.context(request, access)
        if context is not None:
            rendered.append((panel.template, context))
    return rendered
