"""What goes into the frozen app: packages, data files, Python modules left out, per-OS metadata.

``readiness.spec`` (PyInstaller) reads these choices from here, so they can be
read, linted and tested as plain Python (which native libraries and Qt plugins go
in or stay out is ``native_libraries``'s). Nothing here runs PyInstaller or writes
files; ``build.py`` does that. Generated output never goes into ``build/``: the
work folder is ``.work/pyinstaller`` and the app is written to ``dist/readiness/``.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

from native_libraries import TocEntry, destination_path, link_target

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "readiness"
"""The folder and executable name (``dist/readiness/readiness``)."""
DISPLAY_NAME = "Readiness"
CLI_NAME = "readiness-cli"
"""Windows only: a console executable for ``--self-test`` and commands (``readiness.exe`` has
no console, so it cannot print)."""
BUNDLE_ID = "org.readiness.Readiness"
DESCRIPTION = "Digital readiness and access-equity assessment for peer support intake"
COPYRIGHT = "Readiness contributors, Apache-2.0"

WORK_DIR = ROOT / ".work"
ICON_DIR = WORK_DIR / "icons"
"""Where ``build.py`` renders ``build/icons/readiness.svg`` to PNG, ICO and ICNS."""
SVG_ICON = ROOT / "build" / "icons" / "readiness.svg"
LICENCE_DIR = WORK_DIR / "licenses"
"""Where ``build.py`` gathers the bundled packages' licence texts; the app has them in
``licenses/`` (``_internal/licenses`` on Windows and Linux, ``Contents/Resources`` on macOS)."""


def own_packages(root: Path = ROOT) -> dict[str, str]:
    """The app's own packages, import name to folder, as the wheel installs them: the folders
    ``ui/`` and ``questionnaires/`` are ``readiness_ui`` and ``readiness_questionnaires``
    (``[tool.setuptools.package-dir]`` in pyproject.toml)."""
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    return {"readiness": "readiness", **pyproject["tool"]["setuptools"]["package-dir"]}


PACKAGES = own_packages()
"""Every non-code file in them is bundled (questionnaires, rules, catalogue, report texts
and fonts, the Spanish catalogue, the self-test sample)."""
ENTRY_SCRIPT = ROOT / "build" / "launch.py"
"""What the frozen executable runs (``readiness_ui.launcher.main``)."""
NOTICES = (ROOT / "LICENSE", ROOT / "NOTICE")
"""The project's licence and the third-party notices, bundled in ``licenses/``."""
LICENCE_TEXTS = ROOT / "LICENSES"
"""Licence texts NOTICE refers to that no bundled wheel ships (Qt's LGPL, FFmpeg's)."""
NOT_BUNDLED = frozenset({"pip", "setuptools", "wheel"})
"""Required by a dependency's metadata but left out of the app (``EXCLUDES``)."""
BUILD_TOOLS_IN_APP = ("pyinstaller", "pyinstaller-hooks-contrib")
"""Not run-time requirements, but parts of them are in the app: PyInstaller's bootloader
and run-time hooks (their own requirements are not)."""

DYNAMIC_IMPORTS = ("PySide6.QtPdf", "_rl_accel")
"""Imported by name at run time (print preview; reportlab's accelerator, through ``exec``),
so PyInstaller cannot see them."""

