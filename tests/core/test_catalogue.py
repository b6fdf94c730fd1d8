"""The Spanish catalogue as translators keep it: the README's refresh step, run on a copy,
changes nothing; every text the code shows has Spanish; GNU ``msgfmt --check`` is
content; the compiled ``.mo`` matches ``es.po``; and no translatable text hides in an
f-string where extraction cannot see it."""

from __future__ import annotations

import ast
import gettext
import re
import shlex
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path
from string import Formatter

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from readiness.i18n.catalogues import COMPILE_COMMAND, compiled_file

ROOT = Path(__file__).resolve().parents[2]
SPANISH_PO = ROOT / "readiness" / "locale" / "es.po"
SERVICE_USER_COPY = "readiness/reports/plain_words.py"
MARKERS = {"_", "N_", "M_", "MN_", "MP_", "gettext", "ngettext", "pgettext", "npgettext"}


def _readme_commands() -> list[list[str]]:
    """The README's catalogue refresh commands, split into arguments."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Languages and translators", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    return [shlex.split(line) for line in block.strip().splitlines()]


def _pybabel(arguments: list[str]) -> list[str]:
    """A README ``.venv/bin/pybabel ...`` command, run with this interpreter's pybabel."""
    assert arguments[0] == ".venv/bin/pybabel", arguments
    return [str(Path(sys.executable).with_name("pybabel")), *arguments[1:]]


def _read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale="es")


@cache
def _refreshed(folder: Path) -> tuple[Catalog, str]:
    """``es.po`` after the README's extract and update steps, run on a copy in ``folder``."""
    extract, update, _compile = _readme_commands()
    template, copy = folder / "readiness.pot", folder / "es.po"
    shutil.copy(SPANISH_PO, copy)
    extract = [str(template) if part == "/tmp/readiness.pot" else part for part in extract]
    update = [
        str(template)
        if part == "/tmp/readiness.pot"
        else str(copy)
        if part.endswith(".po")
        else part
        for part in update
    ]
    found = subprocess.run(
        _pybabel(extract), cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    subprocess.run(
        _pybabel(update), cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    return _read(copy), found.stderr


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Catalog, str]:
    return _refreshed(tmp_path_factory.mktemp("catalogue"))


def _key(message: Message) -> tuple[str, str]:
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
    return (message.context or "", str(msgid))


def _strings(message: Message) -> tuple[str, ...]:
    string = message.string
    return tuple(string) if isinstance(string, tuple | list) else (str(string),)


def test_the_refresh_step_keeps_every_shown_text_in_spanish(
    refreshed: tuple[Catalog, str],
) -> None:
    catalogue, _warnings = refreshed
    messages = [m for m in catalogue if m.id]
    assert messages, "extraction found nothing: is the README command right?"
    english_again = [_key(m) for m in messages if m.fuzzy or not all(_strings(m))]
    assert english_again == [], "texts without Spanish after the README's refresh step"


def test_the_catalogue_keeps_no_text_the_code_no_longer_uses(
    refreshed: tuple[Catalog, str],
) -> None:
    catalogue, _warnings = refreshed
    assert sorted(catalogue.obsolete) == []
    current = {_key(m) for m in _read(SPANISH_PO) if m.id}
    assert current == {_key(m) for m in catalogue if m.id}


def test_extraction_skips_nothing_hidden_in_an_f_string(refreshed: tuple[Catalog, str]) -> None:
    _catalogue, warnings = refreshed
    assert "Skipping f-string" not in warnings
    hidden = []
    for path in sorted(
        [*ROOT.joinpath("readiness").rglob("*.py"), *ROOT.joinpath("ui").rglob("*.py")]
    ):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr) and any(
                isinstance(call, ast.Call) and _marker(call) and _literal_argument(call)
                for call in ast.walk(node)
            ):
                hidden.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert hidden == [], "a marked literal inside an f-string is invisible to pybabel"


def _marker(call: ast.Call) -> bool:
    function = call.func
    name = function.id if isinstance(function, ast.Name) else getattr(function, "attr", "")
    return name in MARKERS


def _literal_argument(call: ast.Call) -> bool:
    return any(isinstance(arg, ast.Constant) and isinstance(arg.value, str) for arg in call.args)


def _names(template: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in Formatter().parse(template) if name}


def test_translations_keep_their_placeholders() -> None:
    for message in _read(SPANISH_PO):
        if not message.id:
            continue
        english = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = set().union(*(_names(text) for text in english))
        for spanish in _strings(message):
            assert _names(spanish) == wanted, (message.id, spanish)


def test_the_header_names_the_project_not_placeholders() -> None:
    header = SPANISH_PO.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert "Project-Id-Version: Readiness " in header
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header
    assert not re.search(r"FULL NAME|EMAIL@ADDRESS|YEAR-MO-DA|LL@li\.org|PACKAGE VERSION", header)


def test_the_service_user_copy_tells_translators_its_reading_level() -> None:
    copy = [m for m in _read(SPANISH_PO) if any(f == SERVICE_USER_COPY for f, _ in m.locations)]
    assert len(copy) > 40
    for message in copy:
        assert "sixth-grade reading level" in " ".join(message.auto_comments), message.id


def test_every_message_keeps_its_source_reference() -> None:
    assert all(m.locations for m in _read(SPANISH_PO) if m.id)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
def test_gnu_msgfmt_check_accepts_the_catalogue() -> None:
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(SPANISH_PO)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_the_compiled_catalogue_matches_the_po_file() -> None:
    compiled = Path(str(compiled_file("es")))
    instruction = f"{compiled} is missing or older than {SPANISH_PO}: run `{COMPILE_COMMAND}`"
    assert compiled.is_file(), instruction
    with compiled.open("rb") as handle:
        table = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    expected: dict[object, str] = {}
    for message in _read(SPANISH_PO):
        if not message.id or message.fuzzy or not all(_strings(message)):
            continue
        prefix = f"{message.context}\x04" if message.context else ""
        if isinstance(message.id, tuple):
            for index, form in enumerate(_strings(message)):
                expected[(prefix + message.id[0], index)] = form
        else:
            expected[prefix + message.id] = _strings(message)[0]
    shipped = {key: value for key, value in table.items() if key != ""}
    assert shipped == expected, instruction
