"""Reading settings.json field by field: a bad or unknown field is reported and dropped, alone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness.errors import ReadinessError
from readiness.settings import (
    ORIGIN_DEFAULT,
    ORIGIN_FILE,
    SETTINGS_VERSION,
    LoadedSettings,
    Settings,
    json_values,
    load_settings,
)
from readiness.settings.schema import FIELD_NAMES, check_field

FULL = {
    "default_locale": "es",
    "staff_initials": "mj",
    "agency_name": " Esperanza ",
    "agency_contact": "Tel 555 0100\nMon-Fri",
    "agency_logo": "/agency/logo.png",
    "thresholds_file": "/agency/thresholds.yaml",
    "instrument_files": ["/agency/phq.yaml", "  "],
    "rules_files": ["/agency/rules.yaml"],
    "speed_test_backend": "librespeed",
    "speed_test_server": "https://speed.agency.example/",
    "lock_after_minutes": 15,
    "allow_keychain": True,
    "retention_days": 365,
    "backup_count": 3,
    "backup_folder": "/agency/backups",
    "backup_every_days": 7,
    "backup_megabytes": 20000,
    "agency_public_key": "/agency/agency.pem",
    "reassess_after_days": 180,
    "text_size": 150,
    "high_contrast": "on",
    "hub_url": " https://hub.agency.example:8443 ",
    "hub_ca_file": "/agency/ca.pem",
    "hub_sync_minutes": 30,
    "validated_instruments": ["skills@1.0", "comm@1.0", "skills@1.0"],
    "fhir_base": "https://fhir.agency.example/readiness/",
}
"""A version 1 file (no version key) with every field set to an allowed value (fields added
later, such as the text size, are read from a file of any version)."""

NORMALISED = Settings(
    default_locale="es",
    staff_initials="MJ",
    agency_name="Esperanza",
    agency_contact="Tel 555 0100\nMon-Fri",
    agency_logo="/agency/logo.png",
    thresholds_file="/agency/thresholds.yaml",
    instrument_files=("/agency/phq.yaml",),
    rules_files=("/agency/rules.yaml",),
    speed_test_backend="librespeed",
    speed_test_server="https://speed.agency.example/",
    lock_after_minutes=15,
    allow_keychain=True,
    retention_days=365,
    backup_count=3,
    backup_folder="/agency/backups",
    backup_every_days=7,
    backup_megabytes=20000,
    agency_public_key="/agency/agency.pem",
    reassess_after_days=180,
    text_size=150,
    high_contrast="on",
    hub_url="https://hub.agency.example:8443",
    hub_ca_file="/agency/ca.pem",
    hub_sync_minutes=30,
    validated_instruments=("skills@1.0", "comm@1.0"),
    fhir_base="https://fhir.agency.example/readiness",
)


def write(folder: Path, content: object) -> Path:
    path = folder / "settings.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    return path


def test_every_field_is_read_and_normalised(tmp_path: Path) -> None:
    loaded = load_settings(write(tmp_path, FULL))
    assert loaded.settings == NORMALISED
    assert loaded.problems == ()
    assert loaded.version == 1
    assert dict(loaded.origins) == dict.fromkeys(FIELD_NAMES, ORIGIN_FILE)


def test_an_unknown_key_and_one_bad_field_keep_every_other_setting(tmp_path: Path) -> None:
    path = write(tmp_path, {**FULL, "colour_scheme": "dark", "lock_after_minutes": 0})
    loaded = load_settings(path)
    assert loaded.settings == Settings(**{**vars(NORMALISED), "lock_after_minutes": 5})
    assert sorted(str(problem.field) for problem in loaded.problems) == [
        "colour_scheme",
        "lock_after_minutes",
    ]
    for problem in loaded.problems:
        assert str(path) in problem.message and str(problem.field) in problem.message
        assert "\n" not in problem.message
    lock = loaded.problem_with("lock_after_minutes")
    assert lock is not None and "0" in lock.message and "240" in lock.message
    assert loaded.origins["lock_after_minutes"] == ORIGIN_DEFAULT
    assert loaded.origins["agency_public_key"] == ORIGIN_FILE
    assert loaded.problem_with("agency_public_key") is None


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("default_locale", "fr"),
        ("default_locale", 1),
        ("staff_initials", "123"),
        ("agency_name", None),
        ("agency_name", "nul\x00byte"),
        ("instrument_files", "/one/file.yaml"),
        ("rules_files", ["/ok.yaml", 7]),
        ("speed_test_backend", "fastest"),
        ("lock_after_minutes", 241),
        ("lock_after_minutes", 1.5),
        ("lock_after_minutes", "ten"),
        ("allow_keychain", "maybe"),
        ("retention_days", -1),
        ("backup_count", 101),
        ("backup_folder", ["a"]),
        ("backup_every_days", 0),
        ("backup_every_days", 366),
        ("backup_megabytes", -1),
        ("agency_public_key", {"path": "/k.pem"}),
        ("reassess_after_days", -1),
        ("reassess_after_days", 3651),
        ("reassess_after_days", "90"),
        ("text_size", 99),
        ("text_size", 201),
        ("text_size", "150"),
        ("text_size", True),
        ("high_contrast", True),
        ("high_contrast", "yes"),
        ("hub_url", "http://hub.agency.example"),
        ("hub_url", "hub.agency.example"),
        ("hub_url", 8443),
        ("hub_ca_file", ["/agency/ca.pem"]),
        ("hub_sync_minutes", -1),
        ("hub_sync_minutes", 1441),
        ("hub_sync_minutes", "15"),
        ("validated_instruments", "skills@1.0"),
        ("validated_instruments", ["skills"]),
        ("validated_instruments", ["skills@1.0", "comm@one"]),
        ("validated_instruments", ["Skills@1.0"]),
        ("validated_instruments", [1]),
    ],
)
def test_each_kind_of_bad_value_drops_only_its_field(
    tmp_path: Path, name: str, value: object
) -> None:
    path = write(tmp_path, {**FULL, name: value})
    loaded = load_settings(path)
    assert getattr(loaded.settings, name) == getattr(Settings(), name)
    assert [problem.field for problem in loaded.problems] == [name]
    assert loaded.problems[0].message.startswith(f"{path}: setting '{name}'")
    others = [field for field in FIELD_NAMES if field != name]
    assert all(getattr(loaded.settings, f) == getattr(NORMALISED, f) for f in others)


@pytest.mark.parametrize(
    "content",
    ["{not json", "[1, 2]", '"text"', "null", "[" * 100_000 + "]" * 100_000, "1" * 5000],
    ids=["broken", "list", "string", "null", "deep", "long number"],
)
def test_a_file_that_is_not_a_json_object_gives_defaults_with_one_message(
    tmp_path: Path, content: str
) -> None:
    path = tmp_path / "settings.json"
    path.write_text(content, encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert len(loaded.problems) == 1 and loaded.problems[0].field is None
    assert str(path) in loaded.problems[0].message
    assert loaded.version is None


@pytest.mark.parametrize(
    "content", [b"\xff\xfe not utf-8", b"x" * (1024 * 1024 + 1)], ids=["binary", "huge"]
)
def test_an_unreadable_file_gives_defaults_with_one_message(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert [problem.field for problem in loaded.problems] == [None]


def test_a_folder_in_place_of_the_file_gives_defaults_with_one_message(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.mkdir()
    loaded = load_settings(path)
    assert loaded.settings == Settings() and len(loaded.problems) == 1


def test_a_missing_file_gives_defaults_and_no_message(tmp_path: Path) -> None:
    loaded = load_settings(tmp_path / "settings.json")
    assert loaded == LoadedSettings(Settings(), tmp_path / "settings.json")
    assert loaded.warning() is None and loaded.version is None


def test_a_newer_file_is_read_for_the_fields_this_version_knows(tmp_path: Path) -> None:
    newer = SETTINGS_VERSION + 1
    path = write(tmp_path, {"version": newer, "staff_initials": "AB", "sync_hub": "https://h/"})
    loaded = load_settings(path)
    assert loaded.settings == Settings(staff_initials="AB")
    assert loaded.version == newer
    assert [problem.field for problem in loaded.problems] == ["version", "sync_hub"]
    assert str(newer) in loaded.problems[0].message


@pytest.mark.parametrize("version", [0, -3, "2", None, True, 1.5])
def test_a_version_that_is_not_a_version_is_reported_and_the_fields_still_read(
    tmp_path: Path, version: object
) -> None:
    loaded = load_settings(write(tmp_path, {"version": version, "backup_count": 2}))
    assert loaded.settings == Settings(backup_count=2)
    assert loaded.version is None
    assert [problem.field for problem in loaded.problems] == ["version"]


def test_the_warning_lists_every_problem_on_its_own_line(tmp_path: Path) -> None:
    loaded = load_settings(write(tmp_path, {"a": 1, "b": 2, "backup_count": "x"}))
    warning = loaded.warning()
    assert warning is not None and warning.splitlines() == [p.message for p in loaded.problems]


# -- overrides -----------------------------------------------------------------------------


def test_overrides_replace_values_and_say_where_they_came_from(tmp_path: Path) -> None:
    loaded = load_settings(write(tmp_path, FULL))
    overridden = loaded.with_overrides(
        source="command line", thresholds_file=" /cli/t.yaml ", backup_count=None
    )
    assert overridden.settings.thresholds_file == "/cli/t.yaml"
    assert overridden.origins["thresholds_file"] == "command line"
    assert overridden.settings.backup_count == 3  # None: not given
    assert overridden.origins["backup_count"] == ORIGIN_FILE
    assert loaded.settings.thresholds_file == "/agency/thresholds.yaml"  # unchanged


def test_a_bad_override_names_the_field_and_the_source(tmp_path: Path) -> None:
    loaded = load_settings(tmp_path / "settings.json")
    with pytest.raises(ReadinessError, match=r"command line.*lock_after_minutes"):
        loaded.with_overrides(source="command line", lock_after_minutes=0)
    with pytest.raises(ReadinessError, match=r"command line.*colour"):
        loaded.with_overrides(source="command line", colour="red")


def test_an_override_clears_the_dropped_mark_of_its_field(tmp_path: Path) -> None:
    loaded = load_settings(write(tmp_path, {"agency_public_key": 42}))
    assert loaded.problem_with("agency_public_key") is not None
    overridden = loaded.with_overrides(source="test", agency_public_key="/k.pem")
    assert overridden.problem_with("agency_public_key") is None


# -- properties ----------------------------------------------------------------------------

JSON = st.recursive(  # NaN and Infinity are not JSON: a file holding them is refused whole
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)

HIDDEN = "\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Line and paragraph separators and the text-direction characters no setting takes."""

