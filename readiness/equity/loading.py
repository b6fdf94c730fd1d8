"""Loading the rule files: built-ins, then agency files laid over them, validated as a whole.

The built-in files (``facts.yaml``, ``domains.yaml``, ``channels.yaml``,
``catalogue.yaml`` in ``readiness/rules/``) are read with ``importlib.resources`` and
merged into one mapping. An agency file (chosen in Settings) holds only what it
changes: mappings merge key by key, and lists of entries with an ``id`` merge entry
by entry (a new id is added, ``remove: true`` takes one out); other values replace.
The merged whole is validated by the schema and the integrity checks. A broken
agency file is reported precisely (file and key path, e.g.
``agency.yaml: domains[connectivity].indicators[home_internet].weight: ...``) and
skipped, so the rules already in force stay in force.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readiness.equity.compiled import CompiledRules, compile_rules
from readiness.equity.schema import FORMAT, SCHEMA_VERSION, Channel, FactDef, Rule, RuleSet
from readiness.errors import ReadinessError
from readiness.files import escaped, shown_key

if TYPE_CHECKING:
    from pydantic import ValidationError

    from readiness.questionnaire.schema import Instrument, Item
    from readiness.thresholds import Thresholds

BUILTIN_FILES = ("facts.yaml", "domains.yaml", "channels.yaml", "catalogue.yaml")
SECTIONS = (
    "facts",
    "bands",
    "bands_source",
    "overall",
    "not_known",
    "domains",
    "channels",
    "catalogue",
)


class RulesError(ReadinessError):
    """A rule file is not valid; the message names the file and the key."""


@dataclass(frozen=True)
class Rules:
    """The rules in force: validated files, their thresholds, and where they came from."""

    ruleset: RuleSet
    thresholds: Thresholds
    origin: str = "built-in"
    facts: Mapping[str, FactDef] = field(default_factory=dict)
    channel_rules: Mapping[str, tuple[Rule, ...]] = field(default_factory=dict)
    """Each channel's rules with inheritance worked out, in order."""
    channel_requires: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Each channel's required facts with inheritance worked out."""

    @property
    def channels(self) -> tuple[Channel, ...]:
        return self.ruleset.channels

    @cached_property
    def compiled(self) -> CompiledRules:
        """Every condition compiled against ``thresholds`` (on first use, then kept)."""
        return compile_rules(self.ruleset, self.channel_rules, self.thresholds)


def _resolve_channels(ruleset: RuleSet) -> dict[str, tuple[Rule, ...]]:
    resolved: dict[str, tuple[Rule, ...]] = {}
    for channel in ruleset.channels:
        own = {rule.id for rule in channel.rules}
        base = resolved.get(channel.inherits or "", ())
        kept = tuple(r for r in base if r.id not in channel.drop and r.id not in own)
        resolved[channel.id] = kept + channel.rules
    return resolved


def _resolve_requires(ruleset: RuleSet) -> dict[str, tuple[str, ...]]:
    resolved: dict[str, tuple[str, ...]] = {}
    for channel in ruleset.channels:
        inherited = resolved.get(channel.inherits or "", ())
        resolved[channel.id] = channel.requires if channel.requires is not None else inherited
    return resolved


def build_rules(ruleset: RuleSet, thresholds: Thresholds, origin: str) -> Rules:
    return Rules(
        ruleset=ruleset,
        thresholds=thresholds,
        origin=origin,
        facts={fact.id: fact for fact in ruleset.facts},
        channel_rules=_resolve_channels(ruleset),
        channel_requires=_resolve_requires(ruleset),
    )


# -- merging -----------------------------------------------------------------------


def merge(base: Any, override: Any) -> Any:
    """``override`` laid over ``base``: mappings by key, lists of ``id`` entries by id."""
    if isinstance(base, Mapping) and isinstance(override, Mapping):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = merge(base[key], value) if key in base else value
        return merged
    if _entries(base) and _entries(override):
        result = [dict(entry) for entry in base]
        index = {entry["id"]: i for i, entry in enumerate(result)}
        removed: set[str] = set()
        for entry in override:
            entry_id = entry["id"]
            if entry.get("remove") is True:
                removed.add(entry_id)
            elif entry_id in index:
                result[index[entry_id]] = merge(result[index[entry_id]], entry)
            else:
                index[entry_id] = len(result)
                result.append(dict(entry))
        return [entry for entry in result if entry["id"] not in removed]
    return override


