"""The package list for setuptools, read from the folders (everything else is in pyproject.toml).

``[tool.setuptools.package-dir]`` maps the top-level folders ``ui/`` and
``questionnaires/`` to the import names ``readiness_ui`` and
``readiness_questionnaires``. setuptools needs every subpackage of a mapped package
named, so they are found here rather than listed by hand in a second place. Its work
files go to ``.work/setuptools``: ``build/`` holds the app's packaging inputs only.

Building (a wheel, or ``pip install -e``) first compiles the gettext catalogues
``readiness/locale/<lang>.po`` to ``.mo`` files (kept out of git) with
``build/compile_catalogues.py``, so every install reads compiled catalogues.
"""

import importlib.util
import tomllib
from pathlib import Path

from setuptools import find_namespace_packages, setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
MAPPED = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
    "package-dir"
]

NOT_PACKAGES = ["__pycache__", "*.__pycache__"]


def _packages(folder: Path) -> list[str]:
    """Every folder below ``folder``, data-only ones too (``readiness/locale``)."""
    return find_namespace_packages(where=folder, exclude=NOT_PACKAGES)


packages = ["readiness", *(f"readiness.{sub}" for sub in _packages(ROOT / "readiness"))]
for name, folder in MAPPED.items():
    packages += [name, *(f"{name}.{sub}" for sub in _packages(ROOT / folder))]


def _compile_catalogues() -> None:
    path = ROOT / "build" / "compile_catalogues.py"
    spec = importlib.util.spec_from_file_location("compile_catalogues", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.compile_all(ROOT / "readiness" / "locale")


class BuildWithCatalogues(build_py):
    """``build_py`` that compiles the catalogues first (editable installs run it too)."""

    def run(self) -> None:
        _compile_catalogues()
        super().run()


setup(
    packages=packages,
    package_data={"readiness": ["locale/*/LC_MESSAGES/*.mo"]},
    cmdclass={"build_py": BuildWithCatalogues},
    options={"build": {"build_base": ".work/setuptools"}},
)
