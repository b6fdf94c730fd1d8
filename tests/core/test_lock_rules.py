"""The app lock's rules without a screen: idle time, sleep gaps and passphrase tries."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readiness.protection.lock_rules import (
    Attempt,
    IdleClock,
    SleepDetector,
    UnlockAttempts,
    passphrase_matches,
)
from readiness.protection.passphrase import retry_delay
from readiness.store.keys import DatabaseKey


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


# -- idle --------------------------------------------------------------------------


def test_idle_clock_expires_after_the_limit_and_use_postpones_it() -> None:
    clock = FakeClock()
    idle = IdleClock(300, clock)
    clock.advance(299)
    assert not idle.expired()
    assert idle.remaining() == pytest.approx(1)
    idle.touch()
    clock.advance(299)
    assert not idle.expired()
    clock.advance(1)
    assert idle.expired()
    assert idle.remaining() == 0


def test_a_shorter_limit_counts_from_the_last_use() -> None:
    clock = FakeClock()
    idle = IdleClock(600, clock)
    clock.advance(120)
    idle.set_limit(60)
    assert idle.expired()
    idle.set_limit(240)
    assert idle.remaining() == pytest.approx(120)


@pytest.mark.parametrize("limit", [0, -5])
def test_the_idle_limit_must_be_positive(limit: float) -> None:
    with pytest.raises(ValueError, match="more than 0"):
        IdleClock(limit)
    with pytest.raises(ValueError, match="more than 0"):
        IdleClock(60).set_limit(limit)


# -- sleep -------------------------------------------------------------------------


def detector() -> tuple[SleepDetector, FakeClock, FakeClock]:
    awake, wall = FakeClock(50.0), FakeClock(1_700_000_000.0)
    return SleepDetector(5.0, 30.0, monotonic=awake, wall=wall), awake, wall


def test_regular_ticks_are_not_a_sleep() -> None:
    sleep, awake, wall = detector()
    for _ in range(10):
        awake.advance(5.2)
        wall.advance(5.2)
        assert not sleep.tick()


def test_a_wall_clock_jump_the_monotonic_clock_did_not_see_is_a_sleep() -> None:
    sleep, awake, wall = detector()
    awake.advance(5)
    wall.advance(5 + 600)  # Linux and macOS: the monotonic clock stops while asleep
    assert sleep.tick()
    awake.advance(5)
    wall.advance(5)
    assert not sleep.tick(), "only the tick after the sleep reports it"


def test_a_tick_far_too_late_on_both_clocks_is_a_sleep() -> None:
    sleep, awake, wall = detector()
    awake.advance(900)  # a monotonic clock that counts sleep (Windows)
    wall.advance(900)
    assert sleep.tick()


def test_a_short_nap_under_the_gap_is_not_reported() -> None:
    sleep, awake, wall = detector()
    awake.advance(5)
    wall.advance(5 + 29)
    assert not sleep.tick()


def test_a_wall_clock_set_back_is_not_a_sleep() -> None:
    sleep, awake, wall = detector()
    awake.advance(5)
    wall.advance(-3600)
    assert not sleep.tick()


def test_reset_starts_measuring_from_now() -> None:
    sleep, awake, wall = detector()
    awake.advance(5)
    wall.advance(5000)
    sleep.reset()
    awake.advance(5)
    wall.advance(5)
    assert not sleep.tick()


@given(st.lists(st.floats(min_value=0.0, max_value=35.0), min_size=1, max_size=30))
def test_ticks_within_the_allowed_lateness_never_count_as_sleep(steps: list[float]) -> None:
    sleep, awake, wall = detector()
    for step in steps:
        awake.advance(step)
        wall.advance(step)
        assert not sleep.tick()


# -- passphrases -------------------------------------------------------------------


def test_the_right_passphrase_matches_and_others_do_not() -> None:
    key = DatabaseKey.from_passphrase("correct horse battery")
    assert passphrase_matches("correct horse battery", key)
    assert not passphrase_matches("correct horse batter", key)
    assert not passphrase_matches("Correct horse battery", key)
    assert not passphrase_matches("", key)


def test_accented_letters_match_however_they_were_typed() -> None:
    composed = "contraseña de María"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    key = DatabaseKey.from_passphrase(composed)
    assert passphrase_matches(decomposed, key)
    assert not passphrase_matches("contrasena de Maria", key)


def test_a_raw_key_matches_its_hex_form() -> None:
    key = DatabaseKey.from_bytes(bytes(range(32)))
    assert passphrase_matches(f"x'{key.secret.upper()}'", key)
    assert passphrase_matches(key.secret, key)
    assert not passphrase_matches("x'" + "00" * 32 + "'", key)


# -- tries -------------------------------------------------------------------------


def test_a_wrong_passphrase_makes_the_next_try_wait() -> None:
    clock = FakeClock()
    key = DatabaseKey.from_passphrase("right passphrase")
    attempts = UnlockAttempts(clock)
    assert attempts.attempt("wrong one", key) is Attempt.WRONG
    assert attempts.wait_left() == pytest.approx(retry_delay(1))
    assert attempts.attempt("right passphrase", key) is Attempt.TOO_SOON
    assert attempts.failures == 1, "a try during the wait is not checked or counted"
    clock.advance(retry_delay(1))
    assert attempts.attempt("right passphrase", key) is Attempt.UNLOCKED
    assert attempts.failures == 0
    assert attempts.wait_left() == 0


def test_waits_grow_to_thirty_seconds_and_the_right_passphrase_still_works() -> None:
    clock = FakeClock()
    key = DatabaseKey.from_passphrase("right passphrase")
    attempts = UnlockAttempts(clock)
    waits = []
    for _ in range(12):
        assert attempts.attempt("guess", key) is Attempt.WRONG
        waits.append(attempts.wait_left())
        clock.advance(attempts.wait_left())
    assert waits[:6] == [1, 2, 4, 8, 16, 30]
    assert max(waits) == 30
    assert attempts.attempt("right passphrase", key) is Attempt.UNLOCKED


def test_without_a_key_nothing_unlocks() -> None:
    attempts = UnlockAttempts(FakeClock())
    assert attempts.attempt("anything at all", None) is Attempt.WRONG
