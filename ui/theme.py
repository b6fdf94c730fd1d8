"""The app's look: readable type, visible keyboard focus, and high contrast when asked for.

``apply_look`` sets the style sheet and the base font: at least 11 pt, or the text
size the worker chose in Settings (100 to 200 % of the normal size). High contrast
(a black-on-white style with strong borders and a thick yellow-and-black focus ring)
is on or off as chosen, or follows the operating system's accessibility setting,
also when that changes while the app runs. Status is never shown by colour alone
anywhere in the app (badges carry words).

Type sizes in the style sheet are relative to the application font (``sized``): when
the text is made larger (a bigger system font, or 200 % for low vision), headings
grow with it instead of staying at a fixed size smaller than the text they head.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

BASE_POINT_SIZE = 11.0
"""The app font's normal size; style sheet sizes are written for it and scaled from it."""
TEXT_SIZES = (100, 125, 150, 175, 200)
"""The text sizes Settings offers, in percent of the normal size."""
LIST_ITEM_PADDING = 10
"""Left and right padding (pixels) of the navigation and step list items (as in ``STYLE``)."""

_SIZED_STYLE = """
QLabel#pageTitle { font-size: 18pt; font-weight: 600; }
QLabel#stepTitle { font-size: 15pt; font-weight: 600; }
QLabel#errorText { color: #a40000; font-weight: 600; }
QLabel#practiceBanner { background: #fff4ce; color: #3d2e00; padding: 8px; font-weight: 600;
                        border: 1px solid #c9a227; }
QListWidget#navigation { font-size: 12pt; }
QListWidget#navigation::item, QListWidget#steps::item { padding: 8px 10px; }
QCheckBox::indicator, QRadioButton::indicator { width: 0.9em; height: 0.9em; }
QPushButton:focus, QCheckBox:focus, QRadioButton:focus, QComboBox:focus, QLineEdit:focus,
QTextEdit:focus, QPlainTextEdit:focus, QSpinBox:focus, QDoubleSpinBox:focus, QDateEdit:focus,
QListWidget:focus, QTableView:focus, QTreeWidget:focus {
    outline: none; border: 2px solid #1a5fb4; border-radius: 3px; }
"""


def sized(sheet: str, base_point_size: float) -> str:
    """``sheet`` with every ``font-size: Npt`` scaled from 11 pt to ``base_point_size``."""
    scale = base_point_size / BASE_POINT_SIZE if base_point_size > 0 else 1.0

    def scaled(match: re.Match[str]) -> str:
        return f"font-size: {round(float(match.group(1)) * scale, 1):g}pt"

    return _FONT_SIZE.sub(scaled, sheet)


_FONT_SIZE = re.compile(r"font-size:\s*(\d+(?:\.\d+)?)pt")
STYLE = sized(_SIZED_STYLE, BASE_POINT_SIZE)
"""The normal style at the normal text size."""

HIGH_CONTRAST = """
QWidget { background: #ffffff; color: #000000; }
QLabel#errorText { color: #000000; text-decoration: underline; font-weight: 700; }
QLabel#practiceBanner { background: #000000; color: #ffffff; border: 2px solid #000000; }
QPushButton, QComboBox, QLineEdit, QTextEdit, QPlainTextEdit, QSpinBox, QDoubleSpinBox,
QDateEdit, QListWidget, QTableView, QTreeWidget { border: 2px solid #000000; }
QPushButton { padding: 4px 12px; }
QPushButton:disabled, QLabel:disabled { color: #555555; border-color: #555555; }
QListWidget::item:selected, QTableView::item:selected { background: #000000; color: #ffffff; }
QCheckBox::indicator, QRadioButton::indicator { border: 2px solid #000000; background: #ffffff; }
QRadioButton::indicator { border-radius: 0.45em; }
QCheckBox::indicator:checked, QRadioButton::indicator:checked {
    background: #000000; border: 2px solid #000000; }
QScrollBar { background: #ffffff; border: 2px solid #000000; }
QScrollBar:vertical { width: 18px; }
QScrollBar:horizontal { height: 18px; }
QScrollBar::handle { background: #000000; border: none; }
QScrollBar::handle:vertical { min-height: 32px; }
QScrollBar::handle:horizontal { min-width: 32px; }
QScrollBar::add-line, QScrollBar::sub-line { width: 0px; height: 0px; border: none; }
QScrollBar::add-page, QScrollBar::sub-page { background: #ffffff; }
QPushButton:focus, QCheckBox:focus, QRadioButton:focus, QComboBox:focus, QLineEdit:focus,
QTextEdit:focus, QPlainTextEdit:focus, QSpinBox:focus, QDoubleSpinBox:focus, QDateEdit:focus,
QListWidget:focus, QTableView:focus, QTreeWidget:focus {
    outline: none; border: 4px solid #000000; background: #ffe600; color: #000000; }
"""


