"""When the app locks and what unlocks it: idle time, a sleeping computer, passphrase tries.

Plain Python (no Qt), so the rules are tested without a screen; ``ui.protection.app_lock``
drives them with timers and input events.

- ``IdleClock`` remembers the last moment the worker used the app and says when the
  idle limit has passed. Input only stores a time stamp, so it costs nothing per event.
- ``SleepDetector`` is asked on a regular tick (every few seconds). When the time
  between two ticks is far longer than it should be, the computer was asleep (or the
  app was stopped), and the app must lock at once. Two clocks are compared: the
  monotonic clock stops while the computer sleeps on Linux and macOS, and the wall
  clock does not, so a gap between them is a sleep; on systems whose monotonic clock
  keeps counting through sleep, the late tick itself shows it.
- ``UnlockAttempts`` checks a typed passphrase against the key in memory, counts
  wrong tries and makes the next try wait (``retry_delay``: 0, 1, 2, 4 … 30 s). The
  wait never grows past 30 s, so the person who knows the passphrase always gets in.

The passphrase kept in the credential store (if the agency allows it) is never used
here: unlocking always needs the passphrase typed again.
"""

from __future__ import annotations

import enum
import hmac
import time
from collections.abc import Callable

from readiness.protection.passphrase import retry_delay
from readiness.store.keys import DatabaseKey

Clock = Callable[[], float]
"""Seconds from some fixed point (``time.monotonic``, ``time.time``, or a test's fake)."""

SLEEP_TICK_S = 5.0
"""How often the app looks for a sleep gap."""
SLEEP_GAP_S = 30.0
"""A gap between two ticks longer than this (beyond the tick itself) means the computer slept."""


class LockReason(enum.Enum):
    """Why the app locked; the lock screen says it in words."""

    MANUAL = "manual"
    IDLE = "idle"
    SLEEP = "sleep"
    SCREEN_LOCKED = "screen_locked"


class IdleClock:
    """The time since the worker last used the app, against a limit that can change."""

    def __init__(self, limit_s: float, clock: Clock = time.monotonic) -> None:
        if limit_s <= 0:
            raise ValueError("the idle limit must be more than 0 seconds")
        self._clock = clock
        self._limit_s = float(limit_s)
        self._last = clock()

    @property
    def limit_s(self) -> float:
        return self._limit_s

    def set_limit(self, limit_s: float) -> None:
        """Lock after ``limit_s`` idle seconds from now on (counted from the last use)."""
        if limit_s <= 0:
            raise ValueError("the idle limit must be more than 0 seconds")
        self._limit_s = float(limit_s)

    def touch(self) -> None:
        """The worker used the app just now."""
        self._last = self._clock()

    def remaining(self) -> float:
        """Seconds until the idle limit is reached (0 when it has been)."""
        return max(0.0, self._limit_s - (self._clock() - self._last))

    def expired(self) -> bool:
        return self.remaining() <= 0.0


class SleepDetector:
    """Notices that the computer slept between two regular ticks."""

    def __init__(
        self,
        tick_s: float = SLEEP_TICK_S,
        gap_s: float = SLEEP_GAP_S,
        *,
        monotonic: Clock = time.monotonic,
        wall: Clock = time.time,
    ) -> None:
        self.tick_s = tick_s
        self.gap_s = gap_s
        self._monotonic = monotonic
        self._wall = wall
        self._last = (monotonic(), wall())

    def reset(self) -> None:
        """Start measuring from now (after the app unlocks)."""
        self._last = (self._monotonic(), self._wall())

    def tick(self) -> bool:
        """Whether the computer slept since the last tick (or ``reset``)."""
        now = (self._monotonic(), self._wall())
        awake = now[0] - self._last[0]
        passed = now[1] - self._last[1]
        self._last = now
        # A wall clock set back (a time-zone trip, a correction) gives a negative
        # ``passed``: that is not a sleep. A clock set forward by more than the gap
        # locks the app, which is the safe side.
        clocks_apart = passed - awake > self.gap_s
        tick_far_too_late = passed > self.tick_s + self.gap_s
        return clocks_apart or tick_far_too_late


def passphrase_matches(typed: str, key: DatabaseKey) -> bool:
    """Whether ``typed`` is the passphrase of ``key`` (in constant time).

    What was typed is normalised as when the database was opened, so the same letters
    typed another way (a composed or a decomposed "é") match. A raw key (tests, keys
    from a passphrase file) matches its ``x'…'`` form, as such files write it.
    """
    if key.raw:
        candidate = typed.strip().lower()
        if candidate.startswith("x'") and candidate.endswith("'"):
            candidate = candidate[2:-1]
        expected = key.secret.lower()
    else:
        candidate = DatabaseKey.from_passphrase(typed).secret
        expected = key.secret
    return hmac.compare_digest(candidate.encode("utf-8"), expected.encode("utf-8"))


class Attempt(enum.Enum):
    """What came of one try at unlocking."""

    UNLOCKED = "unlocked"
    WRONG = "wrong"
    TOO_SOON = "too_soon"
    """The wait after the last wrong try has not passed; the passphrase was not checked."""


class UnlockAttempts:
    """Passphrase tries with a growing wait after each wrong one (never a lock-out)."""

    def __init__(self, clock: Clock = time.monotonic) -> None:
        self._clock = clock
        self.failures = 0
        self._next_try = clock()

    def wait_left(self) -> float:
        """Seconds before the next try is allowed (0 when it is allowed now)."""
        return max(0.0, self._next_try - self._clock())

    def attempt(self, typed: str, key: DatabaseKey | None) -> Attempt:
        """Check ``typed`` against ``key``; a wrong try (or no key) makes the next one wait."""
        if self.wait_left() > 0:
            return Attempt.TOO_SOON
        if key is not None and passphrase_matches(typed, key):
            self.failures = 0
            self._next_try = self._clock()
            return Attempt.UNLOCKED
        self.failures += 1
        self._next_try = self._clock() + retry_delay(self.failures)
        return Attempt.WRONG
