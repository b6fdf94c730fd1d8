"""Opening the encrypted records at start-up: choose or type the passphrase, or start again.

``unlock_database`` decides what the worker must be asked (through an ``Asker``,
so tests answer without dialogs) and opens the database off the GUI thread — the
key stretching takes ~0.15 s per try — while the window stays responsive. It
returns the open database and its location (path and key), or None if the worker
quit. A practice database (``readiness --db FILE demo``, recognised by the mark in
its file header, ``readiness.practice.marker``) holds fictional people and stays
plain: it opens at once with no key and nothing is asked — its location has no key,
which tells the window to show it as practice. A scripted run
(``READINESS_PASSPHRASE_FILE`` set) is answered from that file (``scripted_asker``),
never by a dialog.

A key known without asking (the credential store, when the agency allows it, or a
scripted run's passphrase file) starts stretching the moment the app has its settings
(``stretch_known_key``), on a worker while the window is built; opening then waits only
for what is left of it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QMessageBox, QWidget

from readiness.errors import LockedDatabaseError, ReadinessError
from readiness.protection.keychain import keychain_available, keychain_get, keychain_set
from readiness.store.keys import DatabaseKey

from ..language import _, error_text
from ..tasks import TaskRunner
from .passphrase_dialogs import (
    LOST,
    NewPassphraseDialog,
    UnlockDialog,
    lost_passphrase_text,
)
from .waiting import run_while_waiting

if TYPE_CHECKING:
    from sqlite_utils import Database

    from readiness.store.database import DatabaseLocation


class Asker(Protocol):
    """The questions the worker may be asked while the records are opened."""

    def new_passphrase(self, *, encrypting_existing: bool) -> tuple[DatabaseKey, bool] | None: ...

    def passphrase(self, path: Path, failures: int, message: str) -> DatabaseKey | str | None: ...

    def start_again(self, path: Path) -> bool: ...

    def error(self, message: str) -> None: ...


class DialogAsker:
    """Asks with the real dialogs."""

    def __init__(self, parent: QWidget | None, *, offer_keychain: bool) -> None:
        self._parent = parent
        self._offer_keychain = offer_keychain

    def new_passphrase(self, *, encrypting_existing: bool) -> tuple[DatabaseKey, bool] | None:
        dialog = NewPassphraseDialog(
            offer_keychain=self._offer_keychain,
            encrypting_existing=encrypting_existing,
            parent=self._parent,
        )
        if dialog.exec() != NewPassphraseDialog.DialogCode.Accepted or dialog.key is None:
            return None
        return dialog.key, dialog.remember

    def passphrase(self, path: Path, failures: int, message: str) -> DatabaseKey | str | None:
        dialog = UnlockDialog(path, failures=failures, message=message, parent=self._parent)
        if dialog.exec() != UnlockDialog.DialogCode.Accepted:
            return None
        return LOST if dialog.choice == LOST else dialog.key

    def start_again(self, path: Path) -> bool:  # noqa: ARG002 - the text says "same folder"
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            _("Lost passphrase"),
            lost_passphrase_text(),
            parent=self._parent,
        )
        box.setAccessibleName(_("Lost passphrase"))
        start = box.addButton(
            _("Start again with empty records"), QMessageBox.ButtonRole.AcceptRole
        )
        back = box.addButton(_("Go back and try again"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.exec()
        return box.clickedButton() is start

    def error(self, message: str) -> None:
        from ..dialogs import show_error

        show_error(self._parent, message)


class KnownKey:
    """A key that opens the records, known without asking, stretched on a worker from the
    start (``stretch_known_key``)."""

    def __init__(self, key: DatabaseKey, path: Path, tasks: TaskRunner) -> None:
        from readiness.store.keys import stretched_key

        self.key = key
        self._outcome: dict[str, object] = {}
        self._loop: QEventLoop | None = None
        tasks.start(
            lambda _progress, _cancel: stretched_key(path, key),
            on_done=lambda stretched: self._settle("result", stretched),
            on_error=lambda error: self._settle("error", error),
        )

    def _settle(self, kind: str, value: object) -> None:
        self._outcome[kind] = value
        if self._loop is not None:
            self._loop.quit()

    def stretched(self, meanwhile: Callable[[], object]) -> DatabaseKey:
        """The stretched key, once the worker has it (``meanwhile`` runs first, here)."""
        meanwhile()
        if not self._outcome:
            self._loop = QEventLoop()
            self._loop.exec()
            self._loop = None
        if "error" in self._outcome:
            raise self._outcome["error"]  # type: ignore[misc]
        stretched = self._outcome["result"]
        assert isinstance(stretched, DatabaseKey)
        return stretched


def stretch_known_key(path: Path, *, tasks: TaskRunner, allow_keychain: bool) -> KnownKey | None:
    """Start stretching the key the encrypted records at ``path`` will be tried with first,
    when it is known without asking: the credential store's (if the agency allows it), or a
    scripted run's passphrase file. None when there is none, or no encrypted file yet."""
    from readiness.store.keys import is_encrypted

    if not is_encrypted(path):
        return None
    key = keychain_get(path) if allow_keychain else None
    if key is None:
        scripted = scripted_asker()
        key = scripted.key if scripted is not None else None
    return KnownKey(key, path, tasks) if key is not None else None


