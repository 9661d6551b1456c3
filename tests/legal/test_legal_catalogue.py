import datetime
import re

import pytest
from legal_cases import FIXTURES

from putokaz.legal.catalogue import (
    PACKAGE_CATALOGUES,
    catalogue_set,
    default_catalogues,
    load_catalogue,
    load_catalogues,
    parse_catalogue,
)
from putokaz.legal.errors import CatalogueError, UnknownOffenceError

RS_CODES = {
    "RS-CC-388",
    "RS-CC-389",
    "RS-CC-390",
    "RS-CC-350",
    "RS-CC-184",
    "RS-CC-178",
    "RS-CC-194",
    "RS-CC-182a",
    "RS-CC-138a",
    "RS-CC-187a",
    "RS-CC-121a",
}

VALID = """\
jurisdiction: ZZ
scope: national
name: {en: Testland}
version: 1
sources: [SRC-A]
child_age: {below: 18, verification: unverified}
offences:
  - code: ZZ-PC-1
    title: {en: Exploitation, sr-latn: Eksploatacija}
    family: trafficking
    verification: verified
    sources: [SRC-A]
    elements:
      - id: act
        kind: act
        label: {en: act}
        required_for: [adult, child]
        verification: verified
        sources: [SRC-A]
        satisfied_by:
          - when: {acts: [recruitment]}
    paragraphs:
      - id: "1"
        summary: {en: basic}
        verification: verified
        penalties:
          - min: {months: 12, verification: verified}
            max: {months: 60, verification: unverified}
"""


