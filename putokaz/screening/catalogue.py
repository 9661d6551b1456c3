"""Indicator catalogues and flag sets: the file format, its validator and the loaded objects.

A catalogue file is YAML. It is validated here, in plain Python, so every problem is reported
with the file, the line and the key path an administrator has to fix, for example::

    ilo-ec-2009-adult-labour.yaml line 42: indicators[3].strength: 'strongg' is not one of
    strong, medium, weak

All problems in a file are collected before raising, so one round of fixes is enough. The
format is described in docs/screening.md.
"""

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

import yaml

from putokaz.screening.languages import LANGUAGE_BY_CODE
from putokaz.screening.rules import DIMENSION_ID, Node, RuleError, parse_rule
from putokaz.screening.sources import KNOWN_SOURCE_IDS

CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogues"

STRENGTHS = ("strong", "medium", "weak")
VERIFICATION_STATUSES = ("verified", "secondary", "provisional")
AGES = ("adult", "child")
EXPLOITATION_TYPES = ("labour", "sexual")
OUTCOMES = ("possible_trafficking", "exploitation_indicators", "insufficient_indicators")
KINDS = ("indicators", "flags")
FLAG_BASES = ("published", "derived")

# Kinds of service a screening can recommend. The service directory (referrals app) maps each
# code to the organisations that provide it; the codes are kept small and stable on purpose.
REFERRAL_SERVICES: Mapping[str, str] = {
    "formal-identification": "Formal identification by the national identification centre",
    "child-protection": "Child protection: guardian and centre for social work",
    "safe-accommodation": "Safe accommodation",
    "health-care": "Health care",
    "psychosocial-support": "Psychosocial support",
    "legal-aid": "Legal aid",
    "labour-rights": "Labour-rights advice or labour inspection",
    "gbv-specialist": "Specialist support for survivors of gender-based violence",
    "asylum-information": "Information on asylum and legal status",
    "family-tracing": "Family tracing and reunification",
    "interpretation": "Interpretation and cultural mediation",
    "disability-support": "Disability support",
    "digital-safety": "Digital safety: securing phone and accounts, removing images",
    "rescreen": "Screen again at a later contact",
}

