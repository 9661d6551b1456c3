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


C = Capability
# Investigators, prosecutors and service providers get no standing access to
# persons: later issues give them exactly what consent and a referral allow.
# Administrators manage people and catalogues but do not read survivors' data.
_PERSON_WORK = {C.PERSON_LIST, C.PERSON_READ, C.PERSON_CREATE, C.PERSON_EDIT}
CAPABILITIES: dict[str, frozenset[str]] = {
    Role.OUTREACH_WORKER: frozenset({*_PERSON_WORK, C.CASE_OPEN}),
    Role.CASE_MANAGER: frozenset(
        {*_PERSON_WORK, C.CASE_OPEN, C.CASE_MANAGE, C.REFERRAL_SEND, C.REFERRAL_RECEIVE}
    ),
    Role.IDENTIFICATION_OFFICER: frozenset(
        {C.PERSON_LIST, C.PERSON_READ, C.REFERRAL_RECEIVE, C.IDENTIFICATION_DECIDE}
    ),
    Role.SERVICE_PROVIDER: frozenset({C.REFERRAL_RECEIVE}),
    Role.INVESTIGATOR: frozenset({C.REFERRAL_RECEIVE}),
    Role.PROSECUTOR: frozenset({C.REFERRAL_RECEIVE}),
    Role.ANALYST: frozenset({C.STATS_VIEW}),
    Role.TRAINER: frozenset(),
    Role.ORG_ADMIN: frozenset(
        {C.PERSON_LIST, C.ORG_MANAGE, C.AUDIT_VIEW, C.STATS_VIEW, C.CASE_OVERSEE, C.SERVICE_MANAGE}
    ),
    Role.SYSTEM_ADMIN: frozenset({C.SYSTEM_MANAGE, C.AUDIT_VIEW, C.STATS_VIEW, C.SERVICE_MANAGE}),
}


def role_can(role: str, capability: str) -> bool:
    return capability in CAPABILITIES.get(role, frozenset())
