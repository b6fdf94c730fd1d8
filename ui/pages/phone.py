"""The person's phone: a guided look at it together, and a test measured on the phone itself.

The first part walks the worker and the person through the phone (``readiness.phone.
guide``): for iPhone or Android, each topic shows a picture, plain steps and the
answers to choose; every answer is saved at once as a check result of the phone
(``readiness.phone.looked_at``). The second part (``phone_test.PhoneTestBox``) shows a
QR code for the one-time page the phone opens. Everything is optional: a topic left
alone saves nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QHideEvent, QIcon
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from readiness.model import utc_now
from readiness.phone.guide import load_guide
from readiness.phone.looked_at import PhoneLook, look_from_results, look_results

from ..language import _, current_language
from ..widgets.scroll import scrolling
from .connection_widgets import parse_figure
from .phone_test import PhoneTestBox

if TYPE_CHECKING:
    from datetime import datetime

    from readiness.model import CheckResult
    from readiness.phone.guide import Guide, Topic
    from readiness.thresholds import Thresholds

    from ..tasks import TaskRunner
    from .phone_test import LinkFactory

_CHOICE_FIELDS = (
    ("camera", "access", "camera_microphone"),
    ("microphone", "access", "camera_microphone"),
    ("data_plan", "data_plan", "data"),
    ("wifi", "wifi", "data"),
    ("screen", "screen", "screen"),
)
"""Choice boxes: the ``PhoneLook`` field, its answers in the guide, and its topic."""


class PhonePage(QWidget):
    """The phone step; see the module docstring."""

    def __init__(
        self,
        runner: TaskRunner,
        save_result: Callable[[CheckResult], None],
        saved: list[CheckResult],
        *,
        thresholds: Thresholds,
        open_link: LinkFactory,
        locale: str,
        clock: Callable[[], datetime] = utc_now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._save, self._thresholds, self._clock = save_result, thresholds, clock
        self._guide: Guide = load_guide()
        self._loading = True
        content = QWidget()
        layout = QVBoxLayout(content)
        heading = QLabel("<h2>{}</h2>".format(_("The person's phone")))
        heading.setAccessibleName(_("The person's phone"))
        layout.addWidget(heading)
        intro = QLabel(
            _(
                "Look at the phone together. Choose what you find; it is saved at once. "
                "Skip anything that does not fit."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        platforms = QHBoxLayout()
        self.platform_group = QButtonGroup(self)
        self.platform_buttons: dict[str, QRadioButton] = {}
        for code in self._guide.codes("platform"):
            button = QRadioButton(
                self._guide.choice_label("platform", code).get(current_language())
            )
            button.setAccessibleName(_("The phone is: {kind}").format(kind=button.text()))
            self.platform_group.addButton(button)
            self.platform_buttons[code] = button
            platforms.addWidget(button)
            button.toggled.connect(self._platform_changed)
        platforms.addStretch(1)
        layout.addLayout(platforms)
        self.steps_labels: dict[str, QLabel] = {}
        self.version = self._line(_("System version, like 17.5"), 20)
        self.storage = self._line(_("Free space in GB, like 12"), 8)
        self.choices: dict[str, QComboBox] = {}
        self.apps: dict[str, QCheckBox] = {}
        self.no_apps = QCheckBox(_("None of these"))
        self.no_apps.setAccessibleName(_("None of these apps is on the phone"))
        for topic in self._guide.topics:
            layout.addWidget(self._topic_box(topic))
        self.test_box = PhoneTestBox(
            runner,
            save_result,
            thresholds=thresholds,
            open_link=open_link,
            locale=locale,
            clock=clock,
        )
        layout.addWidget(self.test_box)
        layout.addStretch(1)
        self.scroll_area = scrolling(content)
        self.scroll_area.setAccessibleName(_("The person's phone page"))
        QVBoxLayout(self).addWidget(self.scroll_area)
        self.show_look(look_from_results(saved))
        self.test_box.show_saved(saved)
        self._loading = False

    # -- building -----------------------------------------------------------------

    def _line(self, accessible: str, length: int) -> QLineEdit:
        line = QLineEdit()
        line.setMaxLength(length)
        line.setAccessibleName(accessible)
        line.editingFinished.connect(self.save)
        return line

    def _topic_box(self, topic: Topic) -> QGroupBox:
        locale = current_language()
        box = QGroupBox(topic.title_text().get(locale))
        row = QHBoxLayout(box)
        picture = QLabel()
        picture.setPixmap(QIcon(str(topic.picture_path)).pixmap(QSize(96, 96)))
        picture.setAccessibleName(topic.title_text().get(locale))
        picture.setAlignment(Qt.AlignmentFlag.AlignTop)
        row.addWidget(picture)
        column = QVBoxLayout()
        steps = QLabel()
        steps.setWordWrap(True)
        steps.setTextFormat(Qt.TextFormat.RichText)
        steps.setAccessibleName(_("Steps: {topic}").format(topic=topic.title_text().get(locale)))
        self.steps_labels[topic.id] = steps
        column.addWidget(steps)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        if topic.id == "system":
            form.addRow(_("Version"), self.version)
        elif topic.id == "storage":
            form.addRow(_("Free space (GB)"), self.storage)
        elif topic.id == "apps":
            for code in self._guide.codes("apps"):
                check = QCheckBox(self._guide.choice_label("apps", code).get(locale))
                check.setAccessibleName(_("On the phone: {app}").format(app=check.text()))
                check.toggled.connect(self._apps_changed)
                self.apps[code] = check
                form.addRow(check)
            self.no_apps.toggled.connect(self._apps_changed)
            form.addRow(self.no_apps)
        for field, question, topic_id in _CHOICE_FIELDS:
            if topic_id == topic.id:
                form.addRow(self._choice_label(field), self._choice(field, question))
        column.addLayout(form)
        row.addLayout(column, 1)
        return box

    @staticmethod
    def _choice_label(field: str) -> str:
        return {
            "camera": _("Camera for the video app"),
            "microphone": _("Microphone for the video app"),
            "data_plan": _("Mobile data"),
            "wifi": _("Wi-Fi"),
            "screen": _("Reading the screen"),
        }[field]

    def _choice(self, field: str, question: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(self._choice_label(field))
        combo.addItem(_("Not looked at"), None)
        for code in self._guide.codes(question):
            combo.addItem(self._guide.choice_label(question, code).get(current_language()), code)
        combo.currentIndexChanged.connect(self.save)
        self.choices[field] = combo
        return combo

    # -- showing and saving ------------------------------------------------------------

    def platform(self) -> str | None:
        return next((code for code, b in self.platform_buttons.items() if b.isChecked()), None)

    def _platform_changed(self, checked: bool) -> None:
        if not checked:
            return
        platform = self.platform() or "iphone"
        for topic in self._guide.topics:
            steps = topic.steps_for(platform, current_language())
            items = "".join(f"<li>{step}</li>" for step in steps)
            self.steps_labels[topic.id].setText(f"<ol>{items}</ol>")
        self.save()

    def _apps_changed(self, checked: bool) -> None:
        if checked and self.sender() is self.no_apps:
            for check in self.apps.values():
                check.setChecked(False)
        elif checked:
            self.no_apps.setChecked(False)
        self.save()

    def look(self) -> PhoneLook:
        """What the form holds now (``ValueError`` in words for a figure that is not one)."""
        try:
            storage = parse_figure(self.storage.text())
        except ValueError:
            raise ValueError(_("Free space: type a plain number, like 12.")) from None
        found = tuple(code for code, check in self.apps.items() if check.isChecked())
        apps = found if found or self.no_apps.isChecked() else None
        chosen = {field: combo.currentData() for field, combo in self.choices.items()}
        return PhoneLook(
            platform=self.platform(),
            system_version=self.version.text(),
            free_storage_gb=storage,
            apps=apps,
            **chosen,
        )

    def show_look(self, look: PhoneLook) -> None:
        """Fill the form from saved answers."""
        self._loading = True
        button = self.platform_buttons.get(look.platform or "")
        (button or self.platform_buttons["iphone"]).setChecked(True)
        if button is None:  # steps shown for iPhone until a platform is chosen
            self.platform_group.setExclusive(False)
            self.platform_buttons["iphone"].setChecked(False)
            self.platform_group.setExclusive(True)
        self.version.setText(look.system_version)
        self.storage.setText("" if look.free_storage_gb is None else f"{look.free_storage_gb:g}")
        for field, combo in self.choices.items():
            index = combo.findData(getattr(look, field))
            combo.setCurrentIndex(max(index, 0))
        for code, check in self.apps.items():
            check.setChecked(look.apps is not None and code in look.apps)
        self.no_apps.setChecked(look.apps == ())
        self._loading = False

    def save(self) -> None:
        """Save a check result for every topic answered (nothing while the form fills)."""
        if self._loading:
            return
        try:
            look = self.look()
        except ValueError as error:
            self.storage.setToolTip(str(error))
            self.storage.setAccessibleDescription(str(error))
            return
        self.storage.setToolTip("")
        self.storage.setAccessibleDescription("")
        for result in look_results(look, self._thresholds.phone, measured_at=self._clock()):
            self._save(result)

    def focus_start(self) -> None:
        """The keyboard starts on the phone's kind (the one chosen, else iPhone)."""
        chosen = self.platform_buttons.get(self.platform() or "iphone")
        if chosen is not None:
            chosen.setFocus(Qt.FocusReason.TabFocusReason)

    def hideEvent(self, event: QHideEvent) -> None:
        """Leaving the step closes the link: nothing is served while the step is closed."""
        self.test_box.close_link()
        super().hideEvent(event)

    def shutdown(self) -> None:
        self.test_box.close_link()
