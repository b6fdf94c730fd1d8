"""Fields of frozen result dataclasses that are worked out the first time they are read.

Most callers of ``assess`` need only scores and verdicts (exports, summaries, the
history list); the wording of a reason and the facts it rests on cost far more to
build than the decision itself. ``deferred_fields(Reason, "text", "source",
"evidence")`` turns those fields into descriptors: an object made the ordinary way
(``Reason(text, rule, source)``) holds its values as before, while one made with
``deferred(Reason, build, rule=..., effect=...)`` calls ``build()`` once, when any of
its deferred fields is first read, and keeps what it returns. The class stays the same
dataclass with the same fields, so equality, hashing, ``repr``, ``dataclasses.replace``,
``dataclasses.asdict`` and pickling see the finished values.

Two threads reading a pending object at once may both run ``build``; it is a pure
function of values fixed when the object was made, so both give the same result.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

PENDING = "__deferred_build__"
"""Where a pending object keeps its ``build`` function and arguments (in its ``__dict__``)."""

Instance = TypeVar("Instance")
Build = Callable[..., Mapping[str, Any]]


class _DeferredField:
    """A data descriptor: the field's value, built by the object's pending ``build`` if need be."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        if instance is None:
            return self
        values = instance.__dict__
        try:
            return values[self.name]
        except KeyError:
            pass
        _finish(values)
        try:
            return values[self.name]
        except KeyError:
            raise AttributeError(self.name) from None

    def __set__(self, instance: object, value: Any) -> None:
        # Reached only from the dataclass's own __init__ (frozen: any later setattr raises).
        instance.__dict__[self.name] = value


def _finish(values: dict[str, Any]) -> None:
    pending = values.get(PENDING)
    if pending is not None:
        build, arguments = pending
        values.update(build(*arguments))
        values.pop(PENDING, None)


def _getstate(self: object) -> dict[str, Any]:
    values = self.__dict__
    _finish(values)
    return dict(values)


def deferred_fields(cls: type, *names: str) -> None:
    """Let ``names`` (fields of the dataclass ``cls``) be built on first reading."""
    for name in names:
        if name not in cls.__dataclass_fields__:  # type: ignore[attr-defined]
            raise TypeError(f"{cls.__name__} has no field {name!r}")
        setattr(cls, name, _DeferredField(name))
    cls.__getstate__ = _getstate  # type: ignore[method-assign,assignment]  # pickle sees values


def deferred(
    cls: type[Instance], build: Build, arguments: tuple[Any, ...], /, **known: Any
) -> Instance:
    """An instance of ``cls`` with the fields in ``known`` now and the rest from
    ``build(*arguments)``.

    ``build`` returns a mapping of the deferred fields' names to their values; it runs
    once, the first time one of them is read.
    """
    instance = object.__new__(cls)
    known[PENDING] = (build, arguments)
    object.__setattr__(instance, "__dict__", known)  # ``known`` is this call's own dict
    return instance


def complete(cls: type[Instance], /, **values: Any) -> Instance:
    """An instance of ``cls`` with every field in ``values``, nothing deferred: what
    ``cls(**values)`` makes, without the descriptors' work (for the many unknown facts)."""
    instance = object.__new__(cls)
    object.__setattr__(instance, "__dict__", values)
    return instance
