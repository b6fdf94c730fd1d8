"""Reading YAML data files safely and quickly: plain data only, with limits on shape.

Every data file the app reads (questionnaires, thresholds, rules, report texts)
goes through here. Only the safe constructor is used, so a YAML tag that tries to
build a Python object is an error, never code. libyaml's C parser is used when
PyYAML has it.

Nodes are put together by a composer that counts as it goes, so a hostile file is
refused before it can do harm:

- nesting deeper than ``MAX_DEPTH`` levels is refused (libyaml's own composer
  recurses in C and crashed the whole process on a 400 KB file of ``[``);
- more than ``MAX_VALUES`` values, counting each alias (``*name``) at the size of
  the part it repeats, is refused: a "billion laughs" alias bomb, or a merge-key
  (``<<``) bomb that PyYAML would otherwise spend minutes expanding;
- an alias inside the part it names (a loop) is refused;
- a tag that would build anything but plain data (``!!python/object/apply:os.system``)
  is refused by name, never looked up.

The limits are far above any real data file (the largest built-in file has under
3,000 values and is 8 levels deep). A refusal is a ``YAMLLimitError``, a
``yaml.MarkedYAMLError`` whose ``problem`` says what is wrong in plain words and
whose mark gives the line. The composer is iterative and costs about a fifth more
than libyaml's on the built-in files (a few milliseconds at start-up).

libyaml (PyYAML 6.0.4 and later) refuses nesting past its own limit too, in its
words, and can do so before the composer sees the level past ``MAX_DEPTH``: its
scanner reads ahead along a line of ``[[[[``. So when the parser gives up, the text
up to where it stopped is composed once more; if that is too deep for us, the
refusal is ours, worded as above, whichever layer noticed first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml
from yaml.composer import Composer, ComposerError
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, Event, MappingStartEvent, ScalarEvent, SequenceStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import ParserError
from yaml.resolver import Resolver
from yaml.scanner import ScannerError

MAX_DEPTH = 100
MAX_VALUES = 100_000


class YAMLLimitError(yaml.MarkedYAMLError):
    """The text is YAML, but too deep, too large once aliases are expanded, a loop, or it
    asks for something other than plain data (a tag)."""


def _limit(problem: str, event: Event) -> YAMLLimitError:
    mark: Any = event.start_mark  # libyaml's marks have the same fields as PyYAML's
    return YAMLLimitError(None, None, problem, mark)


class _CountingComposer(Composer):
    """PyYAML's composer, made iterative, with a depth limit and a budget of values.

    It builds the same nodes as ``yaml.composer.Composer`` (the safe resolver has no
    path resolvers, so none are consulted) and counts each alias at the size of the
    part it repeats.
    """

    # Given by the parser and the resolver this is mixed with.
    get_event: Callable[[], Any]
    resolve: Callable[[type[Node], Any, Any], str]

    def __init__(self) -> None:
        Composer.__init__(self)
        self._values = 0
        self._sizes: dict[str, int] = {}
        self._open: set[str] = set()

    def compose_document(self) -> Node:
        self.get_event()  # DOCUMENT-START
        node = self._compose_root()
        self.get_event()  # DOCUMENT-END
        self.anchors = {}
        return node

    def _compose_root(self) -> Node:
        get_event, resolve = self.get_event, self.resolve
        # The open collections, innermost last: [node, anchor, values before it, key].
        stack: list[list[Any]] = []
        while True:
            event = get_event()
            kind = type(event)
            node: Node
            if kind is ScalarEvent:
                tag = event.tag
                if tag is None or tag == "!":
                    tag = resolve(ScalarNode, event.value, event.implicit)
                node = ScalarNode(
                    tag, event.value, event.start_mark, event.end_mark, style=event.style
                )
                self._values += 1
                if event.anchor is not None:
                    self._anchor(event, node)
                    self._sizes[event.anchor] = 1
            elif kind is AliasEvent:
                node = self._alias(event)
            elif kind is SequenceStartEvent or kind is MappingStartEvent:
                if len(stack) >= MAX_DEPTH:
                    raise _limit(f"nested too deeply (more than {MAX_DEPTH} levels)", event)
                node_class = SequenceNode if kind is SequenceStartEvent else MappingNode
                tag = event.tag
                if tag is None or tag == "!":
                    tag = resolve(node_class, None, event.implicit)
                collection = node_class(
                    tag, [], event.start_mark, None, flow_style=event.flow_style
                )
                if event.anchor is not None:
                    self._anchor(event, collection)
                    self._open.add(event.anchor)
                stack.append([collection, event.anchor, self._values, None])
                self._values += 1
                continue
            else:  # SEQUENCE-END or MAPPING-END
                node, anchor, before, _key = stack.pop()
                node.end_mark = event.end_mark
                if anchor is not None:
                    self._sizes[anchor] = self._values - before
                    self._open.discard(anchor)
            if self._values > MAX_VALUES:
                raise _limit(
                    f"too large: more than {MAX_VALUES} values once repeated parts "
                    "(YAML aliases) are counted in full",
                    event,
                )
            if not stack:
                return node
            parent = stack[-1]
            if isinstance(parent[0], SequenceNode):
                parent[0].value.append(node)
            elif parent[3] is None:
                parent[3] = node
            else:
                parent[0].value.append((parent[3], node))
                parent[3] = None

    def _anchor(self, event: Any, node: Node) -> None:
        first = self.anchors.get(event.anchor)
        if first is not None:
            raise ComposerError(
                f"found duplicate anchor {event.anchor!r}; first occurrence",
                first.start_mark,
                "second occurrence",
                event.start_mark,
            )
        self.anchors[event.anchor] = node

    def _alias(self, event: Any) -> Node:
        anchor = event.anchor
        if anchor not in self.anchors:
            raise ComposerError(None, None, f"found undefined alias {anchor!r}", event.start_mark)
        if anchor in self._open:
            raise _limit(f"the alias *{anchor} is inside the part it names (a loop)", event)
        self._values += self._sizes.get(anchor, 1)
        node: Node = self.anchors[anchor]
        return node


if getattr(yaml, "__with_libyaml__", False):
    from yaml._yaml import CParser

    class _Loader(_CountingComposer, CParser, SafeConstructor, Resolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _CountingComposer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

else:  # pragma: no cover - PyYAML built without libyaml
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Loader(  # type: ignore[no-redef]
        Reader, Scanner, Parser, _CountingComposer, SafeConstructor, Resolver
    ):
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            _CountingComposer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)


def _refuse_tag(_loader: _Loader, node: Node) -> Any:
    """For every tag the safe constructor does not know (it never builds objects)."""
    tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
    raise YAMLLimitError(
        None,
        None,
        f"the YAML tag '{tag}' is not allowed: only plain data (text, numbers, lists, "
        "mappings) is accepted",
        node.start_mark,
    )


# What ``add_constructor(None, ...)`` does, typed: the loader's own copy of the table.
_Loader.yaml_constructors = {**_Loader.yaml_constructors, None: _refuse_tag}


def load(text: str) -> Any:
    """Plain data from YAML text; raises ``yaml.YAMLError`` on bad input.

    A ``YAMLLimitError`` (a ``yaml.MarkedYAMLError``) when the text is too deep, too
    large once aliases are expanded, loops, or has a tag for anything but plain data.
    """
    return _read(text, lambda loader: loader.get_single_data())


def compose(text: str) -> Node | None:
    """The node tree of YAML text (for checks such as repeated keys), with the same limits."""
    node: Node | None = _read(text, lambda loader: loader.get_single_node())
    return node


def _read(text: str, read: Callable[[_Loader], Any]) -> Any:
    try:
        return _with_loader(text, read)
    except (ScannerError, ParserError) as refused:
        mark = refused.problem_mark
        if mark is not None and 0 < mark.index < len(text):
            _refuse_if_too_deep(text[: mark.index])
        raise


def _refuse_if_too_deep(text: str) -> None:
    """Raises our ``YAMLLimitError`` if ``text`` nests deeper than ``MAX_DEPTH``."""
    try:
        _with_loader(text, lambda loader: loader.get_single_node())
    except YAMLLimitError as ours:
        raise ours from None
    except yaml.YAMLError:
        return  # broken for another reason: the parser's own refusal stands


def _with_loader(text: str, read: Callable[[_Loader], Any]) -> Any:
    loader = _Loader(text)
    try:
        return read(loader)
    finally:
        loader.dispose()