UNUSED_QT = (
    "PySide6.Qt3DAnimation",
    "PySide6.Qt3DCore",
    "PySide6.Qt3DExtras",
    "PySide6.Qt3DInput",
    "PySide6.Qt3DLogic",
    "PySide6.Qt3DRender",
    "PySide6.QtBluetooth",
    "PySide6.QtDataVisualization",
    "PySide6.QtDesigner",
    "PySide6.QtGraphs",
    "PySide6.QtGraphsWidgets",
    "PySide6.QtHelp",
    "PySide6.QtHttpServer",
    "PySide6.QtLocation",
    "PySide6.QtNetworkAuth",
    "PySide6.QtNfc",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtPdfWidgets",
    "PySide6.QtPositioning",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuick3D",
    "PySide6.QtQuickControls2",
    "PySide6.QtQuickWidgets",
    "PySide6.QtRemoteObjects",
    "PySide6.QtScxml",
    "PySide6.QtSensors",
    "PySide6.QtSerialBus",
    "PySide6.QtSerialPort",
    "PySide6.QtSpatialAudio",
    "PySide6.QtSql",
    "PySide6.QtStateMachine",
    "PySide6.QtSvgWidgets",
    "PySide6.QtTest",
    "PySide6.QtUiTools",
    "PySide6.QtWebChannel",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineQuick",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtWebSockets",
    "PySide6.QtXml",
)
"""Qt modules the app never imports (checked by ``tests/test_build_config.py``); remove a
module from this list in the same change that starts importing it."""

ALWAYS_KEPT_QT = (
    "PySide6.QtCore",
    "PySide6.QtGui",
    "PySide6.QtWidgets",
    "PySide6.QtMultimedia",
    "PySide6.QtMultimediaWidgets",
    "PySide6.QtTextToSpeech",  # read aloud
    "PySide6.QtCharts",
    "PySide6.QtDBus",  # the app lock hears the laptop go to sleep
    "PySide6.QtPrintSupport",
)
"""Qt modules never left out, whether or not the code imports them yet (a test checks that
no list above names them). One that nothing imports is not bundled anyway."""

UNUSED_PYTHON = (
    "tkinter",
    "_tkinter",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "mypy",
    "IPython",
    "PyInstaller",
    "setuptools",
    "pip",
    "numpy",
    "pkg_resources",  # Babel's fallback for old setuptools; its runtime hook slows start-up
    "PIL._avif",  # Pillow's AVIF, WebP and Tk support (6 MB of libraries): reportlab only
    "PIL.AvifImagePlugin",  # reads the agency logo, a PNG or JPEG
    "PIL._webp",
    "PIL.WebPImagePlugin",
    "PIL._imagingtk",
    "PIL.ImageTk",
    "fhir.resources.STU3",
    "readline",  # interactive prompts only
    "pdb",  # the next four: debugger, help browser (with 140 KB of topics) and test
    "pydoc",  # frameworks; reportlab imports doctest only in its own test functions
    "doctest",
    "unittest",
    "rich",  # the next four: terminal output for import-linter (a dev tool); pydantic names
    "pygments",  # rich only to pretty-print in a terminal, and pygments would bring
    "markdown_it",  # Pillow's font support: 6 MB in all
    "mdurl",
)
"""Development tools in the venv that optional imports could otherwise drag in. None of them
is imported while every app module loads (``tests/test_build_config.py``)."""

FHIR_VERSIONS = ("R4B",)
"""The ``fhir.resources`` models bundled: the app writes FHIR R4B only. The package's top level
holds the R5 models (213 modules, 1.4 MB), which PyInstaller would follow through
``fhir.resources.get_fhir_model_class``; the app never calls it (the R4B one is separate)."""


def unwanted_module(name: str) -> bool:
    """Whether a Python module PyInstaller found is one the app never imports."""
    parts = name.split(".")
    return parts[:2] == ["fhir", "resources"] and len(parts) > 2 and parts[2] not in FHIR_VERSIONS


HUB_ONLY = (
    "readiness.hub",
    "starlette",
    "uvicorn",
    "psycopg",
    "psycopg_binary",
    "psycopg_pool",
    "argon2",
    "_argon2_cffi_bindings",
)
"""The agency hub's server and its stack (the ``hub`` extra): a server program, never part
of the laptop app (an import contract keeps the app from loading them)."""

EXCLUDES = UNUSED_QT + UNUSED_PYTHON + HUB_ONLY

