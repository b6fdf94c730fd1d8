"""``readiness --self-test``: every step passes here; a failing step fails the run, not the rest."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

from readiness import selftest
from readiness.selftest import Step, default_steps, run_self_test
from readiness.selftest_context import SelfTestContext, SkipStep


def _lines(out: io.StringIO) -> list[str]:
    return out.getvalue().splitlines()


def test_every_step_passes_in_the_source_tree(tmp_path: Path) -> None:
    out = io.StringIO()
    assert run_self_test(out, workdir=tmp_path) == 0, out.getvalue()
    lines = _lines(out)
    steps = default_steps()
    assert lines[0].startswith("readiness ") and "self-test" in lines[0]
    assert len(lines) == len(steps) + 2  # a header, one line per step, a summary
    for line, step in zip(lines[1:-1], steps, strict=True):
        assert line.startswith(f"ok   {step.name}: "), line
        assert line.endswith(" s)")
    assert lines[-1].startswith("self-test done: all steps passed")
    reports = sorted(p.name for p in tmp_path.glob("*.pdf"))
    assert reports == [
        "protected.pdf",
        "service-user-en.pdf",
        "service-user-es.pdf",
        "staff-en.pdf",
        "staff-es.pdf",
    ]


def test_the_sample_assessment_is_fictional_and_complete() -> None:
    sample = SelfTestContext(Path()).sample
    assert sample.service_user.code == "SELFTEST-0001"
    assert {a.questionnaire_id for a in sample.answers} == {
        "access",
        "skills",
        "health_info",
        "comm",
        "preferences",
    }
    assert sample.check_results and sample.plan is not None


def test_a_failing_step_fails_the_run_and_the_others_still_run() -> None:
    ran: list[str] = []

    def passes(name: str) -> Step:
        return Step(name, lambda _context: ran.append(name) or f"{name} fine")

    def breaks(_context: SelfTestContext) -> str:
        ran.append("broken")
        raise RuntimeError("the rules file is missing\nsecond line is not shown")

    def skips(_context: SelfTestContext) -> str:
        raise SkipStep("not here")

    out = io.StringIO()
    steps = [passes("first"), Step("broken", breaks), Step("optional", skips), passes("last")]
    assert run_self_test(out, steps=steps) == 1
    assert ran == ["first", "broken", "last"]
    lines = _lines(out)
    assert lines[1].startswith("ok   first: first fine (")
    assert lines[2].startswith("FAIL broken: RuntimeError: the rules file is missing (")
    assert lines[3].startswith("skip optional: not here (")
    assert lines[4].startswith("ok   last: ")
    assert lines[5].startswith("self-test done: 1 of 4 steps FAILED")


def test_a_real_step_failing_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_questionnaires() -> object:
        raise FileNotFoundError("questionnaires/access.yaml")

    monkeypatch.setattr("readiness.questionnaire.loader.load_builtin", no_questionnaires)
    steps = [step for step in default_steps() if step.name in ("questionnaires", "translations")]
    out = io.StringIO()
    assert run_self_test(out, steps=steps) == 1
    lines = _lines(out)
    assert lines[1].startswith("FAIL questionnaires: FileNotFoundError: questionnaires/access.yaml")
    assert lines[2].startswith("ok   translations: ")


def test_the_temporary_folder_is_removed_and_user_folders_are_untouched() -> None:
    seen: list[Path] = []

    def record(context: SelfTestContext) -> str:
        seen.append(context.workdir)
        (context.workdir / "scratch.txt").write_text("x", encoding="utf-8")
        return "wrote a file"

    steps = [Step("record", record), *default_steps()[:1]]
    assert run_self_test(io.StringIO(), steps=steps) == 0
    assert seen and not seen[0].exists()
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME"):  # set by tests/conftest.py
        assert not (Path(os.environ[variable]) / "Readiness").exists()


def test_the_command_line_and_the_launcher_run_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from readiness.cli import main as cli_main
    from readiness_ui.launcher import main as launcher_main

    calls: list[object] = []

    def fake(out: object, workdir: Path | None = None) -> int:
        calls.append(out)
        return 1

    monkeypatch.setattr(selftest, "run_self_test", fake)
    assert cli_main(["--self-test"]) == 1
    assert launcher_main(["--self-test"]) == 1  # does not open the app
    assert len(calls) == 2


def _run_one(name: str) -> list[str]:
    out = io.StringIO()
    run_self_test(out, steps=[step for step in default_steps() if step.name == name])
    return _lines(out)


def test_the_database_step_fails_when_the_file_is_not_encrypted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from readiness.store import database

    real = database.open_database

    def keyless(path: Path, *, key: object = None, **options: bool) -> object:
        return real(path, **options)  # a plain SQLite file, whatever key is given

    monkeypatch.setattr(database, "open_database", keyless)
    line = _run_one("database")[1]
    assert line.startswith("FAIL database: AssertionError: the database file is not encrypted")


def test_the_database_step_fails_when_a_wrong_key_opens_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from readiness.store import database

    real = database.open_database
    keys: list[object] = []

    def first_key_always(path: Path, *, key: object = None, **options: bool) -> object:
        keys.append(key)
        return real(path, key=keys[0], **options)

    monkeypatch.setattr(database, "open_database", first_key_always)
    line = _run_one("database")[1]
    assert line.startswith("FAIL database: AssertionError: a wrong key opened the encrypted")
    assert len(keys) == 3 and keys[0] == keys[1] != keys[2]  # saved, reloaded, wrong key


def test_the_encryption_step_seals_and_opens_an_export() -> None:
    line = _run_one("encryption")[1]
    assert line.startswith("ok   encryption: AES-256-GCM sealed and opened the sample"), line
    assert "sealed an export to a 3072-bit RSA key, opened it, refused a change" in line


def test_the_encryption_step_fails_when_a_changed_export_opens(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from readiness.protection import sealing

    real = sealing.unseal_file
    calls: list[Path] = []

    def forgiving(source: Path, target: Path, *args: object, **kwargs: object) -> None:
        calls.append(source)
        if len(calls) > 1:  # the changed copy: "open" it anyway
            target.write_bytes(b"")
            return
        real(source, target, *args, **kwargs)

    monkeypatch.setattr(sealing, "unseal_file", forgiving)
    line = _run_one("encryption")[1]
    assert line.startswith("FAIL encryption: AssertionError: a changed sealed export opened")


def test_the_credential_store_step_reads_and_writes_no_secret(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import keyring

    def refuse(*_args: object) -> None:
        raise AssertionError("the self-test touched the credential store")

    for name in ("get_password", "set_password", "delete_password", "get_credential"):
        monkeypatch.setattr(keyring, name, refuse)
    line = _run_one("credential store")[1]
    assert line.startswith("ok   credential store: keyring backends "), line
    assert "in use: " in line


def test_the_credential_store_step_fails_without_keyring_entry_points(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib.metadata

    from readiness.selftest_security import KEYRING_BACKENDS

    wanted = KEYRING_BACKENDS.get(sys.platform)
    if wanted is None:
        pytest.skip(f"keyring has no credential store backend for {sys.platform}")
    monkeypatch.setattr(importlib.metadata, "entry_points", lambda **_kwargs: [])
    line = _run_one("credential store")[1]
    assert line.startswith(f"FAIL credential store: AssertionError: keyring's {wanted} backend")
