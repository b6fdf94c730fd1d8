"""Checking FHIR bundles with ``fhir.resources``, and which bundles of an export are checked.

Bundles are built as plain JSON (``fhir_response``) and checked with ``fhir.resources``
(R4B models, wire-compatible with R4 for these resources). Validating takes about 7 ms
a bundle, so bulk exports validate a fixed sample (``Validation.SAMPLE``) unless asked
for all; the suite's schema tests check every kind of resource the builder makes.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any


class Validation(StrEnum):
    """How many bundles of an export are checked with ``fhir.resources``."""

    ALL = "all"
    SAMPLE = "sample"
    """A fixed sample: the first 10, then one in 1,000 (the builder is the same code for
    every bundle, and the suite's schema tests check its every kind of resource)."""
    NONE = "none"


def validate(data: Mapping[str, Any]) -> None:
    """Check a bundle with ``fhir.resources`` (R4B); raises ``pydantic.ValidationError``."""
    from fhir.resources.R4B.bundle import Bundle

    Bundle.model_validate(dict(data))


def should_validate(mode: Validation, index: int) -> bool:
    """Whether the ``index``-th bundle (from 0) of an export is validated in ``mode``."""
    if mode is Validation.ALL:
        return True
    if mode is Validation.SAMPLE:
        return index < 10 or index % 1000 == 0
    return False