_CATALOGUE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_ITEM_ID = re.compile(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\Z")
_FLAG_SET_REF = re.compile(r"([a-z0-9]+(?:-[a-z0-9]+)*)(?:@([1-9][0-9]*))?\Z")

Path_ = tuple[str | int, ...]

# libyaml's loader keeps the same marks and is about ten times faster on these large files.
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# ---------------------------------------------------------------------------------------------
# Loaded objects


@dataclass(frozen=True)
class LanguageBlock:
    code: str
    reviewed_by_native_speaker: bool
    note: str | None = None


@dataclass(frozen=True)
class AppliesTo:
    ages: frozenset[str]
    exploitation: frozenset[str]

    def covers(self, *, age: str, exploitation: str) -> bool:
        return age in self.ages and exploitation in self.exploitation


@dataclass(frozen=True)
class Dimension:
    id: str
    name: Mapping[str, str]


@dataclass(frozen=True)
class Indicator:
    id: str
    dimension: str
    strength: str
    applies_to: AppliesTo
    sources: tuple[str, ...]
    verification: str
    label: str
    question: Mapping[str, str]
    note: str | None = None

    @property
    def provisional(self) -> bool:
        return self.verification == "provisional"


@dataclass(frozen=True)
class ExcludedIndicator:
    """An id of the same item bank that this list deliberately leaves out."""

    id: str
    note: str


@dataclass(frozen=True)
class CombinationRule:
    expression: str
    tree: Node = field(compare=False)
    exploitation_dimension: str
    verification: str
    sources: tuple[str, ...]
    note: str | None = None


@dataclass(frozen=True)
class FlagSetRef:
    id: str
    version: int | None


@dataclass(frozen=True)
class Catalogue:
    id: str
    version: int
    title: Mapping[str, str]
    languages: Mapping[str, LanguageBlock]
    family: str
    age: str
    exploitation: str
    weights_status: str
    dimensions: tuple[Dimension, ...]
    indicators: tuple[Indicator, ...]
    excluded_indicators: tuple[ExcludedIndicator, ...]
    rule: CombinationRule
    referrals: Mapping[str, tuple[str, ...]]
    flag_sets: tuple[FlagSetRef, ...]
    notes: tuple[str, ...]
    source_file: str

    kind = "indicators"

    @functools.cached_property
    def indicator_by_id(self) -> Mapping[str, Indicator]:
        return {indicator.id: indicator for indicator in self.indicators}

    @functools.cached_property
    def dimension_by_id(self) -> Mapping[str, Dimension]:
        return {dimension.id: dimension for dimension in self.dimensions}

    @property
    def provisional(self) -> bool:
        """True when any weight or the rule is provisional; admins must see this."""
        return self.weights_status == "provisional" or self.rule.verification == "provisional"

    @property
    def provisional_indicator_ids(self) -> tuple[str, ...]:
        return tuple(indicator.id for indicator in self.indicators if indicator.provisional)

    @property
    def unreviewed_languages(self) -> tuple[str, ...]:
        return tuple(
            code for code, block in self.languages.items() if not block.reviewed_by_native_speaker
        )


@dataclass(frozen=True)
class FlagFeed:
    """A flag answered yes counts as this ILO/EC indicator: a project mapping, not ILO's."""

    indicator: str
    basis: str
    note: str | None = None


@dataclass(frozen=True)
class Flag:
    id: str
    label: str
    question: Mapping[str, str]
    applies_to: AppliesTo
    sources: tuple[str, ...]
    verification: str
    basis: str
    feeds: tuple[FlagFeed, ...]
    informs: tuple[str, ...]
    referrals: tuple[str, ...]
    note: str | None = None


@dataclass(frozen=True)
class FlagSet:
    id: str
    version: int
    title: Mapping[str, str]
    languages: Mapping[str, LanguageBlock]
    flags: tuple[Flag, ...]
    notes: tuple[str, ...]
    source_file: str

    kind = "flags"

    @functools.cached_property
    def flag_by_id(self) -> Mapping[str, Flag]:
        return {flag.id: flag for flag in self.flags}

    @property
    def unreviewed_languages(self) -> tuple[str, ...]:
        return tuple(
            code for code, block in self.languages.items() if not block.reviewed_by_native_speaker
        )


# ---------------------------------------------------------------------------------------------
# Errors


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file} line {self.line}" if self.line is not None else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class CatalogueError(ValueError):
    """A catalogue file (or a set of them) is invalid; `problems` lists every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class UnknownCatalogueError(LookupError):
    def __init__(self, catalogue_id: str, version: int | None = None) -> None:
        self.catalogue_id = catalogue_id
        self.version = version
        suffix = f" version {version}" if version is not None else ""
        super().__init__(f"unknown catalogue {catalogue_id!r}{suffix}")

    def __str__(self) -> str:
        return str(self.args[0])


# ---------------------------------------------------------------------------------------------
# YAML with line numbers


def _format_path(path: Path_) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


class _Composer:
    """Turns a composed YAML node tree into plain data plus the line of every key path."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[Path_, int] = {}
        self.problems: list[Problem] = []
        self._scalars = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self._scalars.construct_object(key_node)
                if not isinstance(key, str | int) or isinstance(key, bool):
                    self.problems.append(
                        Problem(
                            self.file,
                            key_node.start_mark.line + 1,
                            _format_path(path),
                            f"keys must be text, not {key!r}",
                        )
                    )
                    continue
                key = str(key)
                if key in out:
                    self.problems.append(
                        Problem(
                            self.file,
                            key_node.start_mark.line + 1,
                            _format_path((*path, key)),
                            "duplicate key",
                        )
                    )
                    continue
                out[key] = self.build(value_node, (*path, key))
                # A nested block starts on the line after its key; people look for the key.
                self.lines[(*path, key)] = key_node.start_mark.line + 1
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalars.construct_object(node)


def _load_yaml(text: str, file: str) -> tuple[Any, dict[Path_, int], list[Problem]]:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        message = " ".join(part for part in (exc.context, exc.problem) if part)
        return None, {}, [Problem(file, line, "", f"not valid YAML: {message}")]
    if node is None:
        return None, {}, [Problem(file, 1, "", "the file is empty")]
    composer = _Composer(file)
    data = composer.build(node, ())
    return data, composer.lines, composer.problems


