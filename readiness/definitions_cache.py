"""The built-in definitions, validated once and kept in the user's cache folder by content hash.

Reading the questionnaires, thresholds and rules from YAML and validating them costs
far more than a command's own work. ``cached(name, sources, build, classes)`` returns
what ``build()`` returns, from ``<user cache>/Readiness/definitions/<name>.json`` when
that file was written for the same key: a SHA-256 of the cache format, the app's
version, ``name`` and every source file's name and bytes (the files themselves and
the schema versions that read them, so a changed file or a new app rebuilds it).

The file is plain JSON with a tag on every object, rebuilt into the same frozen types
without validating them again: pydantic models (``model_construct``), dataclasses,
enums, ``LocalText``, tuples, frozensets, read-only mappings and dates. Only the
classes the caller names can be built, so the file can never make anything else: it
is data, never code (no pickle). A file that is missing, damaged, written by someone
else or for another key is ignored and written again; a cache that cannot be written
(a read-only home) only costs the time. It holds definitions only, never anything
about a person: nothing else is ever given to it. The folder is private (0700) and
each file is written atomically.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields, is_dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from readiness import __version__
from readiness.local_text import LocalText

CACHE_FORMAT = 1
"""Bump when the encoding below changes."""
FOLDER = "definitions"
MAX_BYTES = 16 * 1024 * 1024
"""A cache file larger than this is not one of ours (the built-ins take about 1 MB)."""
ENVIRONMENT_SWITCH = "READINESS_NO_DEFINITIONS_CACHE"
"""Set (to anything) to validate the definitions on every run, e.g. while editing them."""

Value = TypeVar("Value")


class CacheError(ValueError):
    """A value that cannot be kept, or a cache file that cannot be read back."""


def cache_folder() -> Path:
    """Where the definitions are kept (e.g. ``~/.cache/Readiness/definitions``)."""
    from platformdirs import user_cache_path

    from readiness.paths import APP_NAME

    return user_cache_path(APP_NAME, appauthor=False, ensure_exists=False) / FOLDER


def content_key(name: str, sources: Iterable[tuple[str, bytes]]) -> str:
    """The key of ``name`` for these source files (each a name and its bytes)."""
    digest = hashlib.sha256(f"{CACHE_FORMAT}\0{__version__}\0{name}\0".encode())
    for source, data in sources:
        digest.update(f"{source}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def cached(
    name: str,
    sources: Iterable[tuple[str, bytes]],
    build: Callable[[], Value],
    classes: Iterable[type],
) -> Value:
    """``build()``'s value, read from the cache when it was kept for the same sources."""
    if os.environ.get(ENVIRONMENT_SWITCH):
        return build()
    key = content_key(name, sources)
    allowed = {_name(cls): cls for cls in classes}
    path = cache_folder() / f"{name}.json"
    found = _read(path, key, allowed)
    if found is not None:
        return found[0]  # type: ignore[no-any-return]
    value = build()
    _write(path, key, value)
    return value


