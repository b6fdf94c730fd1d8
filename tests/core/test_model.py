"""The model's own rules: codes, initials, languages and the answer invariant."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readiness.model import (
    Answer,
    MissingCode,
    check_locale,
    normalize_code,
    normalize_initials,
    utc_now,
)


@pytest.mark.parametrize(
    ("raw", "stored"), [("ab12-0042", "AB12-0042"), ("  x9 ", "X9"), ("CASE.7_b", "CASE.7_B")]
)
def test_codes_are_trimmed_and_upper_cased(raw: str, stored: str) -> None:
    assert normalize_code(raw) == stored


@pytest.mark.parametrize("bad", ["", "A", "Maria Lopez", "-AB", "A" * 33, "AB/12", "ÁB12"])
def test_codes_that_look_like_names_or_junk_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="not valid"):
        normalize_code(bad)


@given(st.text(max_size=40))
def test_a_normalized_code_is_stable(text: str) -> None:
    try:
        code = normalize_code(text)
    except ValueError:
        return
    assert normalize_code(code) == code
    assert " " not in code


def test_initials() -> None:
    assert normalize_initials(" mj ") == "MJ"
    assert normalize_initials("José") == "JOSÉ"
    for bad in ("", "ABCDEF", "M1", "M J"):
        with pytest.raises(ValueError):
            normalize_initials(bad)


def test_locales() -> None:
    assert check_locale("es") == "es"
    with pytest.raises(ValueError, match="not supported"):
        check_locale("fr")


def test_an_answer_has_a_value_or_a_missing_code_never_both() -> None:
    now = utc_now()
    assert Answer("q", "i", now, value=0).value == 0
    assert Answer("q", "i", now, value=False).value is False
    assert Answer("q", "i", now, missing=MissingCode.UNABLE).missing is MissingCode.UNABLE
    with pytest.raises(ValueError, match="exactly one"):
        Answer("q", "i", now)
    with pytest.raises(ValueError, match="exactly one"):
        Answer("q", "i", now, value="x", missing=MissingCode.DECLINED)
