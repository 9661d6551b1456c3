from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from putokaz.accounts.models import Organisation, OrganisationType
from putokaz.justice import labels
from putokaz.justice.models import (
    Outcome,
    PartyRole,
    ProtectionMeasure,
    Stage,
    VictimInformation,
)
from putokaz.justice.suggestions import Suggestion
from putokaz.legal.catalogue import default_catalogues
from putokaz.legal.facts import FACTS

TRI_STATE = [("", _("Not known")), ("yes", _("Yes")), ("no", _("No"))]
# Groups of yes/no facts where "no" is as informative as "yes" (a crossing that was
# regular, a person who did not agree): asked as yes / no / not known.
_TRI_STATE_GROUPS = ("border_crossing", "stay_or_transit", "consent")
_LISTS = ("acts", "means", "purposes", "stalking_conduct")


def _field_name(path: str) -> str:
    return path.replace(".", "__")


def tri_state_paths() -> list[str]:
    return [p for p in FACTS if p.split(".")[0] in _TRI_STATE_GROUPS]


def circumstance_paths() -> list[str]:
    return [p for p in FACTS if p.startswith("circumstances.")]


def other_boolean_paths() -> list[str]:
    """Stand-alone yes facts (the GBV offences, mediation in prostitution)."""
    return [p for p, spec in FACTS.items() if "." not in p and spec.kind == "bool"]


def _jurisdictions() -> list[tuple[str, str]]:
    catalogues = default_catalogues()
    return [
        (c.jurisdiction, c.name.get("en", c.jurisdiction))
        for c in catalogues.catalogues.values()
        if c.scope == "national"
    ]


def _suggestion_label(suggestion: Suggestion) -> str:
    if isinstance(suggestion.value, bool):
        what = str(labels.boolean_label(suggestion.path))
    else:
        what = f"{labels.fact_label(suggestion.path)}: {labels.value_label(suggestion.path, suggestion.value)}"
    return str(
        _("%(fact)s — suggested by screening indicators %(sources)s")
        % {"fact": what, "sources": ", ".join(suggestion.sources)}
    )


