"""The analysis core: one call answers everything the report, the web and the CLI show."""

from __future__ import annotations

import pytest

from allydrift.errors import InputError
from allydrift.vocabulary import (
    DIMENSION_LABELS,
    DIMENSIONS,
    check_span,
    clip_span,
    dimension_label,
    dimension_title,
)


def test_every_dimension_has_a_label_and_a_question():
    assert set(DIMENSION_LABELS) == set(DIMENSIONS)
    for dim in DIMENSIONS:
        title = dimension_title(dim)
        assert title.startswith(dimension_label(dim) + " — ")
        assert title.endswith("?")
    assert dimension_label("unknown") == "unknown"


def test_spans_must_run_forward_and_clip_to_coverage():
    assert check_span((1990, 2000)) == (1990, 2000)
    with pytest.raises(InputError, match="run forward"):
        check_span((2000, 1990))
    assert clip_span((1900, 2030), (1946, 2018)) == (1946, 2018)
    assert clip_span(None, (1946, 2018)) == (1946, 2018)
    assert clip_span((2019, 2030), (1946, 2018)) is None


@pytest.mark.data
def test_analyse_dyad_holds_what_the_report_shows():
    from allydrift.analysis import analyse_dyad
    from allydrift.report import from_analysis

    d = analyse_dyad("USA", "JPN", (1990, 2018))
    assert d.span == (1990, 2018)
    assert d.cohesion is not None
    assert d.drift is not None
    assert d.cohesion.scores["year"].between(1990, 2018).all()
    assert d.cohesion.scores["score"].between(0, 100).all()
    assert d.peers is not None  # the United States has other treaty allies
    assert "atop" in d.sources
    assert "unvotes" in d.sources
    assert d.summary
    assert d.findings
    names = {i.name for i in d.table.indicators}
    assert {"un_agreement", "pact_defense"} <= names
    report = from_analysis(d)
    assert report.panel is d.panel
    assert report.analysis is d.drift
    assert report.sources_used == d.sources


@pytest.mark.data
def test_without_the_index_the_core_still_gives_the_table():
    from allydrift.analysis import analyse_dyad

    d = analyse_dyad("USA", "GBR", (2000, 2010), index=False)
    assert d.drift is None
    assert d.cohesion is None
    assert len(d.panel) == 11
    assert "un_agreement" in d.panel
