"""Invariants over ``questionnaires/``: every file loads, in English and Spanish, with help
lines, construct tags, plain wording, the items channel rules need, and a README that
lists every item."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from readiness.model import LOCALES
from readiness.questionnaire.loader import INTAKE_ORDER, load_builtin, load_file
from readiness.questionnaire.schema import NOT_VALIDATED_NOTE, Domain, Instrument, ItemType

ROOT = Path(__file__).resolve().parents[3]
FOLDER = ROOT / "questionnaires"
FILES = sorted(p for p in FOLDER.iterdir() if p.suffix in (".yaml", ".yml", ".json"))


@pytest.fixture(scope="module")
def instruments() -> dict[str, Instrument]:
    report = load_builtin()
    assert report.problems == (), [str(p) for p in report.problems]
    return {i.id: i for i in report.instruments}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_file_in_questionnaires_loads(path: Path) -> None:
    instrument, problems = load_file(path)
    assert [str(p) for p in problems] == []
    assert instrument is not None
    assert path.stem == instrument.id


def test_the_five_builtin_instruments_load_in_intake_order(
    instruments: dict[str, Instrument],
) -> None:
    assert tuple(instruments) == INTAKE_ORDER
    assert len(FILES) == len(INTAKE_ORDER)


def test_every_text_exists_in_english_and_spanish(instruments: dict[str, Instrument]) -> None:
    for instrument in instruments.values():
        assert instrument.languages == LOCALES
        for item in instrument.items():
            texts = [item.text, item.help, *(o.text for o in item.options)]
            for text in texts:
                assert text is not None, item.id
                assert text.languages == set(LOCALES), item.id
                assert text.get("en") != text.get("es") or len(text.get("en")) < 6, item.id


def test_every_item_has_help_and_a_construct(instruments: dict[str, Instrument]) -> None:
    for instrument in instruments.values():
        for item in instrument.items():
            assert item.help is not None, item.id
            assert item.constructs, item.id
            assert re.fullmatch(rf"{instrument.id}\.[a-z][a-z0-9_]+", item.id)


def test_builtins_are_the_projects_own_and_unvalidated(instruments: dict[str, Instrument]) -> None:
    for instrument in instruments.values():
        assert instrument.is_project_instrument
        assert instrument.licence.redistribute_text
        assert instrument.score_note is None  # so the not-validated note applies
        assert instrument.note("en") == NOT_VALIDATED_NOTE.get("en")
        assert instrument.scales or instrument.id == "comm"


ITEMS_CHANNEL_RULES_NEED = {
    # Lam et al. 2020 video/telephone criteria
    "comm.hearing_difficulty", "comm.vision_difficulty", "comm.speech_difficulty",
    "comm.memory_difficulty", "access.video_device", "access.phone_type",
    "access.last_online", "skills.join_video_call",
    # the capable supporter modifier
    "access.helper_available", "access.helper_can_join", "comm.support_person_in_calls",
    # ADII access, affordability, ability
    "access.home_internet", "access.data_runs_out", "access.bill_trouble",
    "access.service_cut_off",
    # privacy, preference
    "access.private_place", "preferences.channels", "preferences.first_choice",
    "preferences.video_comfort", "preferences.group_interest", "preferences.messages_ok",
}  # fmt: skip


def test_the_items_channel_rules_need_exist(instruments: dict[str, Instrument]) -> None:
    ids = {item.id for i in instruments.values() for item in i.items()}
    assert ids >= ITEMS_CHANNEL_RULES_NEED


def test_every_domain_is_covered(instruments: dict[str, Instrument]) -> None:
    domains = {
        c.domain for i in instruments.values() for item in i.items() for c in item.constructs
    }
    assert domains == set(Domain)


def _syllables(word: str) -> int:
    word = re.sub(r"[^a-z]", "", word.lower())
    if len(word) <= 3:
        return 1
    word = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", word)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", re.sub(r"^y", "", word))))


def _grade(text: str) -> float:
    """Flesch-Kincaid grade level (a rough, syllable-guessing estimate)."""
    sentences = max(1, len(re.findall(r"[.!?]+", text)))
    words = re.findall(r"[A-Za-z'-]+", text)
    syllables = sum(_syllables(w) for w in words)
    return 0.39 * len(words) / sentences + 11.8 * syllables / len(words) - 15.59


def _spoken_texts(instrument: Instrument, locale: str) -> list[str]:
    texts = []
    for item in instrument.items():
        texts.append(item.text.get(locale))
        if item.help:
            texts.append(item.help.get(locale))
    return texts


def test_english_reads_at_about_a_sixth_grade_level(instruments: dict[str, Instrument]) -> None:
    for instrument in instruments.values():
        texts = _spoken_texts(instrument, "en")
        joined = " ".join(t if t[-1] in ".?!" else t + "." for t in texts)
        assert _grade(joined) <= 6.0, instrument.id
        for text in texts:
            assert _grade(text) <= 9.0, text
            assert len(text.split()) <= 25, text


def test_spanish_reads_easily(instruments: dict[str, Instrument]) -> None:
    """Fernandez-Huerta readability: 70 or more is 'fairly easy' (about grade 6-7)."""
    vowel_groups = re.compile(r"[aeiouáéíóúü]+", re.IGNORECASE)
    for instrument in instruments.values():
        text = " ".join(_spoken_texts(instrument, "es"))
        words = re.findall(r"[A-Za-záéíóúüñÁÉÍÓÚÑ]+", text)
        syllables = sum(max(1, len(vowel_groups.findall(w))) for w in words)
        sentences = max(1, len(re.findall(r"[.!?]+", text)))
        score = 206.84 - 60 * syllables / len(words) - 1.02 * len(words) / sentences
        assert score >= 70, (instrument.id, score)


def test_no_labelling_words_in_the_wording(instruments: dict[str, Instrument]) -> None:
    """Needs-based language: the person is never labelled."""
    labels = re.compile(
        r"\b(illiterate|low literacy|disabled|dementia|impaired|demente|analfabet)", re.I
    )
    for instrument in instruments.values():
        for locale in LOCALES:
            for text in _spoken_texts(instrument, locale):
                assert not labels.search(text), text


def test_the_readme_lists_every_item_with_its_codes(instruments: dict[str, Instrument]) -> None:
    readme = (FOLDER / "README.md").read_text(encoding="utf-8")
    rows = {
        m.group(1): m.group(0) for m in re.finditer(r"^\| `([a-z_]+\.[a-z_]+)` \|.*$", readme, re.M)
    }
    ids = [item.id for i in instruments.values() for item in i.items()]
    assert sorted(rows) == sorted(ids)
    for instrument in instruments.values():
        assert f"### `{instrument.id}`" in readme
        for scale in instrument.scales:
            assert f"**`{scale.id}`**" in readme
        for item in instrument.items():
            for option in item.options:
                assert re.search(rf"\b{option.code}\b", rows[item.id]), (item.id, option.code)
            assert item.type.value in rows[item.id]
    assert ItemType.SHORT_TEXT.value in readme
