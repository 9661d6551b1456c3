"""Roles and what each may do. The one table that decides capabilities.

Access to a particular object is decided by the selectors of its domain, which
combine these capabilities with the organisation that holds the object.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OUTREACH_WORKER = "outreach_worker", _("Outreach / registration worker")
    CASE_MANAGER = "case_manager", _("Case manager")
    IDENTIFICATION_OFFICER = "identification_officer", _("Identification officer")
    SERVICE_PROVIDER = "service_provider", _("Service provider")
    INVESTIGATOR = "investigator", _("Police investigator")
    PROSECUTOR = "prosecutor", _("Prosecutor")
    ANALYST = "analyst", _("Analyst")
    TRAINER = "trainer", _("Trainer")
    ORG_ADMIN = "org_admin", _("Organisation administrator")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


class Capability(models.TextChoices):
    PERSON_LIST = "person.list", _("See the pseudonymous list of persons")
    PERSON_READ = "person.read", _("Read a person's personal data")
    PERSON_CREATE = "person.create", _("Register a person")
    PERSON_EDIT = "person.edit", _("Change a person's data")
    ORG_MANAGE = "org.manage", _("Manage the organisation's members")
    SYSTEM_MANAGE = "system.manage", _("Manage organisations and catalogues")
    AUDIT_VIEW = "audit.view", _("Read the audit log")
    STATS_VIEW = "stats.view", _("See statistics without personal data")
    CASE_OPEN = "case.open", _("Open a case")
    CASE_MANAGE = "case.manage", _("Manage the organisation's cases")
    CASE_OVERSEE = "case.oversee", _("See the organisation's cases without personal data")
    REFERRAL_SEND = "referral.send", _("Refer a case to a service")
    REFERRAL_RECEIVE = "referral.receive", _("Receive and answer referrals")
    IDENTIFICATION_DECIDE = "identification.decide", _("Decide on formal identification")
    SERVICE_MANAGE = "service.manage", _("Manage the organisation's services in the directory")
    SCREENING_CREATE = "screening.create", _("Screen a person for indicators of trafficking")
    SCREENING_VIEW = "screening.view", _("See the organisation's screenings")
    SCREENING_REPORT = "screening.report", _("See the indicator report (counts only)")
    CATALOGUE_MANAGE = "catalogue.manage", _("Edit indicator catalogues (makes a new version)")
    PROCEEDING_RECORD = "proceeding.record", _("Record criminal proceedings and their stages")
    PROCEEDING_VIEW_STAGES = (
        "proceeding.view_stages",
        _("See the stages and charges of proceedings linked to the organisation's cases"),
    )
    LEGAL_FACTS_EDIT = "legal_facts.edit", _("Record the legal facts of a case")
    LINKAGE_REQUEST = "linkage.request", _("Ask another organisation to link a possible duplicate")
    LINKAGE_DECIDE = "linkage.decide", _("Answer other organisations' linkage requests")
    PERSON_MERGE = "person.merge", _("Merge duplicate registrations in the organisation")


C = Capability
# Investigators, prosecutors and service providers get no standing access to
# persons: later issues give them exactly what consent and a referral allow.
# Administrators manage people and catalogues but do not read survivors' data.
_PERSON_WORK = {C.PERSON_LIST, C.PERSON_READ, C.PERSON_CREATE, C.PERSON_EDIT}
_SCREENING_WORK = {C.SCREENING_CREATE, C.SCREENING_VIEW}
CAPABILITIES: dict[str, frozenset[str]] = {
    Role.OUTREACH_WORKER: frozenset({*_PERSON_WORK, *_SCREENING_WORK, C.CASE_OPEN}),
    Role.CASE_MANAGER: frozenset(
        {
            *_PERSON_WORK,
            *_SCREENING_WORK,
            C.CASE_OPEN,
            C.CASE_MANAGE,
            C.REFERRAL_SEND,
            C.REFERRAL_RECEIVE,
            C.PROCEEDING_VIEW_STAGES,
            C.LEGAL_FACTS_EDIT,
            C.LINKAGE_REQUEST,
            C.LINKAGE_DECIDE,
            C.PERSON_MERGE,
        }
    ),
    Role.IDENTIFICATION_OFFICER: frozenset(
        {C.PERSON_LIST, C.PERSON_READ, C.REFERRAL_RECEIVE, C.IDENTIFICATION_DECIDE}
    ),
    Role.SERVICE_PROVIDER: frozenset({C.REFERRAL_RECEIVE}),
    Role.INVESTIGATOR: frozenset({C.REFERRAL_RECEIVE, C.PROCEEDING_RECORD, C.LEGAL_FACTS_EDIT}),
    Role.PROSECUTOR: frozenset({C.REFERRAL_RECEIVE, C.PROCEEDING_RECORD}),
    Role.ANALYST: frozenset({C.STATS_VIEW, C.SCREENING_REPORT}),
    Role.TRAINER: frozenset(),
    Role.ORG_ADMIN: frozenset(
        {
            C.PERSON_LIST,
            C.ORG_MANAGE,
            C.AUDIT_VIEW,
            C.STATS_VIEW,
            C.CASE_OVERSEE,
            C.SERVICE_MANAGE,
            C.SCREENING_REPORT,
        }
    ),
    Role.SYSTEM_ADMIN: frozenset(
        {
            C.SYSTEM_MANAGE,
            C.AUDIT_VIEW,
            C.STATS_VIEW,
            C.SERVICE_MANAGE,
            C.SCREENING_REPORT,
            C.CATALOGUE_MANAGE,
        }
    ),
}


def role_can(role: str, capability: str) -> bool:
    return capability in CAPABILITIES.get(role, frozenset())
