"""Benchmark: ``readiness assess`` and ``readiness report`` as whole processes, and
``assess()`` in the process.

- Each command, from launch to its end, beside a floor script that imports the same
  third-party libraries and reads the same data files with libyaml: the packages are
  found by running the command once with an audit hook, so the floor follows the code;
  the files are the YAML files it opened plus every built-in definition file
  (questionnaires, thresholds, rules, catalogue), which the command reads from the
  definitions cache instead once they are validated. A second row puts the same command
  beside that floor importing every third-party module the command imported (not only
  each package's top level), without a goal: the libraries' own import time. ``report``
  writes a staff PDF from an encrypted database of realistic documents, so its floor
  also opens that database with its passphrase (the same key derivation, about 0.1 s).
  Both run with bytecode kept, as an installed app runs (``timing.app_environment``).
- ``assess()`` per assessment on realistic documents, beside the same rule tests done
  as dictionary lookups: every ``fact`` test in the rule files, read from a dictionary
  of the document's answers.

Each is interleaved with its floor, median of ``--rounds``.

    python -m tests.bench.bench_assess [--rounds 7] [--documents 200]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.bench.timing import (
    ROOT,
    Row,
    app_environment,
    as_json,
    interleaved,
    print_table,
    scratch_folder,
    timed,
)

TRACE = """
import json, sys, sysconfig
opened = []
def hook(event, args):
    if event == "open" and isinstance(args[0], str) and args[0].endswith((".yaml", ".yml")):
        opened.append(args[0])
sys.addaudithook(hook)
from readiness.cli import main
code = main(sys.argv[1:])
site = sysconfig.get_paths()["purelib"]
modules = sorted(
    name for name, module in list(sys.modules.items())
    if str(getattr(module, "__file__", "") or "").startswith(site)
    and not name.startswith(("_", "__"))
)
packages = sorted({name.split(".")[0] for name in modules})
found = {"packages": packages, "modules": modules, "files": opened}
sys.stderr.write("TRACE " + json.dumps(found) + "\\n")
sys.exit(code)
"""

FLOOR = """
import json, sys
from importlib import import_module
given = json.loads(sys.argv[1])
for package in given["packages"]:
    import_module(package)
for module in given.get("modules", ()):
    import_module(module)
import yaml
for path in given["files"]:
    with open(path, "rb") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)
if given.get("document"):
    with open(given["document"], encoding="utf-8") as handle:
        json.load(handle)
if given.get("database"):
    import sqlcipher3
    connection = sqlcipher3.connect(given["database"])
    connection.execute("PRAGMA key = '" + given["passphrase"].replace("'", "''") + "'")
    connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
