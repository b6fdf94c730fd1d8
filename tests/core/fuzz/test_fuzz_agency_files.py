"""Fuzzing the other doors: settings, questionnaires, rules and thresholds files.

Seeds are the app's own valid files (a settings file with every field set, the
built-in questionnaires, an agency rules file, the built-in thresholds), changed as
data (``mutated``, ``touched``) or as text (``mangled``), plus any JSON at all. These
loaders never raise for a bad file: each case must end within five seconds with the
file used, or set aside with problems that each name the file; what is used must be
valid (settings that check out and save back the same, thresholds in order and
plausible, rules the built-ins accept).
"""

from __future__ import annotations

import json
import math
from functools import cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from readiness.equity.loading import RulesError, load_rules
from readiness.questionnaire.loader import load_file
from readiness.settings import Settings, load_settings, save_settings
from readiness.settings.schema import json_values
from readiness.thresholds import (
    MBPS,
    MS,
    Thresholds,
    builtin_thresholds,
    load_thresholds_with_fallback,
)
from readiness.thresholds.order import TIERS
from tests.core.fuzz.mutations import generated, mangled, mutated, touched
from tests.core.fuzz.tally import attempt, plain_line, profile, recount


def write(folder: Path, name: str, case: Any, as_yaml: bool = False) -> Path:
    """``case`` in a file: text as it is, data as JSON or YAML."""
    path = folder / name
    if isinstance(case, str):
        text = case
    elif as_yaml:
        try:
            text = yaml.safe_dump(case, allow_unicode=True, sort_keys=False)
        except (yaml.YAMLError, RecursionError, UnicodeEncodeError):
            text = json.dumps(case)  # YAML is a superset of JSON
    else:
        text = json.dumps(case)
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return path


def cases(seeds: tuple[Any, ...], *, as_text: Any = json.dumps) -> st.SearchStrategy[Any]:
    seed = st.sampled_from(seeds)
    texts = st.sampled_from(tuple(as_text(one) for one in seeds))
    return st.one_of(
        seed.flatmap(mutated),
        seed.flatmap(mutated),
        seed.flatmap(touched),
        texts.flatmap(mangled),
        generated,
    )


# -- settings ------------------------------------------------------------------------------


@cache
def settings_seed() -> dict[str, Any]:
    full = Settings(
        default_locale="es",
        staff_initials="MJ",
        agency_name="Esperanza Peer Support",
        agency_contact="Call 555-0100\nMon-Fri 9-5",
        instrument_files=("/agency/q.yaml",),
        rules_files=("/agency/rules.yaml",),
        lock_after_minutes=10,
        retention_days=365,
        reassess_after_days=120,
        text_size=150,
    )
    return {"version": 2, **json_values(full)}


@profile(800)
@given(case=cases((settings_seed(),)))
def test_fuzzed_settings_never_stop_the_app(tmp_path_factory: Any, case: Any) -> None:
    path = write(tmp_path_factory.getbasetemp(), "settings.json", case)
    loaded = attempt("settings", lambda: load_settings(path), ())
    assert loaded is not None
    recount("settings", accepted=not loaded.problems)
    assert all(str(path) in problem.message for problem in loaded.problems)
    assert all(plain_line(problem.message) for problem in loaded.problems), loaded.problems
    assert loaded.settings.validated() == loaded.settings
    save_settings(loaded.settings, path)
    assert load_settings(path).settings == loaded.settings


# -- questionnaires ------------------------------------------------------------------------


@cache
def questionnaire_seeds() -> tuple[dict[str, Any], ...]:
    folder = resources.files("readiness_questionnaires")
    names = ("access.yaml", "comm.yaml", "preferences.yaml")
    return tuple(yaml.safe_load(folder.joinpath(name).read_text("utf-8")) for name in names)


