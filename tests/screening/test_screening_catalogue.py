import csv
from pathlib import Path

import pytest

from putokaz.screening.catalogue import (
    CATALOGUE_DIR,
    Catalogue,
    CatalogueError,
    CatalogueRegistry,
    FlagSet,
    default_registry,
    load_catalogue_text,
)
from putokaz.screening.languages import LANGUAGE_CODES
from putokaz.screening.translit import FOREIGN_LATIN_LETTERS, latin_to_cyrillic

from .helpers import FIXTURES, MINIMAL, MINIMAL_FLAGS, line_of

FILE = "test-adult-labour.yaml"
REGISTRY = default_registry()


def problems(text: str, file: str = FILE) -> list[str]:
    with pytest.raises(CatalogueError) as excinfo:
        load_catalogue_text(text=text, file=file)
    return [str(p) for p in excinfo.value.problems]


def test_the_minimal_catalogue_is_valid():
    catalogue = load_catalogue_text(text=MINIMAL, file=FILE)
    assert isinstance(catalogue, Catalogue)
    assert catalogue.indicator_by_id["T-D1-01"].strength == "strong"
    assert catalogue.unreviewed_languages == ("en", "sr-latn")


# --- validation errors name the file, the line and the key path ------------------------------


def test_a_misspelt_strength():
    text = MINIMAL.replace("strength: strong", "strength: strongg")
    line = line_of(text, "strongg")
    assert problems(text) == [
        f"{FILE} line {line}: indicators[0].strength: 'strongg' is not one of strong, medium, weak"
    ]


def test_a_missing_required_key():
    text = MINIMAL.replace("    label: Low pay\n", "")
    line = line_of(text, "- id: T-D4-01")
    assert problems(text) == [f"{FILE} line {line}: indicators[1]: missing required key 'label'"]


def test_an_unknown_key_is_reported_so_typos_do_not_pass():
    text = MINIMAL.replace("    label: Deceived\n", "    label: Deceived\n    lable: again\n")
    line = line_of(text, "lable")
    [message] = problems(text)
    assert message.startswith(f"{FILE} line {line}: indicators[0].lable: unknown key 'lable'")


def test_an_unknown_source_id():
    text = MINIMAL.replace("sources: [SRC-ILO-2]", "sources: [SRC-ILO-9]", 1)
    line = line_of(text, "SRC-ILO-9")
    assert problems(text) == [
        f"{FILE} line {line}: indicators[0].sources[0]: "
        "unknown source id 'SRC-ILO-9' (see reference/sources.md)"
    ]


def test_a_duplicate_indicator_id():
    text = MINIMAL.replace("- id: T-D4-01", "- id: T-D1-01")
    line = line_of(text, "- id: T-D1-01", occurrence=2)
    assert f"{FILE} line {line}: indicators[1].id: duplicate indicator id 'T-D1-01'" in problems(
        text
    )


def test_a_duplicate_yaml_key():
    text = MINIMAL.replace("version: 1\n", "version: 1\nversion: 2\n")
    line = line_of(text, "version: 2")
    assert problems(text) == [f"{FILE} line {line}: version: duplicate key"]


def test_invalid_yaml_gives_the_line():
    text = MINIMAL.replace("  en: Test list", "  en: [Test list")
    [message] = problems(text)
    assert message.startswith(f"{FILE} line ")
    assert "not valid YAML" in message


def test_a_rule_naming_an_unknown_dimension():
    text = MINIMAL.replace("expression: D1 and D4", "expression: D1 and D5")
    line = line_of(text, "expression:")
    [message] = problems(text)
    assert message.startswith(f"{FILE} line {line}: rule.expression: rule 'D1 and D5'")
    assert "unknown dimension 'D5'" in message


def test_a_rule_that_is_not_an_expression():
    text = MINIMAL.replace("expression: D1 and D4", "expression: D1 and or D4")
    [message] = problems(text)
    assert "rule.expression" in message and "unexpected 'or'" in message


