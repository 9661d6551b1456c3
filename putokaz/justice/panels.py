"""The justice section of the case page: legal facts, the assistant, linked proceedings."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from putokaz.cases.selectors import CaseAccess
from putokaz.justice import presenters, selectors


def case_panel_context(request: HttpRequest, access: CaseAccess) -> dict[str, Any] | None:
    user = request.user
    facts_access = selectors.legal_facts_access(user=user, case_access=access)  # type: ignore[arg-type]
    proceedings = selectors.proceedings_for_case(user=user, case_access=access)  # type: ignore[arg-type]
    if facts_access is None and not proceedings:
        return None
    context: dict[str, Any] = {"case": access.case, "facts_access": facts_access}
    if facts_access is not None and facts_access.current is not None:
        data = selectors.legal_facts_read(user=user, access=facts_access, purpose="view case")  # type: ignore[arg-type]
        context["facts"] = presenters.facts_summary(data["facts"])
        context["notes"] = data["notes"]
        context["assessment"] = presenters.classification_view(data["classification"])
        context["outdated"] = presenters.catalogue_outdated(data["row"].catalogue_versions)
    rows = []
    for proceeding_access in proceedings:
        findings = selectors.proceeding_findings(access=proceeding_access)
        stages = selectors.proceeding_stages(access=proceeding_access)
        rows.append(
            {
                "access": proceeding_access,
                "findings": findings,
                "stages": presenters.stage_rows(stages, findings),
            }
        )
    context["proceedings"] = rows
    return context
