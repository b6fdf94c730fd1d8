"""What the self-test's steps share: the temporary folder, the sample assessment, and skipping.

``readiness.selftest`` runs the steps; ``readiness.selftest_security`` holds the
data-protection ones. Both take a ``SelfTestContext``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from readiness.document import AssessmentDocument

SAMPLE_FILE = "selftest_sample.json"
"""A fictional, complete assessment shipped in the ``readiness`` package."""


class SkipStep(Exception):
    """Raised by a step that cannot run here; the message says why (not a failure)."""


@dataclass
class SelfTestContext:
    """What the steps share: the temporary folder and the sample assessment."""

    workdir: Path

    @cached_property
    def sample(self) -> AssessmentDocument:
        from readiness.document import from_json

        text = resources.files("readiness").joinpath(SAMPLE_FILE).read_text(encoding="utf-8")
        return from_json(text, f"built-in {SAMPLE_FILE}")
