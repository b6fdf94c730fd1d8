"""The frozen app's build configuration (``build/``) against the source tree.

Nothing is built here (``.ci/build-app`` builds and runs the app): these tests check
that no Qt module the app imports is left out, that every data file is bundled, that
the filters keep what the app needs (no module left out is imported; Qt's trimmed ICU
data sorts, changes case and names time zones in English and Spanish exactly as the
whole data does), and that ``build/`` holds no generated output.
"""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import json
import os
import re
import struct
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import PySide6
import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
SOURCE_SUFFIXES = {".py", ".spec", ".svg", ".desktop", ".sh", ".plist", ".md"}


def _load(name: str) -> ModuleType:
    """``build/<name>.py`` loaded as the spec and ``build.py`` load it (``build/`` on
    ``sys.path``); afterwards ``sys.path`` and ``sys.modules`` hold no build module."""
    spec = importlib.util.spec_from_file_location(name, BUILD / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    saved_path, saved_modules = list(sys.path), set(sys.modules)
    saved, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # no __pycache__ in build/
    sys.path.insert(0, str(BUILD))
    sys.modules[name] = module  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = saved
        sys.path[:] = saved_path
        for added in set(sys.modules) - saved_modules:
            if Path(getattr(sys.modules[added], "__file__", None) or "/").parent == BUILD:
                del sys.modules[added]
    return module


@pytest.fixture(scope="module")
def cfg() -> ModuleType:
    return _load("freeze_config")


@pytest.fixture(scope="module")
def native() -> ModuleType:
    return _load("native_libraries")


@pytest.fixture(scope="module")
def builder() -> ModuleType:
    """``build/build.py``; it puts its own folder on ``sys.path`` for ``freeze_config``."""
    return _load("build")


@pytest.fixture(scope="module")
def icu() -> ModuleType:
    return _load("icu_data")


def _qt_modules_named_in_code() -> set[str]:
    """Every ``PySide6.QtX`` imported or named in a string in ``ui/`` and ``readiness/``."""
    names: set[str] = set()
    for path in [*(ROOT / "ui").rglob("*.py"), *(ROOT / "readiness").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                names.update(re.findall(r"PySide6\.Qt\w+", node.value))
    return {name for name in names if name.startswith("PySide6.Qt")}


def test_no_qt_module_the_app_uses_is_left_out(cfg: ModuleType, native: ModuleType) -> None:
    used = _qt_modules_named_in_code()
    assert "PySide6.QtMultimedia" in used  # the scan works
    assert used & set(cfg.EXCLUDES) == set()
    for module in used:
        name = module.removeprefix("PySide6.Qt")
        assert name not in native.UNUSED_QT_LIBRARIES, module


def test_qt_modules_the_app_relies_on_are_never_left_out(
    cfg: ModuleType, native: ModuleType
) -> None:
    assert {"PySide6.QtTextToSpeech", "PySide6.QtDBus"} <= set(cfg.ALWAYS_KEPT_QT)
    for module in cfg.ALWAYS_KEPT_QT:
        assert module not in cfg.EXCLUDES
        assert module.removeprefix("PySide6.Qt") not in native.UNUSED_QT_LIBRARIES


def test_qt_modules_imported_by_name_are_listed(cfg: ModuleType) -> None:
    pattern = re.compile(r"import_module\(\s*[\"'](PySide6\.Qt\w+)")
    named = set()
    for path in (ROOT / "ui").rglob("*.py"):
        named.update(pattern.findall(path.read_text(encoding="utf-8")))
    assert named <= set(cfg.DYNAMIC_IMPORTS)


def test_every_data_file_of_the_packages_is_bundled(cfg: ModuleType) -> None:
    bundled = {Path(source).relative_to(ROOT).as_posix() for source, _folder in cfg.package_data()}
    for expected in (
        "questionnaires/access.yaml",
        "readiness/rules/catalogue.yaml",
        "readiness/rules/thresholds.yaml",
        "readiness/locale/es.po",
        "readiness/reports/fonts/DejaVuSans.ttf",
        "readiness/locale/es/LC_MESSAGES/readiness.mo",
        "readiness/selftest_sample.json",
        "readiness/selftest_key.pem",
        "readiness/practice/p01_older_hearing_basic_phone.json",
    ):
        assert expected in bundled
    assert not any(name.endswith((".py", ".pyc")) for name in bundled)
    installed = {f"{folder}/{Path(source).name}" for source, folder in cfg.package_data()}
    assert {
        "readiness_questionnaires/access.yaml",
        "readiness/reports/fonts/DejaVuSans.ttf",
        "readiness/locale/es.po",
    } <= installed  # where the wheel has them: the app looks them up by package
    for source, folder in cfg.package_data():
        name, _, inside = folder.partition("/")
        package_folder = ROOT / cfg.PACKAGES[name]
        assert Path(source).parent == package_folder / inside


@pytest.mark.parametrize(
    ("destination", "kept"),
    [
        ("babel/locale-data/root.dat", True),
        ("babel/locale-data/en.dat", True),
        ("babel/locale-data/es.dat", True),
        ("babel/locale-data/fr.dat", False),
        ("babel/global.dat", True),
        ("pyphen/dictionaries/hyph_es.dic", True),
        ("pyphen/dictionaries/hyph_en_US.dic", True),
        ("pyphen/dictionaries/hyph_fr.dic", False),
        ("PySide6/Qt/translations/qtbase_es.qm", True),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("readiness/locale/es.po", True),
        ("readiness/locale/es/LC_MESSAGES/readiness.mo", True),
    ],
)
def test_data_filter(cfg: ModuleType, destination: str, kept: bool) -> None:
    assert cfg.keep_data(destination) is kept


@pytest.mark.parametrize(
    ("destination", "unwanted"),
    [
        ("PySide6/Qt/lib/libQt6Quick.so.6", True),
        ("libQt6Qml.so.6", True),
        ("PySide6/Qt6Quick.dll", True),
        ("PySide6/Qt/lib/QtQuick.framework/Versions/A/QtQuick", True),
        ("PySide6/Qt/lib/libQt6Multimedia.so.6", False),
        ("PySide6/Qt/lib/libQt6MultimediaWidgets.so.6", False),
        ("PySide6/Qt/lib/libQt6Core.so.6", False),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),
        ("PySide6/plugins/platforms/qwindows.dll", False),
        ("PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so", False),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", True),
        ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", False),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", True),
        ("PySide6/Qt/plugins/imageformats/libqtiff.so", True),
        ("PySide6/plugins/imageformats/qtiff.dll", True),
        ("PySide6/Qt/plugins/networkinformation/libqglib.so", True),
        ("PySide6/plugins/networkinformation/qnetworklistmanager.dll", True),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", True),
        ("PySide6/Qt/plugins/texttospeech/libqtexttospeech_mock.so", True),
        ("PySide6/Qt/plugins/texttospeech/libqtexttospeech_speechd.so", False),
        ("PySide6/plugins/texttospeech/qtexttospeech_sapi.dll", False),
        ("PySide6/Qt/lib/libQt6TextToSpeech.so.6", False),
        ("PySide6/Qt/lib/libQt6Charts.so.6", False),
        ("libgtk-3.so.0", False),  # not Qt: left out only through slim()
    ],
)
def test_binary_filter(native: ModuleType, destination: str, unwanted: bool) -> None:
    assert native.unwanted_binary(destination) is unwanted