"""


def builtin_definition_files() -> list[str]:
    """Every built-in definition file: the questionnaires, thresholds, rules and catalogue."""
    folders = (ROOT / "questionnaires", ROOT / "readiness" / "rules")
    return sorted(str(path) for folder in folders for path in folder.glob("*.yaml"))


def _document_file(folder: Path) -> Path:
    from readiness.document import to_json
    from tests.core.reports.samples import filled_document

    path = folder / "assessment.json"
    path.write_text(to_json(filled_document(1)), encoding="utf-8")
    return path


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        command, capture_output=True, text=True, cwd=ROOT, check=False, env=app_environment()
    )
    if done.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return done


def _readiness() -> list[str]:
    script = Path(sys.executable).with_name("readiness")  # as the worker runs it
    return [str(script)] if script.exists() else [sys.executable, "-m", "readiness"]


def _command_rows(
    command_name: str, measure: str, arguments: list[str], floor_given: dict[str, Any], rounds: int
) -> list[Row]:
    """``readiness ARGUMENTS`` beside its floor (see the module docstring), and beside the
    same floor importing every third-party module the command imported, not only the
    packages (no goal: it shows how much of the distance is the libraries' own modules,
    which a package's top-level import leaves out, e.g. pydantic's model machinery)."""
    traced = _run([sys.executable, "-c", TRACE, *arguments]).stderr
    line = next(x for x in traced.splitlines() if x.startswith("TRACE "))
    found = json.loads(line[len("TRACE ") :])
    files = sorted({*found["files"], *builtin_definition_files()})
    given = {**floor_given, "packages": found["packages"], "files": files}
    if given.get("database") and "sqlcipher3" not in given["packages"]:
        given["packages"].append("sqlcipher3")
    with_modules = {**given, "modules": found["modules"]}
    command = _readiness() + arguments
    samples = interleaved(
        {
            "command": lambda: timed(lambda: _run(command)),
            "floor": lambda: timed(lambda: _run([sys.executable, "-c", FLOOR, json.dumps(given)])),
            "modules": lambda: timed(
                lambda: _run([sys.executable, "-c", FLOOR, json.dumps(with_modules)])
            ),
        },
        rounds,
    )
    opens = " and open the encrypted database with its passphrase" if given.get("database") else ""
    now = statistics.median(samples["command"])
    return [
        Row(
            measure,
            now,
            statistics.median(samples["floor"]),
            goal_ratio=1.5,
            floor_name=(
                f"import {', '.join(given['packages'])}, read its {len(files)} data files with "
                f"libyaml{opens}"
            ),
        ),
        Row(
            f"{command_name} beside its libraries' modules",
            now,
            statistics.median(samples["modules"]),
            floor_name=(
                f"the same, importing all {len(found['modules'])} third-party modules the "
                "command imported"
            ),
        ),
    ]


def command_rows(rounds: int) -> list[Row]:
    from readiness.store.database import open_database
    from tests.bench.databases import bench_key, documents_database, passphrase_file

    with scratch_folder("readiness-bench-assess-") as folder:
        document = _document_file(folder)
        assess = _command_rows(
            "`readiness assess`",
            "`readiness assess` (whole process)",
            ["assess", "--input", str(document), "--json"],
            {"document": str(document)},
            rounds,
        )
        database = documents_database(20)
        db = open_database(database, key=bench_key())
        assessment_id = db.execute(
            "SELECT id FROM assessments ORDER BY created LIMIT 1"
        ).fetchone()[0]
        db.close()
        passphrase = passphrase_file()
        report = _command_rows(
            "`readiness report`",
            "`readiness report` staff PDF (whole process)",
            [
                "--db",
                str(database),
                "--passphrase-file",
                str(passphrase),
                "report",
                assessment_id,
                "--audience",
                "staff",
                "--staff",
                "MJ",
                "--plain",
                "--out",
                str(folder / "report.pdf"),
            ],
            {"database": str(database), "passphrase": passphrase.read_text("utf-8").strip()},
            rounds,
        )
        return [*assess, *report]


def _fact_tests(node: Any) -> Iterator[tuple[str, str, Any]]:
    """Every ``{fact: NAME, OP: VALUE}`` test in a rule file, as (name, op, value)."""
    if isinstance(node, dict):
        if "fact" in node and isinstance(node["fact"], str):
            for op, value in node.items():
                if op != "fact":
                    yield node["fact"], op, value
        for value in node.values():
            yield from _fact_tests(value)
    elif isinstance(node, list):
        for item in node:
            yield from _fact_tests(item)


def _lookups(facts: dict[str, Any], tests: list[tuple[str, str, Any]]) -> int:
    """The rule tests as dictionary lookups: how many hold."""
    held = 0
    for name, op, value in tests:
        found = facts.get(name)
        if op == "in":
            held += found in value
        elif op == "known":
            held += (found is not None) == value
        elif op in ("lt", "le", "gt", "ge") and isinstance(found, int | float):
            bound = value if isinstance(value, int | float) else 0
            held += found < bound if op in ("lt", "le") else found > bound
        else:
            held += found == value
    return held


def engine_rows(rounds: int, documents: int) -> list[Row]:
    import yaml

    from readiness.interpret import interpret
    from readiness.settings import Settings
    from tests.core.reports.samples import filled_document

    given = interpret(Settings())
    docs = [filled_document(index + 1) for index in range(documents)]
    tests: list[tuple[str, str, Any]] = []
    for name in ("facts", "domains", "channels", "catalogue"):
        path = ROOT / "readiness" / "rules" / f"{name}.yaml"
        tests += list(_fact_tests(yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)))
    facts = [
        {answer.item_id.split(".")[-1]: answer.value for answer in doc.answers} for doc in docs
    ]

    def engine() -> float:
        started = time.perf_counter()
        for doc in docs:
            given.assess(doc)
        return (time.perf_counter() - started) / len(docs) * 1000

    def floor() -> float:
        started = time.perf_counter()
        for found in facts:
            _lookups(found, tests)
        return (time.perf_counter() - started) / len(facts) * 1000

    samples = interleaved({"engine": engine, "floor": floor}, rounds)
    return [
        Row(
            "`assess()` in-process, per assessment",
            statistics.median(samples["engine"]),
            statistics.median(samples["floor"]),
            unit="ms",
            goal_absolute=0.5,
            floor_name=f"the rules' {len(tests)} fact tests as dictionary lookups",
        )
    ]


def rows(rounds: int, documents: int = 200) -> list[Row]:
    return command_rows(rounds) + engine_rows(rounds, documents)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--documents", type=int, default=200)
    args = parser.parse_args()
    found = rows(args.rounds, args.documents)
    print_table(found, f"Assessing (median of {args.rounds}, interleaved)")
    print(as_json(found))
    return 0


if __name__ == "__main__":
    sys.exit(main())