def _read(path: Path, key: str, allowed: Mapping[str, type]) -> tuple[Any] | None:
    """``(value,)`` from the cache file, or None when it is absent, foreign or damaged."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError:
        return None
    if len(raw) > MAX_BYTES:
        return None
    try:
        document = json.loads(raw, object_hook=_Decoder(allowed))
        if not isinstance(document, _Kept) or document.key != key:
            return None
        return (document.value,)
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None


def _write(path: Path, key: str, value: Any) -> None:
    from readiness.atomic import write_bytes_atomic
    from readiness.errors import ReadinessError
    from readiness.paths import make_private_folder

    try:
        text = json.dumps({"~kept": key, "v": encode(value)}, ensure_ascii=False, allow_nan=False)
        make_private_folder(path.parent)
        write_bytes_atomic(path, text.encode("utf-8"))
    except (CacheError, ValueError, OSError, ReadinessError, RecursionError):
        pass  # the definitions were validated; keeping them is only a saving


# -- encoding ------------------------------------------------------------------------


def encode(value: Any) -> Any:
    """``value`` as JSON-ready data with a tag on every object; ``CacheError`` if it has
    something this module cannot rebuild."""
    if value is None or isinstance(value, bool | int | float | str):
        if isinstance(value, enum.Enum):
            return {"~e": _name(type(value)), "v": value.value}
        return value
    if isinstance(value, enum.Enum):
        return {"~e": _name(type(value)), "v": value.value}
    if isinstance(value, list):
        return [encode(item) for item in value]
    if isinstance(value, tuple):
        return {"~t": [encode(item) for item in value]}
    if isinstance(value, frozenset):
        return {"~f": [encode(item) for item in value]}
    if isinstance(value, LocalText):
        return {"~l": dict(value.texts)}
    if isinstance(value, dt.datetime | dt.date):
        return {"~dt" if isinstance(value, dt.datetime) else "~da": value.isoformat()}
    if isinstance(value, dict | MappingProxyType):
        tag = "~p" if isinstance(value, MappingProxyType) else "~d"
        return {tag: [[encode(key), encode(item)] for key, item in value.items()]}
    model_fields = getattr(type(value), "__pydantic_fields__", None)
    if model_fields is not None:
        return {
            "~m": _name(type(value)),
            "v": {name: encode(getattr(value, name)) for name in model_fields},
            "s": sorted(value.model_fields_set),
        }
    if is_dataclass(value) and not isinstance(value, type):
        return {
            "~c": _name(type(value)),
            "v": {field.name: encode(getattr(value, field.name)) for field in fields(value)},
        }
    raise CacheError(f"a {type(value).__name__} cannot be kept in the definitions cache")


class _Kept:
    __slots__ = ("key", "value")

    def __init__(self, key: str, value: Any) -> None:
        self.key, self.value = key, value


class _Decoder:
    """``json.loads``' object hook: tagged values rebuilt bottom-up; an object without
    a tag is the fields of the model or dataclass around it."""

    def __init__(self, allowed: Mapping[str, type]) -> None:
        self.allowed = allowed

    def _class(self, name: Any) -> type:
        cls = self.allowed.get(name) if isinstance(name, str) else None
        if cls is None:
            raise CacheError(f"{name!r} is not a class of the definitions")
        return cls

    def __call__(self, data: dict[str, Any]) -> Any:
        if "~t" in data:
            return tuple(data["~t"])
        if "~m" in data:
            return _model(self._class(data["~m"]), data["v"], data["s"])
        if "~l" in data:
            return LocalText._trusted(dict(data["~l"]))
        if "~d" in data:
            return {_hashable(key): item for key, item in data["~d"]}
        if "~p" in data:
            return MappingProxyType({_hashable(key): item for key, item in data["~p"]})
        if "~e" in data:
            return self._class(data["~e"])(data["v"])
        if "~c" in data:
            return self._class(data["~c"])(**data["v"])
        if "~f" in data:
            return frozenset(data["~f"])
        if "~da" in data:
            return dt.date.fromisoformat(data["~da"])
        if "~dt" in data:
            return dt.datetime.fromisoformat(data["~dt"])
        if "~kept" in data:
            return _Kept(data["~kept"], data["v"])
        return data  # the fields of a model or dataclass (names never start with "~")


def _model(cls: Any, values: dict[str, Any], fields_set: list[str]) -> Any:
    """A pydantic model from its field values, as ``model_construct`` makes it (no
    validation), but without its per-field search for aliases and defaults: every field
    is given, and anything else is refused."""
    if values.keys() != cls.__pydantic_fields__.keys() or not isinstance(fields_set, list):
        raise CacheError(f"{cls.__name__}: the fields kept are not the fields of this version")
    if cls.__pydantic_post_init__ is not None or cls.__private_attributes__:
        return cls.model_construct(_fields_set=set(fields_set), **values)
    model = cls.__new__(cls)
    object.__setattr__(model, "__dict__", values)
    object.__setattr__(model, "__pydantic_fields_set__", set(fields_set))
    object.__setattr__(model, "__pydantic_extra__", None)
    object.__setattr__(model, "__pydantic_private__", None)
    return model


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _hashable(key: Any) -> Any:
    return tuple(key) if isinstance(key, list) else key


def classes_in(*namespaces: Mapping[str, Any]) -> list[type]:
    """The models, dataclasses and enums among the names of modules (``vars(module)``)."""
    return [
        value
        for namespace in namespaces
        for value in namespace.values()
        if isinstance(value, type)
        and (
            hasattr(value, "__pydantic_fields__")
            or is_dataclass(value)
            or issubclass(value, enum.Enum)
        )
    ]
