"""The legal-elements assistant: which elements of which offences the recorded facts support.

Plain data in, plain data out, no Django: ``classify(facts=…)`` takes the fact vocabulary of
:mod:`putokaz.legal.facts` and returns a frozen :class:`Classification`.

Rules (see docs/legal.md):

* An offence is ``indicated`` when every element required for the person's age profile is
  present, ``partial`` when some are, ``not_indicated`` otherwise. An age element alone does
  not make an offence partial: every 10-year-old would otherwise be "partial" for art. 389.
* Adults need act, means and purpose; children (under the catalogue's child age) act and
  purpose, because the catalogue marks means as required for adults only.
* Unknown age: the offence is assessed with the adult rule (nothing is claimed that the
  facts do not support) and the child rule's result is given beside it, with a flag, so the
  practitioner sees what an age assessment would change.
* Unknown is never present: a fact that nobody recorded does not satisfy an element.

It never decides guilt or anyone's status. Every result says so.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from putokaz.legal.catalogue import (
    Alternative,
    Catalogue,
    CatalogueSet,
    Condition,
    Element,
    Offence,
    default_catalogues,
)
from putokaz.legal.facts import FACTS, normalise_facts

Status = Literal["indicated", "partial", "not_indicated"]
ElementStatus = Literal["present", "absent", "not_required"]
AgeBasis = Literal["adult", "child", "unknown"]

DISCLAIMER = (
    "Decision support only. This compares the recorded facts with the legal elements of "
    "offences; it never decides guilt, whether an offence was committed, or anyone's legal "
    "status. Formal identification is made by the competent authority (in Serbia, the "
    "Centre for Protection of Trafficking Victims, CPTV), and charges and verdicts by "
    "prosecutors and courts. Statements marked 'unverified' must be checked against the "
    "official text of the law."
)

_RANK = {"verified": 0, "secondary": 1, "unverified": 2}


@dataclass(frozen=True)
class ElementResult:
    id: str
    kind: str
    label: str
    required: bool
    present: bool
    status: ElementStatus
    evidence: tuple[str, ...]
    verification: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class AggravationResult:
    id: str
    label: str
    paragraph: str | None
    verification: str


@dataclass(frozen=True)
class OffenceResult:
    code: str
    jurisdiction: str
    title: Mapping[str, str]
    family: str
    status: Status
    elements: tuple[ElementResult, ...]
    missing: tuple[str, ...]
    aggravations: tuple[AggravationResult, ...]
    age_basis: AgeBasis
    # Only when the age is unknown: what the child rule would give.
    status_if_child: Status | None
    missing_if_child: tuple[str, ...] | None
    relies_on_unverified: bool


@dataclass(frozen=True)
class Flag:
    code: str
    message: str
    offences: tuple[str, ...] = ()
    triggers: tuple[str, ...] = ()


@dataclass(frozen=True)
class ComparisonPoint:
    point: str
    smuggling: str
    trafficking: str
    on_these_facts: str


@dataclass(frozen=True)
class Classification:
    jurisdiction: str
    age_basis: AgeBasis
    offences: tuple[OffenceResult, ...]
    flags: tuple[Flag, ...]
    explanation: tuple[str, ...]
    comparison: tuple[ComparisonPoint, ...]
    disclaimer: str
    catalogue_versions: Mapping[str, int]

    def offence(self, code: str) -> OffenceResult:
        for result in self.offences:
            if result.code == code:
                return result
        raise KeyError(code)

    def flag(self, code: str) -> Flag | None:
        return next((f for f in self.flags if f.code == code), None)

    @property
    def flag_codes(self) -> tuple[str, ...]:
        return tuple(f.code for f in self.flags)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready plain data (lists instead of tuples, dicts instead of mappings)."""
        return _plain(dataclasses.asdict(self))


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


# --------------------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class _AgeRange:
    """The ages the person may have under a profile: ``low <= age < high``."""

    low: int
    high: int | None


def _text(mapping: Mapping[str, str], language: str) -> str:
    return mapping.get(language) or mapping["en"]


