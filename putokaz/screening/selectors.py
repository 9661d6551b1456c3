"""Access-checked reads of screenings, catalogue versions and the indicator report.

A screening of another organisation does not exist for the user (ScreeningNotFound, shown
as 404). The person's own words are decrypted only here, for a role that may read them, and
every such read is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet

from putokaz.accounts.models import User
from putokaz.accounts.roles import Capability
from putokaz.accounts.selectors import Grant, actor_for, grant_for, organisation_ids_with
from putokaz.core.audit import audit_record
from putokaz.core.codes import normalise_code
from putokaz.screening import trends
from putokaz.screening.catalogue import Catalogue, FlagSet
from putokaz.screening.languages import LANGUAGE_BY_CODE
from putokaz.screening.models import CatalogueVersion, Screening
from putokaz.screening.store import db_registry

RTL_LANGUAGES = frozenset(code for code, lang in LANGUAGE_BY_CODE.items() if lang.right_to_left)


class ScreeningNotFound(Exception):
    pass


@dataclass(frozen=True)
class ScreeningAccess:
    screening: Screening
    grant: Grant
    can_read_own_words: bool
    can_act: bool


def screening_list_for_user(*, user: User) -> QuerySet[Screening]:
    """Screenings of the user's organisations; never the person's own words."""
    org_ids = organisation_ids_with(user, capability=Capability.SCREENING_VIEW)
    return (
        Screening.objects.filter(organisation_id__in=org_ids)
        .select_related("entry_point", "screened_by", "person", "case", "organisation")
        .only(
            "code",
            "organisation__name",
            "organisation__short_name",
            "screened_at",
            "outcome",
            "catalogue_id",
            "catalogue_version",
            "source",
            "entry_point__name",
            "screened_by__username",
            "person__code",
            "case__code",
            "sex",
            "age_band",
            "nationality",
            "route",
            "person_language",
            "interpreter_used",
            "organisation_id",
        )
    )


def screening_get_for_user(*, user: User, code: str) -> ScreeningAccess:
    normalised = normalise_code(code, prefix="SC")
    if normalised is None:
        raise ScreeningNotFound(code)
    org_ids = organisation_ids_with(user, capability=Capability.SCREENING_VIEW)
    screening = (
        Screening.objects.filter(code=normalised, organisation_id__in=org_ids)
        .select_related("entry_point", "screened_by", "person", "case", "data_key", "organisation")
        .first()
    )
    if screening is None:
        raise ScreeningNotFound(code)
    grant = grant_for(
        user, capability=Capability.SCREENING_VIEW, organisation_id=screening.organisation_id
    )
    assert grant is not None  # guaranteed by the organisation filter
    can_act = (
        grant_for(
            user, capability=Capability.SCREENING_CREATE, organisation_id=screening.organisation_id
        )
        is not None
    )
    return ScreeningAccess(
        screening=screening,
        grant=grant,
        can_read_own_words=screening.data_key.wrapped is not None,
        can_act=can_act,
    )


def screening_read_own_words(*, user: User, access: ScreeningAccess, purpose: str) -> str | None:
    """The person's own words, decrypted, with an audit event; None when there are none."""
    if not access.can_read_own_words:
        return None
    text = access.screening.person_own_words
    if not text:
        return None
    audit_record(
        actor=actor_for(user, access.grant),
        action="screening.read",
        object_type="screening",
        object_ref=access.screening.code,
        fields=["person_own_words"],
        purpose=purpose,
    )
    return text


def screenings_for_person(*, user: User, person_id: int) -> QuerySet[Screening]:
    return screening_list_for_user(user=user).filter(person_id=person_id)


def screenings_for_case(*, user: User, case_id: int, person_id: int) -> QuerySet[Screening]:
    """The case's screenings and the person's unlinked-to-a-case ones, in the user's orgs."""
    from django.db.models import Q

    return screening_list_for_user(user=user).filter(
        Q(case_id=case_id) | Q(person_id=person_id, case__isnull=True)
    )


# --- catalogues --------------------------------------------------------------------------


