"""The app's look: readable type, visible keyboard focus, and high contrast when the system asks.

``apply_look`` sets the style sheet and a base font of at least 11 pt. When the
operating system's accessibility settings ask for high contrast, a black-on-white
style with strong borders and a thick yellow-and-black focus ring replaces the
normal one, and it follows the setting if it changes while the app runs. Status is
never shown by colour alone anywhere in the app (badges carry words).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

STYLE = """
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


def style_sheet(high_contrast: bool) -> str:
    """The style sheet for normal or high contrast."""
    return STYLE + HIGH_CONTRAST if high_contrast else STYLE


def apply_look(app: QApplication, high_contrast: bool | None = None) -> None:
    """Name, style (following the system's contrast setting) and a base font of >= 11 pt."""
    app.setApplicationName("Readiness")
    follow = high_contrast is None
    app.setStyleSheet(style_sheet(wants_high_contrast(app) if follow else bool(high_contrast)))
    if follow:
        hints = app.styleHints()
        hints.accessibility().contrastPreferenceChanged.connect(
            lambda _preference: app.setStyleSheet(style_sheet(wants_high_contrast(app)))
        )
    font = QFont(app.font())
    font.setPointSizeF(max(font.pointSizeF(), 11.0))
    app.setFont(font)