def _condition_holds(
    condition: Condition, facts: Mapping[str, Any], ages: _AgeRange
) -> tuple[bool, tuple[str, ...]]:
    spec = FACTS[condition.fact]
    if condition.op == "is_true":
        return facts.get(condition.fact) is True, (spec.label,)
    if condition.op == "any_of":
        recorded = facts.get(condition.fact)
        if spec.kind == "enum":
            hit = recorded in condition.values
            return hit, ((spec.value_label(recorded),) if hit else ())
        matched = tuple(spec.value_label(v) for v in (recorded or []) if v in condition.values)
        return bool(matched), matched
    if condition.op == "age_below":
        hit = ages.high is not None and ages.high <= condition.age
        return hit, (f"under {condition.age}",)
    hit = ages.low >= condition.age
    return hit, (f"aged {condition.age} or over",)


def _alternatives_hold(
    alternatives: Sequence[Alternative], facts: Mapping[str, Any], ages: _AgeRange
) -> tuple[bool, tuple[str, ...], str | None]:
    """Whether any alternative holds, with its evidence and the best verification."""
    best: tuple[tuple[str, ...], str | None] | None = None
    for alternative in alternatives:
        evidence: list[str] = []
        for condition in alternative.conditions:
            holds, found = _condition_holds(condition, facts, ages)
            if not holds:
                break
            evidence.extend(found)
        else:
            verification = alternative.verification
            if best is None or _RANK[verification or "verified"] < _RANK[best[1] or "verified"]:
                best = (tuple(evidence), verification)
    if best is None:
        return False, (), None
    return True, best[0], best[1]


def _missing_text(element: Element, label: str, facts: Mapping[str, Any]) -> str:
    if element.kind == "age":
        age = facts.get("person_age")
        if age is None:
            return f"{label} — age not recorded"
        return f"{label} — not met (recorded age {age})"
    return f"{label} — not recorded"


def _evaluate(
    offence: Offence,
    facts: Mapping[str, Any],
    ages: _AgeRange,
    profile: str,
    language: str,
) -> tuple[Status, tuple[ElementResult, ...], tuple[str, ...], bool]:
    results: list[ElementResult] = []
    missing: list[str] = []
    required_present = 0
    substantive_present = 0
    required_total = 0
    # A required age element that a recorded age fails rules the offence out: being
    # recruited at 16 is not "partly" trafficking for adoption of persons under 16.
    age_excluded = False
    unverified = offence.verification == "unverified"
    for element in offence.elements:
        label = _text(element.label, language)
        present, evidence, alt_verification = _alternatives_hold(element.alternatives, facts, ages)
        required = profile in element.required_for
        verification = alt_verification or element.verification
        if required:
            required_total += 1
            if present:
                required_present += 1
                if element.kind != "age":
                    substantive_present += 1
                if verification == "unverified":
                    unverified = True
            else:
                missing.append(_missing_text(element, label, facts))
                if element.kind == "age" and facts.get("person_age") is not None:
                    age_excluded = True
        status: ElementStatus = (
            "not_required" if not required else "present" if present else "absent"
        )
        results.append(
            ElementResult(
                id=element.id,
                kind=element.kind,
                label=label,
                required=required,
                present=present,
                status=status,
                evidence=evidence,
                verification=verification,
                sources=element.sources,
            )
        )
    if age_excluded:
        result: Status = "not_indicated"
    elif required_total and required_present == required_total:
        result = "indicated"
    elif substantive_present:
        result = "partial"
    else:
        result = "not_indicated"
    return result, tuple(results), tuple(missing), unverified