def catalogue_for_screening(screening: Screening) -> tuple[Catalogue, tuple[FlagSet, ...]]:
    """The exact catalogue version and flag set versions the screening was scored with."""
    registry = db_registry()
    catalogue = registry.catalogue(screening.catalogue_id, version=screening.catalogue_version)
    used = screening.result.get("flag_sets") or []
    flag_sets = tuple(registry.flag_set(item["id"], version=item["version"]) for item in used)
    return catalogue, flag_sets


@dataclass(frozen=True)
class CatalogueSummary:
    catalogue_id: str
    kind: str
    version: int
    versions: tuple[int, ...]
    title: str
    weights_status: str | None
    rule_provisional: bool
    provisional_indicators: tuple[str, ...]
    unreviewed_languages: tuple[str, ...]
    indicator_count: int


def catalogue_summaries(*, language: str) -> list[CatalogueSummary]:
    registry = db_registry()
    summaries = []
    for cid in registry.catalogue_ids():
        versions = registry.catalogue_versions(cid)
        c = registry.catalogue(cid)
        summaries.append(
            CatalogueSummary(
                catalogue_id=cid,
                kind="catalogue",
                version=c.version,
                versions=versions,
                title=c.title.get(language) or c.title["en"],
                weights_status=c.weights_status,
                rule_provisional=c.rule.verification == "provisional",
                provisional_indicators=c.provisional_indicator_ids,
                unreviewed_languages=c.unreviewed_languages,
                indicator_count=len(c.indicators),
            )
        )
    for fid in registry.flag_set_ids():
        f = registry.flag_set(fid)
        versions = tuple(
            CatalogueVersion.objects.filter(catalogue_id=fid)
            .order_by("version")
            .values_list("version", flat=True)
        )
        summaries.append(
            CatalogueSummary(
                catalogue_id=fid,
                kind="flags",
                version=f.version,
                versions=versions,
                title=f.title.get(language) or f.title["en"],
                weights_status=None,
                rule_provisional=False,
                provisional_indicators=tuple(
                    flag.id for flag in f.flags if flag.verification == "provisional"
                ),
                unreviewed_languages=f.unreviewed_languages,
                indicator_count=len(f.flags),
            )
        )
    return summaries


def catalogue_version_get(*, catalogue_id: str, version: int) -> CatalogueVersion | None:
    return CatalogueVersion.objects.filter(catalogue_id=catalogue_id, version=version).first()


# --- the indicator report ----------------------------------------------------------------


def report_records(
    *,
    periods: Sequence[tuple[str, dt.date, dt.date]],
    catalogue_family: str = "",
) -> list[trends.ScreeningRecord]:
    """Non-identifying records of every organisation's screenings in the given periods.

    The report is national on purpose: counts only, small cells suppressed, and an indicator
    moving in one organisation's area is what every administrator needs to see. Anonymous
    screenings count like linked ones.
    """
    records: list[trends.ScreeningRecord] = []
    for name, start, end in periods:
        rows = Screening.objects.filter(screened_at__date__gte=start, screened_at__date__lte=end)
        if catalogue_family:
            rows = rows.filter(catalogue_id__in=_family_ids(catalogue_family))
        for found, positive, nationality, sex, age_band, route, entry_point in rows.values_list(
            "found",
            "positive_dimensions",
            "nationality",
            "sex",
            "age_band",
            "route",
            "entry_point__name",
        ).iterator(chunk_size=2000):
            records.append(
                trends.ScreeningRecord(
                    period=name,
                    present=frozenset(found),
                    positive_dimensions=frozenset(positive),
                    nationality=nationality or None,
                    sex=sex if sex and sex != "unknown" else None,
                    age_band=age_band if age_band and age_band != "unknown" else None,
                    route=route or None,
                    entry_point=entry_point or None,
                )
            )
    return records


def catalogue_families() -> list[tuple[str, str]]:
    """(family pattern, exploitation type) of the indicator catalogues, for choosing a list."""
    registry = db_registry()
    families: dict[str, str] = {}
    for cid in registry.catalogue_ids():
        c = registry.catalogue(cid)
        families.setdefault(c.family, c.exploitation)
    return sorted(families.items())


def _family_ids(family: str) -> list[str]:
    registry = db_registry()
    return [cid for cid in registry.catalogue_ids() if registry.catalogue(cid).family == family]
