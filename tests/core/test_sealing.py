"""Sealed exports: the envelope format, tampering, keys and their messages, and the CLI."""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import struct
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.x509.oid import NameOID
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness.cli import seal as seal_cli
from readiness.errors import ReadinessError
from readiness.messages import english
from readiness.progress import Cancelled, CancelToken
from readiness.protection.sealing import (
    AgencyPublicKey,
    SealError,
    SealingWriter,
    generate_agency_keypair,
    load_private_key,
    load_public_key,
    plain_export_warning,
    private_key_needs_passphrase,
    seal_file,
    seal_stream,
    unseal_file,
    unseal_stream,
)
from readiness.settings import Settings

PASSPHRASE = "agency key passphrase"
MARKER = b"ZQ-SEAL-MARKER-3be1"
HEADER = struct.Struct(">8sBI32sH")


class Agency:
    """One agency key pair on disk, made once per test session (3072-bit keys take a while)."""

    def __init__(self, folder: Path) -> None:
        self.private_path = folder / "agency-private.pem"
        self.public_path = folder / "agency-public.pem"
        self.public = generate_agency_keypair(self.private_path, self.public_path, PASSPHRASE)
        self.private = load_private_key(self.private_path, PASSPHRASE)


@pytest.fixture(scope="session")
def agency(tmp_path_factory: pytest.TempPathFactory) -> Agency:
    return Agency(tmp_path_factory.mktemp("agency"))


@pytest.fixture(scope="session")
def stranger(tmp_path_factory: pytest.TempPathFactory) -> Agency:
    return Agency(tmp_path_factory.mktemp("stranger"))


def _seal(content: bytes, public: AgencyPublicKey, chunk_size: int = 64) -> bytes:
    target = io.BytesIO()
    seal_stream(io.BytesIO(content), target, public, chunk_size=chunk_size)
    return target.getvalue()


def _unseal(sealed: bytes, private: rsa.RSAPrivateKey) -> bytes:
    target = io.BytesIO()
    unseal_stream(io.BytesIO(sealed), target, private, shown="export.sealed")
    return target.getvalue()


# -- round trips -------------------------------------------------------------------------


@given(content=st.binary(max_size=3000), chunk_size=st.sampled_from([16, 17, 64, 1000, 65536]))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_content_round_trips(agency: Agency, content: bytes, chunk_size: int) -> None:
    sealed = _seal(content, agency.public, chunk_size)
    assert _unseal(sealed, agency.private) == content


@given(pieces=st.lists(st.binary(max_size=200), max_size=30))
@settings(max_examples=100, deadline=None)
def test_writes_of_any_sizes_seal_like_one_write(agency: Agency, pieces: list[bytes]) -> None:
    target = io.BytesIO()
    writer = SealingWriter(target, agency.public, chunk_size=32)
    for piece in pieces:
        assert writer.write(piece) == len(piece)
    writer.close()
    assert _unseal(target.getvalue(), agency.private) == b"".join(pieces)


def test_the_file_follows_the_documented_format(agency: Agency) -> None:
    """Decode by hand from the module docstring: an agency could write its own opener."""
    content = os.urandom(200)
    sealed = _seal(content, agency.public, chunk_size=64)
    magic, version, chunk, fingerprint, length = HEADER.unpack_from(sealed)
    assert (magic, version, chunk, length) == (b"\x89RDSEAL\n", 1, 64, 384)
    der = agency.private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    assert fingerprint == hashlib.sha256(der).digest()
    header = sealed[: HEADER.size + length]
    oaep = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
    aead = AESGCM(agency.private.decrypt(sealed[HEADER.size : HEADER.size + length], oaep))
    body, plain = sealed[len(header) :], b""
    sizes = [64 + 16] * 3 + [8 + 16]  # 200 = 3 full chunks and a final one of 8 bytes
    assert len(body) == sum(sizes)
    offset = 0
    for index, size in enumerate(sizes):
        final = index == len(sizes) - 1
        ad = header + struct.pack(">QB", index, int(final))
        plain += aead.decrypt(index.to_bytes(12, "big"), body[offset : offset + size], ad)
        offset += size
    assert plain == content


