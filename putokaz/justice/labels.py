"""Translatable labels for the legal engine's codes.

The engine is framework-free and speaks English; the interface translates its codes
here. A code added to the vocabulary later and missing from these tables falls back to
the engine's own English label, so a new fact is shown, only untranslated.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeAlias

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from putokaz.legal.facts import FACTS

Label: TypeAlias = "str | Promise"

ACTS: Mapping[str, Label] = {
    "recruitment": _("Recruitment"),
    "transportation": _("Transportation"),
    "transfer": _("Transfer"),
    "harbouring": _("Harbouring (hiding or holding)"),
    "receipt": _("Receipt"),
    "handing_over": _("Handing over"),
    "sale": _("Selling the person"),
    "purchase": _("Buying the person"),
    "mediation_in_sale": _("Mediating in a sale"),
}

MEANS: Mapping[str, Label] = {
    "threat": _("Threat"),
    "force": _("Use of force"),
    "coercion": _("Other coercion (including debt bondage)"),
    "abduction": _("Abduction"),
    "fraud": _("Fraud"),
    "deception": _("Deception"),
    "abuse_of_power": _("Abuse of power or authority"),
    "abuse_of_vulnerability": _("Abuse of a position of vulnerability or dependency"),
    "payment_to_controller": _("Payments or benefits to a person in control"),
    "retention_of_documents": _("Retention of personal documents"),
}

PURPOSES: Mapping[str, Label] = {
    "sexual_exploitation": _("Sexual exploitation, including of the prostitution of others"),
    "forced_labour": _("Forced labour or services"),
    "labour_exploitation": _("Exploitation of labour"),
    "slavery": _("Slavery or practices similar to slavery"),
    "servitude": _("Servitude"),
    "organ_removal": _("Removal of organs or body parts"),
    "forced_begging": _("Forced begging"),
    "forced_criminality": _("Forced criminal activity"),
    "forced_marriage": _("Forced marriage"),
    "illegal_adoption": _("Illegal adoption"),
    "pornography": _("Pornographic use"),
    "armed_conflict": _("Use in armed conflict"),
}

STALKING: Mapping[str, Label] = {
    "following": _("Following or getting physically close against the person's will"),
    "unwanted_contact": _("Contacting against the person's will, directly, via others or online"),
    "misuse_of_personal_data": _("Misusing personal data of the person or someone close"),
    "threats": _("Threatening life, body or freedom of the person or someone close"),
    "other_endangering_acts": _("Other similar acts noticeably endangering personal life"),
}

RELATIONSHIP: Mapping[str, Label] = {
    "ended": _("Ended after arrival"),
    "continued": _("Continued after arrival"),
    "unknown": _("Unknown"),
}

BOOLEANS: Mapping[str, Label] = {
    "border_crossing.crossed": _("An international border was crossed"),
    "border_crossing.irregular": _("The border was crossed irregularly"),
    "border_crossing.facilitated_by_other": _("Another person facilitated the crossing"),
    "border_crossing.facilitator_material_benefit": _(
        "The facilitator obtained money or another material benefit"
    ),
    "stay_or_transit.illegal_stay": _("Illegal stay in Serbia (or the country of the case)"),
    "stay_or_transit.illegal_transit": _("Illegal transit through the country"),
    "stay_or_transit.facilitated_by_other": _("Another person enabled the stay or transit"),
    "stay_or_transit.facilitator_material_benefit": _(
        "The person enabling the stay or transit obtained a benefit"
    ),
    "consent.to_movement": _("The person agreed to the movement"),
    "consent.to_exploitation": _("The person agreed to the exploitation"),
    "circumstances.committed_by_group": _("Committed by a group of persons"),
    "circumstances.habitual": _("The perpetrator does this habitually"),
    "circumstances.organised_criminal_group": _("Committed by an organised criminal group"),
    "circumstances.grievous_bodily_harm": _("Grievous bodily injury resulted"),
    "circumstances.death_resulted": _("The death of a person resulted"),
    "circumstances.endangered_life_or_health": _("Life, safety or health was endangered"),
    "circumstances.inhuman_or_degrading_treatment": _("Inhuman or degrading treatment"),
    "circumstances.abuse_of_official_position": _("Abuse of an official position"),
    "circumstances.larger_number_of_persons": _("A larger number of persons was moved"),
    "circumstances.weapon_used": _("A weapon or dangerous tool was used"),
    "circumstances.person_pregnant": _("The person was pregnant"),
    "circumstances.cruel_or_humiliating_manner": _("Cruel or humiliating manner"),
    "forced_intercourse_by_force_or_threat": _(
        "Forced into intercourse or an equivalent act by force or threat of immediate attack"
    ),
    "violence_in_family": _(
        "Violence, threats to life or body, or ruthless behaviour by a family member"
    ),
    "sexual_harassment_conduct": _(
        "Verbal, non-verbal or physical sexual conduct violating dignity"
    ),
    "conduct_over_period_of_time": _("The conduct went on over a period of time"),
    "forced_marriage_by_force_or_threat": _("Forced by force or threat to marry"),
    "taken_abroad_for_forced_marriage": _("Taken or lured abroad in order to be married"),
    "fgm": _("Genital mutilation of a woman or girl performed or induced"),
    "prostitution_mediated_for_profit": _(
        "Someone recruited for, induced or enabled prostitution for gain"
    ),
}

_LIST_LABELS: Mapping[str, Mapping[str, Label]] = {
    "acts": ACTS,
    "means": MEANS,
    "purposes": PURPOSES,
    "stalking_conduct": STALKING,
}

STATUS: Mapping[str, Label] = {
    "indicated": _("indicated"),
    "partial": _("partly indicated"),
    "not_indicated": _("not indicated"),
}

ELEMENT_STATUS: Mapping[str, Label] = {
    "present": _("present"),
    "absent": _("missing"),
    "not_required": _("not required"),
}

FAMILY: Mapping[str, Label] = {
    "trafficking": _("trafficking"),
    "smuggling": _("smuggling"),
    "sexual": _("sexual offences"),
    "violence": _("violence"),
    "other": _("other"),
}

COMPARISON_POINT: Mapping[str, Label] = {
    "consent": _("Consent"),
    "transnationality": _("Border crossing"),
    "source_of_profit": _("Source of profit"),
    "relationship_after_arrival": _("Relationship after arrival"),
}

AGE_SOURCE: Mapping[str, Label] = {
    "person": _("from the person's record"),
    "entered": _("entered with the facts"),
    "unknown": _("not known"),
}


def choices(path: str) -> list[tuple[str, Label]]:
    """(code, label) pairs of a list or enum fact, in the vocabulary's order."""
    spec = FACTS[path]
    labels = _LIST_LABELS.get(path) or (
        RELATIONSHIP if path == "relationship_after_arrival" else {}
    )
    return [(code, labels.get(code) or spec.value_label(code)) for code in spec.values]


def value_label(path: str, code: str) -> Label:
    labels = _LIST_LABELS.get(path) or (
        RELATIONSHIP if path == "relationship_after_arrival" else {}
    )
    return labels.get(code) or FACTS[path].value_label(code)


def boolean_label(path: str) -> Label:
    return BOOLEANS.get(path) or FACTS[path].label


def fact_label(path: str) -> Label:
    """The name of a fact itself (for suggestions: 'Means', 'Border crossing')."""
    names: Mapping[str, Label] = {
        "person_age": _("Age"),
        "acts": _("Act"),
        "means": _("Means"),
        "purposes": _("Purpose of exploitation"),
        "stalking_conduct": _("Stalking conduct"),
        "relationship_after_arrival": _("Relationship with the facilitator"),
    }
    if path in names:
        return names[path]
    return boolean_label(path)