# ---------------------------------------------------------------------------------------------
# Validation


class _Checker:
    def __init__(self, file: str, lines: dict[Path_, int], problems: list[Problem]) -> None:
        self.file = file
        self.lines = lines
        self.problems = problems
        self.languages: tuple[str, ...] = ("en",)
        self.missing: set[Path_] = set()

    def fail(self, path: Path_, message: str) -> None:
        if path in self.missing:
            return  # already reported as a missing key; one message per mistake
        probe = path
        while probe and probe not in self.lines:
            probe = probe[:-1]
        self.problems.append(Problem(self.file, self.lines.get(probe), _format_path(path), message))

    def mapping(
        self, value: Any, path: Path_, *, required: Sequence[str], optional: Sequence[str] = ()
    ) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.fail(path, f"expected a mapping, got {_describe(value)}")
            return None
        for key in required:
            if key not in value:
                self.fail(path, f"missing required key {key!r}")
                self.missing.add((*path, key))
        allowed = set(required) | set(optional)
        for key in value:
            if key not in allowed:
                self.fail(
                    (*path, key), f"unknown key {key!r}; allowed: {', '.join(sorted(allowed))}"
                )
        return value

    def string(
        self, value: Any, path: Path_, *, pattern: re.Pattern[str] | None = None
    ) -> TypeGuard[str]:
        if not isinstance(value, str) or not value.strip():
            self.fail(path, f"expected non-empty text, got {_describe(value)}")
            return False
        if pattern is not None and not pattern.match(value):
            self.fail(path, f"{value!r} is not a valid id")
            return False
        return True

    def choice(self, value: Any, path: Path_, choices: Sequence[str]) -> TypeGuard[str]:
        if value not in choices:
            self.fail(path, f"{value!r} is not one of {', '.join(choices)}")
            return False
        return True

    def choices(self, value: Any, path: Path_, choices: Sequence[str]) -> bool:
        if not isinstance(value, list) or not value:
            self.fail(path, f"expected a non-empty list of {', '.join(choices)}")
            return False
        return all(self.choice(item, (*path, i), choices) for i, item in enumerate(value))

    def version(self, value: Any, path: Path_) -> bool:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.fail(path, f"expected a whole number of 1 or more, got {_describe(value)}")
            return False
        return True

    def boolean(self, value: Any, path: Path_) -> bool:
        if not isinstance(value, bool):
            self.fail(path, f"expected true or false, got {_describe(value)}")
            return False
        return True

    def texts(self, value: Any, path: Path_) -> bool:
        """A text in every declared language, and only in those."""
        if not isinstance(value, dict):
            self.fail(path, f"expected a text per language, got {_describe(value)}")
            return False
        ok = True
        for code in self.languages:
            if code not in value:
                self.fail(path, f"missing the {code!r} text")
                ok = False
        for code, text in value.items():
            if code not in self.languages:
                self.fail((*path, code), f"language {code!r} is not declared in languages")
                ok = False
            elif not self.string(text, (*path, code)):
                ok = False
        return ok

    def sources(self, value: Any, path: Path_, *, allow_empty: bool = False) -> bool:
        if not isinstance(value, list) or (not value and not allow_empty):
            self.fail(path, "expected a non-empty list of source ids from sources.md")
            return False
        ok = True
        for i, source in enumerate(value):
            if source not in KNOWN_SOURCE_IDS:
                self.fail((*path, i), f"unknown source id {source!r} (see reference/sources.md)")
                ok = False
        return ok

    def referral_list(self, value: Any, path: Path_) -> bool:
        if not isinstance(value, list):
            self.fail(path, f"expected a list of referral services, got {_describe(value)}")
            return False
        ok = True
        for i, code in enumerate(value):
            if code not in REFERRAL_SERVICES:
                self.fail(
                    (*path, i),
                    f"{code!r} is not a referral service; known: {', '.join(REFERRAL_SERVICES)}",
                )
                ok = False
        return ok

    def notes(self, value: Any, path: Path_) -> bool:
        if not isinstance(value, list):
            self.fail(path, "expected a list of notes")
            return False
        return all(self.string(note, (*path, i)) for i, note in enumerate(value))

    def optional_note(self, value: Any, path: Path_) -> bool:
        return value is None or self.string(value, path)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _check_header(c: _Checker, doc: dict[str, Any], file_stem: str) -> None:
    if c.string(doc.get("id"), ("id",), pattern=_CATALOGUE_ID) and c.version(
        doc.get("version"), ("version",)
    ):
        stems = {doc["id"], f"{doc['id']}.v{doc['version']}"}
        if file_stem not in stems:
            c.fail(("id",), f"{doc['id']!r} does not match the file name {file_stem!r}")
    languages = doc.get("languages")
    if isinstance(languages, dict) and languages:
        for code, block in languages.items():
            path: Path_ = ("languages", code)
            if code not in LANGUAGE_BY_CODE:
                c.fail(path, f"unknown language {code!r}; known: {', '.join(LANGUAGE_BY_CODE)}")
                continue
            block = c.mapping(
                block, path, required=("reviewed_by_native_speaker",), optional=("note",)
            )
            if block is not None:
                c.boolean(
                    block.get("reviewed_by_native_speaker"), (*path, "reviewed_by_native_speaker")
                )
                c.optional_note(block.get("note"), (*path, "note"))
        if "en" not in languages:
            c.fail(("languages",), "English ('en') is required: it is the reference text")
        c.languages = tuple(code for code in languages if code in LANGUAGE_BY_CODE)
    else:
        c.fail(("languages",), "expected a mapping of language codes")
    c.texts(doc.get("title"), ("title",))
    c.notes(doc.get("notes", []), ("notes",))


