"""Translation of text in code and reports: one gettext catalogue per language, passed explicitly.

Text that comes with data (questionnaires, rules, catalogue) is ``LocalText``; every
other word a person reads is an English msgid in the code, translated through the
language's compiled catalogue (``readiness/locale/<lang>.po``, compiled to ``.mo`` at
build or install time). Nothing here holds a current language: callers pass a
``Translator`` (``translator("es")``) to whatever writes words, or keep a ``Message``
(``readiness.messages``) and render it later with the translator of the moment.
"""

from readiness.i18n.catalogues import CatalogueMissing
from readiness.i18n.translator import ENGLISH, Translator, translator

__all__ = ["ENGLISH", "CatalogueMissing", "Translator", "translator"]
