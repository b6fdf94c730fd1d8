"""The actions of the Data protection page: change the passphrase, back up, restore, purge, erase.

Each action asks first (through ``ui.protection.questions.Questions``), does its work
off the GUI thread, and then says in words what happened. No connection crosses
threads: work on a worker opens its own connection from the records' location
(``on_own_connection``) while the GUI thread's connection stays idle, and a modal
progress waits (``run_while_waiting``), so the window never freezes. A purge or an
erasure ends with ``VACUUM`` on the worker's connection; ``scrubbed`` says whether
it could run. A new passphrase needs the file to itself: the records close, the
worker re-keys the file on its own connection and stretches the new key, and the
records reopen on the GUI thread (``OpenRecords.reopen_after``). A restore is only
confirmed here: ``ui.protection.session`` carries it out the same way.

Errors come back as the core's own words (``ReadinessError``); anything else is
named by its kind only, so no personal data reaches a message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtWidgets import QWidget

from readiness.errors import ReadinessError
from readiness.protection.backups import BackupSet, backup_set_for

from ..language import _, error_text, format_datetime, format_number
from ..tasks import TaskRunner
from .guard_dialogs import PassphraseChoice, codes_match
from .open_records import OpenRecords, on_own_connection
from .questions import Questions
from .waiting import run_while_waiting

if TYPE_CHECKING:
    from readiness.progress import CancelToken
    from readiness.protection.backups import BackupInfo, RekeyResult
    from readiness.settings import Settings
    from readiness.store.database import DatabaseLocation
    from readiness.store.keys import DatabaseKey

T = TypeVar("T")


@dataclass(frozen=True)
class PassphraseOutcome:
    """What changed with the passphrase; ``problems`` are said to the worker afterwards."""

    key: DatabaseKey
    """The new key, stretched for the file: the records reopen with it at once."""
    rekeyed: RekeyResult | None
    problems: tuple[str, ...] = ()


def change_passphrase(
    location: DatabaseLocation, backups: BackupSet, choice: PassphraseChoice
) -> PassphraseOutcome:
    """Re-key the closed records, then their backups, then the credential store (on a worker).

    The file is re-keyed on this thread's own connection; every other connection must
    be closed. An error before the file has its new key means nothing changed, and is
    raised. After that, the file opens only with the new key whatever happens next, so
    problems with the backups or the credential store are returned as messages (never
    raised: the records must reopen with the new key).
    """
    from readiness.protection.backups import rekey_backups
    from readiness.protection.keychain import keychain_forget, keychain_set
    from readiness.store.database import change_key
    from readiness.store.keys import stretched_key

    old = location.key
    if old is None:
        raise ReadinessError(_("Practice records are not encrypted, so they have no passphrase."))
    on_own_connection(location, lambda db: change_key(db, choice.key))
    key = stretched_key(location.path, choice.key)
    problems: list[str] = []
    rekeyed = None
    try:
        rekeyed = rekey_backups(backups, old, choice.key)
    except Exception as exc:
        problems.append(
            _("The backups could not all be changed to the new passphrase ({reason}).").format(
                reason=_reason(exc)
            )
        )
    try:
        if choice.keep:
            keychain_set(location.path, choice.key)
        else:  # never leave the old passphrase in the credential store
            keychain_forget(location.path)
    except Exception as exc:
        problems.append(_reason(exc))
    return PassphraseOutcome(key, rekeyed, tuple(problems))


def _reason(error: object) -> str:
    """The core's own words for ``error``, or only its kind (so no personal data shows)."""
    if isinstance(error, ReadinessError):
        return error_text(error)
    return str(error) if isinstance(error, OSError) else type(error).__name__


def size_text(size: int) -> str:
    """A file size for people, in the current language (``812.4 KB``, ``3.1 MB``)."""
    if size < 1024 * 1024:
        return _("{size} KB").format(size=format_number(size / 1024, 1))
    return _("{size} MB").format(size=format_number(size / (1024 * 1024), 1))


def checked_settings(settings: Settings) -> Settings:
    """``settings`` validated; a backup folder that is a file, or an unusable key, is refused."""
    settings = settings.validated()
    folder = Path(settings.backup_folder).expanduser()
    if settings.backup_folder and folder.exists() and not folder.is_dir():
        raise ReadinessError(_("{path}: this is not a folder.").format(path=folder))
    if settings.agency_public_key:
        from readiness.protection.sealing import load_public_key

        load_public_key(settings.agency_public_key)
    return settings