def _check_applies_to(c: _Checker, value: Any, path: Path_) -> None:
    block = c.mapping(value, path, required=("age", "exploitation"))
    if block is not None:
        c.choices(block.get("age"), (*path, "age"), AGES)
        c.choices(block.get("exploitation"), (*path, "exploitation"), EXPLOITATION_TYPES)


_INDICATOR_CATALOGUE_KEYS = (
    "kind",
    "id",
    "version",
    "title",
    "languages",
    "family",
    "age",
    "exploitation",
    "weights_status",
    "dimensions",
    "indicators",
    "rule",
    "referrals",
)


def _check_indicator_catalogue(c: _Checker, doc: dict[str, Any]) -> None:
    c.choice(doc.get("age"), ("age",), AGES)
    c.choice(doc.get("exploitation"), ("exploitation",), EXPLOITATION_TYPES)
    family = doc.get("family")
    if c.string(family, ("family",)):
        if family.count("*") != 1:
            c.fail(("family",), f"{family!r} must contain one '*' where adult or child goes")
        elif doc.get("age") in AGES and doc.get("id") != family.replace("*", doc["age"]):
            c.fail(
                ("family",),
                f"{family!r} with age {doc['age']!r} does not give id {doc.get('id')!r}",
            )

    dimension_ids: list[str] = []
    dimensions = doc.get("dimensions")
    if not isinstance(dimensions, list) or not dimensions:
        c.fail(("dimensions",), "expected a non-empty list of dimensions")
        dimensions = []
    for i, dim in enumerate(dimensions):
        path: Path_ = ("dimensions", i)
        block = c.mapping(dim, path, required=("id", "name"))
        if block is None:
            continue
        if c.string(block.get("id"), (*path, "id"), pattern=DIMENSION_ID):
            if block["id"] in dimension_ids:
                c.fail((*path, "id"), f"duplicate dimension {block['id']!r}")
            dimension_ids.append(block["id"])
        c.texts(block.get("name"), (*path, "name"))

    verifications: dict[str, list[str]] = {status: [] for status in VERIFICATION_STATUSES}
    seen: set[str] = set()
    indicators = doc.get("indicators")
    if not isinstance(indicators, list) or not indicators:
        c.fail(("indicators",), "expected a non-empty list of indicators")
        indicators = []
    for i, item in enumerate(indicators):
        path = ("indicators", i)
        block = c.mapping(
            item,
            path,
            required=(
                "id",
                "dimension",
                "strength",
                "applies_to",
                "sources",
                "verification",
                "label",
                "question",
            ),
            optional=("note",),
        )
        if block is None:
            continue
        if c.string(block.get("id"), (*path, "id"), pattern=_ITEM_ID):
            if block["id"] in seen:
                c.fail((*path, "id"), f"duplicate indicator id {block['id']!r}")
            seen.add(block["id"])
        if block.get("dimension") not in dimension_ids:
            c.fail(
                (*path, "dimension"),
                f"{block.get('dimension')!r} is not one of the dimensions "
                f"{', '.join(dimension_ids)}",
            )
        c.choice(block.get("strength"), (*path, "strength"), STRENGTHS)
        _check_applies_to(c, block.get("applies_to"), (*path, "applies_to"))
        applies = block.get("applies_to")
        if (
            isinstance(applies, dict)
            and isinstance(applies.get("age"), list)
            and isinstance(applies.get("exploitation"), list)
            and (
                doc.get("age") not in applies["age"]
                or doc.get("exploitation") not in applies["exploitation"]
            )
        ):
            c.fail(
                (*path, "applies_to"),
                f"does not cover this list ({doc.get('age')}, {doc.get('exploitation')})",
            )
        c.sources(block.get("sources"), (*path, "sources"))
        if c.choice(block.get("verification"), (*path, "verification"), VERIFICATION_STATUSES):
            verifications[block["verification"]].append(str(block.get("id")))
        c.string(block.get("label"), (*path, "label"))
        c.texts(block.get("question"), (*path, "question"))
        c.optional_note(block.get("note"), (*path, "note"))

    # The catalogue-level status is what the admin list shows, so it must not look better than
    # the weakest indicator in it.
    status = doc.get("weights_status")
    if c.choice(status, ("weights_status",), VERIFICATION_STATUSES) and indicators:
        weakest = (
            next(s for s in reversed(VERIFICATION_STATUSES) if verifications[s])
            if any(verifications.values())
            else status
        )
        if status != weakest:
            ids = verifications[weakest]
            shown = ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
            c.fail(("weights_status",), f"is {status!r} but indicators {shown} are {weakest!r}")

    for i, item in enumerate(doc.get("excluded_indicators", []) or []):
        path = ("excluded_indicators", i)
        block = c.mapping(item, path, required=("id", "note"))
        if block is not None and c.string(block.get("id"), (*path, "id"), pattern=_ITEM_ID):
            if block["id"] in seen:
                c.fail((*path, "id"), f"{block['id']!r} is both listed and excluded")
            c.string(block.get("note"), (*path, "note"))

    rule = c.mapping(
        doc.get("rule"),
        ("rule",),
        required=("expression", "exploitation_dimension", "verification", "sources"),
        optional=("note",),
    )
    if rule is not None:
        if c.string(rule.get("expression"), ("rule", "expression")):
            try:
                parse_rule(rule["expression"], dimensions=dimension_ids)
            except RuleError as exc:
                c.fail(("rule", "expression"), str(exc))
        if rule.get("exploitation_dimension") not in dimension_ids:
            c.fail(
                ("rule", "exploitation_dimension"),
                f"{rule.get('exploitation_dimension')!r} is not one of the dimensions",
            )
        c.choice(rule.get("verification"), ("rule", "verification"), VERIFICATION_STATUSES)
        c.sources(rule.get("sources"), ("rule", "sources"))
        c.optional_note(rule.get("note"), ("rule", "note"))

    referrals = c.mapping(doc.get("referrals"), ("referrals",), required=OUTCOMES)
    if referrals is not None:
        for outcome in OUTCOMES:
            if outcome in referrals:
                c.referral_list(referrals[outcome], ("referrals", outcome))

    flag_sets = doc.get("flag_sets", [])
    if not isinstance(flag_sets, list):
        c.fail(("flag_sets",), "expected a list of flag set ids")
    else:
        for i, ref in enumerate(flag_sets):
            if not isinstance(ref, str) or not _FLAG_SET_REF.match(ref):
                c.fail(("flag_sets", i), f"{ref!r} is not a flag set id (optionally id@version)")


