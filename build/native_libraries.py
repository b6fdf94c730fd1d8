"""Which native libraries and Qt plugins the frozen app ships, and which it leaves out.

PyInstaller finds the libraries Python extensions link; this module corrects its
list both ways. Libraries the app opens by name, which PyInstaller cannot see
(Pango and its companions, for WeasyPrint's tagged PDF), are found on the build
machine and added. Qt libraries and plugins the app never loads are left out, and
with them every library only they link, so nothing the app loads loses a
dependency. ``readiness.spec`` applies both; ``freeze_config`` drops the data files
(symbolic links) of what is left out here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import PurePosixPath

TocEntry = tuple[str, str, str]
"""PyInstaller's ``(destination, source, type code)``."""


UNUSED_QT_LIBRARIES = frozenset(
    {
        "3DAnimation",
        "3DCore",
        "3DExtras",
        "3DInput",
        "3DLogic",
        "3DRender",
        "Bluetooth",
        "DataVisualization",
        "Designer",
        "DesignerComponents",
        "Graphs",
        "Location",
        "MultimediaQuick",
        "Qml",
        "QmlMeta",
        "QmlModels",
        "QmlWorkerScript",
        "Quick",
        "Quick3D",
        "QuickControls2",
        "QuickShapes",
        "QuickTemplates2",
        "QuickWidgets",
        "VirtualKeyboard",
        "VirtualKeyboardQml",
        "WebChannel",
        "WebEngineCore",
    }
)
"""Qt libraries (``libQt6Quick.so.6``, ``Qt6Quick.dll``, ``QtQuick.framework``) to leave out
even when a plugin links them: no module the app uses needs them."""

UNUSED_QT_PLUGINS = (
    "platformthemes/qgtk3",  # GTK look: needs the laptop's own GTK 3; half-bundled it breaks
    "platforminputcontexts/qtvirtualkeyboardplugin",  # on-screen keyboard (needs QtQuick)
    "platforms/qeglfs",  # the next five: embedded and remote displays, not desktops
    "platforms/qlinuxfb",
    "platforms/qvnc",
    "platforms/qvkkhrdisplay",
    "platforms/qminimalegl",
    "egldeviceintegrations/",
    "generic/",  # evdev and TUIO input for kiosks without a window system
    "qmltooling/",
    "imageformats/qtiff",  # the agency logo is PNG or JPEG; Qt reads those (and SVG, ICO)
    "imageformats/qwebp",
    "imageformats/qtga",
    "imageformats/qwbmp",
    "imageformats/qicns",
    "networkinformation/",  # QNetworkInformation (never used; the checks measure the network
    # themselves): with it go GIO, GObject, libmount, libblkid and libselinux, 3.5 MB
    "tls/",  # Qt's TLS backends: the app opens no connection through Qt (Python's ssl does)
    "texttospeech/qtexttospeech_mock",  # Qt's test voice; speech-dispatcher's plugin stays
)
"""Qt plugins (``plugins/<type>/<name>`` without ``lib`` and suffix) to leave out, and with
them the libraries only they need."""

PRINTING_PLUGINS = ("printsupport/",)
"""Printer drivers (CUPS on Linux, with ~9 MB of libraries). Qt prints the reports only
through Qt PDF (``PySide6.QtPdf``); without it the app hands the PDF to the system viewer,
so the spec leaves these out when Qt PDF is not installed."""

_QT_LIBRARY = re.compile(
    r"^(?:lib)?Qt6?(?P<module>[A-Za-z0-9]+?)(?:\.so(?:\.\d+)*|\.dll|\.framework|\.dylib)?$"
)


def destination_path(destination: str) -> PurePosixPath:
    """A destination inside the app as a POSIX path (PyInstaller uses ``\\`` on Windows)."""
    return PurePosixPath(destination.replace("\\", "/"))