def _offence_result(
    offence: Offence, catalogue: Catalogue, facts: Mapping[str, Any], language: str
) -> OffenceResult:
    child_below = catalogue.child_age.below
    age = facts.get("person_age")
    if age is None:
        basis: AgeBasis = "unknown"
        ages = _AgeRange(child_below, None)
        profile = "adult"
    else:
        basis = "child" if age < child_below else "adult"
        ages = _AgeRange(age, age + 1)
        profile = basis
    status, elements, missing, unverified = _evaluate(offence, facts, ages, profile, language)
    status_if_child: Status | None = None
    missing_if_child: tuple[str, ...] | None = None
    if basis == "unknown":
        status_if_child, _, missing_if_child, _ = _evaluate(
            offence, facts, _AgeRange(0, child_below), "child", language
        )
    aggravations: list[AggravationResult] = []
    if status != "not_indicated":
        for aggravation in offence.aggravations:
            holds, _, _ = _alternatives_hold(aggravation.alternatives, facts, ages)
            if holds:
                aggravations.append(
                    AggravationResult(
                        id=aggravation.id,
                        label=_text(aggravation.label, language),
                        paragraph=aggravation.paragraph,
                        verification=aggravation.verification,
                    )
                )
    return OffenceResult(
        code=offence.code,
        jurisdiction=offence.jurisdiction,
        title=dict(offence.title),
        family=offence.family,
        status=status,
        elements=elements,
        missing=missing,
        aggravations=tuple(aggravations),
        age_basis=basis,
        status_if_child=status_if_child,
        missing_if_child=missing_if_child,
        relies_on_unverified=unverified and status != "not_indicated",
    )


# --------------------------------------------------------------------------- flags


def _present(result: OffenceResult, kind: str) -> bool:
    return any(e.present for e in result.elements if e.kind == kind)


def _labels(facts: Mapping[str, Any], path: str) -> list[str]:
    spec = FACTS[path]
    return [spec.value_label(v) for v in facts.get(path) or []]


def _flags(facts: Mapping[str, Any], results: Sequence[OffenceResult]) -> list[Flag]:
    flags: list[Flag] = []
    trafficking = [r for r in results if r.family == "trafficking"]
    means = _labels(facts, "means")
    purposes = _labels(facts, "purposes")
    consented = [
        what
        for path, what in (
            ("consent.to_movement", "the movement"),
            ("consent.to_exploitation", "the exploitation"),
        )
        if facts.get(path) is True
    ]
    is_child = any(r.age_basis == "child" for r in results)

    child_rule = [
        r.code
        for r in trafficking
        if r.age_basis == "child"
        and r.status != "not_indicated"
        and any(e.kind == "means" and not e.required for e in r.elements)
    ]
    if child_rule:
        flags.append(
            Flag(
                "child_no_means_required",
                "The person is under 18: for trafficking an act and a purpose of exploitation "
                "are enough, no means (force, deception, …) are required.",
                offences=tuple(child_rule),
            )
        )

    if consented and (means or is_child):
        triggers = (("means",) if means else ()) + (("child",) if is_child else ())
        reasons = []
        if means:
            reasons.append(f"means are recorded ({', '.join(means)})")
        if is_child:
            reasons.append("the person is under 18")
        flags.append(
            Flag(
                "consent_irrelevant",
                f"The person's agreement to {' and '.join(consented)} does not matter for "
                f"trafficking because {' and '.join(reasons)}; a 'yes, I agreed' answer does "
                "not close the assessment.",
                offences=tuple(r.code for r in trafficking if r.status != "not_indicated"),
                triggers=triggers,
            )
        )

    smuggling = [
        r
        for r in results
        if r.family == "smuggling" and _present(r, "border") and _present(r, "facilitation")
    ]
    if smuggling:
        triggers = []
        reasons = []
        if means:
            triggers.append("means")
            reasons.append(f"means ({', '.join(means)})")
        if purposes:
            triggers.append("exploitative_purpose")
            reasons.append(f"a purpose of exploitation ({', '.join(purposes)})")
        if facts.get("relationship_after_arrival") == "continued":
            triggers.append("relationship_continued")
            reasons.append("a relationship with the facilitator that continued after arrival")
        if triggers:
            flags.append(
                Flag(
                    "smuggling_with_trafficking_indicators",
                    "Facilitated irregular movement is recorded together with "
                    f"{'; '.join(reasons)}: a smuggling situation may have turned into "
                    "trafficking. Assess trafficking, not only smuggling.",
                    offences=tuple(r.code for r in smuggling),
                    triggers=tuple(triggers),
                )
            )

    if "forced_criminality" in (facts.get("purposes") or []):
        flags.append(
            Flag(
                "non_punishment_consideration",
                "Forced criminal activity is recorded (for example acting as a guide or driver "
                "for a smuggling group): consider non-punishment for unlawful acts the person "
                "was compelled to commit (CoE Convention CETS 197 art. 26 — recalled, check "
                "the text).",
                offences=tuple(r.code for r in trafficking if r.status != "not_indicated"),
            )
        )

    changed = [r.code for r in trafficking if r.status_if_child not in (None, r.status)]
    if any(r.age_basis == "unknown" for r in results):
        message = "The age is not recorded: offences were assessed with the adult rule."
        if changed:
            message += (
                " If the person is under 18 the assessment changes for "
                f"{', '.join(changed)}; an age assessment is needed."
            )
        flags.append(Flag("age_unknown", message, offences=tuple(changed)))

    unverified = [r.code for r in results if r.relies_on_unverified]
    if unverified:
        flags.append(
            Flag(
                "unverified_law",
                "Part of the assessment of these offences rests on legal statements marked "
                "unverified in the catalogue; check the official text before relying on it.",
                offences=tuple(unverified),
            )
        )
    return flags