def test_an_indicator_in_an_undeclared_dimension():
    text = MINIMAL.replace("    dimension: D4", "    dimension: D5")
    line = line_of(text, "dimension: D5")
    assert problems(text) == [
        f"{FILE} line {line}: indicators[1].dimension: 'D5' is not one of the dimensions D1, D4"
    ]


def test_a_version_that_is_not_a_whole_number():
    text = MINIMAL.replace("version: 1", "version: one")
    assert problems(text) == [
        f"{FILE} line 3: version: expected a whole number of 1 or more, got 'one'"
    ]
    assert problems(MINIMAL.replace("version: 1", "version: 0")) == [
        f"{FILE} line 3: version: expected a whole number of 1 or more, got 0"
    ]


def test_a_question_missing_a_declared_language():
    text = MINIMAL.replace(
        'question: {en: "Were you paid little?", sr-latn: "Da li ste bili malo plaćeni?"}',
        'question: {en: "Were you paid little?"}',
    )
    line = line_of(text, "Were you paid little?")
    assert problems(text) == [
        f"{FILE} line {line}: indicators[1].question: missing the 'sr-latn' text"
    ]


def test_a_text_in_an_undeclared_language():
    text = MINIMAL.replace("  sr-latn: Probna lista\n", "  sr-latn: Probna lista\n  ar: قائمة\n")
    line = line_of(text, "قائمة")
    assert problems(text) == [
        f"{FILE} line {line}: title.ar: language 'ar' is not declared in languages"
    ]


def test_an_unknown_language_code():
    text = MINIMAL.replace(
        "  sr-latn:\n    reviewed_by_native_speaker: false\n",
        "  sr-latn:\n    reviewed_by_native_speaker: false\n  de:\n"
        "    reviewed_by_native_speaker: false\n",
    )
    [first, *_] = problems(text)
    assert first.startswith(f"{FILE} line {line_of(text, '  de:')}: languages.de: unknown language")


def test_the_review_flag_must_be_a_boolean():
    text = MINIMAL.replace("reviewed_by_native_speaker: false", "reviewed_by_native_speaker: no", 1)
    line = line_of(text, "reviewed_by_native_speaker: no")
    # YAML 1.1 reads "no" as false; quoting it makes it text, which is rejected.
    assert (
        load_catalogue_text(text=text, file=FILE).languages["en"].reviewed_by_native_speaker
        is False
    )
    text = text.replace("reviewed_by_native_speaker: no", "reviewed_by_native_speaker: 'nope'")
    assert problems(text) == [
        f"{FILE} line {line}: languages.en.reviewed_by_native_speaker: "
        "expected true or false, got 'nope'"
    ]


def test_the_catalogue_status_cannot_look_better_than_its_indicators():
    text = MINIMAL.replace("verification: secondary", "verification: provisional", 1)
    assert problems(text) == [
        f"{FILE} line {line_of(text, 'weights_status')}: weights_status: "
        "is 'secondary' but indicators T-D1-01 are 'provisional'"
    ]


def test_the_id_must_match_the_file_name():
    assert problems(MINIMAL, file="other.yaml") == [
        "other.yaml line 2: id: 'test-adult-labour' does not match the file name 'other'"
    ]
    load_catalogue_text(text=MINIMAL, file="test-adult-labour.v1.yaml")


def test_an_unknown_referral_service():
    text = MINIMAL.replace("[formal-identification]", "[formal-identification, exorcism]")
    [message] = problems(text)
    assert message.startswith(
        f"{FILE} line {line_of(text, 'exorcism')}: referrals.possible_trafficking[1]: "
        "'exorcism' is not a referral service"
    )


def test_the_family_must_give_the_id():
    text = MINIMAL.replace("family: test-*-labour", "family: test-*-sexual")
    assert problems(text) == [
        f"{FILE} line 4: family: 'test-*-sexual' with age 'adult' does not give id "
        "'test-adult-labour'"
    ]