VALID: dict[str, st.SearchStrategy[Any]] = {
    "default_locale": st.sampled_from(["en", "es"]),
    "staff_initials": st.sampled_from(["", "ab", " MJ ", "xyz"]),
    "agency_name": st.text(
        st.characters(exclude_categories=("Cs", "Cc"), exclude_characters=HIDDEN), max_size=200
    ),
    "agency_contact": st.text(
        st.characters(exclude_categories=("Cs", "Cc"), exclude_characters=HIDDEN) | st.just("\n")
    ),
    "agency_logo": st.just("/logo.png"),
    "thresholds_file": st.just("thresholds.yaml"),
    "instrument_files": st.lists(st.sampled_from(["a.yaml", " b.yaml ", ""]), max_size=3),
    "rules_files": st.lists(st.sampled_from(["r.yaml", "s.yaml"]), max_size=3),
    "speed_test_backend": st.sampled_from(["auto", "librespeed", "speedtest"]),
    "speed_test_server": st.just("https://speed.example/"),
    "lock_after_minutes": st.integers(1, 240),
    "allow_keychain": st.booleans(),
    "retention_days": st.integers(0, 36500),
    "backup_count": st.integers(0, 100),
    "backup_folder": st.just("/backups"),
    "agency_public_key": st.just("/agency.pem"),
    "text_size": st.integers(100, 200),
    "high_contrast": st.sampled_from(["system", "on", "off", " on "]),
}
PROPERTY = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@PROPERTY
@given(name=st.sampled_from([*FIELD_NAMES, "version", "unknown"]), value=JSON)
def test_any_json_value_for_any_field_never_raises(tmp_path: Path, name: str, value: Any) -> None:
    loaded = load_settings(write(tmp_path, {name: value}))
    assert loaded.settings.validated() == loaded.settings
    assert len(loaded.problems) <= 1
    assert all(str(tmp_path) in problem.message for problem in loaded.problems)


