"""The questionnaire definition format: validated, frozen, typed objects.

An instrument file (YAML or JSON in ``questionnaires/`` or an agency folder) is
validated here with pydantic into an ``Instrument``: sections of items, answer
options with scores, conditions, scales with bands, construct tags, LOINC codes and
a licence block. Every model is frozen and rejects unknown keys, so a typo in a file
is reported instead of silently ignored. Rules that span several parts of a file
(ids that must exist, translations, bands without gaps) are checked afterwards by
``readiness.questionnaire.integrity``; an ``Instrument`` handed out by the loader
has passed both.

Answer values follow ``readiness.model.AnswerValue``: a choice or Likert item is
answered with an option code (``str``), a multiple-choice item with a tuple of codes,
a yes/no item with ``bool``, a number item with ``int`` or ``float`` and a
short-text item with ``str``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr
from pydantic import StrictFloat as _StrictFloat

from readiness.local_text import LocalText
from readiness.model import LOCALES, MissingCode

FORMAT = "readiness-questionnaire"
SCHEMA_VERSION = 1
"""Bump when the file format changes, and teach the loader to read older versions."""

PROJECT_HOLDER = "Readiness contributors"
"""Licence holder of the instruments written by this project."""

LocaleCode = Literal["en", "es"]
assert set(get_args(LocaleCode)) == set(LOCALES), "LocaleCode must match model.LOCALES"

Id = Annotated[StrictStr, Field(pattern=r"^[a-z][a-z0-9_]{0,47}$")]
"""An instrument, section, scale or answer-set id: lower-case snake_case."""

ItemId = Annotated[StrictStr, Field(pattern=r"^[a-z][a-z0-9_]{0,47}(\.[a-z][a-z0-9_]{0,47}){1,3}$")]
"""An item id: ``<instrument id>.<snake_case name>``, e.g. ``access.home_internet``."""

Code = Annotated[StrictStr, Field(pattern=r"^[a-z0-9][a-z0-9_]{0,47}$")]
"""An answer-option code, stored in answers: lower-case snake_case."""

Score = Annotated[_StrictFloat, Field(ge=-1_000_000, le=1_000_000)]
Bound = Annotated[_StrictFloat, Field(ge=-1_000_000_000, le=1_000_000_000)]
ShortText = Annotated[StrictStr, Field(min_length=1, max_length=2000)]


class Frozen(BaseModel):
    """Base of every definition model: immutable, strict about unknown keys and odd numbers."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False, defer_build=True)


class ItemType(StrEnum):
    """The kinds of question an instrument can ask."""

    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    YES_NO = "yes_no"
    LIKERT = "likert"
    NUMBER = "number"
    SHORT_TEXT = "short_text"


CHOICE_TYPES = frozenset({ItemType.SINGLE_CHOICE, ItemType.MULTIPLE_CHOICE, ItemType.LIKERT})


class Domain(StrEnum):
    """The readiness domains items and scales report on (see the research notes, section 5)."""

    DEVICE = "device"
    CONNECTIVITY = "connectivity"
    AFFORDABILITY = "affordability"
    DIGITAL_SKILLS = "digital_skills"
    HEALTH_LITERACY = "health_literacy"
    COMMUNICATION = "communication"
    SUPPORT = "support"
    PREFERENCE = "preference"


class Construct(Frozen):
    """What an item measures: a domain, and the published framework or instrument it maps to.

    ``ref`` names the part of the framework (e.g. "Foundation: connecting to Wi-Fi").
    A mapping is a statement about the construct, never a copy of the framework's wording.
    """

    domain: Domain
    framework: ShortText
    ref: Annotated[StrictStr, Field(max_length=300)] = ""


class Option(Frozen):
    """One answer option; ``score`` is what scales add up (FHIR ``ordinalValue``)."""

    code: Code
    text: LocalText
    score: Score | None = None
    exclusive: StrictBool = False
    """For multiple choice: choosing this option (e.g. "none of these") clears the others."""


