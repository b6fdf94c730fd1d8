"""Reading the current question aloud with Qt's text-to-speech, or saying plainly why not.

``spoken_text`` builds what is said (where the question is, the question, its help
line, the numbered choices and the other answers), with its linking words in the
question's own language; it is plain Python so it can be checked on its own.

``ReadAloud`` is the "Read aloud" button (Ctrl+R, or its Alt letter) that becomes
"Stop reading" while speaking, and a line that says in words when this computer
cannot read aloud: no speech engine, an engine that does not start, or no voice in
the question's language. Qt's text-to-speech is imported only when it is needed
(the first time the page is shown) and the engine is made only at the first press,
so opening the app costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from readiness.i18n import translator as translator_for
from readiness.messages import N_

from ..language import _

if TYPE_CHECKING:
    from PySide6.QtTextToSpeech import QTextToSpeech

SHORTCUT = "Ctrl+R"
TEST_ENGINES = frozenset({"mock"})
"""Qt's silent test engine: never offered to a real person."""

NO_ENGINE = N_("This computer has no voice for reading aloud.")
ENGINE_FAILED = N_(
    "This computer cannot read aloud: its speech program did not start. "
    "Ask your IT support to turn on text-to-speech."
)
NO_VOICE = {
    "en": N_("This computer has no English voice for reading aloud."),
    "es": N_("This computer has no Spanish voice for reading aloud."),
}
SPEAKING_FAILED = N_("Reading aloud stopped because of a problem: {error}")

_POSITION = N_("Question {number} of {count}.")
_ONE_OF = N_("The choices are:")
_SEVERAL = N_("You can choose more than one:")
_OTHER = N_("Or you can say:")


# -- what is said -----------------------------------------------------------------------


@dataclass(frozen=True)
class SpokenQuestion:
    """One question as it is read: its texts are already in ``language``."""

    question: str
    language: str = "en"
    help: str = ""
    choices: Sequence[str] = ()
    several: bool = False
    other_answers: Sequence[str] = ()
    number: int = 0
    count: int = 0
    extra: Sequence[str] = field(default=())


def in_language(message: str, language: str) -> str:
    """``message`` (an English msgid) in ``language``, whatever the interface language is."""
    return translator_for(language).gettext(message)


def _sentence(text: str) -> str:
    """``text`` with one full stop at the end (unless it already ends a sentence)."""
    text = " ".join(text.split())
    return text if not text or text[-1] in ".?!…:" else f"{text}."


def spoken_text(question: SpokenQuestion) -> str:
    """Everything read aloud for ``question``, as one text in its language."""
    language = question.language
    parts: list[str] = []
    if question.number > 0 and question.count > 0:
        parts.append(
            in_language(_POSITION, language).format(number=question.number, count=question.count)
        )
    parts.append(_sentence(question.question))
    if question.help.strip():
        parts.append(_sentence(question.help))
    parts += [_sentence(line) for line in question.extra if line.strip()]
    if question.choices:
        parts.append(in_language(_SEVERAL if question.several else _ONE_OF, language))
        parts += [
            f"{number}. {_sentence(choice)}" for number, choice in enumerate(question.choices, 1)
        ]
    if question.other_answers:
        parts.append(in_language(_OTHER, language))
        parts += [_sentence(answer) for answer in question.other_answers]
    return " ".join(parts)


# -- the engine -------------------------------------------------------------------------


def available_engines() -> list[str]:
    """The speech engines this computer has, in Qt's order (its test engine left out)."""
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError:  # a Qt build without the text-to-speech module
        return []
    return [name for name in QTextToSpeech.availableEngines() if name not in TEST_ENGINES]


