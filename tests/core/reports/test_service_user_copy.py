"""The service user's copy says each accepted item once, and explains the terms it uses."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from readiness.i18n import translator
from readiness.plan import Decision, Plan, PlanDecision, Responsible
from readiness.reports import plain_words
from readiness.reports.data import ReportData
from readiness.reports.jobs import report_for
from readiness.reports.pdf import render_report
from readiness.reports.service_user_content import terms_used
from tests.core.reports.helpers import inputs, pdf_text
from tests.core.reports.samples import filled_document


def copy_for(plan: Plan, locale: str) -> tuple[ReportData, str]:
    document = replace(filled_document(7, locale=locale), plan=plan)
    data = report_for(document, inputs(), locale)
    return data, pdf_text(render_report(data, "service-user"))


def accepted(recommendation_id: str, **assignment: object) -> PlanDecision:
    return PlanDecision(
        recommendation_id=recommendation_id, decision=Decision.ACCEPTED, **assignment
    )  # type: ignore[arg-type]


def sentence(recommendation_id: str, locale: str) -> str:
    return translator(locale).gettext(plain_words.PLAIN_SENTENCES[recommendation_id])


@pytest.mark.parametrize("locale", ["en", "es"])
def test_each_accepted_item_is_listed_once_whoever_does_it(locale: str) -> None:
    """Accepted technologies and supports given a "who" or a date were listed twice: once
    as the plan step and once, bare, under "Help we set up for you"."""
    plan = Plan(
        decisions=(
            accepted("text_check_ins", who=Responsible.WORKER),  # a technology
            accepted("captions", due=date(2026, 12, 14)),  # a technology
            accepted("captioned_phone"),  # a technology, nobody named
            accepted("practice_call", who=Responsible.PERSON),  # a support
            accepted("reminders", done=True),  # done: not ahead any more
        )
    )
    _data, text = copy_for(plan, locale)
    for recommendation_id in ("text_check_ins", "captions", "captioned_phone", "practice_call"):
        assert text.count(sentence(recommendation_id, locale)) == 1, recommendation_id
    assert sentence("reminders", locale) not in text


@pytest.mark.parametrize("locale", ["en", "es"])
def test_supports_are_help_set_up_and_technologies_next_steps(locale: str) -> None:
    plan = Plan(decisions=(accepted("text_check_ins"), accepted("practice_call")))
    data, _text = copy_for(plan, locale)
    assert data.outcome.plan.next_steps == (sentence("text_check_ins", locale),)
    assert data.outcome.plan.supports == (sentence("practice_call", locale),)


def glossary(text: str, locale: str) -> str:
    """The copy's text from its "Words we used" heading on ("" when it has none)."""
    heading = translator(locale).gettext(plain_words.GLOSSARY)
    return text[text.index(heading) :] if heading in text else ""


@pytest.mark.parametrize("locale", ["en", "es"])
def test_the_terms_the_copy_uses_are_explained_in_plain_words(locale: str) -> None:
    t = translator(locale)
    plan = Plan(decisions=(accepted("digital_navigator"), accepted("lifeline")))
    _data, text = copy_for(plan, locale)
    words_used = glossary(text, locale)
    for term_id in ("digital_navigator", "lifeline"):
        term, explanation = plain_words.TERMS[term_id]
        assert t.gettext(term).lower() in sentence(term_id, locale).lower()
        assert " ".join(t.gettext(explanation).split()) in words_used, term_id
    unused = t.gettext(plain_words.TERMS["captioned_phone"][1])
    assert unused not in words_used  # only the terms this copy uses


@pytest.mark.parametrize("locale", ["en", "es"])
def test_a_copy_without_such_terms_has_no_word_list(locale: str) -> None:
    _data, text = copy_for(Plan(decisions=(accepted("practice_call"),)), locale)
    assert glossary(text, locale) == ""


@pytest.mark.parametrize("locale", ["en", "es"])
def test_every_term_names_itself_in_its_explanation(locale: str) -> None:
    """Read alone, an explanation still says which word it explains."""
    t = translator(locale)
    for term, explanation in plain_words.TERMS.values():
        assert t.gettext(term).lower() in t.gettext(explanation).lower(), term


@given(
    before=st.text(max_size=60),
    after=st.text(max_size=60),
    term_id=st.sampled_from(sorted(plain_words.TERMS)),
    upper=st.booleans(),
    locale=st.sampled_from(["en", "es"]),
)
def test_a_term_is_explained_whenever_a_line_uses_it(
    before: str, after: str, term_id: str, upper: bool, locale: str
) -> None:
    """Whatever the worker wrote around it, in any letter case."""
    t = translator(locale)
    term = t.gettext(plain_words.TERMS[term_id][0])
    line = before + (term.upper() if upper else term) + after
    explained = dict(terms_used([line], t))
    assert explained[term] == t.gettext(plain_words.TERMS[term_id][1])
    names = [t.gettext(name) for name, _ in plain_words.TERMS.values()]
    assert set(explained) <= set(names)
    assume(not any(name.casefold() in before.casefold() for name in names))
    assert terms_used([before], t) == []  # nothing explained that the copy does not say