BABEL_LOCALES = frozenset({"root", "en", "en_001", "en_150", "es", "es_419"})
"""Babel's CLDR data kept: the app speaks English and Spanish only (``readiness.model.LOCALES``),
and ``root`` is every locale's parent. Dropping the other ~1,000 locales saves about 30 MB."""
ICU_LANGUAGES = frozenset({"root", "en", "es"})
"""Languages whose data stays in Qt's ICU (Linux, ``build/icu_data.py``): every ``en_*`` and
``es_*`` locale, and ``root``, every locale's parent. The app speaks English and Spanish only;
for any other locale (a laptop's own, say) ICU falls back to ``root``: neutral sorting and
English time-zone names. Leaving out other languages' data saves 18 MB."""
ICU_UNUSED = ("brkitr/", "translit/", ".cnv")
"""ICU data Qt never asks for (``build/icu_data.py``): text boundaries and their dictionaries
(``brkitr/``, 3.4 MB; Qt finds line and word breaks itself), transliteration (``translit/``,
1.1 MB) and character-set converters (``.cnv``, 5.1 MB; the app reads and writes text in
Python, and Qt's own UTF-8, UTF-16 and Latin-1 codecs need no ICU data). Qt Core's ICU calls
are checked against this by ``tests/test_build_config.py``."""
ICU_CALLS = ("ucol_", "ucal_", "ucnv_", "u_strToLower", "u_strToUpper")
"""The ICU functions Qt Core may call while the data above is left out: collation, time
zones, converters (their data gone, opening one fails and Qt falls back) and case mapping."""
_ICU_LOCALE = re.compile(r"^(?P<language>[a-z]{2,3}|root)(?:_[A-Za-z0-9]*)*$")

PYPHEN_DICTIONARIES = ("hyph_en", "hyph_es")
"""Pyphen's hyphenation dictionaries (WeasyPrint's) kept: English and Spanish, 6 MB less;
the reports never hyphenate, but WeasyPrint lists the folder when it starts."""
QT_TRANSLATIONS = ("_en.qm", "_es.qm")
"""Qt's own translations kept (standard dialogs); the rest of Qt's ~40 languages are dropped."""


