"""Channel verdicts as readable blocks: the channel, its verdict in words, and every reason.

Each verdict is written out ("Not suitable now") with a shape symbol (✓, ◐, ✕), so
colour is never the only signal; each reason is a bullet that ends with the facts
behind it and where they came from (answered, measured, entered by hand).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from readiness.equity.results import ChannelVerdict, Verdict

from ..language import _

SYMBOLS = {Verdict.READY: "✓", Verdict.SUPPORT: "◐", Verdict.NOT_SUITABLE: "✕"}
COLOURS = {Verdict.READY: "#1b5e20", Verdict.SUPPORT: "#8a5300", Verdict.NOT_SUITABLE: "#b71c1c"}


class VerdictBlock(QFrame):
    """One channel: a heading with the verdict, then its reasons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = QLabel()
        self.heading.setObjectName("verdictHeading")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setWordWrap(True)  # a long channel name wraps at large text sizes
        self.reasons = QLabel()
        self.reasons.setWordWrap(True)
        self.reasons.setTextFormat(Qt.TextFormat.RichText)
        self.reasons.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.reasons)

    def show_verdict(self, verdict: ChannelVerdict, locale: str) -> None:
        title = verdict.title.get(locale)
        label = verdict.verdict.label.get(locale)
        self.heading.setText(
            f"<b>{escape(title)}</b> — <span style='color:{COLOURS[verdict.verdict]}'>"
            f"{SYMBOLS[verdict.verdict]} <b>{escape(label)}</b></span>"
        )
        self.heading.setAccessibleName(f"{title}: {label}")
        items = "".join(f"<li>{escape(reason.render(locale))}</li>" for reason in verdict.reasons)
        self.reasons.setText(f"<ul style='margin-left:-20px'>{items}</ul>")
        self.reasons.setAccessibleName(_("Reasons for {channel}").format(channel=title))
        self.reasons.setAccessibleDescription(
            " ".join(reason.render(locale) for reason in verdict.reasons)
        )


class VerdictList(QWidget):
    """Every channel's verdict, in the order the rules list them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.blocks: dict[str, VerdictBlock] = {}
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.setAccessibleName(_("Ways to connect"))

    def show_verdicts(self, verdicts: Sequence[ChannelVerdict], locale: str) -> None:
        wanted = [v.id for v in verdicts]
        if list(self.blocks) != wanted:
            for block in self.blocks.values():
                self.layout_.removeWidget(block)
                block.deleteLater()
            self.blocks = {}
            for channel_id in wanted:
                block = VerdictBlock(self)
                self.blocks[channel_id] = block
                self.layout_.addWidget(block)
        for verdict in verdicts:
            self.blocks[verdict.id].show_verdict(verdict, locale)