def test_an_exact_multiple_of_the_chunk_ends_with_an_empty_final_chunk(agency: Agency) -> None:
    sealed = _seal(b"x" * 128, agency.public, chunk_size=64)
    assert len(sealed) == HEADER.size + 384 + 2 * (64 + 16) + 16
    assert _unseal(sealed, agency.private) == b"x" * 128


def test_each_seal_uses_a_fresh_key(agency: Agency) -> None:
    one, two = _seal(b"same", agency.public), _seal(b"same", agency.public)
    assert one[HEADER.size :] != two[HEADER.size :]


def test_a_text_wrapper_over_the_writer_gives_a_sealed_csv(agency: Agency) -> None:
    """The shape of the export hook: an export writes text into the sealing writer."""
    target = io.BytesIO()
    text = io.TextIOWrapper(
        SealingWriter(target, agency.public, chunk_size=100), encoding="utf-8-sig", newline=""
    )
    text.write("code,name\r\nAB12-0001,Señora " + MARKER.decode() + "\r\n")
    text.close()
    assert MARKER not in target.getvalue()
    assert (
        _unseal(target.getvalue(), agency.private)
        .decode("utf-8-sig")
        .endswith("Señora " + MARKER.decode() + "\r\n")
    )


def test_an_abandoned_writer_never_looks_complete(agency: Agency) -> None:
    target = io.BytesIO()
    writer = SealingWriter(target, agency.public, chunk_size=16)
    writer.write(b"a" * 40)  # an export that failed half way
    del writer
    with pytest.raises(SealError, match="changed or damaged"):
        _unseal(target.getvalue(), agency.private)


def test_sealing_streams_in_small_memory(agency: Agency, tmp_path: Path) -> None:
    source = tmp_path / "big.csv"
    with source.open("wb") as handle:
        for _ in range(128):
            handle.write(os.urandom(64 * 1024))  # 8 MiB
    tracemalloc.start()
    try:
        seal_file(source, tmp_path / "big.sealed", agency.public)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024
    unseal_file(tmp_path / "big.sealed", tmp_path / "back.csv", agency.private)
    assert (tmp_path / "back.csv").read_bytes() == source.read_bytes()


# -- tampering ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sealed_sample(agency: Agency) -> bytes:
    return _seal(MARKER * 20, agency.public, chunk_size=64)


@given(data=st.data())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_single_byte_flip_is_detected(
    agency: Agency, sealed_sample: bytes, data: st.DataObject
) -> None:
    position = data.draw(st.integers(0, len(sealed_sample) - 1))
    change = data.draw(st.integers(1, 255))
    tampered = bytearray(sealed_sample)
    tampered[position] ^= change
    with pytest.raises(SealError, match="cannot be opened"):
        _unseal(bytes(tampered), agency.private)


@given(data=st.data())
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_truncation_or_addition_is_detected(
    agency: Agency, sealed_sample: bytes, data: st.DataObject
) -> None:
    cut = data.draw(st.integers(0, len(sealed_sample) - 1))
    with pytest.raises(SealError, match="cannot be opened"):
        _unseal(sealed_sample[:cut], agency.private)
    extra = data.draw(st.binary(min_size=1, max_size=200))
    with pytest.raises(SealError, match="cannot be opened"):
        _unseal(sealed_sample + extra, agency.private)


def _chunks(sealed: bytes, chunk: int = 64) -> tuple[bytes, list[bytes]]:
    start = HEADER.size + 384
    body = sealed[start:]
    return sealed[:start], [body[i : i + chunk + 16] for i in range(0, len(body), chunk + 16)]


def test_swapped_dropped_or_repeated_chunks_are_detected(
    agency: Agency, sealed_sample: bytes
) -> None:
    header, chunks = _chunks(sealed_sample)
    assert len(chunks) >= 4
    swapped = [chunks[1], chunks[0], *chunks[2:]]
    dropped = [chunks[0], *chunks[2:]]
    repeated = [chunks[0], *chunks]
    no_final = chunks[:-1]
    for variant in (swapped, dropped, repeated, no_final):
        with pytest.raises(SealError, match="changed or damaged"):
            _unseal(header + b"".join(variant), agency.private)


def test_chunks_spliced_from_another_sealed_file_are_detected(agency: Agency) -> None:
    one = _seal(b"a" * 300, agency.public)
    two = _seal(b"b" * 300, agency.public)
    header_one, chunks_one = _chunks(one)
    _header_two, chunks_two = _chunks(two)
    with pytest.raises(SealError, match="changed or damaged"):
        _unseal(header_one + chunks_one[0] + b"".join(chunks_two[1:]), agency.private)


