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


def test_the_import_contracts_hold() -> None:
    """The layers of the core and its wall against Qt (``[tool.importlinter]`` in
    pyproject.toml), checked by import-linter over every import, lazy ones included."""
    import subprocess
    import sys

    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(linter), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "Core layers: each imports only the layers below it KEPT" in result.stdout
    assert "The core never imports the GUI or Qt KEPT" in result.stdout
    assert "Pages, widgets and models never touch the store KEPT" in result.stdout
    assert "The GUI's modules import one another without cycles KEPT" in result.stdout


def _names_the_gui(path: Path) -> list[str]:
    """String constants in ``path`` that name a module of the GUI package (``ui.…``)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        text = node.value if isinstance(node, ast.Constant) else None
        gui = ("ui.", "ui:", "readiness_ui.", "readiness_ui:")
        if isinstance(text, str) and text.startswith(gui) and " " not in text:
            found.append(text)
    return found


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_core_never_names_the_gui_in_a_string(path: Path) -> None:
    """No ``importlib.import_module("ui.…")``: the launcher hands the core what it needs."""
    assert _names_the_gui(path) == []


def test_the_string_check_would_catch_a_named_gui_module(tmp_path: Path) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text('"""Doc."""\nFACTORY = "readiness_ui.probes.cli:cli_media_checks"\n')
    assert _names_the_gui(sample) == ["readiness_ui.probes.cli:cli_media_checks"]


# -- threads in the core come only from readiness/concurrency.py -------------------------

CONCURRENCY_MODULE = "readiness/concurrency.py"
THREAD_MAKERS = {"Thread", "Timer", "ThreadPoolExecutor", "ThreadPool", "start_new_thread"}
"""Names whose call starts a thread (``threading``, ``concurrent.futures``, ``_thread``...)."""


def _thread_starts(path: Path) -> list[str]:
    """What in ``path`` starts a thread outside Qt: a call to a thread maker (however it was
    imported or aliased), importing one by name, or the low-level ``_thread`` module.

    The source is parsed rather than searched, so ``any_thread=True`` or a docstring that
    names ``threading.Thread(`` is not mistaken for a thread.
    """
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name == "_thread"]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            if node.module == "_thread":
                found.append("_thread")
            found += [alias.name for alias in node.names if alias.name in THREAD_MAKERS]
        elif isinstance(node, ast.Call):
            called = node.func
            name = called.attr if isinstance(called, ast.Attribute) else getattr(called, "id", "")
            if name in THREAD_MAKERS:
                found.append(f"{name}(")
    return found


def test_only_the_concurrency_module_starts_threads_in_the_core_and_the_ui() -> None:
    offenders = {
        str(path.relative_to(ROOT)): starts
        for path in ALL_MODULES
        if path.relative_to(ROOT).as_posix() != CONCURRENCY_MODULE
        and (starts := _thread_starts(path))
    }
    assert offenders == {}


def test_the_concurrency_module_is_where_threads_start() -> None:
    assert "Thread(" in _thread_starts(ROOT / CONCURRENCY_MODULE)


@pytest.mark.parametrize(
    "source",
    [
        "import threading\nthreading.Thread(target=print).start()\n",
        "import threading as t\nt.Timer(1.0, print).start()\n",
        "from threading import Thread\n",
        "def f():\n    from concurrent.futures import ThreadPoolExecutor\n",
        "import concurrent.futures\nconcurrent.futures.ThreadPoolExecutor(2)\n",
        "import _thread\n",
        "from _thread import allocate_lock\n",
    ],
)
def test_the_thread_check_would_catch_an_offender(tmp_path: Path, source: str) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text(source)
    assert _thread_starts(sample)


def test_the_thread_check_ignores_locks_events_and_words(tmp_path: Path) -> None:
    sample = tmp_path / "fine.py"
    sample.write_text(
        '"""Never call threading.Thread( here."""\n'
        "import threading\n"
        "lock, stop = threading.Lock(), threading.Event()\n"
        "conn = connect('x.db', any_thread=True)\n"
    )
    assert _thread_starts(sample) == []


# -- no connection crosses threads ---------------------------------------------------------

THREAD_SHARING = {"check_same_thread", "any_thread"}
"""Keyword arguments and parameters that would let a connection be used on another thread."""


def _shares_connections(path: Path) -> list[str]:
    """Where ``path`` passes ``check_same_thread``/``any_thread`` or takes such a parameter.

    SQLite refuses a connection on any thread but the one that opened it, as long as
    no one asks otherwise; nothing may ask (a worker opens its own connection).
    """
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            found += [
                f"{keyword.arg}= (l.{node.lineno})"
                for keyword in node.keywords
                if keyword.arg in THREAD_SHARING
            ]
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            arguments = node.args
            found += [
                f"parameter {argument.arg} (l.{node.lineno})"
                for argument in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)
                if argument.arg in THREAD_SHARING
            ]
    return found


def test_no_module_lets_a_connection_cross_threads() -> None:
    everything = sorted([*ALL_MODULES, *(ROOT / "tests").rglob("*.py")])
    offenders = {
        str(path.relative_to(ROOT)): found
        for path in everything
        if (found := _shares_connections(path))
    }
    assert offenders == {}


@pytest.mark.parametrize(
    "source",
    [
        "import sqlite3\nsqlite3.connect('x.db', check_same_thread=False)\n",
        "conn = connect('x.db', None, any_thread=True)\n",
        "def open_it(path, *, any_thread=False):\n    pass\n",
    ],
)
def test_the_connection_check_would_catch_an_offender(tmp_path: Path, source: str) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text(source)
    assert _shares_connections(sample)


def test_the_connection_check_ignores_words(tmp_path: Path) -> None:
    sample = tmp_path / "fine.py"
    sample.write_text('"""Never pass check_same_thread=False."""\nNAME = "any_thread=True"\n')
    assert _shares_connections(sample) == []
