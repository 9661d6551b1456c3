"""Name normalisation for transliterated Arabic-script, Turkish and Maghrebi names.

Two representations are produced for every name:

* a *folded* Latin form (lower-case ASCII, particles and compounds canonicalised, tokens joined)
  used for exact and typo-level comparison, and
* a *skeleton*: a consonant-class key.  Arabic script writes (almost) no short vowels, and the
  Latin spellings of one name differ mainly in vowels and in how a consonant is spelt
  (Mohammad/Muhammad/Mohamed/Mehmet all become ``MHMT``), so comparing consonant classes is
  the one representation on which original script and every romanisation can meet.

Several skeletons are kept per name where the writing is ambiguous (an attached article
``Alhassan`` may or may not be an article), and comparison takes the best pair.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "NameFeatures",
    "Script",
    "arabic_skeleton",
    "detect_script",
    "fold_latin",
    "latin_skeleton",
    "normalise_name",
]


class Script(enum.StrEnum):
    EMPTY = "empty"
    LATIN = "latin"
    ARABIC = "arabic"
    CYRILLIC = "cyrillic"
    MIXED = "mixed"
    OTHER = "other"


def _char_script(ch: str) -> Script | None:
    code = ord(ch)
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
        if unicodedata.category(ch).startswith("L"):
            return Script.ARABIC
        return None
    if 0x0400 <= code <= 0x04FF:
        return Script.CYRILLIC
    if ch.isalpha():
        # Latin-1, Latin Extended-A/B (Turkish, Serbian Latin) and basic ASCII letters.
        if code < 0x0250 or 0x1E00 <= code <= 0x1EFF:
            return Script.LATIN
        return Script.OTHER
    return None


def detect_script(text: str) -> Script:
    """The script of the letters in ``text``; digits, spaces and marks do not count."""
    found = {s for s in map(_char_script, text) if s is not None}
    if not found:
        return Script.EMPTY
    if len(found) > 1:
        return Script.MIXED
    return found.pop()


# ---------------------------------------------------------------------------------------------
# Latin folding
# ---------------------------------------------------------------------------------------------

# Letters whose romanisation is a digraph in the English-style spelling registrars use; folding
# them to that digraph lets the skeleton rules below treat "Şahin", "Shahin" and "Šahin" alike.
_LATIN_SPECIAL = {
    "ı": "i",
    "ş": "sh",
    "ç": "ch",
    "ğ": "g",
    "č": "ch",
    "ć": "ch",
    "š": "sh",
    "ž": "zh",
    "đ": "dj",
    "ß": "ss",
    "æ": "ae",
    "ø": "o",
    "œ": "oe",
    "ʿ": "",
    "ʾ": "",
    "'": "",
    "’": "",
    "‘": "",
    "`": "",
    "´": "",
}
_TURKISH_MARKERS = frozenset("şğıİçŞĞÇ")
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "dj", "е": "e", "ж": "zh",
    "з": "z", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n",
    "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ch", "у": "u",
    "ф": "f", "х": "h", "ц": "c", "ч": "ch", "џ": "dzh", "ш": "sh", "й": "j", "ы": "i",
    "э": "e", "ю": "ju", "я": "ja", "ь": "", "ъ": "", "щ": "shch",
}  # fmt: skip

# Definite-article particles as registrars write them, including sun-letter assimilations
# (ar-Rashid, as-Sayed, ad-Din, ud-Din, ush-Shams).
_ARTICLES = frozenset(
    [
        "al",
        "el",
        "ul",
        "ol",
        "il",
        "ud",
        "ad",
        "ed",
        "as",
        "es",
        "us",
        "ar",
        "er",
        "ur",
        "at",
        "et",
        "ut",
        "az",
        "ez",
        "uz",
        "an",
        "en",
        "un",
        "ash",
        "esh",
        "ush",
    ]
)
# "Son/daughter of" particles; kept attached to the following name rather than dropped, because
# in Maghrebi family names (Ben Ali, Benali, Ould Ahmed) they are part of the name itself.
_FILIAL = {
    "bin": "bin", "ben": "bin", "ibn": "bin", "ibnu": "bin", "bint": "bint", "bent": "bint",
    "walad": "walad", "wuld": "walad", "ould": "walad", "weld": "walad", "uld": "walad",
}  # fmt: skip
_SUFFIX_CANON = [
    (re.compile(r"(za+d(?:a+h?|e+h?|ah|eh|ə))$"), "zada"),
    (re.compile(r"(z(?:a+i|a+y|ae+y|e+i|o+i|o+y))$"), "zai"),
    (re.compile(r"(kh(?:e+l|a+il|ai+l|i+l|ei+l|ey+l))$"), "khel"),
]
_SUFFIX_TOKENS = {
    "zada": "zada", "zadeh": "zada", "zade": "zada", "zadah": "zada",
    "zai": "zai", "zay": "zai", "zaey": "zai", "zoi": "zai",
    "khel": "khel", "khail": "khel", "khil": "khel", "kheil": "khel",
}  # fmt: skip
# abd + optional connecting vowel + (the article's l | an assimilated doubled sun letter).
_ABD_PREFIX = re.compile(r"^abd(?:ou|[aeiou])?(?:l(?=[a-z]{2})|(?=([^aeiouy])\1))?")
_ABD_TOKENS = frozenset(
    [
        "abd",
        "abdul",
        "abdel",
        "abdal",
        "abdol",
        "abdoul",
        "abdur",
        "abdus",
        "abdou",
        "abdu",
        "abder",
        "abdes",
        "abdel",
    ]
)
_NON_LETTERS = re.compile(r"[^a-z ]+")


def _fold_chars(text: str) -> str:
    text = text.replace("İ", "i").replace("I", "i") if _has_turkish(text) else text
    turkish = _has_turkish(text)
    text = text.lower()
    out: list[str] = []
    for ch in text:
        if ch in _LATIN_SPECIAL:
            out.append(_LATIN_SPECIAL[ch])
        elif ch in _CYRILLIC:
            out.append(_CYRILLIC[ch])
        elif turkish and ch == "c":
            # In Turkish orthography c is the sound written j elsewhere (Cemal = Jamal).
            out.append("j")
        else:
            out.append(ch)
    decomposed = unicodedata.normalize("NFKD", "".join(out))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    # Serbian "dž" decomposes to "dz" + caron, and is the sound j.
    return stripped


def _has_turkish(text: str) -> bool:
    return any(ch in _TURKISH_MARKERS for ch in text)


def _canonical_token(token: str) -> str:
    if token in _SUFFIX_TOKENS:
        return _SUFFIX_TOKENS[token]
    for pattern, canon in _SUFFIX_CANON:
        if pattern.search(token) and len(token) > 5:
            return pattern.sub(canon, token)
    return token


def _canonical_abd(token: str) -> str:
    if not token.startswith("abd") or len(token) < 6:
        return token
    match = _ABD_PREFIX.match(token)
    if match is None:
        return token
    rest = token[match.end() :]
    if len(rest) < 3:
        return token
    if len(rest) > 1 and rest[0] == rest[1]:
        rest = rest[1:]
    return "abd" + rest


@lru_cache(maxsize=200_000)
def fold_latin(text: str) -> tuple[str, ...]:
    """Folded, canonicalised Latin tokens of a name (particles merged, abd- compounds unified).

    Returns tokens; joining them gives the comparison form, so "Mohammad Reza" and
    "Mohammadreza" compare equal.
    """
    folded = _fold_chars(text.replace("dž", "j").replace("Dž", "j").replace("DŽ", "j"))
    folded = folded.replace("-", " ").replace(".", " ").replace("_", " ")
    folded = _NON_LETTERS.sub("", folded)
    raw = folded.split()
    tokens: list[str] = []
    i = 0
    while i < len(raw):
        tok = raw[i]
        has_next = i + 1 < len(raw)
        if tok in _ARTICLES and has_next:
            # "Abd al-Rahman", "Nur ad-Din": the article is dropped, its name is kept.
            i += 1
            continue
        if tok in _FILIAL and has_next:
            tokens.append(_FILIAL[tok] + raw[i + 1])
            i += 2
            continue
        if tok in _ABD_TOKENS and has_next:
            nxt = raw[i + 1]
            if nxt in _ARTICLES and i + 2 < len(raw):
                nxt = raw[i + 2]
                i += 1
            tokens.append("abd" + nxt)
            i += 2
            continue
        if tok in _SUFFIX_TOKENS and tokens:
            tokens[-1] = tokens[-1] + _SUFFIX_TOKENS[tok]
            i += 1
            continue
        tokens.append(_canonical_token(_canonical_abd(tok)))
        i += 1
    return tuple(tokens)


# ---------------------------------------------------------------------------------------------
# Skeletons
# ---------------------------------------------------------------------------------------------

_VOWELS = frozenset("aeiou")
# Ordered longest first so "tsch" wins over "sch" over "sh".
_DIGRAPHS = [
    ("tsch", "X"), ("dsch", "J"), ("sch", "X"), ("tch", "X"), ("dzh", "J"), ("dj", "J"),
    ("zh", "Z"), ("sh", "X"), ("ch", "X"), ("kh", "H"), ("gh", "G"), ("ph", "F"),
    ("th", "S"), ("ck", "K"),
]  # fmt: skip
_SINGLE = {
    "b": "B", "p": "B", "f": "F", "t": "T", "d": "T", "s": "S", "z": "Z", "k": "K",
    "q": "K", "g": "G", "x": "H", "h": "H", "l": "L", "m": "M", "n": "N", "r": "R",
}  # fmt: skip
_SEP = "."  # a vowel or dropped letter: separates letters so only true doubles collapse


def _latin_codes(word: str) -> list[str]:
    codes: list[str] = []
    i = 0
    n = len(word)
    while i < n:
        for digraph, code in _DIGRAPHS:
            if word.startswith(digraph, i):
                codes.append(code)
                i += len(digraph)
                break
        else:
            ch = word[i]
            prev_vowel = i > 0 and word[i - 1] in _VOWELS
            next_vowel = i + 1 < n and word[i + 1] in _VOWELS
            if ch in _VOWELS:
                codes.append(_SEP)
            elif ch in "yj":
                if (
                    i == 0
                    or (ch == "j" and not (prev_vowel and next_vowel))
                    or (ch == "j" and i + 1 < n and word[i + 1] == "j")
                ):
                    codes.append("J")
                else:
                    # Medial y, and German/Serbian j between vowels (Husejin), spell the long
                    # vowel or diphthong that Arabic script writes with a dropped ي.
                    codes.append(_SEP)
            elif ch in "wv":
                codes.append("W" if i == 0 else _SEP)
            elif ch == "c":
                codes.append("S" if next_vowel and word[i + 1] in "ei" else "K")
            elif ch == "h" and i == n - 1 and prev_vowel:
                # Final -eh/-ah spells ta marbuta or a final vowel (Fatemeh, Abdullah).
                codes.append(_SEP)
            else:
                codes.append(_SINGLE.get(ch, _SEP))
            i += 1
    return codes


def _collapse(codes: list[str]) -> str:
    out: list[str] = []
    prev = ""
    for code in codes:
        if code != _SEP and code != prev:
            out.append(code)
        prev = code
    return "".join(out)


def latin_skeleton(word: str) -> str:
    """Consonant-class skeleton of one folded Latin word ("mohammad" -> "MHMT")."""
    return _collapse(_latin_codes(word))


_ARABIC_MAP = {
    "ب": "B", "پ": "B", "ت": "T", "ط": "T", "ټ": "T", "ٹ": "T", "د": "T", "ډ": "T", "ڈ": "T",
    "ث": "S", "س": "S", "ص": "S", "څ": "X", "ج": "J", "چ": "X", "ح": "H", "ه": "H", "ہ": "H",
    "ھ": "H", "خ": "H", "ذ": "Z", "ز": "Z", "ض": "Z", "ظ": "Z", "ژ": "Z", "ږ": "Z", "ځ": "Z",
    "ر": "R", "ړ": "R", "ڑ": "R", "ش": "X", "ښ": "X", "غ": "G", "ف": "F", "ق": "K", "ک": "K",
    "ك": "K", "ګ": "G", "گ": "G", "ل": "L", "م": "M", "ن": "N", "ڼ": "N", "ں": "N",
}  # fmt: skip
_ARABIC_GLIDES = frozenset("وۄۅ")  # و: w at the start of a word, a long vowel elsewhere
_ARABIC_Y = frozenset("يیېۍےىئ")
_ARABIC_FINAL_DROP = frozenset("هةۀہ")
# Letters normalised before exact comparison of two original-script names: the Arabic and
# Persian forms of yeh and kaf, the hamza carriers, ta marbuta.
_ARABIC_UNIFY = str.maketrans(
    {"ي": "ی", "ى": "ی", "ې": "ی", "ۍ": "ی", "ے": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه",
     "ہ": "ه", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ی"}
)  # fmt: skip
_ARABIC_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640\u06d6-\u06ed]")


def _arabic_clean(text: str) -> list[str]:
    text = _ARABIC_DIACRITICS.sub("", unicodedata.normalize("NFC", text))
    text = text.replace("\u200c", " ").replace("\u200d", "").replace("-", " ")
    return [w for w in re.split(r"[\s\u060c,]+", text) if w]


def arabic_skeleton(word: str) -> str:
    """Consonant-class skeleton of one Arabic-script word ("محمد" -> "MHMT")."""
    codes: list[str] = []
    n = len(word)
    for i, ch in enumerate(word):
        if ch in _ARABIC_MAP:
            if ch in _ARABIC_FINAL_DROP and i == n - 1 and n >= 2:
                codes.append(_SEP)
            else:
                codes.append(_ARABIC_MAP[ch])
        elif ch in _ARABIC_GLIDES:
            codes.append("W" if i == 0 else _SEP)
        elif ch in _ARABIC_Y:
            codes.append("J" if i == 0 else _SEP)
        else:
            codes.append(_SEP)
    return _collapse(codes)


def _arabic_variants(words: list[str]) -> set[str]:
    """Skeletons with and without the article ال, which may be a real part of a name."""
    plain: list[str] = []
    stripped: list[str] = []
    for w in words:
        plain.append(w)
        s = w[2:] if w.startswith("ال") and len(w) > 3 else w
        # Internal ال after عبد and in -الدین/-الله compounds is the assimilated article.
        s = re.sub(r"(?<=.)ال(?=..)", "", s)
        stripped.append(s)
    return {
        "".join(arabic_skeleton(w) for w in plain),
        "".join(arabic_skeleton(w) for w in stripped),
    } - {""}


def _latin_variants(tokens: tuple[str, ...]) -> set[str]:
    plain = "".join(latin_skeleton(t) for t in tokens)
    out = {plain}
    # An attached article ("Alhassan", "Elamrani") cannot be told from a name that begins with
    # al/el (Ali, Alaoui), so both readings are kept.
    stripped = [t[2:] if t[:2] in ("al", "el") and len(t) > 5 else t for t in tokens]
    out.add("".join(latin_skeleton(t) for t in stripped))
    return out - {""}


@dataclass(frozen=True, slots=True)
class NameFeatures:
    """Comparable forms of one name field (given name, family name, place)."""

    latin: str
    """Folded Latin tokens joined without spaces, "" when there is no Latin spelling."""
    tokens: tuple[str, ...]
    exact: frozenset[str]
    """Forms that, when shared, mean the same written name (Latin folded, Arabic unified)."""
    skeletons: frozenset[str]

    @property
    def is_empty(self) -> bool:
        return not self.exact

    @property
    def primary_skeleton(self) -> str:
        return min(self.skeletons, key=lambda s: (-len(s), s)) if self.skeletons else ""


EMPTY_NAME = NameFeatures(latin="", tokens=(), exact=frozenset(), skeletons=frozenset())


@lru_cache(maxsize=400_000)
def normalise_name(latin: str = "", original: str = "") -> NameFeatures:
    """Normalise a name given in Latin script and/or in its original script.

    Either argument may be empty, and either may actually hold the other script: registrars
    sometimes type the original-script name into the Latin column.
    """
    exact: set[str] = set()
    skeletons: set[str] = set()
    latin_tokens: tuple[str, ...] = ()
    for text in (latin, original):
        text = text.strip()
        if not text:
            continue
        script = detect_script(text)
        if script in (Script.ARABIC, Script.MIXED) and any(
            _char_script(c) == Script.ARABIC for c in text
        ):
            words = _arabic_clean(text)
            unified = "".join(w.translate(_ARABIC_UNIFY) for w in words)
            unified = "".join(c for c in unified if _char_script(c) == Script.ARABIC)
            if unified:
                exact.add("ar:" + unified)
                skeletons |= _arabic_variants(
                    [w for w in words if any(_char_script(c) == Script.ARABIC for c in w)]
                )
            if script == Script.ARABIC:
                continue
        tokens = fold_latin(text)
        if not tokens:
            continue
        if not latin_tokens:
            latin_tokens = tokens
        exact.add("".join(tokens))
        skeletons |= _latin_variants(tokens)
    if not exact:
        return EMPTY_NAME
    return NameFeatures(
        latin="".join(latin_tokens),
        tokens=latin_tokens,
        exact=frozenset(exact),
        skeletons=frozenset(skeletons),
    )
