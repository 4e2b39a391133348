"""orgmodel: model an organisation's shape, review flow, decision latency and equity stakes.

A typed library: pydantic scenarios in, pydantic results out. It never imports Streamlit, so
the same figures come out of a notebook, the CLI (`python -m orgmodel`) and the app.
"""

from orgmodel.build import build_org
from orgmodel.orgtable import OrgTable, Role
from orgmodel.scenario import Scenario
from orgmodel.structure import StructureMetrics, measure_structure

__all__ = ["OrgTable", "Role", "Scenario", "StructureMetrics", "build_org", "measure_structure"]