def _entries(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(entry, Mapping) and isinstance(entry.get("id"), str) for entry in value)
    )


# -- locating errors ---------------------------------------------------------------


def key_path(data: Any, location: Sequence[int | str]) -> str:
    """A pydantic location as a readable path: list positions become entry ids."""
    parts: list[str] = []
    node = data
    for step in location:
        if isinstance(step, int) and isinstance(node, list) and 0 <= step < len(node):
            entry = node[step]
            label = entry.get("id") if isinstance(entry, Mapping) else None
            label = label or (entry.get("fact") if isinstance(entry, Mapping) else None)
            parts.append(f"[{shown_key(label)}]" if isinstance(label, str) else f"[{step}]")
            node = entry
        elif isinstance(step, str) and isinstance(node, Mapping):
            parts.append(f".{shown_key(step)}" if parts else shown_key(step))
            node = node.get(step)
        else:
            parts.append(f".{shown_key(step)}" if parts else shown_key(step))
            node = None
    return "".join(parts) or "(top level)"


def _first_error(exc: ValidationError, data: Any, name: str) -> RulesError:
    errors = exc.errors(include_url=False)
    error = errors[0]
    location = [step for step in error["loc"] if not _is_union_tag(step)]
    message = escaped(str(error["msg"]).removeprefix("Value error, "))  # it may quote the file
    more = len(errors) - 1
    extra = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return RulesError(f"{name}: {key_path(data, location)}: {message}{extra}")


def _is_union_tag(step: int | str) -> bool:
    return isinstance(step, str) and ("[" in step or step in ("function-plain", "float"))


def validate(
    data: Mapping[str, Any],
    name: str,
    thresholds: Thresholds,
    items: Mapping[str, Item] | None,
) -> RuleSet:
    """The merged rule data as a ``RuleSet``; ``RulesError`` names ``name`` and the key."""
    from pydantic import ValidationError

    from readiness.equity.integrity import problems as integrity_problems

    try:
        ruleset = RuleSet.model_validate(data)
    except ValidationError as exc:
        raise _first_error(exc, data, name) from None
    found = integrity_problems(ruleset, thresholds, items)
    if found:
        where, message = found[0]
        more = f" (and {len(found) - 1} more problems)" if len(found) > 1 else ""
        raise RulesError(f"{name}: {where}: {escaped(message)}{more}")  # it may quote the file
    return ruleset


# -- files ---------------------------------------------------------------------------


def parse_rule_text(text: str, name: str, *, builtin: bool = False) -> dict[str, Any]:
    """Plain data from one rule file's text, with its header checked."""
    from readiness.questionnaire.loader import parse_text

    kind = "json" if name.lower().endswith(".json") else "yaml"
    data, found = parse_text(text, name, kind)
    if found:
        raise RulesError(str(found[0]))
    if not isinstance(data, dict):
        raise RulesError(f"{name}: expected a mapping of keys at the top level")
    if data.get("format") != FORMAT:
        raise RulesError(f"{name}: key 'format' must be '{FORMAT}'")
    if "schema_version" not in data:
        raise RulesError(f"{name}: key 'schema_version' is missing")
    if data["schema_version"] != SCHEMA_VERSION:
        raise RulesError(
            f"{name}: key 'schema_version': this version of Readiness reads {SCHEMA_VERSION}"
        )
    unknown = [key for key in data if key not in (*SECTIONS, "format", "schema_version")]
    if unknown:
        raise RulesError(
            f"{name}: key '{shown_key(unknown[0])}' is not a rules section "
            f"(use {', '.join(SECTIONS)})"
        )
    if not builtin:
        _check_removals(data, name)
    return {key: value for key, value in data.items() if key != "format"}


