"""``readiness settings show`` and ``readiness settings check FILE``: the settings, for agency IT.

``show`` prints the settings in force for this user, each with where its value
came from (``default`` or ``file``), and anything dropped from the settings file
with the reason. ``show --json`` prints the same as one JSON object of a stable
shape::

    {"file": PATH, "version": N or null,
     "settings": {NAME: {"value": VALUE, "origin": ORIGIN}, ...},
     "problems": [{"field": NAME or null, "message": SENTENCE}, ...]}

``version`` is the file's format version as read (null: no file, or unreadable).
``check FILE`` checks a settings file an agency wants to deploy: "FILE: OK" and
exit 0 when every field is known and valid, else one line per problem and exit 1.
The files a setting names (keys, thresholds, logos) are not opened here.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readiness.errors import ReadinessError

if TYPE_CHECKING:
    from readiness.cli import CliContext
    from readiness.settings import LoadedSettings

EXIT_PROBLEMS = 1


def register(subparsers: Any) -> None:
    group = subparsers.add_parser(
        "settings",
        help="show the settings in force and where each came from, or check a settings file",
        description="The settings this computer uses, for agency IT.",
    )
    commands = group.add_subparsers(dest="settings_command", metavar="ACTION")
    show = commands.add_parser(
        "show",
        help="the settings in force, where each came from, and anything dropped from the file",
    )
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=show_settings)
    check = commands.add_parser(
        "check",
        help="check a settings file before deploying it (exit 1 with one line per problem)",
    )
    check.add_argument("file", type=Path, metavar="FILE", help="the settings file to check")
    check.set_defaults(handler=check_settings)


def settings_report(loaded: LoadedSettings) -> dict[str, object]:
    """The settings in force, their origins and the problems: what ``show --json`` prints."""
    from readiness.settings import json_values

    values = json_values(loaded.settings)
    return {
        "file": str(loaded.path),
        "version": loaded.version,
        "settings": {
            name: {"value": value, "origin": loaded.origins[name]} for name, value in values.items()
        },
        "problems": [
            {"field": problem.field, "message": problem.message} for problem in loaded.problems
        ],
    }


def show_settings(args: argparse.Namespace, context: CliContext) -> int:
    from readiness.settings import json_values

    loaded = context.loaded_settings()
    out = context.out
    if args.json:
        json.dump(settings_report(loaded), out, indent=2, ensure_ascii=False)
        print(file=out)
        return 0
    if loaded.version is not None:
        print(f"Settings file: {loaded.path} (version {loaded.version})", file=out)
    elif loaded.path.exists():
        print(f"Settings file: {loaded.path} (not read)", file=out)
    else:
        print(f"Settings file: {loaded.path} (none yet: every setting has its default)", file=out)
    values = json_values(loaded.settings)
    width = max(len(name) for name in values)
    origin_width = max(len(origin) for origin in loaded.origins.values())
    for name, value in values.items():
        shown = json.dumps(value, ensure_ascii=False)
        print(f"  {name:<{width}}  {loaded.origins[name]:<{origin_width}}  {shown}", file=out)
    if loaded.problems:
        print("Not used:", file=out)
        for problem in loaded.problems:
            print(f"  {problem.message}", file=out)
    return 0


def check_settings(args: argparse.Namespace, context: CliContext) -> int:
    from readiness.settings import load_settings

    path: Path = args.file
    if not path.exists():
        raise ReadinessError(f"{path}: no such file")
    loaded = load_settings(path)
    for problem in loaded.problems:
        print(problem.message, file=context.out)
    if loaded.problems:
        return EXIT_PROBLEMS
    print(f"{path}: OK", file=context.out)
    return 0
