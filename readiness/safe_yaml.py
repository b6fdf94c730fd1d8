"""Reading YAML data files safely and quickly: plain data only, libyaml when present.

Every data file the app reads (questionnaires, thresholds, rules) goes through
here. Only the safe loader is used, so a YAML tag that tries to build a Python
object is an error, never code. libyaml's C loader is used when PyYAML has it (it
is many times faster than the pure-Python parser on start-up).
"""

from __future__ import annotations

from typing import Any

import yaml

SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str) -> Any:
    """Plain data from YAML text; raises ``yaml.YAMLError`` on bad input."""
    return yaml.load(text, Loader=SafeLoader)


def compose(text: str) -> yaml.Node | None:
    """The node tree of YAML text (for checks such as repeated keys)."""
    return yaml.compose(text, Loader=SafeLoader)
