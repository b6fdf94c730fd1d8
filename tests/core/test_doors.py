"""Every door refuses a pipe and a never-ending device at once, and never hangs.

A document to import or assess, a JSON export, a questionnaire, a rules file, a
thresholds file, the agency files named in Settings (read again for the interpretation's
fingerprint), the settings file, the agency's public and private keys, a logo, a
passphrase file, a report's password file, the hub's certificate file, a file to seal
and a sealed file to open: each is handed a named pipe nobody writes to (opening it to
read waits forever) and a link to ``/dev/zero`` (it claims to be empty and never ends).
Before the one reader, a questionnaire, thresholds file, public key or logo that was
a pipe or ``/dev/zero`` hung the app (the ``/dev/zero`` logo grew to 3.8 GB).

The doors run in one child process with 1 GiB of address space, each under an
alarm, so a door that hangs or reads forever fails this test instead of the run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

DOORS = {
    "import": ".json",
    "assess": ".json",
    "export": ".json",
    "questionnaire": ".yaml",
    "rules": ".yaml",
    "thresholds": ".yaml",
    "agency files": ".yaml",
    "settings": ".json",
    "public key": ".pem",
    "private key": ".pem",
    "logo": ".png",
    "passphrase file": ".txt",
    "report password file": ".txt",
    "hub certificate file": ".pem",
    "file to seal": ".csv",
    "sealed file": ".sealed",
}
ALARM = 5
"""Seconds a door may take to refuse (it takes milliseconds)."""


def knock(door: str, path: Path) -> str:
    """What the app says when ``path`` comes in through ``door`` ("" if it says nothing)."""
    if door in ("import", "assess"):
        import contextlib
        import io

        from readiness.cli import main

        argv = ["assessment", "import", str(path)] if door == "import" else []
        argv = argv or ["assess", "--input", str(path)]
        errors = io.StringIO()
        with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(io.StringIO()):
            assert main([*argv, "--staff", "MJ"] if door == "import" else argv) == 1
        return errors.getvalue().strip()
    if door == "export":
        from readiness.reports.exports_json import read_documents

        list(read_documents(path))
    if door == "questionnaire":
        from readiness.questionnaire.loader import load_file

        return str(load_file(path)[1][0])
    if door == "rules":
        from readiness.equity.loading import load_rules
        from readiness.thresholds import builtin_thresholds

        return load_rules([path], thresholds=builtin_thresholds())[1][0]
    if door == "thresholds":
        from readiness.thresholds import load_thresholds_with_fallback

        return load_thresholds_with_fallback(path)[1] or ""
    if door == "agency files":  # all three named in Settings: read, then fingerprinted
        from readiness.interpret import Overrides, interpret
        from readiness.settings import Settings

        files = Overrides(thresholds_file=path, rules_files=(path,), instrument_files=(path,))
        return interpret(Settings(), files).warnings[0]
    if door == "settings":
        from readiness.settings import load_settings

        return load_settings(path).problems[0].message
    if door == "public key":
        from readiness.protection.agency_keys import load_public_key

        load_public_key(path)
    if door == "private key":
        from readiness.protection.agency_keys import load_private_key

        load_private_key(path, "a passphrase")
    if door == "logo":
        from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

        from readiness.reports.pdf_common import draw_logo

        width = draw_logo(Canvas(io_sink()), str(path), 0, 0, max_w=10, max_h=10)
        return "skipped" if width == 0 else "drawn"
    if door == "passphrase file":
        from readiness.cli.unlock import passphrase_file_key

        passphrase_file_key(path)
    if door == "report password file":
        import argparse

        from readiness.cli.report import read_password

        read_password(argparse.Namespace(password_env=False, password_file=path))
    if door == "hub certificate file":
        from readiness.sync.join import read_ca

        read_ca(path)
    if door in ("file to seal", "sealed file"):
        from importlib import resources

        from cryptography.hazmat.primitives import serialization

        from readiness.protection.sealing import AgencyPublicKey, seal_file, unseal_file

        pem = resources.files("readiness").joinpath("selftest_key.pem").read_bytes()
        private = serialization.load_pem_private_key(pem, password=None)
        out = path.with_name(path.name + ".out")
        if door == "file to seal":
            seal_file(path, out, AgencyPublicKey.from_key(private.public_key()))  # type: ignore[arg-type]
        else:
            unseal_file(path, out, private)  # type: ignore[arg-type]
    return ""


def io_sink() -> object:
    import io

    return io.BytesIO()


def probe(folder: str, special: str) -> None:
    """In the child: every door, each under an alarm; prints one JSON object of outcomes."""
    import resource
    import signal
    import time

    from readiness.errors import ReadinessError

    resource.setrlimit(resource.RLIMIT_AS, (1024**3, 1024**3))

    def hung(_signal: int, _frame: object) -> None:
        raise TimeoutError

    signal.signal(signal.SIGALRM, hung)
    outcomes = {}
    for door, suffix in DOORS.items():
        path = Path(folder) / f"{door.replace(' ', '-')}-{special}{suffix}"
        if special == "pipe":
            os.mkfifo(path)
        else:
            path.symlink_to("/dev/zero")
        started = time.monotonic()
        signal.alarm(ALARM)
        try:
            said = knock(door, path)
        except ReadinessError as exc:
            said = str(exc)
        except (TimeoutError, MemoryError) as exc:
            said = f"FAILED: {type(exc).__name__}"
        finally:
            signal.alarm(0)
        outcomes[door] = {"said": said, "seconds": time.monotonic() - started, "path": str(path)}
    print(json.dumps(outcomes))


@pytest.mark.parametrize(("special", "words"), [("pipe", "a pipe"), ("zero", "a device")])
def test_no_door_opens_a_pipe_or_a_device(tmp_path: Path, special: str, words: str) -> None:
    if special == "pipe" and not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    if special == "zero" and not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    root = Path(__file__).resolve().parents[2]
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(root)!r})
        from tests.core.test_doors import probe
        probe({str(tmp_path)!r}, {special!r})
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config")},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    outcomes = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(outcomes) == set(DOORS)
    for door, outcome in outcomes.items():
        said, seconds = outcome["said"], outcome["seconds"]
        assert seconds < ALARM, f"{door}: took {seconds:.1f} s ({said})"
        if door == "logo":  # a report never fails for its logo: it is left out
            assert said == "skipped"
            continue
        assert outcome["path"] in said, f"{door}: {said}"
        assert f"this is {words}, not a file saved on disk" in said, f"{door}: {said}"
        assert "\n" not in said
