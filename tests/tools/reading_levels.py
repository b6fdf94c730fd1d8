"""Prints the reading level of every text a service user reads, per source and language.

Run ``.venv/bin/python -m tests.tools.reading_levels`` (add ``--all`` to list every text,
not just those over the limits). The sources and the rule for short texts are those of
the reading-level test (``tests/core/test_reading_level.py``).
"""

from __future__ import annotations

import sys

from tests.core.readability import explain, summarise
from tests.core.readable_texts import CHECKED, Collector
from tests.core.spanish import false_friends


def _false_friends(collect: Collector) -> list[str]:
    english = {p.where: p.text for p in collect("en")}
    found = []
    for passage in collect("es"):
        if words := false_friends(english.get(passage.where, ""), passage.text):
            found.append(f"  {passage.where}: false friend {words}: {passage.text}")
    return found


def main(arguments: list[str]) -> int:
    everything = "--all" in arguments
    for name, collect in CHECKED.items():
        for locale in ("en", "es"):
            summary = summarise(name, locale, collect(locale))
            verdict = "median ok" if summary.median_passes else "MEDIAN OVER THE TARGET"
            print(f"{summary.line()}; {verdict}; {len(summary.failing)} failing")
            shown = summary.measured if everything else tuple(summary.failing)
            if shown:
                print(explain(shown))
        print("\n".join(_false_friends(collect)) or f"{name}: no false friends in the Spanish")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
