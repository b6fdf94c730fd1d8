"""Running ``readiness-hub serve`` for tests and benchmarks: a certificate, a process, its log.

The certificate is self-signed for 127.0.0.1 (it is its own CA), made with the
``cryptography`` package the app already uses. The hub runs as a real process on a
free loopback port; ``wait_until_up`` polls ``/health`` over verified HTTPS.
"""

from __future__ import annotations

import datetime
import http.client
import os
import signal
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field
from ipaddress import IPv4Address
from pathlib import Path


def make_certificate(folder: Path, host: str = "127.0.0.1") -> tuple[Path, Path]:
    """A self-signed certificate and its key for ``host``; returns (cert, key) paths."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(IPv4Address(host))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "hub.pem", folder / "hub.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class HubProcess:
    process: subprocess.Popen[bytes]
    port: int
    cert: Path
    log: Path
    dsn: str = ""
    extra: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert))

    def wait_until_up(self, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the hub stopped: {self.log.read_text(errors='replace')}")
            conn = http.client.HTTPSConnection(
                "127.0.0.1", self.port, context=self.context(), timeout=2
            )
            try:
                conn.request("GET", "/health")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.1)
            finally:
                conn.close()
        raise TimeoutError("the hub did not start")

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def kill(self) -> None:
        """SIGKILL: no clean-up at all, as when a machine fails."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


def start_hub(
    dsn: str,
    certificate: tuple[Path, Path],
    log: Path,
    *,
    port: int | None = None,
    extra: list[str] | None = None,
    dsn_kept: str = "",
) -> HubProcess:
    """``readiness-hub serve`` on 127.0.0.1, up and answering."""
    cert, key = certificate
    port = port or free_port()
    arguments = [
        sys.executable,
        "-m",
        "readiness.hub",
        "serve",
        "--dsn",
        dsn,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--cert",
        str(cert),
        "--key",
        str(key),
        *(extra or []),
    ]
    handle = log.open("ab")
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(arguments, stdout=handle, stderr=subprocess.STDOUT, env=environment)
    handle.close()
    hub = HubProcess(process, port, cert, log, dsn_kept or dsn, extra or [])
    hub.wait_until_up()
    return hub
