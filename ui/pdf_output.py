"""Handing a PDF to the desktop: a save dialog, the system viewer, and printing with Qt PDF.

The report page takes these as constructor arguments (tests pass fakes). Printing
renders each page with Qt PDF (``PySide6.QtPdf``) onto a ``QPrinter`` chosen in the
print dialog; Qt PDF is not in every PySide6 wheel set, so ``print_with_qt_pdf``
returns False without it and the caller opens the system viewer instead.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QWidget

from .language import _

SaveDialog = Callable[[QWidget, str], str]
"""(parent, suggested file name) -> the chosen path, or "" when cancelled."""
OpenFile = Callable[[Path], bool]
PrintPdf = Callable[[QWidget, bytes], bool]


def save_dialog(parent: QWidget, suggested: str) -> str:
    from PySide6.QtWidgets import QFileDialog

    path, _filter = QFileDialog.getSaveFileName(
        parent, _("Save the report"), suggested, _("PDF documents (*.pdf)")
    )
    return path


def open_file(path: Path) -> bool:
    from PySide6.QtGui import QDesktopServices

    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))


def print_with_qt_pdf(parent: QWidget, pdf: bytes) -> bool:
    """Print ``pdf`` through the print dialog with Qt PDF; False if Qt PDF is not installed."""
    import importlib

    try:  # Qt PDF is not in every PySide6 wheel set
        qt_pdf = importlib.import_module("PySide6.QtPdf")
    except ImportError:
        return False
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
        return True
    painter = QPainter(printer)
    area = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
    for page in range(document.pageCount()):
        if page:
            printer.newPage()
        image = document.render(page, QSize(area.width(), area.height()))
        painter.drawImage(area, image)
    painter.end()
    return True