def _check_flag_set(c: _Checker, doc: dict[str, Any]) -> None:
    flags = doc.get("flags")
    if not isinstance(flags, list) or not flags:
        c.fail(("flags",), "expected a non-empty list of flags")
        return
    seen: set[str] = set()
    for i, item in enumerate(flags):
        path: Path_ = ("flags", i)
        block = c.mapping(
            item,
            path,
            required=(
                "id",
                "label",
                "question",
                "applies_to",
                "sources",
                "verification",
                "basis",
                "referrals",
            ),
            optional=("feeds", "informs", "note"),
        )
        if block is None:
            continue
        if c.string(block.get("id"), (*path, "id"), pattern=_ITEM_ID):
            if block["id"] in seen:
                c.fail((*path, "id"), f"duplicate flag id {block['id']!r}")
            seen.add(block["id"])
        c.string(block.get("label"), (*path, "label"))
        c.texts(block.get("question"), (*path, "question"))
        _check_applies_to(c, block.get("applies_to"), (*path, "applies_to"))
        verification_ok = c.choice(
            block.get("verification"), (*path, "verification"), VERIFICATION_STATUSES
        )
        # An item with no retrieved source can only be carried as provisional.
        c.sources(
            block.get("sources"),
            (*path, "sources"),
            allow_empty=verification_ok and block["verification"] == "provisional",
        )
        c.choice(block.get("basis"), (*path, "basis"), FLAG_BASES)
        c.referral_list(block.get("referrals"), (*path, "referrals"))
        c.optional_note(block.get("note"), (*path, "note"))
        informs = block.get("informs", [])
        if not isinstance(informs, list):
            c.fail((*path, "informs"), "expected a list of dimension ids")
        else:
            for j, dim in enumerate(informs):
                if not isinstance(dim, str) or not DIMENSION_ID.match(dim):
                    c.fail((*path, "informs", j), f"{dim!r} is not a dimension id (like D1)")
        feeds = block.get("feeds", [])
        if not isinstance(feeds, list):
            c.fail((*path, "feeds"), "expected a list of indicators this flag counts as")
            continue
        fed_dimensions: dict[str, str] = {}
        for j, feed in enumerate(feeds):
            feed_path: Path_ = (*path, "feeds", j)
            feed_block = c.mapping(
                feed, feed_path, required=("indicator", "basis"), optional=("note",)
            )
            if feed_block is None:
                continue
            # Mapping a flag onto the ILO/EC list is this project's reading, never ILO's.
            c.choice(feed_block.get("basis"), (*feed_path, "basis"), ("derived",))
            c.optional_note(feed_block.get("note"), (*feed_path, "note"))
            target = feed_block.get("indicator")
            if c.string(target, (*feed_path, "indicator"), pattern=_ITEM_ID):
                parts = target.split("-")
                dimension = parts[1] if len(parts) > 2 else target
                if dimension in fed_dimensions:
                    # One answer counted twice in a dimension would make it positive on its own.
                    c.fail(
                        (*feed_path, "indicator"),
                        f"{target!r} is in the same dimension as {fed_dimensions[dimension]!r}; "
                        "a flag may feed at most one indicator per dimension",
                    )
                fed_dimensions[dimension] = target


