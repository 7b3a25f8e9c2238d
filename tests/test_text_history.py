"""History as grievance against reconciliation, and which partner raises whose past."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from allydrift.text.history import _lexicons, read_sentence, speech_history


@pytest.mark.parametrize(
    ("sentence", "reading"),
    [
        (
            "Our neighbour has yet to apologize for the forced labour of our grandparents.",
            "grievance",
        ),
        (
            "The shrine honours war criminals and the textbooks distort the wartime past.",
            "grievance",
        ),
        (
            "Seventy years after the war, former enemies have become close partners.",
            "reconciliation",
        ),
        (
            "We express deep remorse and seek reconciliation with the victims' nations.",
            "reconciliation",
        ),
        ("The treaty was signed in 1951 after the war.", "neutral"),
    ],
)
def test_history_sentences_read_as_grievance_or_reconciliation(sentence, reading):
    grievance, reconciliation = _lexicons()
    assert read_sentence(sentence, grievance, reconciliation) == reading


def test_speech_history_keeps_only_sentences_about_the_past_and_names_the_states():
    text = (
        "Japan must apologize for the wartime atrocities of its army. "
        "Our trade grew by four per cent last year. "
        "France and Germany overcame the past through reconciliation after the war."
    )
    items = speech_history(text)
    assert [i["reading"] for i in items] == ["grievance", "reconciliation"]
    assert "JPN" in items[0]["targets"]
    assert {"FRA", "DEU"} <= set(items[1]["targets"])


@pytest.mark.data
def test_north_korea_raises_japans_past_more_than_japan_raises_north_koreas():
    from allydrift.indicators.text import history_grievance

    rows = history_grievance([(731, 740), (740, 731)])
    by = rows.groupby(["ccode1", "ccode2"])["value"].sum()
    assert by.loc[(731, 740)] > by.loc[(740, 731)]


@pytest.mark.data
def test_history_wedge_is_undirected_and_needs_both_speeches():
    from allydrift.indicators.text import history_pairs, history_wedge

    ab = history_wedge([(731, 740)]).set_index("year")["value"]
    ba = history_wedge([(740, 731)]).set_index("year")["value"]
    pd.testing.assert_series_equal(ab, ba)
    directed = history_pairs([(731, 740), (740, 731)])
    both = directed.groupby("year").size()
    assert set(ab.index) == set(both[both == 2].index)
    assert np.isfinite(ab).all()
