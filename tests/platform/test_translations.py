"""The interface translations: complete, consistent with the source, compiled, and served.

The catalogues live in putokaz/locale/<locale>/LC_MESSAGES/django.po and their compiled
.mo files are committed (CI does not compile them). sr (Cyrillic) is generated from
sr_Latn by scripts/sr_cyrillic.py and must never drift from it.
"""

from __future__ import annotations

import gettext
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils.translation import to_locale

ROOT = Path(__file__).resolve().parents[2]
LOCALE_DIR = ROOT / "putokaz" / "locale"


def _load_script():
    spec = importlib.util.spec_from_file_location(
        "sr_cyrillic", ROOT / "scripts" / "sr_cyrillic.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


sr_cyrillic = _load_script()

SERBIAN_PLURALS = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);"
)
PLURAL_FORMS = {
    "sr_Latn": SERBIAN_PLURALS,
    "sr": SERBIAN_PLURALS,
    "ar": (
        "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
        "n%100>=11 && n%100<=99 ? 4 : 5);"
    ),
    "fa": "nplurals=2; plural=(n > 1);",
    "ps": "nplurals=2; plural=(n != 1);",
    "ur": "nplurals=2; plural=(n != 1);",
    "tr": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
}
CATALOGUE_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
RTL = {"ar", "fa", "ps", "ur"}


def _po_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / "django.po"


def _entries(locale: str) -> list:
    return sr_cyrillic.parse_po(_po_path(locale).read_text(encoding="utf-8"))


def _messages(locale: str) -> list:
    return [e for e in _entries(locale) if not e.is_header and not e.is_obsolete]


def _header(locale: str) -> dict[str, str]:
    header = next(e for e in _entries(locale) if e.is_header)
    fields = {}
    for line in header.msgstrs[0].splitlines():
        key, _sep, value = line.partition(":")
        fields[key.strip()] = value.strip()
    return fields


def test_every_language_but_english_has_a_catalogue() -> None:
    assert sorted(to_locale(code) for code in CATALOGUE_LANGUAGES) == sorted(PLURAL_FORMS)
    for locale in PLURAL_FORMS:
        assert _po_path(locale).is_file(), locale
        assert _po_path(locale).with_suffix(".mo").is_file(), f"{locale}: run compilemessages"


@pytest.mark.parametrize("locale", sorted(PLURAL_FORMS))
def test_the_catalogue_has_no_untranslated_or_fuzzy_entries(locale: str) -> None:
    header = next(e for e in _entries(locale) if e.is_header)
    assert "fuzzy" not in header.flags, f"{locale}: the header is still marked fuzzy"
    nplurals = int(re.search(r"nplurals=(\d+)", PLURAL_FORMS[locale]).group(1))
    problems = []
    for entry in _messages(locale):
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        if not all(entry.msgstrs):
            problems.append(f"untranslated: {entry.msgid!r}")
        if entry.msgid_plural is not None and len(entry.msgstrs) != nplurals:
            problems.append(
                f"{len(entry.msgstrs)} plural forms instead of {nplurals}: {entry.msgid!r}"
            )
    assert not problems, f"{locale}:\n" + "\n".join(problems)
    assert _messages(locale), f"{locale}: no messages at all"


@pytest.mark.parametrize("locale", sorted(PLURAL_FORMS))
def test_the_header_names_the_language_its_plural_forms_and_the_review_status(locale: str) -> None:
    header = _header(locale)
    assert header["Language"] == locale
    assert header["Plural-Forms"] == PLURAL_FORMS[locale]
    assert header["Content-Type"] == "text/plain; charset=UTF-8"
    code = next(c for c in CATALOGUE_LANGUAGES if to_locale(c) == locale)
    reviewed = json.loads((LOCALE_DIR / "review_status.json").read_text(encoding="utf-8"))
    if not reviewed[code]["reviewed_by_native_speaker"]:
        text = _po_path(locale).read_text(encoding="utf-8")
        assert "# Not reviewed by a native speaker." in text.split('msgid ""')[0]


def test_every_catalogue_has_the_same_messages() -> None:
    def keys(locale: str) -> set[tuple[str | None, str]]:
        return {(e.msgctxt, e.msgid) for e in _messages(locale)}

    expected = keys("sr_Latn")
    for locale in PLURAL_FORMS:
        assert keys(locale) == expected, (
            f"{locale}: missing {sorted(m for _c, m in expected - keys(locale))}, "
            f"extra {sorted(m for _c, m in keys(locale) - expected)}: run makemessages for all"
        )


