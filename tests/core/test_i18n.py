"""Translation: the Spanish catalogue, switching language, and locale formatting."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from readiness.i18n import _, catalogue, current_language, format_number, set_language
from tests.core.spanish import neutral

ROOT = Path(__file__).resolve().parents[2]

NOT_YET_TRANSLATED = {
    # Modules whose interface text has no Spanish yet (issue 7 removes every entry).
    "readiness/cli",
}


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    yield
    set_language("en")


def test_switching_language_changes_every_later_lookup() -> None:
    assert _("New intake") == "New intake"
    set_language("es")
    assert current_language() == "es"
    assert _("New intake") == "Nueva entrevista"
    assert _("a sentence nobody translated") == "a sentence nobody translated"
    set_language("en")
    assert _("New intake") == "New intake"
    with pytest.raises(ValueError):
        set_language("fr")


def test_numbers_and_dates_follow_the_language() -> None:
    assert format_number(1234.5) == "1,234.5"
    set_language("es")
    assert format_number(1234.5) in ("1234,5", "1.234,5")
    from readiness.i18n import format_datetime

    text = format_datetime(datetime(2026, 3, 2, 15, 30, tzinfo=UTC), date_only=True)
    assert "2026" in text and "mar" in text.lower()


def _messages(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("_", "N_", "M_")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.args[0].value


def _translated_modules() -> list[Path]:
    modules = []
    for path in sorted(
        [*ROOT.joinpath("readiness").rglob("*.py"), *ROOT.joinpath("ui").rglob("*.py")]
    ):
        relative = path.relative_to(ROOT).as_posix()
        if not any(
            relative == skip or relative.startswith(skip + "/") for skip in NOT_YET_TRANSLATED
        ):
            modules.append(path)
    return modules


@pytest.mark.parametrize(
    "path", _translated_modules(), ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_every_interface_text_has_a_spanish_translation(path: Path) -> None:
    spanish = catalogue("es")
    missing = [m for m in _messages(path) if m not in spanish and not neutral(m)]
    assert missing == []


def test_translations_keep_their_placeholders() -> None:
    import re

    for english, spanish in catalogue("es").items():
        assert set(re.findall(r"{\w+}", english)) == set(re.findall(r"{\w+}", spanish)), english
