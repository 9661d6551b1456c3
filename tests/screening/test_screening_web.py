"""The Django side of screening: interviewer mode, result, linking, encryption, versions."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from putokaz.cases.models import Case
from putokaz.core.models import AuditEvent
from putokaz.screening import services
from putokaz.screening.models import (
    CatalogueVersion,
    RecommendationStatus,
    Screening,
    ScreeningRecommendation,
)
from putokaz.screening.store import db_registry
from tests.conftest import login, make_person
from tests.screening.conftest import positive_ids

pytestmark = pytest.mark.django_db

ADULT_LABOUR = "ilo-ec-2009-adult-labour"
POSSIBLE = positive_ids(ADULT_LABOUR, "D1", "D4", "D5")


def start_data(snet, **overrides):
    data = {
        "step": "start",
        "family": "ilo-ec-2009-*-labour",
        "age": "24",
        "sex": "female",
        "nationality": "AF",
        "route": "bulgaria",
        "entry_point": str(snet.entry_point.pk),
        "person_language": "ar",
        "interpreter_used": "on",
        "interpreter_language": "ar",
        "person_code": "",
        "case_code": "",
        "consent_method": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def submit(client, snet, answers, own_words="", **overrides):
    data = start_data(snet, **overrides)
    data.update(
        {
            "step": "answers",
            "catalogue_id": overrides.pop("catalogue_id", ADULT_LABOUR),
            "catalogue_version": overrides.pop("catalogue_version", "1"),
            "own_words": own_words,
        }
    )
    data.update({f"a-{i}": v for i, v in answers.items()})
    return client.post(reverse("screening:new"), data)


def record(snet, user=None, present=(), **fields) -> Screening:
    user = user or snet.outreach
    data = services.ScreeningInput(
        catalogue_id=fields.pop("catalogue_id", ADULT_LABOUR),
        catalogue_version=fields.pop("catalogue_version", 1),
        entry_point=snet.entry_point,
        present=tuple(present),
        **fields,
    )
    org = snet.org if user != snet.other_outreach else snet.other_org
    return services.screening_record(user=user, organisation=org, data=data)


# --- interviewer mode --------------------------------------------------------------------


def test_the_start_page_chooses_the_list_by_age_and_shows_both_languages(snet) -> None:
    client = login(Client(), snet.outreach)
    assert client.get(reverse("screening:new")).status_code == 200
    response = client.post(reverse("screening:new"), start_data(snet, age="16"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="catalogue_id" value="ilo-ec-2009-child-labour"' in html
    assert "the list for children is used" in html
    child = db_registry().catalogue("ilo-ec-2009-child-labour")
    question = child.indicators[0].question
    assert question["en"] in html and question["ar"] in html
    assert 'lang="ar" dir="rtl"' in html
    assert "unreviewed" in html  # no catalogue language is reviewed by a native speaker


def test_a_worker_screens_anonymously_and_sees_an_explained_result(snet) -> None:
    client = login(Client(), snet.outreach)
    response = submit(client, snet, dict.fromkeys(POSSIBLE, "yes") | {"ILO-D6-01": "unsure"})
    assert response.status_code == 302
    screening = Screening.objects.get()
    assert response["Location"] == reverse("screening:detail", kwargs={"code": screening.code})
    assert screening.outcome == "possible_trafficking"
    assert screening.person is None and screening.entry_point == snet.entry_point
    assert screening.catalogue_id == ADULT_LABOUR and screening.catalogue_version == 1
    assert screening.answers["unsure"] == ["ILO-D6-01"]
    assert screening.interpreter_used and screening.interpreter_language == "ar"
    assert screening.age_band == "18-24" and screening.route == "bulgaria"
    assert set(ScreeningRecommendation.objects.values_list("service", flat=True)) == set(
        screening.result["recommended_referrals"]
    )
    html = client.get(response["Location"]).content.decode()
    assert "Possible indicators of trafficking — refer for formal identification" in html
    assert "victim" not in html.lower()
    for sentence in screening.result["explanation"]:
        assert sentence.replace("'", "&#x27;") in html
    assert "Provisional weights" in html  # the adult rule is provisional
    assert "not linked to a person" in html
    assert AuditEvent.objects.filter(action="screening.create", object_ref=screening.code).exists()


def test_an_unknown_indicator_is_ignored_only_if_it_is_not_on_the_form(snet) -> None:
    # Radio names outside the questionnaire are not answers: nothing but the form's ids count.
    client = login(Client(), snet.outreach)
    response = submit(client, snet, {"ILO-D9-99": "yes", POSSIBLE[0]: "yes"})
    assert response.status_code == 302
    assert Screening.objects.get().answers["present"] == [POSSIBLE[0]]


def test_invalid_start_data_saves_nothing(snet) -> None:
    client = login(Client(), snet.outreach)
    response = submit(client, snet, {POSSIBLE[0]: "yes"}, entry_point="999999")
    assert response.status_code == 200 and Screening.objects.count() == 0


def test_linking_without_consent_is_refused_everywhere(snet) -> None:
    client = login(Client(), snet.outreach)
    response = submit(client, snet, {POSSIBLE[0]: "yes"}, person_code=snet.person.code)
    assert response.status_code == 200
    assert "only with the person&#x27;s consent" in response.content.decode()
    assert Screening.objects.count() == 0
    with pytest.raises(services.ScreeningRefused):
        record(snet, person=snet.person)
    with pytest.raises(services.ScreeningRefused):
        record(snet, person=snet.person, consent_to_link=True)  # how it was given is missing
    assert Screening.objects.count() == 0
    # Even a write that bypasses the service cannot store the link.
    screening = record(snet)
    with pytest.raises(IntegrityError), transaction.atomic():
        Screening.objects.filter(pk=screening.pk).update(person=snet.person)


def test_linking_with_consent_records_how_and_audits_it(snet) -> None:
    client = login(Client(), snet.outreach)
    response = submit(
        client,
        snet,
        {POSSIBLE[0]: "yes"},
        person_code=snet.person.code.lower(),
        consent_to_link="on",
        consent_method="verbal_interpreter",
    )
    assert response.status_code == 302
    screening = Screening.objects.get()
    assert screening.person == snet.person and screening.consent_method == "verbal_interpreter"
    assert AuditEvent.objects.filter(action="screening.link", object_ref=snet.person.code).exists()


def test_a_person_of_another_organisation_cannot_be_linked(snet) -> None:
    stranger = make_person(snet.other_org)
    client = login(Client(), snet.outreach)
    response = submit(
        client,
        snet,
        {POSSIBLE[0]: "yes"},
        person_code=stranger.code,
        consent_to_link="on",
        consent_method="written",
    )
    assert response.status_code == 200 and Screening.objects.count() == 0
    with pytest.raises(services.ScreeningRefused):
        record(snet, person=stranger, consent_to_link=True, consent_method="written")


def test_the_persons_own_words_are_encrypted_in_the_database(snet) -> None:
    words = "He took my passport at the farm near Subotica"
    client = login(Client(), snet.outreach)
    submit(client, snet, {POSSIBLE[0]: "yes"}, own_words=words)
    screening = Screening.objects.get()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT person_own_words, answers, result FROM screening_screening WHERE id = %s",
            [screening.pk],
        )
        raw, answers, result = cursor.fetchone()
    raw = bytes(raw)
    assert b"passport" not in raw and words.encode() not in raw and len(raw) > len(words)
    assert "passport" not in str(answers) + str(result)
    assert "passport" not in str(list(AuditEvent.objects.values_list("purpose", "fields")))
    detail = client.get(reverse("screening:detail", kwargs={"code": screening.code}))
    assert words in detail.content.decode()
    assert AuditEvent.objects.filter(
        action="screening.read", object_ref=screening.code, fields=["person_own_words"]
    ).exists()


def test_recording_a_recommendation_as_acted_on(snet) -> None:
    screening = record(snet, present=POSSIBLE)
    rec = screening.recommendations.first()
    url = reverse(
        "screening:recommendation_acted",
        kwargs={"code": screening.code, "recommendation_id": rec.pk},
    )
    assert login(Client(), snet.other_outreach).post(url).status_code == 404
    assert login(Client(), snet.outreach).post(url).status_code == 302
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.ACTED and rec.acted_by == snet.outreach


def test_a_linked_case_offers_the_referral_page(snet) -> None:
    from putokaz.cases.services import CaseInput, case_open

    case = case_open(
        user=snet.case_manager,
        organisation=snet.org,
        person=snet.person,
        data=CaseInput(case_type="trafficking", exploitation_forms=("labour",), summary="x"),
    )
    screening = record(
        snet,
        user=snet.case_manager,
        present=POSSIBLE,
        case=case,
        consent_to_link=True,
        consent_method="written",
    )
    assert screening.person == snet.person
    client = login(Client(), snet.case_manager)
    html = client.get(reverse("screening:detail", kwargs={"code": screening.code})).content
    assert reverse("referrals:refer", kwargs={"code": case.code}).encode() in html
    # The case page's panel lists it.
    page = client.get(reverse("cases:case_detail", kwargs={"code": case.code})).content.decode()
    panel = page.split("<main", 1)[1].split('id="screenings"', 1)[1].split("</section>", 1)[0]
    assert screening.code in panel


def test_the_person_page_lists_screenings_of_the_users_organisation_only(snet) -> None:
    screening = record(snet, person=snet.person, consent_to_link=True, consent_method="written")
    client = login(Client(), snet.case_manager)
    page = client.get(reverse("cases:person_detail", kwargs={"code": snet.person.code}))
    main = page.content.decode().split("<main", 1)[1]
    panel = main.split('id="screenings"', 1)[1].split("</section>", 1)[0]
    assert screening.code in panel and "New screening" in panel
    from putokaz.screening.selectors import screenings_for_person

    assert not screenings_for_person(user=snet.other_outreach, person_id=snet.person.pk).exists()


# --- versions ----------------------------------------------------------------------------


def _edited_text(old_question: str, new_question: str, indicator: str) -> str:
    text = CatalogueVersion.objects.get(catalogue_id=ADULT_LABOUR, version=1).text
    assert old_question in text
    text = text.replace(old_question, new_question, 1)
    # Also weaken the indicator: its block's first strength line after the id.
    head, _sep, tail = text.partition(f"- id: {indicator}\n")
    tail = tail.replace("strength: strong", "strength: weak", 1)
    return head + f"- id: {indicator}\n" + tail


def test_an_old_screening_keeps_its_versions_text_and_strengths(snet) -> None:
    db_registry()
    catalogue = db_registry().catalogue(ADULT_LABOUR)
    indicator = next(i for i in catalogue.indicators if i.strength == "strong")
    old_question = indicator.question["en"]
    screening = record(snet, present=[indicator.id])
    client = login(Client(), snet.sysadmin)
    response = client.post(
        reverse("screening:catalogue_edit", kwargs={"catalogue_id": ADULT_LABOUR}),
        {
            "text": _edited_text(
                old_question, "A reworded question for version two?", indicator.id
            ),
            "change_note": "Reworded for clarity; weight lowered in this context.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    row = CatalogueVersion.objects.get(catalogue_id=ADULT_LABOUR, version=2)
    assert "version: 2" in row.text and row.created_by == snet.sysadmin
    assert db_registry().catalogue(ADULT_LABOUR).indicator_by_id[indicator.id].strength == "weak"

    worker = login(Client(), snet.outreach)
    old_page = worker.get(reverse("screening:detail", kwargs={"code": screening.code})).content
    old_page = old_page.decode()
    assert old_question.replace("'", "&#x27;") in old_page
    assert "A reworded question for version two?" not in old_page
    assert f"{indicator.id} · strong" in old_page and "v1" in old_page
    new_form = worker.post(reverse("screening:new"), start_data(snet)).content.decode()
    assert "A reworded question for version two?" in new_form
    assert 'name="catalogue_version" value="2"' in new_form

    diff = client.get(reverse("screening:catalogue_diff", kwargs={"catalogue_id": ADULT_LABOUR}))
    html = diff.content.decode()
    assert f"indicators.{indicator.id}.strength" in html and "weak" in html
    assert AuditEvent.objects.filter(
        action="catalogue.version_create", object_ref=f"{ADULT_LABOUR}@2"
    ).exists()


def test_an_invalid_catalogue_edit_shows_the_problem_and_saves_nothing(snet) -> None:
    text = CatalogueVersion.objects.get(catalogue_id=ADULT_LABOUR, version=1).text
    broken = text.replace("strength: strong", "strength: strongg", 1)
    client = login(Client(), snet.sysadmin)
    url = reverse("screening:catalogue_edit", kwargs={"catalogue_id": ADULT_LABOUR})
    response = client.post(url, {"text": broken, "change_note": "typo"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved" in html
    assert "line " in html and ".strength: &#x27;strongg&#x27; is not one of" in html
    assert not CatalogueVersion.objects.filter(catalogue_id=ADULT_LABOUR, version=2).exists()
    # YAML that does not parse, and a flag set reference that does not exist, are refused too.
    for bad in (
        "kind: indicators\nid: [unclosed",
        text.replace("- mm-smuggling", "- no-such-set", 1),
    ):
        response = client.post(url, {"text": bad, "change_note": "x"})
        assert "Nothing was saved" in response.content.decode()
    assert CatalogueVersion.objects.filter(catalogue_id=ADULT_LABOUR).count() == 1
    assert not AuditEvent.objects.filter(action="catalogue.version_create").exists()


def test_the_catalogue_list_marks_provisional_weights_and_unreviewed_languages(snet) -> None:
    html = login(Client(), snet.sysadmin).get(reverse("screening:catalogue_list")).content.decode()
    for cid in ("ilo-ec-2009-adult-sexual", "ilo-ec-2009-child-sexual"):
        row = html.split(f"<code>{cid}</code>")[1].split("</tr>")[0]
        assert "PROVISIONAL" in row
    labour = html.split(f"<code>{ADULT_LABOUR}</code>")[1].split("</tr>")[0]
    assert "ILO-D3-13" in labour and "ILO-D3-14" in labour
    assert "ar, fa" in labour or "ar" in labour
    detail = login(Client(), snet.sysadmin).get(
        reverse("screening:catalogue_detail", kwargs={"catalogue_id": ADULT_LABOUR, "version": 1})
    )
    row = detail.content.decode().split("<code>ILO-D3-13</code>")[1].split("</tr>")[0]
    assert "PROVISIONAL" in row


# --- query budget ------------------------------------------------------------------------


def test_the_screening_list_query_count_does_not_grow(snet) -> None:
    client = login(Client(), snet.outreach)
    record(snet, present=POSSIBLE)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("screening:list")).status_code == 200
    for _ in range(12):
        record(
            snet,
            present=POSSIBLE[:2],
            person=snet.person,
            consent_to_link=True,
            consent_method="written",
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("screening:list"))
    assert response.content.decode().count("/screening/SC-") == 13
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]


def test_the_detail_page_query_count_does_not_grow_with_recommendations(snet) -> None:
    client = login(Client(), snet.outreach)
    small = record(snet)
    big = record(snet, present=POSSIBLE, flags=("MM-01", "DIG-01"))
    assert big.recommendations.count() > small.recommendations.count()
    counts = []
    for screening in (small, big):
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("screening:detail", kwargs={"code": screening.code}))
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_services_refuse_roles_without_screening(snet) -> None:
    with pytest.raises(services.ScreeningRefused):
        record(snet, user=snet.investigator)
    with pytest.raises(services.ScreeningRefused):
        services.catalogue_version_create(
            user=snet.outreach, catalogue_id=ADULT_LABOUR, text="", change_note="x"
        )
    assert Case.objects.count() == 0 and Screening.objects.count() == 0