def test_slim_leaves_out_libraries_only_unwanted_parts_need(
    cfg: ModuleType, native: ModuleType
) -> None:
    binaries = [
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/s/libqgtk3.so", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/s/libqxcb.so", "BINARY"),
        ("libcairo.so.2", "/usr/lib/libcairo.so.2", "BINARY"),
        ("libpixman-1.so.0", "/usr/lib/libpixman-1.so.0", "BINARY"),
        ("libglib-2.0.so.0", "/usr/lib/libglib-2.0.so.0", "BINARY"),
        ("libuuid.so.1", "/usr/lib/libuuid.so.1", "BINARY"),  # found through ctypes
        ("PySide6/Qt/lib/libQt6Quick.so.6", "/s/libQt6Quick.so.6", "BINARY"),
    ]
    links = {
        "/s/libqgtk3.so": {"libcairo.so.2", "libglib-2.0.so.0", "libQt6Quick.so.6"},
        "/usr/lib/libcairo.so.2": {"libpixman-1.so.0"},
        "/s/libqxcb.so": {"libglib-2.0.so.0"},
    }
    kept, gone = native.slim(binaries, lambda source: links.get(source, set()))
    assert sorted(gone) == [
        "PySide6/Qt/lib/libQt6Quick.so.6",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "libcairo.so.2",
        "libpixman-1.so.0",
    ]
    assert {dest for dest, _src, _kind in kept} == {
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "libglib-2.0.so.0",
        "libuuid.so.1",
    }
    kept, gone = native.slim(
        binaries, lambda source: links.get(source, set()), opened=frozenset({"libcairo.so.2"})
    )
    assert "libcairo.so.2" not in gone and "libpixman-1.so.0" not in gone  # opened by name
    assert "PySide6/Qt/plugins/platformthemes/libqgtk3.so" in gone
    datas = [
        ("libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Quick.so.6", "SYMLINK"),
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("babel/locale-data/de.dat", "/s/de.dat", "DATA"),
    ]
    assert cfg.slim_datas(datas, gone) == [datas[1]]


