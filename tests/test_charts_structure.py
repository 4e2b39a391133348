"""Structure charts carry the metrics' numbers and labelled axes."""

from __future__ import annotations

from orgmodel.charts.structure import people_by_role, spans_by_level, team_size_histogram
from orgmodel.layout import layout
from orgmodel.loading import load_preset
from orgmodel.structure import measure_structure


def _metrics(preset: str):  # type: ignore[no-untyped-def]
    return measure_structure(layout(load_preset(preset)))


def test_histogram_counts_every_team() -> None:
    s = _metrics("xiaomi-2012")
    fig = team_size_histogram({"x": s})
    assert sum(fig.data[0].y) == s.teams
    assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text


def test_spans_and_roles_for_two_scenarios() -> None:
    a, b = _metrics("xiaomi-2012"), _metrics("hierarchical-400")
    spans = spans_by_level({"a": a, "b": b})
    assert len(spans.data) == 2 and len(spans.data[1].x) == len(b.span_by_level)
    roles = people_by_role({"a": a, "b": b})
    totals = [sum(t.y[i] for t in roles.data) for i in range(2)]
    assert totals == [a.headcount, b.headcount]
