"""Invariants over the reports' wording (texts.yaml) and the rule files it words."""

from __future__ import annotations

import string

import pytest

from readiness.model import LOCALES
from readiness.reports.measurements import CHECK_ORDER
from readiness.reports.texts import catalogue, long_date, texts_for
from tests.core.reports.helpers import inputs


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(catalogue()))
def test_every_text_exists_in_every_language_with_the_same_placeholders(key: str) -> None:
    texts = catalogue()[key]
    assert set(texts) == set(LOCALES), key
    assert all(text.strip() for text in texts.values()), key
    assert len({frozenset(_fields(text)) for text in texts.values()}) == 1, key


def test_the_rules_and_checks_all_have_report_wording() -> None:
    rules = inputs().rules.ruleset
    keys = catalogue()
    missing = [f"strength.{d.id}" for d in rules.domains if f"strength.{d.id}" not in keys]
    missing += [f"way.{c.id}" for c in rules.channels if f"way.{c.id}" not in keys]
    missing += [f"plain.{e.id}" for e in rules.catalogue if f"plain.{e.id}" not in keys]
    missing += [f"check.{c}" for c in CHECK_ORDER if f"check.{c}" not in keys]
    assert missing == []


def test_spanish_wording_keeps_its_accents() -> None:
    t = texts_for("es")
    assert t("staff.title") == "Informe de preparación digital"
    assert t("footer.page", page=1, pages=2) == "Página 1 de 2"


def test_dates_read_naturally_in_each_language() -> None:
    from datetime import date

    day = date(2026, 12, 7)
    assert long_date(day, "en", weekday=True) == "Monday, December 7, 2026"
    assert long_date(day, "es", weekday=True) == "lunes, 7 de diciembre de 2026"
