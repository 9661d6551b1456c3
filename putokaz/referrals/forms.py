from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from putokaz.cases.models import ConsentPurpose, DataCategory, IdentificationStatus
from putokaz.referrals.models import Urgency


class ReferralForm(forms.Form):
    service = forms.IntegerField(widget=forms.HiddenInput)
    categories = forms.MultipleChoiceField(
        label=_("Data the referral carries"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Urgency.choices, initial=Urgency.ROUTINE
    )
    reason = forms.CharField(
        label=_("Reason for the referral"), widget=forms.Textarea(attrs={"rows": 3})
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the referral declined?"), widget=forms.Textarea(attrs={"rows": 2})
    )


class IdentificationForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (IdentificationStatus.IDENTIFIED, IdentificationStatus.IDENTIFIED.label),
            (IdentificationStatus.NOT_IDENTIFIED, IdentificationStatus.NOT_IDENTIFIED.label),
            (IdentificationStatus.NOT_COMPLETED, IdentificationStatus.NOT_COMPLETED.label),
        ],
    )
    decided_on = forms.DateField(
        label=_("Date of the decision"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    basis_screening_ref = forms.CharField(
        label=_("Screening relied on (code)"), max_length=40, required=False
    )
    basis_notes = forms.CharField(
        label=_("Basis of the decision"), widget=forms.Textarea(attrs={"rows": 4})
    )
    recovery_period_start = forms.DateField(
        label=_("Recovery and reflection period from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    recovery_period_end = forms.DateField(
        label=_("until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$")


class ServiceForm(forms.Form):
    capacity = forms.IntegerField(
        label=_("places"),
        required=False,
        min_value=0,
        help_text=_("empty when the number of people is not limited"),
    )
    languages = forms.CharField(
        label=_("languages"),
        required=False,
        help_text=_("Language codes separated by commas, for example: sr, fa, ar"),
    )
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_active = forms.BooleanField(label=_("active"), required=False)

    def clean_languages(self) -> tuple[str, ...]:
        codes = [c.strip() for c in self.cleaned_data["languages"].split(",") if c.strip()]
        for code in codes:
            if not LANGUAGE_CODE.match(code):
                raise forms.ValidationError(
                    _("Not a language code: %(code)s"), params={"code": code[:20]}
                )
        return tuple(dict.fromkeys(codes))