def unlock_database(
    path: Path,
    *,
    create_dir: bool,
    tasks: TaskRunner,
    asker: Asker,
    allow_keychain: bool,
    parent: QWidget | None = None,
    known: KnownKey | None = None,
) -> tuple[Database, DatabaseLocation] | None:
    """Open the encrypted database at ``path``, asking the worker what is needed (a practice
    database opens without a question). ``known``: the first key to try, already being
    stretched."""
    from readiness.practice import is_practice_file
    from readiness.store.keys import stretched_key

    if is_practice_file(path):
        from readiness.store.database import DatabaseLocation, open_database

        return open_database(path, create_dir=create_dir), DatabaseLocation(path, None)

    def open_with(key: DatabaseKey) -> tuple[Database, DatabaseLocation]:
        # The passphrase is stretched off the GUI thread (the slow part, which lets go of
        # Python's lock), while this thread loads the code that opens the records; the
        # connection is then opened here, on the thread that will use it, and opens at
        # once. The location keeps the stretched key, so workers' own connections open at
        # once too.
        if known is not None and known.key == key:
            stretched = known.stretched(meanwhile=load_records_code)
        else:
            stretched = run_while_waiting(
                tasks,
                lambda: stretched_key(path, key),
                parent,
                _("Opening the records…"),
                meanwhile=load_records_code,
            )
        from readiness.store.database import DatabaseLocation, open_database

        return open_database(path, key=stretched, create_dir=create_dir), DatabaseLocation(
            path, stretched
        )

    def remember(key: DatabaseKey, keep: bool) -> None:
        if keep:
            try:
                keychain_set(path, key)
            except ReadinessError as exc:
                asker.error(error_text(exc))

    if not path.exists() or path.stat().st_size == 0:
        chosen = asker.new_passphrase(encrypting_existing=False)
        if chosen is None:
            return None
        key, keep = chosen
        opened = open_with(key)
        remember(key, keep)
        return opened
    if needs_encrypting(path):
        chosen = asker.new_passphrase(encrypting_existing=True)
        if chosen is None:
            return None
        key, keep = chosen
        from readiness.store.database import encrypt_plain_file

        run_while_waiting(
            tasks, lambda: encrypt_plain_file(path, key), parent, _("Encrypting the records…")
        )
        remember(key, keep)
        return open_with(key)
    if allow_keychain:
        kept = keychain_get(path)
        if kept is not None:
            try:
                return open_with(kept)
            except LockedDatabaseError:
                pass  # changed since it was kept: ask the worker
    failures = 0
    message = ""
    while True:
        answer = asker.passphrase(path, failures, message)
        if answer is None:
            return None
        if answer == LOST:
            if asker.start_again(path):
                set_aside(path)
                return unlock_database(
                    path,
                    create_dir=create_dir,
                    tasks=tasks,
                    asker=asker,
                    allow_keychain=allow_keychain,
                    parent=parent,
                )
            continue
        assert isinstance(answer, DatabaseKey)
        try:
            return open_with(answer)
        except LockedDatabaseError:
            failures += 1
            message = _("That passphrase did not open the records. Check it and try again.")


def load_records_code() -> None:
    """Import what opening and showing the records needs (the store, ``Records``): on the
    GUI thread, while a worker stretches the passphrase."""
    import readiness.session.records
    import readiness.store.database  # noqa: F401


def needs_encrypting(path: Path) -> bool:
    """An older, plain database from before encryption (it must be encrypted before use)."""
    from readiness.store.keys import is_encrypted

    return path.exists() and path.stat().st_size > 0 and not is_encrypted(path)


def set_aside(path: Path) -> Path:
    """Rename a locked database (and its -wal/-shm) out of the way; returns the new name."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.stem}-locked-{stamp}{path.suffix}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            source.rename(Path(f"{target}{suffix}"))
    return target


def offer_keychain(allowed: bool) -> bool:
    """Whether the new-passphrase dialog may offer the credential store."""
    return allowed and keychain_available()


class FileAsker:
    """Scripted runs (``READINESS_PASSPHRASE_FILE`` set): the key comes from the file."""

    def __init__(self, key: DatabaseKey) -> None:
        self.key = key
        self._tried = False

    def new_passphrase(self, *, encrypting_existing: bool) -> tuple[DatabaseKey, bool] | None:  # noqa: ARG002
        return self.key, False

    def passphrase(self, path: Path, failures: int, message: str) -> DatabaseKey | str | None:  # noqa: ARG002
        if self._tried:
            return None  # the file's key did not open it: stop, never loop
        self._tried = True
        return self.key

    def start_again(self, path: Path) -> bool:  # noqa: ARG002
        return False

    def error(self, message: str) -> None:
        import sys

        print(f"readiness: error: {message}", file=sys.stderr)


def scripted_asker() -> FileAsker | None:
    """The asker for a scripted run, when ``READINESS_PASSPHRASE_FILE`` names a readable key."""
    import os

    from readiness.cli.unlock import PASSPHRASE_FILE_ENV, passphrase_file_key

    value = os.environ.get(PASSPHRASE_FILE_ENV, "").strip()
    if not value:
        return None
    try:
        return FileAsker(passphrase_file_key(Path(value)))
    except ReadinessError:
        return None
