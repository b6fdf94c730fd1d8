"""``readiness agency-keys``, ``readiness seal`` and ``readiness unseal``: sealed exports.

``agency-keys PRIVATE PUBLIC`` makes the agency's key pair (RSA 3072 bits or more;
the private key encrypted with a passphrase). ``seal IN OUT`` seals a file to the
agency's public key (``--public-key``, else the one in Settings); this computer
cannot open the result. Sealing is recorded in the audit log of the records on this
computer (with who did it: ``--staff`` or Settings), when there are records.
``unseal IN OUT --private-key KEY`` opens a sealed file at the agency (where there
are no records to log it in), and writes nothing unless the whole file checks out. Passphrases come
from ``--passphrase-file`` (first line) or are typed in a terminal, never as
arguments (they would show in the process list and shell history).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from readiness.cli.privacy_options import add_db_option, add_staff_option, staff_initials
from readiness.errors import ReadinessError


def register(subparsers: Any) -> None:
    keys = subparsers.add_parser(
        "agency-keys",
        help="make the agency's key pair for sealed exports (done once, at the agency)",
    )
    keys.add_argument("private", type=Path, metavar="PRIVATE", help="private key file to write")
    keys.add_argument("public", type=Path, metavar="PUBLIC", help="public key file to write")
    keys.add_argument(
        "--bits", type=int, choices=[3072, 4096], default=3072, help="RSA key size (default 3072)"
    )
    _add_passphrase_option(keys, "for the new private key")
    keys.set_defaults(handler=run_agency_keys)

    seal = subparsers.add_parser(
        "seal", help="seal a file to the agency's public key (this computer cannot open it)"
    )
    seal.add_argument("input", type=Path, metavar="IN", help="file to seal")
    seal.add_argument("output", type=Path, metavar="OUT", help="sealed file to write")
    seal.add_argument(
        "--public-key",
        type=Path,
        metavar="PEM",
        help="the agency's public key (default: the one in Settings)",
    )
    add_staff_option(seal)
    add_db_option(seal)
    seal.set_defaults(handler=run_seal)

    unseal = subparsers.add_parser(
        "unseal", help="open a sealed file with the agency's private key"
    )
    unseal.add_argument("input", type=Path, metavar="IN", help="sealed file")
    unseal.add_argument("output", type=Path, metavar="OUT", help="file to write")
    unseal.add_argument(
        "--private-key", type=Path, required=True, metavar="PEM", help="the agency's private key"
    )
    _add_passphrase_option(unseal, "of the private key")
    unseal.set_defaults(handler=run_unseal)


def _add_passphrase_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="FILE",
        help=f"the passphrase {what} (first line of FILE); without it, it is asked for",
    )


def _passphrase(args: argparse.Namespace, prompt: str, *, twice: bool) -> str:
    if args.passphrase_file is not None:
        from readiness.cli.unlock import passphrase_from_file

        return passphrase_from_file(args.passphrase_file)
    if not sys.stdin.isatty():
        raise ReadinessError("type the passphrase in a terminal, or give --passphrase-file")
    import getpass

    first = getpass.getpass(prompt)
    if twice and getpass.getpass("Type it again: ") != first:
        raise ReadinessError("the two passphrases are not the same")
    return first


def run_agency_keys(args: argparse.Namespace, context: Any) -> int:
    from readiness.protection.sealing import generate_agency_keypair

    passphrase = _passphrase(args, "Passphrase for the private key: ", twice=True)
    key = generate_agency_keypair(args.private, args.public, passphrase, bits=args.bits)
    out = context.out
    print(f"Made the agency's key pair (RSA {key.bits} bits).", file=out)
    print(
        f"Private key: {args.private}. Keep it, and its passphrase, safe at the agency: "
        "without both, sealed exports cannot be opened.",
        file=out,
    )
    print(
        f"Public key: {args.public}. Give this file to every laptop "
        "(Settings: the agency's public key).",
        file=out,
    )
    print(f"Fingerprint: {key.fingerprint_text}", file=out)
    return 0


def run_seal(args: argparse.Namespace, context: Any) -> int:
    from readiness.paths import default_database_path
    from readiness.protection.sealing import seal_file

    key_path = args.public_key or _settings_public_key(context)
    if args.input.resolve() == args.output.resolve():
        raise ReadinessError(f"{args.output}: choose another name for the sealed file")
    records = context.db_path or default_database_path()
    staff = staff_initials(args, context) if records.exists() else ""
    key = seal_file(args.input, args.output, key_path)
    if records.exists():
        from readiness.store import audit

        detail = f"file sealed to key {key.fingerprint_text[:19]}"
        audit.record(context.database(), audit.AuditAction.SEALED, staff=staff, detail=detail)
    out = context.out
    print(f"Sealed {args.input} to {args.output}.", file=out)
    print(f"Only the private key with fingerprint {key.fingerprint_text} opens it.", file=out)
    print(f"{args.input} is still readable; delete it when it is no longer needed.", file=out)
    return 0


def run_unseal(args: argparse.Namespace, context: Any) -> int:
    from readiness.protection.sealing import (
        load_private_key,
        private_key_needs_passphrase,
        unseal_file,
    )

    password = None
    if private_key_needs_passphrase(args.private_key):
        password = _passphrase(args, "Passphrase of the private key: ", twice=False)
    key = load_private_key(args.private_key, password)
    unseal_file(args.input, args.output, key)
    print(f"Opened {args.input} into {args.output}.", file=context.out)
    return 0


def _settings_public_key(context: Any) -> Path:
    settings = context.settings()
    if not settings.agency_public_key:
        raise ReadinessError(
            "no agency public key: give --public-key, or set the agency's public key in Settings"
        )
    return Path(settings.agency_public_key)
