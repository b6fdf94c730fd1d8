"""The frozen app's configuration (``build/freeze_config.py``) against the source tree.

Nothing is built here (``.ci/build-app`` builds and runs the app): these tests check
that no Qt module the app imports is left out, that every data file is bundled, that
the filters keep what the app needs, and that ``build/`` holds no generated output.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
SOURCE_SUFFIXES = {".py", ".spec", ".svg", ".desktop", ".sh", ".plist", ".md"}


@pytest.fixture(scope="module")
def cfg() -> ModuleType:
    spec = importlib.util.spec_from_file_location("freeze_config", BUILD / "freeze_config.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    saved, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # no __pycache__ in build/
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = saved
    return module


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


def test_no_qt_module_the_app_uses_is_left_out(cfg: ModuleType) -> None:
    used = _qt_modules_named_in_code()
    assert "PySide6.QtMultimedia" in used  # the scan works
    assert used & set(cfg.EXCLUDES) == set()
    for module in used:
        name = module.removeprefix("PySide6.Qt")
        assert name not in cfg.UNUSED_QT_LIBRARIES, module


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
        "readiness/reports/texts.yaml",
        "readiness/selftest_sample.json",
        "readiness/practice/p01_older_hearing_basic_phone.json",
    ):
        assert expected in bundled
    assert not any(name.endswith((".py", ".pyc")) for name in bundled)
    for source, folder in cfg.package_data():
        assert Path(source).parent.relative_to(ROOT).as_posix() == folder


@pytest.mark.parametrize(
    ("destination", "kept"),
    [
        ("babel/locale-data/root.dat", True),
        ("babel/locale-data/en.dat", True),
        ("babel/locale-data/es.dat", True),
        ("babel/locale-data/fr.dat", False),
        ("babel/global.dat", True),
        ("PySide6/Qt/translations/qtbase_es.qm", True),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("readiness/locale/es.po", True),
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
        ("libgtk-3.so.0", False),  # not Qt: left out only through slim()
    ],
)
def test_binary_filter(cfg: ModuleType, destination: str, unwanted: bool) -> None:
    assert cfg.unwanted_binary(destination) is unwanted


def test_slim_leaves_out_libraries_only_unwanted_parts_need(cfg: ModuleType) -> None:
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
    kept, gone = cfg.slim(binaries, lambda source: links.get(source, set()))
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
    datas = [
        ("libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Quick.so.6", "SYMLINK"),
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("babel/locale-data/de.dat", "/s/de.dat", "DATA"),
    ]
    assert cfg.slim_datas(datas, gone) == [datas[1]]


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


def test_build_folder_holds_only_sources() -> None:
    generated = [
        path.relative_to(ROOT).as_posix()
        for path in BUILD.rglob("*")
        if path.name == "__pycache__" or (path.is_file() and path.suffix not in SOURCE_SUFFIXES)
    ]
    assert generated == []
