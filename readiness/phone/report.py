"""What the phone page sends back: validated like any import, then stored as measured results.

The page posts one small JSON object: the figures it measured (download, upload, round
trip, jitter), where it measured to (the laptop or the agency's server), and what the
browser tells (user agent, screen size, connection type). ``read_report`` accepts only
that shape: unknown keys, numbers out of range, non-finite numbers and long texts are
refused (pydantic, as the assessment-document import does), so nothing else reaches
the database. ``report_results`` turns a report into the phone's check results: its
connection judged against the connection tiers like the laptop's test, and the phone's
system and browser as the user agent names them.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from readiness.checks.connection import ConnectionResult, ConnectionStatus, to_check_result
from readiness.checks.connection.verdicts import evaluate
from readiness.checks.reasons import explained
from readiness.errors import ReadinessError
from readiness.messages import M_, english, joined
from readiness.model import CheckResult, CheckStatus, Measurement

if TYPE_CHECKING:
    from readiness.thresholds import Thresholds

CONNECTION = "phone.connection"
BROWSER = "phone.browser"
MEASURED_CHECKS = (CONNECTION, BROWSER)
MAX_REPORT_BYTES = 8 * 1024
"""A report is a few hundred bytes; anything larger is refused before it is parsed."""

CONNECTION_TYPES = (
    "bluetooth",
    "cellular",
    "ethernet",
    "none",
    "wifi",
    "wimax",
    "other",
    "unknown",
)
"""The Network Information API's ``connection.type`` values."""
EFFECTIVE_TYPES = ("slow-2g", "2g", "3g", "4g")


class ReportError(ReadinessError):
    """What the phone sent is not a valid report (the message says what is wrong)."""


