"""Source ids that catalogue entries may cite.

They are the ids of `reference/sources.md` (ranges such as SRC-CPTV-1..4 expanded), so that
a catalogue cannot cite a source nobody can look up. Adding a source means adding it to the
reference first, then here.
"""


def _expand(prefix: str, first: int, last: int) -> set[str]:
    return {f"{prefix}-{n}" for n in range(first, last + 1)}


KNOWN_SOURCE_IDS: frozenset[str] = frozenset(
    {
        "SRC-ILO-1",
        "SRC-ILO-2",
        "SRC-ILO-3",
        "SRC-ILO-4",
        "SRC-ILO-5",
        "SRC-UNODC-IND",
        "SRC-UNODC-M6",
        "SRC-UNODC-M3",
        "SRC-UNODC-M11",
        "SRC-UNODC-FAQ",
        "SRC-CMP",
        "SRC-IOM-GLOSS",
        "SRC-UNESCO",
        "SRC-SOM-SLIDES",
        "SRC-SOM-JP",
        "SRC-SOM-FAQ",
        "SRC-SRB-388",
        "SRC-SRB-STOPVAW",
        "SRC-SRB-MUP",
        "SRC-SRB-NOV",
        "SRC-SRB-PAR-2016",
        "SRC-SRB-PAR-2017",
        "SRC-SRB-PAR-2019",
        "SRC-SRB-NOMC",
        "SRC-INFOJUG",
        "SRC-CORNELL",
        "SRC-GENDERINDEX",
        "SRC-GREVIO-PR",
        "SRC-AWC",
        "SRC-SRB-EQ",
        "SRC-SRB-EQ2",
        "SRC-SRB-WEBSAFE",
        "SRC-CPTV-2023",
        "SRC-TIP-2023",
        "SRC-TIP-2024",
        "SRC-ATINA-2024",
        "SRC-GRETA2-PRAXIS",
        "SRC-GRETA2-COE",
        "SRC-ASTRA-JP",
        "SRC-GRETA3-ASTRA",
        "SRC-GRETA3-GHRD",
        "SRC-IOM-DTM-1",
        "SRC-IOM-DTM-2",
        "SRC-IOM-DTM-3",
        "SRC-MM-ICMPD",
        "SRC-MM-TRAM",
        "SRC-MM-NEXUS",
        "SRC-MM-INT",
        "SRC-MM-GITOC",
        "SRC-UNODC-GLOTIP",
        "SRC-OSCE-UKR",
        "SRC-OSCE-TECH",
        "SRC-HTCDS",
        "SRC-UNHCR-SN",
        "SRC-UNHCR-EH",
        *_expand("SRC-SRB-CASE", 1, 4),
        *_expand("SRC-CPTV", 1, 4),
        *_expand("SRC-TIP", 2017, 2021),
        *_expand("SRC-HRIT", 1, 3),
        *_expand("SRC-VST", 1, 2),
        *_expand("SRC-IOM-DOMV", 1, 5),
        *_expand("SRC-APPRISE", 1, 6),
    }
)
