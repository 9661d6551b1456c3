from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from putokaz.matching.models import RefusalReason


class RefuseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=RefusalReason.choices)


class MergeForm(forms.Form):
    keep = forms.CharField(label=_("Registration to keep"), max_length=16)
