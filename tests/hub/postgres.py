"""A throw-away PostgreSQL server for the hub's tests, from Debian's binaries.

``initdb`` and ``pg_ctl`` live in ``/usr/lib/postgresql/<version>/bin``. PostgreSQL
refuses to run as root, so as root the server runs as the ``postgres`` user (which
Debian's package creates). It listens on 127.0.0.1 only, on a free port, with trust
authentication, and is stopped at the end of the session. When no server can be
started the hub's tests skip, except when ``READINESS_REQUIRE_POSTGRES`` is set (CI
sets it): then they fail.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

REQUIRE = "READINESS_REQUIRE_POSTGRES"


@dataclass
class Server:
    folder: Path
    port: int
    run_as: list[str]

    def dsn(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        subprocess.run(
            [
                *self.run_as,
                str(binaries() / "pg_ctl"),
                "-D",
                str(self.folder / "data"),
                "-m",
                "immediate",
                "stop",
            ],
            check=False,
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def binaries() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    if not found:
        raise FileNotFoundError("PostgreSQL's server binaries are not installed")
    return found[-1].parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start() -> Server:
    """A running server; raises when one cannot be started."""
    folder = Path(tempfile.mkdtemp(prefix="readiness-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        run_as = ["runuser", "-u", "postgres", "--"]
        folder.chmod(0o755)
        shutil.chown(folder, "postgres")
    port = _free_port()
    data = folder / "data"
    subprocess.run(
        [
            *run_as,
            str(binaries() / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    options = (
        f"-k {folder} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c max_connections=200 -c shared_buffers=128MB"
    )
    subprocess.run(
        [
            *run_as,
            str(binaries() / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(folder / "log"),
            "-w",
            "start",
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return Server(folder, port, run_as)
