"""Options shared by the commands that show, hand out or change records.

``--db`` may also follow these commands (``readiness erase CODE --db FILE``); it
sets the same value as the global ``--db``. ``--staff`` names who is acting, for
the audit log; without it the initials from Settings are used, and without either
the command refuses (every audit entry names who did it). ``--plain`` writes a
file without sealing it to the agency's public key in Settings (``seal_choice``);
either way a plain file is warned about on standard error. ``confirm`` asks on
the terminal and treats no answer (end of input) as "no".
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from readiness.protection.sealing import AgencyPublicKey


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """Accept ``--db`` after the command too, without overriding a global ``--db``."""
    parser.add_argument(
        "--db",
        type=Path,
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="database file to use instead of the default one",
    )


def add_staff_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--staff",
        metavar="INITIALS",
        help="your initials, recorded in the audit log (default: the ones in Settings)",
    )


def add_plain_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--plain",
        action="store_true",
        help=f"write {what} without sealing it to the agency's public key in Settings "
        "(anyone who gets the file can read it)",
    )


def seal_choice(args: argparse.Namespace, context: Any) -> AgencyPublicKey | None:
    """The agency's key to seal the file to: the one in Settings, unless ``--plain``.

    A key that is set but cannot be used refuses the command (``SealError``) unless
    ``--plain``. A file written plain, by choice or for want of a key, is warned about.
    """
    from readiness.messages import english
    from readiness.protection.sealing import plain_export_warning, seal_key_for

    if not args.plain:
        key = seal_key_for(context.loaded_settings())
        if key is not None:
            return key
    print(f"readiness: warning: {english(plain_export_warning())}", file=sys.stderr)
    return None


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a date (use YYYY-MM-DD)") from None


def staff_initials(args: argparse.Namespace, context: Any) -> str:
    """Who is acting: ``--staff``, else the initials in Settings; refuses when there are none,
    so no audit entry is ever written without its actor."""
    from readiness.errors import ReadinessError
    from readiness.store.text_fields import checked_initials

    initials: str = (
        checked_initials(args.staff)
        if getattr(args, "staff", None)
        else context.settings().staff_initials
    )
    if not initials:
        raise ReadinessError(
            "say who is acting: give --staff INITIALS, or set your initials in Settings "
            "(the audit log names who did what)"
        )
    return initials


def confirm(prompt: str, expected: str, out: TextIO, source: Any = None) -> bool:
    """Ask ``prompt``; True only if the answer, trimmed and in any case, is ``expected``."""
    print(prompt, end=" ", file=out, flush=True)
    stream = source or sys.stdin
    answer = stream.readline()
    if not answer or not stream.isatty():
        print(file=out)  # a typed answer ends its own line; a piped one does not
    return answer.strip().upper() == expected.upper()
