"""What makes a good new passphrase, and how long to wait after a wrong one.

Passphrase rules follow NIST SP 800-63B §5.1.1.2: at least 8 characters, no
composition rules, long passphrases welcome. After a wrong passphrase the next try
waits a little longer (``retry_delay``), so guessing is slow but the data is never
locked away from the person who knows the passphrase.
"""

from __future__ import annotations

import unicodedata

from readiness.errors import ReadinessError
from readiness.messages import M_, MN_

MIN_PASSPHRASE = 8
MAX_PASSPHRASE = 1024


def check_new_passphrase(passphrase: str, confirmation: str | None = None) -> None:
    """Refuse a passphrase that is too short, too long, blank-edged or mistyped twice."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise ReadinessError(
            MN_(
                "The passphrase needs at least {count} character.",
                "The passphrase needs at least {count} characters.",
                count=MIN_PASSPHRASE,
            )
        )
    if len(passphrase) > MAX_PASSPHRASE:
        raise ReadinessError(
            MN_(
                "The passphrase can have at most {count} character.",
                "The passphrase can have at most {count} characters.",
                count=MAX_PASSPHRASE,
            )
        )
    if passphrase != passphrase.strip():
        raise ReadinessError(M_("The passphrase cannot start or end with a space."))
    if any(unicodedata.category(ch) == "Cc" for ch in passphrase):
        raise ReadinessError(M_("The passphrase cannot contain control characters."))
    if confirmation is not None and confirmation != passphrase:
        raise ReadinessError(M_("The two passphrases are not the same."))


def retry_delay(failures: int) -> float:
    """Seconds to wait before the next try after ``failures`` wrong passphrases in a row."""
    if failures <= 0:
        return 0.0
    return float(min(2 ** (failures - 1), 30))
