"""Text that comes with data: one text in the languages it is given in (locale -> text).

Questionnaires, rule files and the recommendation catalogue carry their own wording,
e.g. ``{en: "Yes", es: "Sí"}``. A ``LocalText`` holds one such text: frozen, hashable,
read in a language with ``get`` (the language asked for, else English, else any). As a
pydantic field type it validates what a file gives: a mapping from Readiness's language
codes to text that is not blank and at most ``MAX_TEXT_LENGTH`` characters long, in at
least one language; ``BilingualText`` requires every language (rules and catalogue).
Its JSON form is the plain mapping. Built in code, the same rules hold except the length.

pydantic is imported only when a schema is built, so the app starts without it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Annotated, Any, Final, TypeVar

from readiness.model import LOCALES

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema
    from pydantic_core.core_schema import ValidatorFunctionWrapHandler

MAX_TEXT_LENGTH: Final = 2000
"""The longest text a data file may give in one language."""
FALLBACK_LOCALE: Final = "en"


class LocalText:
    """One text in several languages, e.g. ``LocalText(en="Yes", es="Sí")``.

    Give a mapping (``LocalText({"en": "Yes"})``) or keywords; every language code must
    be one of ``readiness.model.LOCALES`` and every text a non-blank ``str``.
    """

    __slots__ = ("_hash", "_texts")
    _texts: Mapping[str, str]
    _hash: int

    def __init__(self, texts: Mapping[str, str] | None = None, /, **by_locale: str) -> None:
        merged = {**(texts or {}), **by_locale}
        for locale, text in merged.items():
            if locale not in LOCALES:
                raise ValueError(f"{locale!r} is not a language code of Readiness ({_LANGUAGES})")
            if not isinstance(text, str):
                raise TypeError(f"the '{locale}' text is a {type(text).__name__}, not a str")
            _not_blank(text)
        self._set(_some_language(merged))

    @classmethod
    def _trusted(cls, texts: dict[str, str]) -> LocalText:
        """A text from a mapping the pydantic schema has already validated."""
        text = cls.__new__(cls)
        text._set(texts)
        return text

    def _set(self, texts: dict[str, str]) -> None:
        object.__setattr__(self, "_texts", MappingProxyType(texts))
        object.__setattr__(self, "_hash", hash(frozenset(texts.items())))

    @property
    def texts(self) -> Mapping[str, str]:
        """Language code -> text, read-only, in the order given."""
        return self._texts

    @property
    def languages(self) -> frozenset[str]:
        """The languages this text is given in."""
        return frozenset(self._texts)

    def get(self, locale: str) -> str:
        """The text in ``locale``, else in English, else in the first language it has."""
        texts = self._texts
        if locale in texts:
            return texts[locale]
        if FALLBACK_LOCALE in texts:
            return texts[FALLBACK_LOCALE]
        return next(iter(texts.values()))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LocalText):
            return NotImplemented
        return dict(self._texts) == dict(other._texts)

    def __hash__(self) -> int:
        return self._hash

    def __repr__(self) -> str:
        return f"LocalText({dict(self._texts)!r})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a LocalText cannot be changed")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("a LocalText cannot be changed")

    def __reduce__(self) -> tuple[type[LocalText], tuple[dict[str, str]]]:
        return LocalText, (dict(self._texts),)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return _schema(every_language=False)


class _EveryLanguage:
    """Pydantic marker for ``BilingualText``: a text in each language of ``LOCALES``."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return _schema(every_language=True)


BilingualText = Annotated[LocalText, _EveryLanguage()]
"""A ``LocalText`` field that must give the text in every language (English and Spanish)."""

_LANGUAGES: Final = ", ".join(LOCALES)
Value = TypeVar("Value")


def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("the text is empty")
    return text


def _some_language(texts: dict[str, str]) -> dict[str, str]:
    if not texts:
        raise ValueError(f"give the text in at least one language ({_LANGUAGES})")
    return texts


def _schema(*, every_language: bool) -> CoreSchema:
    """``{locale: text}`` validated key by key (errors name the language), as a ``LocalText``."""
    from pydantic_core import core_schema

    text = core_schema.no_info_after_validator_function(
        _reported_as("blank_text", _not_blank),
        core_schema.str_schema(strict=True, max_length=MAX_TEXT_LENGTH),
    )
    by_locale = core_schema.typed_dict_schema(
        {locale: core_schema.typed_dict_field(text, required=every_language) for locale in LOCALES},
        extra_behavior="forbid",
    )
    some_language = _reported_as("no_language", _some_language)

    def from_data(value: Any, handler: ValidatorFunctionWrapHandler) -> LocalText:
        given = dict(value.texts) if isinstance(value, LocalText) else value
        return LocalText._trusted(some_language(handler(given)))

    return core_schema.no_info_wrap_validator_function(
        from_data,
        by_locale,
        serialization=core_schema.plain_serializer_function_ser_schema(
            _plain_mapping,
            return_schema=core_schema.dict_schema(
                core_schema.str_schema(), core_schema.str_schema()
            ),
        ),
    )


def _reported_as(kind: str, check: Callable[[Value], Value]) -> Callable[[Value], Value]:
    """``check`` raising a pydantic error of type ``kind`` (with its own message) instead."""
    from pydantic_core import PydanticCustomError

    def checked(value: Value) -> Value:
        try:
            return check(value)
        except ValueError as error:
            raise PydanticCustomError(kind, str(error)) from None

    return checked


def _plain_mapping(text: LocalText) -> dict[str, str]:
    return dict(text.texts)
