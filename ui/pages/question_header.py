"""The top of the questionnaire page: which questionnaire and part, and progress in the part.

Shows "<title> (questionnaire 2 of 5)", the section title and its introduction, and
a progress bar for the section ("Part 1 of 4: question 3 of 6") whose counts follow
the questions shown for the answers so far, so follow-up questions that appear or
drop out change the total at once.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from readiness.questionnaire.navigation import Position, Step

from ..language import _


class QuestionHeader(QWidget):
    """Instrument, section and per-section progress for the current question."""

    def __init__(self) -> None:
        super().__init__()
        self.instrument_label = QLabel()
        self.section_label = QLabel()
        self.section_label.setObjectName("sectionTitle")
        self.section_intro = QLabel()
        self.section_intro.setObjectName("sectionIntro")
        self.section_intro.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.instrument_label, self.section_label, self.section_intro):
            layout.addWidget(widget)
        layout.addWidget(self.progress)

    def show_step(self, step: Step, where: Position, language: str) -> None:
        """Texts in ``language`` (chrome in the app's language) and progress for ``step``."""
        self.instrument_label.setText(
            _("{title} (questionnaire {number} of {count})").format(
                title=step.instrument.title.get(language),
                number=where.instrument_number,
                count=where.instrument_count,
            )
        )
        self.instrument_label.setAccessibleName(self.instrument_label.text())
        self.section_label.setText(step.section.title.get(language))
        self.section_label.setAccessibleName(self.section_label.text())
        intro = step.section.intro.get(language) if step.section.intro else ""
        self.section_intro.setText(intro)
        self.section_intro.setVisible(bool(intro))
        part = _("Part {number} of {count}: question {question} of {questions}").format(
            number=where.section_number,
            count=where.section_count,
            question=where.question_number,
            questions=where.question_count,
        )
        self.progress.setRange(0, max(1, where.question_count))
        self.progress.setValue(where.question_number)
        self.progress.setFormat(part)
        self.progress.setAccessibleName(_("Progress in this part"))
        self.progress.setAccessibleDescription(part)
        self.progress.setVisible(True)

    def show_nothing(self) -> None:
        for widget in (self.instrument_label, self.section_label, self.section_intro):
            widget.clear()
        self.progress.setVisible(False)