_NAMED = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]")
_POSITIONAL = re.compile(r"%[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]")
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{\w*\}")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def _placeholders(text: str, python_format: bool) -> Counter[str]:
    found: Counter[str] = Counter(m.group() for m in _NAMED.finditer(text))
    found.update(_TEMPLATE.findall(text))
    found.update(_TAG.findall(text))
    if python_format:
        rest = _NAMED.sub("", text).replace("%%", "")
        found.update(_POSITIONAL.findall(rest))
    return found


@pytest.mark.parametrize("locale", sorted(PLURAL_FORMS))
def test_placeholders_and_markup_in_translations_match_the_source(locale: str) -> None:
    problems = []
    for entry in _messages(locale):
        python = "python-format" in entry.flags
        source = _placeholders(entry.msgid, python)
        if entry.msgid_plural is None:
            got = _placeholders(entry.msgstrs[0], python)
            if got != source:
                problems.append(f"{entry.msgid!r}: {dict(got)} instead of {dict(source)}")
            continue
        plural = _placeholders(entry.msgid_plural, python)
        allowed = set(source) | set(plural)
        for index, form in enumerate(entry.msgstrs):
            got = _placeholders(form, python)
            if not set(got) <= allowed:  # a form for one number (Arabic 0, 1, 2) may omit it
                problems.append(f"{entry.msgid!r}[{index}]: {dict(got)} not in {allowed}")
        if _placeholders(entry.msgstrs[-1], python) != plural:
            problems.append(f"{entry.msgid!r}: the last plural form must keep {dict(plural)}")
    assert not problems, f"{locale}:\n" + "\n".join(problems)


# English (regular expression) -> what the Serbian must say, from the project's glossary.
SERBIAN_GLOSSARY = (
    (r"\bcase manager", r"[Vv]oditelj\w*/\w*k\w* slučaja"),  # voditelj/ka, voditelji/ke
    (r"\boutreach", r"[Tt]erenski radnik / terenska radnica"),
    (r"\bidentification\b", r"identifikacij"),
    (r"\btrafficking\b", r"trgovin\w* ljudima"),
    (r"\bpseudonymous code", r"pseudonimn\w* kod"),
    (r"\baudit log\b", r"dnevnik\w* revizije"),
)


def test_serbian_follows_the_glossary() -> None:
    problems = []
    for entry in _messages("sr_Latn"):
        for english, serbian in SERBIAN_GLOSSARY:
            if re.search(english, entry.msgid, re.IGNORECASE):
                problems += [
                    f"{entry.msgid!r} -> {form!r}: expected /{serbian}/"
                    for form in entry.msgstrs
                    if not re.search(serbian, form, re.IGNORECASE)
                ]
    assert not problems, "\n".join(problems)


def test_the_cyrillic_catalogue_is_exactly_the_transliterated_latin_one() -> None:
    expected = sr_cyrillic.cyrillic_catalogue(_po_path("sr_Latn").read_text(encoding="utf-8"))
    assert _po_path("sr").read_text(encoding="utf-8") == expected, (
        "putokaz/locale/sr is out of date: run `.venv/bin/python scripts/sr_cyrillic.py`"
    )


def test_the_cyrillic_catalogue_has_no_latin_words_left() -> None:
    def allowed(word: str) -> bool:
        return bool(
            re.fullmatch(r"[A-Z0-9][A-Z0-9-]+", word)  # codes: TOTP, AF, YYYY-MM-DD, UTF-8
            or word in sr_cyrillic.KEEP_LATIN
            or re.search(r"[qwxyQWXY]|[a-z][A-Z]", word)  # not Serbian: KoboToolbox, XLSForm
        )

    leftovers = set()
    for entry in _messages("sr"):
        for form in entry.msgstrs:
            bare = _NAMED.sub("", form)
            words = re.findall(r"[A-Za-zČĆŽŠĐčćžšđ]+(?:-[A-Za-z0-9]+)*", bare)
            leftovers |= {w for w in words if not allowed(w)}
    assert not leftovers, sorted(leftovers)


