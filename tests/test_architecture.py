"""Invariants over the source tree: the core never imports Qt; every module says what it is for."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = sorted((ROOT / "readiness").rglob("*.py"))
ALL_MODULES = sorted([*CORE, *(ROOT / "ui").rglob("*.py")])
QT_PACKAGES = {"PySide6", "shiboken6", "PyQt5", "PyQt6", "readiness_ui"}


def _imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(ROOT)))
def test_core_module_imports_no_qt_and_no_ui(path: Path) -> None:
    assert not (_imported_roots(path) & QT_PACKAGES)


def test_the_check_would_catch_a_qt_import(tmp_path: Path) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text("def f():\n    from PySide6.QtCore import QObject\n")
    assert _imported_roots(sample) & QT_PACKAGES == {"PySide6"}


@pytest.mark.parametrize("path", ALL_MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_starts_with_a_docstring(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{path.relative_to(ROOT)} needs a docstring"


def test_only_ui_tasks_starts_threads() -> None:
    offenders = []
    for path in ALL_MODULES:
        if path.name == "tasks.py" and path.parent.name == "ui":
            continue
        text = path.read_text(encoding="utf-8")
        if "QThreadPool" in text or "QThread(" in text or "moveToThread" in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_only_the_connection_factory_opens_databases() -> None:
    offenders = []
    for path in ALL_MODULES:
        if path.relative_to(ROOT).as_posix() == "readiness/store/database.py":
            continue
        text = path.read_text(encoding="utf-8")
        if "sqlite3.connect(" in text or "Database(" in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
