"""Headless Chromium and axe-core for tests: find them, run axe on a page, take a screenshot.

For the HTML reports; the hub's admin page and the phone page drive the same Chromium and
axe-core through playwright-core (``node_script``, the scripts in this folder). Chromium is
Debian's ``chromium``; axe-core and playwright-core are the npm packages ``npm ci``
installs in this folder (as ``.ci/run`` does; or point ``READINESS_AXE`` at an
``axe.min.js``). Without either a test is
skipped on a developer's machine, and fails under CI, where ``.ci/run`` sets
``READINESS_REQUIRE_BROWSER``: a check that silently stops running is a defect.

axe runs inside the page itself: the page is copied with axe and a few lines that
write the result into the document, and Chromium's ``--dump-dom`` (with a virtual time
budget, so the promise settles) hands the document back. No driver, no network: the
page is a local file and Chromium's background networking is off.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

NPM = Path(__file__).resolve().parent
"""This folder: the npm packages (package-lock.json) and the node scripts."""
AXE_DEFAULT = NPM / "node_modules" / "axe-core" / "axe.min.js"
"""The axe-core that ``npm ci`` installs for the browser checks (pinned by the lock there)."""
WCAG_22_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
"""The axe rule tags of WCAG 2.0, 2.1 and 2.2, levels A and AA."""
FLAGS = (
    "--headless",
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--hide-scrollbars",
)
RESULT = re.compile(r'<pre id="axe-result">(.*?)</pre>', re.DOTALL)


def unavailable(what: str) -> None:
    """Skip the test, or fail it under CI (``READINESS_REQUIRE_BROWSER``), saying what."""
    message = f"{what} (install it as .ci/run does)"
    if os.environ.get("READINESS_REQUIRE_BROWSER"):
        pytest.fail(f"CI must run the browser checks: {message}")
    pytest.skip(message)


def chromium() -> str:
    """The Chromium program, or skip/fail."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    unavailable("Chromium is not installed")
    raise AssertionError  # unreachable: unavailable() raises


def node_script(name: str) -> tuple[str, Path]:
    """Chromium and the node script ``name`` of this folder, ready to run (node and the npm
    packages installed), or skip/fail."""
    found = chromium()
    if shutil.which("node") is None:
        unavailable("Node.js is not installed")
    if not (NPM / "node_modules" / "playwright-core").is_dir():
        unavailable(f"the npm packages are not installed (npm ci in {NPM})")
    return found, NPM / name


def axe_source() -> str:
    """axe-core's ``axe.min.js``, or skip/fail."""
    path = Path(os.environ.get("READINESS_AXE", AXE_DEFAULT))
    if not path.is_file():
        unavailable(f"axe-core is not installed ({path})")
    return path.read_text(encoding="utf-8")


def _run(arguments: list[str], timeout: float = 90) -> str:
    with tempfile.TemporaryDirectory(prefix="readiness-chromium-") as profile:
        done = subprocess.run(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", *arguments],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    return done.stdout


def axe_violations(page: str, tags: tuple[str, ...] = WCAG_22_AA) -> list[dict[str, Any]]:
    """The axe violations of the HTML document ``page``: one dict per rule (id, impact,
    help, the CSS selectors of the failing nodes)."""
    options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
    runner = (
        "<script>" + axe_source() + "</script><script>"
        f"axe.run(document, {json.dumps(options)}).then(function (r) {{"
        " var out = document.createElement('pre'); out.id = 'axe-result';"
        " out.textContent = JSON.stringify({violations: r.violations.map(function (v) {"
        " return {id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map("
        " function (n) { return n.target.join(' '); })}; }), passes: r.passes.length});"
        " document.body.appendChild(out); });</script>"
    )
    if "</body>" not in page:
        raise ValueError("the page has no </body>")
    with tempfile.TemporaryDirectory(prefix="readiness-axe-") as folder:
        file = Path(folder) / "page.html"
        file.write_text(page.replace("</body>", runner + "</body>", 1), encoding="utf-8")
        dom = _run(["--virtual-time-budget=20000", "--dump-dom", file.as_uri()])
    found = RESULT.search(dom)
    if found is None:
        raise AssertionError("axe did not report (no result in the page Chromium returned)")
    result = json.loads(html.unescape(found.group(1)))
    if not result["passes"]:
        raise AssertionError("axe checked nothing on the page")
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def screenshot(page: Path, png: Path, *, width: int = 1000, height: int = 2400) -> Path:
    """A PNG of the local HTML file ``page`` as Chromium draws it."""
    _run([f"--window-size={width},{height}", f"--screenshot={png}", page.resolve().as_uri()])
    if not png.is_file():
        raise AssertionError(f"Chromium made no screenshot of {page}")
    return png