def test_the_wrong_private_key_is_named_as_such(
    agency: Agency, stranger: Agency, sealed_sample: bytes
) -> None:
    with pytest.raises(SealError, match="sealed for a different agency key"):
        _unseal(sealed_sample, stranger.private)


def test_not_a_sealed_file_and_a_newer_version_are_told_apart(
    agency: Agency, sealed_sample: bytes
) -> None:
    with pytest.raises(SealError, match="not a sealed Readiness file"):
        _unseal(b"code,name\r\nAB12-0001,x\r\n", agency.private)
    newer = bytearray(sealed_sample)
    newer[8] = 2
    with pytest.raises(SealError, match="newer version"):
        _unseal(bytes(newer), agency.private)


def test_a_tampered_file_leaves_no_plain_text_behind(
    agency: Agency, sealed_sample: bytes, tmp_path: Path
) -> None:
    tampered = bytearray(sealed_sample)
    tampered[-5] ^= 1  # only the last chunk is bad: the first ones decrypt fine
    source = tmp_path / "export.sealed"
    source.write_bytes(bytes(tampered))
    target = tmp_path / "export.csv"
    with pytest.raises(SealError, match=r"export\.sealed: the sealed file was changed or damaged"):
        unseal_file(source, target, agency.private)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.sealed"]
    target.write_bytes(b"earlier file")
    with pytest.raises(SealError):
        unseal_file(source, target, agency.private)
    assert target.read_bytes() == b"earlier file"


# -- files, progress and cancel ----------------------------------------------------------


def test_seal_and_unseal_files(agency: Agency, tmp_path: Path) -> None:
    source = tmp_path / "export.csv"
    source.write_bytes(MARKER * 5000)
    sealed = tmp_path / "export.csv.sealed"
    reports: list[float | None] = []
    used = seal_file(source, sealed, agency.public_path, progress=lambda f, _m: reports.append(f))
    assert used.fingerprint == agency.public.fingerprint
    assert reports and reports[-1] == 1.0
    assert MARKER not in sealed.read_bytes()
    assert sealed.stat().st_mode & 0o777 == 0o600
    unseal_file(sealed, tmp_path / "opened.csv", agency.private_path, PASSPHRASE)
    assert (tmp_path / "opened.csv").read_bytes() == source.read_bytes()
    assert (tmp_path / "opened.csv").stat().st_mode & 0o777 == 0o600


def test_a_cancelled_seal_writes_nothing(agency: Agency, tmp_path: Path) -> None:
    source = tmp_path / "export.csv"
    source.write_bytes(b"x" * 200_000)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        seal_file(source, tmp_path / "out.sealed", agency.public, cancel=token)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv"]


def test_missing_input_and_missing_output_folder_are_named(agency: Agency, tmp_path: Path) -> None:
    with pytest.raises(SealError, match="no such file"):
        seal_file(tmp_path / "nope.csv", tmp_path / "out.sealed", agency.public)
    (tmp_path / "in.csv").write_bytes(b"x")
    with pytest.raises(SealError, match="folder does not exist"):
        seal_file(tmp_path / "in.csv", tmp_path / "no" / "out.sealed", agency.public)


# -- keys --------------------------------------------------------------------------------


def test_generated_keys_are_protected_and_never_overwritten(agency: Agency, tmp_path: Path) -> None:
    assert agency.private_path.stat().st_mode & 0o777 == 0o600
    assert agency.private_path.read_bytes().startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    assert agency.public_path.read_bytes().startswith(b"-----BEGIN PUBLIC KEY-----")
    assert agency.public.bits == 3072
    assert len(agency.public.fingerprint_text.split()) == 16
    existing = tmp_path / "private.pem"
    existing.write_text("keep me", encoding="utf-8")
    with pytest.raises(SealError, match="already exists"):
        generate_agency_keypair(existing, tmp_path / "public.pem", PASSPHRASE)
    assert existing.read_text(encoding="utf-8") == "keep me"
    assert not (tmp_path / "public.pem").exists()
    with pytest.raises(ReadinessError, match="at least 8"):
        generate_agency_keypair(tmp_path / "a.pem", tmp_path / "b.pem", "short")


