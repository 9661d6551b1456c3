"""Which interface translations a native speaker has reviewed.

Machine-made or non-native translations are shipped so that people can use the
system in their language, but administrators must see that they are unreviewed.
The status lives beside the catalogues in putokaz/locale/review_status.json.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

STATUS_FILE = Path(__file__).resolve().parent.parent / "locale" / "review_status.json"


@cache
def translation_review_status() -> dict[str, bool]:
    data = json.loads(STATUS_FILE.read_text(encoding="utf-8"))
    return {code: bool(entry.get("reviewed_by_native_speaker")) for code, entry in data.items()}
