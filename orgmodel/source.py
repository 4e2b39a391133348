"""Where an input comes from: a cited fact, public reporting, or a labelled assumption."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from orgmodel.model_base import StrictModel

__all__ = ["Provenance", "assumption"]


class Provenance(StrictModel):
    """Where an input comes from: a cited fact, public reporting, or a labelled assumption."""

    kind: Literal["fact", "report", "assumption", "illustrative"]
    note: str = Field(min_length=1, max_length=2_000)


def assumption(note: str) -> Provenance:
    """A labelled assumption with its one-line reason (for a library default)."""
    return Provenance(kind="assumption", note=note)
