"""Hostile text in every free-text field the store takes: saved intact, or one clear refusal.

Arbitrary text (controls, bidi overrides, lone surrogates, line breaks, very long
runs) goes into each field through the function the app uses. Either it reads back
exactly (after the field's documented trimming or upper-casing), or it is refused
with a ``TextFieldError`` that names the field and never repeats the text; any
other exception fails the test.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from readiness.cli import main as cli_main
from readiness.errors import DocumentError, ReadinessError
from readiness.i18n import translator
from readiness.model import Answer, normalize_code, utc_now
from readiness.plan import Decision, Plan
from readiness.protection import audit as audit_log
from readiness.store import audit, plans, repository
from readiness.store import text_fields as fields
from readiness.store.database import open_memory_database
from readiness.store.text_fields import TextFieldError
from tests.factories import import_into, make_document

HOSTILE = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\u202e", "\u2066", "\ud800", "\udcff"]
BREAKS = ["\n", "\r", "\t", "\u2028", "\u2029"]
FRIENDLY = ["\u200f", "\u200d", "\u061c", "é", "ñ", "李", "🙂", " ", "'", '"', ";", "%"]

characters = st.one_of(
    st.characters(exclude_categories=()),  # every code point, surrogates included
    st.sampled_from(HOSTILE + BREAKS + FRIENDLY),
)
short_text = st.text(characters, max_size=40)
long_text = st.builds(lambda part, times: part * times, short_text, st.integers(1, 400))
any_text = st.one_of(short_text, long_text)

FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def refused(info: pytest.ExceptionInfo[TextFieldError], field: fields.TextField, text: str) -> None:
    """The refusal names the field and does not repeat the text it refused."""
    message = str(info.value)
    assert info.value.field == field.key
    assert field.label in message
    if len(text.strip()) > 3 and field not in (fields.SERVICE_USER_CODE, fields.STAFF_INITIALS):
        assert text.strip() not in message
    assert "\n" not in message


def expect_refusal(field: fields.TextField, text: str, action: Any) -> None:
    with pytest.raises(TextFieldError) as info:
        action()
    refused(info, field, text)


# -- the person ------------------------------------------------------------------------


@FAST
@given(st.one_of(any_text, st.from_regex(r"\s?[A-Za-z0-9][A-Za-z0-9._-]{1,31}\s?", fullmatch=True)))
@example(" ab12-0042 ")
@example("ıd-1")
@example("AB\u202e12")
@example("\ue000" + "\U0002ebe1" * 16)  # astral characters once made a 300-character message
def test_service_user_code(text: str) -> None:
    db = open_memory_database()
    try:
        user = repository.create_service_user(db, text)
    except TextFieldError as exc:
        assert exc.field == fields.SERVICE_USER_CODE.key
        assert fields.SERVICE_USER_CODE.label in str(exc)
        assert len(str(exc)) < 300
        return
    assert user.code == text.strip().upper()
    assert repository.find_service_user(db, text) == user
    assert repository.get_service_user(db, user.id).code == user.code


@FAST
@given(any_text)
@example("  Sam  ")
@example("Sam\x00")
def test_preferred_name(text: str) -> None:
    db = open_memory_database()
    try:
        user = repository.create_service_user(db, "AB12-0042", preferred_name=text)
    except TextFieldError as exc:
        assert exc.field == fields.PREFERRED_NAME.key
        assert text.strip() not in str(exc) or len(text.strip()) <= 3
        return
    assert user.preferred_name == (text.strip() or None)
    assert repository.get_service_user(db, user.id).preferred_name == user.preferred_name


@FAST
@given(st.one_of(any_text, st.text(st.characters(categories=["L"]), min_size=1, max_size=5)))
@example(" mj ")
@example("M\tJ")
def test_staff_initials(text: str) -> None:
    db = open_memory_database()
    user = repository.create_service_user(db, "AB12-0042")
    try:
        assessment = repository.start_assessment(db, user, staff_initials=text)
    except TextFieldError as exc:
        assert exc.field == fields.STAFF_INITIALS.key
        assert len(str(exc)) < 300
        return
    stored = repository.get_assessment(db, assessment.id).staff_initials
    assert stored == assessment.staff_initials
    assert stored == "" or 1 <= len(stored) <= 10
    assert audit_log.list_entries(db, limit=1)[0].staff_initials == stored


# -- answers and the plan --------------------------------------------------------------


def _assessment(db: Any) -> str:
    user = repository.create_service_user(db, "AB12-0042")
    return repository.start_assessment(db, user).id


@FAST
@given(any_text)
@example("Mornings\nafter 10")
@example("x\x00")
def test_written_answer(text: str) -> None:
    db = open_memory_database()
    assessment_id = _assessment(db)
    answer = Answer("prefs", "prefs.notes", utc_now(), value=text)
    try:
        repository.save_answer(db, assessment_id, answer)
    except TextFieldError as exc:
        assert exc.field == fields.ANSWER_TEXT.key
        assert text not in str(exc) or len(text) <= 3
        assert repository.list_answers(db, assessment_id) == []
        return
    assert repository.list_answers(db, assessment_id)[0].value == text


@FAST
@given(st.lists(short_text, min_size=1, max_size=4))
def test_several_choice_codes(codes: list[str]) -> None:
    db = open_memory_database()
    assessment_id = _assessment(db)
    answer = Answer("access", "access.devices", utc_now(), value=tuple(codes))
    try:
        repository.save_answer(db, assessment_id, answer)
    except TextFieldError as exc:
        assert exc.field == fields.ANSWER_TEXT.key
        return
    assert repository.list_answers(db, assessment_id)[0].value == tuple(codes)


@FAST
@given(any_text, any_text)
def test_questionnaire_and_item_ids(questionnaire_id: str, item_id: str) -> None:
    db = open_memory_database()
    assessment_id = _assessment(db)
    answer = Answer(questionnaire_id, item_id, utc_now(), value=1)
    try:
        repository.save_answer(db, assessment_id, answer)
    except TextFieldError as exc:
        assert exc.field in (fields.QUESTIONNAIRE_ID.key, fields.ITEM_ID.key)
        return
    saved = repository.list_answers(db, assessment_id)[0]
    assert (saved.questionnaire_id, saved.item_id) == (questionnaire_id, item_id)


@FAST
@given(any_text)
@example("Call Mondays.\n\tBring the tablet.")
@example("\x1b[2J")
def test_plan_notes_as_typed(text: str) -> None:
    db = open_memory_database()
    assessment_id = _assessment(db)
    plan = Plan().with_text(text)  # what the results page does as the worker types
    try:
        plans.save_plan(db, assessment_id, plan)
    except TextFieldError as exc:
        assert exc.field == fields.PLAN_TEXT.key
        assert plans.get_plan(db, assessment_id) is None
        return
    saved = plans.get_plan(db, assessment_id)
    assert saved is not None and saved.text == plan.text


@FAST
@given(any_text, any_text)
@example("Library class", "Phone support")
@example("ok", "title\x00")
def test_plan_items_and_titles(item: str, title: str) -> None:
    db = open_memory_database()
    assessment_id = _assessment(db)
    plan = Plan().with_added(item).with_decision("rec.phone", Decision.ACCEPTED, title)
    try:
        plans.save_plan(db, assessment_id, plan)
    except TextFieldError as exc:
        assert exc.field in (fields.PLAN_ITEM.key, fields.PLAN_TITLE.key)
        return
    saved = plans.get_plan(db, assessment_id)
    assert saved is not None
    assert (saved.added, saved.decisions) == (plan.added, plan.decisions)


@FAST
@given(any_text)
def test_audit_detail(text: str) -> None:
    db = open_memory_database()
    try:
        entry_id = audit.record(db, audit.AuditAction.OPENED, staff="MJ", detail=text)
    except TextFieldError as exc:
        assert exc.field == fields.AUDIT_DETAIL.key
        return
    assert audit_log.list_entries(db)[0].id == entry_id
    assert audit_log.list_entries(db)[0].detail == text


# -- limits and messages ---------------------------------------------------------------


@pytest.mark.parametrize(
    "field",
    [fields.PREFERRED_NAME, fields.PLAN_TEXT, fields.PLAN_ITEM, fields.ANSWER_TEXT],
    ids=lambda f: f.key,
)
def test_each_limit_is_exact_and_its_message_clear(field: fields.TextField) -> None:
    assert fields.check_text(field, "a" * field.limit) == "a" * field.limit
    with pytest.raises(TextFieldError) as info:
        fields.check_text(field, "a" * (field.limit + 1))
    assert str(info.value) == (
        f"The {field.label} is too long: {field.limit + 1} characters. "
        f"Please keep it to {field.limit} or fewer."
    )


def test_the_store_checks_length_even_when_a_plan_skipped_its_own_check() -> None:
    db = open_memory_database()
    assessment_id = _assessment(db)
    plan = Plan()
    object.__setattr__(plan, "text", "n" * (fields.PLAN_TEXT.limit + 1))
    expect_refusal(fields.PLAN_TEXT, plan.text, lambda: plans.save_plan(db, assessment_id, plan))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Sam\x00", "hidden control character (U+0000)"),
        ("Sam\x1b[31m", "hidden control character (U+001B)"),
        ("Sam\u202eevil", "changes the text direction (U+202E)"),
        ("Sam\ud800", "cannot be saved (U+D800)"),
        ("Sam\nSmith", "cannot have line breaks or tabs"),
    ],
)
def test_each_kind_of_refusal_says_what_to_do(text: str, words: str) -> None:
    db = open_memory_database()
    with pytest.raises(TextFieldError) as info:
        repository.create_service_user(db, "AB12-0042", preferred_name=text)
    assert words in str(info.value)
    assert str(info.value).startswith("The preferred name ")
    assert "Sam" not in str(info.value)
    assert db.table("service_users").count == 0


def test_multi_line_fields_keep_line_breaks_and_tabs() -> None:
    db = open_memory_database()
    assessment_id = _assessment(db)
    notes = "Line one\r\n\tLine two\nמרים \u200fشكرا 🙂"
    plans.save_plan(db, assessment_id, Plan(text=notes))
    saved = plans.get_plan(db, assessment_id)
    assert saved is not None and saved.text == notes


def test_refusals_are_english_and_keep_a_message_for_any_language() -> None:
    with pytest.raises(TextFieldError) as info:
        fields.check_text(fields.PLAN_TEXT, "x" * 5000)
    assert str(info.value).startswith("The plan notes is too long: 5000 characters.")
    spanish = translator("es").render(info.value.message)
    assert spanish.startswith("El campo «notas del plan» es demasiado largo: tiene 5000 caracteres")


@given(st.sampled_from(fields.FIELDS), any_text)
@FAST
def test_clean_text_leaves_only_what_the_field_takes(field: fields.TextField, text: str) -> None:
    cleaned = fields.clean_text(field, text)
    assert fields.check_characters(field, cleaned) == cleaned
    if field.multiline:
        assert cleaned.count("\n") == text.count("\n")


def test_an_imported_document_with_hostile_text_changes_nothing() -> None:
    db = open_memory_database()
    document = make_document()
    written = make_document(answers=4).answers[3]
    bad_answer = replace(written, value="notes\x00hidden")
    hostile = replace(document, answers=(*document.answers, bad_answer))
    with pytest.raises(DocumentError, match=r"answers\.3\.value: holds hidden characters"):
        import_into(db, hostile)
    bad_initials = replace(
        document, assessment=replace(document.assessment, staff_initials="x" * 9)
    )
    with pytest.raises(DocumentError, match="staff initials"):
        import_into(db, bad_initials)
    assert db.table("service_users").count == 0 and db.table("assessments").count == 0
    assert db.table("audit_log").count == 0


def test_lookups_with_unstorable_text_find_nothing() -> None:
    db = open_memory_database()
    assert repository.find_service_user(db, "\udcff\udcfe") is None
    with pytest.raises(ReadinessError, match="no assessment"):
        repository.get_assessment(db, "\ud800" * 10)


@pytest.mark.parametrize(
    ("typed", "what"),
    [
        ("Maria Lopez", "it has a space"),
        ("María", "it has a character other than the letters A to Z"),
        ("O'Brien", "it has a character other than the letters A to Z"),
        ("J", "it has 1 character"),
        ("_Smith", "it starts with '-', '_' or '.'"),
    ],
)
def test_a_name_typed_where_a_code_belongs_is_never_repeated(
    typed: str, what: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The error said "The service-user code 'Maria Lopez' is not valid": a name, echoed."""
    with pytest.raises(TextFieldError) as info:
        fields.checked_code(typed)
    message = str(info.value)
    assert message.startswith(f"The service-user code is not valid: {what}")
    assert typed not in message
    assert typed not in translator("es").render(info.value.message)
    with pytest.raises(ValueError) as plain:
        normalize_code(typed)
    assert typed not in str(plain.value) and what in str(plain.value)
    assert cli_main(["--db", str(tmp_path / "r.db"), "erase", typed]) == 1
    err = capsys.readouterr().err
    assert "the service-user code is not valid" in err.lower() and typed not in err


def test_a_name_typed_where_an_assessment_id_belongs_is_never_repeated(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`assessment show "Maria Lopez"` said "no assessment with id 'Maria Lopez'"."""
    db = open_memory_database()
    with pytest.raises(ReadinessError) as info:
        repository.get_assessment(db, "Maria Lopez")
    assert "maria" not in str(info.value).lower()
    assert "no assessment with that id" in str(info.value)
    with pytest.raises(ReadinessError, match="no assessment with id 0f8c2d4e"):
        repository.get_assessment(db, "0F8C2D4E")  # an id (or its start) is repeated
    database = tmp_path / "records.db"
    assert (
        cli_main(["--db", str(database), "assessment", "show", "Maria Lopez", "--staff", "MJ"]) == 1
    )
    err = capsys.readouterr().err
    assert "no assessment with that id" in err and "Maria" not in err