class Condition(Frozen):
    """Show an item only when an earlier item's answer matches.

    Give exactly one of: ``equals`` (a code, ``true``/``false`` or a number),
    ``any_of`` (codes; for multiple choice, any of them chosen) or a range with
    ``at_least`` and/or ``at_most`` (numbers). A missing answer never matches.
    """

    item: ItemId
    equals: StrictBool | StrictStr | StrictInt | _StrictFloat | None = None
    any_of: tuple[StrictStr, ...] | None = None
    at_least: Bound | None = None
    at_most: Bound | None = None

    def forms(self) -> list[str]:
        """Which of the three forms this condition uses (valid conditions use exactly one)."""
        used = []
        if self.equals is not None:
            used.append("equals")
        if self.any_of is not None:
            used.append("any_of")
        if self.at_least is not None or self.at_most is not None:
            used.append("at_least/at_most")
        return used


_OPTIONS_KEPT = "~options_by_code"
"""Where an item keeps its options by code (in its ``__dict__``; no field has a "~")."""


class Item(Frozen):
    """One question, read aloud by the worker."""

    id: ItemId
    type: ItemType
    text: LocalText
    help: LocalText | None = None
    """One plain-language line that explains the question or gives an example."""
    options: tuple[Option, ...] = ()
    answers: Id | None = None
    """Name of an entry in the instrument's ``answer_sets`` to use as ``options``."""
    missing: tuple[MissingCode, ...] | None = None
    """Missing-answer codes offered for this item; default: the instrument's ``missing_codes``."""
    show_when: Condition | None = None
    constructs: tuple[Construct, ...] = ()
    loinc: Annotated[StrictStr, Field(pattern=r"^\d{1,7}-\d$")] | None = None
    min: Bound | None = None
    max: Bound | None = None
    integer: StrictBool = False
    unit: LocalText | None = None
    max_length: Annotated[StrictInt, Field(ge=1, le=2000)] = 200
    yes_score: Score = 1.0
    no_score: Score = 0.0
    required: StrictBool = False
    """The agency needs an answer before the intake can be completed (when the item is
    shown and the person agreed to the questions); a missing-answer code counts."""

    def option(self, code: str) -> Option | None:
        """The option with ``code``, if this item has one."""
        return self.options_by_code.get(code)

    @property
    def options_by_code(self) -> Mapping[str, Option]:
        """Option code -> option, in the order asked (codes are unique: ``integrity``),
        worked out on first use and kept with the item for the options it was made from
        (a copy with other options works out its own): every answer is checked by it."""
        kept = self.__dict__.get(_OPTIONS_KEPT)
        if kept is None or kept[0] is not self.options:
            kept = (self.options, MappingProxyType({o.code: o for o in self.options}))
            self.__dict__[_OPTIONS_KEPT] = kept
        return kept[1]


class Section(Frozen):
    """A group of items with a title; progress is shown per section."""

    id: Id
    title: LocalText
    intro: LocalText | None = None
    items: tuple[Item, ...] = ()


class ScaleItem(Frozen):
    """An item's part in a scale: its weight, and whether it is reverse-coded."""

    item: ItemId
    weight: Annotated[_StrictFloat, Field(gt=0, le=1000)] = 1.0
    reverse: StrictBool = False


class Band(Frozen):
    """A labelled range of scale values: ``min <= value < max`` (the last band includes ``max``)."""

    min: Bound
    max: Bound
    label: LocalText


class ScaleMethod(StrEnum):
    SUM = "sum"
    MEAN = "mean"


class Scale(Frozen):
    """A score over some items: weighted sum or mean, given only with enough answers."""

    id: Id
    title: LocalText
    description: LocalText | None = None
    """What a higher value means, in plain words."""
    domain: Domain
    method: ScaleMethod
    items: tuple[ScaleItem, ...] = ()
    min_answered: Annotated[StrictInt, Field(ge=1, le=1000)]
    """Fewer answered (shown, not missing) items than this gives "not enough information"."""
    prorate: StrictBool = False
    """For a sum: scale up a partial sum to all shown items (only if the instrument allows it)."""
    bands: tuple[Band, ...] = ()


