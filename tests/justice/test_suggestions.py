"""Screening indicators suggest legal facts; only a person's confirmation makes them facts."""

from __future__ import annotations

import re

import pytest

from putokaz.justice import services, suggestions
from putokaz.justice.models import LegalFacts
from putokaz.screening.services import ScreeningInput, screening_record
from tests.conftest import login
from tests.justice.conftest import record_facts

pytestmark = pytest.mark.django_db


def _result(catalogue: str, **dimensions: list[str]) -> dict:
    return {
        "catalogue": catalogue,
        "dimensions": {
            d: {"strong": ids, "medium": [], "weak": []} for d, ids in dimensions.items()
        },
        "flags": [],
    }


def _pairs(found: list[suggestions.Suggestion]) -> set[tuple[str, object]]:
    return {(s.path, s.value) for s in found}


def test_dimensions_map_to_means_and_the_catalogue_decides_the_purpose() -> None:
    sexual = suggestions.suggestions_from_result(
        _result("ilo-ec-2009-adult-sexual", D1=["ILO-D1-01"], D3=["ILO-D3-02"], D4=["ILO-D4-01"])
    )
    assert _pairs(sexual) == {
        ("acts", "recruitment"),
        ("means", "deception"),
        ("means", "fraud"),
        ("means", "abuse_of_vulnerability"),
        ("purposes", "sexual_exploitation"),
    }
    labour = suggestions.suggestions_from_result(
        _result("ilo-ec-2009-adult-labour", D4=["ILO-D4-01"])
    )
    assert _pairs(labour) == {("purposes", "forced_labour")}


def test_specific_indicators_say_more_than_their_dimension() -> None:
    found = suggestions.suggestions_from_result(
        _result(
            "ilo-ec-2009-adult-labour", D2=["ILO-D2-04", "ILO-D2-05"], D5=["ILO-D5-06", "ILO-D5-02"]
        )
    )
    by_pair = {(s.path, s.value): s.sources for s in found}
    assert by_pair[("means", "coercion")] == ("ILO-D2-04", "ILO-D5-02")  # debt bondage
    assert by_pair[("means", "retention_of_documents")] == ("ILO-D2-05",)
    assert by_pair[("purposes", "forced_criminality")] == ("ILO-D5-06",)
    assert ("acts", "recruitment") not in by_pair  # every D2 indicator here is mapped precisely


def test_smuggling_to_trafficking_flags_suggest_the_relationship_and_the_fee() -> None:
    result = {
        "catalogue": "ilo-ec-2009-adult-labour",
        "dimensions": {},
        "flags": [{"id": "MM-01", "applies": True}, {"id": "MM-06", "applies": False}],
    }
    assert _pairs(suggestions.suggestions_from_result(result)) == {
        ("border_crossing.facilitated_by_other", True),
        ("border_crossing.facilitator_material_benefit", True),
        ("relationship_after_arrival", "continued"),
    }


@pytest.fixture
def screened(justice):
    """A real screening of the case: deceptive recruitment, documents taken, forced crime."""
    screening_record(
        user=justice.net.case_manager,
        organisation=justice.net.ngo,
        data=ScreeningInput(
            catalogue_id="ilo-ec-2009-adult-sexual",
            catalogue_version=1,
            entry_point=None,
            present=("ILO-D1-01", "ILO-D4-01", "ILO-D5-01", "ILO-D5-06"),
            flags=("MM-02",),
            case=justice.case,
            person=justice.case.person,
            consent_to_link=True,
            consent_method="written",
        ),
    )
    return justice


def test_the_case_screenings_are_found(screened) -> None:
    pairs = _pairs(suggestions.suggestions_for_case(screened.case))
    assert {
        ("means", "deception"),
        ("means", "retention_of_documents"),
        ("purposes", "forced_criminality"),
        ("purposes", "sexual_exploitation"),
        ("relationship_after_arrival", "continued"),
    } <= pairs


def test_suggestions_are_offered_unticked_and_nothing_is_applied_without_confirmation(
    screened, client
) -> None:
    login(client, screened.net.case_manager)
    url = f"/cases/{screened.case.code}/legal-facts/"
    page = client.get(url).content.decode()
    offered = re.findall(r'<input[^>]*name="confirmed_suggestions"[^>]*>', page)
    assert any('value="means=deception"' in tag for tag in offered)
    assert offered and not any("checked" in tag for tag in offered)
    # The fact checkboxes themselves are not pre-filled from the screening either.
    means = re.findall(r'<input[^>]*name="means"[^>]*>', page)
    assert means and not any("checked" in tag for tag in means)
    # Opening the form wrote nothing.
    assert not LegalFacts.objects.exists()
    client.post(url, {"jurisdiction": "RS", "acts": ["recruitment"], "version": "0"})
    row = LegalFacts.objects.get(case=screened.case)
    assert "means" not in row.facts and row.confirmed_suggestions == []


def test_a_confirmed_suggestion_becomes_a_fact_with_its_indicators(screened, client) -> None:
    login(client, screened.net.case_manager)
    client.post(
        f"/cases/{screened.case.code}/legal-facts/",
        {
            "jurisdiction": "RS",
            "acts": ["recruitment"],
            "confirmed_suggestions": ["means=deception", "purposes=sexual_exploitation"],
            "version": "0",
        },
    )
    row = LegalFacts.objects.get(case=screened.case)
    assert row.facts["means"] == ["deception"] and row.facts["purposes"] == ["sexual_exploitation"]
    assert {"key": "means=deception", "sources": ["ILO-D1-01"]} in row.confirmed_suggestions
    assert "purposes=forced_criminality" not in {c["key"] for c in row.confirmed_suggestions}


def test_a_suggestion_the_screenings_do_not_make_cannot_be_confirmed(screened) -> None:
    with pytest.raises(services.JusticeRefused):
        record_facts(
            screened.net.case_manager,
            screened.case,
            {"jurisdiction": "RS"},
            confirmed_suggestions=("means=abduction",),
        )
    assert not LegalFacts.objects.exists()
