"""The rising/falling chart leaves room beside its longest bars for the count labels (app.figures.label_room)."""
import pytest

from app import figures
from app.queries import terms

from tests.app.test_keyness import ALL, planted_tables


def test_the_room_for_a_label_is_its_share_of_the_whole_axis():
    low, high = -3.0, 4.0
    left, right = figures.label_room(low, high, left_chars=10, right_chars=20)
    # worked by hand: shares 0.11 and 0.22 of the axis; the data's span 7 is the rest, 1 - 0.33 = 0.67 of it
    assert right - high == pytest.approx(0.22 * 7 / 0.67 + 0.1)
    assert low - left == pytest.approx(0.11 * 7 / 0.67 + 0.1)
    whole = right - left
    assert (right - high) / whole == pytest.approx(0.22, abs=0.02)
    assert (low - left) / whole == pytest.approx(0.11, abs=0.02)


def test_the_chart_leaves_each_label_its_share_beside_the_longest_bar():
    changes = terms.rising_falling(planted_tables(), ALL, [2022], [2023], min_count=5, min_documents=1)
    fig = figures.rising_falling_bars(changes, title="t", lang="nb")
    low, high = fig.layout.xaxis.range
    for trace in fig.data:
        longest = max(len(label) for label in trace.text)
        room = high - max(trace.x) if max(trace.x) > 0 else min(trace.x) - low
        assert room / (high - low) >= 0.011 * longest - 1e-9, trace.name


def test_the_topic_terms_legend_sits_below_the_x_axis_title_whatever_the_number_of_terms():
    """The legend is anchored to the figure's bottom edge inside a bottom margin, so it cannot land on the x-axis
    title «Andel av ordene» (a fixed share of the plot's height did, on a 15-term topic of the development corpus)."""
    import pandas as pd

    for n in (3, 15, 30):
        ranked = pd.DataFrame({"term": [f"ord{i}" for i in range(n)], "weight": 0.01, "corpus_weight": 0.005,
                               "lift": 2.0, "relevance": 0.5})
        layout = figures.topic_terms_bars(ranked, title="t", lang="nb").layout
        assert (layout.legend.yref, layout.legend.yanchor, layout.legend.y) == ("container", "bottom", 0)
        assert layout.margin.b >= 60  # room for the legend's two rows under the axis title
