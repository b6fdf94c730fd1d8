"""The About page's list of sources covers every threshold and rule in force."""

from __future__ import annotations

from readiness.interpret import interpret
from readiness.settings import Settings
from readiness.sources import collect_sources, sources_of


def test_every_connection_threshold_and_key_rule_source_is_listed() -> None:
    inputs = interpret(Settings())
    found = collect_sources(inputs)
    threshold_sources = {use.source for use in found["thresholds"]}
    for threshold in inputs.thresholds.connection.values():
        assert threshold.source in threshold_sources
    rule_sources = " ".join(use.source for use in found["rules"])
    assert "Lam et al. 2020" in rule_sources
    assert len(found["questionnaires"]) == len(inputs.instruments)


def test_sources_are_grouped_with_where_they_are_used() -> None:
    definition = {
        "a": {"source": "Zoom", "value": 1},
        "b": [{"id": "x", "source": "Zoom"}, {"id": "y", "source": "FCC"}],
    }
    uses = {use.source: use.used_by for use in sources_of(definition, "t")}
    assert uses == {"Zoom": ("t.a", "t.b.x"), "FCC": ("t.b.y",)}


def test_the_about_page_names_the_grounding_paper_and_the_sources(qtbot: object) -> None:
    from readiness_ui.dialogs_about import AboutDialog

    dialog = AboutDialog(interpret(Settings()))
    text = dialog.text.toPlainText()
    assert "JMIR Ment Health 2021" in text
    assert "Lam et al. 2020" in text and "Microsoft Teams" in text