def test_codes_from_the_english_source_stay_latin_in_the_cyrillic_catalogue() -> None:
    code = re.compile(r"(?<![\w-])[A-Z0-9][A-Z0-9-]*[A-Z][A-Z0-9-]*(?![\w])")
    latin = {(e.msgctxt, e.msgid): e for e in _messages("sr_Latn")}
    problems = []
    for entry in _messages("sr"):
        codes = set(code.findall(entry.msgid + " " + (entry.msgid_plural or "")))
        for latin_form, cyrillic_form in zip(
            latin[(entry.msgctxt, entry.msgid)].msgstrs, entry.msgstrs, strict=True
        ):
            problems += [
                f"{entry.msgid!r}: {c}"
                for c in codes
                if code.findall(latin_form).count(c) != code.findall(cyrillic_form).count(c)
            ]
    assert not problems, problems


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("ljubav Ljubav LJUBAV", "љубав Љубав ЉУБАВ"),
        ("njegov Njegov NJEGOV", "његов Његов ЊЕГОВ"),
        ("džep Džep DŽEP", "џеп Џеп ЏЕП"),
        ("Đorđe Ćirić, čaša, šuma, žena", "Ђорђе Ћирић, чаша, шума, жена"),
        ("trgovina ljudima", "трговина људима"),
        ("nadživeti injekcija", "надживети инјекција"),
        ("Za %(minutes)d min. i %s, 100%%", "За %(minutes)d мин. и %s, 100%%"),
        (
            "Zdravo, {{ name }} {% url 'home' %} {code}",
            "Здраво, {{ name }} {% url 'home' %} {code}",
        ),
        ('<a href="/lj/" class="nj">veza</a>', '<a href="/lj/" class="nj">веза</a>'),
        (
            "vidite https://example.org/lj/nj i ana@example.org",
            "видите https://example.org/lj/nj и ana@example.org",
        ),
        (
            "kod TOTP, API token, QR kod, PK-7F3K, YYYY-MM-DD, AF, XX",
            "код TOTP, API токен, QR код, PK-7F3K, YYYY-MM-DD, AF, XX",
        ),
        ("MUP i NVO, UPOZORENJE", "МУП и НВО, УПОЗОРЕЊЕ"),
    ],
)
def test_transliteration(latin: str, cyrillic: str) -> None:
    assert sr_cyrillic.transliterate(latin) == cyrillic
    assert sr_cyrillic.transliterate(cyrillic) == cyrillic  # idempotent on its own output


def test_the_po_writer_round_trips_long_and_escaped_strings() -> None:
    value = 'Reci "zdravo"\\ i\tsve ' + "dugačke reči " * 12 + "\nnovi red\n"
    lines = sr_cyrillic.render_string("msgstr", value)
    assert all(len(line) <= 79 for line in lines) and len(lines) > 2
    entry = sr_cyrillic.parse_po('msgid "x"\n' + "\n".join(lines) + "\n")[0]
    assert entry.msgstrs == [value]


@pytest.mark.parametrize("locale", sorted(PLURAL_FORMS))
def test_the_committed_mo_file_is_compiled_from_the_po_file(locale: str) -> None:
    with _po_path(locale).with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    catalog = compiled._catalog  # type: ignore[attr-defined]
    stale = []
    for entry in _messages(locale):
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            ok = catalog.get(key) == entry.msgstrs[0]
        else:
            ok = all(catalog.get((key, i)) == form for i, form in enumerate(entry.msgstrs))
        if not ok:
            stale.append(entry.msgid)
    assert not stale, f"{locale}: .mo is stale for {stale[:5]}: run compilemessages"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
@pytest.mark.parametrize("locale", sorted(PLURAL_FORMS))
def test_msgfmt_check_accepts_the_catalogue(locale: str) -> None:
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(_po_path(locale))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def _login_heading(locale: str) -> str:
    if locale == "en":
        return "Log in"
    entry = next(e for e in _messages(locale) if e.msgid == "Log in" and e.msgctxt is None)
    return entry.msgstrs[0]


@pytest.mark.django_db
@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
def test_the_login_page_renders_in_every_language(code: str) -> None:
    client = Client()
    response = client.post(reverse("set_language"), {"language": code, "next": "/login/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == code, (
        f"set_language refused {code!r}: Django's check_for_language needs a catalogue for it"
    )
    response = client.get(reverse("accounts:login"))
    html = response.content.decode()
    direction = "rtl" if code in RTL else "ltr"
    assert f'<html lang="{code}" dir="{direction}">' in html
    assert response["Content-Language"] == code
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.DOTALL).group(1).strip()
    assert heading == _login_heading(to_locale(code))
    if code != "en":
        assert heading != "Log in"
