"""The main window: a navigation list on the left and the pages on the right.

It only switches between pages and routes their signals (start an intake, open
one, show a person's assessments over time, back to Home); each page owns its own
content. The makers of the pages arrive through the constructor from ``ui.app``, and
each page is made the first time it is shown or asked for (``ui.page_stack``), so the
window appears with Home alone; ``when_built`` wires a page once it exists. Leaving Settings (by
the navigation, Ctrl+1/2 or closing the window) with edits not saved asks first,
and the text size and contrast chosen there are applied to the whole app at once.
The window starts no larger than the screen, and the navigation's names wrap between
words at large text sizes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QMainWindow

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QComboBox, QLabel, QWidget
    from sqlite_utils import Database

    from readiness.session.intake import IntakeSession
    from readiness.session.records import Records
    from readiness.store.database import DatabaseLocation

    from .navigation import Navigation
    from .page_stack import PageStack
    from .pages.home import HomePage
    from .pages.intake import IntakePage
    from .pages.new_intake import NewIntakePage
    from .pages.person import PersonPage
    from .pages.settings import SettingsPage
    from .tasks import TaskRunner

HOME, NEW_INTAKE, INTAKE, SETTINGS, PERSON = range(5)

START_SIZE = QSize(1000, 680)
"""The window's size at start, on a screen with room for it."""


class PageMakers(NamedTuple):
    """How to make each page, called the first time the page is needed."""

    home: Callable[[], HomePage]
    new_intake: Callable[[], NewIntakePage]
    intake: Callable[[], IntakePage]
    settings: Callable[[], SettingsPage]
    person: Callable[[], PersonPage]


