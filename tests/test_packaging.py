"""The wheel and the sdist: what they hold, the names they install, and a real install's data.

The repository keeps ``ui/`` and ``questionnaires/`` at the top level; the wheel installs
them as ``readiness_ui`` and ``readiness_questionnaires`` (``[tool.setuptools.package-dir]``
in pyproject.toml), so site-packages gains no generic name such as ``ui``. The sdist is
built from the source folder and the wheel from the sdist (``python -m build``), so a
file missing from the sdist fails here too.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from dataclasses import dataclass
from email.parser import Parser
from pathlib import Path, PurePosixPath

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
MAPPED: dict[str, str] = PYPROJECT["tool"]["setuptools"]["package-dir"]
PACKAGES = {"readiness": "readiness", **MAPPED}
"""Installed import name -> folder in the repository."""
FOLDER_NAMES = tuple(MAPPED.values())
LICENCE_FILES = ("LICENSE", "NOTICE", "readiness/reports/fonts/LICENSE.txt")


def _installed_path(path: Path) -> str:
    """Where a file of the repository's package folders lands in the wheel."""
    relative = path.relative_to(ROOT)
    for name, folder in PACKAGES.items():
        if relative.parts[0] == folder:
            return PurePosixPath(name, *relative.parts[1:]).as_posix()
    raise AssertionError(f"{relative} is in none of the packages")


