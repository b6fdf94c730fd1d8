"""Writing settings.json: checked, written atomically, keeping keys this version does not know.

Keys in the file that this version does not know (a newer version may have
written them) are written back as they were. The file is written to a
temporary file beside it (readable by its owner only), flushed to disk and then
renamed over the old one, so a crash or a full disk never leaves half a file:
the file is the old one or the new one, whole.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from readiness.errors import ReadinessError
from readiness.settings.loading import VERSION_KEY, read_file_object
from readiness.settings.schema import FIELD_NAMES, SETTINGS_VERSION, Settings, json_values

TEMP_PREFIX = ".settings-"
TEMP_SUFFIX = ".tmp"


def save_settings(settings: Settings, path: Path) -> None:
    """Check ``settings`` and write them to ``path`` with the unknown keys already there.

    A value that is not allowed raises ``ReadinessError`` naming the field, and
    nothing is written; so does a file that cannot be written (naming it).
    """
    document = {VERSION_KEY: SETTINGS_VERSION, **json_values(settings.validated())}
    document.update(_unknown_keys(path))
    text = json.dumps(document, indent=2, ensure_ascii=False)
    try:
        data = (text + "\n").encode("utf-8")
    except UnicodeEncodeError:  # a kept key holds half of a character pair: write escapes
        data = (json.dumps(document, indent=2) + "\n").encode("ascii")
    _write_atomically(path, data)


def _unknown_keys(path: Path) -> dict[str, object]:
    """The keys of the file at ``path`` that are not settings this version knows, as they are."""
    try:
        data = read_file_object(path)
    except ReadinessError:
        return {}  # nothing readable to keep (load_settings said why)
    return {key: value for key, value in data.items() if key not in (*FIELD_NAMES, VERSION_KEY)}


def _write_atomically(path: Path, data: bytes) -> None:
    import tempfile  # here, not at the top: the app reads settings at start, and seldom saves

    temp: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # mkstemp makes the file readable and writable by its owner only (0600).
        fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=path.parent)
        temp = Path(name)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException as exc:
        if temp is not None:
            temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            reason = exc.strerror or exc
            raise ReadinessError(f"{path}: the settings could not be saved ({reason})") from None
        raise