class MainWindow(QMainWindow):
    """Home, New intake, the open intake, Settings and the person shown from Home.

    Signals:
        settings_saved(Settings): the worker saved Settings (validated values).
    """

    settings_saved = Signal(object)

    def __init__(self) -> None:
        """The frame alone: its title and size (``build`` makes what is inside)."""
        super().__init__()
        self.setWindowTitle("Readiness")
        room = self.screen().availableGeometry().size()
        self.resize(START_SIZE.boundedTo(room))
        self.records: Records | None = None
        self.practice = False
        self._can_leave_practice = True
        self.location: DatabaseLocation | None = None
        """The real records' file and key (set once they are unlocked)."""
        self._when_built: dict[int, list[Callable[[Any], None]]] = {}
        self._tasks: TaskRunner | None = None

    def build(
        self,
        pages: PageMakers,
        tasks: TaskRunner,
        *,
        records_for: Callable[[Database], Records],
    ) -> None:
        """Make the navigation, the language choice and the place of the pages, and show
        Home. ``ui.app`` shows the frame first and builds it right after."""
        from PySide6.QtGui import QKeySequence, QShortcut
        from PySide6.QtWidgets import (
            QComboBox,
            QHBoxLayout,
            QLabel,
            QListWidgetItem,
            QVBoxLayout,
            QWidget,
        )

        from .language import current_language
        from .navigation import Navigation
        from .page_stack import PageStack

        self._tasks = tasks
        self.records_for = records_for
        """Makes the ``Records`` the pages use for an opened database (the composition root's)."""
        self.navigation: Navigation = Navigation()
        self.stack: PageStack = PageStack(
            [pages.home, pages.new_intake, pages.intake, pages.settings, pages.person]
        )
        self.stack.built.connect(self._on_built)
        for _row in range(self.stack.count()):
            self.navigation.addItem(QListWidgetItem())
        self.navigation.item(INTAKE).setHidden(True)
        self.navigation.item(PERSON).setHidden(True)

        self.language: QComboBox = QComboBox()
        self.language.addItem("English", "en")
        self.language.addItem("Español", "es")
        self.language.setCurrentIndex(max(0, self.language.findData(current_language())))
        self.language.currentIndexChanged.connect(
            lambda _index: self.switch_language(str(self.language.currentData()))
        )
        self.practice_banner: QLabel = QLabel()
        self.practice_banner.setObjectName("practiceBanner")
        self.practice_banner.setWordWrap(True)
        self.practice_banner.hide()
        side = QVBoxLayout()
        side.addWidget(self.navigation, 1)
        side.addWidget(self.language)
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.addWidget(self.practice_banner)
        layout = QHBoxLayout()
        outer.addLayout(layout, 1)
        layout.addLayout(side)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.navigation.currentRowChanged.connect(self._on_navigation)
        for key, row in (("Ctrl+1", HOME), ("Ctrl+2", NEW_INTAKE), ("Ctrl+3", SETTINGS)):
            QShortcut(QKeySequence(key), self, lambda row=row: self.show_page(row))
        self.retranslate()
        self.show_page(HOME)

    # -- the pages, made when first needed ------------------------------------------------

    @property
    def home(self) -> HomePage:
        return cast("HomePage", self.stack.page(HOME))

    @property
    def new_intake(self) -> NewIntakePage:
        return cast("NewIntakePage", self.stack.page(NEW_INTAKE))

    @property
    def intake(self) -> IntakePage:
        return cast("IntakePage", self.stack.page(INTAKE))

    @property
    def settings(self) -> SettingsPage:
        return cast("SettingsPage", self.stack.page(SETTINGS))

    @property
    def person(self) -> PersonPage:
        return cast("PersonPage", self.stack.page(PERSON))

    def built(self, row: int) -> Any:
        """The page at ``row`` if it has been made, else None (it is not made for this)."""
        stack = self.__dict__.get("stack")
        return stack.built_page(row) if stack is not None else None

    def when_built(self, row: int, wire: Callable[[Any], None]) -> None:
        """Call ``wire(page)`` once the page at ``row`` exists (now, if it already does)."""
        self._when_built.setdefault(row, []).append(wire)
        page = self.stack.built_page(row)
        if page is not None:
            wire(page)

    def _on_built(self, row: int, page: Any) -> None:
        """Connect a page just made to the window and give it what the others have."""
        if row == HOME:
            page.new_intake_requested.connect(lambda: self.show_page(NEW_INTAKE))
            page.open_requested.connect(self.open_intake)
            page.person_requested.connect(self.open_person)
            page.set_practice(self.practice, can_leave=self._can_leave_practice)
        elif row == NEW_INTAKE:
            page.intake_started.connect(self.show_intake)
        elif row == INTAKE:
            page.closed.connect(self._on_intake_closed)
        elif row == SETTINGS:
            page.look_changed.connect(self._show_look)
        elif row == PERSON:
            page.open_requested.connect(self.open_intake)
            page.reassess_requested.connect(self.start_reassessment)
            page.back_requested.connect(lambda: self.show_page(HOME))
        if self.records is not None and row in (HOME, NEW_INTAKE, PERSON):
            page.set_records(self.records)
        for wire in self._when_built.get(row, []):
            wire(page)

    def retranslate(self) -> None:
        from .language import _

        self.setWindowTitle(_("Readiness"))
        titles = (_("Home"), _("New intake"), _("Current intake"), _("Settings"), _("Person"))
        for row, title in enumerate(titles):
            self.navigation.item(row).setText(title)
        self.navigation.fit_names()
        self.navigation.setAccessibleName(_("Main navigation"))
        self.navigation.setAccessibleDescription(
            _("Ctrl+1 Home, Ctrl+2 New intake, Ctrl+3 Settings")
        )
        self.practice_banner.setText(
            _("Practice mode: everyone here is fictional. Nothing you do here is real data.")
        )
        self.practice_banner.setAccessibleName(self.practice_banner.text())
        self.language.setAccessibleName(_("Language of the app"))
        self.language.setToolTip(_("Language of the app"))
        for page in self.stack.built_pages():
            page.retranslate()  # type: ignore[attr-defined]

    def set_practice(self, on: bool, *, can_leave: bool = True) -> None:
        """Show (or hide) that the window is working on fictional practice people;
        ``can_leave`` False when the app was opened on a practice file (no real records)."""
        self.practice = on
        self._can_leave_practice = can_leave
        self.practice_banner.setVisible(on)
        self.home.set_practice(on, can_leave=can_leave)
        self.retranslate()

    def switch_language(self, locale: str) -> None:
        """Show the whole app, the open intake included, in ``locale`` from now on."""
        from .language import set_language

        set_language(locale)
        intake = self.built(INTAKE)
        opened = intake.assessment if intake is not None else None
        if opened is not None and self.records is not None:
            # Step pages are rebuilt from what is saved, so every text (and every
            # reason worked out from the data) comes back in the new language; the
            # intake reopens at the same step.
            intake.open(self.records.open_intake(opened.id))
        self.retranslate()
        if intake is not None:
            intake.set_locale(locale)

    def attach_records(self, records: Records) -> None:
        """Give every page the opened records and show their data (an open intake closes)."""
        self.records = records
        self._close_intake()
        for row in (NEW_INTAKE, PERSON):
            page = self.built(row)
            if page is not None:
                page.set_records(records)
        self.navigation.item(PERSON).setHidden(True)
        self.home.set_records(records)

    def _close_intake(self) -> None:
        """Close the open intake, if any (it is saved), and hide its place in the navigation."""
        intake = self.built(INTAKE)
        if intake is not None:
            intake.close_intake()
        self.navigation.item(INTAKE).setHidden(True)

    def _stop_person(self) -> None:
        person = self.built(PERSON)
        if person is not None:
            person.stop()

    def release_records(self) -> None:
        """Stop everything that reads or writes the records, so their connection can close
        (the open intake closes; it is saved). ``attach_records`` brings them back."""
        self._close_intake()
        self._stop_person()

    def forget_deleted(self) -> None:
        """People or assessments were erased or purged: stop showing what is gone."""
        intake = self.built(INTAKE)
        opened = intake.assessment if intake is not None else None
        if opened is not None and self.records is not None and not self.records.exists(opened.id):
            self._close_intake()
        self.navigation.item(PERSON).setHidden(True)
        self.home.refresh()

    def show_page(self, row: int) -> None:
        self.navigation.setCurrentRow(row)

    def _on_navigation(self, row: int) -> None:
        if row < 0:
            return
        leaving_settings = self.stack.currentIndex() == SETTINGS and row != SETTINGS
        if leaving_settings and self.settings.has_unsaved_edits():
            self._select(SETTINGS)  # stay until the worker saves or discards the edits
            self.settings.ask_before_leaving(lambda: self.show_page(row))
            return
        self.stack.show_row(row)
        if row == HOME:
            self.home.refresh()
            _focus(self.home.search)
        elif row == NEW_INTAKE:
            self.new_intake.reset()
        elif row == PERSON:
            self.person.refresh()

    def _select(self, row: int) -> None:
        """Mark ``row`` in the navigation without changing the page."""
        self.navigation.blockSignals(True)
        self.navigation.setCurrentRow(row)
        self.navigation.blockSignals(False)

    def _show_look(self, text_size: int, high_contrast: str) -> None:
        from PySide6.QtWidgets import QApplication

        from .theme import apply_chosen_look

        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_chosen_look(app, text_size, high_contrast)

    def open_intake(self, assessment_id: str) -> None:
        """Open (or resume) an intake in the intake page."""
        if self.records is None:
            return
        self.show_intake(self.records.open_intake(assessment_id))

    def show_intake(self, session: IntakeSession) -> None:
        """Show an opened intake at the step where it was left; the opening is audited."""
        session.record_opened()
        self.intake.open(session)
        self.navigation.item(INTAKE).setHidden(False)
        self.show_page(INTAKE)
        self.intake.focus_opened()

    def open_person(self, service_user_id: str) -> None:
        """Show one person's assessments over time; the showing is audited."""
        if self.records is not None:
            self.records.record_person_shown(service_user_id)
        self.person.show_person(service_user_id)
        self.navigation.item(PERSON).setHidden(False)
        self.show_page(PERSON)
        _focus(self.person.assessments)

    def start_reassessment(self, code: str) -> None:
        """Open New intake for a known person: only the code is filled in."""
        self.show_page(NEW_INTAKE)
        self.new_intake.code.setText(code)
        _focus(self.new_intake.code)

    def _on_intake_closed(self) -> None:
        self.show_page(HOME)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._tasks is None:  # closed before it was built
            super().closeEvent(event)
            return
        settings = self.built(SETTINGS)
        if settings is not None and settings.has_unsaved_edits():
            event.ignore()  # closes once the worker saves or discards them
            self.show_page(SETTINGS)
            settings.ask_before_leaving(self.close)
            return
        intake = self.built(INTAKE)
        if intake is not None:
            intake.shutdown()  # stops checks and media, removes temporary report copies
        self._stop_person()
        self._tasks.cancel_all()  # a background check or backup stops at once
        self._tasks.wait(3000)
        super().closeEvent(event)


def _focus(widget: QWidget) -> None:
    """Give ``widget`` the keyboard focus (``Qt`` is loaded here: the frame does not need
    its enums, about 20 ms to make)."""
    from PySide6.QtCore import Qt

    widget.setFocus(Qt.FocusReason.OtherFocusReason)
