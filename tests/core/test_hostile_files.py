"""Hostile agency files: questionnaires, thresholds and rules/catalogue files built to do harm.

For each of the three kinds an agency can add, each attack must be refused quickly
with one message that names the file, and must never run code, crash the process,
or raise anything but the loader's own message: a file over the size limit, nesting
10,000 and 200,000 levels deep (libyaml's own composer crashed the whole process on
the second), a "billion laughs" alias bomb, a merge-key (``<<``) bomb, an alias loop,
hundreds of thousands of values just under the size limit, YAML tags that try to
build Python objects, and bytes that are not UTF-8 text.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from readiness import safe_yaml
from readiness.equity.loading import load_rules
from readiness.questionnaire.loader import MAX_FILE_BYTES as QUESTIONNAIRE_MAX_BYTES
from readiness.questionnaire.loader import load_file
from readiness.thresholds import builtin_thresholds, load_thresholds_with_fallback

KINDS = ("questionnaire", "thresholds", "rules")
MAX_BYTES = {
    "questionnaire": QUESTIONNAIRE_MAX_BYTES,
    "thresholds": 1024 * 1024,
    "rules": 1024 * 1024,
}
REFERENCE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
QUICK = 5.0
"""Seconds a refusal may take at most (it takes well under one; CI machines are slow)."""


def problem_for(kind: str, path: Path) -> str:
    """The one message the app shows for ``path`` as an agency file of ``kind`` ("" if it loads)."""
    if kind == "questionnaire":
        instrument, problems = load_file(path)
        assert (instrument is None) == bool(problems)
        return str(problems[0]) if problems else ""
    if kind == "thresholds":
        thresholds, problem = load_thresholds_with_fallback(path)
        if problem is not None:
            assert thresholds is builtin_thresholds()  # the built-ins stay in force
        return problem or ""
    _rules, warnings = load_rules([path], thresholds=builtin_thresholds())
    assert len(warnings) <= 1
    return warnings[0] if warnings else ""


def _refused(kind: str, path: Path, *expected: str) -> str:
    started = time.monotonic()
    message = problem_for(kind, path)
    elapsed = time.monotonic() - started
    assert message, f"{path.name} was accepted as a {kind} file"
    assert str(path) in message
    assert "\n" not in message
    for words in expected:
        assert words in message, message
    assert elapsed < QUICK, f"refusing {path.name} took {elapsed:.1f} s"
    return message


def _write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _bomb(levels: int = 10, width: int = 10) -> str:
    """A "billion laughs": each anchor repeats the one before ``width`` times."""
    lines = ["a0: &a0 [" + ", ".join(['"lol"'] * width) + "]"]
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def _merge_bomb(levels: int = 40) -> str:
    """Merge keys copy every pair of the mappings they merge: doubling at each level."""
    lines = ["m0: &m0 {k: 1, j: 2}"]
    for level in range(1, levels):
        lines.append(f"m{level}: &m{level} {{<<: [*m{level - 1}, *m{level - 1}], x{level}: 1}}")
    return "\n".join(lines) + "\n"


# -- size ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_file_over_the_size_limit_is_refused_before_it_is_read(kind: str, tmp_path: Path) -> None:
    path = _write(tmp_path, f"huge-{kind}.yaml", b"# padding\n" * (MAX_BYTES[kind] // 10 + 1))
    _refused(kind, path, "too large")


@pytest.mark.parametrize(
    "kind",
    [
        "questionnaire",
        "thresholds",
        "rules",
    ],
)
def test_a_file_that_never_ends_is_refused_before_it_is_read(kind: str, tmp_path: Path) -> None:
    """A link to ``/dev/zero`` claims size 0 and never ends: it is a device, not a file.

    Run in a child process with little memory, so a failure is a clean MemoryError
    there rather than this machine running out of memory.
    """
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    path = tmp_path / "agency.yaml"
    path.symlink_to("/dev/zero")
    message = _in_child_process(kind, path)
    assert str(path) in message and "this is a device, not a file" in message


@pytest.mark.parametrize("kind", KINDS)
def test_hundreds_of_thousands_of_values_under_the_size_limit_are_refused(
    kind: str, tmp_path: Path
) -> None:
    count = (min(MAX_BYTES.values()) - 100) // 2  # "0," each: just under 512 KB
    path = _write(tmp_path, f"wide-{kind}.yaml", "[" + "0," * count + "]\n")
    message = _refused(kind, path)
    if kind != "thresholds":
        assert "too large" in message


# -- nesting --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("shape", ["list", "map"])
def test_ten_thousand_levels_of_nesting_are_refused(kind: str, shape: str, tmp_path: Path) -> None:
    depth = 10_000
    body = "[" * depth + "]" * depth if shape == "list" else "{a: " * depth + "1" + "}" * depth
    path = _write(tmp_path, f"deep-{shape}.yaml", "schema_version: 1\ndeep: " + body + "\n")
    message = _refused(kind, path)
    if kind != "thresholds":
        assert "nested too deeply" in message


@pytest.mark.parametrize(
    "depth",
    [safe_yaml.MAX_DEPTH + 1, 999, 1_001, 20_000],
    ids=["ours", "under-libyaml", "over-libyaml", "far-over"],
)
@pytest.mark.parametrize(
    "shape",
    [
        lambda depth: "deep: " + "[" * depth + "]" * depth,
        lambda depth: "deep: " + "{a: " * depth + "1" + "}" * depth,
        lambda depth: "deep:\n  " + "- " * depth + "x",
        lambda depth: "deep:\n" + "".join(f"{' ' * (1 + i)}k:\n" for i in range(depth)) + "  v",
    ],
    ids=["flow-list", "flow-map", "block-list", "block-map"],
)
def test_too_deep_is_one_refusal_whichever_parser_layer_notices(
    shape: Callable[[int], str], depth: int
) -> None:
    """libyaml refuses past 1,000 levels on its own, before our composer sees level 101
    when its scanner reads ahead; either way the refusal is ours, with the line."""
    text = "schema_version: 1\nname: x\n" + shape(depth) + "\n"
    with pytest.raises(safe_yaml.YAMLLimitError) as refused:
        safe_yaml.load(text)
    assert refused.value.problem == f"nested too deeply (more than {safe_yaml.MAX_DEPTH} levels)"
    assert refused.value.problem_mark is not None
    assert refused.value.problem_mark.line >= 2  # in the deep part, not before it


@pytest.mark.parametrize("kind", ("questionnaire", "rules"))
def test_deep_json_is_refused_too(kind: str, tmp_path: Path) -> None:
    depth = 10_000
    path = _write(tmp_path, "deep.json", '{"deep": ' + "[" * depth + "]" * depth + "}")
    _refused(kind, path, "nested too deeply")


_PROBE = textwrap.dedent(
    """
    import resource, sys
    from pathlib import Path
    resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
    sys.path.insert(0, {root!r})
    from tests.core.test_hostile_files import problem_for
    print(problem_for({kind!r}, Path({path!r})))
    """
)
CHILD_MEMORY = 1024 * 1024 * 1024


def _in_child_process(kind: str, path: Path) -> str:
    """``problem_for`` run in a fresh interpreter with 1 GiB of address space."""
    root = str(Path(__file__).resolve().parents[2])
    probe = _PROBE.format(memory=CHILD_MEMORY, root=root, kind=kind, path=str(path))
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, f"exit code {done.returncode}: {done.stderr[-500:]}"
    message = done.stdout.strip()
    assert "\n" not in message
    return message


@pytest.mark.parametrize("kind", KINDS)
def test_two_hundred_thousand_levels_do_not_crash_the_app(kind: str, tmp_path: Path) -> None:
    """libyaml's composer recursed in C and died of a segmentation fault on this file.

    Run in a child process, so that if it ever comes back it fails this test rather
    than the whole test run.
    """
    depth = 200_000
    path = _write(tmp_path, "deeper.yaml", "[" * depth + "]" * depth + "\n")
    message = _in_child_process(kind, path)
    assert str(path) in message
    if kind != "thresholds":
        assert "nested too deeply" in message


# -- aliases ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("name", "make"),
    [("billion-laughs", _bomb), ("merge-bomb", _merge_bomb)],
)
def test_alias_bombs_are_refused_quickly(
    kind: str, name: str, make: Callable[[], str], tmp_path: Path
) -> None:
    path = _write(tmp_path, f"{name}.yaml", "schema_version: 1\n" + make())
    message = _refused(kind, path)
    if kind != "thresholds":
        assert "too large" in message and "aliases" in message


@pytest.mark.parametrize("kind", KINDS)
def test_an_alias_inside_the_part_it_names_is_refused(kind: str, tmp_path: Path) -> None:
    path = _write(tmp_path, "loop.yaml", "schema_version: 1\nloop: &loop [1, *loop]\n")
    message = _refused(kind, path)
    if kind != "thresholds":
        assert "a loop" in message


# -- tags ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system",
        "!!python/object/new:os.system",
        "!!python/object/apply:subprocess.check_call",
    ],
)
def test_tags_that_build_objects_are_refused_and_never_run(
    kind: str, tag: str, tmp_path: Path
) -> None:
    pwned = tmp_path / "pwned"
    command = f"touch {pwned}"
    argument = f"[[sh, -c, {command!r}]]" if "subprocess" in tag else f"[{command!r}]"
    path = _write(tmp_path, "evil.yaml", f"schema_version: 1\nevil: {tag} {argument}\n")
    message = _refused(kind, path)
    assert not pwned.exists()
    assert f"the YAML tag '{tag}' is not allowed" in message  # ours, whichever kind of file


@pytest.mark.parametrize("kind", KINDS)
def test_a_python_name_tag_is_refused(kind: str, tmp_path: Path) -> None:
    path = _write(tmp_path, "name.yaml", "schema_version: 1\nevil: !!python/name:os.system\n")
    _refused(kind, path)


# -- bytes that are not text -------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",  # a picture
        "schema_version: 1\nname: café\n".encode("latin-1"),  # another code page
        "schema_version: 1\n".encode("utf-16"),  # UTF-16 with its byte-order mark
    ],
    ids=["png", "latin-1", "utf-16"],
)
def test_bytes_that_are_not_utf8_text_are_refused(
    kind: str, content: bytes, tmp_path: Path
) -> None:
    path = _write(tmp_path, f"binary-{kind}.yaml", content)
    _refused(kind, path, "not a text file")


@pytest.mark.parametrize("kind", KINDS)
def test_control_characters_in_utf8_text_are_refused(kind: str, tmp_path: Path) -> None:
    path = _write(tmp_path, "nul.yaml", "schema_version: 1\nname: a\x00b\x1b[31m\n")
    _refused(kind, path)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("schema_version: 1\n" + _bomb(), "too large"),
        ("schema_version: 1\ndeep: " + "[" * 10_000 + "]" * 10_000 + "\n", "nested too deeply"),
        ("schema_version: 1\nevil: !!python/object/apply:os.system ['true']\n", "not allowed"),
    ],
    ids=["bomb", "deep", "tag"],
)
def test_a_thresholds_file_says_what_is_wrong(text: str, words: str, tmp_path: Path) -> None:
    _refused("thresholds", _write(tmp_path, "agency-thresholds.yaml", text), words)


# -- the counting loader reads ordinary YAML exactly as libyaml does ----------------------

ROOT = Path(__file__).resolve().parents[2]
ORDINARY = """\
base: &base {a: 1, b: [x, "y"]}
one: {<<: *base, c: 2.5}
two: *base
text: |
  two
  lines
