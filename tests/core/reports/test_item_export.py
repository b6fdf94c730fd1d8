"""The item-level export for an analyst: one row per completed assessment of a real person, the
answer codes as stored with missing codes, skips and blanks kept apart, nothing typed
leaving the app, a data dictionary beside it, sealing, the audit entry, practice refused."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlite_utils import Database

from readiness.document import AssessmentDocument
from readiness.errors import ReadinessError
from readiness.i18n import ENGLISH
from readiness.interpret import Interpretation
from readiness.model import Answer, AnswerValue, AssessmentStatus, MissingCode
from readiness.practice import marker
from readiness.progress import Cancelled, CancelToken
from readiness.protection.audit import AuditAction, AuditFilter, list_entries
from readiness.protection.sealing import AgencyPublicKey, generate_agency_keypair, unseal_file
from readiness.reports.exports_items import (
    NOT_ASKED,
    TEXT_GIVEN,
    UNKNOWN_VALUE,
    columns,
    dictionary_path,
    item_cell,
)
from readiness.reports.jobs import run_export
from readiness.store import facts
from readiness.store.database import open_database
from tests.core.reports.analysis_samples import Given, answered, builtin_instrument
from tests.core.reports.helpers import inputs
from tests.core.reports.licensed import licensed_instrument
from tests.core.reports.samples import filled_document
from tests.factories import import_into

TYPED = "Call my sister Ana Nunez at 555-0101"
"""Free text a worker might type: it must never reach the export."""

PERSON: dict[str, Given] = {
    "access.phone_type": "basic",
    "access.phone_sharing": MissingCode.DECLINED,
    "access.other_devices": ("computer", "tablet"),
    "access.video_device": False,
    "access.data_plan": "unlimited",  # kept from before: basic phones are not asked this
    "access.last_online": "past_week",
    "comm.other_needs": TYPED,
    "comm.hearing_difficulty": MissingCode.NOT_APPLICABLE,
}


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a CSV for spreadsheets starts with a byte-order mark"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return open_database(tmp_path / "r.db")


def store(db: Database, *documents: AssessmentDocument) -> None:
    for document in documents:
        import_into(db, document)


def export(db: Database, path: Path, interpretation: Interpretation | None = None) -> object:
    return run_export(db, "items", path, interpretation or inputs(), staff="MJ")


def test_one_row_per_completed_assessment_of_a_real_person(db: Database, tmp_path: Path) -> None:
    store(
        db,
        answered(1, PERSON),
        answered(2, {"access.phone_type": "smartphone"}),
        answered(3, PERSON, status=AssessmentStatus.DRAFT),
        answered(4, PERSON, code="PRACTICE-007"),
    )
    result = run_export(db, "items", tmp_path / "items.csv", inputs(), staff="MJ")
    rows = read_csv(tmp_path / "items.csv")
    assert [row["service_user_code"] for row in rows] == ["AN0001", "AN0002"]
    assert result.count == 2
    notes = [ENGLISH.render(note) for note in result.notes]
    assert f"Data dictionary: {tmp_path / 'items-dictionary.csv'}" in notes
    assert "Drafts left out (not completed): 1." in notes
    assert "Practice records left out (fictional people): 1." in notes
    header = next(csv.reader(io.StringIO(result.path.read_text(encoding="utf-8-sig"))))
    items = [item.id for instrument in inputs().instruments for item in instrument.items()]
    assert header == columns(inputs().instruments)
    assert header[7:] == items and header[:2] == ["assessment_id", "service_user_code"]


def test_codes_missing_codes_skips_and_blanks_are_kept_apart(db: Database, tmp_path: Path) -> None:
    store(db, answered(1, PERSON))
    export(db, tmp_path / "items.csv")
    row = read_csv(tmp_path / "items.csv")[0]
    assert row["access.phone_type"] == "basic"
    assert row["access.phone_sharing"] == "missing:declined"
    assert row["access.other_devices"] == "computer;tablet"
    assert row["access.video_device"] == "false"
    assert row["access.data_plan"] == NOT_ASKED  # hidden now: the old answer does not count
    assert row["access.home_internet"] == ""  # shown, never answered
    assert row["comm.hearing_difficulty"] == "missing:not_applicable"
    assert row["comm.other_needs"] == TEXT_GIVEN
    assert all(row[item.id] == "" for item in builtin_instrument("skills").items())  # not done
    assert row["status"] == "complete" and row["staff_initials"] == "MJ"


def test_nothing_typed_and_no_stored_nonsense_leaves_the_app(db: Database, tmp_path: Path) -> None:
    document = answered(1, PERSON)
    store(db, replace(filled_document(2, code="FD-2"), plan=filled_document(2).plan), document)
    when = document.assessment.created
    nonsense = Answer("access", "access.home_internet", when, value="ask Maria next door")
    facts.save_answer(db, document.assessment.id, nonsense)  # an import refuses it, but
    # records from before the import checked answers may hold it
    export(db, tmp_path / "items.csv")
    text = (tmp_path / "items.csv").read_text(encoding="utf-8-sig")
    dictionary = (tmp_path / "items-dictionary.csv").read_text(encoding="utf-8-sig")
    row = read_csv(tmp_path / "items.csv")[1]
    assert row["access.home_internet"] == UNKNOWN_VALUE
    for private in (TYPED, "ask Maria", "Prefiere llamadas", "Núñez", "Texts first", "Ñandú"):
        assert private not in text and private not in dictionary


def test_the_dictionary_describes_every_column_with_its_question_scale_and_codes(
    db: Database, tmp_path: Path
) -> None:
    store(db, answered(1, PERSON))
    export(db, tmp_path / "items.csv")
    header = read_csv(tmp_path / "items.csv")[0].keys()
    rows = {row["column"]: row for row in read_csv(tmp_path / "items-dictionary.csv")}
    assert list(rows) == list(header)
    phone = rows["access.phone_type"]
    assert (phone["instrument"], phone["instrument_version"], phone["type"]) == (
        "access",
        "1.1",
        "single_choice",
    )
    question = builtin_instrument("access").item("access.phone_type")
    assert question is not None and phone["question_en"] == question.text.get("en")
    assert phone["scales"] == "access.device_and_internet"
    assert "smartphone = A smartphone (score 4)" in phone["codes"]
    assert "missing:declined = Prefer not to say" in phone["codes"]
    assert NOT_ASKED not in phone["codes"]  # always asked
    assert "ADII" in phone["constructs"] and phone["validation"] == "not validated"
    drops = rows["access.connection_drops"]
    assert drops["scales"] == "access.device_and_internet (reversed)"
    assert drops["shown_when"] == "access.home_internet = wifi / phone_data_only"
    assert f"{NOT_ASKED} = an earlier answer hid this question" in drops["codes"]
    assert rows["health_info.looks_online"]["codes"].startswith("true = yes")
    assert rows["comm.other_needs"]["codes"].startswith(f"{TEXT_GIVEN} = ")
    assert "never a name" in rows["service_user_code"]["question_en"]


def test_the_dictionary_says_which_questionnaires_the_agency_validated(
    db: Database, tmp_path: Path
) -> None:
    validated = replace(inputs(), validated=frozenset({"skills@1.0"}))
    store(db, answered(1, PERSON))
    export(db, tmp_path / "items.csv", validated)
    rows = {row["column"]: row for row in read_csv(tmp_path / "items-dictionary.csv")}
    assert rows["skills.passwords"]["validation"] == "validated by the agency"
    assert rows["access.phone_type"]["validation"] == "not validated"


def test_a_licensed_questionnaire_keeps_its_wording_out_of_the_dictionary(
    db: Database, tmp_path: Path
) -> None:
    with_licence = replace(inputs(), instruments=(*inputs().instruments, licensed_instrument()))
    licensed = answered(1, {"licensed.q_one": "often", "licensed.q_two": True})
    import_into(db, licensed, instruments=with_licence.instruments)
    export(db, tmp_path / "items.csv", with_licence)
    assert read_csv(tmp_path / "items.csv")[0]["licensed.q_one"] == "often"
    dictionary = (tmp_path / "items-dictionary.csv").read_text(encoding="utf-8-sig")
    assert "Secret" not in dictionary
    rows = {row["column"]: row for row in read_csv(tmp_path / "items-dictionary.csv")}
    assert rows["licensed.q_one"]["codes"].startswith("often (score 2); never (score 0)")
    assert "withheld" in rows["licensed.q_one"]["question_en"]


def test_the_export_is_an_audit_entry_naming_who_made_it(db: Database, tmp_path: Path) -> None:
    store(db, answered(1, PERSON), answered(2, PERSON))
    export(db, tmp_path / "items.csv")
    entries = list_entries(db, AuditFilter(actions=(AuditAction.EXPORTED,)))
    assert [(e.staff_initials, e.detail) for e in entries] == [
        ("MJ", "items, plain, 2 assessments, all dates")
    ]
    assert entries[0].service_user_id is None  # one entry for the range, naming no one


def test_the_practice_database_is_refused_and_nothing_is_written(
    db: Database, tmp_path: Path
) -> None:
    store(db, answered(1, PERSON))
    marker.mark(db)
    for kind in ("items", "reliability"):
        with pytest.raises(ReadinessError, match="practice database"):
            run_export(db, kind, tmp_path / f"{kind}.csv", inputs(), staff="MJ")
    assert list(tmp_path.glob("*.csv")) == []


def test_a_cancelled_export_leaves_neither_file(db: Database, tmp_path: Path) -> None:
    store(db, answered(1, PERSON))
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(Cancelled):
        run_export(db, "items", tmp_path / "items.csv", inputs(), staff="MJ", cancel=cancel)
    assert (
        sorted(path.name for path in tmp_path.iterdir() if not path.name.startswith("r.db")) == []
    )


# -- sealing ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def agency(tmp_path_factory: pytest.TempPathFactory) -> tuple[AgencyPublicKey, Path]:
    folder = tmp_path_factory.mktemp("agency")
    public = generate_agency_keypair(folder / "private.pem", folder / "public.pem", "a long phrase")
    return public, folder / "private.pem"


def test_with_the_agency_key_both_files_are_sealed(
    db: Database, tmp_path: Path, agency: tuple[AgencyPublicKey, Path]
) -> None:
    public, private = agency
    store(db, answered(1, PERSON))
    run_export(db, "items", tmp_path / "items.csv", inputs(), staff="MJ", seal=public)
    for name in ("items.csv", "items-dictionary.csv"):
        sealed = (tmp_path / name).read_bytes()
        assert b"access.phone_type" not in sealed and b"AN0001" not in sealed
        unseal_file(tmp_path / name, tmp_path / f"open-{name}", private, "a long phrase")
    assert read_csv(tmp_path / "open-items.csv")[0]["access.phone_type"] == "basic"
    assert read_csv(tmp_path / "open-items-dictionary.csv")[0]["column"] == "assessment_id"


def test_the_dictionary_goes_beside_the_export() -> None:
    assert dictionary_path(Path("/x/answers.csv")) == Path("/x/answers-dictionary.csv")
    assert dictionary_path(Path("/x/answers")) == Path("/x/answers-dictionary.csv")


# -- any stored value ----------------------------------------------------------------------

STORED = st.one_of(
    st.text(max_size=40),
    st.booleans(),
    st.integers(-10, 10_000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.lists(st.text(max_size=12), max_size=4).map(tuple),
)


@given(
    item_id=st.sampled_from(
        ["access.phone_type", "access.other_devices", "access.video_device", "comm.other_needs"]
    ),
    value=STORED,
)
def test_any_stored_value_gives_a_code_or_a_special_word_never_its_text(
    item_id: str, value: AnswerValue
) -> None:
    instrument = builtin_instrument(item_id.partition(".")[0])
    item = instrument.item(item_id)
    assert item is not None
    answer = Answer(instrument.id, item_id, answered(1, {}).assessment.created, value=value)
    cell = item_cell(item, answer, shown=True, answered=True)
    codes = {option.code for option in item.options}
    allowed = {"true", "false", TEXT_GIVEN, UNKNOWN_VALUE}
    assert isinstance(cell, str)
    assert cell in allowed or set(cell.split(";")) <= codes


def test_the_answer_codes_for_each_kind_of_item() -> None:
    access = builtin_instrument("access")
    when = answered(1, {}).assessment.created
    phone = access.item("access.phone_type")
    assert phone is not None
    cell = item_cell(
        phone, Answer("access", phone.id, when, value="none"), shown=True, answered=True
    )
    assert cell == "none"
    assert item_cell(phone, None, shown=True, answered=False) == ""  # questionnaire not done
    assert item_cell(phone, None, shown=False, answered=True) == NOT_ASKED
    missing = Answer("access", phone.id, when, missing=MissingCode.DONT_KNOW)
    assert item_cell(phone, missing, shown=True, answered=True) == "missing:dont_know"
