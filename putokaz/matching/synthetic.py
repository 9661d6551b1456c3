"""Synthetic registrations of people on the Western Balkans route, with ground truth.

    python -m putokaz.matching.synthetic --people 5000 --seed 1 --out regs.csv

Each person (from Afghanistan, Syria, Iraq, Pakistan, Morocco or Turkey) has a name in the
original script and a canonical romanisation; each registration is made by an agency whose
registrar romanises in one style (English, French, German, Serbian, Turkish) and makes the
mistakes registrars make.  The assumptions behind the rates are in docs/matching.md.  The
``person`` column is the ground truth and must not be given to a matcher.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Registration", "demo_people", "generate", "write_csv"]

# (canonical romanisation, original script).  Canonical forms use English-style digraphs
# (sh, kh, gh, ch) and long vowels as written by English-language agencies.
_M = "m"
_F = "f"
NAMES: dict[str, dict[str, list[tuple[str, str]]]] = {
    "AF": {
        _M: [
            ("Mohammad", "محمد"), ("Ahmad", "احمد"), ("Ali", "علی"), ("Mohammad Reza", "محمدرضا"),
            ("Reza", "رضا"), ("Hamid", "حمید"), ("Jawad", "جواد"), ("Mahmood", "محمود"),
            ("Mustafa", "مصطفی"), ("Nasir", "ناصر"), ("Farid", "فرید"), ("Rahim", "رحیم"),
            ("Abdul Rahman", "عبدالرحمن"), ("Abdullah", "عبدالله"), ("Gul Ahmad", "گل احمد"),
            ("Wahid", "وحید"), ("Sayed", "سید"), ("Hussain", "حسین"), ("Zabihullah", "ذبیح‌الله"),
            ("Naqibullah", "نقیب‌الله"), ("Shafiq", "شفیق"), ("Bilal", "بلال"), ("Idris", "ادریس"),
            ("Omid", "امید"), ("Sohrab", "سهراب"), ("Khalid", "خالد"), ("Javid", "جاوید"),
            ("Yousuf", "یوسف"), ("Karim", "کریم"), ("Qasim", "قاسم"),
        ],
        _F: [
            ("Fatima", "فاطمه"), ("Zahra", "زهرا"), ("Maryam", "مریم"), ("Masuma", "معصومه"),
            ("Shabnam", "شبنم"), ("Parwana", "پروانه"), ("Nilofar", "نیلوفر"), ("Sima", "سیما"),
            ("Hamida", "حمیده"), ("Khadija", "خدیجه"), ("Zainab", "زینب"), ("Marzia", "مرضیه"),
            ("Gulalai", "ګلالۍ"), ("Malalai", "ملالۍ"), ("Farzana", "فرزانه"), ("Frishta", "فرشته"),
        ],
        "family": [
            ("Ahmadi", "احمدی"), ("Hussaini", "حسینی"), ("Rahimi", "رحیمی"), ("Karimi", "کریمی"),
            ("Mohammadi", "محمدی"), ("Hakimi", "حکیمی"), ("Safi", "صافی"), ("Popal", "پوپل"),
            ("Ahmadzai", "احمدزی"), ("Stanikzai", "ستانکزی"), ("Yousufzai", "یوسفزی"),
            ("Noori", "نوری"), ("Sultani", "سلطانی"), ("Hashimi", "هاشمی"), ("Rezaei", "رضایی"),
            ("Alizada", "علیزاده"), ("Hassanzada", "حسن‌زاده"), ("Jafari", "جعفری"),
            ("Sharifi", "شریفی"), ("Mohmand", "مومند"), ("Achakzai", "اڅکزی"), ("Wardak", "وردک"),
            ("Khan", "خان"), ("Shinwari", "شینواری"), ("Amiri", "امیری"), ("Haidari", "حیدری"),
            ("Akbari", "اکبری"), ("Azizi", "عزیزی"), ("Sadat", "سادات"), ("Nazari", "نظری"),
        ],
    },
    "SY": {
        _M: [
            ("Mohammed", "محمد"), ("Ahmed", "أحمد"), ("Ali", "علي"), ("Hussein", "حسين"),
            ("Hassan", "حسن"), ("Omar", "عمر"), ("Khaled", "خالد"), ("Youssef", "يوسف"),
            ("Ibrahim", "إبراهيم"), ("Mahmoud", "محمود"), ("Mustafa", "مصطفى"),
            ("Abdul Rahman", "عبد الرحمن"), ("Abdullah", "عبد الله"), ("Abdul Karim", "عبد الكريم"),
            ("Bilal", "بلال"), ("Jamal", "جمال"), ("Hamza", "حمزة"), ("Tariq", "طارق"),
            ("Walid", "وليد"), ("Ziad", "زياد"), ("Fadi", "فادي"), ("Rami", "رامي"),
            ("Samer", "سامر"), ("Yasser", "ياسر"), ("Anas", "أنس"), ("Othman", "عثمان"),
        ],
        _F: [
            ("Fatima", "فاطمة"), ("Aisha", "عائشة"), ("Maryam", "مريم"), ("Zainab", "زينب"),
            ("Nour", "نور"), ("Layla", "ليلى"), ("Hala", "هالة"), ("Rana", "رنا"), ("Huda", "هدى"),
            ("Amal", "أمل"), ("Rasha", "رشا"), ("Asma", "أسماء"), ("Khadija", "خديجة"),
            ("Salma", "سلمى"), ("Yasmin", "ياسمين"), ("Reem", "ريم"),
        ],
        "family": [
            ("Al-Hassan", "الحسن"), ("Al-Ahmad", "الأحمد"), ("Al-Khatib", "الخطيب"),
            ("Haddad", "حداد"), ("Al-Ali", "العلي"), ("Hussein", "حسين"), ("Mahmoud", "محمود"),
            ("Khalil", "خليل"), ("Ibrahim", "إبراهيم"), ("Saleh", "صالح"), ("Darwish", "درويش"),
            ("Najjar", "نجار"), ("Al-Shami", "الشامي"), ("Abdullah", "عبد الله"),
            ("Qasim", "قاسم"), ("Kurdi", "كردي"), ("Hamdan", "حمدان"), ("Othman", "عثمان"),
            ("Suleiman", "سليمان"), ("Al-Homsi", "الحمصي"), ("Sabbagh", "صباغ"),
            ("Al-Halabi", "الحلبي"), ("Yousef", "يوسف"), ("Masri", "مصري"),
        ],
    },
    "IQ": {
        _M: [
            ("Mohammed", "محمد"), ("Ali", "علي"), ("Hussein", "حسين"), ("Hassan", "حسن"),
            ("Ahmed", "أحمد"), ("Abbas", "عباس"), ("Haider", "حيدر"), ("Mustafa", "مصطفى"),
            ("Karrar", "كرار"), ("Abdul Amir", "عبد الأمير"), ("Kadhim", "كاظم"),
            ("Jasim", "جاسم"), ("Sajjad", "سجاد"), ("Murtadha", "مرتضى"), ("Omar", "عمر"),
            ("Yasir", "ياسر"), ("Salah al-Din", "صلاح الدين"), ("Nour al-Din", "نور الدين"),
        ],
        _F: [
            ("Zainab", "زينب"), ("Fatima", "فاطمة"), ("Maryam", "مريم"), ("Noor", "نور"),
            ("Zahraa", "زهراء"), ("Huda", "هدى"), ("Sara", "سارة"), ("Rusul", "رسل"),
            ("Ban", "بان"), ("Shaima", "شيماء"),
        ],
        "family": [
            ("Al-Jaburi", "الجبوري"), ("Al-Obaidi", "العبيدي"), ("Al-Dulaimi", "الدليمي"),
            ("Al-Tamimi", "التميمي"), ("Al-Rubaie", "الربيعي"), ("Al-Saadi", "الساعدي"),
            ("Al-Shammari", "الشمري"), ("Al-Kubaisi", "الكبيسي"), ("Al-Zubaidi", "الزبيدي"),
            ("Hussein", "حسين"), ("Abbas", "عباس"), ("Kadhim", "كاظم"), ("Barzani", "بارزاني"),
            ("Mustafa", "مصطفى"), ("Salih", "صالح"),
        ],
    },
    "PK": {
        _M: [
            ("Muhammad", "محمد"), ("Imran", "عمران"), ("Bilal", "بلال"), ("Usman", "عثمان"),
            ("Ali", "علی"), ("Hamza", "حمزہ"), ("Zeeshan", "ذیشان"), ("Asif", "آصف"),
            ("Faisal", "فیصل"), ("Kamran", "کامران"), ("Waqas", "وقاص"), ("Shahid", "شاہد"),
            ("Naveed", "نوید"), ("Tariq", "طارق"), ("Abdul Ghaffar", "عبدالغفار"),
            ("Zia ul Haq", "ضیاءالحق"), ("Adnan", "عدنان"), ("Arshad", "ارشد"),
        ],
        _F: [
            ("Ayesha", "عائشہ"), ("Fatima", "فاطمہ"), ("Sana", "ثنا"), ("Hina", "حنا"),
            ("Sadia", "سعدیہ"), ("Rabia", "رابعہ"), ("Nadia", "نادیہ"), ("Shazia", "شازیہ"),
            ("Iqra", "اقرا"), ("Mehwish", "مہوش"),
        ],
        "family": [
            ("Khan", "خان"), ("Butt", "بٹ"), ("Chaudhry", "چودھری"), ("Malik", "ملک"),
            ("Qureshi", "قریشی"), ("Siddiqui", "صدیقی"), ("Sheikh", "شیخ"), ("Awan", "اعوان"),
            ("Raja", "راجہ"), ("Hussain", "حسین"), ("Shah", "شاہ"), ("Mirza", "مرزا"),
            ("Rana", "رانا"), ("Bhatti", "بھٹی"), ("Javed", "جاوید"), ("Iqbal", "اقبال"),
            ("Akhtar", "اختر"), ("Ansari", "انصاری"), ("Abbasi", "عباسی"), ("Gondal", "گوندل"),
        ],
    },
    "MA": {
        _M: [
            ("Mohamed", "محمد"), ("Youssef", "يوسف"), ("Abdelkader", "عبد القادر"),
            ("Said", "سعيد"), ("Rachid", "رشيد"), ("Hicham", "هشام"), ("Mustapha", "مصطفى"),
            ("Khalid", "خالد"), ("Abdellah", "عبد الله"), ("Omar", "عمر"), ("Hamza", "حمزة"),
            ("Driss", "إدريس"), ("Abdelaziz", "عبد العزيز"), ("Noureddine", "نور الدين"),
            ("Brahim", "إبراهيم"), ("Ayoub", "أيوب"), ("Mehdi", "مهدي"), ("Soufiane", "سفيان"),
            ("Anouar", "أنور"), ("Zakaria", "زكرياء"),
        ],
        _F: [
            ("Fatima", "فاطمة"), ("Khadija", "خديجة"), ("Naima", "نعيمة"), ("Malika", "مليكة"),
            ("Zineb", "زينب"), ("Samira", "سميرة"), ("Houda", "هدى"), ("Latifa", "لطيفة"),
            ("Souad", "سعاد"), ("Karima", "كريمة"),
        ],
        "family": [
            ("El Amrani", "العمراني"), ("Benali", "بنعلي"), ("Bennani", "بناني"),
            ("El Idrissi", "الإدريسي"), ("Alaoui", "العلوي"), ("Tazi", "التازي"),
            ("Berrada", "برادة"), ("El Fassi", "الفاسي"), ("Chraibi", "الشرايبي"),
            ("Ouazzani", "الوزاني"), ("Bouzid", "بوزيد"), ("El Khatib", "الخطيب"),
            ("Benjelloun", "بنجلون"), ("Lahlou", "لحلو"), ("Belkadi", "بلقاضي"),
            ("Zerouali", "الزروالي"), ("Rahmouni", "الرحموني"), ("Haddou", "حدو"),
            ("Amzil", "أمزيل"), ("Ould Ahmed", "ولد أحمد"),
        ],
    },
    "TR": {
        _M: [
            ("Mehmet", ""), ("Mustafa", ""), ("Ahmet", ""), ("Ali", ""), ("Hüseyin", ""),
            ("Hasan", ""), ("İbrahim", ""), ("Murat", ""), ("Yusuf", ""), ("Ömer", ""),
            ("Emre", ""), ("Osman", ""), ("Kemal", ""), ("Cemal", ""), ("Recep", ""),
            ("Halil", ""), ("Abdurrahman", ""), ("Muhammed", ""),
        ],
        _F: [
            ("Fatma", ""), ("Ayşe", ""), ("Emine", ""), ("Hatice", ""), ("Zeynep", ""),
            ("Elif", ""), ("Meryem", ""), ("Şerife", ""), ("Zehra", ""), ("Esra", ""),
        ],
        "family": [
            ("Yılmaz", ""), ("Kaya", ""), ("Demir", ""), ("Şahin", ""), ("Çelik", ""),
            ("Yıldız", ""), ("Yıldırım", ""), ("Öztürk", ""), ("Aydın", ""), ("Özdemir", ""),
            ("Arslan", ""), ("Doğan", ""), ("Kılıç", ""), ("Aslan", ""), ("Çetin", ""),
            ("Kara", ""), ("Koç", ""), ("Kurt", ""), ("Özkan", ""), ("Şimşek", ""),
        ],
    },
}  # fmt: skip

PLACES = {
    "AF": ["Kabul", "Herat", "Mazar-i-Sharif", "Kandahar", "Jalalabad", "Ghazni", "Kunduz"],
    "SY": ["Damascus", "Aleppo", "Homs", "Idlib", "Deir ez-Zor", "Raqqa", "Daraa"],
    "IQ": ["Baghdad", "Mosul", "Basra", "Erbil", "Kirkuk", "Najaf", "Sulaymaniyah"],
    "PK": ["Lahore", "Karachi", "Peshawar", "Gujrat", "Sialkot", "Rawalpindi", "Quetta"],
    "MA": ["Casablanca", "Fes", "Tangier", "Oujda", "Nador", "Marrakech", "Beni Mellal"],
    "TR": ["Istanbul", "Ankara", "Izmir", "Gaziantep", "Diyarbakır", "Konya", "Van"],
}
# Share of people on the route by nationality (order of magnitude from UNHCR Serbia reports).
NATIONALITY_WEIGHTS = {"AF": 0.34, "SY": 0.26, "MA": 0.12, "PK": 0.1, "IQ": 0.08, "TR": 0.1}
NATIONALITY_SPELLINGS = {
    "AF": ["Afghanistan", "AFG", "Avganistan", "Afghan", "afganistan", "AF"],
    "SY": ["Syria", "SYR", "Sirija", "Syrie", "Syrian Arab Republic", "SY"],
    "IQ": ["Iraq", "IRQ", "Irak", "IQ"],
    "PK": ["Pakistan", "PAK", "pakistan", "PK"],
    "MA": ["Morocco", "MAR", "Maroko", "Maroc", "MA"],
    "TR": ["Turkey", "TUR", "Turska", "Türkiye", "TR"],
}

# Registrar romanisation styles: ordered (from, to) rewrites of the canonical spelling.
STYLES: dict[str, list[tuple[str, str]]] = {
    "english": [],
    "french": [("sh", "ch"), ("oo", "ou"), ("u", "ou"), ("j", "dj"), ("kh", "kh"), ("y", "i")],
    "german": [("sh", "sch"), ("ch", "tsch"), ("j", "dsch"), ("y", "j"), ("w", "w"), ("oo", "u")],
    "serbian": [
        ("sh", "š"), ("ch", "č"), ("zh", "ž"), ("j", "dž"), ("y", "j"), ("kh", "h"),
        ("w", "v"), ("q", "k"), ("oo", "u"), ("ee", "i"), ("mm", "m"), ("ss", "s"),
        ("dd", "d"), ("ou", "u"), ("ph", "f"), ("th", "t"), ("x", "ks"),
    ],
    "ascii": [],
}  # fmt: skip
# Agencies in the Serbian referral mechanism, with the romanisation style their staff use.
AGENCIES = [
    ("border-police", "serbian"),
    ("asylum-office", "serbian"),
    ("commissariat", "serbian"),
    ("ngo-english", "english"),
    ("unhcr-partner", "english"),
    ("ngo-french", "french"),
    ("medical-ngo", "german"),
]
# Vowel and consonant variation registrars produce whatever their language.
VARIANTS = [
    ("o", "u"), ("u", "o"), ("a", "e"), ("e", "a"), ("i", "ee"), ("ee", "i"), ("ai", "ay"),
    ("ei", "ey"), ("ou", "u"), ("mm", "m"), ("m", "mm"), ("ss", "s"), ("s", "ss"),
    ("d", "t"), ("q", "k"), ("k", "q"), ("h", ""), ("y", "i"), ("i", "y"), ("z", "s"),
]  # fmt: skip
# Common names have well-known alternative spellings beyond rule-based variation.
KNOWN_SPELLINGS = {
    "mohammad": ["Muhammad", "Mohammed", "Mohamed", "Mohamad", "Muhamed", "Mohammad", "Mehmet",
                 "Muhammed", "Mohd"],
    "hussein": ["Husein", "Hussain", "Husayn", "Hossein", "Hüseyin", "Husejin", "Hussien"],
    "hussain": ["Husein", "Hussein", "Husayn", "Hossain", "Husain"],
    "youssef": ["Yusuf", "Yousef", "Yousif", "Jusuf", "Youcef", "Yusef"],
    "yousuf": ["Yusuf", "Yousef", "Jusuf", "Yusof"],
    "abdul rahman": ["Abdulrahman", "Abdurrahman", "Abd al-Rahman", "Abdel Rahman",
                     "Abdurahman", "Abdirahman"],
    "abdullah": ["Abdallah", "Abdellah", "Abdulla", "Abdula", "Abd Allah"],
    "ahmad": ["Ahmed", "Ahmet", "Ahmad", "Ahmd"],
    "omar": ["Umar", "Ömer", "Omer", "Omar"],
    "othman": ["Osman", "Usman", "Uthman", "Otman"],
    "fatima": ["Fatemeh", "Fatma", "Fatimah", "Fatme", "Fatima"],
    "zainab": ["Zaynab", "Zeynep", "Zineb", "Zejneb", "Zainab"],
    "khadija": ["Khadidja", "Hatice", "Hadidža", "Khadijah", "Kadija"],
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Person:
    person: str
    sex: str
    nationality: str
    given: tuple[str, str]
    family: tuple[str, str]
    birth: tuple[int, int, int]
    place: str


@dataclass(frozen=True, slots=True)
class Registration:
    id: str
    person: str
    agency: str
    given_name: str
    family_name: str
    date_of_birth: str
    sex: str
    nationality: str
    place_of_birth: str
    given_name_original: str
    family_name_original: str


def _zipf_choice(rng: random.Random, items: Sequence[tuple[str, str]]) -> tuple[str, str]:
    # Name frequencies are skewed: the first names of each list are more common.
    weights = [1.0 / (k + 1) ** 0.6 for k in range(len(items))]
    return rng.choices(items, weights=weights, k=1)[0]


def _person(rng: random.Random, k: int) -> Person:
    nat = rng.choices(list(NATIONALITY_WEIGHTS), weights=list(NATIONALITY_WEIGHTS.values()))[0]
    sex = _M if rng.random() < 0.7 else _F
    given = _zipf_choice(rng, NAMES[nat][sex])
    family = _zipf_choice(rng, NAMES[nat]["family"])
    year = rng.choices(
        range(1960, 2012), weights=[1 + max(0, y - 1975) for y in range(1960, 2012)]
    )[0]
    birth = (year, rng.randint(1, 12), rng.randint(1, 28))
    return Person(f"P{k:07d}", sex, nat, given, family, birth, rng.choice(PLACES[nat]))


def _apply_style(name: str, style: str) -> str:
    out = name
    for a, b in STYLES[style]:
        out = out.replace(a, b)
    return out


def _spell(rng: random.Random, canonical: str, style: str, nat: str) -> str:
    if nat == "TR":
        # Turkish names are already Latin; foreign registrars drop the diacritics.
        if style in ("english", "french", "german", "ascii") and rng.random() < 0.6:
            return canonical.translate(str.maketrans("şŞçÇğĞıİöÖüÜ", "sSçCgGiIoOuU")).replace(
                "ç", "c"
            )
        return canonical
    low = canonical.lower()
    if low in KNOWN_SPELLINGS and rng.random() < 0.5:
        base = rng.choice(KNOWN_SPELLINGS[low])
    else:
        base = canonical
    text = _apply_style(base.lower(), style)
    if rng.random() < 0.35:
        a, b = rng.choice(VARIANTS)
        if a in text[1:]:
            pos = text.index(a, 1)
            text = text[:pos] + b + text[pos + len(a) :]
    # Particles: al-/el- written attached, separate, hyphenated or dropped.
    for art in ("al-", "el ", "al "):
        if text.startswith(art):
            text = rng.choice(
                [
                    text,
                    text.replace(art, ""),
                    text.replace(art, art[:2]),
                    text.replace(art, art[0] + "l-"),
                    text.replace(art, "el-"),
                ]
            )
    # Compounds split and merged (Mohammad Reza / Mohammadreza / Abdul Rahman / Abdulrahman).
    if " " in text and rng.random() < 0.4:
        text = text.replace(" ", rng.choice(["", "-"]))
    return " ".join(w[:1].upper() + w[1:] for w in text.split(" "))


_KEYBOARD_NEIGHBOURS = "qwertyuiopasdfghjklzxcvbnm"


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 3:
        return text
    pos = rng.randrange(1, len(text))
    kind = rng.randrange(4)
    if kind == 0:
        return text[:pos] + text[pos + 1 :]
    if kind == 1:
        return text[:pos] + rng.choice(_KEYBOARD_NEIGHBOURS) + text[pos:]
    if kind == 2:
        return text[:pos] + rng.choice(_KEYBOARD_NEIGHBOURS) + text[pos + 1 :]
    if pos < len(text) - 1:
        return text[:pos] + text[pos + 1] + text[pos] + text[pos + 2 :]
    return text


def _date(rng: random.Random, birth: tuple[int, int, int]) -> str:
    y, m, d = birth
    r = rng.random()
    if r < 0.06:
        return ""
    if r < 0.22:
        # Only the year was known: systems fill 1 January, UNHCR-style forms 1 July.
        return f"{y:04d}-{rng.choice(['01-01', '07-01'])}"
    if r < 0.30:
        return f"{y:04d}"
    if r < 0.33:
        return f"{y + rng.choice([-1, 1]):04d}"  # age estimated at registration
    if r < 0.37:
        return f"{y:04d}-{m:02d}"
    if r < 0.41 and d <= 12:
        return f"{y:04d}-{d:02d}-{m:02d}"  # day and month swapped
    if r < 0.44:
        s = list(f"{y:04d}{m:02d}{d:02d}")
        k = rng.randrange(2, 8)
        s[k] = str(rng.randrange(10))
        try:
            dt.date(int("".join(s[:4])), int("".join(s[4:6])), int("".join(s[6:])))
        except ValueError:
            return f"{y:04d}-{m:02d}-{d:02d}"
        return f"{''.join(s[:4])}-{''.join(s[4:6])}-{''.join(s[6:])}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def _register(rng: random.Random, p: Person, reg_no: int) -> Registration:
    agency, style = rng.choice(AGENCIES)
    given = _spell(rng, p.given[0], style, p.nationality)
    family = _spell(rng, p.family[0], style, p.nationality)
    if rng.random() < 0.12:
        given = _typo(rng, given)
    if rng.random() < 0.12:
        family = _typo(rng, family)
    if rng.random() < 0.10:
        given, family = family, given  # family name recorded first
    if rng.random() < 0.03:
        given, family = f"{given} {family}", ""  # whole name in one field
    original = p.nationality != "TR" and rng.random() < 0.35
    g_orig, f_orig = (p.given[1], p.family[1]) if original else ("", "")
    if original and rng.random() < 0.08:
        given, family = "", ""  # only the original script was taken down
    sex = (
        ""
        if rng.random() < 0.05
        else rng.choice({"m": ["M", "male", "m"], "f": ["F", "female", "Ž"]}[p.sex])
    )
    nationality = "" if rng.random() < 0.08 else rng.choice(NATIONALITY_SPELLINGS[p.nationality])
    place = "" if rng.random() < 0.45 else p.place
    return Registration(
        id=f"R{reg_no:08d}",
        person=p.person,
        agency=agency,
        given_name=given,
        family_name=family,
        date_of_birth=_date(rng, p.birth),
        sex=sex,
        nationality=nationality,
        place_of_birth=place,
        given_name_original=g_orig,
        family_name_original=f_orig,
    )


def generate(*, people: int, seed: int) -> list[Registration]:
    """Registrations of ``people`` people; each is registered 0 to 5 times."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    out: list[Registration] = []
    for k in range(people):
        p = _person(rng, k)
        n = rng.choices([0, 1, 2, 3, 4, 5], weights=[0.05, 0.45, 0.28, 0.13, 0.06, 0.03])[0]
        for _ in range(n):
            out.append(_register(rng, p, len(out)))
    rng.shuffle(out)
    return out


