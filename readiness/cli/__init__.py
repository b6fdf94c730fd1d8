"""The ``readiness`` command: the headless face of the core.

``readiness`` with no command opens the GUI: the launcher in ``ui/`` hands in a
function for that, and one that builds the Qt media probes for ``check device
--media``, so this package never imports Qt or names the GUI. Each command group lives in
its own module that exposes ``register(subparsers)``; a command's handler takes the
parsed arguments and a ``CliContext`` and returns the exit code. The context reads
the settings file once per run, when a command first needs it, and hands the same
settings to every part of the command. A ``ReadinessError`` becomes one line on
stderr and exit code 1; no traceback reaches the user for their mistakes. A database
error is said for what it is (busy, the disk full, damaged); damaged records name the
last good backup.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO

from readiness import __version__
from readiness.errors import DamagedDatabaseError, ReadinessError

if TYPE_CHECKING:
    from sqlite_utils import Database

    from readiness.cli.check import MediaChecksFactory
    from readiness.interpret import Interpretation
    from readiness.settings import LoadedSettings, Settings
    from readiness.store.database import DatabaseLocation

COMMAND_MODULES = (
    "readiness.cli.assess",
    "readiness.cli.assessments",
    "readiness.cli.check",
    "readiness.cli.phone",
    "readiness.cli.demo",
    "readiness.cli.questionnaire",
    "readiness.cli.report",
    "readiness.cli.export",
    "readiness.cli.reliability",
    "readiness.cli.backup",
    "readiness.cli.seal",
    "readiness.cli.audit",
    "readiness.cli.erase",
    "readiness.cli.settings",
    "readiness.cli.hub",
    "readiness.cli.sync",
)
"""Modules that add commands; each has ``register(subparsers)``."""

COMMANDS = {
    "assess": "readiness.cli.assess",
    "assessments": "readiness.cli.assessments",
    "assessment": "readiness.cli.assessments",
    "check": "readiness.cli.check",
    "phone": "readiness.cli.phone",
    "demo": "readiness.cli.demo",
    "questionnaire": "readiness.cli.questionnaire",
    "report": "readiness.cli.report",
    "export": "readiness.cli.export",
    "reliability": "readiness.cli.reliability",
    "backup": "readiness.cli.backup",
    "backups": "readiness.cli.backup",
    "restore": "readiness.cli.backup",
    "agency-keys": "readiness.cli.seal",
    "seal": "readiness.cli.seal",
    "unseal": "readiness.cli.seal",
    "audit": "readiness.cli.audit",
    "erase": "readiness.cli.erase",
    "purge": "readiness.cli.erase",
    "settings": "readiness.cli.settings",
    "hub": "readiness.cli.hub",
    "sync": "readiness.cli.sync",
}
"""Each command's module, so that running one command imports only its own module (a
test checks this against what each module registers)."""
OPTIONS_WITH_VALUE = ("--db", "--passphrase-file")
"""The options before the command that take the next word as their value."""

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2

GuiLauncher = Callable[[Path | None], int]


class Handler(Protocol):
    def __call__(self, args: argparse.Namespace, context: CliContext) -> int: ...


@dataclass
class CliContext:
    """What a command handler may use: the chosen database, the settings and the output stream."""

    db_path: Path | None
    out: TextIO = field(default_factory=lambda: sys.stdout)
    passphrase_file: Path | None = None
    media_checks: MediaChecksFactory | None = None
    """Builds the Qt media probes (from the launcher); None where the GUI is not installed."""
    _db: Database | None = None
    _location: DatabaseLocation | None = None
    _settings: LoadedSettings | None = None
    _settings_told: bool = False
    _interpretation: Interpretation | None = None

    def loaded_settings(self) -> LoadedSettings:
        """The settings file, read once for this run: values, origins and what was dropped."""
        if self._settings is None:
            from readiness.settings import load_settings, settings_path

            self._settings = load_settings(settings_path())
        return self._settings

    def settings(self) -> Settings:
        """The settings in force; what was dropped from the file is said once, on stderr."""
        loaded = self.loaded_settings()
        if not self._settings_told:
            self._settings_told = True
            for problem in loaded.problems:
                print(f"readiness: warning: {problem.message}", file=sys.stderr)
        return loaded.settings

    def interpretation(self) -> Interpretation:
        """What interprets an assessment under Settings (``readiness.interpret``), built once."""
        if self._interpretation is None:
            from readiness.interpret import interpret

            self._interpretation = interpret(self.settings())
            for warning in self._interpretation.warnings:
                print(f"readiness: warning: {warning}", file=sys.stderr)
        return self._interpretation

    def database_location(self) -> DatabaseLocation:
        """The chosen database (``--db`` or the default) and the key that opens it.

        The records are encrypted: the key comes from ``--passphrase-file``, the
        credential store or a prompt (``readiness.cli.unlock``). A practice database
        (marked in its file header, ``readiness.practice.marker``) has no key: no
        passphrase is asked for, and stderr says once that its people are fictional.
        """
        from readiness.cli.unlock import resolve_key
        from readiness.paths import default_database_path
        from readiness.practice import is_practice_file
        from readiness.store.database import DatabaseLocation

        if self._location is None:  # asked once, even if the command also opens it
            path = self.db_path or default_database_path()
            if is_practice_file(path):
                print(
                    f"readiness: {path} is a practice database: everyone in it is fictional",
                    file=sys.stderr,
                )
                self._location = DatabaseLocation(path, None)
                return self._location
            new = not path.exists() or path.stat().st_size == 0
            key = resolve_key(path, self.passphrase_file, new=new)
            self._location = DatabaseLocation(path, key)
        return self._location

    def database(self) -> Database:
        """Open (once) and return the database chosen with ``--db`` or the default one."""
        if self._db is None:
            from readiness.store.database import open_database

            location = self.database_location()
            self._db = open_database(
                location.path, key=location.key, create_dir=self.db_path is None
            )
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def counted(count: int, one: str, many: str) -> str:
    """A count with its noun in English ("1 assessment", "3 assessments"): the CLI's words."""
    return f"{count} {one if count == 1 else many}"


