"""The thresholds file: built-in values load, every threshold is sourced, overrides merge,
and a malformed agency file gives a clear error naming file and key while the built-ins stay."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from readiness.thresholds import (
    SCHEMA_VERSION,
    ConnectionThreshold,
    Limit,
    Thresholds,
    ThresholdsError,
    builtin_thresholds,
    load_thresholds,
    load_thresholds_with_fallback,
    thresholds_from_text,
)


def _walk(obj: object) -> list[BaseModel]:
    """Every model nested in ``obj`` (through fields and mappings), ``obj`` included."""
    if isinstance(obj, BaseModel):
        found = [obj]
        for name in type(obj).model_fields:
            found.extend(_walk(getattr(obj, name)))
        return found
    if isinstance(obj, Mapping):
        return [model for value in obj.values() for model in _walk(value)]
    return []


def test_builtin_thresholds_load_with_schema_version() -> None:
    thresholds = load_thresholds()
    assert thresholds.schema_version == SCHEMA_VERSION
    assert thresholds.origin == "built-in thresholds"
    assert thresholds is builtin_thresholds()  # validated once


def test_connection_tiers_match_research_table() -> None:
    connection = load_thresholds().connection
    assert list(connection) == [
        "audio_call",
        "video_basic",
        "video_recommended",
        "group_video",
        "fcc_broadband",
    ]
    recommended = connection["video_recommended"]
    assert isinstance(recommended, ConnectionThreshold)
    assert (recommended.download_mbps, recommended.upload_mbps) == (1.5, 1.5)
    assert (recommended.rtt_ms, recommended.jitter_ms, recommended.loss_pct) == (100, 30, 1)
    assert connection["group_video"].upload_mbps == 3.0
    fcc = connection["fcc_broadband"]
    assert (
        fcc.informational
        and fcc.rtt_ms is None
        and (fcc.download_mbps, fcc.upload_mbps)
        == (
            100,
            20,
        )
    )
    assert "Teams" in recommended.source


def test_connection_mapping_is_read_only() -> None:
    with pytest.raises(TypeError):
        load_thresholds().connection["new"] = load_thresholds().connection["audio_call"]  # type: ignore[index]


def test_every_threshold_carries_a_source() -> None:
    models = _walk(load_thresholds())
    limits = [m for m in models if isinstance(m, Limit)]
    assert len(limits) >= 25
    for model in models:
        if "source" in type(model).model_fields:
            assert model.source.strip(), model


def test_device_values_from_research() -> None:
    device = load_thresholds().device
    assert device.memory.recommended.value == 4
    assert device.memory.recommended.unit == "GB"
    assert device.memory.recommended.source == "Microsoft Teams hardware requirements"
    assert device.cpu.recommended_cores.value == 2
    assert device.disk.recommended_free.value == 3
    assert device.os.macos_supported.parts == (10, 13)
    assert device.display.minimum_width.value == 1024


def test_override_merges_over_builtins(tmp_path: Path) -> None:
    path = tmp_path / "agency.yaml"
    path.write_text(
        "schema_version: 1\ndevice:\n  memory:\n    recommended:\n      value: 6\n"
        "      source: Agency IT policy\n",
        encoding="utf-8",
    )
    thresholds = load_thresholds(path)
    assert thresholds.device.memory.recommended.value == 6
    assert thresholds.device.memory.recommended.source == "Agency IT policy"
    assert thresholds.device.memory.recommended.unit == "GB"  # kept from the built-ins
    assert thresholds.device.disk == builtin_thresholds().device.disk
    assert thresholds.origin == str(path)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (
            "schema_version: 1\ndevice:\n  memory:\n    recommended:\n      value: lots\n",
            "device.memory.recommended.value",
        ),
        (
            "schema_version: 1\nconnection:\n  video_basic:\n    upload_mbps: -1\n",
            "connection.video_basic.upload_mbps",
        ),
        (
            "schema_version: 1\ndevice:\n  memory:\n    recomended: {value: 4}\n",
            "device.memory.recomended",
        ),
        (
            "schema_version: 1\ndevice:\n  cpu:\n    high_load:\n      source: ''\n",
            "device.cpu.high_load.source",
        ),
        (
            "schema_version: 1\ndevice:\n  os:\n    macos_supported:\n      version: ten\n",
            "device.os.macos_supported.version",
        ),
        ("schema_version: 2\n", "schema_version"),
        ("device: {}\n", "schema_version"),
        (
            "schema_version: 1\ndevice:\n  memory:\n    minimum:\n      value: .nan\n",
            "device.memory.minimum.value",
        ),
    ],
)
def test_malformed_override_names_file_and_key(tmp_path: Path, text: str, key: str) -> None:
    path = tmp_path / "agency.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ThresholdsError) as caught:
        load_thresholds(path)
    message = str(caught.value)
    assert str(path) in message
    assert f"'{key}'" in message
    thresholds, problem = load_thresholds_with_fallback(path)
    assert thresholds is builtin_thresholds()
    assert problem is not None and f"'{key}'" in problem and "built-in" in problem


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("schema_version: 1\ndevice: [\n", "not valid YAML (line"),
        ("- just\n- a list\n", "mapping of keys"),
        ("", "mapping of keys"),
    ],
)
def test_unparseable_override(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    thresholds, problem = load_thresholds_with_fallback(path)
    assert thresholds is builtin_thresholds()
    assert problem is not None and str(path) in problem and expected in problem


def test_missing_and_undecodable_files(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    _, problem = load_thresholds_with_fallback(missing)
    assert problem is not None and str(missing) in problem and "no such file" in problem
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00bad")
    _, problem = load_thresholds_with_fallback(binary)
    assert problem is not None and "not a text file" in problem
    huge = tmp_path / "huge.yaml"
    huge.write_bytes(b"#" * (1024 * 1024 + 1))
    _, problem = load_thresholds_with_fallback(huge)
    assert problem is not None and "too large" in problem


def test_yaml_tags_are_not_executed(tmp_path: Path) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text("schema_version: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    _, problem = load_thresholds_with_fallback(path)
    assert problem is not None and "not valid YAML" in problem


def test_fallback_without_path_is_builtin() -> None:
    assert load_thresholds_with_fallback(None) == (builtin_thresholds(), None)


def test_builtin_file_round_trips_as_override() -> None:
    from importlib import resources

    text = resources.files("readiness.rules").joinpath("thresholds.yaml").read_text("utf-8")
    assert thresholds_from_text(text, "copy").device == builtin_thresholds().device


# -- property tests: nothing a file can contain makes the loader crash ------------------

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
)
_values = st.recursive(
    _scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=12), children, max_size=4),
    ),
    max_leaves=20,
)


def _builtin_data() -> dict[str, Any]:
    from importlib import resources

    text = resources.files("readiness.rules").joinpath("thresholds.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found.extend(_paths(value, (*prefix, key)))
    return found


_BUILTIN = _builtin_data()
_PATHS = [p for p in _paths(_BUILTIN) if p]


def _set(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=300))
def test_random_text_never_raises_unexpectedly(text: str) -> None:
    try:
        result = thresholds_from_text(text, "random.yaml")
    except ThresholdsError as exc:
        assert str(exc).startswith("random.yaml")
    else:
        assert isinstance(result, Thresholds)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(_PATHS), value=_values)
def test_mutated_builtin_file_gives_builtins_or_named_error(
    path: tuple[Any, ...], value: Any
) -> None:
    import copy

    data = copy.deepcopy(_BUILTIN)
    _set(data, path, value)
    text = yaml.safe_dump(data, allow_unicode=True)
    try:
        result = thresholds_from_text(text, "agency.yaml")
    except ThresholdsError as exc:
        assert str(exc).startswith("agency.yaml:")
    else:
        assert isinstance(result, Thresholds)