FIELDS = (
    "id", "person", "agency", "given_name", "family_name", "date_of_birth", "sex",
    "nationality", "place_of_birth", "given_name_original", "family_name_original",
)  # fmt: skip


def write_csv(*, registrations: Sequence[Registration], out: object) -> None:
    writer = csv.writer(out, lineterminator="\n")  # type: ignore[arg-type]
    writer.writerow(FIELDS)
    for r in registrations:
        writer.writerow([getattr(r, f) for f in FIELDS])


def demo_people(*, count: int, seed: int) -> list[dict[str, object]]:
    """A few realistic people for the demo: names in original and Latin script."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    out: list[dict[str, object]] = []
    for k in range(count):
        p = _person(rng, k)
        out.append(
            {
                "given_name": p.given[0],
                "family_name": p.family[0],
                "given_name_original": p.given[1],
                "family_name_original": p.family[1],
                "year_of_birth": p.birth[0],
                "sex": p.sex,
                "nationality": p.nationality,
            }
        )
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m putokaz.matching.synthetic")
    parser.add_argument("--people", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", required=True, help="CSV file, or - for standard output")
    args = parser.parse_args(argv)
    regs = generate(people=args.people, seed=args.seed)
    if args.out == "-":
        write_csv(registrations=regs, out=sys.stdout)
    else:
        with open(args.out, "w", encoding="utf-8", newline="") as fh:
            write_csv(registrations=regs, out=fh)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