# --------------------------------------------------------------------------- words


def _comparison(
    facts: Mapping[str, Any], results: Sequence[OffenceResult]
) -> list[ComparisonPoint]:
    means = _labels(facts, "means")
    purposes = _labels(facts, "purposes")
    is_child = any(r.age_basis == "child" for r in results)
    to_movement = facts.get("consent.to_movement")

    if is_child:
        consent = (
            "The person is under 18: consent is never needed for trafficking, whatever was agreed."
        )
    elif means:
        consent = (
            f"Means are recorded ({', '.join(means)}): any consent the person gave is "
            "irrelevant for trafficking."
        )
    elif to_movement is True:
        consent = (
            "The person agreed to the movement and no means are recorded: this is the "
            "pattern of smuggling, where the migrant consents to the movement."
        )
    else:
        consent = "Neither consent nor means are recorded."

    irregular = facts.get("border_crossing.irregular") is True
    stay = (
        facts.get("stay_or_transit.illegal_stay") is True
        or facts.get("stay_or_transit.illegal_transit") is True
    )
    if irregular:
        transnational = (
            "An irregular border crossing is recorded: the defining element of smuggling. "
            "Trafficking does not depend on it."
        )
    elif stay:
        transnational = (
            "No irregular border crossing is recorded, but an illegal stay or transit is: "
            "national law may treat enabling it as smuggling (Serbia, art. 350). "
            "Trafficking does not depend on any border."
        )
    elif facts.get("border_crossing.crossed") is True:
        transnational = (
            "A border was crossed, but not irregularly as far as recorded: not smuggling on "
            "this element; trafficking may involve regular travel."
        )
    else:
        transnational = (
            "No border crossing is recorded: smuggling is not indicated on this element; "
            "trafficking can be entirely domestic."
        )

    fee = (
        facts.get("border_crossing.facilitator_material_benefit") is True
        or facts.get("stay_or_transit.facilitator_material_benefit") is True
    )
    if fee and purposes:
        profit = (
            "Both are recorded: a benefit for facilitating the movement and a purpose of "
            f"exploitation ({', '.join(purposes)}) — profit may come from the fee and from "
            "exploiting the person."
        )
    elif fee:
        profit = (
            "The facilitator's benefit from the movement is recorded, no purpose of "
            "exploitation: profit from the fee points to smuggling."
        )
    elif purposes:
        profit = (
            f"A purpose of exploitation is recorded ({', '.join(purposes)}): profit from "
            "exploiting the person points to trafficking."
        )
    else:
        profit = "Neither a fee for facilitation nor a purpose of exploitation is recorded."

    relationship = facts.get("relationship_after_arrival")
    relationship_text = {
        "ended": (
            "The relationship with the facilitator ended after arrival: the pattern of smuggling."
        ),
        "continued": (
            "The relationship with the facilitator continued after arrival: the pattern of "
            "trafficking, where the exploitation goes on."
        ),
    }.get(
        relationship or "",
        "It is not recorded whether the relationship with the facilitator continued after "
        "arrival; ask, because this often separates the two.",
    )
    return [
        ComparisonPoint(
            "consent",
            "the migrant consents to the (irregular) movement",
            "no consent, or consent made meaningless by the means used; never needed for children",
            consent,
        ),
        ComparisonPoint(
            "transnationality",
            "always transnational: illegal entry (or stay) is a defining element",
            "can be domestic: a border crossing is not an element",
            transnational,
        ),
        ComparisonPoint(
            "source_of_profit",
            "the fee paid for facilitating entry or stay",
            "the ongoing exploitation of the person",
            profit,
        ),
        ComparisonPoint(
            "relationship_after_arrival",
            "ends once the crossing is done and the fee is paid",
            "continues after arrival to keep exploiting the person",
            relationship_text,
        ),
    ]