def _parse_document(text: str, *, file: str) -> Catalogue | FlagSet:
    data, lines, problems = _load_yaml(text, file)
    if data is None:
        raise CatalogueError(problems)
    c = _Checker(file, lines, problems)
    if not isinstance(data, dict):
        c.fail((), "the file must be a mapping at the top level")
        raise CatalogueError(problems)
    kind = data.get("kind")
    if not c.choice(kind, ("kind",), KINDS):
        raise CatalogueError(problems)
    stem = Path(file).name.removesuffix(".yaml").removesuffix(".yml")
    if kind == "indicators":
        c.mapping(
            data,
            (),
            required=_INDICATOR_CATALOGUE_KEYS,
            optional=("notes", "excluded_indicators", "flag_sets"),
        )
        _check_header(c, data, stem)
        _check_indicator_catalogue(c, data)
    else:
        c.mapping(
            data,
            (),
            required=("kind", "id", "version", "title", "languages", "flags"),
            optional=("notes",),
        )
        _check_header(c, data, stem)
        _check_flag_set(c, data)
    if problems:
        raise CatalogueError(problems)
    return _build_catalogue(data, file) if kind == "indicators" else _build_flag_set(data, file)


def _languages(data: dict[str, Any]) -> dict[str, LanguageBlock]:
    return {
        code: LanguageBlock(code, block["reviewed_by_native_speaker"], block.get("note"))
        for code, block in data["languages"].items()
    }


