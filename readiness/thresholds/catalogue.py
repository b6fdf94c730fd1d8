"""The texts of a thresholds file that go through the translation catalogue, and the Babel
extractor that collects them from ``thresholds.yaml`` for ``pybabel extract``."""

from __future__ import annotations

import re
from typing import Any

from readiness.thresholds import Limit, Thresholds, validated_file


def catalogue_texts(thresholds: Thresholds) -> list[str]:
    """The texts of ``thresholds`` that reasons translate: purposes, word units, use titles.

    Sources are cited as they stand and never translated; unit symbols (GB, %, dBm)
    are the same in every language.
    """
    found: dict[str, None] = {}
    for group in type(thresholds.device).model_fields:
        limits = getattr(thresholds.device, group)
        for name in type(limits).model_fields:
            limit = getattr(limits, name)
            if isinstance(limit, Limit):
                word_unit = limit.unit if re.fullmatch(r"[a-z]{3,}", limit.unit) else ""
                found.update(dict.fromkeys(t for t in (limit.purpose, word_unit) if t))
    for name in type(thresholds.phone).model_fields:
        limit = getattr(thresholds.phone, name)
        if isinstance(limit, Limit) and limit.purpose:
            found[limit.purpose] = None
    found.update(dict.fromkeys(tier.title for tier in thresholds.connection.values()))
    return list(found)


def extract_babel(
    fileobj: Any,
    keywords: Any,  # noqa: ARG001 - Babel's extractor signature
    comment_tags: Any,  # noqa: ARG001
    options: Any,  # noqa: ARG001
) -> Any:
    """A Babel extraction method for a thresholds file, so ``pybabel extract`` keeps its texts.

    In a Babel mapping file (``pybabel extract -F babel.cfg``)::

        [extractors]
        thresholds = readiness.thresholds.catalogue:extract_babel
        [python: **.py]
        [thresholds: **/thresholds.yaml]
    """
    text = fileobj.read().decode("utf-8")
    lines = text.splitlines()
    for message in catalogue_texts(validated_file(text, "thresholds")):
        lineno = next((i for i, line in enumerate(lines, 1) if message[:40] in line), 0)
        yield lineno, "N_", message, ["thresholds.yaml: purpose, unit or use title"]
