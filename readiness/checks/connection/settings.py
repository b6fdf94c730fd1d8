"""Connection-test settings: backend order, the agency's server, durations, validated once.

The app's Settings hand plain values to ``ConnectionSettings``; a bad value raises a
``ReadinessError`` whose message names the setting and says what a good value looks
like, so a typo in Settings is reported instead of breaking the test page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from readiness.errors import ReadinessError
from readiness.messages import M_, MessageArg

if TYPE_CHECKING:
    from readiness.settings import Settings

BACKENDS = ("librespeed", "speedtest")
"""Bandwidth backends by name, in the default order (the agency's own server first)."""

AUTO = "auto"


@dataclass(frozen=True)
class ServerUrl:
    """A validated http(s) server address split into the parts a client needs.

    ``scheme_typed`` is False when the address was typed without ``http://`` or
    ``https://`` (as a browser's address bar shows it); it then reads as ``http``
    and a LibreSpeed discovery also tries ``https``.
    """

    scheme: str
    host: str
    port: int
    path: str
    scheme_typed: bool = True

    @property
    def base(self) -> str:
        """The URL with its path ending in ``/``, ready for relative endpoint paths."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        netloc = host if self.port == default else f"{host}:{self.port}"
        return f"{self.scheme}://{netloc}{self.path}"

    def join(self, relative: str) -> str:
        return self.base + relative.lstrip("/")

    def __str__(self) -> str:
        return self.base


def parse_server_url(text: str, setting: MessageArg) -> ServerUrl:
    """Parse ``text`` as an http(s) URL or raise ``ReadinessError`` naming ``setting``.

    An address without a scheme (``speed.example.org:8089/backend``) reads as http.
    """
    raw = text.strip()
    example = "https://speed.example.org/"
    scheme_typed = "://" in raw
    if not scheme_typed and raw and not raw.startswith(("/", ":")):
        raw = "http://" + raw
    try:
        parts = urlsplit(raw)
        port = parts.port
        host = parts.hostname
    except ValueError:
        parts, port, host = None, None, None
    problem = None
    if parts is None:
        problem = M_("is not a web address")
    elif parts.scheme not in ("http", "https"):
        problem = M_("must start with http:// or https://")
    elif not host or any(ch.isspace() for ch in raw):
        problem = M_("has no server name, or contains spaces")
    elif parts.username or parts.password:
        problem = M_("must not contain a user name or password")
    if problem or parts is None or host is None:
        raise ReadinessError(
            M_(
                "Setting '{setting}': {value} {problem}; it should look like {example}",
                setting=setting,
                value=repr(text),
                problem=problem or M_("is not a web address"),
                example=example,
            )
        )
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    default = 443 if parts.scheme == "https" else 80
    return ServerUrl(parts.scheme, host.lower(), port or default, path, scheme_typed)


def parse_host_port(text: str, setting: MessageArg) -> tuple[str, int]:
    """Parse ``host:port`` (for a UDP echo service) or raise ``ReadinessError``."""
    host, sep, port_text = text.strip().rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ReadinessError(
            M_(
                "Setting '{setting}': {value} should look like echo.example.org:7",
                setting=setting,
                value=repr(text),
            )
        )
    return host, int(port_text)


@dataclass(frozen=True)
class ConnectionSettings:
    """What the connection test needs from Settings; validated when created.

    ``backend_order`` lists backends by name (see ``BACKENDS``); the LibreSpeed one
    is skipped when no ``server_url`` is set. ``duration_s`` caps each direction
    (download, upload); ``deadline_s`` caps the whole test.
    """

    backend_order: tuple[str, ...] = BACKENDS
    server_url: str | None = None
    speedtest_mini_url: str | None = None
    udp_echo: str | None = None
    duration_s: float = 8.0
    deadline_s: float = 60.0

    def __post_init__(self) -> None:
        order = self.backend_order
        unknown = [name for name in order if name not in BACKENDS]
        if not order or unknown or len(set(order)) != len(order):
            raise ReadinessError(
                M_(
                    "Setting 'speed-test order': {value} should list {names}, each once",
                    value=", ".join(order) or M_("(empty)"),
                    names=" and/or ".join(BACKENDS),
                )
            )
        if self.server_url:
            parse_server_url(self.server_url, M_("agency speed-test server"))
        if self.speedtest_mini_url:
            parse_server_url(self.speedtest_mini_url, M_("Speedtest Mini server"))
        if self.udp_echo:
            parse_host_port(self.udp_echo, M_("UDP echo service"))
        for name, value, low, high in (
            (M_("test length per direction"), self.duration_s, 1.0, 60.0),
            (M_("overall time limit"), self.deadline_s, 3.0, 600.0),
        ):
            if not (math.isfinite(value) and low <= value <= high):
                raise ReadinessError(
                    M_(
                        "Setting '{setting}': {value} should be between {low} and {high} s",
                        setting=name,
                        value=value,
                        low=low,
                        high=high,
                    )
                )

    def with_backend(self, choice: str) -> ConnectionSettings:
        """These settings limited to one backend (``auto`` keeps the configured order)."""
        from dataclasses import replace

        if choice == AUTO:
            return self
        return replace(self, backend_order=(choice,))


def from_settings(settings: Settings) -> ConnectionSettings:
    """How to test the connection, from the app's Settings; a bad server address raises
    ``ReadinessError`` naming the setting."""
    server = settings.speed_test_server or None
    return ConnectionSettings(server_url=server).with_backend(settings.speed_test_backend)