class ReadAloud(QWidget):
    """The Read aloud / Stop reading button and the line that explains when it cannot work.

    ``source()`` gives what to read now, as a ``SpokenQuestion``; ``engines()`` names the
    speech engines to try, best first (default: ``available_engines``, this computer's
    without Qt's test one).
    """

    def __init__(
        self,
        source: Callable[[], SpokenQuestion | None],
        *,
        engines: Callable[[], Sequence[str]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._source = source
        self._engines = engines
        self._speech: QTextToSpeech | None = None
        self._looked = False
        self._blocked = False  # no engine at all, or it failed: stays off
        self._message: Callable[[], str] = lambda: ""
        self.spoken = ""
        """What was handed to the engine last (for tests and for the record)."""
        self.button = QPushButton()
        self.button.clicked.connect(self.toggle)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("readAloudMessage")
        self.message.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.message, 1)
        layout.addStretch(0)  # with no message, the button keeps its own width
        self.retranslate()

    def add_shortcut(self, scope: QWidget) -> QShortcut:
        """Ctrl+R reads (or stops) while ``scope`` is shown."""
        return QShortcut(QKeySequence(SHORTCUT), scope, self.toggle)

    # -- state ------------------------------------------------------------------------

    @property
    def speaking(self) -> bool:
        if self._speech is None:
            return False
        from PySide6.QtTextToSpeech import QTextToSpeech

        return self._speech.state() in (
            QTextToSpeech.State.Speaking,
            QTextToSpeech.State.Synthesizing,
        )

    def retranslate(self) -> None:
        if self.speaking:
            self.button.setText(_("Stop re&ading"))
            self.button.setAccessibleName(_("Stop reading aloud"))
        else:
            self.button.setText(_("Read &aloud"))
            self.button.setAccessibleName(_("Read the question aloud"))
        self.button.setAccessibleDescription(
            _("Reads the question, its help and the choices aloud. Shortcut: {keys}").format(
                keys=SHORTCUT
            )
        )
        self.button.setToolTip(_("Shortcut: {keys}").format(keys=SHORTCUT))
        self._show_message(self._message)

    def _show_message(self, message: Callable[[], str]) -> None:
        self._message = message
        text = message()
        self.message.setText(text)
        self.message.setAccessibleName(text)
        self.message.setVisible(bool(text))

    def _cannot(self, message: Callable[[], str], *, for_good: bool) -> None:
        """Say why reading aloud is not possible and turn the button off."""
        self._blocked = self._blocked or for_good
        self.button.setEnabled(False)
        self._show_message(message)

    def showEvent(self, event: QShowEvent) -> None:
        """The first time it is shown, find out whether there is any engine at all."""
        super().showEvent(event)
        if not self._looked:
            self._looked = True
            if not self._engine_names():
                self._cannot(lambda: _(NO_ENGINE), for_good=True)

    # -- reading ----------------------------------------------------------------------

    def toggle(self) -> None:
        if self.speaking:
            self.stop()
        else:
            self.read()

    def read(self) -> bool:
        """Read the current question aloud; False (with the reason shown) if it cannot."""
        if self._blocked:
            return False
        question = self._source()
        speech = self._engine()
        if question is None or speech is None or not self._use_voice(speech, question.language):
            return False
        self.spoken = spoken_text(question)
        speech.say(self.spoken)
        return True

    def stop(self) -> None:
        if self._speech is not None and self.speaking:
            self._speech.stop()

    def set_language(self, language: str) -> None:
        """The question is now in ``language``: stop, and say whether there is a voice for it."""
        self.stop()
        if self._speech is not None and not self._blocked:
            self._use_voice(self._speech, language)

    def _engine_names(self) -> list[str]:
        return list((self._engines or available_engines)())

    def _engine(self) -> QTextToSpeech | None:
        if self._speech is not None:
            return self._speech
        names = self._engine_names()
        if not names:
            self._cannot(lambda: _(NO_ENGINE), for_good=True)
            return None
        from PySide6.QtTextToSpeech import QTextToSpeech

        for name in names:
            speech = QTextToSpeech(name, self)
            if speech.state() is not QTextToSpeech.State.Error:
                speech.stateChanged.connect(self._on_state)
                self._speech = speech
                return speech
            speech.deleteLater()
        self._cannot(lambda: _(ENGINE_FAILED), for_good=True)
        return None

    def _use_voice(self, speech: QTextToSpeech, language: str) -> bool:
        """Pick a voice for ``language``; if there is none, say so and turn the button off."""
        from PySide6.QtCore import QLocale

        wanted = QLocale(language).language()
        system = QLocale.system()
        matching = [locale for locale in speech.availableLocales() if locale.language() == wanted]
        matching.sort(key=lambda locale: locale.territory() != system.territory())
        if matching and speech.locale() not in matching:
            speech.setLocale(matching[0])
        if not matching or not speech.availableVoices():
            message = NO_VOICE.get(language, NO_ENGINE)
            self._cannot(lambda: _(message), for_good=False)
            return False
        self.button.setEnabled(True)
        self._show_message(lambda: "")
        return True

    def _on_state(self, state: object) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        if state == QTextToSpeech.State.Error and self._speech is not None:
            error = self._speech.errorString()
            self._show_message(lambda: _(SPEAKING_FAILED).format(error=error))
        self.retranslate()
