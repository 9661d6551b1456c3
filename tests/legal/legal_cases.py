"""Fact sets shared by the legal tests."""

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"

# A textbook adult trafficking case: recruited by deception for forced labour.
ADULT_TRAFFICKING = {
    "jurisdiction": "RS",
    "person_age": 30,
    "acts": ["recruitment", "transportation"],
    "means": ["deception"],
    "purposes": ["forced_labour"],
}

# A textbook smuggling case: paid to be taken across the border, relationship ended.
SMUGGLING = {
    "jurisdiction": "RS",
    "person_age": 25,
    "border_crossing": {
        "crossed": True,
        "irregular": True,
        "facilitated_by_other": True,
        "facilitator_material_benefit": True,
    },
    "relationship_after_arrival": "ended",
    "consent": {"to_movement": True},
}
