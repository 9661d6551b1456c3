"""Export a catalogue version as an XLSForm workbook for KoboToolbox / ODK Collect.

The form asks every indicator of the list as a select_one yes/no/unsure question, grouped by
dimension, then the flags of the catalogue's flag sets that apply to the list, with labels in
every catalogue language (`label::English (en)`). The catalogue id and version travel in the
form as calculated fields, so each submission says which version it was made with and
`kobo.py` can import it without guessing. Field names are derived from the ids
(ILO-D1-01 -> group D1, field ILO_D1_01), the same way `kobo.py` reads them back.
"""

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

from putokaz.screening.catalogue import Catalogue, FlagSet
from putokaz.screening.languages import LANGUAGE_BY_CODE
from putokaz.screening.translit import latin_to_cyrillic

ANSWER_LIST = "answer"
ANSWERS = ("yes", "no", "unsure")
SEX_CHOICES = ("female", "male", "other", "not_stated")
YES_NO = "yes_no"

# Interviewer texts of the form itself, in the order en, sr-latn, ar, fa, ps, ur, tr, fr; the
# Cyrillic text is transliterated. Like the catalogues, none has been reviewed by a native
# speaker; the form's languages are the catalogue's, whose blocks say so.
_ORDER = ("en", "sr-latn", "ar", "fa", "ps", "ur", "tr", "fr")
_TEXTS: Mapping[str, tuple[str, ...]] = {
    "intro": (
        "Tell the person that they can skip any question and stop at any time.",
        "Recite osobi da može da preskoči bilo koje pitanje i da prekine u bilo kom trenutku.",
        "أخبر الشخص أنه يستطيع تخطّي أي سؤال والتوقف في أي وقت.",
        "به فرد بگویید می‌تواند از هر پرسشی بگذرد و هر زمان بخواهد دست نگه دارد.",
        "هغه کس ته ووایاست چې کولی شي هره پوښتنه پرېږدي او هر وخت ودرېږي.",
        "اس شخص کو بتائیں کہ وہ کوئی بھی سوال چھوڑ سکتا ہے اور کسی بھی وقت رک سکتا ہے۔",
        "Kişiye istediği soruyu atlayabileceğini ve istediği zaman durabileceğini söyleyin.",
        "Dites à la personne qu'elle peut passer n'importe quelle question "
        "et s'arrêter à tout moment.",
    ),
    "entry_point": (
        "Entry point or reception centre",
        "Ulazna tačka ili prihvatni centar",
        "نقطة الدخول أو مركز الاستقبال",
        "محل ورود یا مرکز پذیرش",
        "د ننوتو ځای یا د پذیرش مرکز",
        "داخلے کا مقام یا استقبالیہ مرکز",
        "Giriş noktası ya da kabul merkezi",
        "Point d'entrée ou centre d'accueil",
    ),
    "interpreter_used": (
        "Was an interpreter used?",
        "Da li je korišćen prevodilac?",
        "هل تمّت الاستعانة بمترجم؟",
        "آیا از مترجم استفاده شد؟",
        "آیا له ژباړونکي کار واخیستل شو؟",
        "کیا مترجم کی مدد لی گئی؟",
        "Tercüman kullanıldı mı?",
        "Un interprète a-t-il été utilisé ?",
    ),
    "age": (
        "Age in years (leave empty if not known)",
        "Starost u godinama (ostavite prazno ako nije poznata)",
        "العمر بالسنوات (اتركه فارغاً إذا لم يكن معروفاً)",
        "سن به سال (اگر معلوم نیست خالی بگذارید)",
        "عمر په کلونو (که معلوم نه وي خالي یې پرېږدئ)",
        "عمر سالوں میں (معلوم نہ ہو تو خالی چھوڑ دیں)",
        "Yaş (bilinmiyorsa boş bırakın)",
        "Âge en années (laisser vide s'il n'est pas connu)",
    ),
    "sex": ("Sex", "Pol", "الجنس", "جنسیت", "جنسیت", "جنس", "Cinsiyet", "Sexe"),
    "nationality": (
        "Nationality (country code, e.g. AF)",
        "Državljanstvo (oznaka zemlje, npr. AF)",
        "الجنسية (رمز البلد، مثل AF)",
        "تابعیت (کد کشور، مثلاً AF)",
        "تابعیت (د هېواد کوډ، لکه AF)",
        "قومیت (ملک کا کوڈ، مثلاً AF)",
        "Uyruk (ülke kodu, örn. AF)",
        "Nationalité (code du pays, p. ex. AF)",
    ),
    "yes": ("Yes", "Da", "نعم", "بله", "هو", "ہاں", "Evet", "Oui"),
    "no": ("No", "Ne", "لا", "نه", "نه", "نہیں", "Hayır", "Non"),
    "unsure": (
        "Not sure",
        "Nisam siguran/sigurna",
        "لست متأكداً",
        "مطمئن نیستم",
        "ډاډه نه یم",
        "یقین نہیں",
        "Emin değilim",
        "Je ne sais pas",
    ),
    "female": ("Female", "Žensko", "أنثى", "زن", "ښځه", "عورت", "Kadın", "Femme"),
    "male": ("Male", "Muško", "ذكر", "مرد", "نارینه", "مرد", "Erkek", "Homme"),
    "other": ("Other", "Drugo", "آخر", "دیگر", "بل", "دیگر", "Diğer", "Autre"),
    "not_stated": (
        "Not stated",
        "Nije navedeno",
        "غير مذكور",
        "بیان نشده",
        "نه دی ویل شوی",
        "بیان نہیں کیا",
        "Belirtilmedi",
        "Non précisé",
    ),
}


