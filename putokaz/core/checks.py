from __future__ import annotations

from typing import Any

from django.core import checks


@checks.register(checks.Tags.database)
def master_key_matches_data(
    app_configs: Any, databases: Any = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """Refuse to run with a master key that cannot open the data already stored."""
    if not databases:
        return []
    from django.db import DatabaseError

    from putokaz.core.keys import current_master_key_id
    from putokaz.core.models import DataKey

    try:
        ids = set(
            DataKey.objects.filter(wrapped__isnull=False)
            .values_list("master_key_id", flat=True)
            .distinct()
        )
    except DatabaseError:
        return []  # not migrated yet
    current = current_master_key_id()
    foreign = sorted(ids - {current})
    if foreign:
        return [
            checks.Error(
                f"PUTOKAZ_MASTER_KEY (key id {current}) does not match the key the stored data keys "
                f"were wrapped with (key id {', '.join(foreign)}).",
                hint="Configure the master key this database was created with, or run `putokaz keys rotate`.",
                id="putokaz.E001",
            )
        ]
    return []
