"""Shared data for the framework-free screening tests.

A plain module rather than a conftest, so the tests also run with `--noconftest` where the
project's conftest needs Django settings that are not available.
"""

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


# A minimal valid catalogue; validation tests break one thing at a time and look for the
# line of the broken key with line_of().
MINIMAL = """\
kind: indicators
id: test-adult-labour
version: 1
family: test-*-labour
age: adult
exploitation: labour
title:
  en: Test list
  sr-latn: Probna lista
languages:
  en:
    reviewed_by_native_speaker: false
  sr-latn:
    reviewed_by_native_speaker: false
weights_status: secondary
dimensions:
  - id: D1
    name: {en: Recruitment, sr-latn: Vrbovanje}
  - id: D4
    name: {en: Exploitation, sr-latn: Iskorišćavanje}
indicators:
  - id: T-D1-01
    dimension: D1
    strength: strong
    applies_to: {age: [adult], exploitation: [labour]}
    sources: [SRC-ILO-2]
    verification: secondary
    label: Deceived
    question: {en: "Were you deceived?", sr-latn: "Da li ste bili prevareni?"}
  - id: T-D4-01
    dimension: D4
    strength: medium
    applies_to: {age: [adult], exploitation: [labour]}
    sources: [SRC-ILO-2]
    verification: secondary
    label: Low pay
    question: {en: "Were you paid little?", sr-latn: "Da li ste bili malo plaćeni?"}
rule:
  expression: D1 and D4
  exploitation_dimension: D4
  verification: secondary
  sources: [SRC-ILO-2]
referrals:
  possible_trafficking: [formal-identification]
  exploitation_indicators: [rescreen]
  insufficient_indicators: []
"""

MINIMAL_FLAGS = """\
kind: flags
id: test-flags
version: 1
title:
  en: Test flags
languages:
  en:
    reviewed_by_native_speaker: false
flags:
  - id: TF-01
    label: Held until paid
    question: {en: "Were you held until someone paid?"}
    applies_to: {age: [adult, child], exploitation: [labour, sexual]}
    sources: [SRC-IOM-DTM-1]
    verification: verified
    basis: derived
    feeds:
      - {indicator: T-D1-01, basis: derived}
    referrals: [safe-accommodation]
"""


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the n-th line containing `needle`."""
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[occurrence - 1]