class Licence(Frozen):
    """Who holds the instrument, its licence and citation, and whether its text may be shared."""

    holder: ShortText
    licence: ShortText
    citation: ShortText
    redistribute_text: StrictBool
    """False: the item wording must never leave this computer (no export of item text)."""
    url: Annotated[StrictStr, Field(max_length=500)] | None = None


class Instrument(Frozen):
    """A whole questionnaire as defined in one file."""

    format: Literal["readiness-questionnaire"]
    schema_version: Literal[1]
    id: Id
    version: Annotated[StrictStr, Field(pattern=r"^\d+(\.\d+){0,2}$")]
    title: LocalText
    description: LocalText | None = None
    languages: tuple[LocaleCode, ...] = ("en", "es")
    """Every text must exist in each of these languages."""
    licence: Licence
    loinc: Annotated[StrictStr, Field(pattern=r"^\d{1,7}-\d$")] | None = None
    missing_codes: tuple[MissingCode, ...] = tuple(MissingCode)
    missing_labels: Mapping[MissingCode, LocalText] = Field(default_factory=dict)
    """Override the wording of the missing-answer buttons (defaults: ``MISSING_LABELS``)."""
    score_note: LocalText | None = None
    """Shown with every score; defaults to ``NOT_VALIDATED_NOTE``."""
    answer_sets: Mapping[Id, tuple[Option, ...]] = Field(default_factory=dict)
    sections: Annotated[tuple[Section, ...], Field(min_length=1)]
    scales: tuple[Scale, ...] = ()

    def items(self) -> Iterator[Item]:
        """Every item, in the order asked."""
        for section in self.sections:
            yield from section.items

    def item(self, item_id: str) -> Item | None:
        """The item with ``item_id``, if any."""
        return next((item for item in self.items() if item.id == item_id), None)

    def section_of(self, item_id: str) -> Section | None:
        """The section that holds ``item_id``."""
        return next((s for s in self.sections if any(i.id == item_id for i in s.items)), None)

    def scale(self, scale_id: str) -> Scale | None:
        return next((scale for scale in self.scales if scale.id == scale_id), None)

    def missing_label(self, code: MissingCode, locale: str) -> str:
        """The wording of a missing-answer button in ``locale``."""
        text = self.missing_labels.get(code) or MISSING_LABELS[code]
        return text.get(locale)

    def missing_for(self, item: Item) -> tuple[MissingCode, ...]:
        """The missing-answer codes offered for ``item``."""
        return item.missing if item.missing is not None else self.missing_codes

    def note(self, locale: str) -> str:
        """The note shown with every score of this instrument."""
        return (self.score_note or NOT_VALIDATED_NOTE).get(locale)

    @property
    def is_project_instrument(self) -> bool:
        """Written by this project (as opposed to an agency-licensed instrument)."""
        return self.licence.holder == PROJECT_HOLDER

    def text_language(self, locale: str) -> str:
        """``locale`` if the instrument has texts in it, else its first language."""
        return locale if locale in self.languages else self.languages[0]


MISSING_LABELS: Mapping[MissingCode, LocalText] = {
    MissingCode.DECLINED: LocalText(en="Prefer not to say", es="Prefiero no decirlo"),
    MissingCode.UNABLE: LocalText(en="Not able to answer", es="No puedo contestar"),
    MissingCode.NOT_APPLICABLE: LocalText(en="Does not apply", es="No aplica"),
    MissingCode.DONT_KNOW: LocalText(en="Don't know", es="No sé"),
}
"""Default wording of the missing-answer buttons."""

NOT_VALIDATED_NOTE = LocalText(
    en="Not validated; for planning support, not for diagnosis.",
    es="No validado; sirve para planear el apoyo, no para diagnosticar.",
)
"""Shown with every score of the project's own instruments."""
