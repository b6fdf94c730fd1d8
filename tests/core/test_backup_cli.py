"""The backup commands: ``readiness backup``, ``backups`` and ``restore``."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from readiness.cli import backup as backup_cli
from readiness.errors import ReadinessError
from readiness.protection.backups import (
    list_backups,
)
from readiness.settings import Settings
from readiness.store.database import DatabaseLocation
from tests.core.backup_helpers import (
    KEY,
    backup_set,
    codes,
    fill,
    make_one,
)

# -- the command line --------------------------------------------------------------------


@dataclass
class FakeContext:
    """What the CLI hands a command: the chosen database and where to print."""

    location: DatabaseLocation
    out: io.StringIO = field(default_factory=io.StringIO)
    opened: Any = None
    closed: int = 0

    @property
    def db_path(self) -> Path:
        return self.location.path

    def database_location(self) -> DatabaseLocation:
        return self.location

    def settings(self) -> Settings:
        return Settings()

    def database(self) -> Any:
        if self.opened is None:
            self.opened = self.location.open()
        return self.opened

    def close(self) -> None:
        self.closed += 1
        if self.opened is not None:
            self.opened.close()
            self.opened = None


def _args(**values: Any) -> Any:
    import argparse

    base = {
        "folder": None,
        "json": False,
        "yes": True,
        "backup_passphrase_file": None,
        "staff": "MJ",
    }
    return argparse.Namespace(**{**base, **values})


def test_cli_backup_list_and_restore(live: Path, folder: Path) -> None:
    context = FakeContext(DatabaseLocation(live, KEY))
    assert backup_cli.run_backup(_args(folder=folder), context) == 0
    [made] = list_backups(backup_set(folder, live))
    assert f"to {made.path}." in context.out.getvalue()
    context.close()

    listing = FakeContext(DatabaseLocation(live, KEY))
    assert backup_cli.run_list(_args(folder=folder), listing) == 0
    assert made.path.name in listing.out.getvalue() and " KB  " in listing.out.getvalue()
    as_json = FakeContext(DatabaseLocation(live, KEY))
    backup_cli.run_list(_args(folder=folder, json=True), as_json)
    import json

    assert json.loads(as_json.out.getvalue())["backups"][0]["size"] == made.size

    fill(live, "AB12-0003")
    restoring = FakeContext(DatabaseLocation(live, KEY))
    restoring.database()  # opened by an earlier step: the command closes it first
    assert backup_cli.run_restore(_args(backup=made.path, folder=folder), restoring) == 0
    assert restoring.closed >= 1
    assert codes(live) == {"AB12-0001", "AB12-0002"}
    assert "restore it to undo" in restoring.out.getvalue()


def test_cli_restore_asks_and_no_answer_means_no(
    live: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = make_one(live, folder)
    fill(live, "AB12-0003")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    context = FakeContext(DatabaseLocation(live, KEY))
    assert backup_cli.run_restore(_args(backup=backup, folder=folder, yes=False), context) == 1
    assert codes(live) == {"AB12-0001", "AB12-0002", "AB12-0003"}
    monkeypatch.setattr("sys.stdin", io.StringIO("yes\n"))
    assert backup_cli.run_restore(_args(backup=backup, folder=folder, yes=False), context) == 0
    assert codes(live) == {"AB12-0001", "AB12-0002"}


def test_cli_refuses_practice_databases_and_lists_an_empty_folder(
    tmp_path: Path, folder: Path
) -> None:
    practice = DatabaseLocation(tmp_path / "practice.db", None)
    with pytest.raises(ReadinessError, match="practice databases are not backed up"):
        backup_cli.run_backup(_args(folder=folder), FakeContext(practice))
    context = FakeContext(practice)
    assert backup_cli.run_list(_args(folder=folder), context) == 0
    assert context.out.getvalue().strip() == f"No backups in {folder}."


def test_cli_commands_register_with_their_options() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    backup_cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["restore", "b.db", "--yes", "--db", "x.db", "--folder", "f"])
    assert (args.backup, args.yes, args.db, args.folder) == (
        Path("b.db"),
        True,
        Path("x.db"),
        Path("f"),
    )
    assert args.handler is backup_cli.run_restore
    assert parser.parse_args(["backups", "--json"]).handler is backup_cli.run_list
    assert parser.parse_args(["backup"]).handler is backup_cli.run_backup
