from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from putokaz.cases.models import Sex
from putokaz.cases.services import validate_partial_date

_TEXT = {"autocomplete": "off", "spellcheck": "false"}


class PersonForm(forms.Form):
    given_name = forms.CharField(
        label=_("Given name (Latin script)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=_TEXT),
    )
    family_name = forms.CharField(
        label=_("Family name (Latin script)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=_TEXT),
    )
    given_name_original = forms.CharField(
        label=_("Given name (original script)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={**_TEXT, "dir": "auto"}),
    )
    family_name_original = forms.CharField(
        label=_("Family name (original script)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={**_TEXT, "dir": "auto"}),
    )
    date_of_birth = forms.CharField(
        label=_("Date of birth"),
        max_length=10,
        required=False,
        help_text=_("YYYY-MM-DD, or YYYY-MM, or only the year YYYY"),
        validators=[validate_partial_date],
        widget=forms.TextInput(attrs=_TEXT),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    nationality = forms.RegexField(
        label=_("Nationality"),
        regex=r"^[A-Za-z]{2}$",
        required=False,
        help_text=_("Two-letter country code, e.g. AF, SY, MA; XX if stateless"),
        error_messages={"invalid": _("Enter a two-letter country code such as AF.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        names = ("given_name", "family_name", "given_name_original", "family_name_original")
        if not any(data.get(name) for name in names):
            raise forms.ValidationError(
                _("Enter at least one name, in Latin or in the original script.")
            )
        return data
