from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from putokaz.accounts.models import Organisation, OrganisationType
from putokaz.cases.models import (
    CaseType,
    CloseReason,
    ConsentMethod,
    ConsentPurpose,
    DataCategory,
    ExploitationForm,
    GbvType,
    LegalStatus,
    NoteKind,
    StatusEventKind,
)

NEEDS = [
    ("safety", _("Safety and protection")),
    ("accommodation", _("Accommodation")),
    ("health", _("Health care")),
    ("psychosocial", _("Psychosocial support")),
    ("legal", _("Legal advice")),
    ("documents", _("Documents")),
    ("interpretation", _("Interpretation")),
    ("material", _("Food, clothing, money")),
    ("child_protection", _("Child protection")),
    ("family", _("Contact with family")),
    ("work_education", _("Work or education")),
]


class CaseForm(forms.Form):
    case_type = forms.ChoiceField(label=_("Case type"), choices=CaseType.choices)
    exploitation_forms = forms.MultipleChoiceField(
        label=_("Suspected forms of exploitation"),
        required=False,
        choices=ExploitationForm.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    gbv_types = forms.MultipleChoiceField(
        label=_("Type of gender-based violence (GBVIMS)"),
        required=False,
        choices=GbvType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    entry_point = forms.CharField(
        label=_("Where the person was met"), max_length=100, required=False
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ConsentForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("Which data may be shared"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    purposes = forms.MultipleChoiceField(
        label=_("For which purposes"),
        choices=ConsentPurpose.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    recipient_organisations = forms.ModelMultipleChoiceField(
        label=_("With these organisations"),
        required=False,
        queryset=Organisation.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    recipient_types = forms.MultipleChoiceField(
        label=_("Or with any organisation of these kinds"),
        required=False,
        choices=OrganisationType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    method = forms.ChoiceField(label=_("How consent was given"), choices=ConsentMethod.choices)
    interpreter_language = forms.CharField(
        label=_("Interpreter's language"), max_length=10, required=False
    )
    given_at = forms.DateTimeField(
        label=_("When"),
        initial=timezone.now,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoteForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=NoteKind.choices)
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=300)
    due_date = forms.DateField(
        label=_("Follow up by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class GoalForm(forms.Form):
    need = forms.ChoiceField(label=_("Need"), choices=NEEDS)
    description = forms.CharField(label=_("Goal"), max_length=500)
    due_date = forms.DateField(
        label=_("Target date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class NeedsForm(forms.Form):
    needs = forms.MultipleChoiceField(
        label=_("Needs"), choices=NEEDS, widget=forms.CheckboxSelectMultiple
    )
    urgent = forms.MultipleChoiceField(
        label=_("Of these, urgent"),
        choices=NEEDS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    health_notes = forms.CharField(
        label=_("Health"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TimelineForm(forms.Form):
    kind = forms.ChoiceField(label=_("What happened"), choices=StatusEventKind.choices)
    on_date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    legal_status = forms.ChoiceField(
        label=_("Legal status after it"), required=False, choices=[("", "—"), *LegalStatus.choices]
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    notes = forms.CharField(label=_("Notes"), required=False)


class CloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason for closing"), choices=CloseReason.choices)


class TransferForm(forms.Form):
    to_organisation = forms.ModelChoiceField(
        label=_("Transfer to"), queryset=Organisation.objects.filter(is_active=True)
    )


class BreakGlassForm(forms.Form):
    case_code = forms.CharField(label=_("Case code"), max_length=14)
    reason = forms.CharField(
        label=_("Why is emergency access needed?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class DeliveryForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Service"),
        choices=[
            ("safe_accommodation", _("Safe accommodation")),
            ("medical", _("Medical care")),
            ("psychosocial", _("Psychosocial support")),
            ("legal_aid", _("Legal aid")),
            ("interpretation", _("Interpretation")),
            ("material_aid", _("Material and cash aid")),
            ("child_protection", _("Child protection and guardianship")),
            ("return_reintegration", _("Return and reintegration")),
        ],
    )
    delivered_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(
        label=_("What was provided"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
