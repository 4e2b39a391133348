"""Plotly figures for the app: pure functions from results (plain numbers) to figures, no streamlit.

One module per chart family: `orgchart` (sunburst and node-link drawing), `structure` (team sizes,
spans), `review`, `decisions`, `equity`, `compare`. Every axis carries its unit.
"""

from orgmodel.charts.style import ROLE_COLOURS, SCENARIO_COLOURS

__all__ = ["ROLE_COLOURS", "SCENARIO_COLOURS"]
