"""Headless Chromium acting as the person's phone (Debian's chromium driven by playwright-core
from npm, ``tests/browser``): open the page at a phone's size, run axe-core,
press a button, read what the page says.

The checks run when Chromium, Node.js and the npm packages are there, and must run in
CI: with ``READINESS_REQUIRE_BROWSER`` set (``.ci/run`` sets it) a missing browser fails
the test instead of skipping it (``tests.browser.chromium.node_script``).
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from typing import Any

from tests.browser.chromium import node_script


def act_as_phone(url: str, *, timeout_s: float = 120, **options: Any) -> dict[str, Any]:
    """Open ``url`` as the phone (see ``browser/phone.mjs`` for the options); its findings."""
    chromium, script = node_script("phone.mjs")
    config = {"chromium": chromium, "url": url, "timeout_ms": timeout_s * 1000, **options}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(config, file)
    try:
        done = subprocess.run(
            ["node", str(script), file.name],
            capture_output=True,
            text=True,
            timeout=timeout_s + 60,
            cwd=script.parent,
            check=False,
        )
    finally:
        os.unlink(file.name)
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, Any] = json.loads(done.stdout)
    return result
