"""One command, one module: a run of ``readiness COMMAND`` imports and registers only it.

``readiness.cli.COMMANDS`` names each command's module so a command does not load the
other fifteen; it must say exactly what the modules register, and help or a word that
is not a command still gets every command.
"""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys

import pytest

from readiness.cli import COMMAND_MODULES, COMMANDS, build_parser, command_module


def _registered(module: str) -> list[str]:
    parser = argparse.ArgumentParser()
    subparsers = parser.add_subparsers(dest="command")
    importlib.import_module(module).register(subparsers)
    return list(subparsers.choices)


def test_the_table_names_what_each_module_registers() -> None:
    registered = {name: module for module in COMMAND_MODULES for name in _registered(module)}
    assert registered == COMMANDS


@pytest.mark.parametrize(
    ("words", "module"),
    [
        (["assess", "--input", "x.json"], "readiness.cli.assess"),
        (["--db", "assess", "report", "abc"], "readiness.cli.report"),  # a file named assess
        (["--passphrase-file", "k.txt", "--db=x.db", "backups"], "readiness.cli.backup"),
        (["--help", "assess"], None),
        (["--", "assess"], None),
        (["asses"], None),
        ([], None),
        (["--version"], None),
    ],
)
def test_the_command_is_found_after_the_global_options(
    words: list[str], module: str | None
) -> None:
    assert command_module(words) == module


def test_help_and_unknown_words_still_list_every_command() -> None:
    for words in ([], ["--help"], ["nonsense"]):
        parser = build_parser(words)
        commands = next(
            action for action in parser._actions if isinstance(action, argparse._SubParsersAction)
        )
        assert set(commands.choices) == set(COMMANDS)


def test_a_command_imports_no_other_command_module() -> None:
    probe = (
        "import sys; from readiness.cli import build_parser;"
        "build_parser(['assess', '--input', 'x.json']);"
        "print(sorted(m for m in sys.modules if m.startswith('readiness.cli.')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.split() == ["['readiness.cli.assess']"]
