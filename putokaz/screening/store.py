"""Catalogue versions in the database, and the engine's registry built from them.

The shipped YAML files are version 1 (or whatever version they carry) of each catalogue; an
administrator's edit adds a row with the next version. The rows, not the files, are what
screenings are scored and re-displayed with, so a file corrected in a later release cannot
change an old screening.

The shipped files are copied in on first use rather than by a data migration only, because
test databases that are flushed between tests (and a database restored from before the app
existed) would otherwise have no catalogues at all.
"""

from __future__ import annotations

import threading

from django.db import IntegrityError, transaction

from putokaz.screening.catalogue import (
    CATALOGUE_DIR,
    Catalogue,
    CatalogueRegistry,
    FlagSet,
    default_registry,
    load_catalogue_text,
)
from putokaz.screening.models import CatalogueKind, CatalogueVersion

_lock = threading.Lock()
# (catalogue_id, version, digest of the text) -> parsed document, and the registry per set of
# rows. Keyed by the digest, so a database rebuilt with different rows of the same numbers
# (tests, a restored backup) is never answered from a stale parse.
_Key = tuple[str, int, str]
_documents: dict[_Key, Catalogue | FlagSet] = {}
_registries: dict[frozenset[_Key], CatalogueRegistry] = {}


def version_file_name(catalogue_id: str, version: int) -> str:
    """The name the validator checks the id against, and that error messages show."""
    return f"{catalogue_id}.v{version}.yaml"


def _shipped() -> dict[tuple[str, int], tuple[str, str]]:
    """(id, version) -> (kind, text) of every shipped file."""
    registry = default_registry()
    shipped: dict[tuple[str, int], tuple[str, str]] = {}
    documents: list[Catalogue | FlagSet] = [
        registry.catalogue(cid, version=v)
        for cid in registry.catalogue_ids()
        for v in registry.catalogue_versions(cid)
    ]
    for fid in registry.flag_set_ids():
        documents.append(registry.flag_set(fid))
    for doc in documents:
        kind = CatalogueKind.CATALOGUE if isinstance(doc, Catalogue) else CatalogueKind.FLAGS
        text = (CATALOGUE_DIR / doc.source_file).read_text(encoding="utf-8")
        shipped[(doc.id, doc.version)] = (kind, text)
    return shipped


def catalogue_sync_shipped() -> int:
    """Copy shipped catalogue files that have no row yet; returns how many were added."""
    existing = set(CatalogueVersion.objects.values_list("catalogue_id", "version"))
    added = 0
    for (cid, version), (kind, text) in _shipped().items():
        if (cid, version) in existing:
            continue
        try:
            with transaction.atomic():
                CatalogueVersion.objects.create(
                    catalogue_id=cid,
                    version=version,
                    kind=kind,
                    text=text,
                    change_note="Shipped with Putokaz.",
                )
            added += 1
        except IntegrityError:
            # Another process copied it at the same moment: the row is there, which is all
            # that matters.
            continue
    return added


def _rows() -> frozenset[_Key]:
    return frozenset(CatalogueVersion.objects.values_list("catalogue_id", "version", "digest"))


def db_registry() -> CatalogueRegistry:
    """Every catalogue version in the database, cross-checked, as the engine's registry.

    One small query per call (ids, versions and digests); texts are read and parsed only for
    rows this process has not seen.
    """
    keys = _rows()
    if not {(cid, v) for cid, v, _d in keys} >= set(_shipped_pairs()):
        catalogue_sync_shipped()
        keys = _rows()
    registry = _registries.get(keys)
    if registry is not None:
        return registry
    missing = {key for key in keys if key not in _documents}
    if missing:
        rows = CatalogueVersion.objects.filter(digest__in={d for _c, _v, d in missing})
        for cid, version, digest, text in rows.values_list(
            "catalogue_id", "version", "digest", "text"
        ):
            if (cid, version, digest) in missing:
                doc = load_catalogue_text(text=text, file=version_file_name(cid, version))
                with _lock:
                    _documents[(cid, version, digest)] = doc
    registry = CatalogueRegistry([_documents[key] for key in keys])
    with _lock:
        if len(_registries) > 16:
            _registries.clear()
        _registries[keys] = registry
    return registry


_shipped_pairs_cache: tuple[tuple[str, int], ...] | None = None


def _shipped_pairs() -> tuple[tuple[str, int], ...]:
    global _shipped_pairs_cache
    if _shipped_pairs_cache is None:
        _shipped_pairs_cache = tuple(_shipped())
    return _shipped_pairs_cache


def check_new_version(*, catalogue_id: str, version: int, text: str) -> Catalogue | FlagSet:
    """Validate a proposed version alone and together with every other version.

    Raises CatalogueError listing every problem (file, line, key), so the edit page can show
    them all and save nothing.
    """
    doc = load_catalogue_text(text=text, file=version_file_name(catalogue_id, version))
    current = db_registry()
    documents: list[Catalogue | FlagSet] = [doc]
    for cid in current.catalogue_ids():
        documents.extend(current.catalogue(cid, version=v) for v in current.catalogue_versions(cid))
    for fid in current.flag_set_ids():
        documents.extend(_flag_set_versions(current, fid))
    CatalogueRegistry(documents)  # raises on cross-file problems (unknown flag sets, …)
    return doc


def _flag_set_versions(registry: CatalogueRegistry, flag_set_id: str) -> list[FlagSet]:
    found = []
    for version in CatalogueVersion.objects.filter(catalogue_id=flag_set_id).values_list(
        "version", flat=True
    ):
        found.append(registry.flag_set(flag_set_id, version=version))
    return found
