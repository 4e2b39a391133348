"""orgmodel: model an organisation's shape, review flow, decision latency and equity stakes.

A typed library: pydantic scenarios in, pydantic results out. It never imports Streamlit, so
the same figures come out of a notebook, the CLI (`python -m orgmodel`) and the app.

The entry points a notebook needs are here (imported on first use, so ``import orgmodel`` stays
cheap):

- `load_preset` / `load_scenario`: a validated `Scenario` from a preset or a YAML file;
- `build_report`: every registered engine's result for one scenario;
- `compare_scenarios`: two scenarios' headline figures side by side (`orgmodel.compare` is the module);
  `attribute`: why they differ;
- `grow`: the organisation scaled across headcounts, and where each figure breaks;
- `read_org`: an org chart file (CSV, xlsx, JSON) as people; `build_org`: a scenario's networkx graph.

Examples
--------
>>> import orgmodel
>>> xiaomi = orgmodel.load_preset("xiaomi-2012")
>>> report = orgmodel.build_report(xiaomi, sections=["structure"])
>>> report.structure.headcount, report.structure.levels
(400, 3)
>>> graph = orgmodel.build_org(xiaomi)
>>> graph.number_of_nodes()
400
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from orgmodel.build import build_org
from orgmodel.orgtable import OrgTable, Role
from orgmodel.scenario import Scenario
from orgmodel.structure import StructureMetrics, measure_structure

if TYPE_CHECKING:
    from orgmodel.attribution import attribute
    from orgmodel.compare import compare_scenarios
    from orgmodel.growth import grow
    from orgmodel.io.orgfiles import read_org_file as read_org
    from orgmodel.loading import load_preset, load_scenario
    from orgmodel.report import build_report

__all__ = [
    "OrgTable", "Role", "Scenario", "StructureMetrics", "attribute", "build_org", "build_report", "compare_scenarios",
    "grow", "load_preset", "load_scenario", "measure_structure", "read_org",
]

_LAZY = {
    "attribute": "orgmodel.attribution:attribute",
    "build_report": "orgmodel.report:build_report",
    "compare_scenarios": "orgmodel.compare:compare_scenarios",
    "grow": "orgmodel.growth:grow",
    "load_preset": "orgmodel.loading:load_preset",
    "load_scenario": "orgmodel.loading:load_scenario",
    "read_org": "orgmodel.io.orgfiles:read_org_file",
}


def __getattr__(name: str) -> Any:
    """The entry points of `_LAZY`, imported when first asked for (PEP 562)."""
    spec = _LAZY.get(name)
    if spec is None:
        raise AttributeError(f"module 'orgmodel' has no attribute {name!r}")
    module, _, attr = spec.partition(":")
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value