def command_module(argv: Sequence[str]) -> str | None:
    """The module of the command ``argv`` runs, or None: no command, help asked for
    before it, or a word that is not a command (then every command is registered, so
    help and errors list them all)."""
    value_next = False
    for word in argv:
        if value_next:
            value_next = False
        elif word in OPTIONS_WITH_VALUE:
            value_next = True
        elif word in ("-h", "--help", "--"):
            return None
        elif not word.startswith("-"):
            return COMMANDS.get(word)
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given the words of the command line, only the module of the command
    they name is imported and registered (a command does not load every other one)."""
    only = command_module(argv) if argv is not None else None
    modules = (only,) if only is not None and only in COMMAND_MODULES else COMMAND_MODULES
    parser = argparse.ArgumentParser(
        prog="readiness",
        description="Digital readiness and access-equity assessment. "
        "With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"readiness {__version__}")
    parser.add_argument(
        "--db", type=Path, metavar="PATH", help="database file to use instead of the default one"
    )
    parser.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="FILE",
        help="file holding the database passphrase (for scripts; otherwise you are asked)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check that this installation works (headless, in a temporary folder) and exit",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in modules:
        importlib.import_module(name).register(subparsers)
    return parser


def self_test(args: argparse.Namespace, context: CliContext) -> int:  # noqa: ARG001
    """``--self-test``: check this installation in a temporary folder (never the real database)."""
    from readiness.selftest import run_self_test

    return run_self_test(context.out)


def main(
    argv: Sequence[str] | None = None,
    open_gui: GuiLauncher | None = None,
    media_checks: MediaChecksFactory | None = None,
) -> int:
    """Run the command line; returns the process exit code.

    ``open_gui`` and ``media_checks`` come from the launcher in ``ui/`` (None when the
    core runs on its own, as ``python -m readiness``).
    """
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(words)
    args = parser.parse_args(words)
    handler: Handler | None = self_test if args.self_test else getattr(args, "handler", None)
    if handler is None:
        if args.command is not None:  # a group such as "assessment" with no sub-command
            parser.parse_args([*words, "--help"])
        if open_gui is None:
            print("readiness: error: the app is not available here; try --help", file=sys.stderr)
            return EXIT_USAGE
        return open_gui(args.db)
    context = CliContext(
        db_path=args.db, passphrase_file=args.passphrase_file, media_checks=media_checks
    )
    try:
        return handler(args, context)
    except DamagedDatabaseError as exc:
        from readiness.cli.backup import with_last_good_backup

        offered = exc if exc.backup is not None else with_last_good_backup(exc, context)
        print(f"readiness: error: {offered}", file=sys.stderr)
        return EXIT_ERROR
    except ReadinessError as exc:
        print(f"readiness: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("readiness: stopped", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. "| head"); stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except Exception as exc:
        from readiness.store.sql_errors import DATABASE_ERRORS

        if not isinstance(exc, DATABASE_ERRORS):
            raise
        from readiness.paths import default_database_path
        from readiness.store.sql_errors import database_error_text

        path = context.db_path or default_database_path()
        print(f"readiness: error: {database_error_text(path, exc)}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        context.close()
