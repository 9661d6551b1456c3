"""The fact vocabulary shared by every jurisdiction, and its strict normalisation.

The vocabulary is the contract between the case file, the screening module, the command
line and the offence catalogues: a catalogue may only refer to facts listed here, and facts
may only use codes listed here. It is extended, never renamed, because stored case facts
and catalogues of other countries refer to these codes.

Normalised facts are a flat mapping from a dotted path (``border_crossing.irregular``) to
a value. A boolean fact that is absent or ``null`` is *unknown*, and unknown never
satisfies a legal element: the engine only counts what someone has recorded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from putokaz.legal.errors import (
    FactTypeError,
    UnknownFactKeyError,
    UnknownFactValueError,
    UnknownJurisdictionError,
)

FactKind = Literal["jurisdiction", "age", "list", "bool", "enum"]


@dataclass(frozen=True)
class FactSpec:
    path: str
    kind: FactKind
    label: str
    values: tuple[str, ...] = ()
    # Labels of the codes of a list or enum fact, for sentences shown to practitioners.
    value_labels: Mapping[str, str] | None = None

    def value_label(self, value: str) -> str:
        if self.value_labels and value in self.value_labels:
            return self.value_labels[value]
        return value.replace("_", " ")


ACTS: dict[str, str] = {
    "recruitment": "recruitment",
    "transportation": "transportation",
    "transfer": "transfer",
    "harbouring": "harbouring (hiding or holding)",
    "receipt": "receipt",
    # Serbian art. 388 names these acts separately from the Palermo five.
    "handing_over": "handing over",
    "sale": "selling",
    "purchase": "buying",
    "mediation_in_sale": "mediating in a sale",
}

MEANS: dict[str, str] = {
    "threat": "threat",
    "force": "use of force",
    "coercion": "other coercion",
    "abduction": "abduction",
    "fraud": "fraud",
    "deception": "deception",
    "abuse_of_power": "abuse of power or authority",
    "abuse_of_vulnerability": "abuse of a position of vulnerability or dependency",
    "payment_to_controller": "payments or benefits to a person in control",
    "retention_of_documents": "retention of personal documents",
}

PURPOSES: dict[str, str] = {
    "sexual_exploitation": "sexual exploitation, including of the prostitution of others",
    "forced_labour": "forced labour or services",
    "slavery": "slavery or practices similar to slavery",
    "servitude": "servitude",
    "organ_removal": "removal of organs or body parts",
    "forced_begging": "forced begging",
    "forced_criminality": "forced criminal activity",
    "forced_marriage": "forced marriage",
    "illegal_adoption": "illegal adoption",
    "pornography": "pornographic use",
    "armed_conflict": "use in armed conflict",
    # Serbian art. 388(1) names exploitation of labour next to forced labour.
    "labour_exploitation": "exploitation of labour",
}

RELATIONSHIP_AFTER_ARRIVAL: dict[str, str] = {
    "ended": "ended after arrival",
    "continued": "continued after arrival",
    "unknown": "unknown",
}

STALKING_CONDUCT: dict[str, str] = {
    "following": "following or getting physically close against the person's will",
    "unwanted_contact": "contacting against the person's will, directly, via others or online",
    "misuse_of_personal_data": "misusing personal data of the person or someone close",
    "threats": "threatening life, body or freedom of the person or someone close",
    "other_endangering_acts": "other similar acts noticeably endangering personal life",
}


def _specs() -> dict[str, FactSpec]:
    specs = [
        FactSpec("jurisdiction", "jurisdiction", "jurisdiction"),
        FactSpec("person_age", "age", "age of the person"),
        FactSpec("acts", "list", "act", tuple(ACTS), ACTS),
        FactSpec("means", "list", "means", tuple(MEANS), MEANS),
        FactSpec("purposes", "list", "purpose of exploitation", tuple(PURPOSES), PURPOSES),
        FactSpec("border_crossing.crossed", "bool", "an international border was crossed"),
        FactSpec("border_crossing.irregular", "bool", "the border was crossed irregularly"),
        FactSpec(
            "border_crossing.facilitated_by_other",
            "bool",
            "another person facilitated the border crossing",
        ),
        FactSpec(
            "border_crossing.facilitator_material_benefit",
            "bool",
            "the facilitator of the crossing obtained a financial or other material benefit",
        ),
        FactSpec("stay_or_transit.illegal_stay", "bool", "illegal stay in the country"),
        FactSpec("stay_or_transit.illegal_transit", "bool", "illegal transit through the country"),
        FactSpec(
            "stay_or_transit.facilitated_by_other",
            "bool",
            "another person enabled the illegal stay or transit",
        ),
        FactSpec(
            "stay_or_transit.facilitator_material_benefit",
            "bool",
            "the person enabling the stay or transit obtained a benefit",
        ),
        FactSpec(
            "relationship_after_arrival",
            "enum",
            "relationship with the facilitator after arrival",
            tuple(RELATIONSHIP_AFTER_ARRIVAL),
            RELATIONSHIP_AFTER_ARRIVAL,
        ),
        FactSpec("consent.to_movement", "bool", "the person agreed to the movement"),
        FactSpec("consent.to_exploitation", "bool", "the person agreed to the exploitation"),
        FactSpec("circumstances.committed_by_group", "bool", "committed by a group of persons"),
        FactSpec("circumstances.habitual", "bool", "the perpetrator engages in it habitually"),
        FactSpec(
            "circumstances.organised_criminal_group",
            "bool",
            "committed by an organised criminal group",
        ),
        FactSpec("circumstances.grievous_bodily_harm", "bool", "grievous bodily injury resulted"),
        FactSpec("circumstances.death_resulted", "bool", "the death of a person resulted"),
        FactSpec(
            "circumstances.endangered_life_or_health",
            "bool",
            "committed in a way endangering life, safety or health",
        ),
        FactSpec(
            "circumstances.inhuman_or_degrading_treatment",
            "bool",
            "inhuman or degrading treatment, including for exploitation",
        ),
        FactSpec(
            "circumstances.abuse_of_official_position",
            "bool",
            "committed by abuse of an official position",
        ),
        FactSpec(
            "circumstances.larger_number_of_persons",
            "bool",
            "a larger number of persons was moved",
        ),
        FactSpec("circumstances.weapon_used", "bool", "a weapon or dangerous tool was used"),
        FactSpec("circumstances.person_pregnant", "bool", "the person was pregnant"),
        FactSpec(
            "circumstances.cruel_or_humiliating_manner",
            "bool",
            "committed in a cruel or humiliating manner",
        ),
        FactSpec(
            "forced_intercourse_by_force_or_threat",
            "bool",
            "forced into intercourse or an equivalent act by force or threat of immediate attack",
        ),
        FactSpec(
            "violence_in_family",
            "bool",
            "violence, threats to life or body, or ruthless behaviour by a family member",
        ),
        FactSpec(
            "sexual_harassment_conduct",
            "bool",
            "verbal, non-verbal or physical sexual conduct violating dignity",
        ),
        FactSpec(
            "stalking_conduct",
            "list",
            "stalking conduct",
            tuple(STALKING_CONDUCT),
            STALKING_CONDUCT,
        ),
        FactSpec(
            "conduct_over_period_of_time", "bool", "the conduct went on over a period of time"
        ),
        FactSpec(
            "forced_marriage_by_force_or_threat", "bool", "forced by force or threat to marry"
        ),
        FactSpec(
            "taken_abroad_for_forced_marriage",
            "bool",
            "taken or lured to another country in order to be married",
        ),
        FactSpec("fgm", "bool", "genital mutilation of a woman or girl performed or induced"),
        FactSpec(
            "prostitution_mediated_for_profit",
            "bool",
            "someone recruited for, induced or enabled prostitution for gain",
        ),
    ]
    return {spec.path: spec for spec in specs}


FACTS: Mapping[str, FactSpec] = _specs()
# Keys that hold an object of boolean facts rather than a value.
GROUPS: frozenset[str] = frozenset(path.split(".")[0] for path in FACTS if "." in path)
MAX_AGE = 130


def fact_spec(path: str) -> FactSpec:
    return FACTS[path]


def normalise_facts(
    facts: Mapping[str, Any], *, known_jurisdictions: frozenset[str] | set[str]
) -> dict[str, Any]:
    """Check ``facts`` strictly against the vocabulary and flatten them.

    Raises a specific :class:`~putokaz.legal.errors.FactsError` subclass naming the key or
    code, because a silently ignored typo ("deceptoin") would make the engine report a
    legal element as missing when it was recorded.
    """
    if not isinstance(facts, Mapping):
        raise FactTypeError("facts must be a JSON object", path="")
    flat: dict[str, Any] = {}
    for key, value in facts.items():
        if not isinstance(key, str):
            raise UnknownFactKeyError(f"unknown fact key {key!r}", path=str(key))
        if key in GROUPS:
            if value is None:
                continue
            if not isinstance(value, Mapping):
                raise FactTypeError(f"fact {key!r} must be an object", path=key)
            for sub_key, sub_value in value.items():
                path = f"{key}.{sub_key}"
                if path not in FACTS:
                    raise UnknownFactKeyError(f"unknown fact key {path!r}", path=path)
                flat[path] = _check_value(FACTS[path], sub_value)
            continue
        if key not in FACTS:
            raise UnknownFactKeyError(f"unknown fact key {key!r}", path=key)
        flat[key] = _check_value(FACTS[key], value)
    jurisdiction = flat.get("jurisdiction")
    if jurisdiction is None:
        raise FactTypeError("fact 'jurisdiction' is required", path="jurisdiction")
    if jurisdiction not in known_jurisdictions:
        known = ", ".join(sorted(known_jurisdictions))
        raise UnknownJurisdictionError(
            f"unknown jurisdiction {jurisdiction!r} (catalogues loaded: {known})",
            path="jurisdiction",
            value=jurisdiction,
        )
    return flat


def _check_value(spec: FactSpec, value: Any) -> Any:
    if value is None:
        return [] if spec.kind == "list" else None
    if spec.kind == "jurisdiction":
        if not isinstance(value, str):
            raise FactTypeError("fact 'jurisdiction' must be a string", path=spec.path)
        return value
    if spec.kind == "age":
        # bool is an int in Python; a true/false age is a data-entry error, not age 1.
        if isinstance(value, bool) or not isinstance(value, int):
            raise FactTypeError(
                f"fact {spec.path!r} must be a whole number of years or null", path=spec.path
            )
        if not 0 <= value <= MAX_AGE:
            raise FactTypeError(
                f"fact {spec.path!r} must be between 0 and {MAX_AGE}", path=spec.path
            )
        return value
    if spec.kind == "bool":
        if not isinstance(value, bool):
            raise FactTypeError(f"fact {spec.path!r} must be true, false or null", path=spec.path)
        return value
    if spec.kind == "enum":
        if not isinstance(value, str):
            raise FactTypeError(f"fact {spec.path!r} must be a string", path=spec.path)
        if value not in spec.values:
            raise UnknownFactValueError(
                f"unknown value {value!r} for {spec.path!r} (expected one of: "
                f"{', '.join(spec.values)})",
                path=spec.path,
                value=value,
            )
        return value
    if not isinstance(value, list | tuple):
        raise FactTypeError(f"fact {spec.path!r} must be a list", path=spec.path)
    codes: list[str] = []
    for item in value:
        if not isinstance(item, str) or item not in spec.values:
            raise UnknownFactValueError(
                f"unknown {spec.label} code {item!r} in {spec.path!r}",
                path=spec.path,
                value=item,
            )
        if item not in codes:
            codes.append(item)
    return codes
