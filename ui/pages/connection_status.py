"""What the connection page says when a test cannot measure: one plain sentence per way it
failed, saying what happened and what to do (the technical details stay in the record)."""

from __future__ import annotations

from readiness.checks.connection import ConnectionStatus
from readiness.messages import N_

from ..language import _

FAILURES = {
    ConnectionStatus.OFFLINE: N_(
        "No internet connection: check the Wi-Fi or cable and test again, or type in "
        "figures from another speed test below."
    ),
    ConnectionStatus.CAPTIVE_PORTAL: N_(
        "This network wants a sign-in first: open a web browser, sign in and test again, "
        "or type in figures from another speed test below."
    ),
    ConnectionStatus.BLOCKED: N_(
        "This network blocks the speed test: try another network, or type in figures from "
        "another speed test below."
    ),
    ConnectionStatus.TIMEOUT: N_(
        "The speed test server did not answer in time: test again in a minute, or type in "
        "figures from another speed test below."
    ),
    ConnectionStatus.NO_SERVERS: N_(
        "No speed test server was found: check the agency server's address in Settings "
        "(the speed-test page's address or its backend folder's), or type in figures from "
        "another speed test below."
    ),
}
ERROR_SENTENCE = N_(
    "The speed test did not work: test again, or type in figures from another speed test below."
)


def failure_sentence(status: ConnectionStatus) -> str:
    """What happened and what to do, in one plain sentence (the details stay in the record)."""
    return _(FAILURES.get(status, ERROR_SENTENCE))