@PROPERTY
@given(
    valid=st.fixed_dictionaries({}, optional=VALID),
    bad=st.dictionaries(st.sampled_from([*FIELD_NAMES, "version", "extra", "théme"]), JSON),
)
def test_every_valid_field_survives_any_number_of_bad_neighbours(
    tmp_path: Path, valid: dict[str, Any], bad: dict[str, Any]
) -> None:
    neighbours = {name: value for name, value in bad.items() if name not in valid}
    loaded = load_settings(write(tmp_path, {**neighbours, **valid}))
    for name, value in valid.items():
        assert getattr(loaded.settings, name) == check_field(name, value)
        assert loaded.origins[name] == ORIGIN_FILE
    assert json_values(loaded.settings.validated()) == json_values(loaded.settings)


@pytest.mark.parametrize(
    "address",
    ["fhir.agency.example", "ftp://agency.example/fhir", "https://agency.example/a|b",
     "https://agency.example/#x", "https://a b.example", "https://agency.example/x?y=1", 7],
)  # fmt: skip
def test_a_fhir_base_that_is_not_a_canonical_address_is_dropped(
    tmp_path: Path, address: object
) -> None:
    loaded = load_settings(write(tmp_path, {"fhir_base": address}))
    assert loaded.settings.fhir_base == Settings().fhir_base
    assert [str(problem.field) for problem in loaded.problems] == ["fhir_base"]
