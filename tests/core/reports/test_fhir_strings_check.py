"""The FHIR export's quick check: the walk that cleans strings is skipped only when it would
change nothing."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from readiness.questionnaire.fhir_strings import fhir_strings, needs_fhir_strings

encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode
texts = st.text(alphabet=st.characters(codec=None), max_size=20)
data = st.recursive(
    texts | st.integers() | st.booleans(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None)
@given(data)
def test_a_line_said_clean_needs_no_cleaning(found: object) -> None:
    if not needs_fhir_strings(encode(found)):
        assert fhir_strings(found) == found


def test_what_needs_cleaning_is_seen() -> None:
    for text in ("", "a\x00b", "no\xa0break", "\ufeffbom", "form\x0cfeed", "lone\ud800"):
        assert needs_fhir_strings(encode({"text": text}))
        assert fhir_strings({"text": text}) != {"text": text}
    assert not needs_fhir_strings(encode({"text": "Núñez\ttab\nline", "n": 3}))
