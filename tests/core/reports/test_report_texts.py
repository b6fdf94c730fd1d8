"""Invariants over the reports' wording and the rule files it words: every domain, way of
connecting, recommendation and check has its report wording, in Spanish too."""

from __future__ import annotations

from readiness.i18n import translator
from readiness.reports.measurements import CHECK_ORDER, CHECK_TITLES, STATUS_TEXTS, VALUE_LABELS
from readiness.reports.plain_words import PLAIN_SENTENCES, STRENGTHS, WAYS_TO_CONNECT
from readiness.reports.staff_words import (
    DECISION_NAMES,
    LANGUAGE_NAMES,
    LEVEL_NAMES,
    STATUS_NAMES,
    VERDICT_NAMES,
)
from tests.core.reports.helpers import inputs
from tests.core.spanish import spanish_entries


def test_the_rules_and_checks_all_have_report_wording() -> None:
    rules = inputs().rules.ruleset
    missing = [f"strength {d.id}" for d in rules.domains if d.id not in STRENGTHS]
    missing += [f"way {c.id}" for c in rules.channels if c.id not in WAYS_TO_CONNECT]
    missing += [f"plain {e.id}" for e in rules.catalogue if e.id not in PLAIN_SENTENCES]
    missing += [f"check {c}" for c in CHECK_ORDER if c not in CHECK_TITLES]
    assert missing == []


def test_every_word_of_the_reports_has_spanish() -> None:
    spanish = spanish_entries()
    tables = (STRENGTHS, WAYS_TO_CONNECT, PLAIN_SENTENCES, STATUS_NAMES, LANGUAGE_NAMES)
    tables += (LEVEL_NAMES, VERDICT_NAMES, DECISION_NAMES)
    missing = [m for table in tables for m in table.values() if ("", m) not in spanish]
    messages = [*CHECK_TITLES.values(), *STATUS_TEXTS.values(), *VALUE_LABELS.values()]
    missing += [m.msgid for m in messages if (m.context, m.msgid) not in spanish]
    assert missing == []


def test_spanish_wording_keeps_its_accents() -> None:
    t = translator("es")
    assert t.gettext("Digital readiness report") == "Informe de preparación digital"
    assert t.gettext("Page {page} of {pages}").format(page=1, pages=2) == "Página 1 de 2"
