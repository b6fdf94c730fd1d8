"""The admin page: sign-in with an argon2 hash, what it shows, downloads, and WCAG 2.2 AA.

The accessibility check runs axe-core in Debian's headless Chromium (driven by
playwright-core from npm, ``tests/browser``). It runs when Chromium and the npm
packages are present and must run in CI: with ``READINESS_REQUIRE_BROWSER`` set a
missing browser fails the test instead of skipping it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import pytest
from psycopg.rows import dict_row

from readiness.hub.admin import COOKIE, add_admin
from readiness.sync import protocol
from tests.browser.chromium import node_script
from tests.hub.helpers import completed, entry, joined_device, query, request
from tests.hub.servers import HubProcess

PASSWORD = "correct horse battery staple"


def _admin(hub: HubProcess, name: str = "ada") -> None:
    with psycopg.connect(hub.dsn, row_factory=dict_row) as conn:
        add_admin(conn, name, PASSWORD)


def _sign_in(hub: HubProcess, name: str, password: str) -> tuple[int, dict[str, str]]:
    status, _answer, headers = request(
        hub,
        "/admin/sign-in",
        raw=urlencode({"name": name, "password": password}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    return status, headers


def _session(hub: HubProcess) -> str:
    _admin(hub)
    status, headers = _sign_in(hub, "ada", PASSWORD)
    assert status == 303, headers
    cookie = headers["set-cookie"]
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=strict" in cookie
    return cookie.split(";")[0].split("=", 1)[1]


def _page(hub: HubProcess, path: str, token: str) -> tuple[int, str, dict[str, str]]:
    status, answer, headers = request(
        hub, path, method="GET", headers={"Cookie": f"{COOKIE}={token}"}
    )
    return status, answer.get("text", json.dumps(answer)), headers


def test_passwords_are_kept_as_argon2_hashes(shared_hub: HubProcess) -> None:
    _admin(shared_hub, "grace")
    (row,) = query(shared_hub.dsn, "SELECT password_hash FROM admins WHERE name = 'grace'")
    assert row["password_hash"].startswith("$argon2id$")
    assert PASSWORD not in row["password_hash"]


def test_a_wrong_password_or_name_is_refused_alike(shared_hub: HubProcess) -> None:
    _admin(shared_hub, "linus")
    assert _sign_in(shared_hub, "linus", "not the password")[0] == 401
    assert _sign_in(shared_hub, "nobody", PASSWORD)[0] == 401
    assert _sign_in(shared_hub, "linus", PASSWORD)[0] == 303


def test_the_overview_shows_devices_counts_and_the_summary(shared_hub: HubProcess) -> None:
    credential = joined_device(shared_hub, "page-laptop", "Eastside")
    document = completed(code="PG01-0001")
    request(
        shared_hub,
        protocol.ASSESSMENTS_PATH,
        {"versions": [entry(document)]},
        credential=credential,
    )
    token = _session(shared_hub)
    status, html, headers = _page(shared_hub, "/admin", token)
    assert status == 200
    assert "page-laptop" in html and "Eastside" in html
    assert "PG01-0001" not in html and document.service_user.id not in html
    assert "script-src" not in headers["content-security-policy"]
    assert "<script" not in html
    status, spanish, _ = _page(shared_hub, "/admin?lang=es", token)
    assert status == 200 and 'lang="es"' in spanish
    for path, first in (("/admin/summary.csv", "\ufeffsection"), ("/admin/export.csv", "\ufeff")):
        status, text, headers = _page(shared_hub, path, token)
        assert status == 200 and text.startswith(first), text[:80]
    status, ndjson, _ = _page(shared_hub, "/admin/export.ndjson", token)
    assert status == 200
    assert any(json.loads(line)["resourceType"] == "Bundle" for line in ndjson.splitlines() if line)


def test_signing_out_ends_the_session(shared_hub: HubProcess) -> None:
    token = _session(shared_hub)
    request(shared_hub, "/admin/sign-out", raw=b"", headers={"Cookie": f"{COOKIE}={token}"})
    assert _page(shared_hub, "/admin", token)[0] == 303


@pytest.mark.slow
def test_the_pages_meet_wcag_2_2_aa(shared_hub: HubProcess, tmp_path: Path) -> None:
    chromium, script = node_script("admin_page.mjs")
    credential = joined_device(shared_hub, "a11y-laptop", "West")
    request(
        shared_hub,
        protocol.ASSESSMENTS_PATH,
        {"versions": [entry(completed(code=f"AX01-{n:04d}")) for n in range(12)]},
        credential=credential,
    )
    token = _session(shared_hub)
    pages = [
        {"url": f"{shared_hub.url}{path}", "screenshot": str(tmp_path / f"{name}.png")}
        for name, path in (
            ("overview", "/admin"),
            ("overview-es", "/admin?lang=es"),
            ("sign-in", "/admin/sign-in"),
        )
    ]
    config = tmp_path / "config.json"
    config.write_text(
        json.dumps(
            {
                "chromium": chromium,
                "pages": pages,
                "cookie": {"name": COOKIE, "value": token, "url": f"{shared_hub.url}/admin"},
            }
        )
    )
    done = subprocess.run(
        ["node", str(script), str(config)],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=script.parent,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    for url, found in results.items():
        assert found["passes"] > 10, url
        assert found["violations"] == [], url
    if os.environ.get("READINESS_KEEP_SCREENSHOTS"):
        for page in pages:
            shutil.copy(page["screenshot"], os.environ["READINESS_KEEP_SCREENSHOTS"])
