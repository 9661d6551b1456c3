"""How case-history events read on the case page (the rows keep their stable codes)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

EVENT_LABELS = {
    "opened": _("Case opened"),
    "updated": _("Case details changed"),
    "closed": _("Case closed"),
    "reopened": _("Case reopened"),
    "consent_recorded": _("Consent recorded"),
    "consent_withdrawn": _("Consent withdrawn"),
    "note_added": _("Note added"),
    "needs_assessed": _("Needs assessed"),
    "goal_added": _("Goal added to the service plan"),
    "goal_status": _("Goal updated"),
    "task_added": _("Task added"),
    "task_done": _("Task done"),
    "timeline": _("Location or legal status recorded"),
    "service_delivered": _("Service given"),
    "break_glass": _("Emergency access opened"),
    "transfer_requested": _("Transfer requested"),
    "transfer_accepted": _("Transfer accepted"),
    "transfer_refused": _("Transfer refused"),
    "referral_sent": _("Referral sent"),
    "referral_accepted": _("Referral accepted"),
    "referral_declined": _("Referral declined"),
    "referral_completed": _("Referral completed"),
    "referral_cancelled": _("Referral cancelled"),
    "referral_escalated": _("Referral overdue, escalated"),
    "identification_decided": _("Identification decision recorded"),
    "legal_facts_recorded": _("Legal facts recorded"),
    "proceeding_linked": _("Linked to criminal proceedings"),
    "proceeding_stage": _("Stage of criminal proceedings recorded"),
    "proceeding_protection": _("Victim protection in proceedings recorded"),
    "proceeding_requalification": _("Charges requalified out of trafficking"),
    "proceeding_partial_requalification": _("A trafficking charge was dropped"),
    "proceeding_never_charged_as_trafficking": _(
        "Facts indicate trafficking, never charged as such"
    ),
    "proceeding_discontinued": _("Proceedings discontinued"),
    "person_merged": _("Registrations merged"),
    "person_unmerged": _("Merge of registrations undone"),
}


def event_label(kind: str) -> str:
    return str(EVENT_LABELS.get(kind, kind))
