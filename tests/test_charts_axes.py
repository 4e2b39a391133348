"""Every chart's axes against its data: explicit ranges hold the data, and every label placed on a
data axis sits inside the range the data spans (issue 21, item 4).

Plotly places annotations on a log axis in log10 units, but lines (shapes) and traces in data
units; a label at ``x = people`` on a log axis lands at ``10^people`` and stretches the axis (the
Growth page's axis ran to 10^14). The checks convert each annotation to data units the way
plotly.js does, so they fail on that mistake.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
import pytest

from orgmodel.charts.decisions import mobilisation_timeline
from orgmodel.charts.equity import exit_proceeds, stake_across_exits, stake_distribution, stake_vs_salary
from orgmodel.charts.growth import growth_curves
from orgmodel.charts.review import split_sweep, turnaround_cdf


def _axis(fig: go.Figure, ref: str) -> go.layout.XAxis:
    name = ("xaxis" if ref.startswith("x") else "yaxis") + ref[1:]
    return fig.layout[name]


def _data_extent(fig: go.Figure, letter: str) -> tuple[float, float]:
    vals: list[float] = []
    for trace in fig.data:
        data = getattr(trace, letter)
        for v in (() if data is None else data):
            if v is not None and isinstance(v, (int, float, np.floating, np.integer)) and math.isfinite(float(v)):
                vals.append(float(v))
    for shape in fig.layout.shapes:  # vertical / horizontal lines in data units
        ref = shape.xref if letter == "x" else shape.yref
        if ref and not ref.endswith("paper") and not ref.endswith("domain"):
            vals += [float(getattr(shape, letter + "0")), float(getattr(shape, letter + "1"))]
    return min(vals), max(vals)


def check_axes(fig: go.Figure) -> None:
    """Explicit ranges hold the data; labels on data axes lie within the data's extent."""
    for letter in ("x", "y"):
        axis = _axis(fig, letter)
        log = axis.type == "log"
        lo, hi = _data_extent(fig, letter)
        to_data = (lambda v: 10.0 ** min(v, 300.0)) if log else (lambda v: v)
        if axis.range is not None:
            r0, r1 = sorted(to_data(float(v)) for v in axis.range)
            positive_lo = lo if not log else min(v for v in (lo, hi) if v > 0)
            assert r0 <= positive_lo * (1 + 1e-9) and r1 >= hi * (1 - 1e-9), (letter, axis.range, lo, hi)
            assert (r1 / max(r0, 1e-300) <= 50 * hi / max(positive_lo, 1e-300)) if log else True
        for ann in fig.layout.annotations:
            ref = ann.xref if letter == "x" else ann.yref
            if ref is None or ref.endswith("paper") or ref.endswith("domain"):
                continue
            value = to_data(float(getattr(ann, letter)))
            assert lo * (1 - 1e-9) <= value <= hi * (1 + 1e-9), (letter, ann.text, value, lo, hi)


def test_growth_axis_and_labels_stay_within_the_headcounts() -> None:
    fig = growth_curves({"A": ([10, 100, 1000, 10000], [1, 2, None, 4]), "B": ([10, 100, 1000], [2, 3, 5])},
                        label="p90", unit="h", breaks={"A": 800.0, "B": None},
                        marks=[(14, "founding team"), (8000, "2015")], limit=3.0)
    check_axes(fig)
    r0, r1 = fig.layout.xaxis.range
    assert 10 ** r1 < 1e5 and 10 ** r0 > 1  # not 10^14: the reported-headcount labels sit at their headcounts
    texts = {a.text: a for a in fig.layout.annotations}
    assert math.isclose(10 ** texts["breaks: 800"].x, 800.0)
    assert math.isclose(10 ** texts["founding team"].x, 14.0)


def test_equity_log_charts_place_their_labels_on_the_data() -> None:
    exits = [1e6, 1e7, 1e8, 1e9]
    check_axes(exit_proceeds(exits, {"founders": [5e5, 5e6, 5e7, 5e8], "investors": [5e5, 5e6, 5e7, 5e8]},
                             breaks=[(3e7, "preference paid")], scenario_exit_usd=2e8))
    check_axes(stake_across_exits(exits, [0.0, 1e4, 1e5, 1e6], 1.2e5, who="engineer", breaks=[(3e7, "x")]))
    check_axes(stake_vs_salary(["a", "b"], [5e4, 2e5], [1e4, 3e6], [10, 2], ["engineer", "lead"]))
    check_axes(stake_distribution({"A": ([0.0, 1e3, 1e5], [5, 3, 1])}))


def test_decision_and_review_charts_place_their_labels_on_the_data() -> None:
    check_axes(mobilisation_timeline({"A": [(0.0, 0.0), (2.0, 0.5), (30.0, 1.0)]}))
    check_axes(turnaround_cdf({"A": [(0.0, 0.0), (1.0, 0.5), (4.0, 0.99)]}, p90={"A": 3.0}))
    check_axes(split_sweep([2, 3, 4, 6], [1, 1, 1, 2], [2, 2, 3, 4], [3, 6, 10, 21], current=4,
                           near_best=(2, 4), unstable=[False] * 4))


@pytest.mark.parametrize("people", [14, 60, 400])
def test_a_label_in_data_units_on_a_log_axis_is_caught(people: int) -> None:
    # the mistake itself (plotly's own add_vline label on a log axis) must fail the check
    fig = go.Figure(go.Scatter(x=[10, 1000], y=[1, 2]))
    fig.add_vline(x=people, annotation_text="reported")
    fig.update_xaxes(type="log")
    with pytest.raises(AssertionError):
        check_axes(fig)
