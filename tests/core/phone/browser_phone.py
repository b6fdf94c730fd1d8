"""Headless Chromium acting as the person's phone (Debian's chromium driven by playwright-core
from npm, ``tests/core/phone/browser``): open the page at a phone's size, run axe-core,
press a button, read what the page says.

The checks run when Chromium, Node.js and the npm packages are there, and must run in
CI: with ``READINESS_CI=1`` or ``READINESS_REQUIRE_BROWSER`` set (``.ci/run`` sets them) a
missing browser fails the test instead of skipping it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

BROWSER = Path(__file__).parent / "browser"


def chromium() -> str:
    """The Chromium program, when the phone can be played here; else skip (or fail in CI)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    ready = found and shutil.which("node") and (BROWSER / "node_modules" / "axe-core").is_dir()
    if not ready:
        message = "no chromium, node or npm packages (npm ci in tests/core/phone/browser)"
        if os.environ.get("READINESS_CI") == "1" or os.environ.get("READINESS_REQUIRE_BROWSER"):
            pytest.fail(f"the phone page must be tested here: {message}")
        pytest.skip(message)
    assert found is not None
    return found


def act_as_phone(url: str, *, timeout_s: float = 120, **options: Any) -> dict[str, Any]:
    """Open ``url`` as the phone (see ``browser/phone.mjs`` for the options); its findings."""
    config = {"chromium": chromium(), "url": url, "timeout_ms": timeout_s * 1000, **options}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(config, file)
    try:
        done = subprocess.run(
            ["node", str(BROWSER / "phone.mjs"), file.name],
            capture_output=True,
            text=True,
            timeout=timeout_s + 60,
            cwd=BROWSER,
            check=False,
        )
    finally:
        os.unlink(file.name)
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, Any] = json.loads(done.stdout)
    return result
