"""``seal_key_for``: the agency key exports are sealed to, or a refusal; never a plain export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from readiness.errors import ReadinessError
from readiness.protection.sealing import AgencyPublicKey, seal_key_for
from readiness.settings import load_settings


@pytest.fixture(scope="module")
def public_key_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, AgencyPublicKey]:
    private = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    path = tmp_path_factory.mktemp("agency") / "agency.pem"
    path.write_bytes(
        private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return path, AgencyPublicKey.from_key(private.public_key())


def settings_file(folder: Path, **values: object) -> Path:
    path = folder / "settings.json"
    path.write_text(json.dumps(values), encoding="utf-8")
    return path


def test_no_key_set_means_no_sealing(tmp_path: Path) -> None:
    assert seal_key_for(load_settings(settings_file(tmp_path, staff_initials="AB"))) is None


def test_a_readable_key_is_returned(
    tmp_path: Path, public_key_file: tuple[Path, AgencyPublicKey]
) -> None:
    path, key = public_key_file
    loaded = load_settings(settings_file(tmp_path, agency_public_key=str(path)))
    sealed_to = seal_key_for(loaded)
    assert sealed_to is not None and sealed_to.fingerprint == key.fingerprint


@pytest.mark.parametrize("problem", ["missing", "not a key", "a folder"])
def test_a_key_set_but_unreadable_is_refused_naming_the_setting_and_the_files(
    tmp_path: Path, problem: str
) -> None:
    key = tmp_path / "agency.pem"
    if problem == "not a key":
        key.write_text("hello\n", encoding="utf-8")
    elif problem == "a folder":
        key.mkdir()
    path = settings_file(tmp_path, agency_public_key=str(key))
    with pytest.raises(ReadinessError) as refused:
        seal_key_for(load_settings(path))
    message = str(refused.value)
    assert "agency_public_key" in message and str(path) in message and str(key) in message


def test_a_key_setting_dropped_from_the_file_is_refused_too(tmp_path: Path) -> None:
    path = settings_file(tmp_path, agency_public_key=["/keys/agency.pem"])
    loaded = load_settings(path)
    assert loaded.settings.agency_public_key == ""  # dropped: the default is in force
    with pytest.raises(ReadinessError) as refused:
        seal_key_for(loaded)
    assert "agency_public_key" in str(refused.value) and str(path) in str(refused.value)
