"""Who may open which screening page: the role matrix, other organisations, anonymous users."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from putokaz.screening import services
from putokaz.screening.models import Screening
from tests.conftest import login
from tests.screening.conftest import positive_ids

pytestmark = pytest.mark.django_db

ADULT_LABOUR = "ilo-ec-2009-adult-labour"
WORDS = "My employer in Novi Sad kept my passport"

PERSONAS = (
    "outreach",
    "case_manager",
    "other_outreach",
    "analyst",
    "org_admin",
    "sysadmin",
    "investigator",
)
# page -> status per persona, in the order of PERSONAS
MATRIX = {
    "list": (200, 200, 200, 403, 403, 403, 403),
    "new": (200, 200, 200, 403, 403, 403, 403),
    "detail": (200, 200, 404, 404, 404, 404, 404),
    "report": (403, 403, 403, 200, 200, 200, 403),
    "import": (200, 200, 200, 403, 403, 403, 403),
    "catalogues": (403, 403, 403, 403, 403, 200, 403),
    "catalogue_detail": (403, 403, 403, 403, 403, 200, 403),
    "catalogue_edit": (403, 403, 403, 403, 403, 200, 403),
    "catalogue_diff": (403, 403, 403, 403, 403, 200, 403),
    "xlsform": (200, 200, 200, 403, 403, 200, 403),
}


def _screening(snet) -> Screening:
    return services.screening_record(
        user=snet.outreach,
        organisation=snet.org,
        data=services.ScreeningInput(
            catalogue_id=ADULT_LABOUR,
            catalogue_version=1,
            entry_point=snet.entry_point,
            present=tuple(positive_ids(ADULT_LABOUR, "D1", "D4", "D5")),
            person_own_words=WORDS,
        ),
    )


def _url(page: str, screening: Screening) -> str:
    cid = {"catalogue_id": ADULT_LABOUR}
    return {
        "list": reverse("screening:list"),
        "new": reverse("screening:new"),
        "detail": reverse("screening:detail", kwargs={"code": screening.code}),
        "report": reverse("screening:report"),
        "import": reverse("screening:kobo_import"),
        "catalogues": reverse("screening:catalogue_list"),
        "catalogue_detail": reverse("screening:catalogue_detail", kwargs={**cid, "version": 1}),
        "catalogue_edit": reverse("screening:catalogue_edit", kwargs=cid),
        "catalogue_diff": reverse("screening:catalogue_diff", kwargs=cid),
        "xlsform": reverse("screening:catalogue_xlsform", kwargs={**cid, "version": 1}),
    }[page]


@pytest.mark.parametrize("page", MATRIX)
def test_each_role_gets_exactly_what_the_capability_table_gives(snet, page) -> None:
    screening = _screening(snet)
    url = _url(page, screening)
    got = tuple(
        login(Client(), getattr(snet, persona)).get(url).status_code for persona in PERSONAS
    )
    assert got == MATRIX[page], dict(zip(PERSONAS, got, strict=True))


@pytest.mark.parametrize("page", MATRIX)
def test_anonymous_users_are_sent_to_log_in(snet, page) -> None:
    response = Client().get(_url(page, _screening(snet)))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_another_organisations_screening_is_not_there_even_by_code(snet) -> None:
    screening = _screening(snet)
    client = login(Client(), snet.other_outreach)
    assert screening.code not in client.get(reverse("screening:list")).content.decode()
    for code in (screening.code, screening.code.lower(), "SC-XXXX-XXXX", "nonsense"):
        assert client.get(reverse("screening:detail", kwargs={"code": code})).status_code == 404


def test_the_analyst_sees_counts_but_no_screening_and_no_own_words(snet) -> None:
    screening = _screening(snet)
    client = login(Client(), snet.analyst)
    report = client.get(
        reverse("screening:report"),
        {"start_a": "2000-01-01", "end_a": "2100-01-01"},
    ).content.decode()
    assert 'id="counts"' in report
    assert screening.code not in report and "passport" not in report
    detail = client.get(reverse("screening:detail", kwargs={"code": screening.code}))
    assert detail.status_code == 404


def test_an_edit_by_a_non_administrator_is_refused_and_saves_nothing(snet) -> None:
    from putokaz.screening.models import CatalogueVersion

    url = reverse("screening:catalogue_edit", kwargs={"catalogue_id": ADULT_LABOUR})
    response = login(Client(), snet.org_admin).post(url, {"text": "x", "change_note": "x"})
    assert response.status_code == 403
    assert CatalogueVersion.objects.filter(catalogue_id=ADULT_LABOUR).count() == 1
