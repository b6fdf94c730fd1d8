"""What the worker and the person found on the person's phone, as check results of the phone.

A ``PhoneLook`` holds the answers of the guided phone step (``guide.yaml``); each topic
answered becomes one ``CheckResult`` with source ``"looked_at"`` (shown as "the person's
phone, looked at together"), judged against the thresholds file's ``phone`` section
where a published figure exists. A topic left unanswered gives no result, so skipping
the step or a part of it adds nothing. ``look_from_results`` reads the saved results
back, so the step shows what was found when the intake reopens.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime

from readiness.checks.reasons import cite, explained, number
from readiness.messages import M_, Message
from readiness.model import CheckResult, CheckStatus, Measurement
from readiness.thresholds import PhoneThresholds, VersionLimit, source_message

SOURCE = "looked_at"
"""The ``source`` of a check result found by looking at the person's phone together."""

SYSTEM = "phone.system"
STORAGE = "phone.storage"
CAMERA = "phone.camera"
MICROPHONE = "phone.microphone"
DATA = "phone.data"
APPS = "phone.apps"
SCREEN = "phone.screen"
LOOKED_AT_CHECKS = (SYSTEM, STORAGE, CAMERA, MICROPHONE, DATA, APPS, SCREEN)

_VERSION = re.compile(r"^\s*(\d{1,3})(?:\.(\d{1,3}))?(?:\.(\d{1,3}))?\s*$")
_PLATFORM_NAMES = {"iphone": "iOS", "android": "Android"}


@dataclass(frozen=True)
class PhoneLook:
    """The guided step's answers; None (or empty text) is "not looked at"."""

    platform: str | None = None
    """``iphone`` or ``android``."""
    system_version: str = ""
    """The version as read on the phone (``17.5.1``, ``14``)."""
    free_storage_gb: float | None = None
    camera: str | None = None
    """``allowed``, ``not_allowed`` or ``not_sure`` (for the video app)."""
    microphone: str | None = None
    data_plan: str | None = None
    """``unlimited``, ``limited``, ``prepaid`` or ``none``."""
    wifi: str | None = None
    """``home``, ``public_only`` or ``none``."""
    apps: tuple[str, ...] | None = None
    """The apps found (``video_app``, ``whatsapp``, ``agency_app``); empty: none of them."""
    screen: str | None = None
    """``easy``, ``with_changes`` or ``hard``."""


def version_parts(text: str) -> tuple[int, ...] | None:
    """``"17.5.1"`` -> ``(17, 5, 1)``; None for text that is not a version number."""
    found = _VERSION.match(text)
    if found is None:
        return None
    return tuple(int(part) for part in found.groups() if part is not None)


def _at_least(parts: tuple[int, ...], limit: VersionLimit) -> bool:
    width = max(len(parts), len(limit.parts))
    return parts + (0,) * (width - len(parts)) >= limit.parts + (0,) * (width - len(limit.parts))


def _cited_version(name: str, limit: VersionLimit) -> Message:
    return M_(
        "{system} {version} (source: {source})",
        system=name,
        version=limit.version,
        source=source_message(limit.source),
    )


def _system(look: PhoneLook, limits: PhoneThresholds) -> tuple[CheckStatus, Message] | None:
    if look.platform not in _PLATFORM_NAMES or not look.system_version.strip():
        return None
    name = _PLATFORM_NAMES[look.platform]
    parts = version_parts(look.system_version)
    if parts is None:
        return CheckStatus.UNKNOWN, M_(
            "The system version could not be read as a number ({text}).",
            text=look.system_version.strip()[:20],
        )
    shown = ".".join(str(part) for part in parts)
    iphone = look.platform == "iphone"
    supported = limits.ios_supported if iphone else limits.android_supported
    messaging = limits.ios_messaging if iphone else limits.android_messaging
    if _at_least(parts, supported):
        return CheckStatus.GOOD, M_(
            "{system} {version} runs video visit apps: it meets {minimum}.",
            system=name,
            version=shown,
            minimum=_cited_version(name, supported),
        )
    if _at_least(parts, messaging):
        return CheckStatus.LIMITED, M_(
            "{system} {version} runs WhatsApp ({minimum}) but is older than a video "
            "visit app needs: {supported}.",
            system=name,
            version=shown,
            minimum=_cited_version(name, messaging),
            supported=_cited_version(name, supported),
        )
    return CheckStatus.MISSING, M_(
        "{system} {version} is too old for video visit apps ({supported}) and for "
        "WhatsApp ({minimum}).",
        system=name,
        version=shown,
        supported=_cited_version(name, supported),
        minimum=_cited_version(name, messaging),
    )