def wants_high_contrast(app: QApplication) -> bool:
    """Whether the system's accessibility settings ask for high contrast."""
    hints = app.styleHints()  # kept in a name: the accessibility object belongs to it
    accessibility = hints.accessibility()
    return bool(accessibility.contrastPreference() == Qt.ContrastPreference.HighContrast)


def style_sheet(high_contrast: bool, base_point_size: float = BASE_POINT_SIZE) -> str:
    """The style sheet for normal or high contrast, sized for ``base_point_size`` text."""
    normal = sized(_SIZED_STYLE, base_point_size)
    return normal + HIGH_CONTRAST if high_contrast else normal


def normal_point_size() -> float:
    """The size of text at 100 %: the system's general font, and never under 11 pt."""
    system = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    return max(system.pointSizeF(), BASE_POINT_SIZE)


class _Look(QObject):
    """The contrast chosen for one application; restyles it when the system's contrast
    setting changes (made once per application, so nothing is connected twice)."""

    NAME = "readinessLook"

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName(self.NAME)
        self._app = app
        self.high_contrast: bool | None = None
        """True or False as chosen; None: as the system's accessibility setting asks."""
        hints = app.styleHints()
        hints.accessibility().contrastPreferenceChanged.connect(self._contrast_changed)

    def contrast(self) -> bool:
        """Whether high contrast is in force now."""
        if self.high_contrast is None:
            return wants_high_contrast(self._app)
        return self.high_contrast

    def restyle(self) -> None:
        sheet = style_sheet(self.contrast(), self._app.font().pointSizeF())
        if self._app.styleSheet() != sheet:
            self._app.setStyleSheet(sheet)

    def _contrast_changed(self, _preference: Qt.ContrastPreference) -> None:
        if self.high_contrast is None:
            self.restyle()


def _look_of(app: QApplication) -> _Look:
    look = app.findChild(_Look, _Look.NAME)
    return look if isinstance(look, _Look) else _Look(app)


def apply_look(
    app: QApplication, high_contrast: bool | None = None, text_size: int | None = None
) -> None:
    """Name, base font and style: at once, and again when the system's contrast setting changes.

    ``high_contrast``: True or False as chosen; None follows the system's contrast
    setting while the app runs. ``text_size``: percent of the normal size
    (``normal_point_size``); None keeps the application font as it is (at least 11 pt).
    """
    app.setApplicationName("Readiness")
    look = _look_of(app)
    look.high_contrast = high_contrast
    font = QFont(app.font())
    if text_size is None:
        size = max(font.pointSizeF(), BASE_POINT_SIZE)
    else:
        size = round(normal_point_size() * text_size / 100, 1)
    if font.pointSizeF() != size:
        font.setPointSizeF(size)
        app.setFont(font)
        # Open windows learn of the new font from posted events; they must have it
        # before the style sheet below is applied to them, or they keep the old size.
        QApplication.sendPostedEvents(None, QEvent.Type.ApplicationFontChange)
    look.restyle()


CHOSEN_CONTRAST = {"on": True, "off": False}
"""Settings' ``high_contrast`` as ``apply_look`` takes it (``system``: None, follow the system)."""


def apply_chosen_look(app: QApplication, text_size: int, high_contrast: str) -> None:
    """The look chosen in Settings: ``text_size`` percent and ``high_contrast``
    (``system``, ``on`` or ``off``)."""
    apply_look(app, CHOSEN_CONTRAST.get(high_contrast), text_size)