def describe_public_key(path: str) -> tuple[bool, str]:
    """Whether the agency key file at ``path`` can seal exports; its fingerprint or the problem."""
    if not path:
        return True, _("No agency public key is set.")
    from readiness.protection.sealing import load_public_key

    try:
        key = load_public_key(path)
    except ReadinessError as exc:
        return False, error_text(exc)
    return True, _(
        "RSA key, {bits} bits. Fingerprint (check it with your agency): {fingerprint}"
    ).format(bits=key.bits, fingerprint=key.fingerprint_text)


class DataActions:
    """The page's actions on the open records."""

    def __init__(
        self,
        records: OpenRecords,
        *,
        settings: Callable[[], Settings],
        tasks: TaskRunner,
        questions: Questions,
        parent: QWidget,
    ) -> None:
        self._records, self._settings, self._tasks = records, settings, tasks
        self._questions, self._parent = questions, parent
        self.backing_up = False

    @property
    def location(self) -> DatabaseLocation:
        """The records' file and the key that opens it now (it follows a new passphrase)."""
        return self._records.location

    def backup_set(self) -> BackupSet:
        """The records' backups: in the folder saved in Settings, or beside the records."""
        return backup_set_for(self.location.path, self._settings().backup_folder)

    def backup_folder(self) -> Path:
        """Where the backups are: the folder saved in Settings, or beside the records."""
        return self.backup_set().folder

    def run(self, work: Callable[[], T], label: str) -> T | None:
        """``work`` on a worker thread behind a modal progress; None (after saying why) on error."""
        return self._guarded(lambda: run_while_waiting(self._tasks, work, self._parent, label))

    def _guarded(self, step: Callable[[], T]) -> T | None:
        """``step`` with the page disabled meanwhile; None (after saying why) on error."""
        focus = self._parent.focusWidget()
        self._parent.setEnabled(False)  # nothing here may start while work is under way
        try:
            return step()
        except ReadinessError as exc:
            self._questions.error(error_text(exc))
        except Exception as exc:  # a database error the core did not put in words
            self._questions.error(
                _("This could not be done ({reason}). Nothing was changed.").format(
                    reason=type(exc).__name__
                )
            )
        finally:
            self._parent.setEnabled(True)
            if focus is not None:
                focus.setFocus()
        return None

    # -- passphrase -----------------------------------------------------------------

    def change_passphrase(self) -> bool:
        """Ask for the current and a new passphrase and re-key everything; True if changed."""
        from readiness.protection.keychain import keychain_available, keychain_get

        location = self.location
        if location.key is None:
            return False
        offer = self._settings().allow_keychain and keychain_available()
        kept = offer and keychain_get(location.path) == location.key
        choice = self._questions.change_passphrase(location.key, offer_keychain=offer, kept=kept)
        if choice is None:
            return False
        backups = self.backup_set()

        def work(closed: DatabaseLocation) -> tuple[PassphraseOutcome, DatabaseKey]:
            outcome = change_passphrase(closed, backups, choice)
            return outcome, outcome.key

        outcome = self._guarded(
            lambda: self._records.reopen_after(work, _("Changing the passphrase…"))
        )
        if outcome is None:
            return False
        self._records.records.record_passphrase_change()
        lines = [_("The passphrase was changed. Use the new one from now on.")]
        result = outcome.rekeyed
        if result is not None and result.rekeyed:
            lines.append(
                _("Backups that now open with the new passphrase: {count}.").format(
                    count=len(result.rekeyed)
                )
            )
        if result is not None and result.unreadable:
            lines.append(
                _(
                    "Backups left as they were, because they could not be opened (they may "
                    "need an older passphrase): {count}."
                ).format(count=len(result.unreadable))
            )
        self._questions.tell("\n\n".join([*lines, *outcome.problems]))
        return True

    # -- backups --------------------------------------------------------------------

    def back_up(self, finished: Callable[[str], None]) -> None:
        """Make a backup on a worker with its own connection; ``finished(words)`` after."""
        from readiness.errors import DamagedDatabaseError
        from readiness.protection.backups import make_backup, offer_last_good_backup
        from readiness.store.database import connect

        location, folder, key = self.location, self.backup_folder(), self.location.key
        if key is None:
            return
        settings = self._settings()
        keep = settings.backup_count or None  # automatic ones off: keep all made here

        def work(_progress: object, cancel: CancelToken) -> Path:
            conn = connect(location.path, key)  # this worker's own
            try:
                return make_backup(
                    conn, key, folder, keep=keep, megabytes=settings.backup_megabytes, cancel=cancel
                )
            except DamagedDatabaseError as error:
                raise offer_last_good_backup(error, folder, key) from None
            finally:
                conn.close()

        def done(path: Path) -> None:
            self.backing_up = False
            self._records.records.record_backup(path.name, automatic=False)
            finished(_("Backup made."))

        def failed(error: object) -> None:
            self.backing_up = False
            finished(_("The backup failed: {reason}").format(reason=_reason(error)))

        self.backing_up = True
        self._tasks.start(work, on_done=done, on_error=failed)

    def confirm_restore(self, info: BackupInfo) -> bool:
        """Whether the worker wants the records replaced by this backup."""
        text = _(
            "Restore the records from the backup made {time}?\n\n"
            "The records as they are now are saved as a backup first, so you can go back. "
            "Work done since that backup will not be in the restored records, and people "
            "erased since then will come back: erase them again afterwards."
        ).format(time=format_datetime(info.time))
        return self._questions.confirm(_("Restore a backup"), text, _("Restore"))

    # -- deleting -------------------------------------------------------------------

    def purge(self, days: int) -> bool:
        """Delete assessments not changed for ``days`` days, after a preview; True if done."""
        from readiness.model import utc_now
        from readiness.protection.erasure import preview_purge, purge_older_than

        staff, now, location = self._settings().staff_initials, utc_now(), self.location
        if days == 0:
            self._questions.tell(_("Set how many days to keep assessments first."))
            return False
        preview = self.run(
            lambda: on_own_connection(location, lambda db: preview_purge(db, days, now=now)),
            _("Counting…"),
        )
        if preview is None:
            return False
        if preview.assessments == 0 and preview.service_users == 0:
            self._questions.tell(_("No assessment is old enough to delete. Nothing was deleted."))
            return False
        text = _(
            "Delete every assessment not changed since {date}?\n\n"
            "Complete assessments: {complete}\n"
            "Assessments not finished: {drafts}\n"
            "People left with no assessment, deleted too: {people}\n\n"
            "This cannot be undone. Backups and files already saved are not changed."
        ).format(
            date=format_datetime(preview.cutoff, date_only=True),
            complete=preview.complete,
            drafts=preview.drafts,
            people=preview.service_users,
        )
        if not self._questions.confirm(_("Delete old assessments"), text, _("Delete")):
            return False
        counts = self.run(
            lambda: on_own_connection(
                location, lambda db: purge_older_than(db, days, staff=staff, now=now)
            ),
            _("Deleting old assessments…"),
        )
        if counts is None:
            return False
        self._tell_deleted(
            _("Assessments deleted: {assessments}. People deleted: {people}.").format(
                assessments=counts.assessments, people=counts.service_users
            ),
            counts.scrubbed,
        )
        return True

    def erase(self, code: str) -> bool:
        """Erase the person with ``code`` once the code is typed again; True if erased."""
        from readiness.protection.erasure import erase_service_user, preview_erasure

        code, location = code.strip(), self.location
        person = self._records.records.find_person(code) if code else None
        if person is None:
            self._questions.error(
                _("No service user has the code {code}.").format(code=code)
                if code
                else _("Type the code of the person to erase.")
            )
            return False
        preview = self.run(
            lambda: on_own_connection(location, lambda db: preview_erasure(db, person.id)),
            _("Counting…"),
        )
        if preview is None:
            return False
        typed = self._questions.typed_code(preview)
        if typed is None:
            return False
        if not codes_match(typed, preview.code):
            self._questions.error(
                _("The code typed again is not {code}. Nothing was erased.").format(
                    code=preview.code
                )
            )
            return False
        staff = self._settings().staff_initials
        counts = self.run(
            lambda: on_own_connection(
                location, lambda db: erase_service_user(db, person.id, staff=staff)
            ),
            _("Erasing…"),
        )
        if counts is None:
            return False
        self._tell_deleted(
            _(
                "The person with the code {code} was erased. Deleted: assessments "
                "{assessments}, answers {answers}, audit log entries {entries}."
            ).format(
                code=preview.code,
                assessments=counts.assessments,
                answers=counts.answers,
                entries=counts.audit_entries,
            ),
            counts.scrubbed,
        )
        return True

    def _tell_deleted(self, text: str, scrubbed: bool) -> None:
        if not scrubbed:
            text += "\n\n" + _(
                "Other work was using the records, so the deleted data could not yet be wiped "
                "from the file. It is wiped the next time you erase or purge."
            )
        self._questions.tell(text)
