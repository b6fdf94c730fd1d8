"""Fuzzing the document door: generated and mutated assessment documents imported as
``readiness assessment import`` imports them.

Seeds are valid documents (every kind of answer, device and connection results, a
plan) and the practice people's visits. Each case is written to a file and goes
through the reader and the import into a database that already holds assessments
(some cases replace one, some another person's). Every case must end within five
seconds in a clean refusal (a ``ReadinessError``: the user's one line) or a stored
assessment that reads back as valid JSON with plausible values; a refusal must
leave every table exactly as it was (the fingerprint of all rows).
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from sqlite_utils import Database

from readiness.cli import main
from readiness.document import read_file, to_dict
from readiness.errors import ReadinessError
from readiness.practice import practice_documents
from readiness.questionnaire.consent import CONSENT_ID, PARTS, item_id
from readiness.store import repository
from readiness.store.database import open_database, open_memory_database
from tests.core.fuzz.mutations import generated, mangled, mutated, touched
from tests.core.fuzz.tally import attempt, plain_line, profile, recount
from tests.factories import (
    builtin_interpretation,
    cli_key,
    digest,
    document_data,
    file_digest,
    import_into,
)


@cache
def seeds() -> tuple[dict[str, Any], ...]:
    """Valid documents to start from: the test document and practice visits, each with
    the person's consent choices as the app records them."""
    found = (document_data(), *(to_dict(document) for document in practice_documents(4)))
    return tuple(_with_consent(seed) for seed in found)


def _with_consent(seed: dict[str, Any]) -> dict[str, Any]:
    when = seed["assessment"]["created"]
    consent = [
        {"questionnaire_id": CONSENT_ID, "item_id": item_id(part), "answered_at": when}
        | {"value": part != "connection_test", "missing": None}
        for part in PARTS
    ]
    return {**seed, "answers": [*consent, *seed["answers"]]}


@cache
def target() -> Database:
    """One database for all cases, holding the seeds (so cases can clash with them)."""
    db = open_memory_database()
    for seed in seeds():
        from readiness.document import from_data

        import_into(db, from_data(seed, "seed"), staff="MJ")
    return db


def write(folder: Path, case: Any) -> Path:
    path = folder / "case.json"
    text = case if isinstance(case, str) else json.dumps(case)
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return path


def cases() -> st.SearchStrategy[Any]:
    """A new assessment (half the time) or one already stored, changed in one of five ways."""
    seed = st.tuples(st.sampled_from(seeds()), st.none() | st.uuids().map(str)).map(_renewed)
    return st.one_of(
        seed.flatmap(mutated),
        seed.flatmap(mutated),
        seed.flatmap(touched),
        seed.map(json.dumps).flatmap(mangled),
        generated,
        seed.flatmap(lambda s: st.fixed_dictionaries({key: generated for key in s})),
    )


def _renewed(pair: tuple[dict[str, Any], str | None]) -> dict[str, Any]:
    seed, new_id = pair
    if new_id is None:
        return seed
    return {**seed, "assessment": {**seed["assessment"], "id": new_id}}


def check_stored(db: Database, assessment_id: str) -> None:
    """An accepted document reads back as plain JSON with plausible times and numbers."""
    document = repository.load_document(db, assessment_id)
    json.dumps(to_dict(document), allow_nan=False)
    latest = datetime.now(UTC) + timedelta(days=1)
    earliest = datetime(2000, 1, 1, tzinfo=UTC)
    times = [document.assessment.created, document.assessment.updated]
    times += [answer.answered_at for answer in document.answers]
    times += [result.measured_at for result in document.check_results]
    assert all(earliest <= moment <= latest for moment in times)
    for result in document.check_results:
        for name, measured in result.values.items():
            value = measured.value
            if isinstance(value, float):
                assert math.isfinite(value), name
            if name in ("download_mbps", "upload_mbps") and value is not None:
                assert not isinstance(value, bool) and 0 <= float(value) <= 10_000  # type: ignore[arg-type]


@profile(1200)
@given(case=cases(), replace=st.booleans())
def test_fuzzed_documents_are_refused_cleanly_or_stored_whole(
    tmp_path_factory: Any, case: Any, replace: bool
) -> None:
    db = target()
    path = write(tmp_path_factory.getbasetemp(), case)
    before = digest(db)

    def import_it() -> str:
        notes: list[str] = []
        document = read_file(path, notes)
        stored = repository_import(db, document, replace, str(path))
        assert all(plain_line(note) for note in notes), notes
        return stored

    db.execute("SAVEPOINT fuzz_case")  # an accepted case is undone: the next starts the same
    try:
        stored = attempt("document (import)", import_it, (ReadinessError,))
        if stored is None:
            assert digest(db) == before
        else:
            check_stored(db, stored)
    finally:
        db.execute("ROLLBACK TO fuzz_case")
        db.execute("RELEASE fuzz_case")


def repository_import(db: Database, document: Any, replace: bool, source: str) -> str:
    from readiness.store.importing import import_document

    instruments = builtin_interpretation().instruments
    return import_document(
        db, document, instruments=instruments, replace_existing=replace, staff="MJ", source=source
    ).id


@profile(120)
@given(case=cases(), replace=st.booleans())
def test_fuzzed_documents_through_the_command_line(
    tmp_path_factory: Any, case: Any, replace: bool
) -> None:
    """The import command itself: exit code 0 or 1 with one line, never a traceback."""
    folder = tmp_path_factory.getbasetemp()
    database = folder / "fuzz.db"
    if not database.exists():
        db = open_database(database, key=cli_key())
        for seed in seeds()[:2]:
            from readiness.document import from_data

            import_into(db, from_data(seed, "seed"), staff="MJ")
        db.close()
    path = write(folder, case)
    before = file_digest(database)
    argv = ["--db", str(database), "assessment", "import", str(path), "--staff", "MJ"]
    code = attempt(
        "document (command line)", lambda: main([*argv, "--replace"] if replace else argv), ()
    )
    assert code in (0, 1)
    if code == 1:
        recount("document (command line)", accepted=False)
        assert file_digest(database) == before