def package_data(root: Path = ROOT) -> list[tuple[str, str]]:
    """``(source file, destination folder)`` for every data file of the app's packages; the
    folder is where the installed package has it (``questionnaires/x.yaml`` goes to
    ``readiness_questionnaires/``)."""
    found = []
    for name, folder in own_packages(root).items():
        for path in sorted((root / folder).rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            if path.suffix in (".py", ".pyc", ".pyi"):
                continue
            inside = path.parent.relative_to(root / folder).as_posix()
            found.append((str(path), name if inside == "." else f"{name}/{inside}"))
    return found


def canonical_name(name: str) -> str:
    """A distribution's name as package indexes compare them (``PySide6_Addons`` is
    ``pyside6-addons``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def bundled_distributions(project: str = "readiness") -> list[metadata.Distribution]:
    """The installed distributions the app bundles: the project's run-time requirements
    (its installed metadata, so pyproject.toml's list) and what they require in turn."""
    found: dict[str, metadata.Distribution] = {}
    todo = [_requirement_name(r) for r in metadata.requires(project) or () if "extra ==" not in r]
    while todo:
        name = canonical_name(todo.pop())
        if name in found or name in NOT_BUNDLED:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # for another system (jeepney on Windows) or Python version
        found[name] = dist
        todo += [_requirement_name(r) for r in dist.requires or () if "extra ==" not in r]
    return sorted(found.values(), key=lambda dist: canonical_name(dist.metadata["Name"]))


def build_tools_in_app() -> list[metadata.Distribution]:
    """``BUILD_TOOLS_IN_APP`` as installed here (none when PyInstaller is not)."""
    found = []
    for name in BUILD_TOOLS_IN_APP:
        try:
            found.append(metadata.distribution(name))
        except metadata.PackageNotFoundError:
            continue
    return found


def _requirement_name(requirement: str) -> str:
    return re.split(r"[ ;<>=!~\[(]", requirement, maxsplit=1)[0]


def keep_data(destination: str) -> bool:
    """Whether a data file collected by a hook stays in the app (``destination`` inside it)."""
    parts = destination_path(destination).parts
    if len(parts) >= 3 and parts[:2] == ("babel", "locale-data"):
        return PurePosixPath(parts[-1]).stem in BABEL_LOCALES
    if "translations" in parts and parts[-1].endswith(".qm"):
        return parts[-1].endswith(QT_TRANSLATIONS)
    if len(parts) >= 3 and parts[:2] == ("pyphen", "dictionaries"):
        return parts[-1].startswith(PYPHEN_DICTIONARIES)
    return True


def keep_icu_item(name: str) -> bool:
    """Whether an item of Qt's ICU data (``icudt73l/coll/es.res``) stays in the app."""
    path = name.split("/", 1)[-1]  # without the package name (icudt73l)
    if any(path.startswith(unused) or path.endswith(unused) for unused in ICU_UNUSED):
        return False
    stem, _dot, suffix = path.rsplit("/", 1)[-1].rpartition(".")
    locale = _ICU_LOCALE.match(stem)
    if suffix == "res" and locale:  # not supplementalData.res, pool.res, zoneinfo64.res...
        return locale.group("language") in ICU_LANGUAGES
    return True


def slim_datas(datas: list[TocEntry], left_out: list[str]) -> list[TocEntry]:
    """``datas`` without unwanted data files and without symbolic links to left-out libraries."""
    gone = set(left_out)
    return [
        (dest, src, kind)
        for dest, src, kind in datas
        if keep_data(dest)
        and dest not in gone
        and not (kind == "SYMLINK" and link_target(dest, src) in gone)
    ]


def windows_version_info(version: str) -> Any:
    """The Windows version resource (Explorer's Properties > Details) for ``version``."""
    from PyInstaller.utils.win32 import versioninfo as vi  # type: ignore[import-untyped]

    numbers = tuple(int(part) for part in re.findall(r"\d+", version)[:3])
    file_version = (*numbers, *(0,) * (4 - len(numbers)))
    strings = [
        vi.StringStruct("CompanyName", "Readiness contributors"),
        vi.StringStruct("FileDescription", DISPLAY_NAME),
        vi.StringStruct("FileVersion", version),
        vi.StringStruct("InternalName", APP_NAME),
        vi.StringStruct("LegalCopyright", COPYRIGHT),
        vi.StringStruct("OriginalFilename", f"{APP_NAME}.exe"),
        vi.StringStruct("ProductName", DISPLAY_NAME),
        vi.StringStruct("ProductVersion", version),
        vi.StringStruct("Comments", DESCRIPTION),
    ]
    return vi.VSVersionInfo(
        ffi=vi.FixedFileInfo(filevers=file_version, prodvers=file_version),
        kids=[
            vi.StringFileInfo([vi.StringTable("040904B0", strings)]),
            vi.VarFileInfo([vi.VarStruct("Translation", [0x0409, 1200])]),
        ],
    )


def macos_info_plist(version: str) -> dict[str, Any]:
    """Info.plist entries: macOS asks for camera and microphone access with these sentences."""
    return {
        "CFBundleName": DISPLAY_NAME,
        "CFBundleDisplayName": DISPLAY_NAME,
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "LSMinimumSystemVersion": "12.0",
        "NSHighResolutionCapable": True,
        "NSCameraUsageDescription": (
            "Readiness checks that the camera works for video visits. "
            "No picture is saved or sent anywhere."
        ),
        "NSMicrophoneUsageDescription": (
            "Readiness checks that the microphone picks up sound for calls. "
            "No sound is recorded or sent anywhere."
        ),
        "CFBundleDevelopmentRegion": "en",
        "CFBundleLocalizations": ["en", "es"],
    }


def app_version(root: Path = ROOT) -> str:
    """``readiness.__version__``, read without importing the package."""
    text = (root / "readiness" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if not match:
        raise ValueError("readiness/__init__.py has no __version__")
    return match.group(1)
