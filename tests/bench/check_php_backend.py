"""Manual check: the connection test against the real, stock LibreSpeed PHP backend.

CI cannot download LibreSpeed, so the tests replay recorded answers
(``tests/servers/recorded/librespeed_php.json``). This script is the check against
the real thing, and the way that recording is made. It needs ``php`` (Debian:
``apt-get install php-cli``) and a checkout of https://github.com/librespeed/speedtest::

    python -m tests.bench.check_php_backend --librespeed ~/src/speedtest
    python -m tests.bench.check_php_backend --librespeed ~/src/speedtest --record

It serves the checkout with ``php -S 127.0.0.1:PORT`` (as the research notes did;
``--workers N`` sets ``PHP_CLI_SERVER_WORKERS``), then:

1. with ``--record``, asks each endpoint once and writes the answers (status line,
   headers in order, bodies; ``garbage``'s body is described, not stored) to the
   recording, with the PHP version and the checkout's commit;
2. runs ``readiness check connection --backend librespeed`` against every address
   form a worker may type (the page, the backend folder, an endpoint's address, the
   host without ``http://``) and prints status, speeds and the address that worked.

3. with ``--phone``, opens the phone page (``readiness/phone``) in headless Chromium
   as the person's phone would, with the browser's same-origin rule on and the
   checkout as the agency server, presses Start, and prints what the page said and
   what the laptop received (``tests/browser``; needs Chromium and ``npm ci`` there).

Expected: every form gives ``ok`` and the address ``http://127.0.0.1:PORT/backend/``;
``php -S``'s log shows no request for ``/backend/backend/...``; with ``--phone``, the page
says "Done", the laptop's report has target ``agency`` and both speeds, and the log shows
``?cors`` on every request and the ``OPTIONS`` question before each upload. Everything
stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
RECORDING = ROOT / "tests" / "servers" / "recorded" / "librespeed_php.json"
VOLATILE = {"date": "{date}", "host": "{host}", "content-length": "{length}"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def raw_request(port: int, request: str, limit: int = 65536) -> tuple[str, list[list[str]], bytes]:
    """Send ``request`` and return the status line, the headers in order and the body."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request.encode("latin-1"))
        data = b""
        while len(data) < limit:
            piece = sock.recv(65536)
            if not piece:
                break
            data += piece
    head, _sep, body = data.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    headers = [line.split(": ", 1) for line in lines]
    return status, headers, body


def _templated(headers: list[list[str]]) -> list[list[str]]:
    return [[name, VOLATILE.get(name.lower(), value)] for name, value in headers]