def _storage(free: float, limits: PhoneThresholds) -> tuple[CheckStatus, Message]:
    amount = number(free)
    if free >= limits.recommended_free_storage.value:
        return CheckStatus.GOOD, M_(
            "{free} GB free: enough ({limit}).",
            free=amount,
            limit=cite(limits.recommended_free_storage),
        )
    if free >= limits.minimum_free_storage.value:
        return CheckStatus.LIMITED, M_(
            "{free} GB free: one more app fits, but updates may not ({limit}).",
            free=amount,
            limit=cite(limits.recommended_free_storage),
        )
    return CheckStatus.MISSING, M_(
        "{free} GB free: too little to add an app ({limit}).",
        free=amount,
        limit=cite(limits.minimum_free_storage),
    )


def _access(what: str, answer: str) -> tuple[CheckStatus, Message]:
    camera = what == "camera"
    if answer == "allowed":
        return CheckStatus.GOOD, (
            M_("The video app may use the camera.")
            if camera
            else M_("The video app may use the microphone.")
        )
    if answer == "not_allowed":
        return CheckStatus.LIMITED, (
            M_("The video app may not use the camera yet. It can be allowed in Settings.")
            if camera
            else M_("The video app may not use the microphone yet. It can be allowed in Settings.")
        )
    return CheckStatus.UNKNOWN, M_("It is not known yet whether the video app may use it.")


def _data(plan: str | None, wifi: str | None) -> tuple[CheckStatus, Message]:
    if plan == "unlimited" or wifi == "home":
        return CheckStatus.GOOD, M_("Video visits can use Wi-Fi at home or unlimited data.")
    if plan in ("limited", "prepaid") or wifi == "public_only":
        return CheckStatus.LIMITED, M_(
            "Data can run out, or Wi-Fi is only in public places: plan visits with that in mind."
        )
    if plan == "none" and wifi == "none":
        return CheckStatus.MISSING, M_("The phone has no mobile data and no Wi-Fi to use.")
    return CheckStatus.UNKNOWN, M_("Only part of the data plan and Wi-Fi is known.")


def _apps(apps: tuple[str, ...]) -> tuple[CheckStatus, Message]:
    if "video_app" in apps:
        return CheckStatus.GOOD, M_("The video visit app is on the phone.")
    if apps:
        return CheckStatus.LIMITED, M_(
            "The video visit app is not on the phone yet; other apps for calls are."
        )
    return CheckStatus.MISSING, M_("None of the apps for visits is on the phone yet.")


_SCREEN = {
    "easy": (CheckStatus.GOOD, M_("The person reads the screen easily.")),
    "with_changes": (CheckStatus.LIMITED, M_("The person reads the screen with bigger text.")),
    "hard": (CheckStatus.MISSING, M_("The screen is hard for the person to read.")),
}


def look_results(
    look: PhoneLook, limits: PhoneThresholds, *, measured_at: datetime
) -> list[CheckResult]:
    """One check result per topic answered in ``look`` (none for a topic left open)."""

    def make(check_id: str, judged: tuple[CheckStatus, Message], **values: object) -> CheckResult:
        kept = {
            key: Measurement(value, "GB" if key == "free_storage_gb" else "")  # type: ignore[arg-type]
            for key, value in values.items()
        }
        status, reason = judged
        return explained(check_id, status, reason, kept, measured_at=measured_at, source=SOURCE)

    results = []
    system = _system(look, limits)
    if system is not None:
        version = look.system_version.strip()[:20]
        results.append(make(SYSTEM, system, platform=look.platform, system_version=version))
    if look.free_storage_gb is not None:
        judged = _storage(look.free_storage_gb, limits)
        results.append(make(STORAGE, judged, free_storage_gb=look.free_storage_gb))
    if look.camera is not None:
        results.append(make(CAMERA, _access("camera", look.camera), camera=look.camera))
    if look.microphone is not None:
        judged = _access("microphone", look.microphone)
        results.append(make(MICROPHONE, judged, microphone=look.microphone))
    if look.data_plan is not None or look.wifi is not None:
        judged = _data(look.data_plan, look.wifi)
        results.append(make(DATA, judged, data_plan=look.data_plan, wifi=look.wifi))
    if look.apps is not None:
        results.append(make(APPS, _apps(look.apps), apps="; ".join(look.apps)))
    if look.screen in _SCREEN:
        results.append(make(SCREEN, _SCREEN[look.screen], screen=look.screen))
    return results


def look_from_results(results: Iterable[CheckResult]) -> PhoneLook:
    """The answers kept in saved phone results (the newest of each), for the step to show."""
    found: dict[str, object] = {}
    for result in sorted(results, key=lambda r: r.measured_at):
        if result.source != SOURCE or result.check_id not in LOOKED_AT_CHECKS:
            continue
        for key, measurement in result.values.items():
            found[key] = measurement.value
    known = {field.name for field in fields(PhoneLook)}
    values = {key: value for key, value in found.items() if key in known}
    apps = values.pop("apps", None)
    storage = values.pop("free_storage_gb", None)
    look = PhoneLook(
        **{key: value for key, value in values.items() if isinstance(value, str)},
        free_storage_gb=float(storage) if isinstance(storage, int | float) else None,
        apps=tuple(a for a in str(apps).split("; ") if a) if isinstance(apps, str) else None,
    )
    return look