def test_an_indicator_must_apply_to_its_list():
    text = MINIMAL.replace(
        "applies_to: {age: [adult], exploitation: [labour]}",
        "applies_to: {age: [child], exploitation: [labour]}",
        1,
    )
    line = line_of(text, "age: [child]")
    assert problems(text) == [
        f"{FILE} line {line}: indicators[0].applies_to: does not cover this list (adult, labour)"
    ]


def test_all_problems_are_reported_at_once():
    text = MINIMAL.replace("strength: strong", "strength: huge").replace(
        "verification: secondary\n    label: Low", "verification: sure\n    label: Low"
    )
    found = problems(text)
    assert len(found) == 2
    assert "indicators[0].strength" in found[0] and "indicators[1].verification" in found[1]


def test_the_top_level_must_be_a_mapping_with_a_known_kind():
    assert problems("- a\n- b\n") == [f"{FILE} line 1: the file must be a mapping at the top level"]
    assert problems(MINIMAL.replace("kind: indicators", "kind: survey")) == [
        f"{FILE} line 1: kind: 'survey' is not one of indicators, flags"
    ]
    assert problems("") == [f"{FILE} line 1: the file is empty"]


# --- flag sets and the registry --------------------------------------------------------------


def test_the_minimal_flag_set_is_valid():
    flag_set = load_catalogue_text(text=MINIMAL_FLAGS, file="test-flags.yaml")
    assert isinstance(flag_set, FlagSet)
    assert flag_set.flag_by_id["TF-01"].feeds[0].indicator == "T-D1-01"


def test_a_flag_mapping_must_be_marked_derived():
    text = MINIMAL_FLAGS.replace(
        "{indicator: T-D1-01, basis: derived}", "{indicator: T-D1-01, basis: ilo}"
    )
    [message] = problems(text, file="test-flags.yaml")
    assert message == (
        f"test-flags.yaml line {line_of(text, 'basis: ilo')}: flags[0].feeds[0].basis: "
        "'ilo' is not one of derived"
    )


def test_a_flag_may_not_feed_two_indicators_of_one_dimension():
    text = MINIMAL_FLAGS.replace(
        "      - {indicator: T-D1-01, basis: derived}\n",
        "      - {indicator: T-D1-01, basis: derived}\n      - {indicator: T-D1-02, basis: derived}\n",
    )
    [message] = problems(text, file="test-flags.yaml")
    assert "flags[0].feeds[1].indicator" in message
    assert "at most one indicator per dimension" in message


def test_a_flag_without_a_source_must_be_provisional():
    text = MINIMAL_FLAGS.replace("sources: [SRC-IOM-DTM-1]", "sources: []")
    [message] = problems(text, file="test-flags.yaml")
    assert "flags[0].sources: expected a non-empty list" in message
    load_catalogue_text(
        text=text.replace("verification: verified", "verification: provisional"),
        file="test-flags.yaml",
    )


def _write(directory: Path, name: str, text: str) -> None:
    (directory / name).write_text(text, encoding="utf-8")


def test_registry_cross_checks_flag_sets_and_feeds(tmp_path):
    _write(tmp_path, "test-adult-labour.yaml", MINIMAL + "flag_sets: [test-flags, missing-set]\n")
    _write(tmp_path, "test-flags.yaml", MINIMAL_FLAGS.replace("T-D1-01", "T-D1-77"))
    with pytest.raises(CatalogueError) as excinfo:
        CatalogueRegistry.from_directory(directory=tmp_path)
    messages = [str(p) for p in excinfo.value.problems]
    assert (
        "test-flags.yaml: flags[0].feeds[0].indicator: 'T-D1-77' is not an indicator of any catalogue"
        in messages
    )
    assert "test-adult-labour.yaml: flag_sets[1]: unknown flag set 'missing-set'" in messages