@profile(300)
@given(case=cases(questionnaire_seeds(), as_text=yaml.safe_dump), as_yaml=st.booleans())
def test_fuzzed_questionnaires_are_loaded_or_set_aside(
    tmp_path_factory: Any, case: Any, as_yaml: bool
) -> None:
    name = "agency.yaml" if as_yaml or isinstance(case, str) else "agency.json"
    path = write(tmp_path_factory.getbasetemp(), name, case, as_yaml=True)
    loaded = attempt("questionnaire", lambda: load_file(path), ())
    assert loaded is not None
    instrument, problems = loaded
    recount("questionnaire", accepted=instrument is not None)
    assert (instrument is None) == bool(problems)
    assert all(str(problem).startswith(f"{path}: ") for problem in problems)
    assert all(plain_line(str(problem)) for problem in problems), problems


# -- rules ---------------------------------------------------------------------------------


@cache
def rules_seeds() -> tuple[dict[str, Any], ...]:
    from readiness.equity.loading import builtin_data

    data = builtin_data()
    head = {"format": "readiness-rules", "schema_version": 1}
    return (
        {**head, "domains": [data["domains"][0]]},
        {**head, "channels": data["channels"][:2]},
        {**head, "catalogue": data["catalogue"][:2]},
        {**head, "facts": data["facts"][:3]},
    )


@profile(200)
@given(case=cases(rules_seeds(), as_text=yaml.safe_dump))
def test_fuzzed_rules_files_are_used_or_skipped(tmp_path_factory: Any, case: Any) -> None:
    path = write(tmp_path_factory.getbasetemp(), "rules.yaml", case, as_yaml=True)
    loaded = attempt("rules", lambda: load_rules([path], thresholds=builtin_thresholds()), ())
    assert loaded is not None
    rules, warnings = loaded
    recount("rules", accepted=not warnings)
    assert len(warnings) <= 1 and all(w.startswith(f"{path}: ") for w in warnings)
    assert all(plain_line(warning) for warning in warnings), warnings
    assert rules.origin.endswith(str(path)) == (not warnings)


# -- thresholds ----------------------------------------------------------------------------


@cache
def thresholds_seeds() -> tuple[dict[str, Any], ...]:
    text = resources.files("readiness.rules").joinpath("thresholds.yaml").read_text("utf-8")
    full = yaml.safe_load(text)
    return (
        full,
        {"schema_version": 1, "connection": {"video_basic": {"download_mbps": 1.2}}},
        {"schema_version": 1, "device": {"memory": full["device"]["memory"]}},
        {"schema_version": 1, "connection_bands": full["connection_bands"]},
    )


def check_plausible(thresholds: Thresholds) -> None:
    """Thresholds in force are finite, within their units' bounds and in order."""
    for tier in thresholds.connection.values():
        for key in ("download_mbps", "upload_mbps"):
            assert 0 <= getattr(tier, key) <= MBPS and math.isfinite(getattr(tier, key))
        for key in ("rtt_ms", "jitter_ms"):
            value = getattr(tier, key)
            assert value is None or 0 <= value <= MS
    chain = [thresholds.connection[use] for use in TIERS if use in thresholds.connection]
    for easier, harder in pairwise(chain):
        assert harder.download_mbps >= easier.download_mbps
        assert harder.upload_mbps >= easier.upload_mbps


@profile(400)
@given(case=cases(thresholds_seeds(), as_text=yaml.safe_dump))
def test_fuzzed_thresholds_are_used_or_blamed(tmp_path_factory: Any, case: Any) -> None:
    path = write(tmp_path_factory.getbasetemp(), "thresholds.yaml", case, as_yaml=True)
    loaded = attempt("thresholds", lambda: load_thresholds_with_fallback(path), ())
    assert loaded is not None
    thresholds, problem = loaded
    recount("thresholds", accepted=problem is None)
    if problem is not None:
        assert problem.startswith(f"{path}: ") and plain_line(problem)
        assert thresholds is builtin_thresholds()
        return
    check_plausible(thresholds)
    try:  # the built-in rules must take thresholds that passed: no blame on them
        load_rules((), thresholds=thresholds)
    except RulesError as exc:
        raise AssertionError(f"accepted thresholds break the built-in rules: {exc}") from None
