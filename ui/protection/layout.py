"""The building blocks of the Data protection page: sections, forms, rows, tables, fields.

Small functions so every section of ``ui.protection.page`` and the audit table look
alike: a titled group of wrapped text and controls, a form whose labels wrap, a row
of buttons that flows onto the next line, a read-only table, and named controls.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from readiness.settings import LIMITS

from ..widgets.fields import wrapped
from ..widgets.flow_layout import FlowLayout

_RANGES = {name: (low, high) for name, low, high in LIMITS}


def text_label(text: str, name: str | None = None) -> QLabel:
    """Wrapped text that can be selected with the mouse."""
    label = wrapped(text, name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def button(text: str, name: str) -> QPushButton:
    """A push button with its accessible name."""
    made = QPushButton(text)
    made.setAccessibleName(name)
    return made


def field_row(field: QWidget, beside: QWidget) -> QWidget:
    """A field that takes the width, with a button (``beside``) after it."""
    row = QWidget()
    row.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(field, 1)
    layout.addWidget(beside)
    return row


def setting_spin(setting: str, name: str) -> QSpinBox:
    """A number box for the setting ``setting``, limited to the range Settings allow."""
    box = QSpinBox()
    box.setRange(*_RANGES[setting])
    box.setAccessibleName(name)
    return box


def group(title: str, *rows: str | QWidget | QFormLayout | FlowLayout) -> QGroupBox:
    """A titled section; a plain string in ``rows`` is shown as wrapped text."""
    box = QGroupBox(title)
    box.setAccessibleName(title)
    layout = QVBoxLayout(box)
    for row in rows:
        if isinstance(row, str):
            layout.addWidget(text_label(row))
        elif isinstance(row, QWidget):
            layout.addWidget(row)
        else:
            layout.addLayout(row)
    return box


def form(*rows: tuple[str, QWidget, QWidget | None]) -> QFormLayout:
    """Label and field rows; a label wraps, and its buddy is the third item or the field."""
    made = QFormLayout()
    made.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    made.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    for text, field, buddy in rows:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setBuddy(buddy or field)
        made.addRow(label, field)
    return made


def flow(*widgets: QWidget) -> FlowLayout:
    """Widgets side by side, going on to the next line when the width runs out."""
    made = FlowLayout()
    for widget in widgets:
        made.addWidget(widget)
    return made


def make_table(headers: list[str], name: str, rows: int) -> QTableWidget:
    """A read-only table of whole rows, ``rows`` lines tall at least; Tab leaves it."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)  # arrows move inside, Tab goes on to the next control
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    table.setMinimumHeight(table.fontMetrics().height() * rows)
    return table