def test_registry_keeps_every_version(tmp_path):
    _write(tmp_path, "test-adult-labour.yaml", MINIMAL)
    _write(
        tmp_path,
        "test-adult-labour.v2.yaml",
        MINIMAL.replace("version: 1", "version: 2").replace("strength: medium", "strength: strong"),
    )
    registry = CatalogueRegistry.from_directory(directory=tmp_path)
    assert registry.catalogue_versions("test-adult-labour") == (1, 2)
    assert registry.catalogue("test-adult-labour").version == 2
    assert (
        registry.catalogue("test-adult-labour", version=1).indicator_by_id["T-D4-01"].strength
        == "medium"
    )


def test_registry_rejects_the_same_version_twice(tmp_path):
    _write(tmp_path, "test-adult-labour.yaml", MINIMAL)
    _write(tmp_path, "test-adult-labour.v1.yaml", MINIMAL)
    with pytest.raises(CatalogueError, match="version 1 is also defined in"):
        CatalogueRegistry.from_directory(directory=tmp_path)


# --- the shipped catalogues ------------------------------------------------------------------

COLUMNS = {
    "ilo-ec-2009-adult-labour": ("AL", None),
    "ilo-ec-2009-child-labour": ("CL", None),
    "ilo-ec-2009-adult-sexual": ("AS", "AS_status"),
    "ilo-ec-2009-child-sexual": ("CS", "CS_status"),
}
STRENGTHS = {"S": "strong", "M": "medium", "W": "weak"}


