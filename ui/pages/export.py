"""The intake's last step: the reports, saved, opened or printed.

The worker picks the audience (the service user's copy or the staff report), the
language, the form (a PDF; an accessible web page; the service user's copy also as
plain text, for an email or a screen reader) and, for a PDF, a password (AES-256).
Building the report data reads the database and runs the rules on the GUI thread (a
few milliseconds); rendering runs on the ``TaskRunner``. Files are written atomically.
"Open" shows a copy kept in a private folder (``ui.pdf_output.ReportCopies``: named
without personal data, removed when the page shuts down, and at the next start after
a crash) with the system's viewer for its form. "Print" prints the PDF whatever form
is chosen: it uses Qt PDF when it is installed and otherwise opens the PDF in the
system viewer, which can print it (``ui.pdf_output``). Every report saved, shown or
printed is recorded in the audit log through ``record`` (the intake session's).
Choices wrap and the page scrolls when the text is large.

Constructor::

    ExportPage(
        runner,              # ui.tasks.TaskRunner that renders the PDFs
        load_report,         # Callable[[str], ReportData]: locale -> the report data
                             #   e.g. lambda locale: jobs.report_for(
                             #       repository.load_document(db, assessment.id), inputs, locale)
        default_locale="en", # the intake's language
        *,
        is_complete,         # Callable[[], bool]: whether the intake is complete (final
                             #   reports) or not yet (drafts, said on the page and in the name)
        record,              # Callable[[str, str, bool], None]: (audience, "saved", "viewed"
                             #   or "printed", password) into the audit log: the session's
                             #   record_report
        save_dialog=None,    # Callable[[QWidget, str], str]: suggested name -> chosen path or ""
        open_file=None,      # Callable[[Path], bool]; default ui.pdf_output.open_file
        print_pdf=None,      # Callable[[QWidget, bytes], Printed]; default print_with_qt_pdf
        copies=None,         # ui.pdf_output.ReportCopies for Open and Print (tests: a folder)
        parent=None,
    )

``shutdown()`` removes the temporary copies (call it when the intake closes).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from readiness.errors import ReadinessError
from readiness.messages import MN_
from readiness.progress import CancelToken, Progress
from readiness.reports.data import ReportData

from ..language import _, error_text
from ..pdf_output import OpenFile, Printed, PrintPdf, ReportCopies, SaveDialog, print_with_qt_pdf
from ..pdf_output import open_file as default_open_file
from ..pdf_output import save_dialog as default_save_dialog
from ..tasks import TaskRunner
from ..widgets.flow_layout import FlowLayout
from ..widgets.scroll import scrolling
from ..widgets.wrapping_button import WrappingCheckBox, WrappingRadioButton


class ExportPage(QWidget):
    """Save, open or print the service user's copy or the staff report of one assessment."""

    def __init__(
        self,
        runner: TaskRunner,
        load_report: Callable[[str], ReportData],
        default_locale: str = "en",
        *,
        is_complete: Callable[[], bool],
        record: Callable[[str, str, bool], None],
        save_dialog: SaveDialog | None = None,
        open_file: OpenFile | None = None,
        print_pdf: PrintPdf | None = None,
        copies: ReportCopies | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._load_report = load_report
        self._is_complete = is_complete
        self._record = record
        self._save_dialog = save_dialog or default_save_dialog
        self._open_file = open_file or default_open_file
        self._print_pdf = print_pdf or print_with_qt_pdf
        self._copies = copies or ReportCopies()
        self._made = ("", False)
        """The audience of the report made last, and whether it has a password."""
        self.saved_path: Path | None = None
        self.busy = False

        self.heading = QLabel()
        self.heading.setObjectName("stepTitle")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.state = QLabel()
        self.state.setObjectName("reportState")
        self.state.setWordWrap(True)
        self.service_user = WrappingRadioButton()
        self.staff = WrappingRadioButton()
        self.service_user.setChecked(True)
        self.audience = QButtonGroup(self)
        self.audience.addButton(self.service_user)
        self.audience.addButton(self.staff)
        self.language = QComboBox()
        self.language.addItem("English", "en")
        self.language.addItem("Español", "es")
        self.language.setCurrentIndex(max(0, self.language.findData(default_locale)))
        self.form = QComboBox()
        # The forms' names are long in Spanish: the box may be narrower than its longest
        # item (the list opens wide enough), so the page never scrolls sideways at 200 %.
        self.form.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.form.setMinimumContentsLength(12)
        self.form_label = QLabel()
        self.form_label.setBuddy(self.form)
        self.protect = WrappingCheckBox()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setEnabled(False)
        self.protect.toggled.connect(self.password.setEnabled)
        self.save_button = QPushButton()
        self.open_button = QPushButton()
        self.print_button = QPushButton()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)

        self.audience_label = QLabel()
        self.language_label = QLabel()
        self.password_label = QLabel()
        audience_box = QWidget()
        audience_layout = QVBoxLayout(audience_box)
        audience_layout.setContentsMargins(0, 0, 0, 0)
        audience_layout.addWidget(self.service_user)
        audience_layout.addWidget(self.staff)
        self.password_hint = QLabel()  # shown, not a placeholder: it stays whole at any size
        self.password_hint.setWordWrap(True)
        password_box = QWidget()
        password_layout = QVBoxLayout(password_box)
        password_layout.setContentsMargins(0, 0, 0, 0)
        password_layout.addWidget(self.protect)
        password_layout.addWidget(self.password)
        password_layout.addWidget(self.password_hint)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # labels above, if narrow
        form.addRow(self.audience_label, audience_box)
        form.addRow(self.language_label, self.language)
        form.addRow(self.form_label, self.form)
        form.addRow(self.password_label, password_box)
        self.language_label.setBuddy(self.language)
        self.password_label.setBuddy(self.protect)
        buttons = FlowLayout()  # the buttons wrap when the text is large
        for button in (self.save_button, self.open_button, self.print_button):
            buttons.addWidget(button)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(self.heading)
        layout.addWidget(self.state)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(content))

        self.service_user.toggled.connect(lambda _checked: self._fill_forms())
        self.form.currentIndexChanged.connect(self._form_changed)
        self.save_button.clicked.connect(self.save_as)
        self.open_button.clicked.connect(self.open_report)
        self.print_button.clicked.connect(self.print_report)
        self.retranslate()

    # -- texts -----------------------------------------------------------------------

    def retranslate(self) -> None:
        self.heading.setText(_("Reports"))
        self.intro.setText(
            _(
                "The service user's copy is short and in plain words, with no scores. "
                "The staff report is the full record for the agency."
            )
        )
        self.audience_label.setText(_("Report for"))
        self.service_user.setText(_("The &service user (their copy)"))
        self.service_user.setAccessibleName(_("Report for the service user"))
        self.staff.setText(_("Staff and agency (&full record)"))
        self.staff.setAccessibleName(_("Report for staff and the agency"))
        self.language_label.setText(_("&Language"))
        self.language.setAccessibleName(_("Language of the report"))
        self.form_label.setText(_("For&m"))
        self.form.setAccessibleName(_("Form of the report"))
        self._fill_forms()
        self.password_label.setText(_("Passwor&d"))
        self.protect.setText(_("Protect with a password"))
        self.protect.setAccessibleName(_("Protect the PDF with a password"))
        self.password.setAccessibleName(_("Password for the PDF"))
        self.password.setAccessibleDescription(_("At least 6 characters; AES-256 encryption"))
        self.password_hint.setText(_("At least 6 characters"))
        self.password_hint.setAccessibleName(self.password_hint.text())
        self.save_button.setText(_("Sa&ve as…"))
        self.save_button.setAccessibleName(_("Save the report to a file"))
        self.open_button.setText(_("&Open"))
        self.open_button.setAccessibleName(_("Open the report on this computer"))
        self.print_button.setText(_("Pri&nt…"))  # Alt+P is Pause
        self.print_button.setAccessibleName(_("Print the report"))
        self.progress.setAccessibleName(_("Making the report"))
        self.status.setAccessibleName(_("Report status"))
        self.show_state()

    def show_state(self) -> None:
        """Say whether the reports made now are drafts or the final ones."""
        if self._is_complete():
            text = _("The intake is complete: these are the final reports.")
        else:
            text = _(
                "The intake is not complete yet, so reports made now are drafts. "
                "Complete the intake (the button at the bottom) to make the final reports."
            )
        self.state.setText(text)
        self.state.setAccessibleName(text)

    def showEvent(self, event: QShowEvent) -> None:
        self.show_state()  # the intake may have been completed or reopened meanwhile
        super().showEvent(event)

    # -- choices ---------------------------------------------------------------------

    @property
    def audience_value(self) -> str:
        return "staff" if self.staff.isChecked() else "service-user"

    @property
    def report_locale(self) -> str:
        return str(self.language.currentData())

    @property
    def report_form(self) -> str:
        """``pdf``, ``html`` or ``text``."""
        return str(self.form.currentData() or "pdf")

    def _fill_forms(self) -> None:
        """The forms the chosen report comes in (the staff report has no text form)."""
        from readiness.reports.pdf import FORMATS, Audience

        names = {
            "pdf": _("PDF (tagged for screen readers)")
            if self.audience_value == "service-user"
            else _("PDF"),
            "html": _("Web page (HTML), accessible"),
            "text": _("Plain text, for an email or a screen reader"),
        }
        current = self.report_form
        self.form.blockSignals(True)
        self.form.clear()
        for kind in FORMATS[Audience(self.audience_value)]:
            self.form.addItem(names[kind.value], kind.value)
        self.form.setCurrentIndex(max(0, self.form.findData(current)))
        self.form.blockSignals(False)
        self._form_changed()

    def _form_changed(self) -> None:
        """A password protects a PDF only."""
        is_pdf = self.report_form == "pdf"
        self.protect.setEnabled(is_pdf)
        if not is_pdf:
            self.protect.setChecked(False)

    def _password(self) -> str | None:
        if not self.protect.isChecked() or self.report_form != "pdf":
            return None
        from readiness.reports.pdf import MIN_PASSWORD_LENGTH

        password = self.password.text()
        if len(password) < MIN_PASSWORD_LENGTH:
            raise ReadinessError(
                MN_(
                    "The password needs at least {count} character.",
                    "The password needs at least {count} characters.",
                    count=MIN_PASSWORD_LENGTH,
                )
            )
        return password

    def _suggested_name(self, data: ReportData) -> str:
        kind = _("staff-report") if self.audience_value == "staff" else _("service-user-copy")
        draft = "" if data.status == "complete" else "-" + _("draft")
        suffix = {"html": ".html", "text": ".txt"}.get(self.report_form, ".pdf")
        return f"{data.service_user_code}-{kind}{draft}-{data.generated:%Y-%m-%d}{suffix}"

    # -- actions ---------------------------------------------------------------------

    def _render(
        self, then: Callable[[bytes, ReportData], None], *, form: str | None = None
    ) -> None:
        """Build the data here, render the report (in ``form``, default the chosen one) on
        the runner, then call ``then`` with it."""
        if self.busy:
            return
        try:
            password = self._password()
            data = self._load_report(self.report_locale)
        except ReadinessError as exc:
            self._show(error_text(exc), error=True)
            return
        audience = self.audience_value
        kind = form or self.report_form
        if kind != "pdf":
            password = None

        def work(_progress: Progress, _cancel: CancelToken) -> bytes:
            from readiness.reports.pdf import protect, render_report

            content = render_report(data, audience, kind)
            return protect(content, password) if password else content

        def done(pdf: bytes) -> None:
            self._set_busy(False)
            self._made = (audience, password is not None)
            then(pdf, data)

        self._set_busy(True)
        self._runner.start(work, on_done=done, on_error=self._failed)

    def save_as(self) -> None:
        """Ask where, then write the report there atomically."""

        def save(pdf: bytes, data: ReportData) -> None:
            chosen = self._save_dialog(self, self._suggested_name(data))
            if not chosen:
                self._show(_("Not saved."))
                return
            path = Path(chosen)
            suffix = Path(self._suggested_name(data)).suffix
            if path.suffix.lower() != suffix:
                path = path.with_suffix(suffix)
            from readiness.atomic import write_bytes_atomic

            try:
                write_bytes_atomic(path, pdf)
            except ReadinessError as exc:
                self._show(error_text(exc), error=True)
                return
            self.saved_path = path
            self._note("saved")
            self._show(_("Saved {path}.").format(path=path))

        self._render(save)

    def open_report(self) -> None:
        """Open the report with the system's viewer for its form (a private temporary copy)."""
        form = self.report_form

        def show(content: bytes, _data: ReportData) -> None:
            path = self._temporary(content, form)
            if path is None or not self._open_file(path):
                self._show(_("The report could not be opened on this computer."), error=True)
                return
            self._note("viewed")
            self._show(_("Opened the report."))

        self._render(show)

    def print_report(self) -> None:
        """Print the PDF through the print dialog, or open the PDF viewer to print from there.

        Paper is always printed from the PDF, whatever form is chosen for saving."""

        def send(pdf: bytes, _data: ReportData) -> None:
            printed = self._print_pdf(self, pdf)
            if printed is Printed.PRINTED:
                self._note("printed")
                self._show(_("Sent to the printer."))
                return
            if printed is Printed.CANCELLED:
                self._show(_("Not printed."))
                return
            path = self._temporary(pdf, "pdf")
            if path is not None and self._open_file(path):
                self._note("viewed")
                self._show(_("Opened in the PDF viewer: print it from there."))
            else:
                self._show(_("Printing is not available on this computer."), error=True)

        self._render(send, form="pdf")

    def _temporary(self, content: bytes, form: str) -> Path | None:
        """A copy in a private folder (readable by this user only), named without personal data."""
        suffix = {"html": ".html", "text": ".txt"}.get(form, ".pdf")
        return self._copies.write(f"report-{self._made[0]}{suffix}", content)

    def _note(self, use: str) -> None:
        """Record in the audit log what was done with the report just made."""
        audience, password = self._made
        self._record(audience, use, password)

    def shutdown(self) -> None:
        """Remove the temporary copies made for Open and Print."""
        self._copies.remove()

    # -- state -----------------------------------------------------------------------

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        message = (
            error_text(error)
            if isinstance(error, ReadinessError)
            else _("The report could not be made ({kind}).").format(kind=type(error).__name__)
        )
        self._show(message, error=True)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.progress.setVisible(busy)
        for button in (self.save_button, self.open_button, self.print_button):
            button.setEnabled(not busy)
        if busy:
            self._show(_("Making the report…"))

    def _show(self, message: str, *, error: bool = False) -> None:
        self.status.setObjectName("errorText" if error else "")
        self.status.style().polish(self.status)  # the object name picks the style sheet rule
        self.status.setText(message)
        self.status.setAccessibleDescription(message)