def load_text(tmp_path, text, name="ZZ.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_catalogue(path)


def issues_of(tmp_path, text, name="ZZ.yaml"):
    with pytest.raises(CatalogueError) as caught:
        load_text(tmp_path, text, name)
    return caught.value.issues


def line_of(text, needle):
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


# --------------------------------------------------------------------------- shipped data


def test_the_shipped_catalogues_are_valid_and_complete():
    catalogues = load_catalogues(PACKAGE_CATALOGUES)
    assert catalogues.versions() == {"RS": 1, "international": 1}
    assert {o.code for o in catalogues.get("RS").offences} == RS_CODES
    assert {o.code for o in catalogues.get("international").offences} == {"UN-TIP", "UN-SOM"}


def test_every_offence_has_bilingual_titles_a_family_and_elements():
    for catalogue in default_catalogues().catalogues.values():
        for offence in catalogue.offences:
            assert {"en", "sr-latn"} <= set(offence.title)
            assert offence.family in {"trafficking", "smuggling", "sexual", "violence", "other"}
            assert offence.elements
            for element in offence.elements:
                assert element.required_for <= {"adult", "child"}


@pytest.mark.parametrize(
    ("code", "family"),
    [
        ("RS-CC-388", "trafficking"),
        ("RS-CC-389", "trafficking"),
        ("RS-CC-390", "trafficking"),
        ("RS-CC-350", "smuggling"),
        ("RS-CC-184", "sexual"),
        ("RS-CC-178", "sexual"),
        ("RS-CC-182a", "sexual"),
        ("RS-CC-194", "violence"),
        ("RS-CC-138a", "violence"),
        ("RS-CC-187a", "violence"),
        ("RS-CC-121a", "violence"),
        ("UN-TIP", "trafficking"),
        ("UN-SOM", "smuggling"),
    ],
)
def test_offence_families(code, family):
    assert default_catalogues().offence(code).family == family


def test_means_are_required_for_adults_only_in_trafficking_offences():
    for code in ("RS-CC-388", "UN-TIP"):
        means = next(e for e in default_catalogues().offence(code).elements if e.kind == "means")
        assert means.required_for == {"adult"}


def test_what_law_md_marks_as_recalled_stays_unverified():
    offence = default_catalogues().offence
    # Art. 390, 184 and the elements of 187a and 121a are recalled ("?") in law.md.
    assert offence("RS-CC-390").verification == "unverified"
    assert {e.verification for e in offence("RS-CC-390").elements} == {"unverified"}
    assert offence("RS-CC-184").verification == "unverified"
    assert {e.verification for e in offence("RS-CC-187a").elements} == {"unverified"}
    assert {e.verification for e in offence("RS-CC-121a").elements} == {"unverified"}
    paragraphs = {p.id: p for p in offence("RS-CC-388").paragraphs}
    assert paragraphs["1"].verification == "verified"
    assert paragraphs["9"].verification == "unverified"
    assert paragraphs["10"].verification == "unverified"
    assert paragraphs["8"].penalties[0].max.verification == "unverified"
    # The age of majority is recalled (art. 112 KZ; Palermo art. 3(d) not seen).
    assert default_catalogues().get("RS").child_age.verification == "unverified"
    assert default_catalogues().get("international").child_age.verification == "unverified"


def test_the_350_penalties_keep_their_history_and_per_bound_verification():
    para2 = next(p for p in default_catalogues().offence("RS-CC-350").paragraphs if p.id == "2")
    before, now = para2.penalties
    assert (before.min.months, before.max.months) == (6, 60)
    assert before.in_force_until == datetime.date(2017, 5, 31)
    assert (now.min.months, now.max.months) == (12, 96)
    assert now.in_force_from == datetime.date(2017, 6, 1)
    assert now.min.verification == "unverified"
    assert now.max.verification == "verified"
    assert now.max.sources == ("SRC-SRB-MUP",)


def test_offence_lookup_and_unknown_code():
    assert default_catalogues().offence("RS-CC-388").article == "388"
    with pytest.raises(UnknownOffenceError, match="RS-CC-999"):
        default_catalogues().offence("RS-CC-999")


def test_the_fixture_country_loads_next_to_the_shipped_catalogues():
    catalogues = load_catalogues(PACKAGE_CATALOGUES, FIXTURES)
    assert catalogues.versions() == {"RS": 1, "ZZ": 3, "international": 1}
    assert catalogues.get("ZZ").child_age.below == 16


# --------------------------------------------------------------------------- validation errors


def test_a_valid_minimal_catalogue_loads(tmp_path):
    catalogue = load_text(tmp_path, VALID)
    assert catalogue.jurisdiction == "ZZ" and catalogue.version == 1


def test_missing_required_key_names_file_line_and_path(tmp_path):
    text = VALID.replace("    family: trafficking\n", "")
    (issue,) = issues_of(tmp_path, text)
    assert issue.file.endswith("ZZ.yaml")
    assert issue.path == "offences[0].family"
    assert issue.line == line_of(text, "- code: ZZ-PC-1")
    assert "missing required key 'family'" in str(issue)
    assert f"ZZ.yaml:{issue.line}: offences[0].family:" in str(issue)


def test_unknown_key(tmp_path):
    text = VALID.replace("    family: trafficking\n", "    family: trafficking\n    penalty: 5\n")
    (issue,) = issues_of(tmp_path, text)
    assert issue.path == "offences[0].penalty"
    assert issue.line == line_of(text, "penalty: 5")
    assert "unknown key 'penalty'" in issue.message


def test_unknown_family(tmp_path):
    text = VALID.replace("family: trafficking", "family: slavery")
    (issue,) = issues_of(tmp_path, text)
    assert issue.path == "offences[0].family"
    assert issue.line == line_of(text, "family: slavery")
    assert "unknown family 'slavery'" in issue.message


def test_unknown_fact_code_in_a_condition(tmp_path):
    text = VALID.replace("acts: [recruitment]", "acts: [kidnap]")
    (issue,) = issues_of(tmp_path, text)
    assert issue.path == "offences[0].elements[0].satisfied_by[0].when.acts[0]"
    assert issue.line == line_of(text, "acts: [kidnap]")
    assert "unknown act code 'kidnap'" in issue.message


def test_unknown_fact_in_a_condition(tmp_path):
    text = VALID.replace("acts: [recruitment]", "nationality: [AF]")
    (issue,) = issues_of(tmp_path, text)
    assert issue.path == "offences[0].elements[0].satisfied_by[0].when.nationality"
    assert "unknown fact 'nationality'" in issue.message


def test_invalid_verification_status(tmp_path):
    text = VALID.replace(
        "        verification: verified\n        sources: [SRC-A]\n        satisfied_by",
        "        verification: probably\n        sources: [SRC-A]\n        satisfied_by",
    )
    (issue,) = issues_of(tmp_path, text)
    assert issue.path == "offences[0].elements[0].verification"
    assert issue.line == line_of(text, "verification: probably")
    assert "unknown verification 'probably'" in issue.message


def test_undeclared_source_id(tmp_path):
    text = VALID.replace("    sources: [SRC-A]\n    elements", "    sources: [SRC-B]\n    elements")
    (issue,) = issues_of(tmp_path, text)
    assert issue.path == "offences[0].sources[0]"
    assert issue.line == line_of(text, "sources: [SRC-B]")
    assert "'SRC-B' is not declared" in issue.message


def test_duplicate_yaml_key(tmp_path):
    text = VALID.replace("version: 1\n", "version: 1\nversion: 2\n")
    (issue,) = issues_of(tmp_path, text)
    assert issue.path == "version"
    assert issue.line == line_of(text, "version: 2")
    assert "duplicate key" in issue.message


def test_duplicate_offence_code_and_element_id(tmp_path):
    offence = VALID[VALID.index("  - code: ZZ-PC-1") :]
    text = VALID + offence.replace("      - id: act\n", "      - id: act\n        kind: act\n", 0)
    issues = issues_of(tmp_path, text)
    assert [i.path for i in issues] == ["offences[1].code"]
    assert "duplicate offence code 'ZZ-PC-1'" in issues[0].message
    element = offence[offence.index("      - id: act") : offence.index("    paragraphs")]
    text = VALID.replace("    paragraphs:", element + "    paragraphs:")
    (issue,) = issues_of(tmp_path, text)
    assert issue.path == "offences[0].elements[1].id"
    assert "duplicate element id 'act'" in issue.message


def test_penalty_minimum_above_maximum(tmp_path):
    text = VALID.replace("months: 12", "months: 72")
    (issue,) = issues_of(tmp_path, text)
    assert issue.path == "offences[0].paragraphs[0].penalties[0].min"
    assert issue.line == line_of(text, "months: 72")
    assert "greater than maximum" in issue.message


def test_wrong_type_of_version(tmp_path):
    text = VALID.replace("version: 1", "version: one")
    (issue,) = issues_of(tmp_path, text)
    assert issue.path == "version" and issue.line == line_of(text, "version: one")
    assert "whole number" in issue.message


def test_missing_sr_latn_title(tmp_path):
    text = VALID.replace("{en: Exploitation, sr-latn: Eksploatacija}", "{en: Exploitation}")
    (issue,) = issues_of(tmp_path, text)
    assert issue.path == "offences[0].title.sr-latn"
    assert "missing required language 'sr-latn'" in issue.message


def test_bad_required_for_profile_and_element_kind(tmp_path):
    text = VALID.replace("required_for: [adult, child]", "required_for: [adult, elderly]")
    text = text.replace("kind: act", "kind: mood")
    issues = issues_of(tmp_path, text)
    assert {i.path for i in issues} == {
        "offences[0].elements[0].kind",
        "offences[0].elements[0].required_for[1]",
    }


def test_boolean_fact_can_only_be_tested_with_true(tmp_path):
    text = VALID.replace("acts: [recruitment]", "border_crossing.irregular: false")
    (issue,) = issues_of(tmp_path, text)
    assert "can only be tested with 'true'" in issue.message


def test_jurisdiction_must_match_the_file_name(tmp_path):
    (issue,) = issues_of(tmp_path, VALID, name="XY.yaml")
    assert issue.path == "jurisdiction"
    assert issue.line == 1
    assert "does not match file name" in issue.message


def test_yaml_syntax_error_names_the_line(tmp_path):
    text = VALID.replace("version: 1", "version: [1")
    (issue,) = issues_of(tmp_path, text)
    assert issue.file.endswith("ZZ.yaml")
    assert issue.line is not None
    assert "YAML syntax error" in issue.message


def test_all_issues_are_reported_at_once(tmp_path):
    text = VALID.replace("family: trafficking", "family: x").replace("version: 1", "version: 0")
    assert len(issues_of(tmp_path, text)) == 2


def test_an_offence_code_defined_in_two_catalogues_is_rejected(tmp_path):
    first = parse_catalogue(VALID, file="ZZ.yaml")
    second = parse_catalogue(VALID.replace("jurisdiction: ZZ", "jurisdiction: ZY"), file="ZY.yaml")
    with pytest.raises(CatalogueError, match=re.escape("ZZ-PC-1' is already defined in ZZ.yaml")):
        catalogue_set([first, second])


def test_invalid_files_in_a_directory_are_all_reported(tmp_path):
    (tmp_path / "ZZ.yaml").write_text(VALID.replace("family: trafficking", "family: x"))
    (tmp_path / "ZY.yaml").write_text(VALID.replace("version: 1", "version: -1"))
    with pytest.raises(CatalogueError) as caught:
        load_catalogues(tmp_path)
    assert {i.file.rsplit("/", 1)[-1] for i in caught.value.issues} == {"ZZ.yaml", "ZY.yaml"}