def unwanted_binary(destination: str, plugins: tuple[str, ...] = UNUSED_QT_PLUGINS) -> bool:
    """Whether a collected library or plugin is one the app never loads."""
    path = destination_path(destination)
    for part in path.parts:
        match = _QT_LIBRARY.match(part)
        if match and match.group("module") in UNUSED_QT_LIBRARIES:
            return True
    if "plugins" not in path.parts[:-2]:
        return False
    stem = path.name.split(".")[0]
    plugin = f"{path.parent.name}/{stem.removeprefix('lib')}"
    return any(plugin.startswith(pattern) for pattern in plugins)


PANGO_LIBRARIES = ("pango-1.0", "pangoft2-1.0", "gobject-2.0", "harfbuzz", "fontconfig")
"""The libraries WeasyPrint opens by name when it makes the service user's tagged PDF
(``readiness.reports.service_user_pdf``); PyInstaller cannot see a library opened by
name, so the spec adds them (with what they link) from the build machine."""


def pango_binaries(
    find: Callable[[str], str | None], resolve: Callable[[str], str | None]
) -> tuple[list[tuple[str, str]], list[str]]:
    """(source, ".") for each of ``PANGO_LIBRARIES`` found on this machine (``find``:
    ``ctypes.util.find_library``; ``resolve``: its file), and the names not found."""
    found, missing = [], []
    for name in PANGO_LIBRARIES:
        library = find(name)
        path = resolve(library) if library else None
        if path:
            found.append((path, "."))
        else:
            missing.append(name)
    return found, missing


def slim(
    binaries: list[TocEntry],
    imports: Callable[[str], set[str]],
    plugins: tuple[str, ...] = UNUSED_QT_PLUGINS,
    opened: frozenset[str] = frozenset(),
) -> tuple[list[TocEntry], list[str]]:
    """``binaries`` without unwanted Qt parts and without libraries only they needed.

    ``imports(source)`` names the libraries a binary links (PyInstaller's
    ``bindepend.get_imports``). A library is left out only when an unwanted part
    needs it and no kept binary does, so nothing the app loads loses a dependency;
    ``opened`` names (file names) libraries the app opens by name, which stay with
    what they link even when only an unwanted part links them (Pango: Qt's GTK theme).
    Returns the kept entries and the destinations left out.
    """
    # Matched by lower-case file name: Windows names DLLs in any case.
    by_name = {
        destination_path(dest).name.lower(): (dest, src, kind) for dest, src, kind in binaries
    }

    def closure(start: list[TocEntry]) -> set[str]:
        seen: set[str] = set()
        todo = [src for _dest, src, kind in start if kind != "SYMLINK"]
        while todo:
            for name in imports(todo.pop()):
                entry = by_name.get(destination_path(name).name.lower())
                if entry and entry[0] not in seen and entry[2] != "SYMLINK":
                    seen.add(entry[0])
                    todo.append(entry[1])
        return seen

    def unwanted_entry(entry: TocEntry) -> bool:
        return unwanted_binary(entry[0], plugins)

    unwanted = [entry for entry in binaries if unwanted_entry(entry)]
    only_maybe = closure(unwanted) - {dest for dest, _src, _kind in unwanted}
    roots = [
        e
        for e in binaries
        if not unwanted_entry(e)
        and (e[0] not in only_maybe or destination_path(e[0]).name.lower() in opened)
    ]
    needed = closure(roots) | {dest for dest, _src, _kind in roots}
    dropped = {dest for dest, _src, _kind in unwanted} | (only_maybe - needed)
    kept = [
        (dest, src, kind)
        for dest, src, kind in binaries
        if dest not in dropped and not (kind == "SYMLINK" and link_target(dest, src) in dropped)
    ]
    kept_set = set(kept)
    return kept, [entry[0] for entry in binaries if entry not in kept_set]


def link_target(dest: str, src: str) -> str:
    """The destination a SYMLINK entry points to (its source is relative to its folder)."""
    parent = destination_path(dest).parent
    parts: list[str] = []
    for part in (parent / destination_path(src)).parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)
