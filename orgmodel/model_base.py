"""The strict pydantic base every input model shares: unknown keys are errors, not ignored."""

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    """A frozen-shape input model: extra keys are rejected so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, defer_build=True)


class Result(BaseModel):
    """An engine's output: plain data, serialisable to JSON."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
