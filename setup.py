"""The package list for setuptools, read from the folders (everything else is in pyproject.toml).

``[tool.setuptools.package-dir]`` maps the top-level folders ``ui/`` and
``questionnaires/`` to the import names ``readiness_ui`` and
``readiness_questionnaires``. setuptools needs every subpackage of a mapped package
named, so they are found here rather than listed by hand in a second place. Its work
files go to ``.work/setuptools``: ``build/`` holds the app's packaging inputs only.
"""

import tomllib
from pathlib import Path

from setuptools import find_namespace_packages, setup

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

setup(packages=packages, options={"build": {"build_base": ".work/setuptools"}})