def _write_pem(path: Path, key: Any) -> Path:
    path.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return path


def test_public_key_problems_each_have_a_clear_message(agency: Agency, tmp_path: Path) -> None:
    small = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    curve = ec.generate_private_key(ec.SECP256R1())
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    cases = [
        (tmp_path / "missing.pem", "no such file"),
        (tmp_path, "is a folder"),
        (text, "not a public key file"),
        (agency.private_path, "this is a private key"),
        (_write_pem(tmp_path / "small.pem", small), "only 2048 bits; sealing needs at least 3072"),
        (_write_pem(tmp_path / "ec.pem", curve), "not an RSA key"),
    ]
    for path, message in cases:
        with pytest.raises(SealError, match=message) as caught:
            load_public_key(path)
        assert str(path) in str(caught.value)
    huge = tmp_path / "huge.pem"
    huge.write_bytes(b"x" * 100_000)
    with pytest.raises(SealError, match="too large"):
        load_public_key(huge)


def test_an_agency_certificate_is_accepted_as_its_public_key(
    agency: Agency, tmp_path: Path
) -> None:
    name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Agency")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(agency.private.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=1))
        .sign(agency.private, hashes.SHA256())
    )
    path = tmp_path / "agency.crt"
    path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    assert load_public_key(path).fingerprint == agency.public.fingerprint


def test_private_key_problems_each_have_a_clear_message(agency: Agency, tmp_path: Path) -> None:
    assert private_key_needs_passphrase(agency.private_path)
    with pytest.raises(SealError, match="protected by a passphrase"):
        load_private_key(agency.private_path)
    with pytest.raises(SealError, match="passphrase does not open this private key"):
        load_private_key(agency.private_path, "not the passphrase")
    with pytest.raises(SealError, match="not a private key file"):
        load_private_key(agency.public_path)
    plain = tmp_path / "plain.pem"
    plain.write_bytes(
        agency.private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    assert not private_key_needs_passphrase(plain)
    assert load_private_key(plain, "ignored").key_size == 3072


def test_the_plain_export_warning_says_what_to_do() -> None:
    warning = english(plain_export_warning())
    assert "not sealed" in warning and "Settings" in warning


# -- the command line --------------------------------------------------------------------


class Context:
    def __init__(self) -> None:
        self.out = io.StringIO()
        self.db_path: Path | None = None  # the default records, which this test never makes

    def settings(self) -> Settings:
        return Settings()  # no agency key in Settings


def test_cli_agency_keys_seal_and_unseal(tmp_path: Path) -> None:
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    private, public = tmp_path / "private.pem", tmp_path / "public.pem"
    context = Context()
    keys = argparse.Namespace(private=private, public=public, bits=3072, passphrase_file=secret)
    assert seal_cli.run_agency_keys(keys, context) == 0
    fingerprint = load_public_key(public).fingerprint_text
    assert fingerprint in context.out.getvalue()

    source = tmp_path / "export.csv"
    source.write_bytes(MARKER)
    sealed = tmp_path / "export.csv.sealed"
    context = Context()
    seal_args = argparse.Namespace(input=source, output=sealed, public_key=public)
    assert seal_cli.run_seal(seal_args, context) == 0
    assert f"fingerprint {fingerprint}" in context.out.getvalue()
    assert MARKER not in sealed.read_bytes()

    opened = tmp_path / "opened.csv"
    unseal_args = argparse.Namespace(
        input=sealed, output=opened, private_key=private, passphrase_file=secret
    )
    assert seal_cli.run_unseal(unseal_args, Context()) == 0
    assert opened.read_bytes() == MARKER


def test_cli_seal_without_a_key_and_unseal_of_a_tampered_file(
    agency: Agency, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "export.csv"
    source.write_bytes(MARKER)
    no_key = argparse.Namespace(input=source, output=tmp_path / "x.sealed", public_key=None)
    with pytest.raises(ReadinessError, match="no agency public key"):
        seal_cli.run_seal(no_key, Context())
    same = argparse.Namespace(input=source, output=source, public_key=agency.public_path)
    with pytest.raises(ReadinessError, match="another name"):
        seal_cli.run_seal(same, Context())
    sealed = tmp_path / "export.sealed"
    sealed.write_bytes(_seal(MARKER, agency.public)[:-1])
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal: no prompt
    args = argparse.Namespace(
        input=sealed,
        output=tmp_path / "o.csv",
        private_key=agency.private_path,
        passphrase_file=None,
    )
    with pytest.raises(ReadinessError, match="--passphrase-file"):
        seal_cli.run_unseal(args, Context())
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE, encoding="utf-8")
    args.passphrase_file = secret
    with pytest.raises(SealError, match="changed or damaged; it cannot be opened"):
        seal_cli.run_unseal(args, Context())
    assert not (tmp_path / "o.csv").exists()


def test_cli_seal_commands_register() -> None:
    parser = argparse.ArgumentParser()
    seal_cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["unseal", "a", "b", "--private-key", "k.pem"])
    assert (args.handler, args.private_key) == (seal_cli.run_unseal, Path("k.pem"))
    assert parser.parse_args(["seal", "a", "b"]).handler is seal_cli.run_seal
    keys = parser.parse_args(["agency-keys", "p", "q", "--bits", "4096"])
    assert (keys.handler, keys.bits) == (seal_cli.run_agency_keys, 4096)


