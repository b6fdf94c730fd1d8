"""Build the Readiness one-folder app for this OS: icons, PyInstaller, licences, self-test, archive.

    python build/build.py [--archive] [--clean] [--skip-self-test]
    python build/build.py --archive-only      # pack dist/ again after signing

Run it with the Python that has the app installed (``pip install .``); PyInstaller
is installed into that environment if it is missing. Everything it writes goes
outside ``build/``: icons and PyInstaller's work files to ``.work/``, the app to
``dist/readiness/`` (``dist/Readiness.app`` on macOS) and, with ``--archive``, the
file agencies download to ``dist/readiness-<version>-<os>-<arch>.tar.gz`` (``.zip``
on Windows and macOS). The build fails if the frozen app's ``--self-test`` fails.
See ``build/README.md`` for each OS and for signing.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
import sysconfig
import time
from importlib import metadata
from pathlib import Path

sys.dont_write_bytecode = True  # nothing generated may land in build/ (no __pycache__)
sys.path.insert(0, str(Path(__file__).resolve().parent))
import freeze_config as cfg  # noqa: E402

BUILD_DIR = cfg.ROOT / "build"
SPEC = BUILD_DIR / "readiness.spec"
DIST = cfg.ROOT / "dist"
WORK = cfg.WORK_DIR / "pyinstaller"
PYINSTALLER = "pyinstaller>=6.10"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)


def system() -> str:
    return {"win32": "windows", "darwin": "macos"}.get(sys.platform, "linux")


def app_folder() -> Path:
    """What the build produces: the one-folder app (a .app bundle on macOS)."""
    if system() == "macos":
        return DIST / f"{cfg.DISPLAY_NAME}.app"
    return DIST / cfg.APP_NAME


def console_executable() -> Path:
    """The executable that prints (``--self-test``, commands)."""
    if system() == "windows":
        return DIST / cfg.APP_NAME / f"{cfg.CLI_NAME}.exe"
    if system() == "macos":
        return app_folder() / "Contents" / "MacOS" / cfg.APP_NAME
    return DIST / cfg.APP_NAME / cfg.APP_NAME


def log(message: str) -> None:
    print(f"build: {message}", flush=True)


def ensure_pyinstaller() -> None:
    try:
        import PyInstaller  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        log(f"PyInstaller is missing; installing {PYINSTALLER!r} into {sys.prefix}")
        subprocess.run([sys.executable, "-m", "pip", "install", PYINSTALLER], check=True)


def render_icons(folder: Path = cfg.ICON_DIR) -> None:
    """``build/icons/readiness.svg`` to ``readiness.png`` (256 px), ``.ico`` and ``.icns``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(cfg.SVG_ICON))
    if not renderer.isValid():
        raise SystemExit(f"build: {cfg.SVG_ICON} is not a valid SVG file")
    folder.mkdir(parents=True, exist_ok=True)
    images = {}
    for size in ICON_SIZES:
        canvas = QImage(size, size, QImage.Format.Format_ARGB32)
        canvas.fill(Qt.GlobalColor.transparent)
        painter = QPainter(canvas)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        path = folder / f"readiness-{size}.png"
        canvas.save(str(path))
        images[size] = Image.open(path)
    shutil.copyfile(folder / "readiness-256.png", folder / "readiness.png")
    ico_sizes = [s for s in ICON_SIZES if s <= 256]
    images[256].save(
        folder / "readiness.ico",
        sizes=[(s, s) for s in ico_sizes],
        append_images=[images[s] for s in ico_sizes],
    )
    images[1024].save(folder / "readiness.icns", append_images=list(images.values()))
    log(f"icons rendered to {folder.relative_to(cfg.ROOT)}/")


def run_pyinstaller(clean: bool) -> None:
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    command += ["--workpath", str(WORK), "--distpath", str(DIST)]
    if clean:
        command.append("--clean")
    shown = [Path(part).name if part == sys.executable else part for part in command]
    log("running " + " ".join(os.path.relpath(p, cfg.ROOT) if "/" in p else p for p in shown))
    subprocess.run([*command, str(SPEC)], check=True, cwd=cfg.ROOT)


def add_linux_files(folder: Path) -> None:
    """The desktop entry, its icon and the installer script, next to the executable."""
    shutil.copyfile(BUILD_DIR / "linux" / "readiness.desktop", folder / "readiness.desktop")
    shutil.copyfile(cfg.ICON_DIR / "readiness.png", folder / "readiness.png")
    installer = folder / "install.sh"
    shutil.copyfile(BUILD_DIR / "linux" / "install.sh", installer)
    installer.chmod(0o755)


_LICENCE_NAME = re.compile(r"^(LICEN[CS]E|COPYING|NOTICE|AUTHORS)([._-].*)?$", re.IGNORECASE)


def _licence(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    fields = [*(meta.get_all("License-Expression") or ()), *(meta.get_all("License") or ())]
    text = next((str(field) for field in fields if field), "")
    if not text or len(text) > 80:  # some put the whole licence text here
        classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or ()]
        text = "; ".join(c for c in classifiers if "License" in c) or "see its files"
    return text.splitlines()[0]


