"""Translators: one per language, passed explicitly; lookups, plurals, contexts, numbers, dates,
a missing compiled catalogue, and a core that holds no current language."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from readiness.errors import ReadinessError
from readiness.i18n import ENGLISH, CatalogueMissing, translator
from readiness.i18n import catalogues as catalogue_files
from readiness.messages import M_, MN_

ROOT = Path(__file__).resolve().parents[2]
SPANISH = translator("es")


def test_each_language_has_its_own_translator() -> None:
    assert ENGLISH.gettext("New intake") == "New intake"
    assert SPANISH.gettext("New intake") == "Nueva entrevista"
    assert SPANISH.gettext("a sentence nobody translated") == "a sentence nobody translated"
    assert translator("es") is SPANISH  # made once
    with pytest.raises(ValueError):
        translator("fr")


def test_plurals_and_contexts() -> None:
    assert SPANISH.ngettext("{count} day ago", "{count} days ago", 1) == "hace {count} día"
    assert SPANISH.ngettext("{count} day ago", "{count} days ago", 5) == "hace {count} días"
    assert ENGLISH.ngettext("{count} day ago", "{count} days ago", 0) == "{count} days ago"
    assert SPANISH.pgettext("report", "Download") == "Bajada"
    assert SPANISH.gettext("Download") == "Descarga"
    assert SPANISH.npgettext("nowhere", "{count} day ago", "{count} days ago", 2) == (
        "{count} days ago"  # no such context: the English form, like gettext
    )


def test_numbers_and_dates_follow_the_translator() -> None:
    assert ENGLISH.format_number(1234.5) == "1,234.5"
    assert SPANISH.format_number(1234.5) in ("1234,5", "1.234,5")
    text = SPANISH.format_datetime(datetime(2026, 3, 2, 15, 30, tzinfo=UTC), date_only=True)
    assert "2026" in text and "mar" in text.lower()
    day = date(2026, 12, 7)
    assert ENGLISH.format_long_date(day, weekday=True) == "Monday, December 7, 2026"
    assert SPANISH.format_long_date(day) == "7 de diciembre de 2026"
    assert SPANISH.format_long_date(day, weekday=True) == "lunes, 7 de diciembre de 2026"


def test_a_missing_compiled_catalogue_says_how_to_make_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(catalogue_files, "compiled_file", lambda locale: tmp_path / "none.mo")
    with pytest.raises(CatalogueMissing, match=r"build/compile_catalogues\.py"):
        catalogue_files.open_catalogue("es")


def test_core_errors_are_english_and_keep_their_message() -> None:
    error = ReadinessError(M_("{path}: no such file", path="/tmp/x"))
    assert str(error) == "/tmp/x: no such file"
    assert SPANISH.render(error.message) == "/tmp/x: el archivo no existe"
    plain = ReadinessError("typed as it is")
    assert str(plain) == SPANISH.render(plain.message) == "typed as it is"
    counted = ReadinessError(MN_("{count} thing", "{count} things", count=1))
    assert str(counted) == "1 thing"


def test_the_core_holds_no_current_language() -> None:
    offenders = []
    pattern = re.compile(
        r"\b(set_language|current_language)\b|^from readiness\.i18n import .*\b_\b"
    )
    for path in sorted(ROOT.joinpath("readiness").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []
