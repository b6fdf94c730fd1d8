"""Hatch build hook: compiles the gettext catalogues before the wheel (or editable) is built.

``pip install -e .`` and ``pip wheel .`` both run it, so a fresh clone gets its
``readiness/locale/<lang>/LC_MESSAGES/readiness.mo`` files before any test runs. The
compiled files are kept out of git (``.gitignore``), which hatch would also leave
out of the wheel, so the hook lists them as artifacts to include.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def _compiler() -> Any:
    """``build/compile_catalogues.py`` as a module (``build`` is not a package)."""
    path = Path(__file__).with_name("compile_catalogues.py")
    spec = importlib.util.spec_from_file_location("compile_catalogues", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


class CompileCataloguesHook(BuildHookInterface):  # type: ignore[misc]
    """Compiles every ``readiness/locale/*.po`` and ships the ``.mo`` files."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:  # noqa: ARG002
        compiler = _compiler()
        written = compiler.compile_all(Path(self.root) / "readiness" / "locale")
        build_data["artifacts"].extend(path.relative_to(self.root).as_posix() for path in written)