class LegalFactsForm(forms.Form):
    """The engine's fact vocabulary as a form; built from putokaz.legal.facts.FACTS."""

    def __init__(
        self,
        *args: Any,
        suggestions: Sequence[Suggestion] = (),
        can_use_person_age: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"] = forms.ChoiceField(
            label=_("Jurisdiction"), choices=_jurisdictions(), initial="RS"
        )
        if can_use_person_age:
            self.fields["use_person_age"] = forms.BooleanField(
                label=_("Use the age from the person's record"),
                required=False,
                initial=True,
                help_text=_("Reading the date of birth is recorded in the audit log."),
            )
        self.fields["person_age"] = forms.IntegerField(
            label=_("Age at the time of the events"),
            required=False,
            min_value=0,
            max_value=130,
            help_text=_("Leave empty if not known: under 18, no means are needed for trafficking."),
        )
        names = {
            "acts": _("Acts"),
            "means": _("Means"),
            "purposes": _("Purposes of exploitation"),
            "stalking_conduct": _("Stalking conduct"),
        }
        for path in _LISTS:
            self.fields[path] = forms.MultipleChoiceField(
                label=names[path],
                required=False,
                choices=labels.choices(path),
                widget=forms.CheckboxSelectMultiple,
            )
        for path in tri_state_paths():
            self.fields[_field_name(path)] = forms.ChoiceField(
                label=labels.boolean_label(path), required=False, choices=TRI_STATE
            )
        self.fields["relationship_after_arrival"] = forms.ChoiceField(
            label=_("Relationship with the facilitator after arrival"),
            required=False,
            choices=[("", _("Not recorded")), *labels.choices("relationship_after_arrival")],
        )
        self.fields["circumstances"] = forms.MultipleChoiceField(
            label=_("Aggravating circumstances"),
            required=False,
            choices=[(p, labels.boolean_label(p)) for p in circumstance_paths()],
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["other_facts"] = forms.MultipleChoiceField(
            label=_("Other facts (gender-based violence, prostitution)"),
            required=False,
            choices=[(p, labels.boolean_label(p)) for p in other_boolean_paths()],
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["notes"] = forms.CharField(
            label=_("Notes on the facts"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("Encrypted. What the facts rest on, in a few words."),
        )
        if suggestions:
            self.fields["confirmed_suggestions"] = forms.MultipleChoiceField(
                label=_("Suggestions from the screening — tick only what you confirm"),
                required=False,
                choices=[(s.key, _suggestion_label(s)) for s in suggestions],
                widget=forms.CheckboxSelectMultiple,
            )
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def facts(self) -> dict[str, Any]:
        """The cleaned form as nested engine facts; unknown stays absent."""
        data = self.cleaned_data
        facts: dict[str, Any] = {"jurisdiction": data["jurisdiction"]}
        if data.get("person_age") is not None:
            facts["person_age"] = data["person_age"]
        for path in _LISTS:
            if data.get(path):
                facts[path] = list(data[path])
        for path in tri_state_paths():
            answer = data.get(_field_name(path))
            if answer in ("yes", "no"):
                group, key = path.split(".", 1)
                facts.setdefault(group, {})[key] = answer == "yes"
        if data.get("relationship_after_arrival"):
            facts["relationship_after_arrival"] = data["relationship_after_arrival"]
        for path in data.get("circumstances") or ():
            facts.setdefault("circumstances", {})[path.split(".", 1)[1]] = True
        for path in data.get("other_facts") or ():
            facts[path] = True
        return facts

    @staticmethod
    def initial_from(facts: Mapping[str, Any], *, notes: str, version: int) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "jurisdiction": facts.get("jurisdiction", "RS"),
            "person_age": facts.get("person_age"),
            "relationship_after_arrival": facts.get("relationship_after_arrival") or "",
            "notes": notes,
            "version": version,
            "use_person_age": facts.get("person_age") is None,
        }
        for path in _LISTS:
            initial[path] = list(facts.get(path) or [])
        for path in tri_state_paths():
            group, key = path.split(".", 1)
            value = (facts.get(group) or {}).get(key)
            initial[_field_name(path)] = "" if value is None else ("yes" if value else "no")
        initial["circumstances"] = [
            f"circumstances.{k}" for k, v in (facts.get("circumstances") or {}).items() if v
        ]
        initial["other_facts"] = [p for p in other_boolean_paths() if facts.get(p) is True]
        return initial


def _organisations(kind: str) -> Any:
    return Organisation.objects.filter(type=kind, is_active=True).order_by("name")


class ProceedingForm(forms.Form):
    reference_number = forms.CharField(label=_("Reference number"), max_length=64)
    police_unit = forms.ModelChoiceField(
        label=_("Police unit"), required=False, queryset=_organisations(OrganisationType.POLICE)
    )
    police_unit_name = forms.CharField(
        label=_("Police unit, if not in Putokaz"), max_length=200, required=False
    )
    prosecutor_office = forms.ModelChoiceField(
        label=_("Prosecutor's office"),
        required=False,
        queryset=_organisations(OrganisationType.PROSECUTION),
    )
    prosecutor_office_name = forms.CharField(
        label=_("Prosecutor's office, if not in Putokaz"), max_length=200, required=False
    )
    court_name = forms.CharField(label=_("Court"), max_length=200, required=False)
    notes = forms.CharField(
        label=_("Investigation notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Encrypted; seen only by police and prosecution staff on this proceeding."),
    )


class LinkCaseForm(forms.Form):
    case_code = forms.CharField(
        label=_("Case code"), max_length=20, help_text=_("For example CS-7Q3M-9XD2")
    )
    role = forms.ChoiceField(label=_("Role in the proceeding"), choices=PartyRole.choices)


def _national_offences(jurisdiction: str) -> list[tuple[str, str]]:
    catalogue = default_catalogues().get(jurisdiction)
    return [(o.code, f"{o.code} — {o.title.get('en', o.code)}") for o in catalogue.offences]


class StageEventForm(forms.Form):
    def __init__(self, *args: Any, jurisdiction: str = "RS", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"] = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
        self.fields["date"] = forms.DateField(
            label=_("Date"),
            initial=timezone.localdate,
            widget=forms.DateInput(attrs={"type": "date"}),
        )
        self.fields["charges"] = forms.MultipleChoiceField(
            label=_("Offences charged at this stage"),
            required=False,
            choices=_national_offences(jurisdiction),
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["outcome"] = forms.ChoiceField(
            label=_("Outcome"),
            required=False,
            choices=[("", _("None yet")), *Outcome.choices],
        )
        self.fields["sentence"] = forms.CharField(
            label=_("Sentence"), max_length=200, required=False
        )
        self.fields["notes"] = forms.CharField(
            label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
        )


class ProtectionForm(forms.Form):
    protection_requested = forms.MultipleChoiceField(
        label=_("Protection measures requested"),
        required=False,
        choices=ProtectionMeasure.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    protection_granted = forms.MultipleChoiceField(
        label=_("Protection measures granted"),
        required=False,
        choices=ProtectionMeasure.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    information_given = forms.MultipleChoiceField(
        label=_("Information given to the person"),
        required=False,
        choices=VictimInformation.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    compensation_claimed = forms.DecimalField(
        label=_("Compensation claimed"), required=False, min_value=0, decimal_places=2
    )
    compensation_awarded = forms.DecimalField(
        label=_("Compensation awarded"), required=False, min_value=0, decimal_places=2
    )
    compensation_currency = forms.CharField(
        label=_("Currency"), max_length=3, initial="RSD", required=False
    )
