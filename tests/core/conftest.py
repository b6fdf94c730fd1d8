"""Fixtures of the core's tests: the records the backup tests back up, and where to."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.backup_helpers import fill


@pytest.fixture
def live(db_path: Path) -> Path:
    """Encrypted records with two people (``backup_helpers.KEY``), to back up."""
    fill(db_path, "AB12-0001", "AB12-0002")
    return db_path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A backup folder, not made yet."""
    return tmp_path / "backups"