def _csv_rows():
    with (FIXTURES / "indicators_ilo_delphi.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("catalogue_id", sorted(COLUMNS))
def test_shipped_ilo_lists_have_exactly_the_ids_and_strengths_of_the_reference(catalogue_id):
    column, status_column = COLUMNS[catalogue_id]
    catalogue = REGISTRY.catalogue(catalogue_id)
    expected = {row["id"]: STRENGTHS[row[column]] for row in _csv_rows() if row[column] != "-"}
    assert {i.id: i.strength for i in catalogue.indicators} == expected
    left_out = {row["id"] for row in _csv_rows() if row[column] == "-"}
    assert {i.id for i in catalogue.excluded_indicators} == left_out
    if status_column:
        for row in _csv_rows():
            if row[column] == "-":
                continue
            verification = catalogue.indicator_by_id[row["id"]].verification
            # 'v' cells rest on a secondary transcription, so they are 'secondary', not verified.
            assert verification == ("secondary" if row[status_column] == "v" else "provisional")


def test_list_sizes_match_the_official_counts():
    assert len(REGISTRY.catalogue("ilo-ec-2009-adult-labour").indicators) == 67
    assert len(REGISTRY.catalogue("ilo-ec-2009-child-labour").indicators) == 65
    adult = REGISTRY.catalogue("ilo-ec-2009-adult-labour")
    per_dimension = [
        sum(1 for i in adult.indicators if i.dimension == d.id) for d in adult.dimensions
    ]
    assert per_dimension == [10, 10, 16, 9, 15, 7]


def test_provisional_status_is_machine_readable_per_catalogue_and_indicator():
    adult_sexual = REGISTRY.catalogue("ilo-ec-2009-adult-sexual")
    child_sexual = REGISTRY.catalogue("ilo-ec-2009-child-sexual")
    assert adult_sexual.weights_status == child_sexual.weights_status == "provisional"
    assert adult_sexual.provisional and child_sexual.provisional
    assert adult_sexual.indicator_by_id["ILO-D5-07"].verification == "secondary"
    assert child_sexual.indicator_by_id["ILO-D4-06"].verification == "secondary"
    assert "ILO-D4-01" in adult_sexual.provisional_indicator_ids
    assert REGISTRY.catalogue("ilo-ec-2009-adult-labour").provisional_indicator_ids == (
        "ILO-D3-13",
        "ILO-D3-14",
    )
    assert REGISTRY.catalogue("ilo-ec-2009-child-labour").weights_status == "secondary"
    # The combination rules were recalled, not re-read: provisional everywhere.
    assert all(REGISTRY.catalogue(c).rule.verification == "provisional" for c in COLUMNS)


def test_child_lists_carry_their_own_rule_and_the_caveat():
    for catalogue_id in ("ilo-ec-2009-child-labour", "ilo-ec-2009-child-sexual"):
        catalogue = REGISTRY.catalogue(catalogue_id)
        assert catalogue.rule.expression == "D4"
        assert "CAVEAT" in (catalogue.rule.note or "")
        assert any("CAVEAT" in note for note in catalogue.notes)
    assert REGISTRY.catalogue("ilo-ec-2009-adult-sexual").rule.expression == (
        "(D1 or D2 or D3) and D4 and (D5 or D6)"
    )


def _all_documents():
    for catalogue_id in REGISTRY.catalogue_ids():
        yield REGISTRY.catalogue(catalogue_id)
    for flag_set_id in REGISTRY.flag_set_ids():
        yield REGISTRY.flag_set(flag_set_id)


def _texts(document):
    yield document.title
    if isinstance(document, Catalogue):
        for dim in document.dimensions:
            yield dim.name
        for indicator in document.indicators:
            yield indicator.question
    else:
        for flag in document.flags:
            yield flag.question


def test_every_text_is_in_all_nine_languages_and_none_is_marked_reviewed():
    for document in _all_documents():
        assert tuple(document.languages) == LANGUAGE_CODES
        assert document.unreviewed_languages == LANGUAGE_CODES
        for texts in _texts(document):
            assert tuple(texts) == LANGUAGE_CODES
            assert all(text.strip() for text in texts.values())


def test_cyrillic_is_the_mechanical_transliteration_of_latin():
    for document in _all_documents():
        for texts in _texts(document):
            assert texts["sr"] == latin_to_cyrillic(texts["sr-latn"])
            assert not FOREIGN_LATIN_LETTERS & set(texts["sr-latn"])


def test_transliteration_handles_the_digraphs():
    assert latin_to_cyrillic("Ljubav, njiva, džep, NJIVA, Džep") == "Љубав, њива, џеп, ЊИВА, Џеп"
    assert latin_to_cyrillic("Da li ste bili prevareni?") == "Да ли сте били преварени?"


# "victim" in the catalogue languages: Serbian (both scripts), Arabic, Farsi/Dari and Pashto,
# Urdu (also "shikar", prey), Turkish, French.
VICTIM_WORDS = ("victim", "žrtv", "жртв", "ضحي", "قربان", "شکار", "متاثرہ", "mağdur", "victime")


def test_no_catalogue_file_uses_the_word_victim_in_any_language():
    for path in CATALOGUE_DIR.glob("*.yaml"):
        text = path.read_text(encoding="utf-8").lower()
        for word in VICTIM_WORDS:
            assert word not in text, (path.name, word)


def test_every_flag_set_is_included_by_the_ilo_catalogues():
    for catalogue_id in COLUMNS:
        included = {fs.id for fs in REGISTRY.flag_sets_for(REGISTRY.catalogue(catalogue_id))}
        assert included == set(REGISTRY.flag_set_ids())


def test_flag_mappings_are_all_marked_derived_and_flags_keep_their_verification():
    mm = REGISTRY.flag_set("mm-smuggling-to-trafficking")
    assert [f.id for f in mm.flags] == [f"MM-{n:02d}" for n in range(1, 11)]
    assert all(feed.basis == "derived" for f in mm.flags for feed in f.feeds)
    assert mm.flag_by_id["MM-08"].verification == "provisional"
    assert mm.flag_by_id["MM-08"].sources == ()
    assert mm.flag_by_id["MM-09"].feeds == ()
    dig = REGISTRY.flag_set("dig-digital-recruitment")
    assert {f.id for f in dig.flags if f.basis == "derived"} == {"DIG-06", "DIG-07", "DIG-08"}
    gbv = REGISTRY.flag_set("gbv-prompts")
    assert len(gbv.flags) == 7 and all(f.basis == "derived" for f in gbv.flags)
    risk = REGISTRY.flag_set("unhcr-heightened-risk")
    assert risk.flag_by_id["SN-UASC"].applies_to.ages == {"child"}
