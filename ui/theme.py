"""The app's look: readable type, visible keyboard focus, and high contrast when the system asks.

``apply_look`` sets the style sheet and a base font of at least 11 pt. When the
operating system's accessibility settings ask for high contrast, a black-on-white
style with strong borders and a thick yellow-and-black focus ring replaces the
normal one, and it follows the setting if it changes while the app runs. Status is
never shown by colour alone anywhere in the app (badges carry words).

Type sizes in the style sheet are relative to the application font (``sized``): when
the text is made larger (a bigger system font, or 200 % for low vision), headings
grow with it instead of staying at a fixed size smaller than the text they head.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

BASE_POINT_SIZE = 11.0
"""The app font's normal size; style sheet sizes are written for it and scaled from it."""
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


def apply_look(app: QApplication, high_contrast: bool | None = None) -> None:
    """Name, a base font of >= 11 pt, and the style (following the system's contrast setting).

    With ``high_contrast`` None the look follows the system: a change of the contrast
    setting or of the application font while the app runs restyles it.
    """
    app.setApplicationName("Readiness")
    font = QFont(app.font())
    font.setPointSizeF(max(font.pointSizeF(), BASE_POINT_SIZE))
    app.setFont(font)
    follow = high_contrast is None

    def restyle() -> None:
        contrast = wants_high_contrast(app) if follow else bool(high_contrast)
        sheet = style_sheet(contrast, app.font().pointSizeF())
        if app.styleSheet() != sheet:
            app.setStyleSheet(sheet)

    restyle()
    if follow:
        hints = app.styleHints()
        hints.accessibility().contrastPreferenceChanged.connect(lambda _preference: restyle())
        app.fontChanged.connect(lambda _font: restyle())