def record(port: int, checkout: Path, commit: str | None = None) -> dict[str, Any]:
    """The recording of the PHP backend served on ``port`` (see the module docstring)."""
    host = f"Host: 127.0.0.1:{port}\r\n"

    def ask(method: str, path: str, extra: str = "", body: str = "") -> tuple[Any, ...]:
        request = f"{method} {path} HTTP/1.1\r\n{host}{extra}\r\n{body}"
        return raw_request(port, request)

    routes = []
    for methods, path, extra, body in (
        (["GET", "POST", "OPTIONS"], "/backend/empty.php", "", ""),
        (["GET"], "/backend/getIP.php", "", ""),
        (["GET"], "/", "", ""),
    ):
        status, headers, answer = ask(methods[0], path + "?r=1", extra, body)
        routes.append(
            {
                "methods": methods,
                "paths": [path],
                "status_line": status,
                "headers": _templated(headers),
                "body": answer.decode("utf-8").replace("127.0.0.1:" + str(port), "{host}"),
            }
        )
    status, headers, _body = ask("GET", "/backend/garbage.php?ckSize=1")
    routes.append(
        {
            "methods": ["GET"],
            "paths": ["/backend/garbage.php"],
            "status_line": status,
            "headers": _templated(headers),
            "garbage": {
                "framing": "close",
                "parse": "digits",
                "default_chunks": 4,
                "max_chunks": 1024,
            },
        }
    )
    missing = "/readiness-no-such-file.php"
    status, headers, answer = ask("GET", missing)
    not_found = {
        "status_line": status,
        "headers": _templated(headers),
        "body": answer.decode("utf-8").replace(missing, "{path}"),
    }
    php = subprocess.run(
        ["php", "-r", "echo PHP_VERSION;"], capture_output=True, text=True, check=False
    )
    found = subprocess.run(
        ["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    commit = commit or found.stdout.strip() or "?"
    return {
        "server": (
            f"LibreSpeed PHP backend (librespeed/speedtest {commit}) "
            f"under php {php.stdout.strip()} 'php -S 127.0.0.1:PORT -t <checkout>'"
        ),
        "how": "recorded by tests/bench/check_php_backend.py --record",
        "recorded": time.strftime("%Y-%m-%d"),
        "workers": 1,
        "close_after_answer": True,
        "block_bytes": 1048576,
        "routes": routes,
        "not_found": not_found,
    }


FORMS = (
    "http://127.0.0.1:{port}/",
    "http://127.0.0.1:{port}/backend/",
    "http://127.0.0.1:{port}/backend/empty.php",
    "127.0.0.1:{port}",
)


def check_forms(port: int, duration: float) -> int:
    """Run the connection check against each address form; 0 when every one measured."""
    failures = 0
    for form in FORMS:
        address = form.format(port=port)
        command = [
            sys.executable,
            "-m",
            "readiness",
            "check",
            "connection",
            "--backend",
            "librespeed",
            "--server",
            address,
            "--duration",
            f"{duration:g}",
            "--json",
        ]
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
        data = json.loads(done.stdout) if done.stdout.strip().startswith("{") else {}
        target = next(
            (a["target"] for a in data.get("attempts", []) if a["backend"] == "librespeed"), ""
        )
        print(
            f"{address:<45} {data.get('status', 'failed'):<8} "
            f"down {data.get('download_mbps')} up {data.get('upload_mbps')} "
            f"loss {data.get('loss_pct')} -> {target}"
        )
        failures += data.get("status") != "ok"
    return failures


def check_phone(port: int) -> bool:
    """The phone page measuring to the PHP backend on ``port`` in Chromium; True when it worked."""
    from readiness import concurrency
    from readiness.phone.link import PageOptions, PhoneLink
    from readiness.progress import CancelToken
    from tests.core.phone.browser_phone import act_as_phone

    options = PageOptions("en", agency_server=f"http://127.0.0.1:{port}/")
    link = PhoneLink("127.0.0.1", options).open()
    cancel = CancelToken()
    waiting = concurrency.start([lambda: link.wait(cancel)], name="phone-link")
    try:
        seen = act_as_phone(link.url, press="start")
        finished = waiting.wait(10)
    finally:
        cancel.cancel()
        waiting.wait(5)
    report = waiting.settled(0).result().report if finished else None
    print(f"phone page: {seen['title']!r}: {seen['text']}")
    if report is None:
        print("  the laptop received no report")
        return False
    print(
        f"  laptop: target {report.target}, failed {report.failed!r}, "
        f"down {report.download_mbps} Mbps, up {report.upload_mbps} Mbps, rtt {report.rtt_ms} ms"
    )
    return report.target == "agency" and not report.failed and bool(report.download_mbps)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--librespeed", type=Path, required=True, help="a checkout of it")
    parser.add_argument("--record", action="store_true", help=f"rewrite {RECORDING.name}")
    parser.add_argument("--commit", help="the checkout's commit, when it is not a git clone")
    parser.add_argument("--workers", type=int, default=1, help="PHP_CLI_SERVER_WORKERS")
    parser.add_argument("--duration", type=float, default=3.0)
    parser.add_argument("--phone", action="store_true", help="also the phone page in Chromium")
    args = parser.parse_args()
    port = free_port()
    environment = dict(os.environ, PHP_CLI_SERVER_WORKERS=str(args.workers))
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"readiness-php-{port}.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            ["php", "-S", f"127.0.0.1:{port}", "-t", str(args.librespeed)],
            stdout=output,
            stderr=subprocess.STDOUT,
            env=environment,
        )
        try:
            time.sleep(1.0)
            if args.record:
                RECORDING.write_text(
                    json.dumps(record(port, args.librespeed, args.commit), indent=2) + "\n"
                )
                print(f"recorded {RECORDING}")
            failures = check_forms(port, args.duration)
            if args.phone and not check_phone(port):
                failures += 1
        finally:
            server.terminate()
            server.wait(10)
    doubled = sum("/backend/backend/" in line for line in log.read_text().splitlines())
    print(f"php -S log: {log} ({doubled} requests for /backend/backend/...)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
