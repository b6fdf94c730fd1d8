"""A passphrase file others on the computer can read is used, with a warning (it was
accepted silently): anyone who can read it can open the records."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from readiness.cli import main
from tests.conftest import TEST_KEY_HEX


@pytest.mark.skipif(os.name == "nt", reason="permission bits do not say who may read")
@pytest.mark.parametrize(("mode", "warned"), [(0o644, True), (0o640, True), (0o600, False)])
def test_a_passphrase_file_others_can_read_is_warned_of(
    mode: int, warned: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "passphrase.txt"
    key.write_text(f"x'{TEST_KEY_HEX}'\n", encoding="utf-8")
    key.chmod(mode)
    db = str(tmp_path / "r.db")
    assert main(["--db", db, "--passphrase-file", str(key), "assessments", "list"]) == 0
    err = capsys.readouterr().err
    warning = (
        f"readiness: warning: {key}: other people on this computer can read this passphrase "
        f"file; make it private (chmod 600 {key})\n"
    )
    assert (err == warning) if warned else (err == "")


def test_an_empty_passphrase_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "passphrase.txt"
    key.write_text("\n  \n", encoding="utf-8")
    key.chmod(0o600)
    assert main(["--db", str(tmp_path / "r.db"), "--passphrase-file", str(key), "backup"]) == 1
    assert capsys.readouterr().err == f"readiness: error: {key}: the passphrase file is empty\n"


@pytest.mark.skipif(os.name == "nt", reason="permission bits do not say who may read")
def test_a_report_password_file_others_can_read_is_warned_of(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``report --password-file`` read its file on its own, silently, and hung on a pipe."""
    import argparse

    from readiness.cli.report import read_password

    secret = tmp_path / "pw.txt"
    secret.write_text("correct horse\n", encoding="utf-8")
    secret.chmod(0o644)
    assert read_password(argparse.Namespace(password_env=False, password_file=secret)) == (
        "correct horse"
    )
    assert f"{secret}: other people on this computer can read" in capsys.readouterr().err
