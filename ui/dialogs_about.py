"""About Readiness: what it is, and the source of every threshold, rule and questionnaire used."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from readiness import __version__

from .language import _

if TYPE_CHECKING:
    from readiness.interpret import Interpretation

GROUNDING = (
    "Collins-Pisano C, Velez Court J, Johnson M, et al. Core Competencies to Promote "
    "Consistency and Standardization of Best Practices for Digital Peer Support: Focus "
    "Group Study. JMIR Ment Health 2021;8(12):e30221. doi:10.2196/30221"
)


def about_html(inputs: Interpretation) -> str:
    """The About text as HTML: the app, its grounding, then every source by kind."""
    from readiness.sources import collect_sources

    titles = {
        "thresholds": _("Thresholds for devices and connections"),
        "rules": _("Access-equity rules and recommendations"),
        "questionnaires": _("Questionnaires"),
    }
    parts = [
        f"<h2>Readiness {escape(__version__)}</h2>",
        "<p>"
        + escape(
            _(
                "Readiness helps peer specialists and outreach workers find which ways of "
                "connecting will work for a person. Its scores are not validated: they are for "
                "planning support, not for diagnosis, and never decide who gets a service."
            )
        )
        + "</p>",
        "<p><b>" + escape(_("Grounded in")) + f"</b>: {escape(GROUNDING)}</p>",
    ]
    for kind, uses in collect_sources(inputs).items():
        parts.append(f"<h3>{escape(titles[kind])}</h3><ul>")
        for use in sorted(uses, key=lambda u: u.source.lower()):
            where = ", ".join(use.used_by[:6]) + (" …" if len(use.used_by) > 6 else "")
            parts.append(f"<li>{escape(use.source)}<br><small>{escape(where)}</small></li>")
        parts.append("</ul>")
    return "".join(parts)


class AboutDialog(QDialog):
    """A read-only page listing the sources; shown from Settings."""

    def __init__(self, inputs: Interpretation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About Readiness and its sources"))
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.text.setHtml(about_html(inputs))
        self.text.setAccessibleName(_("About Readiness and its sources"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(_("Close"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(760, 620)
