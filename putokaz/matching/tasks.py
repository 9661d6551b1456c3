"""Background duplicate scans (django-tasks): after bulk imports, and after one registration."""

from __future__ import annotations

from django_tasks import task

from putokaz.matching.services import duplicates_scan, duplicates_scan_person


@task()
def rescan_duplicates(organisation_ids: list[int] | None = None) -> dict[str, float]:
    """Enqueue after a bulk import, naming the importing organisations (or none: the network)."""
    result = duplicates_scan(organisation_ids=organisation_ids)
    return {"candidates": result.candidates, "new": result.new, "seconds": result.seconds}


@task()
def scan_person_duplicates(person_id: int) -> int:
    return duplicates_scan_person(person_id=person_id).candidates
