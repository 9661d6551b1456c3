from putokaz.screening.catalogue import load_catalogue_text
from putokaz.screening.diff import catalogue_diff

from .helpers import MINIMAL

OLD = load_catalogue_text(text=MINIMAL, file="test-adult-labour.yaml")


def new_version(text: str):
    return load_catalogue_text(
        text=text.replace("version: 1", "version: 2"), file="test-adult-labour.v2.yaml"
    )


def test_identical_content_has_no_changes():
    assert catalogue_diff(old=OLD, new=new_version(MINIMAL)) == ()


def test_a_changed_strength_and_question_are_listed():
    text = MINIMAL.replace("strength: medium", "strength: strong").replace(
        '"Were you paid little?"', '"Were you paid very little?"'
    )
    changes = [str(c) for c in catalogue_diff(old=OLD, new=new_version(text))]
    assert changes == [
        "indicators.T-D4-01.strength: 'medium' -> 'strong'",
        "indicators.T-D4-01.question.en: 'Were you paid little?' -> 'Were you paid very little?'",
    ]


def test_added_and_removed_indicators_and_a_new_rule():
    text = MINIMAL.replace("- id: T-D4-01", "- id: T-D4-02").replace(
        "expression: D1 and D4", "expression: D1 or D4"
    )
    changes = [str(c) for c in catalogue_diff(old=OLD, new=new_version(text))]
    assert "rule.expression: 'D1 and D4' -> 'D1 or D4'" in changes
    assert "indicators.T-D4-01: removed (was 'medium')" in changes
    assert "indicators.T-D4-02: added 'medium'" in changes


def test_a_language_marked_reviewed_shows_in_the_diff():
    text = MINIMAL.replace(
        "  sr-latn:\n    reviewed_by_native_speaker: false",
        "  sr-latn:\n    reviewed_by_native_speaker: true",
    )
    [change] = catalogue_diff(old=OLD, new=new_version(text))
    assert str(change) == "languages.sr-latn.reviewed_by_native_speaker: 'False' -> 'True'"
