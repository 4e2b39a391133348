"""Decision and mobilisation inputs (``decisions`` section of a scenario)."""

from pydantic import Field

from orgmodel.model_base import StrictModel


class DecisionSettings(StrictModel):
    """How decisions travel up and down the organisation."""

    escalations_per_engineer_per_week: float = Field(default=1.0, ge=0, le=100)
    share_to_top: float = Field(default=0.2, ge=0, le=1)
    hours_per_decision: float = Field(default=0.5, gt=0, le=40)
    fidelity_per_hop: float = Field(default=0.9, ge=0, le=1)
