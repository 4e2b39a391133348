"""The sensitivity results as JSON-ready models: ``sensitivity.<figure>.tornado|morris|sobol|band``, ``odds``."""

from __future__ import annotations

from pydantic import Field

from orgmodel.model_base import Result

__all__ = [
    "Band", "FigureOdds", "FigureSensitivity", "HangsOn", "InputRange", "MorrisRow", "Odds", "RunInfo", "Sensitivity",
    "SobolIndices", "TornadoBar",
]


class InputRange(Result):
    """One input that varies, with its range in its own unit."""

    path: str = Field(description="dotted input path, list items by index")
    label: str = Field(description="the same path with list items by name")
    kind: str = Field(description="assumption or illustrative (or a fact whose source gives the range)")
    value: float = Field(description="the scenario's value, in the input's unit")
    low: float = Field(description="low end of the range, in the input's unit")
    high: float = Field(description="high end of the range, in the input's unit")
    distribution: str = Field(description="uniform, triangular or loguniform")
    mode: float | None = Field(description="most likely value (triangular), in the input's unit")
    reason: str = Field(description="why this range, with its source where one exists")
    origin: str = Field(description="scenario (the file's ranges:) or default (the library's DEFAULT_RANGES)")


class TornadoBar(Result):
    """One input at its low and at its high, every other input at its value."""

    path: str
    label: str
    input_low: float = Field(description="the input's low value, in its own unit")
    input_high: float = Field(description="the input's high value, in its own unit")
    figure_at_low: float | None = Field(description="the figure with the input at low, in the figure's unit")
    figure_at_high: float | None = Field(description="the figure with the input at high, in the figure's unit")
    swing: float | None = Field(
        description="|figure_at_high - figure_at_low|, in the figure's unit; None if either is missing")
    refused: str | None = Field(default=None, description="why one of the two scenarios has no value")


class MorrisRow(Result):
    """Morris elementary effects of one input on one figure (SALib), over the input's range."""

    path: str
    mu_star: float = Field(description="mean |elementary effect|: figure units per move across the input's range")
    mu_star_conf: float = Field(description="half-width of mu_star's 95% bootstrap interval, figure units")
    mu: float = Field(description="mean signed elementary effect (sign: direction of the effect), figure units")
    sigma: float = Field(description="spread of the effects (interactions or non-linearity), figure units")


class SobolIndices(Result):
    """Variance-based Sobol indices (SALib, Saltelli/Jansen estimators) with 95% bootstrap half-widths."""

    by: str = Field(description="inputs (the inputs Morris ranks highest) or groups (the setting groups)")
    inputs: list[str] = Field(description="the inputs (or groups) the indices are for")
    samples: int = Field(description="base sample N (a power of two); reports = N x (inputs + 2)")
    defined: int = Field(description="base samples where the figure has a value (all of them: with any "
                         "unstable draw the indices are not computed)")
    first: dict[str, float] = Field(description="input -> first-order index S1 (share of variance, 0-1)")
    first_conf: dict[str, float] = Field(description="input -> half-width of S1's 95% interval")
    total: dict[str, float] = Field(description="input -> total index ST (share of variance with interactions)")
    total_conf: dict[str, float] = Field(description="input -> half-width of ST's 95% interval")


class Band(Result):
    """The figure's spread when every ranged input is drawn at once (Latin hypercube)."""

    p5: float | None = Field(description="5th percentile, in the figure's unit")
    p50: float | None = Field(description="median, in the figure's unit")
    p95: float | None = Field(description="95th percentile, in the figure's unit")
    draws: int = Field(description="draws with a value")
    missing: int = Field(description="draws with no value (an unstable queue or an invalid mix)")


class FigureSensitivity(Result):
    """How one headline figure moves with the ranged inputs."""

    label: str
    unit: str
    value: float | None = Field(description="the figure at the scenario's own values, in its unit")
    tornado: list[TornadoBar] | None = Field(default=None, description="one bar per input, largest swing first")
    morris: list[MorrisRow] | None = Field(default=None, description="one row per input, largest mu_star first")
    sobol: SobolIndices | None = None
    band: Band | None = None
    notes: list[str] = Field(default_factory=list)


class RunInfo(Result):
    """How the analysis ran."""

    reports: int = Field(description="scenario evaluations (reports) computed")
    refused: int = Field(description="evaluations whose scenario was invalid or refused")
    seconds: float = Field(description="wall-clock seconds")
    where: str = Field(description="this process, a local process pool, or a Dask cluster")
    seed: int = Field(description="seed of every draw of the inputs")
    methods: list[str]


class Sensitivity(Result):
    """Sensitivity of every headline figure of one scenario to its ranged inputs."""

    name: str
    inputs: list[InputRange]
    figures: dict[str, FigureSensitivity] = Field(description="'section.key' -> its sensitivity")
    info: RunInfo


class HangsOn(Result):
    """An input the verdict depends on: rank correlation of its draw with B - A."""

    path: str
    rank_correlation: float = Field(description="Spearman correlation of the input's draw with B - A (-1 to 1)")


class FigureOdds(Result):
    """How often a better/worse verdict holds when both scenarios' assumptions are drawn."""

    label: str
    unit: str
    verdict: str = Field(description="B judged against A at both scenarios' own values: better, worse, same, n/a")
    b_better: float = Field(description="share of draws where B is better (0-1)")
    b_worse: float = Field(description="share of draws where B is worse (0-1)")
    same: float = Field(description="share of draws where they are the same (0-1)")
    holds: float | None = Field(description="share of draws giving the verdict at the own values; None for n/a")
    draws: int = Field(description="draws where both figures have a value")
    delta_p5: float | None = Field(description="5th percentile of B - A over the draws, figure units")
    delta_p95: float | None = Field(description="95th percentile of B - A over the draws, figure units")
    hangs_on: list[HangsOn] = Field(description="inputs most correlated with B - A (|rank correlation| >= 0.2, "
                                    "Bonferroni-significant at 5%), at most 5")


class Odds(Result):
    """Verdict odds for a pair: every figure with a better direction."""

    a_name: str
    b_name: str
    shared_inputs: list[str] = Field(description="inputs ranged in both: drawn once, both sides see the same draw")
    figures: dict[str, FigureOdds]
    info: RunInfo
