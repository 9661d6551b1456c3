from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from putokaz.cases.models import ConsentMethod, Sex
from putokaz.screening.languages import LANGUAGES
from putokaz.screening.models import EntryPoint, Route
from putokaz.screening.trends import GROUP_KEYS

EXPLOITATION_LABELS = {
    "labour": _("Labour exploitation"),
    "sexual": _("Sexual exploitation"),
}
PERSON_LANGUAGE_CHOICES = [(lang.code, lang.native_name) for lang in LANGUAGES]


class StartForm(forms.Form):
    """Who is screened, where, and in which language: the first step of a screening."""

    family = forms.ChoiceField(
        label=_("Form of exploitation to screen for"),
        help_text=_("The adult or child list is chosen from the age."),
    )
    age = forms.IntegerField(
        label=_("Age in years (estimated if not known)"),
        required=False,
        min_value=0,
        max_value=130,
        help_text=_("Under 18 uses the child list. Leave empty if not known."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    nationality = forms.CharField(
        label=_("Nationality"),
        required=False,
        max_length=3,
        help_text=_("ISO 3166-1 alpha-2 code, or XX for stateless"),
    )
    route = forms.ChoiceField(label=_("Route"), choices=Route.choices, required=False)
    entry_point = forms.ModelChoiceField(
        label=_("Entry point or reception centre"), queryset=EntryPoint.objects.none()
    )
    person_language = forms.ChoiceField(
        label=_("The person's language"), choices=PERSON_LANGUAGE_CHOICES
    )
    interpreter_used = forms.BooleanField(label=_("An interpreter is present"), required=False)
    interpreter_language = forms.ChoiceField(
        label=_("Interpreter's language"),
        choices=[("", "—"), *PERSON_LANGUAGE_CHOICES],
        required=False,
    )
    person_code = forms.CharField(
        label=_("Person code (optional)"),
        required=False,
        max_length=20,
        help_text=_("Only if the person agrees that this screening is linked to their record."),
    )
    case_code = forms.CharField(label=_("Case code (optional)"), required=False, max_length=20)
    consent_to_link = forms.BooleanField(
        label=_("The person agreed that this screening is linked to their record"),
        required=False,
    )
    consent_method = forms.ChoiceField(
        label=_("How the person agreed"),
        choices=[("", "—"), *ConsentMethod.choices],
        required=False,
    )

    def __init__(self, *args: Any, families: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["family"].choices = [
            (family, EXPLOITATION_LABELS.get(kind, family)) for family, kind in families
        ]
        field = self.fields["entry_point"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = EntryPoint.objects.filter(active=True)

    def clean_nationality(self) -> str:
        return str(self.cleaned_data.get("nationality") or "").strip().upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        linking = bool(data.get("person_code") or data.get("case_code"))
        if linking and not (data.get("consent_to_link") and data.get("consent_method")):
            raise forms.ValidationError(
                _(
                    "A screening can be linked to a person only with the person's consent: "
                    "record that they agreed and how, or leave the codes empty."
                ),
                code="consent",
            )
        return data


class CatalogueEditForm(forms.Form):
    text = forms.CharField(
        label=_("Catalogue text (YAML)"),
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false", "dir": "ltr"}),
        strip=False,
    )
    change_note = forms.CharField(
        label=_("What changed and why"), widget=forms.Textarea(attrs={"rows": 3})
    )


class KoboImportForm(forms.Form):
    file = forms.FileField(
        label=_("KoboToolbox export (CSV or JSON)"),
        help_text=_("Exported from a form made with this catalogue's XLSForm download."),
    )

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."), code="size")
        return upload


class ReportForm(forms.Form):
    start_a = forms.DateField(
        label=_("First period from"), widget=forms.DateInput({"type": "date"})
    )
    end_a = forms.DateField(label=_("to"), widget=forms.DateInput({"type": "date"}))
    start_b = forms.DateField(
        label=_("Second period from"), required=False, widget=forms.DateInput({"type": "date"})
    )
    end_b = forms.DateField(label=_("to"), required=False, widget=forms.DateInput({"type": "date"}))
    by = forms.ChoiceField(
        label=_("Group by"),
        required=False,
        choices=[
            ("", _("No grouping")),
            ("nationality", _("Nationality")),
            ("sex", _("Sex")),
            ("age_band", _("Age band")),
            ("route", _("Route")),
            ("entry_point", _("Entry point")),
        ],
    )
    family = forms.ChoiceField(label=_("Catalogue"), required=False)

    def __init__(self, *args: Any, families: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["family"].choices = [
            ("", _("All catalogues")),
            *((family, EXPLOITATION_LABELS.get(kind, family)) for family, kind in families),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for start, end in (("start_a", "end_a"), ("start_b", "end_b")):
            if data.get(start) and data.get(end) and data[start] > data[end]:
                self.add_error(end, _("The period ends before it starts."))
        if bool(data.get("start_b")) != bool(data.get("end_b")):
            self.add_error("end_b", _("Give both dates of the second period, or neither."))
        if data.get("by") and data["by"] not in GROUP_KEYS:
            self.add_error("by", _("Unknown grouping."))
        return data
