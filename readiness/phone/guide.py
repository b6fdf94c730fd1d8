"""The guided phone step's content: topics with plain steps per platform, and the answers.

``guide.yaml`` beside this module is validated once into a ``Guide``: each topic has a
title, a picture (an SVG in ``pictures/``) and steps for iPhone and Android in English
and Spanish; ``choices`` are the answer codes of each question with their labels. The
codes are the ones ``looked_at`` judges, so a test checks that both agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from readiness import safe_yaml
from readiness.local_text import LocalText

PLATFORMS = ("iphone", "android")
PICTURES = Path(str(resources.files("readiness.phone").joinpath("pictures")))


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _Texts(_Frozen):
    en: str = Field(min_length=1, max_length=200)
    es: str = Field(min_length=1, max_length=200)


class _Steps(_Frozen):
    en: tuple[str, ...] = Field(min_length=1)
    es: tuple[str, ...] = Field(min_length=1)


class Topic(_Frozen):
    """One thing to look at on the phone."""

    id: str
    picture: str = Field(pattern=r"^[a-z_]+\.svg$")
    title: _Texts
    steps: Mapping[Literal["iphone", "android"], _Steps]

    def title_text(self) -> LocalText:
        return LocalText(en=self.title.en, es=self.title.es)

    def steps_for(self, platform: str, locale: str) -> tuple[str, ...]:
        """The plain steps for ``platform`` in ``locale`` (English when not given)."""
        steps = self.steps[platform]  # type: ignore[index]
        return steps.es if locale == "es" else steps.en

    @property
    def picture_path(self) -> Path:
        return PICTURES / self.picture


class Guide(_Frozen):
    """The whole guide: topics in the order they are looked at, and each question's answers."""

    format: Literal["readiness-phone-guide"]
    schema_version: Literal[1]
    topics: tuple[Topic, ...]
    choices: Mapping[str, Mapping[str, _Texts]]

    def topic(self, topic_id: str) -> Topic:
        return next(topic for topic in self.topics if topic.id == topic_id)

    def choice_label(self, question: str, code: str) -> LocalText:
        label = self.choices[question][code]
        return LocalText(en=label.en, es=label.es)

    def codes(self, question: str) -> tuple[str, ...]:
        return tuple(self.choices[question])


@cache
def load_guide() -> Guide:
    """The guide shipped with the app (validated once, then cached)."""
    text = resources.files("readiness.phone").joinpath("guide.yaml").read_text(encoding="utf-8")
    return Guide.model_validate(safe_yaml.load(text))
