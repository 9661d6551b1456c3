"""The languages screening questions are written in.

The codes are the keys used in catalogue files. `xlsform_label` follows XLSForm's
`Name (code)` convention. ODK uses the code to pick fonts and text direction and accepts only
ISO 639 language codes there (pyxform warns about `sr-Latn`), so both Serbian scripts carry
`sr` and are told apart by their names.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    english_name: str
    native_name: str
    bcp47: str
    right_to_left: bool

    @property
    def xlsform_label(self) -> str:
        return f"{self.english_name} ({self.bcp47.split('-')[0]})"


LANGUAGES: tuple[Language, ...] = (
    Language("en", "English", "English", "en", False),
    Language("sr-latn", "Serbian Latin", "Srpski (latinica)", "sr-Latn", False),
    Language("sr", "Serbian Cyrillic", "Српски (ћирилица)", "sr-Cyrl", False),
    Language("ar", "Arabic", "العربية", "ar", True),
    Language("fa", "Farsi Dari", "فارسی / دری", "fa", True),
    Language("ps", "Pashto", "پښتو", "ps", True),
    Language("ur", "Urdu", "اردو", "ur", True),
    Language("tr", "Turkish", "Türkçe", "tr", False),
    Language("fr", "French", "Français", "fr", False),
)

LANGUAGE_BY_CODE: dict[str, Language] = {language.code: language for language in LANGUAGES}
LANGUAGE_CODES: tuple[str, ...] = tuple(language.code for language in LANGUAGES)