def _offence_sentence(result: OffenceResult) -> str:
    name = f"{result.code} ({result.title['en']})"
    present = [
        f"{e.kind} ({', '.join(e.evidence)})" if e.evidence else e.kind
        for e in result.elements
        if e.required and e.present
    ]
    if result.status == "indicated":
        sentence = f"{name}: all required elements are present — {'; '.join(present)}."
    elif result.status == "partial":
        sentence = (
            f"{name}: some required elements are present — {'; '.join(present)}; missing: "
            f"{'; '.join(result.missing)}."
        )
    else:
        sentence = f"{name}: not indicated; missing: {'; '.join(result.missing)}."
    if result.aggravations:
        sentence += " Aggravating circumstances recorded: " + "; ".join(
            f"{a.label} (para {a.paragraph})" if a.paragraph else a.label
            for a in result.aggravations
        )
        sentence += "."
    if result.status_if_child not in (None, result.status):
        sentence += f" If the person is under 18: {result.status_if_child.replace('_', ' ')}."
    return sentence


def _explanation(
    facts: Mapping[str, Any],
    catalogues: Sequence[Catalogue],
    results: Sequence[OffenceResult],
    flags: Sequence[Flag],
) -> list[str]:
    sentences = [
        "Assessed against "
        + ", ".join(f"{c.name['en']} (catalogue version {c.version})" for c in catalogues)
        + "."
    ]
    age = facts.get("person_age")
    child_below = catalogues[0].child_age.below
    if age is None:
        sentences.append("Age not recorded.")
    elif age < child_below:
        sentences.append(
            f"Recorded age {age}: under {child_below}, so the child rule applies to "
            "trafficking (act and purpose suffice)."
        )
    else:
        sentences.append(
            f"Recorded age {age}: the adult rule applies to trafficking (act, means and purpose)."
        )
    for result in results:
        # Trafficking and smuggling are always explained, because showing why one of them
        # is *not* indicated is the point of the comparison; other offences only if relevant.
        if result.family in ("trafficking", "smuggling") or result.status != "not_indicated":
            sentences.append(_offence_sentence(result))
    sentences.extend(flag.message for flag in flags)
    return sentences


# --------------------------------------------------------------------------- entry point


def classify(
    *,
    facts: Mapping[str, Any],
    catalogues: CatalogueSet | None = None,
    language: str = "en",
) -> Classification:
    """Compare ``facts`` with every offence of their jurisdiction and the international one.

    Raises a :class:`~putokaz.legal.errors.FactsError` subclass naming any unknown key,
    code or jurisdiction.
    """
    catalogue_set = catalogues or default_catalogues()
    flat = normalise_facts(facts, known_jurisdictions=catalogue_set.jurisdictions)
    jurisdiction = flat["jurisdiction"]
    applicable = catalogue_set.applicable(jurisdiction)
    results = [
        _offence_result(offence, catalogue, flat, language)
        for catalogue in applicable
        for offence in catalogue.offences
    ]
    flags = _flags(flat, results)
    age = flat.get("person_age")
    child_below = applicable[0].child_age.below
    basis: AgeBasis = "unknown" if age is None else "child" if age < child_below else "adult"
    return Classification(
        jurisdiction=jurisdiction,
        age_basis=basis,
        offences=tuple(results),
        flags=tuple(flags),
        explanation=tuple(_explanation(flat, applicable, results, flags)),
        comparison=tuple(_comparison(flat, results)),
        disclaimer=DISCLAIMER,
        catalogue_versions=catalogue_set.versions(jurisdiction),
    )
