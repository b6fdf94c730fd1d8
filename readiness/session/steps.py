"""The steps of an intake, by key, in the order a worker goes through them.

The GUI builds one page per step (``ui/intake_steps.py``), the session keeps the key
of the step the worker is on, and the review says which steps are done, all with
these keys. ``may_open`` is the one rule of which steps can be opened: consent comes
first, so the steps that act on it wait until the person's choices are recorded.
"""

from __future__ import annotations

OVERVIEW = "overview"
CONSENT = "consent"
PHONE = "phone"
DEVICE = "device"
CONNECTION = "connection"
QUESTIONS = "questionnaire"
RESULTS = "results"
REPORTS = "export"

STEPS = (OVERVIEW, CONSENT, PHONE, DEVICE, CONNECTION, QUESTIONS, RESULTS, REPORTS)
NEED_CONSENT = (PHONE, DEVICE, CONNECTION, QUESTIONS, RESULTS, REPORTS)
"""Steps that open only once the person's consent choices are recorded."""


def may_open(key: str, *, consent_recorded: bool) -> bool:
    """Whether the step ``key`` can be opened: any step once the person's consent choices
    are recorded (even "no" to every part), before that only About and Consent."""
    if key not in STEPS:
        raise ValueError(f"no intake step {key!r}")
    return consent_recorded or key not in NEED_CONSENT