def _applies(data: dict[str, Any]) -> AppliesTo:
    return AppliesTo(frozenset(data["age"]), frozenset(data["exploitation"]))


def _build_catalogue(data: dict[str, Any], file: str) -> Catalogue:
    dimension_ids = [dim["id"] for dim in data["dimensions"]]
    rule = data["rule"]
    return Catalogue(
        id=data["id"],
        version=data["version"],
        title=dict(data["title"]),
        languages=_languages(data),
        family=data["family"],
        age=data["age"],
        exploitation=data["exploitation"],
        weights_status=data["weights_status"],
        dimensions=tuple(Dimension(dim["id"], dict(dim["name"])) for dim in data["dimensions"]),
        indicators=tuple(
            Indicator(
                id=item["id"],
                dimension=item["dimension"],
                strength=item["strength"],
                applies_to=_applies(item["applies_to"]),
                sources=tuple(item["sources"]),
                verification=item["verification"],
                label=item["label"],
                question=dict(item["question"]),
                note=item.get("note"),
            )
            for item in data["indicators"]
        ),
        excluded_indicators=tuple(
            ExcludedIndicator(item["id"], item["note"])
            for item in data.get("excluded_indicators", []) or []
        ),
        rule=CombinationRule(
            expression=rule["expression"],
            tree=parse_rule(rule["expression"], dimensions=dimension_ids),
            exploitation_dimension=rule["exploitation_dimension"],
            verification=rule["verification"],
            sources=tuple(rule["sources"]),
            note=rule.get("note"),
        ),
        referrals={outcome: tuple(data["referrals"][outcome]) for outcome in OUTCOMES},
        flag_sets=tuple(_flag_set_ref(ref) for ref in data.get("flag_sets", [])),
        notes=tuple(data.get("notes", [])),
        source_file=file,
    )


def _flag_set_ref(ref: str) -> FlagSetRef:
    match = _FLAG_SET_REF.match(ref)
    assert match is not None  # checked by the validator
    return FlagSetRef(match.group(1), int(match.group(2)) if match.group(2) else None)


def _build_flag_set(data: dict[str, Any], file: str) -> FlagSet:
    return FlagSet(
        id=data["id"],
        version=data["version"],
        title=dict(data["title"]),
        languages=_languages(data),
        flags=tuple(
            Flag(
                id=item["id"],
                label=item["label"],
                question=dict(item["question"]),
                applies_to=_applies(item["applies_to"]),
                sources=tuple(item["sources"]),
                verification=item["verification"],
                basis=item["basis"],
                feeds=tuple(
                    FlagFeed(feed["indicator"], feed["basis"], feed.get("note"))
                    for feed in item.get("feeds", [])
                ),
                informs=tuple(item.get("informs", [])),
                referrals=tuple(item["referrals"]),
                note=item.get("note"),
            )
            for item in data["flags"]
        ),
        notes=tuple(data.get("notes", [])),
        source_file=file,
    )


def load_catalogue_text(*, text: str, file: str) -> Catalogue | FlagSet:
    """Validate and load one catalogue or flag set from YAML text; `file` names it in errors."""
    return _parse_document(text, file=file)


def load_catalogue_file(*, path: Path) -> Catalogue | FlagSet:
    return _parse_document(path.read_text(encoding="utf-8"), file=path.name)


# ---------------------------------------------------------------------------------------------
# Registry