def test_through_the_command_line_a_tampered_file_is_one_clear_line(
    agency: Agency, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    from readiness import cli

    if "readiness.cli.seal" not in cli.COMMAND_MODULES:  # until it is registered
        monkeypatch.setattr(cli, "COMMAND_MODULES", (*cli.COMMAND_MODULES, "readiness.cli.seal"))
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE, encoding="utf-8")
    secret.chmod(0o600)
    sealed = tmp_path / "export.sealed"
    tampered = bytearray(_seal(MARKER * 10, agency.public))
    tampered[-20] ^= 0x01
    sealed.write_bytes(bytes(tampered))
    argv = ["unseal", str(sealed), str(tmp_path / "out.csv")]
    argv += ["--private-key", str(agency.private_path), "--passphrase-file", str(secret)]
    assert cli.main(argv) == 1
    err = capsys.readouterr().err
    assert err == (
        f"readiness: error: {sealed}: the sealed file was changed or damaged; "
        "it cannot be opened.\n"
    )
    assert not (tmp_path / "out.csv").exists()


def test_the_shipped_self_test_key_is_refused_as_an_agency_key(tmp_path: Path) -> None:
    from importlib import resources

    from cryptography.hazmat.primitives import serialization

    pem = resources.files("readiness").joinpath("selftest_key.pem").read_bytes()
    private = serialization.load_pem_private_key(pem, password=None)
    public = tmp_path / "selftest_public.pem"
    public.write_bytes(
        private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    with pytest.raises(ReadinessError, match="self-test key"):
        load_public_key(public)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_an_export_sealed_as_it_is_written_holds_no_plain_text_and_opens_the_same(
    agency: Agency, tmp_path: Path, fmt: str
) -> None:
    """Sealed as it is written (``readiness.protection.sealed_output``): no plain copy on disk."""
    from readiness.interpret import interpret
    from readiness.reports.exports_csv import write_csv
    from readiness.reports.exports_json import write_json
    from readiness.session.decided import Decisions
    from tests.factories import make_document

    documents = [make_document(f"SEAL-{n:04d}", answers=4) for n in range(3)]
    inputs = interpret(Settings())

    def write(path: Path, seal: Any) -> None:
        if fmt == "json":
            write_json(documents, path, Decisions(inputs), seal=seal)
        else:
            domains = [d.id for d in inputs.rules.ruleset.domains]
            channels = [c.id for c in inputs.rules.ruleset.channels]
            write_csv(documents, path, Decisions(inputs), domain_ids=domains,
                      channel_ids=channels, seal=seal)  # fmt: skip

    plain, sealed, opened = tmp_path / "plain", tmp_path / "sealed", tmp_path / "opened"
    write(plain, None)
    write(sealed, agency.public)
    assert b"SEAL-0001" in plain.read_bytes()
    assert b"SEAL-0001" not in sealed.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain", "sealed"]  # no leftovers
    unseal_file(sealed, opened, agency.private_path, PASSPHRASE)
    if fmt == "csv":  # the export stamps the time it was made; compare everything else
        assert opened.read_bytes().splitlines()[1:] == plain.read_bytes().splitlines()[1:]
    else:
        assert opened.read_bytes() == plain.read_bytes()