@pytest.mark.parametrize(
    ("module", "unwanted"),
    [
        ("fhir.resources", False),
        ("fhir.resources.R4B", False),
        ("fhir.resources.R4B.bundle", False),
        ("fhir.resources.questionnaire", True),  # R5, the package's top level
        ("fhir.resources.fhirtypes", True),
        ("fhir.resources.STU3.patient", True),
        ("fhir_core.types", False),
        ("readiness.reports.fhir_response", False),
    ],
)
def test_module_filter(cfg: ModuleType, module: str, unwanted: bool) -> None:
    assert cfg.unwanted_module(module) is unwanted


_IMPORT_EVERYTHING = """
import importlib, io, json, pkgutil, sys
for package in ("readiness", "readiness_ui"):
    root = importlib.import_module(package)
    for info in pkgutil.walk_packages(root.__path__, package + "."):
        if not info.name.endswith("__main__") and not info.name.startswith("readiness.hub"):
            importlib.import_module(info.name)  # the hub is a server, not part of the app
from readiness import selftest
steps = [step for step in selftest.default_steps() if step.name in ("fhir", "reports")]
assert selftest.run_self_test(io.StringIO(), steps=steps) == 0
print(json.dumps(sorted(sys.modules)))
"""


@pytest.mark.slow
def test_no_module_left_out_is_imported_by_the_app(cfg: ModuleType) -> None:
    """Every app module loads and FHIR and the reports run, in a fresh Python (offscreen)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_EVERYTHING],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    loaded = set(json.loads(result.stdout.splitlines()[-1]))
    assert {"fhir.resources.R4B.bundle", "reportlab.platypus", "readiness_ui.main_window"} <= loaded
    left_out = [name for name in (*cfg.UNUSED_PYTHON, *cfg.HUB_ONLY) if not name.startswith("PIL.")]
    imported = sorted(
        name
        for name in loaded
        if cfg.unwanted_module(name) or any(name == x or name.startswith(x + ".") for x in left_out)
    )
    # walk_packages opens the hub's package to list it (its __init__ imports nothing).
    imported = [name for name in imported if name != "readiness.hub"]
    assert imported == []


# -- Qt's ICU data (Linux) --------------------------------------------------------------

_QT_LIB = Path(PySide6.__file__).parent / "Qt" / "lib"
_QT_ICU = sorted(_QT_LIB.glob("libicudata.so.*"))
needs_qt_icu = pytest.mark.skipif(not _QT_ICU, reason="PySide6 bundles ICU on Linux only")


def _package(icu: ModuleType, items: list[tuple[str, bytes]]) -> bytes:
    """A small common-data package, as ICU's tool writes one."""
    info = struct.pack("<HHBBBB4s4s4s", 20, 0, 0, 0, 2, 0, b"CmnD", b"\1\0\0\0", b"\3\0\0\0")
    header = struct.pack("<HBB", 32, 0xDA, 0x27) + info
    return icu.write_package(icu.Package(header + b"\0" * (32 - len(header)), items))