def _package_files() -> list[Path]:
    return sorted(
        path
        for folder in PACKAGES.values()
        for path in (ROOT / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    )


@dataclass(frozen=True)
class Built:
    wheel: Path
    sdist: Path

    def wheel_names(self) -> set[str]:
        with zipfile.ZipFile(self.wheel) as archive:
            return set(archive.namelist())

    def wheel_text(self, name: str) -> str:
        with zipfile.ZipFile(self.wheel) as archive:
            return archive.read(name).decode("utf-8")

    def sdist_names(self) -> set[str]:
        with tarfile.open(self.sdist) as archive:
            top = archive.getnames()[0].split("/")[0]
            return {name.removeprefix(top + "/") for name in archive.getnames()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The sdist from the source folder, then the wheel from the sdist, offline."""
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (wheel,) = out.glob("readiness-*.whl")
    (sdist,) = out.glob("readiness-*.tar.gz")
    return Built(wheel, sdist)


@pytest.mark.slow
def test_the_wheel_adds_only_the_projects_own_import_names(built: Built) -> None:
    top = {
        name.split("/")[0]
        for name in built.wheel_names()
        if not name.split("/")[0].endswith((".dist-info", ".data"))
    }
    assert top == set(PACKAGES)
    assert all(name == "readiness" or name.startswith("readiness_") for name in top)
    dist_info = next(n.split("/")[0] for n in built.wheel_names() if ".dist-info/" in n)
    assert set(built.wheel_text(f"{dist_info}/top_level.txt").split()) == set(PACKAGES)


@pytest.mark.slow
def test_the_wheel_carries_every_module_and_data_file_under_its_installed_name(
    built: Built,
) -> None:
    names = built.wheel_names()
    expected = [_installed_path(path) for path in _package_files()]
    assert any(name.startswith("readiness_questionnaires/") for name in expected)
    assert any(name.startswith("readiness_ui/pages/") for name in expected)
    assert [name for name in expected if name not in names] == []
    assert not any(name.startswith(("tests/", "build/", *FOLDER_NAMES)) for name in names)


@pytest.mark.slow
def test_licence_and_notice_are_in_the_wheel_and_the_sdist(built: Built) -> None:
    names = built.wheel_names()
    dist_info = next(n.split("/")[0] for n in names if ".dist-info/" in n)
    for licence in LICENCE_FILES:
        assert f"{dist_info}/licenses/{licence}" in names
    metadata = Parser().parsestr(built.wheel_text(f"{dist_info}/METADATA"))
    assert metadata["License-Expression"] == "Apache-2.0"
    assert set(metadata.get_all("License-File") or ()) == set(LICENCE_FILES)
    assert "Apache License" in built.wheel_text(f"{dist_info}/licenses/LICENSE")

    sdist = built.sdist_names()
    wanted = {*LICENCE_FILES, "LICENSES/LGPL-3.0.txt", "constraints.txt", "setup.py"}
    wanted |= {"tests/test_packaging.py", "build/readiness.spec", ".ci/run", "ui/app.py"}
    assert wanted <= sdist
    assert not any("__pycache__" in name or name.endswith(".pyc") for name in sdist)


@pytest.mark.slow
def test_the_window_and_the_command_line_are_both_entry_points(built: Built) -> None:
    dist_info = next(n.split("/")[0] for n in built.wheel_names() if ".dist-info/" in n)
    entry_points = built.wheel_text(f"{dist_info}/entry_points.txt")
    sections: dict[str, dict[str, str]] = {}
    section = ""
    for line in entry_points.splitlines():
        if line.startswith("["):
            section = line.strip("[]")
        elif "=" in line:
            name, target = (part.strip() for part in line.split("=", 1))
            sections.setdefault(section, {})[name] = target
    assert sections["gui_scripts"] == {"readiness": "readiness_ui.launcher:main"}
    assert sections["console_scripts"] == {
        "readiness-cli": "readiness_ui.launcher:main",
        "readiness-hub": "readiness.hub.cli:main",  # the agency server (the hub extra)
    }


@pytest.mark.slow
def test_the_installed_wheel_finds_its_data_and_adds_no_generic_name(
    built: Built, tmp_path: Path
) -> None:
    target = tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet"]
    subprocess.run(
        [*pip, "--target", str(target), str(built.wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    probe = "; ".join(
        [
            "import importlib.util, pathlib, readiness, readiness_ui.launcher",
            f"root = pathlib.Path({str(target)!r})",
            "assert pathlib.Path(readiness.__file__).is_relative_to(root)",
            "assert pathlib.Path(readiness_ui.launcher.__file__).is_relative_to(root)",
            "assert importlib.util.find_spec('ui') is None",
            "assert importlib.util.find_spec('questionnaires') is None",
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


def _python_files() -> list[Path]:
    folders = [*PACKAGES.values(), "tests", "build"]
    return sorted(path for folder in folders for path in (ROOT / folder).rglob("*.py"))


def _imports_by_folder_name(text: str, inside_ui: bool) -> list[tuple[int, str]]:
    """(line, name) where ``text`` imports ``ui``/``questionnaires`` by folder name, or, in
    ``ui/``, names itself ``readiness_ui``: it imports its own modules relatively, so mypy
    checks the folder as it is and the same code runs installed."""
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            roots = [alias.name.split(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots = [node.module.split(".")[0]]
        else:
            continue
        found += [
            (node.lineno, root)
            for root in roots
            if root in FOLDER_NAMES or (inside_ui and root == "readiness_ui")
        ]
    return found


def test_code_imports_the_packages_by_their_installed_names() -> None:
    ui_folder = ROOT / MAPPED["readiness_ui"]
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path in _python_files()
        for line, name in _imports_by_folder_name(
            path.read_text(encoding="utf-8"), path.is_relative_to(ui_folder)
        )
    ]
    assert offenders == [], (
        "import ui/ as readiness_ui (and questionnaires/ as readiness_questionnaires); "
        "inside ui/, import its own modules relatively (from .widgets import fields)"
    )


def test_the_import_check_would_catch_a_folder_name() -> None:
    text = "import os\nfrom ui.app import run_app\nimport questionnaires\nfrom . import x\n"
    assert _imports_by_folder_name(text, inside_ui=False) == [(2, "ui"), (3, "questionnaires")]
    inside = "from readiness_ui.widgets import fields\nfrom .widgets import fields\n"
    assert _imports_by_folder_name(inside, inside_ui=True) == [(1, "readiness_ui")]
