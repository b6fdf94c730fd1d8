"""Instrument files to validated ``Instrument`` objects, collecting every problem per file.

A file goes through: the reader every file handed to the app goes through
(``readiness.files``: a regular file only, at most its size cap) -> UTF-8 text ->
YAML (``yaml.safe_load``: plain data only, so hostile tags are refused) or JSON ->
shape limits (depth, number of values, text keys) -> a duplicate-key scan -> the
pydantic schema -> answer sets -> the integrity checks. Anything wrong becomes a
``Problem`` naming the file, the item (or section or scale) and what is wrong;
loading never raises for a bad file. The app starts with the valid instruments and
tells the worker which files were skipped.

Built-in instruments are found with ``importlib.resources`` in the
``readiness_questionnaires`` package (the folder ``questionnaires/``); agency
instruments come from paths chosen in Settings.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readiness.errors import ReadinessError
from readiness.files import QUESTIONNAIRE, read_file_bytes
from readiness.questionnaire.integrity import Problem, instrument_problems, resolve_answer_sets
from readiness.questionnaire.locate import describe_validation_error, shape_problem
from readiness.questionnaire.schema import FORMAT, SCHEMA_VERSION, Instrument

if TYPE_CHECKING:
    import yaml

MAX_FILE_BYTES = QUESTIONNAIRE.max_bytes
"""Instrument files are a few kilobytes; anything this large is not one."""
MAX_PROBLEMS_PER_FILE = 50
SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}
BUILTIN_PACKAGE = "readiness_questionnaires"
"""The installed name of the folder ``questionnaires/`` (pyproject.toml, package-dir)."""
INTAKE_ORDER = ("access", "skills", "health_info", "comm", "preferences")
"""The order built-in instruments are asked in (easy, concrete questions first)."""


@dataclass(frozen=True)
class LoadReport:
    """The instruments that loaded, the problems of the files that did not, and sources."""

    instruments: tuple[Instrument, ...] = ()
    problems: tuple[Problem, ...] = ()
    sources: Mapping[str, str] = field(default_factory=dict)
    """Instrument id -> the file it came from."""

    @property
    def ok(self) -> bool:
        return not self.problems

    def instrument(self, instrument_id: str) -> Instrument | None:
        return next((i for i in self.instruments if i.id == instrument_id), None)

    def skipped_files(self) -> tuple[str, ...]:
        """Files that were skipped, each once, in the order met."""
        return tuple(dict.fromkeys(problem.file for problem in self.problems))

    def merged(self, other: LoadReport) -> LoadReport:
        """This report plus ``other``; an instrument whose id is already here is skipped."""
        instruments = list(self.instruments)
        problems = list(self.problems)
        sources = dict(self.sources)
        for instrument in other.instruments:
            source = other.sources.get(instrument.id, "?")
            if instrument.id in sources:
                problems.append(_clash(source, instrument.id, sources[instrument.id]))
                continue
            instruments.append(instrument)
            sources[instrument.id] = source
        problems.extend(other.problems)
        return LoadReport(tuple(instruments), tuple(problems), sources)


def _clash(source: str, instrument_id: str, other: str) -> Problem:
    return Problem(
        source, f"instrument id '{instrument_id}' is already used by {other}; file skipped"
    )


def parse_text(text: str, source: str, kind: str = "yaml") -> tuple[Any, list[Problem]]:
    """Plain data from YAML or JSON text, or the problems that stop it being read."""
    import yaml

    from readiness import safe_yaml

    try:
        if kind == "json":
            data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
        else:
            data = safe_yaml.load(text)
    except safe_yaml.YAMLLimitError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}: " if mark is not None else ""
        return None, [Problem(source, f"{where}{exc.problem}")]
    except yaml.MarkedYAMLError as exc:
        return None, [Problem(source, _yaml_message(exc))]
    except yaml.YAMLError as exc:
        return None, [Problem(source, f"not valid YAML ({exc})")]
    except json.JSONDecodeError as exc:
        return None, [
            Problem(source, f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})")
        ]
    except RecursionError:
        return None, [Problem(source, "nested too deeply to be a questionnaire")]
    except (ValueError, TypeError) as exc:  # huge integers, impossible dates, duplicate keys
        return None, [Problem(source, f"cannot be read: {str(exc)[:200]}")]
    problem = shape_problem(data)
    if problem is None and kind != "json":
        problem = _duplicate_yaml_key(text)
    return (None, [Problem(source, problem)]) if problem else (data, [])


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the key '{key}' appears twice in the same object")
        result[key] = value
    return result


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    mark = exc.problem_mark or exc.context_mark
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
    problem = exc.problem or exc.context or "unreadable"
    return f"not valid YAML ({where}{problem})"


def _duplicate_yaml_key(text: str) -> str | None:
    """A repeated key in one YAML mapping (``yaml.safe_load`` silently keeps the last)."""
    import yaml

    from readiness import safe_yaml

    root = safe_yaml.compose(text)
    seen: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                    if key.value in keys:
                        line = key.start_mark.line + 1
                        return f"line {line}: the key '{key.value}' appears twice in one mapping"
                    keys.add(key.value)
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return None


def load_data(data: Any, source: str) -> tuple[Instrument | None, list[Problem]]:
    """Validate plain data into an Instrument; ``source`` names it in problems."""
    from pydantic import ValidationError

    if not isinstance(data, dict):
        return None, [Problem(source, "not a questionnaire: expected a mapping at the top level")]
    if data.get("format") != FORMAT:
        return None, [Problem(source, f"not a questionnaire: 'format' must be '{FORMAT}'")]
    version = data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        return None, [
            Problem(
                source,
                f"written for a newer version of Readiness (schema {version}); "
                f"this version reads schema {SCHEMA_VERSION}",
            )
        ]
    try:
        instrument = Instrument.model_validate(data)
    except ValidationError as exc:
        problems = [
            Problem(source, message, item_id, where)
            for where, item_id, message in describe_validation_error(exc, data)
        ]
        return None, problems[:MAX_PROBLEMS_PER_FILE]
    instrument, problems = resolve_answer_sets(instrument, source)
    if not problems:  # without the options, later checks would only repeat the same problem
        problems = instrument_problems(instrument, source)
    if problems:
        return None, problems[:MAX_PROBLEMS_PER_FILE]
    return instrument, []


def load_text(
    text: str, source: str, kind: str = "yaml"
) -> tuple[Instrument | None, list[Problem]]:
    """An Instrument from YAML or JSON text, or the problems found."""
    data, problems = parse_text(text, source, kind)
    if problems:
        return None, problems
    return load_data(data, source)


def load_bytes(raw: bytes, source: str, kind: str) -> tuple[Instrument | None, list[Problem]]:
    """An Instrument from the bytes of a file (UTF-8, a byte-order mark allowed)."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(source, f"too large (over {MAX_FILE_BYTES // 1024} KB)")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [Problem(source, "not a text file (expected UTF-8 YAML or JSON)")]
    return load_text(text, source, kind)


def load_file(path: Path) -> tuple[Instrument | None, list[Problem]]:
    """An Instrument from a ``.yaml``, ``.yml`` or ``.json`` file."""
    source = str(path)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        return None, [Problem(source, "not a questionnaire file (expected .yaml, .yml or .json)")]
    try:  # a regular file only (never a pipe or a device), at most its size cap
        raw = read_file_bytes(path, QUESTIONNAIRE)
    except ReadinessError as exc:
        return None, [Problem(source, str(exc).removeprefix(f"{source}: "))]
    return load_bytes(raw, source, kind)


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files named directly, plus the instrument files inside named folders (sorted)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())
            )
        else:
            files.append(path)
    return files


