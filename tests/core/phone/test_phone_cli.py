"""``readiness phone serve``: one JSON line with the address, the phone's results saved, exit 0;
exit 1 with the reason in words when no results come."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.cli import main
from readiness.store import repository
from readiness.store.database import open_database
from tests.core.phone.helpers import REPORT, phone_that_reports
from tests.factories import cli_key, import_into, make_document


@pytest.fixture
def records(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "r.db"
    db = open_database(path, key=cli_key())
    assessment = import_into(db, make_document("PH22-0001"), staff="AD")
    db.close()
    return path, assessment.id


def _serve(path: Path, assessment: str, *extra: str) -> int:
    return main(
        ["--db", str(path), "phone", "serve", "--assessment", assessment, "--bind", "127.0.0.1",
         "--staff", "MJ", *extra]
    )  # fmt: skip


def test_the_phones_results_are_saved_and_printed(
    records: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, assessment = records
    with phone_that_reports() as opened:
        assert _serve(path, assessment, "--json") == 0
    first, last = capsys.readouterr().out.strip().splitlines()
    listening = json.loads(first)
    assert listening == {"url": opened[0].url, "expires": opened[0].expires.isoformat()}
    assert listening["url"].startswith("http://127.0.0.1:")
    saved = json.loads(last)
    assert saved["status"] == "saved"
    assert [r["id"] for r in saved["results"]] == ["phone.connection", "phone.browser"]
    db = open_database(path, key=cli_key())
    stored = {r.check_id: r for r in repository.list_check_results(db, assessment)}
    db.close()
    assert stored["phone.connection"].values["download_mbps"].value == REPORT["download_mbps"]
    assert stored["phone.connection"].status.value == "good"


def test_text_output_shows_the_address_and_a_qr_code(
    records: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, assessment = records
    with phone_that_reports():
        assert _serve(path, assessment) == 0
    out = capsys.readouterr().out
    assert "Open this address on the phone: http://127.0.0.1:" in out
    assert "█" in out
    assert "phone.connection: good." in out


def test_without_results_it_says_why_and_exits_1(
    records: tuple[Path, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("readiness.phone.link.LIFETIME_S", 0.5)
    path, assessment = records
    assert _serve(path, assessment, "--json") == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out.splitlines()[-1]) == {"status": "expired", "page_opened": False}
    assert "guest Wi-Fi" in captured.err and "by hand" in captured.err


def test_a_bad_server_address_is_refused(
    records: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, assessment = records
    assert _serve(path, assessment, "--server", "ftp://nowhere") == 1
    assert "agency speed-test server" in capsys.readouterr().err
