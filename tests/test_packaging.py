"""A non-editable install (a real wheel) still finds every data file the app needs."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA_SUFFIXES = (".yaml", ".yml", ".json", ".ttf", ".po", ".mo", ".png", ".svg")


def _data_files() -> list[str]:
    files = []
    for package in ("readiness", "ui", "questionnaires"):
        for path in (ROOT / package).rglob("*"):
            if path.suffix in DATA_SUFFIXES and "__pycache__" not in path.parts:
                files.append(path.relative_to(ROOT).as_posix())
    return sorted(files)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("readiness-*.whl")
    return built


def test_wheel_carries_every_data_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = _data_files()
    assert expected, "the packages hold data files (questionnaires, rules)"
    assert [name for name in expected if name not in names] == []
    assert not any(name.startswith(("tests/", "build/")) for name in names)


def test_installed_wheel_finds_its_data(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    probe = "; ".join(
        [
            "import pathlib, readiness",
            f"root = pathlib.Path({str(target)!r})",
            "assert pathlib.Path(readiness.__file__).is_relative_to(root)",
            "from readiness.questionnaire.loader import load_builtin",
            "from readiness.thresholds import load_thresholds",
            "report = load_builtin()",
            "assert report.ok and len(report.instruments) >= 5, report.problems",
            "assert load_thresholds().connection",
            "from readiness.i18n import translator",
            "assert translator('es').gettext('Next steps') == 'Próximos pasos'",
            "print(len(report.instruments))",
        ]
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 5