def _check_removals(data: Any, name: str, path: str = "") -> None:
    """``remove: true`` is only for entries with an id, and alone with it."""
    if isinstance(data, Mapping):
        if "remove" in data and (set(data) != {"id", "remove"} or data["remove"] is not True):
            raise RulesError(f"{name}: {path or '(top level)'}: use only 'id' with 'remove: true'")
        for key, value in data.items():
            _check_removals(value, name, f"{path}.{shown_key(key)}" if path else shown_key(key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            label = value.get("id") if isinstance(value, Mapping) else None
            shown = shown_key(label) if isinstance(label, str) else index
            _check_removals(value, name, f"{path}[{shown}]")


def read_rule_file(path: Path) -> dict[str, Any]:
    """An agency rules file as plain data; every problem is a ``RulesError`` naming the file."""
    from readiness.files import RULES, read_text_file

    text = read_text_file(path, RULES, error=RulesError)
    return parse_rule_text(text, str(path))


@cache
def builtin_data() -> dict[str, Any]:
    """The built-in rule files merged into one mapping (read once)."""
    merged: dict[str, Any] = {}
    folder = resources.files("readiness.rules")
    for file_name in BUILTIN_FILES:
        text = folder.joinpath(file_name).read_text(encoding="utf-8")
        data = parse_rule_text(text, f"built-in {file_name}", builtin=True)
        clash = [key for key in data if key in merged and key != "schema_version"]
        if clash:
            raise RulesError(f"built-in {file_name}: section '{clash[0]}' is defined twice")
        merged.update(data)
    return merged


def _builtin_definitions(thresholds: Thresholds, instruments: tuple[Instrument, ...]) -> bool:
    """Whether these are the built-in thresholds and questionnaires (the very objects)."""
    from readiness.questionnaire.loader import load_builtin
    from readiness.thresholds import builtin_thresholds

    builtin = load_builtin().instruments
    return (
        thresholds is builtin_thresholds()
        and len(instruments) == len(builtin)
        and all(given is known for given, known in zip(instruments, builtin, strict=True))
    )


@cache
def builtin_ruleset() -> RuleSet:
    """The built-in rules validated against the built-in thresholds and questionnaires:
    once per content of all three, kept in the definitions cache, then once per process."""
    from readiness.definitions_cache import cached, classes_in
    from readiness.equity import conditions, schema
    from readiness.questionnaire.loader import builtin_files, load_builtin
    from readiness.thresholds import builtin_file, builtin_thresholds

    folder = resources.files("readiness.rules")
    files = [(name, folder.joinpath(name).read_bytes()) for name in BUILTIN_FILES]
    sources = [("schema", str(SCHEMA_VERSION).encode()), *files, builtin_file(), *builtin_files()]

    def build() -> RuleSet:
        items = items_of(load_builtin().instruments)
        return validate(builtin_data(), "built-in rules", builtin_thresholds(), items)

    return cached("rules", sources, build, classes_in(vars(schema), vars(conditions)))


def items_of(instruments: Iterable[Instrument]) -> dict[str, Item]:
    return {item.id: item for instrument in instruments for item in instrument.items()}


def load_rules(
    override_paths: Iterable[Path] = (),
    *,
    thresholds: Thresholds,
    instruments: Iterable[Instrument] | None = None,
) -> tuple[Rules, tuple[str, ...]]:
    """The built-in rules with each agency file laid over them, and a warning per bad file.

    A file that cannot be read or makes the rules invalid is skipped with a message
    naming the file and key; the rules in force before it stay in force. The
    built-ins themselves are trusted (tests check them) and raise ``RulesError``.
    """
    given = tuple(instruments) if instruments is not None else None
    items = items_of(given) if given is not None else None
    if given is not None and _builtin_definitions(thresholds, given):
        ruleset = builtin_ruleset()
    else:
        ruleset = validate(builtin_data(), "built-in rules", thresholds, items)
    origins = ["built-in"]
    warnings: list[str] = []
    data: Mapping[str, Any] | None = None
    for path in override_paths:
        try:
            if data is None:
                data = builtin_data()
            merged = merge(data, read_rule_file(path))
            ruleset = validate(merged, str(path), thresholds, items)
        except RulesError as exc:
            said = escaped(str(exc), 2000)  # one line, whatever a check quoted from the file
            warnings.append(f"{said}; this file was skipped and the rules before it stay in force")
            continue
        data = merged
        origins.append(str(path))
    return build_rules(ruleset, thresholds, " + ".join(origins)), tuple(warnings)
