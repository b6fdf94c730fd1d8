"""The agency's key, honoured by the command line: ``export``, ``report`` and ``audit --csv``.

Before issue 18, with a public key in Settings the CLI still wrote plain files and said
nothing. Now a key in Settings seals (the name gets ``.sealed``, and the file opens
with ``readiness unseal`` at the agency); ``--plain`` writes a readable file and warns;
without a key the plain file is warned about; a key that is set but unusable refuses.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from readiness.cli import main
from readiness.protection.sealing import unseal_file
from readiness.settings import settings_path
from readiness.store.database import open_database
from tests.core.reports.samples import BASE_TIME, filled_document
from tests.core.test_sealing import Agency, agency  # noqa: F401 - the session's key pair
from tests.factories import cli_key, import_into

ASSESSMENT = "10000000-0000-4000-8000-000000000001"
WARNING = "readiness: warning: This export is not sealed."


@pytest.fixture
def records(tmp_path: Path) -> Path:
    path = tmp_path / "r.db"
    db = open_database(path, key=cli_key())
    for index in range(2):
        document = filled_document(
            index + 1, code=f"SE{index}", created=BASE_TIME + timedelta(days=index)
        )
        import_into(db, document)
    db.close()
    return path


def _settings(**values: str) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"staff_initials": "MJ", **values}), encoding="utf-8")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _commands(records: Path, out: Path) -> dict[str, list[str]]:
    base = ["--db", str(records)]
    return {
        "export": [*base, "export", "--format", "csv", "--out", str(out / "all.csv")],
        "report": [
            *base, "report", ASSESSMENT, "--audience", "staff", "--out", str(out / "r.pdf")
        ],
        "audit": [*base, "audit", "--csv", str(out / "log.csv")],
    }  # fmt: skip


PLAIN_START = {"export": b"\xef\xbb\xbf", "report": b"%PDF", "audit": b"\xef\xbb\xbf"}
NAMES = {"export": "all.csv", "report": "r.pdf", "audit": "log.csv"}


@pytest.mark.parametrize("plain", [False, True], ids=["sealed", "--plain"])
@pytest.mark.parametrize("command", ["export", "report", "audit"])
def test_with_the_agency_key_in_settings_the_file_is_sealed_unless_plain_is_asked_for(
    command: str,
    plain: bool,
    records: Path,
    agency: Agency,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    _settings(agency_public_key=str(agency.public_path))
    out = records.parent / "out"
    out.mkdir()
    code, said, err = _run(capsys, *_commands(records, out)[command], *(["--plain"] * plain))
    assert code == 0, err
    readable, sealed = out / NAMES[command], out / f"{NAMES[command]}.sealed"
    if plain:  # asked for, and warned about
        assert err.startswith(WARNING) and not sealed.exists()
        assert readable.read_bytes().startswith(PLAIN_START[command])
        return
    assert WARNING not in err and not readable.exists() and str(sealed) in said
    opened = records.parent / "opened"
    unseal_file(sealed, opened, agency.private)
    assert opened.read_bytes().startswith(PLAIN_START[command])


def test_without_a_key_the_plain_file_is_warned_about(
    records: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _settings()
    code, _said, err = _run(capsys, *_commands(records, tmp_path)["export"])
    assert code == 0 and err.startswith(WARNING)
    assert (tmp_path / "all.csv").exists()


def test_a_key_set_but_unusable_refuses_the_file(
    records: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _settings(agency_public_key=str(tmp_path / "gone.pem"))
    for command in ("export", "report"):
        code, _said, err = _run(capsys, *_commands(records, tmp_path)[command])
        assert code == 1 and "refused" in err and "gone.pem" in err
    assert [path.name for path in tmp_path.iterdir() if ".db" not in path.name] == []


def test_the_audit_log_says_whether_each_file_was_sealed(
    records: Path,
    tmp_path: Path,
    agency: Agency,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    _settings(agency_public_key=str(agency.public_path))
    commands = _commands(records, tmp_path)
    assert _run(capsys, *commands["export"])[0] == 0
    assert _run(capsys, *commands["report"], "--plain")[0] == 0
    db = open_database(records, key=cli_key())
    rows = db.execute(
        "SELECT staff_initials, assessment_id, detail FROM audit_log "
        "WHERE action = 'exported' ORDER BY id"
    ).fetchall()
    db.close()
    assert rows == [
        ("MJ", None, "csv, sealed, 2 assessments, all dates"),
        ("MJ", ASSESSMENT, "pdf report, staff, plain"),
    ]
