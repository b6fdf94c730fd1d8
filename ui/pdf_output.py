"""Handing a PDF to the desktop: a save dialog, the system viewer, printing, and plain copies.

The report page takes these as constructor arguments (tests pass fakes). Printing
renders each page with Qt PDF (``PySide6.QtPdf``) onto a ``QPrinter`` chosen in the
print dialog; Qt PDF is not in every PySide6 wheel set, so ``print_with_qt_pdf``
says when it is not available and the caller opens the system viewer instead.

The viewer needs a file: ``ReportCopies`` writes it in a folder of its own inside
the per-user report copies folder (``readiness.paths.report_copies_dir``, 0700),
named without personal data, and removes it when the intake closes. A crash skips
that, so ``remove_leftover_copies`` empties the whole folder when the app starts.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QWidget

from readiness.errors import ReadinessError
from readiness.paths import make_private_folder, report_copies_dir

from .language import _


class Printed(Enum):
    """What came of printing a PDF."""

    PRINTED = "printed"
    CANCELLED = "cancelled"
    NOT_AVAILABLE = "not available"
    """Qt PDF is not installed: open the PDF in the system viewer to print it."""


SaveDialog = Callable[[QWidget, str], str]
"""(parent, suggested file name) -> the chosen path, or "" when cancelled."""
OpenFile = Callable[[Path], bool]
PrintPdf = Callable[[QWidget, bytes], Printed]


class ReportCopies:
    """Plain copies of reports for the viewer, in a private folder of their own."""

    def __init__(self, folder: Path | None = None) -> None:
        self._parent = folder or report_copies_dir()
        self._folder: Path | None = None

    def write(self, name: str, pdf: bytes) -> Path | None:
        """``pdf`` as ``name`` in this page's folder (None if it could not be written)."""
        from readiness.atomic import write_bytes_atomic

        try:
            if self._folder is None:
                make_private_folder(self._parent)
                self._folder = Path(tempfile.mkdtemp(prefix="copies-", dir=self._parent))
            path = self._folder / name
            write_bytes_atomic(path, pdf)
        except (OSError, ReadinessError):
            return None
        return path

    def remove(self) -> None:
        """Remove this page's copies."""
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None


def remove_leftover_copies(folder: Path | None = None) -> None:
    """Remove every copy left in the report copies folder (a crash skips ``remove``)."""
    folder = folder or report_copies_dir()
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def save_dialog(parent: QWidget, suggested: str) -> str:
    from PySide6.QtWidgets import QFileDialog

    path, _filter = QFileDialog.getSaveFileName(
        parent, _("Save the report"), suggested, _("PDF documents (*.pdf)")
    )
    return path


def open_file(path: Path) -> bool:
    from PySide6.QtGui import QDesktopServices

    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))


def print_with_qt_pdf(parent: QWidget, pdf: bytes) -> Printed:
    """Print ``pdf`` through the print dialog with Qt PDF (if it is installed)."""
    import importlib

    try:  # Qt PDF is not in every PySide6 wheel set
        qt_pdf = importlib.import_module("PySide6.QtPdf")
    except ImportError:
        return Printed.NOT_AVAILABLE
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtGui import QPainter
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    buffer = QBuffer(parent)
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = qt_pdf.QPdfDocument(parent)
    document.load(buffer)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if QPrintDialog(printer, parent).exec() != QPrintDialog.DialogCode.Accepted:
        return Printed.CANCELLED
    painter = QPainter(printer)
    area = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
    for page in range(document.pageCount()):
        if page:
            printer.newPage()
        image = document.render(page, QSize(area.width(), area.height()))
        painter.drawImage(area, image)
    painter.end()
    return Printed.PRINTED
