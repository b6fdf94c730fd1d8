"""The steps of an intake, by key, in the order a worker goes through them.

The GUI builds one page per step (``ui/intake_steps.py``), the session keeps the key
of the step the worker is on, and the review says which steps are done, all with
these keys.
"""

from __future__ import annotations

OVERVIEW = "overview"
CONSENT = "consent"
DEVICE = "device"
CONNECTION = "connection"
QUESTIONS = "questionnaire"
RESULTS = "results"
REPORTS = "export"

STEPS = (OVERVIEW, CONSENT, DEVICE, CONNECTION, QUESTIONS, RESULTS, REPORTS)
NEED_CONSENT = (DEVICE, CONNECTION, QUESTIONS, RESULTS, REPORTS)
"""Steps that open only once the person's consent choices are recorded."""
