"""The main window: a navigation list on the left and the pages on the right.

It only switches between pages and routes their signals (start an intake, open
one, show a person's assessments over time, back to Home); each page owns its own
content. Pages arrive through the constructor from ``ui.app``. Leaving Settings (by
the navigation, Ctrl+1/2 or closing the window) with edits not saved asks first,
and the text size and contrast chosen there are applied to the whole app at once.
The window starts no larger than the screen, and the navigation's names wrap between
words at large text sizes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from .language import _, current_language, set_language
from .pages.home import HomePage
from .pages.intake import IntakePage
from .pages.new_intake import NewIntakePage
from .pages.person import PersonPage
from .pages.settings import SettingsPage
from .tasks import TaskRunner
from .theme import LIST_ITEM_PADDING, apply_chosen_look
from .widgets.wrapped_rows import WrappedRows

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlite_utils import Database

    from readiness.session.intake import IntakeSession
    from readiness.session.records import Records
    from readiness.store.database import DatabaseLocation

HOME, NEW_INTAKE, INTAKE, SETTINGS, PERSON = range(5)
START_SIZE = QSize(1000, 680)
"""The window's size at start, on a screen with room for it."""


class Navigation(QListWidget):
    """The list of pages: as wide as its longest name, up to its usual width; at large text
    sizes names wrap between words, and it widens only for a word that needs it."""

    WIDTH = 170
    """The most it takes for names on one line (every name fits at the normal text size)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("navigation")
        self.setWordWrap(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)  # rewrap when it resizes
        self.setItemDelegate(WrappedRows(self, inset=2 * LIST_ITEM_PADDING))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def fit_names(self) -> None:
        """Fit the names (hidden ones too) in the font and language in force."""
        metrics = self.fontMetrics()
        names = [self.item(row).text() for row in range(self.count())]
        longest_name = max((metrics.horizontalAdvance(name) for name in names), default=0)
        words = [word for name in names for word in name.split()]
        longest_word = max((metrics.horizontalAdvance(word) for word in words), default=0)
        # The items' padding (``theme``), the frame, and the room Qt's item margins and
        # the checker of clipped text (tests.gui.a11y) leave around the text.
        room = 2 * LIST_ITEM_PADDING + 2 * self.frameWidth() + 12
        self.setFixedWidth(max(longest_word, min(longest_name, self.WIDTH - room)) + room)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit_names()


class MainWindow(QMainWindow):
    """Home, New intake, the open intake, Settings and the person shown from Home.

    Signals:
        settings_saved(Settings): the worker saved Settings (validated values).
        closing(): the window is closing (before tasks are cancelled).
    """

    settings_saved = Signal(object)
    closing = Signal()

    def __init__(
        self,
        home: HomePage,
        new_intake: NewIntakePage,
        intake: IntakePage,
        settings: SettingsPage,
        tasks: TaskRunner,
        *,
        person: PersonPage,
        records_for: Callable[[Database], Records],
    ) -> None:
        super().__init__()
        self.home = home
        self.new_intake = new_intake
        self.intake = intake
        self.settings = settings
        self.person = person
        self._tasks = tasks
        self.records_for = records_for
        """Makes the ``Records`` the pages use for an opened database (the composition root's)."""
        self.records: Records | None = None
        self.practice = False
        self.location: DatabaseLocation | None = None
        """The real records' file and key (set once they are unlocked)."""
        self.navigation = Navigation()
        self.stack = QStackedWidget()
        for page in (home, new_intake, intake, settings, self.person):
            self.stack.addWidget(page)
            self.navigation.addItem(QListWidgetItem())
        self.navigation.item(INTAKE).setHidden(True)
        self.navigation.item(PERSON).setHidden(True)

        self.language = QComboBox()
        self.language.addItem("English", "en")
        self.language.addItem("Español", "es")
        self.language.setCurrentIndex(max(0, self.language.findData(current_language())))
        self.language.currentIndexChanged.connect(
            lambda _index: self.switch_language(str(self.language.currentData()))
        )
        self.practice_banner = QLabel()
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
        room = self.screen().availableGeometry().size()
        self.resize(START_SIZE.boundedTo(room))

        self.navigation.currentRowChanged.connect(self._on_navigation)
        home.new_intake_requested.connect(lambda: self.show_page(NEW_INTAKE))
        home.open_requested.connect(self.open_intake)
        home.person_requested.connect(self.open_person)
        self.person.open_requested.connect(self.open_intake)
        self.person.reassess_requested.connect(self.start_reassessment)
        self.person.back_requested.connect(lambda: self.show_page(HOME))
        new_intake.intake_started.connect(self.show_intake)
        intake.closed.connect(self._on_intake_closed)
        settings.look_changed.connect(self._show_look)
        for key, row in (("Ctrl+1", HOME), ("Ctrl+2", NEW_INTAKE), ("Ctrl+3", SETTINGS)):
            QShortcut(QKeySequence(key), self, lambda row=row: self.show_page(row))
        self.retranslate()
        self.show_page(HOME)

    def retranslate(self) -> None:
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
        for page in (self.home, self.new_intake, self.intake, self.settings, self.person):
            page.retranslate()

    def set_practice(self, on: bool, *, can_leave: bool = True) -> None:
        """Show (or hide) that the window is working on fictional practice people;
        ``can_leave`` False when the app was opened on a practice file (no real records)."""
        self.practice = on
        self.practice_banner.setVisible(on)
        self.home.set_practice(on, can_leave=can_leave)
        self.retranslate()

    def switch_language(self, locale: str) -> None:
        """Show the whole app, the open intake included, in ``locale`` from now on."""
        set_language(locale)
        opened = self.intake.assessment
        if opened is not None and self.records is not None:
            # Step pages are rebuilt from what is saved, so every text (and every
            # reason worked out from the data) comes back in the new language; the
            # intake reopens at the same step.
            self.intake.open(self.records.open_intake(opened.id))
        self.retranslate()
        self.intake.set_locale(locale)

    def attach_records(self, records: Records) -> None:
        """Give every page the opened records and show their data (an open intake closes)."""
        self.records = records
        self.intake.close_intake()
        self.navigation.item(INTAKE).setHidden(True)
        self.new_intake.set_records(records)
        self.person.set_records(records)
        self.navigation.item(PERSON).setHidden(True)
        self.home.set_records(records)

    def release_records(self) -> None:
        """Stop everything that reads or writes the records, so their connection can close
        (the open intake closes; it is saved). ``attach_records`` brings them back."""
        self.intake.close_intake()
        self.navigation.item(INTAKE).setHidden(True)
        self.person.stop()

    def forget_deleted(self) -> None:
        """People or assessments were erased or purged: stop showing what is gone."""
        opened = self.intake.assessment
        if opened is not None and self.records is not None and not self.records.exists(opened.id):
            self.intake.close_intake()
            self.navigation.item(INTAKE).setHidden(True)
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
        self.stack.setCurrentIndex(row)
        if row == HOME:
            self.home.refresh()
            self.home.search.setFocus(Qt.FocusReason.OtherFocusReason)
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
        self.person.assessments.setFocus(Qt.FocusReason.OtherFocusReason)

    def start_reassessment(self, code: str) -> None:
        """Open New intake for a known person: only the code is filled in."""
        self.show_page(NEW_INTAKE)
        self.new_intake.code.setText(code)
        self.new_intake.code.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_intake_closed(self) -> None:
        self.show_page(HOME)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.settings.has_unsaved_edits():
            event.ignore()  # closes once the worker saves or discards them
            self.show_page(SETTINGS)
            self.settings.ask_before_leaving(self.close)
            return
        self.closing.emit()  # e.g. the automatic backup, before tasks are cancelled
        self.intake.shutdown()  # stops checks and media, removes temporary report copies
        self.person.stop()
        self._tasks.cancel_all()
        self._tasks.wait(3000)
        super().closeEvent(event)
