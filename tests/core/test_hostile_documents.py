"""Hostile and nonsense assessment documents through ``readiness assessment import``.

Each was found accepted (or crashing) before the one reader: 1,000 levels of nesting
gave a RecursionError traceback; 5 MB strings, control and bidirectional characters,
``true`` as a bandwidth, NaN, Infinity and 1e309, a negative bandwidth, the years
0001, 2999 and 9999 (a future ``updated`` escaped the retention purge), an empty id
and answers no questionnaire takes were all stored. Each refusal must be one line
naming the file and the field, and leave every table exactly as it was.
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from readiness.cli import main
from readiness.document import to_dict, to_json
from readiness.model import Answer, new_id
from readiness.session.records import Records
from readiness.store.database import open_memory_database
from tests.core.fuzz.tally import plain_line
from tests.factories import document_data, file_digest

Data = dict[str, Any]


def base() -> Data:
    """A valid document: every kind of answer, a check result with figures, and a plan."""
    return document_data()


def bandwidth(document: Data) -> Data:
    return document["check_results"][1]["values"]["download_mbps"]  # type: ignore[no-any-return]


def set_in(path: str, value: Any) -> Callable[[Data], None]:
    """Set ``value`` at ``path`` ("assessment.created", "answers.1.value")."""

    def mutate(document: Data) -> None:
        *parents, last = path.split(".")
        node: Any = document
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        node[int(last) if isinstance(node, list) else last] = value

    return mutate


def added_answer(item: str, value: Any, questionnaire: str | None = None) -> Callable[[Data], None]:
    def mutate(document: Data) -> None:
        document["answers"].append(
            {
                "questionnaire_id": questionnaire or item.split(".", maxsplit=1)[0],
                "item_id": item,
                "answered_at": "2026-03-02T15:31:00Z",
                "value": value,
                "missing": None,
            }
        )

    return mutate


CASES: dict[str, tuple[Callable[[Data], None], str]] = {
    "a 5 MB reason": (
        set_in("check_results.0.reason", "x" * 5_000_000),
        "check_results.0.reason: too long (5,000,000 characters; at most 2,000)",
    ),
    "a 5 MB measured text": (
        set_in("check_results.0.values.total", {"value": "x" * 5_000_000, "unit": ""}),
        "check_results.0.values.total.value: too long",
    ),
    "true as a bandwidth": (
        lambda d: bandwidth(d).update(value=True),
        "check_results.1.values.download_mbps.value: yes or no where a number in Mbit/s belongs",
    ),
    "text as a bandwidth": (
        lambda d: bandwidth(d).update(value="fast"),
        "download_mbps.value: a text where a number in Mbit/s belongs",
    ),
    "a negative bandwidth": (
        lambda d: bandwidth(d).update(value=-5),
        "download_mbps.value: -5 is not plausible here (use 0 to 10,000 Mbit/s)",
    ),
    "20,000 Mbit/s": (lambda d: bandwidth(d).update(value=20_000), "not plausible here"),
    "a round trip of two minutes": (
        set_in("check_results.1.values.rtt_ms.value", 120_000),
        "rtt_ms.value: 120,000 is not plausible here (use 0 to 60,000 ms)",
    ),
    "150 % loss": (
        set_in("check_results.1.values.loss_pct.value", 150),
        "loss_pct.value: 150 is not plausible here (use 0 to 100 %)",
    ),
    "the year 0001": (
        set_in("assessment.created", "0001-01-01T00:00:00Z"),
        "assessment.created: 0001-01-01 is not a possible date",
    ),
    "the year 2999": (
        set_in("answers.0.answered_at", "2999-01-01T00:00:00Z"),
        "answers.0.answered_at: 2999-01-01 is not a possible date",
    ),
    "a future updated": (
        set_in("assessment.updated", "9999-12-31T00:00:00Z"),
        "assessment.updated: 9999-12-31 is not a possible date",
    ),
    "the year 9999 west of UTC": (
        set_in("check_results.0.measured_at", "9999-12-31T23:00:00-05:00"),
        "past the year 9999",
    ),
    "a follow-up before the assessment": (
        set_in("plan.follow_up", "2025-01-01"),
        "plan.follow_up: 2025-01-01 is outside 2026-03-02 to 2028-03-02",
    ),
    "a follow-up in ten years": (set_in("plan.follow_up", "2036-03-02"), "plan.follow_up"),
    "an empty id": (set_in("assessment.id", ""), "assessment.id: not an id"),
    "an id that is not a UUID": (set_in("service_user.id", "1; DROP"), "service_user.id: not"),
    "an assessment of someone else": (
        set_in("assessment.service_user_id", new_id()),
        "assessment.service_user_id: is not the id in service_user.id",
    ),
    "a name where the code belongs": (
        set_in("service_user.code", "Maria Lopez"),
        "service_user.code: the code is not valid",
    ),
    "an escape in a code": (
        set_in("check_results.0.check_id", "device.\x1b[31mmemory"),
        "check_results.0.check_id: not a valid code",
    ),
    "an unknown question": (
        added_answer("access.favourite_colour", "blue"),
        "answers.5.item_id: the question access.favourite_colour is not in any questionnaire",
    ),
    "an option that is not one": (
        added_answer("access.phone_type", "rotary"),
        "answers.5.value: access.phone_type takes one of its option codes (smartphone, basic",
    ),
    "maybe for yes or no": (
        set_in("answers.1.value", "maybe"),
        "answers.1.value: access.video_device takes yes or no (true or false)",
    ),
    "a question of another questionnaire": (
        added_answer("access.phone_type", "basic", questionnaire="skills"),
        "answers.5.questionnaire_id: access.phone_type is a question of access",
    ),
    "a second answer to one question": (
        added_answer("access.video_device", False),
        "answers.5: a second answer to access.video_device",
    ),
    "a missing code the question does not offer": (
        set_in("answers.2.missing", "sometimes"),
        "answers.2.missing",
    ),
    "maybe as a consent choice": (
        added_answer("consent.questions", "maybe"),
        "answers.5: consent.questions takes yes or no (true or false)",
    ),
    "a consent part there is not": (
        added_answer("consent.photographs", True),
        "answers.5: the consent record has only consent.device_checks, consent.connection_test",
    ),
    "half a character (a lone surrogate)": (  # found by the fuzz harness's long run
        lambda d: d["answers"][0].update(questionnaire_id="\ud800", missing="declined"),
        "holds half a character",
    ),
    "an escape code quoted by the shape check": (  # found by the fuzz harness's long run
        lambda d: d["answers"][0].update(item_id="\x1b[2J", missing="declined"),
        r"answers.0: Value error, answer to access/\x1b[2J needs exactly one",
    ),
    "a second result of one check": (
        lambda d: d["check_results"].append(copy.deepcopy(d["check_results"][0])),
        "check_results.2: a second result of device.memory",
    ),
}
TEXT_CASES = {
    "1,000 levels of nesting": (
        '"value": 3.7',
        '"value": ' + "[" * 1000 + "]" * 1000,
        "nested more than 65 levels deep",
    ),
    "NaN": ('"value": 3.7', '"value": NaN', "holds NaN or Infinity"),
    "Infinity": ('"value": 3.7', '"value": -Infinity', "holds NaN or Infinity"),
    "1e309": ('"value": 3.7', '"value": 1e309', "holds a number too large to be read"),
    "a key twice": ('"status": "limited",', '"status": "limited", "status": "good",', "twice"),
}


@pytest.fixture
def filled(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[tuple[Path, str]]:
    """A database holding one imported assessment, and the fingerprint of its tables."""
    path = tmp_path / "r.db"
    good = tmp_path / "good.json"
    good.write_text(json.dumps(base()), encoding="utf-8")
    assert main(["--db", str(path), "assessment", "import", str(good), "--staff", "MJ"]) == 0
    capsys.readouterr()
    yield path, file_digest(path)


def refused(
    db: Path, source: Path, capsys: pytest.CaptureFixture[str], *, replace: bool = False
) -> str:
    """The one line ``assessment import`` says when it refuses ``source``."""
    argv = ["--db", str(db), "assessment", "import", str(source), "--staff", "MJ"]
    started = time.monotonic()
    code = main([*argv, "--replace"] if replace else argv)
    elapsed = time.monotonic() - started
    err = capsys.readouterr().err
    assert code == 1, err
    assert elapsed < 5, f"refusing took {elapsed:.1f} s"
    assert err.startswith(f"readiness: error: {source}: ") and err.count("\n") == 1, err
    assert plain_line(err.removesuffix("\n")), err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize("case", CASES)
def test_nonsense_is_refused_naming_the_field_and_nothing_changes(
    case: str, filled: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, before = filled
    mutate, words = CASES[case]
    for replace in (False, True):  # a new assessment, and over the one already here
        document = base()
        if not replace:
            document["assessment"]["id"] = new_id()
        mutate(document)
        source = tmp_path / "hostile.json"
        source.write_text(json.dumps(document), encoding="utf-8")
        assert words in refused(db, source, capsys, replace=replace)
        assert file_digest(db) == before


@pytest.mark.parametrize("case", TEXT_CASES)
def test_json_that_is_not_plain_data_is_refused(
    case: str, filled: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, before = filled
    old, new, words = TEXT_CASES[case]
    text = json.dumps(base())
    assert old in text
    source = tmp_path / "hostile.json"
    source.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert words in refused(db, source, capsys)
    assert file_digest(db) == before


def test_a_hundred_thousand_unknown_answers_are_refused_at_once(
    filled: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """They took 19 s to store before."""
    db, before = filled
    document = base()
    document["assessment"]["id"] = new_id()
    one = document["answers"][0]
    document["answers"] = [{**one, "item_id": f"zz.q{n}"} for n in range(100_000)]
    source = tmp_path / "many.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    assert "answers: 100,000 entries; a document holds at most 1,000" in refused(db, source, capsys)
    assert file_digest(db) == before


def test_hidden_characters_are_taken_out_of_free_text_with_a_note(
    filled: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, _before = filled
    document = base()
    document["assessment"]["id"] = new_id()
    document["check_results"][0]["reason"] = "Memory \x1b[31mlow\u202e reversed\x07 here."
    document["answers"][3]["value"] = "Calls\u2066 in the\x00 morning"
    source = tmp_path / "hidden.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    argv = ["--db", str(db), "assessment", "import", str(source), "--staff", "MJ"]
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert f"readiness: note: {source}: check_results.0.reason: hidden characters" in err
    assert f"readiness: note: {source}: answers.3.value: hidden characters" in err
    assert (
        main(["--db", str(db), "assessment", "show", document["assessment"]["id"], "--staff", "MJ"])
        == 0
    )
    shown = capsys.readouterr().out
    assert "Memory [31mlow reversed here." in shown
    for hidden in ("\x1b", "\u202e", "\x07", "\u2066", "\x00"):
        assert hidden not in shown


def test_the_document_reads_the_same_after_the_checks(tmp_path: Path) -> None:
    """A valid document is stored as it is: the checks only refuse or take out."""
    from readiness.document import read_file

    source = tmp_path / "good.json"
    source.write_text(json.dumps(base()), encoding="utf-8")
    notes: list[str] = []
    document = read_file(source, notes)
    assert notes == [] and to_dict(document) == {**base(), "schema_version": 3}


def test_replace_never_moves_an_assessment_to_another_person(
    filled: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The document had one person's assessment id and another person's code: the import
    reassigned it and deleted the first person's answers and plan."""
    db, before = filled
    other = base()
    other["service_user"] = {"id": new_id(), "code": "QQ-99"}
    other["assessment"]["service_user_id"] = other["service_user"]["id"]
    source = tmp_path / "other.json"
    source.write_text(json.dumps(other), encoding="utf-8")
    err = refused(db, source, capsys, replace=True)
    assessment = other["assessment"]["id"]
    assert (
        f"assessment {assessment} belongs to ZX-01 in this database, but the document names "
        "QQ-99; an import never moves an assessment to another person"
    ) in err
    assert file_digest(db) == before
    same = base()
    same["plan"]["text"] = "Calls on Tuesdays."
    source.write_text(json.dumps(same), encoding="utf-8")
    argv = ["--db", str(db), "assessment", "import", str(source), "--staff", "MJ", "--replace"]
    assert main(argv) == 0  # the same person: replaced
    capsys.readouterr()
    assert main(["--db", str(db), "assessment", "show", assessment, "--json", "--staff", "MJ"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["service_user"]["code"] == "ZX-01"
    assert shown["plan"]["text"] == "Calls on Tuesdays."


def test_an_intake_recorded_in_the_app_imports_with_its_consent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The person's consent choices are answers of the ``consent`` record, which is no
    questionnaire: the questionnaire check refused every intake the app had recorded."""
    opened = Records(open_memory_database(), actor=lambda: "MJ")
    session = opened.start_intake("AB12-0042", staff_initials="MJ")
    session.set_consent("questions", True)
    session.save_answer(Answer("access", "access.video_device", session.now(), value=True))
    source = tmp_path / "intake.json"
    source.write_text(to_json(session.document()), encoding="utf-8")
    assert {a.questionnaire_id for a in session.document().answers} == {"consent", "access"}
    db = str(tmp_path / "r.db")
    assert main(["--db", db, "assessment", "import", str(source), "--staff", "MJ"]) == 0
    assert "Imported assessment" in capsys.readouterr().out
