"""The hub's HTTPS API as both sides see it: paths, limits and the shape of each request.

A device sends JSON with ``Authorization: Bearer CREDENTIAL``:

- ``POST /api/v1/join`` ``{"code": CODE}`` (no credential yet) answers
  ``{"device_id", "device_name", "credential"}``; a code works once.
- ``POST /api/v1/assessments`` ``{"versions": [{"version", "previous_version",
  "document"}]}`` where ``document`` is the assessment document with its ``results``
  block; answers ``{"stored": [...], "already_there": [...], "flagged": [...]}``, each
  a list of ``{"assessment_id", "version"}``.
- ``POST /api/v1/erasures`` ``{"erasures": [{"service_user_id"}]}`` answers
  ``{"erased": COUNT}`` (versions removed).

Errors answer ``{"error": WORD}``: 401 ``unauthorized`` (nothing more is said),
403 ``revoked``, 413 ``too_large``, 422 ``invalid`` with ``field`` and ``problem``,
429 ``slow_down`` with ``Retry-After``, 503 ``unavailable`` (PostgreSQL cannot answer:
try later). A device can read nothing.
"""

from __future__ import annotations

API = "/api/v1"
JOIN_PATH = f"{API}/join"
ASSESSMENTS_PATH = f"{API}/assessments"
ERASURES_PATH = f"{API}/erasures"

MAX_BATCH = 50
"""Assessment versions (or erasures) per request."""
MAX_REQUEST_BYTES = 8 * 1024 * 1024
"""The largest request body the hub reads; a batch is cut to fit well under it."""
MAX_DOCUMENT_BYTES = 1024 * 1024
"""One assessment document with its results: far above any real one (tens of kB)."""

ERROR_UNAUTHORIZED = "unauthorized"
ERROR_REVOKED = "revoked"
ERROR_TOO_LARGE = "too_large"
ERROR_INVALID = "invalid"
ERROR_SLOW_DOWN = "slow_down"
ERROR_UNAVAILABLE = "unavailable"
