"""The ``readiness`` entry point: commands run headless; no command opens the app."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from readiness.cli import main as cli_main


def _open_app(db_path: Path | None) -> int:
    from ui.app import run_app  # Qt is imported only when the app is really opened

    return run_app(db_path)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``readiness`` with ``argv`` (default: the process arguments)."""
    return cli_main(argv, open_gui=_open_app)


if __name__ == "__main__":
    sys.exit(main())