def collect_licences(folder: Path) -> int:
    """LICENSE, NOTICE and the texts it names, the licence files of every bundled package
    and of Python, and a README listing the versions in this build."""
    folder.mkdir(parents=True, exist_ok=True)
    ours = [*cfg.NOTICES, *sorted(cfg.LICENCE_TEXTS.glob("*.txt"))]
    for path in ours:
        shutil.copyfile(path, folder / path.name)
    copied = len(ours)
    lines = [
        f"Readiness {cfg.app_version()}: Apache-2.0 (LICENSE). NOTICE names every third-party",
        "work in this app and its licence; the texts are in this folder. This build has:",
        "",
    ]
    distributions = [*cfg.bundled_distributions(), *cfg.build_tools_in_app()]
    for dist in sorted(distributions, key=lambda dist: cfg.canonical_name(dist.metadata["Name"])):
        name = dist.metadata["Name"]
        lines.append(f"{name} {dist.version}: {_licence(dist)}")
        for file in dist.files or ():
            path = Path(str(file.locate()))
            if _LICENCE_NAME.match(path.name) and path.suffix not in (".py", ".pyc"):
                shutil.copyfile(path, folder / f"{name}-{path.name}")
                copied += 1
    stdlib = Path(sysconfig.get_path("stdlib"))
    for candidate in (stdlib / "LICENSE.txt", Path(sys.base_prefix) / "LICENSE.txt"):
        if candidate.is_file():
            shutil.copyfile(candidate, folder / "Python-LICENSE.txt")
            copied += 1
            break
    fonts = cfg.ROOT / "readiness" / "reports" / "fonts" / "LICENSE.txt"
    shutil.copyfile(fonts, folder / "DejaVu-fonts-LICENSE.txt")
    lines += [
        f"Python {platform.python_version()}: PSF-2.0",
        "DejaVu fonts: Bitstream Vera Fonts licence",
    ]
    (folder / "README.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return copied + 2


def folder_size(folder: Path) -> int:
    """Bytes in ``folder`` (files only; symbolic links count as nothing)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def self_test() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    log(f"running {console_executable().relative_to(cfg.ROOT)} --self-test")
    result = subprocess.run([str(console_executable()), "--self-test"], env=env, check=False)
    if result.returncode != 0:
        raise SystemExit(f"build: the frozen app failed its self-test (exit {result.returncode})")


def archive(version: str) -> Path:
    """The file agencies download, ``dist/readiness-<version>-<os>-<arch>.(tar.gz|zip)``,
    and its SHA-256 checksum beside it (``.sha256``, as ``sha256sum -c`` reads it)."""
    packed = _pack(version)
    digest = hashlib.sha256()
    with packed.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    checksum = packed.with_name(packed.name + ".sha256")
    checksum.write_text(f"{digest.hexdigest()}  {packed.name}\n", encoding="utf-8")
    return packed


def _pack(version: str) -> Path:
    machine = platform.machine().lower().replace("amd64", "x86_64")
    base = DIST / f"{cfg.APP_NAME}-{version}-{system()}-{machine}"
    folder = app_folder()
    if system() == "macos":  # ditto keeps the bundle's symbolic links and signatures
        target = base.with_suffix(".zip")
        subprocess.run(["ditto", "-c", "-k", "--keepParent", str(folder), str(target)], check=True)
        return target
    kind = "zip" if system() == "windows" else "gztar"
    return Path(shutil.make_archive(str(base), kind, root_dir=DIST, base_dir=folder.name))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", action="store_true", help="also pack the app for download")
    parser.add_argument(
        "--archive-only",
        action="store_true",
        help="only pack the app already in dist/ (after signing or notarising it)",
    )
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    parser.add_argument(
        "--skip-self-test", action="store_true", help="do not run the frozen --self-test"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    version = cfg.app_version()
    if args.archive_only:
        if not app_folder().exists():
            raise SystemExit(f"build: {app_folder()} does not exist; build it first")
        packed = archive(version)
        log(f"archive: {packed.relative_to(cfg.ROOT)} ({packed.stat().st_size / 1e6:.1f} MB)")
        return 0
    log(f"Readiness {version} for {system()} with Python {platform.python_version()}")
    ensure_pyinstaller()
    render_icons()
    shutil.rmtree(cfg.LICENCE_DIR, ignore_errors=True)
    count = collect_licences(cfg.LICENCE_DIR)  # bundled by the spec (so signing covers them)
    log(f"{count} licence files gathered in {cfg.LICENCE_DIR.relative_to(cfg.ROOT)}/")
    run_pyinstaller(args.clean)
    folder = app_folder()
    if system() == "linux":
        add_linux_files(folder)
    size = folder_size(folder)
    log(f"app: {folder.relative_to(cfg.ROOT)}/ ({size / 1e6:.1f} MB)")
    if not args.skip_self_test:
        self_test()
    if args.archive:
        packed = archive(version)
        log(f"archive: {packed.relative_to(cfg.ROOT)} ({packed.stat().st_size / 1e6:.1f} MB)")
    log(f"done in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
