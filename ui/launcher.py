"""The ``readiness`` entry point: no command opens the app; commands run headless.

The launcher hands the core what only the GUI can do (opening the window, the Qt
media probes for ``check device --media``), so the core never names ``ui``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from readiness.checks.base import Check
    from readiness.thresholds import Thresholds


def _open_app(db_path: Path | None) -> int:
    from .frame import show_frame  # Qt is imported only when the app is really opened

    window = show_frame()  # on the screen before the rest of the app is loaded
    from .app import run_app

    return run_app(db_path, window=window)


def _media_checks(thresholds: Thresholds) -> Sequence[Check]:
    from .probes.cli import cli_media_checks  # Qt only when --media asks for it

    return cli_media_checks(thresholds)


def _app_only(argv: Sequence[str]) -> tuple[bool, Path | None]:
    """Whether ``argv`` just opens the app (nothing, or only ``--db PATH``), and the path."""
    if not argv:
        return True, None
    if len(argv) == 2 and argv[0] == "--db" and not argv[1].startswith("-"):
        return True, Path(argv[1])
    if len(argv) == 1 and argv[0].startswith("--db=") and len(argv[0]) > 5:
        return True, Path(argv[0][5:])
    return False, None


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``readiness`` with ``argv`` (default: the process arguments)."""
    args = list(sys.argv[1:] if argv is None else argv)
    app_only, db_path = _app_only(args)
    if app_only:  # skip building the command-line parser: the app starts sooner
        return _open_app(db_path)
    from readiness.cli import main as cli_main

    return cli_main(args, open_gui=_open_app, media_checks=_media_checks)


if __name__ == "__main__":
    sys.exit(main())
