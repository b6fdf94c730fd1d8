"""``readiness --self-test``: every step passes here; a failing step fails the run, not the rest."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from readiness import selftest
from readiness.selftest import SelfTestContext, SkipStep, Step, default_steps, run_self_test


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
    from ui.launcher import main as launcher_main

    calls: list[object] = []

    def fake(out: object, workdir: Path | None = None) -> int:
        calls.append(out)
        return 1

    monkeypatch.setattr(selftest, "run_self_test", fake)
    assert cli_main(["--self-test"]) == 1
    assert launcher_main(["--self-test"]) == 1  # does not open the app
    assert len(calls) == 2