def load_paths(paths: Iterable[Path]) -> LoadReport:
    """Load every file (folders: their instrument files); ids must be unique across files."""
    report = LoadReport()
    for path in expand_paths(paths):
        instrument, problems = load_file(path)
        single = LoadReport(
            (instrument,) if instrument else (),
            tuple(problems),
            {instrument.id: str(path)} if instrument else {},
        )
        report = report.merged(single)
    return report


@cache
def load_builtin() -> LoadReport:
    """The instruments shipped with the app (the ``questionnaires`` package): validated
    once per content and kept in the definitions cache, then read once per process."""
    from readiness import model
    from readiness.definitions_cache import cached, classes_in
    from readiness.questionnaire import integrity, schema

    files = builtin_files()
    return cached(
        "questionnaires",
        [("schema", str(SCHEMA_VERSION).encode()), *files],
        lambda: _load_builtin(files),
        classes_in(vars(schema), vars(integrity), vars(model), {"LoadReport": LoadReport}),
    )


def builtin_files() -> list[tuple[str, bytes]]:
    """The built-in instrument files in the order asked: (name, bytes)."""
    found = []
    for entry in sorted(resources.files(BUILTIN_PACKAGE).iterdir(), key=_intake_position):
        if SUFFIXES.get(Path(entry.name).suffix.lower()) is not None and entry.is_file():
            found.append((entry.name, entry.read_bytes()))
    return found


def _load_builtin(files: list[tuple[str, bytes]]) -> LoadReport:
    report = LoadReport()
    for name, raw in files:
        source = f"built-in {name}"
        instrument, problems = load_bytes(raw, source, SUFFIXES[Path(name).suffix.lower()])
        single = LoadReport(
            (instrument,) if instrument else (),
            tuple(problems),
            {instrument.id: source} if instrument else {},
        )
        report = report.merged(single)
    return report


def _intake_position(entry: Traversable) -> tuple[int, str]:
    stem = Path(entry.name).stem
    position = INTAKE_ORDER.index(stem) if stem in INTAKE_ORDER else len(INTAKE_ORDER)
    return position, entry.name


def builtin_folder() -> Path | None:
    """The folder of the built-in files when they are plain files on disk (not in a zip)."""
    folder = resources.files(BUILTIN_PACKAGE)
    return folder.resolve() if isinstance(folder, Path) else None


def load_all(agency_paths: Iterable[Path] = ()) -> LoadReport:
    """Built-in instruments, then agency files; an agency file reusing an id is skipped."""
    return load_builtin().merged(load_paths(agency_paths))