class CatalogueRegistry:
    """Every version of every catalogue and flag set, cross-checked against each other."""

    def __init__(self, documents: Sequence[Catalogue | FlagSet]) -> None:
        self._catalogues: dict[str, dict[int, Catalogue]] = {}
        self._flag_sets: dict[str, dict[int, FlagSet]] = {}
        problems: list[Problem] = []
        for doc in documents:
            store: dict[str, dict[int, Any]] = (
                self._catalogues if isinstance(doc, Catalogue) else self._flag_sets
            )
            versions = store.setdefault(doc.id, {})
            if doc.version in versions:
                problems.append(
                    Problem(
                        doc.source_file,
                        None,
                        "version",
                        f"{doc.id} version {doc.version} is also defined in "
                        f"{versions[doc.version].source_file}",
                    )
                )
            versions[doc.version] = doc
        known_indicators: set[str] = set()
        for catalogue_versions in self._catalogues.values():
            for catalogue in catalogue_versions.values():
                known_indicators.update(indicator.id for indicator in catalogue.indicators)
                known_indicators.update(item.id for item in catalogue.excluded_indicators)
        flag_owner: dict[str, str] = {}
        for versions in self._flag_sets.values():
            for flag_set in versions.values():
                for i, flag in enumerate(flag_set.flags):
                    owner = flag_owner.setdefault(flag.id, flag_set.id)
                    if owner != flag_set.id:
                        problems.append(
                            Problem(
                                flag_set.source_file,
                                None,
                                f"flags[{i}].id",
                                f"flag {flag.id!r} is also in flag set {owner!r}",
                            )
                        )
                    for j, feed in enumerate(flag.feeds):
                        if feed.indicator not in known_indicators:
                            problems.append(
                                Problem(
                                    flag_set.source_file,
                                    None,
                                    f"flags[{i}].feeds[{j}].indicator",
                                    f"{feed.indicator!r} is not an indicator of any catalogue",
                                )
                            )
        for versions in self._catalogues.values():
            for catalogue in versions.values():
                for i, ref in enumerate(catalogue.flag_sets):
                    if ref.id not in self._flag_sets or (
                        ref.version is not None and ref.version not in self._flag_sets[ref.id]
                    ):
                        problems.append(
                            Problem(
                                catalogue.source_file,
                                None,
                                f"flag_sets[{i}]",
                                f"unknown flag set {ref.id!r}",
                            )
                        )
        if problems:
            raise CatalogueError(problems)

    @classmethod
    def from_directory(cls, *, directory: Path = CATALOGUE_DIR) -> "CatalogueRegistry":
        documents: list[Catalogue | FlagSet] = []
        problems: list[Problem] = []
        for path in sorted(directory.glob("*.yaml")):
            try:
                documents.append(load_catalogue_file(path=path))
            except CatalogueError as exc:
                problems.extend(exc.problems)
        if problems:
            raise CatalogueError(problems)
        return cls(documents)

    def catalogue_ids(self) -> tuple[str, ...]:
        return tuple(sorted(self._catalogues))

    def flag_set_ids(self) -> tuple[str, ...]:
        return tuple(sorted(self._flag_sets))

    def catalogue(self, catalogue_id: str, *, version: int | None = None) -> Catalogue:
        versions = self._catalogues.get(catalogue_id)
        if not versions:
            raise UnknownCatalogueError(catalogue_id)
        if version is None:
            return versions[max(versions)]
        if version not in versions:
            raise UnknownCatalogueError(catalogue_id, version)
        return versions[version]

    def catalogue_versions(self, catalogue_id: str) -> tuple[int, ...]:
        if catalogue_id not in self._catalogues:
            raise UnknownCatalogueError(catalogue_id)
        return tuple(sorted(self._catalogues[catalogue_id]))

    def flag_set(self, flag_set_id: str, *, version: int | None = None) -> FlagSet:
        versions = self._flag_sets.get(flag_set_id)
        if not versions:
            raise UnknownCatalogueError(flag_set_id)
        if version is None:
            return versions[max(versions)]
        if version not in versions:
            raise UnknownCatalogueError(flag_set_id, version)
        return versions[version]

    def flag_sets_for(self, catalogue: Catalogue) -> tuple[FlagSet, ...]:
        return tuple(self.flag_set(ref.id, version=ref.version) for ref in catalogue.flag_sets)


@functools.lru_cache(maxsize=1)
def default_registry() -> CatalogueRegistry:
    """The catalogues shipped with Putokaz, loaded and validated once per process."""
    return CatalogueRegistry.from_directory()
