"""Mechanical Serbian Latin -> Cyrillic transliteration.

Serbian Latin and Cyrillic map one to one except for the digraphs lj, nj and dž, which are
single Cyrillic letters. A handful of loanwords (konjunkcija) break the digraph rule; catalogue
texts avoid them, and a test checks that every Cyrillic text equals the transliteration of its
Latin text so the two scripts never drift apart.
"""

_DIGRAPHS = {
    "Lj": "Љ",
    "LJ": "Љ",
    "lj": "љ",
    "Nj": "Њ",
    "NJ": "Њ",
    "nj": "њ",
    "Dž": "Џ",
    "DŽ": "Џ",
    "dž": "џ",
}

_LETTERS = dict(
    zip(
        "abvgdđežzijklmnoprstćufhcčšABVGDĐEŽZIJKLMNOPRSTĆUFHCČŠ",
        "абвгдђежзијклмнопрстћуфхцчшАБВГДЂЕЖЗИЈКЛМНОПРСТЋУФХЦЧШ",
        strict=True,
    )
)

# Letters that have no place in Serbian Latin; meeting one means the text is not Serbian.
FOREIGN_LATIN_LETTERS = frozenset("qwxyQWXY")


def latin_to_cyrillic(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        if pair in _DIGRAPHS:
            out.append(_DIGRAPHS[pair])
            i += 2
            continue
        out.append(_LETTERS.get(text[i], text[i]))
        i += 1
    return "".join(out)
