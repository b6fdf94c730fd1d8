"""The definitions cache: validated once per content, read back equal, never trusted blindly.

Each built-in definition (questionnaires, thresholds, rules) read back from the cache
equals the one validated from its YAML; a second run does not validate again; a
changed file, app version or damaged, foreign or hostile cache file makes it validate
and write the cache again; the folder is private; the cache can be switched off.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness import definitions_cache
from readiness.definitions_cache import ENVIRONMENT_SWITCH, cache_folder, cached, classes_in
from readiness.equity import conditions, schema
from readiness.equity.loading import builtin_data, items_of, validate
from readiness.questionnaire import integrity
from readiness.questionnaire import schema as questionnaire_schema
from readiness.questionnaire.loader import LoadReport, _load_builtin, builtin_files
from readiness.thresholds import SCHEMA_VERSION, _builtin_data, _validate, builtin_file

SOURCES = [("schema", b"1"), ("a.yaml", b"a: 1\n")]


class Counted:
    """A build function that counts its calls."""

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make, self.calls = make, 0

    def __call__(self) -> Any:
        self.calls += 1
        return self.make()


def _thresholds() -> Any:
    return _validate(_builtin_data(), "built-in thresholds")


def _thresholds_classes() -> list[type]:
    import readiness.model
    import readiness.thresholds

    return classes_in(vars(readiness.thresholds), vars(readiness.model))


def _instruments() -> LoadReport:
    return _load_builtin(builtin_files())


def _instrument_classes() -> list[type]:
    import readiness.model

    return classes_in(
        vars(questionnaire_schema), vars(integrity), vars(readiness.model), {"L": LoadReport}
    )


@pytest.mark.parametrize(
    ("make", "classes"),
    [(_thresholds, _thresholds_classes), (_instruments, _instrument_classes)],
    ids=["thresholds", "questionnaires"],
)
def test_a_kept_definition_reads_back_equal_without_validating_again(
    make: Callable[[], Any], classes: Callable[[], list[type]]
) -> None:
    build = Counted(make)
    first = cached("sample", SOURCES, build, classes())
    again = cached("sample", SOURCES, build, classes())
    assert build.calls == 1
    assert again == first == make()
    assert type(again) is type(first)


def test_the_built_in_rules_read_back_equal() -> None:
    thresholds = _thresholds()
    items = items_of(_instruments().instruments)
    build = Counted(lambda: validate(builtin_data(), "built-in rules", thresholds, items))
    classes = classes_in(vars(schema), vars(conditions))
    first = cached("rules", SOURCES, build, classes)
    again = cached("rules", SOURCES, build, classes)
    assert build.calls == 1
    assert again == first
    assert again.channels[0].rules[0].when == first.channels[0].rules[0].when


def test_a_changed_file_or_version_is_validated_again(monkeypatch: pytest.MonkeyPatch) -> None:
    build = Counted(lambda: (1, "x"))
    cached("sample", SOURCES, build, [])
    cached("sample", [("schema", b"1"), ("a.yaml", b"a: 2\n")], build, [])
    assert build.calls == 2
    monkeypatch.setattr(definitions_cache, "__version__", "99.0")
    cached("sample", [("schema", b"1"), ("a.yaml", b"a: 2\n")], build, [])
    assert build.calls == 3


def _cache_file() -> Path:
    return cache_folder() / "sample.json"


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b'{"~kept": "0000", "v": 1}',  # another key
        b"[1, 2, 3]",
        b'{"~m": "os.system", "v": {}, "s": []}',  # a class nobody allowed
        b'{"~kept": "KEY", "v": {"~c": "subprocess.Popen", "v": {"args": "true"}}}',
        b'{"~kept": "KEY", "v": {"~e": "builtins.eval", "v": "1"}}',
        b'{"~kept": "KEY", "v": {"~da": "not a date"}}',
        b"\xff\xfe" * 100,
    ],
)
def test_a_damaged_foreign_or_hostile_cache_is_ignored_and_written_again(content: bytes) -> None:
    key = definitions_cache.content_key("sample", SOURCES)
    build = Counted(lambda: (1, "x"))
    cached("sample", SOURCES, build, [])
    _cache_file().write_bytes(content.replace(b"KEY", key.encode()))
    assert cached("sample", SOURCES, build, []) == (1, "x")
    assert build.calls == 2
    assert json.loads(_cache_file().read_text("utf-8"))["~kept"] == key  # written again


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_cache_content_gives_the_validated_value(content: bytes) -> None:
    folder = cache_folder()
    folder.mkdir(parents=True, exist_ok=True)
    _cache_file().write_bytes(content)
    assert cached("sample", SOURCES, lambda: {"a": (1, 2.5)}, []) == {"a": (1, 2.5)}


def test_the_cache_folder_and_files_are_private() -> None:
    cached("sample", SOURCES, lambda: 1, [])
    if os.name == "posix":
        assert stat.S_IMODE(cache_folder().stat().st_mode) == 0o700
        assert stat.S_IMODE(_cache_file().stat().st_mode) & 0o077 == 0


def test_an_unwritable_cache_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("x")
    monkeypatch.setattr(definitions_cache, "cache_folder", lambda: blocked / "definitions")
    assert cached("sample", SOURCES, lambda: (1,), []) == (1,)


def test_the_cache_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENVIRONMENT_SWITCH, "1")
    build = Counted(lambda: 1)
    cached("sample", SOURCES, build, [])
    cached("sample", SOURCES, build, [])
    assert build.calls == 2
    assert not _cache_file().exists()


def test_what_cannot_be_rebuilt_is_not_kept() -> None:
    build = Counted(object)
    cached("sample", SOURCES, build, [])
    assert not _cache_file().exists()


def test_the_built_in_sources_name_every_file_and_schema() -> None:
    assert builtin_file()[0] == "thresholds.yaml"
    assert SCHEMA_VERSION == 1
    names = [name for name, _ in builtin_files()]
    assert names[:2] == ["access.yaml", "skills.yaml"]


def test_a_second_run_reads_no_yaml_and_validates_nothing(tmp_path: Path) -> None:
    """The saving itself: with the cache kept, no YAML parser, no validation and no
    integrity checks are even imported, and the interpretation is the same."""
    import subprocess
    import sys

    probe = (
        "import sys; from readiness.interpret import interpret;"
        "from readiness.settings import Settings; found = interpret(Settings());"
        "print([m in sys.modules for m in ('yaml', 'readiness.equity.integrity')],"
        " found.rules.ruleset == found.rules.ruleset, found.version)"
    )
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop(ENVIRONMENT_SWITCH, None)

    def run() -> str:
        done = subprocess.run(
            [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    first, second = run(), run()
    assert first.startswith("[True, True]")
    assert second.startswith("[False, False]")
    assert first.split("]", 1)[1] == second.split("]", 1)[1]
    assert sorted(p.name for p in (tmp_path / "cache" / "Readiness" / "definitions").iterdir()) == [
        "questionnaires.json",
        "rules.json",
        "thresholds.json",
    ]


def test_agency_thresholds_are_validated_with_the_rules_not_read_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readiness.equity import loading
    from readiness.questionnaire.loader import load_builtin
    from readiness.thresholds import builtin_thresholds, load_thresholds

    def kept() -> Any:
        raise AssertionError("the kept built-in rules were used")

    monkeypatch.setattr(loading, "builtin_ruleset", kept)
    agency = tmp_path / "thresholds.yaml"
    agency.write_text(
        "schema_version: 1\nconnection:\n  video_basic:\n    upload_mbps: 0.9\n", "utf-8"
    )
    instruments = load_builtin().instruments
    rules, warnings = loading.load_rules(
        thresholds=load_thresholds(agency), instruments=instruments
    )
    assert rules.ruleset.channels and warnings == ()
    with pytest.raises(AssertionError, match="kept built-in rules"):
        loading.load_rules(thresholds=builtin_thresholds(), instruments=instruments)