class PhoneReport(BaseModel):
    """One report from the phone page; every figure optional (None: not measured)."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    declined: bool = False
    """The person chose not to run the test on the phone."""
    target: Literal["laptop", "agency"] = "laptop"
    download_mbps: float | None = Field(default=None, ge=0, le=100_000)
    upload_mbps: float | None = Field(default=None, ge=0, le=100_000)
    rtt_ms: float | None = Field(default=None, ge=0, le=60_000)
    jitter_ms: float | None = Field(default=None, ge=0, le=60_000)
    duration_s: float | None = Field(default=None, ge=0, le=3_600)
    user_agent: str = Field(default="", max_length=400)
    screen_width: int | None = Field(default=None, ge=1, le=20_000)
    screen_height: int | None = Field(default=None, ge=1, le=20_000)
    pixel_ratio: float | None = Field(default=None, gt=0, le=20)
    connection_type: Literal[CONNECTION_TYPES] | None = None  # type: ignore[valid-type]
    effective_type: Literal[EFFECTIVE_TYPES] | None = None  # type: ignore[valid-type]
    failed: Literal["", "download", "upload", "ping"] = ""
    """The part of the test that could not run (its figure is then None)."""

    @field_validator("download_mbps", "upload_mbps", "rtt_ms", "jitter_ms", "duration_s")
    @classmethod
    def _finite(cls, value: float | None) -> float | None:
        if value is not None and not math.isfinite(value):
            raise ValueError("must be a finite number")
        return value

    @field_validator("user_agent")
    @classmethod
    def _printable(cls, value: str) -> str:
        if not value.isprintable():
            raise ValueError("must be printable text")
        return value


def read_report(raw: bytes) -> PhoneReport:
    """The report in ``raw`` (JSON), or ``ReportError`` saying what is wrong with it."""
    if len(raw) > MAX_REPORT_BYTES:
        raise ReportError(M_("The phone sent more than a report holds."))
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ReportError(M_("The phone's report is not valid JSON.")) from exc
    if not isinstance(data, dict):
        raise ReportError(M_("The phone's report is not valid JSON."))
    # JSON has one kind of number: whole figures arrive as int and count as float here.
    for key in ("download_mbps", "upload_mbps", "rtt_ms", "jitter_ms", "duration_s", "pixel_ratio"):
        if type(data.get(key)) is int:
            data[key] = float(data[key])
    try:
        return PhoneReport.model_validate(data)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in error["loc"]) or "(top level)"
        raise ReportError(
            M_(
                "The phone's report was refused ({key}: {problem}).",
                key=where,
                problem=error["msg"],
            )
        ) from exc


_SYSTEMS = (
    (re.compile(r"(?:iPhone|iPad|iPod).*? OS (\d+(?:_\d+){0,2})"), "iOS"),
    (re.compile(r"Android (\d+(?:\.\d+){0,2})"), "Android"),
)
_BROWSERS = (
    (re.compile(r"SamsungBrowser/(\d+)"), "Samsung Internet"),
    (re.compile(r"EdgA?/(\d+)"), "Edge"),
    (re.compile(r"(?:CriOS|Chrome)/(\d+)"), "Chrome"),
    (re.compile(r"(?:FxiOS|Firefox)/(\d+)"), "Firefox"),
    (re.compile(r"Version/(\d+(?:\.\d+)?).*Safari/"), "Safari"),
)


def system_and_browser(user_agent: str) -> tuple[str, str]:
    """The system and browser a user agent names (``("iOS 17.5", "Safari 17.5")``); empty
    text for what it does not name. Browsers may report less than the truth (Android
    Chrome says "Android 10" on newer systems), so this is a hint, never a verdict."""
    system = next(
        (
            f"{name} {found.group(1).replace('_', '.')}"
            for pattern, name in _SYSTEMS
            if (found := pattern.search(user_agent))
        ),
        "",
    )
    browser = next(
        (
            f"{name} {found.group(1)}"
            for pattern, name in _BROWSERS
            if (found := pattern.search(user_agent))
        ),
        "",
    )
    return system, browser


def report_results(
    report: PhoneReport, thresholds: Thresholds, *, measured_at: datetime, server: str
) -> list[CheckResult]:
    """The phone's measured check results: its connection and its browser.

    ``server`` names where the page measured to (the agency's server, or the laptop);
    a test to the laptop is labelled as measuring only the Wi-Fi between the two."""
    from readiness.i18n import ENGLISH

    results = [_browser(report, measured_at)]
    if report.declined:
        return results
    laptop = report.target == "laptop"
    note = (
        M_("Measured on the phone: the Wi-Fi between this phone and the laptop only.")
        if laptop
        else M_("Measured on the phone to the agency's speed-test server.")
    )
    measured = any(
        figure is not None
        for figure in (report.download_mbps, report.upload_mbps, report.rtt_ms, report.jitter_ms)
    )
    partial = bool(report.failed) and measured
    status = (
        ConnectionStatus.PARTIAL
        if partial
        else ConnectionStatus.OK
        if measured
        else ConnectionStatus.ERROR
    )
    connection = ConnectionResult(
        status=status,
        measured_at=measured_at,
        duration_s=report.duration_s or 0.0,
        reason=english(note),
        reason_message=note,
        download_mbps=report.download_mbps,
        upload_mbps=report.upload_mbps,
        rtt_ms=report.rtt_ms,
        jitter_ms=report.jitter_ms,
        backend="phone page",
        server=server,
        note=english(note),
    )
    verdicts = evaluate(connection, thresholds, ENGLISH)
    stored = to_check_result(connection, verdicts)
    message = stored.reason_message
    if status is ConnectionStatus.OK and message is not None:
        message = joined((message, note))
    values = dict(stored.values)
    values["target"] = Measurement(report.target)
    return [
        replace(
            stored,
            check_id=CONNECTION,
            values=values,
            reason=english(message) if message is not None else stored.reason,
            reason_message=message,
        ),
        *results,
    ]


def _browser(report: PhoneReport, measured_at: datetime) -> CheckResult:
    system, browser = system_and_browser(report.user_agent)
    values = {
        "system": Measurement(system),
        "browser": Measurement(browser),
        "screen_width": Measurement(report.screen_width, "px"),
        "screen_height": Measurement(report.screen_height, "px"),
        "connection_type": Measurement(report.connection_type),
        "effective_type": Measurement(report.effective_type),
    }
    parts = [M_("The phone's browser ran the test page.")]
    if system or browser:
        parts.append(M_("It says: {system} {browser}.", system=system, browser=browser))
    if report.screen_width and report.screen_height:
        parts.append(
            M_(
                "Screen {width} x {height} points.",
                width=report.screen_width,
                height=report.screen_height,
            )
        )
    reason = joined(tuple(parts))
    return explained(BROWSER, CheckStatus.GOOD, reason, values, measured_at=measured_at)