def _text(key: str) -> dict[str, str]:
    texts = dict(zip(_ORDER, _TEXTS[key], strict=True))
    texts["sr"] = latin_to_cyrillic(texts["sr-latn"])
    return texts


def field_name(item_id: str) -> str:
    """XLSForm name for an indicator or flag id: ILO-D1-01 -> ILO_D1_01."""
    return item_id.replace("-", "_")


def group_name(flag_set_id: str) -> str:
    return flag_set_id.replace("-", "_")


@dataclass(frozen=True)
class FormField:
    """One yes/no/unsure question of the exported form, as Kobo names its column."""

    path: str  # group/name, e.g. D1/ILO_D1_01
    name: str
    item_id: str
    kind: str  # "indicator" or "flag"


def form_fields(*, catalogue: Catalogue, flag_sets: Sequence[FlagSet]) -> tuple[FormField, ...]:
    fields = [
        FormField(f"{ind.dimension}/{field_name(ind.id)}", field_name(ind.id), ind.id, "indicator")
        for dim in catalogue.dimensions
        for ind in catalogue.indicators
        if ind.dimension == dim.id
    ]
    for flag_set in flag_sets:
        for flag in flag_set.flags:
            if flag.applies_to.covers(age=catalogue.age, exploitation=catalogue.exploitation):
                fields.append(
                    FormField(
                        f"{group_name(flag_set.id)}/{field_name(flag.id)}",
                        field_name(flag.id),
                        flag.id,
                        "flag",
                    )
                )
    return tuple(fields)


def form_id(catalogue: Catalogue) -> str:
    return f"putokaz_{field_name(catalogue.id)}_v{catalogue.version}"


def xlsform_sheets(
    *, catalogue: Catalogue, flag_sets: Sequence[FlagSet]
) -> dict[str, list[list[str]]]:
    """The workbook as rows per sheet (header first); handy for tests and other writers."""
    languages = list(catalogue.languages)
    label_columns = [f"label::{LANGUAGE_BY_CODE[code].xlsform_label}" for code in languages]

    def labels(texts: Mapping[str, str]) -> list[str]:
        return [texts[code] for code in languages]

    survey: list[list[str]] = [
        ["type", "name", *label_columns, "required", "constraint", "appearance", "calculation"]
    ]

    def row(
        kind: str,
        name: str,
        texts: Mapping[str, str] | None,
        *,
        constraint: str = "",
        appearance: str = "",
        calculation: str = "",
    ) -> None:
        cells = labels(texts) if texts is not None else [""] * len(languages)
        survey.append([kind, name, *cells, "", constraint, appearance, calculation])

    row("start", "start", None)
    row("end", "end", None)
    row("calculate", "catalogue_id", None, calculation=f"'{catalogue.id}'")
    row("calculate", "catalogue_version", None, calculation=f"'{catalogue.version}'")
    row("note", "intro", _text("intro"))
    row("text", "entry_point", _text("entry_point"))
    row(f"select_one {YES_NO}", "interpreter_used", _text("interpreter_used"))
    row("integer", "age", _text("age"), constraint=". >= 0 and . <= 130")
    row("select_one sex", "sex", _text("sex"))
    row("text", "nationality", _text("nationality"))
    fields = form_fields(catalogue=catalogue, flag_sets=flag_sets)
    for dim in catalogue.dimensions:
        row("begin_group", dim.id, dim.name, appearance="field-list")
        for ind in catalogue.indicators:
            if ind.dimension == dim.id:
                row(f"select_one {ANSWER_LIST}", field_name(ind.id), ind.question)
        row("end_group", dim.id, None)
    flag_ids = {field.item_id for field in fields if field.kind == "flag"}
    for flag_set in flag_sets:
        chosen = [flag for flag in flag_set.flags if flag.id in flag_ids]
        if not chosen:
            continue
        row("begin_group", group_name(flag_set.id), flag_set.title, appearance="field-list")
        for flag in chosen:
            row(f"select_one {ANSWER_LIST}", field_name(flag.id), flag.question)
        row("end_group", group_name(flag_set.id), None)

    choices: list[list[str]] = [["list_name", "name", *label_columns]]
    for name in ANSWERS:
        choices.append([ANSWER_LIST, name, *labels(_text(name))])
    for name in ("yes", "no"):
        choices.append([YES_NO, name, *labels(_text(name))])
    for name in SEX_CHOICES:
        choices.append(["sex", name, *labels(_text(name))])

    settings = [
        ["form_title", "form_id", "version", "default_language"],
        [
            catalogue.title["en"],
            form_id(catalogue),
            str(catalogue.version),
            LANGUAGE_BY_CODE["en"].xlsform_label,
        ],
    ]
    return {"survey": survey, "choices": choices, "settings": settings}


def catalogue_to_xlsform(
    *, catalogue: Catalogue, flag_sets: Sequence[FlagSet], path: Path | None = None
) -> bytes:
    """The XLSForm workbook as .xlsx bytes; also written to `path` when one is given."""
    workbook = Workbook()
    default = workbook.active
    if default is not None:
        workbook.remove(default)
    for title, rows in xlsform_sheets(catalogue=catalogue, flag_sets=flag_sets).items():
        sheet = workbook.create_sheet(title)
        for values in rows:
            sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    if path is not None:
        path.write_bytes(data)
    return data