def test_icu_package_is_read_and_trimmed_in_order_and_aligned(
    cfg: ModuleType, icu: ModuleType
) -> None:
    names = ["icudt99l/coll/es.res", "icudt99l/coll/fr.res", "icudt99l/root.res", "icudt99l/x.cnv"]
    items = [(name, bytes([index + 1]) * (16 * (index + 1))) for index, name in enumerate(names)]
    blob = _package(icu, items)
    assert icu.read_package(blob).items == items
    trimmed = icu.read_package(icu.trim(blob, cfg.keep_icu_item))
    assert trimmed.items == [items[0], items[2]]
    odd = icu.read_package(_package(icu, [("icudt99l/a.res", b"abc"), ("icudt99l/b.res", b"d")]))
    assert odd.items[0][1] == b"abc" + b"\xaa" * 13  # items start 16-aligned
    assert odd.items[1][1] == b"d" + b"\xaa" * 15
    with pytest.raises(ValueError, match="common-data"):
        icu.read_package(b"\0" * 64)


def test_only_the_icu_data_library_is_swapped(
    icu: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = tmp_path / "libicudata.so.73"
    original.write_bytes(b"x" * 1000)
    made = tmp_path / "icu" / "libicudata.so.73"
    binaries = [
        ("PySide6/Qt/lib/libicudata.so.73", str(original), "BINARY"),
        ("PySide6/Qt/lib/libicuuc.so.73", "/s/libicuuc.so.73", "BINARY"),
        ("libicudata.so.73", "PySide6/Qt/lib/libicudata.so.73", "SYMLINK"),
    ]

    def fake_trim(source: Path, folder: Path, _keep: object) -> Path:
        made.parent.mkdir()
        made.write_bytes(b"y" * 100)
        return folder / source.name

    monkeypatch.setattr(icu, "trimmed_library", fake_trim)
    swapped, note = icu.replace_in_binaries(binaries, tmp_path / "icu", lambda _name: True)
    assert swapped == [("PySide6/Qt/lib/libicudata.so.73", str(made), "BINARY"), *binaries[1:]]
    assert "cut from" in note
    monkeypatch.setattr(icu, "trimmed_library", lambda *_args: None)  # no C compiler
    kept, note = icu.replace_in_binaries(binaries, tmp_path / "icu", lambda _name: True)
    assert kept == binaries and "no C compiler" in note
    assert icu.replace_in_binaries(binaries[1:], tmp_path, lambda _name: True) == (binaries[1:], "")


@pytest.mark.parametrize(
    ("item", "kept"),
    [
        ("icudt73l/root.res", True),
        ("icudt73l/en.res", True),
        ("icudt73l/en_GB.res", True),
        ("icudt73l/es_419.res", True),
        ("icudt73l/es_MX.res", True),
        ("icudt73l/coll/es__TRADITIONAL.res", True),
        ("icudt73l/coll/ucadata.icu", True),
        ("icudt73l/zone/es.res", True),
        ("icudt73l/zone/pool.res", True),
        ("icudt73l/zoneinfo64.res", True),
        ("icudt73l/metaZones.res", True),
        ("icudt73l/supplementalData.res", True),
        ("icudt73l/likelySubtags.res", True),
        ("icudt73l/cnvalias.icu", True),
        ("icudt73l/nfkc.nrm", True),
        ("icudt73l/fr.res", False),
        ("icudt73l/coll/zh.res", False),
        ("icudt73l/coll/de__PHONEBOOK.res", False),
        ("icudt73l/zone/ast.res", False),
        ("icudt73l/brkitr/cjdict.dict", False),
        ("icudt73l/brkitr/line.brk", False),
        ("icudt73l/translit/root.res", False),
        ("icudt73l/ibm-5348_P100-1997.cnv", False),
    ],
)
def test_icu_data_filter(cfg: ModuleType, item: str, kept: bool) -> None:
    assert cfg.keep_icu_item(item) is kept


@needs_qt_icu
def test_qt_icu_data_reads_back_byte_for_byte(icu: ModuleType) -> None:
    symbol, blob = icu.data_package(_QT_ICU[0].read_bytes())
    assert re.fullmatch(r"icudt\d+_dat", symbol)
    package = icu.read_package(blob)
    assert len(package.items) > 1000
    assert icu.write_package(package) == blob


@needs_qt_icu
def test_qt_asks_icu_only_for_what_the_trimmed_data_keeps(cfg: ModuleType, icu: ModuleType) -> None:
    """If Qt starts calling ICU for more (break iterators, transliteration, number or
    date formats), ``freeze_config.ICU_UNUSED`` and ``ICU_CALLS`` need another look."""
    asked = set()
    for library in _QT_LIB.glob("libQt6*.so.6"):
        asked |= icu.icu_imports(library)
    assert "ucol_open" in asked  # the scan works
    assert {name for name in asked if not name.startswith(cfg.ICU_CALLS)} == set()


_ICU_PROBE = """
import json
from PySide6.QtCore import QCollator, QLocale, QTimeZone
words = ["ñu", "nube", "Zoe", "árbol", "ola", "Ávila", "ch", "cz", "llama", "luz", "Öl", "éclair"]
out = {}
for name in ("en_US", "en_GB", "es_ES", "es_MX", "es_US", "es_419"):
    locale = QLocale(name)
    out["sort " + name] = sorted(words, key=QCollator(locale).sortKey)
    out["case " + name] = [locale.toUpper("ñandú straße ﬁ"), locale.toLower("ÑANDÚ ΣΑΣ")]
    for zone in (b"Europe/Madrid", b"America/Mexico_City", b"America/Los_Angeles"):
        tz = QTimeZone(zone)
        for kind in (QTimeZone.TimeType.StandardTime, QTimeZone.TimeType.DaylightTime):
            for style in (QTimeZone.NameType.LongName, QTimeZone.NameType.ShortName):
                out[f"{name} {zone.decode()} {kind.name} {style.name}"] = tz.displayName(
                    kind, style, locale
                )
QCollator(QLocale("fr_FR")).compare("a", "b")  # another language falls back, no crash
maps = open("/proc/self/maps").read().splitlines()
out["icudata"] = sorted({line.split()[-1] for line in maps if "libicudata" in line})
print(json.dumps(out, ensure_ascii=False))
"""


def _probe_icu(preload: Path | None = None) -> dict[str, object]:
    env = {key: value for key, value in os.environ.items() if key != "LD_PRELOAD"}
    if preload is not None:
        env["LD_PRELOAD"] = str(preload)  # found by its name first: Qt loads this one
    result = subprocess.run(
        [sys.executable, "-c", _ICU_PROBE],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    data: dict[str, object] = json.loads(result.stdout)
    return data


@needs_qt_icu
def test_trimmed_icu_sorts_cases_and_names_zones_as_the_whole_data(
    cfg: ModuleType, icu: ModuleType, tmp_path: Path
) -> None:
    if icu.compiler() is None:
        pytest.skip("no C compiler (cc) to build the trimmed ICU data library")
    trimmed = icu.trimmed_library(_QT_ICU[0], tmp_path, cfg.keep_icu_item)
    assert trimmed is not None and trimmed.name == _QT_ICU[0].name
    assert trimmed.stat().st_size < _QT_ICU[0].stat().st_size / 4
    whole, cut = _probe_icu(), _probe_icu(trimmed)
    assert whole.pop("icudata") == [str(_QT_ICU[0].resolve())]
    assert cut.pop("icudata") == [str(trimmed)]  # the probe really used the trimmed data
    assert cut == whole
    assert (
        whole["es_ES Europe/Madrid StandardTime LongName"]
        != whole["en_US Europe/Madrid StandardTime LongName"]
    )  # Spanish names came from Spanish data


def test_metadata_for_each_os(cfg: ModuleType) -> None:
    version = cfg.app_version()
    from readiness import __version__

    assert version == __version__
    plist = cfg.macos_info_plist(version)
    assert plist["NSCameraUsageDescription"] and plist["NSMicrophoneUsageDescription"]
    assert plist["CFBundleShortVersionString"] == version
    pytest.importorskip("PyInstaller.utils.win32.versioninfo", exc_type=ImportError)  # Windows
    info = cfg.windows_version_info(version)
    assert info.ffi.fileVersionMS >> 16 == int(version.split(".")[0])
    assert f"ProductVersion', '{version}'" in str(info)


def test_the_app_bundles_the_run_time_requirements_and_what_they_need(cfg: ModuleType) -> None:
    names = {cfg.canonical_name(dist.metadata["Name"]) for dist in cfg.bundled_distributions()}
    assert {"pyside6-essentials", "shiboken6", "sqlcipher3", "pydantic", "pydantic-core"} <= names
    assert names & {"pytest", "mypy", "ruff", "hypothesis", "pyinstaller", "pip"} == set()


def test_notice_names_every_package_the_app_bundles(cfg: ModuleType) -> None:
    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]", (ROOT / "NOTICE").read_text())
    named = {cfg.canonical_name(word) for word in words}
    bundled = [*cfg.bundled_distributions(), *cfg.build_tools_in_app()]
    assert len(bundled) > 20
    assert (
        sorted(
            d.metadata["Name"]
            for d in bundled
            if cfg.canonical_name(d.metadata["Name"]) not in named
        )
        == []
    )


def test_the_app_carries_the_licence_the_notice_and_the_texts_they_name(
    builder: ModuleType, tmp_path: Path
) -> None:
    builder.collect_licences(tmp_path)
    names = {path.name for path in tmp_path.iterdir()}
    ours = {"LICENSE", "NOTICE", "LGPL-3.0.txt", "GPL-3.0.txt", "LGPL-2.1.txt"}
    assert ours | {"DejaVu-fonts-LICENSE.txt", "sqlcipher3-LICENSE", "README.txt"} <= names
    assert (tmp_path / "NOTICE").read_bytes() == (ROOT / "NOTICE").read_bytes()
    readme = (tmp_path / "README.txt").read_text(encoding="utf-8")
    assert f"sqlcipher3 {importlib.metadata.version('sqlcipher3')}:" in readme
    if importlib.util.find_spec("PyInstaller") is not None:  # its bootloader is in the app
        assert "pyinstaller-COPYING.txt" in names


def test_build_folder_holds_only_sources() -> None:
    generated = [
        path.relative_to(ROOT).as_posix()
        for path in BUILD.rglob("*")
        if path.name == "__pycache__" or (path.is_file() and path.suffix not in SOURCE_SUFFIXES)
    ]
    assert generated == []


def test_pango_for_the_tagged_pdf_is_bundled_when_found(native: ModuleType) -> None:
    paths = {"pango-1.0": "libpango-1.0.so.0", "harfbuzz": "libharfbuzz.so.0"}
    found, missing = native.pango_binaries(paths.get, lambda name: f"/lib/{name}")
    assert found == [("/lib/libpango-1.0.so.0", "."), ("/lib/libharfbuzz.so.0", ".")]
    assert missing == ["pangoft2-1.0", "gobject-2.0", "fontconfig"]
