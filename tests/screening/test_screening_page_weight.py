"""One questionnaire page must transfer under 60 KB compressed, with nothing from elsewhere."""

from __future__ import annotations

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from putokaz.screening.store import db_registry
from tests.conftest import login

pytestmark = pytest.mark.django_db

BUDGET = 60 * 1024


def _largest_catalogue() -> str:
    registry = db_registry()

    def questions(cid: str) -> int:
        catalogue = registry.catalogue(cid)
        flags = sum(
            1
            for fs in registry.flag_sets_for(catalogue)
            for flag in fs.flags
            if flag.applies_to.covers(age=catalogue.age, exploitation=catalogue.exploitation)
        )
        return len(catalogue.indicators) + flags

    return max(registry.catalogue_ids(), key=questions)


def _gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def test_the_largest_questionnaire_is_under_60_kb_compressed(snet) -> None:
    catalogue_id = _largest_catalogue()
    family = db_registry().catalogue(catalogue_id).family
    age = "30" if "-adult-" in catalogue_id else "15"
    response = login(Client(), snet.outreach).post(
        reverse("screening:new"),
        {
            "step": "start",
            "family": family,
            "age": age,
            "sex": "female",
            "entry_point": str(snet.entry_point.pk),
            "person_language": "ar",  # the longest texts: Arabic beside English
            "interpreter_used": "on",
            "interpreter_language": "ar",
        },
    )
    html = response.content
    assert response.status_code == 200 and f'value="{catalogue_id}"'.encode() in html
    assert b'dir="rtl"' in html
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+)"', html)
    assert assets, "the page references its stylesheet and scripts"
    others = re.findall(rb'(?:href|src)="(https?:)?//', html)
    assert others == [], "nothing is loaded from another origin"
    sizes = {"html": _gzipped(html)}
    for asset in assets:
        path = finders.find(asset.decode().removeprefix("/static/"))
        assert path, asset
        with open(path, "rb") as f:
            sizes[asset.decode()] = _gzipped(f.read())
    total = sum(sizes.values())
    print(f"\n{catalogue_id}: {len(html)} bytes of HTML; compressed: {sizes}; total {total}")
    assert total < BUDGET, sizes