folded: >
  one
  line
empty:
nothing: ~
tagged: !!str 012
dates_stay_text: "2026-03-09"
"""


@pytest.mark.parametrize(
    "path",
    sorted(
        [
            *(ROOT / "questionnaires").glob("*.yaml"),
            *(ROOT / "readiness" / "rules").glob("*.yaml"),
        ]
    ),
    ids=lambda path: path.name,
)
def test_the_built_in_files_read_the_same_as_with_libyaml(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert safe_yaml.load(text) == yaml.load(text, Loader=REFERENCE)


@pytest.mark.parametrize("text", [ORDINARY, "", "---\n...\n", "- [1, 2]\n- {a: b}\n", "x"])
def test_ordinary_yaml_features_read_the_same_as_with_libyaml(text: str) -> None:
    assert safe_yaml.load(text) == yaml.load(text, Loader=REFERENCE)


@pytest.mark.parametrize(
    "text",
    ["a: 1\n---\nb: 2\n", "a: *nowhere\n", "a: &x 1\nb: &x 2\n", "a: [1, 2\n", "? [1]\n: 2\n"],
    ids=["two documents", "undefined alias", "duplicate anchor", "unclosed", "list as key"],
)
def test_broken_yaml_fails_as_with_libyaml(text: str) -> None:
    with pytest.raises(yaml.YAMLError) as expected:
        yaml.load(text, Loader=REFERENCE)
    with pytest.raises(type(expected.value)):
        safe_yaml.load(text)


_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()


@settings(max_examples=150, deadline=None)
@given(
    data=st.recursive(
        _SCALARS,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner),
        max_leaves=25,
    ),
    flow=st.sampled_from([None, True, False]),
)
def test_any_plain_data_reads_the_same_as_with_libyaml(data: object, flow: bool | None) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
    assert safe_yaml.load(text) == yaml.load(text, Loader=REFERENCE)
