"""How sure is it? Ranges for the assumptions, sensitivity of the headline figures, odds of a verdict.

Modules, one concept each: `ranges` (the Range model and the default ranges), `inputs` (a scenario's
ranged inputs, checked), `sampling` (unit draws -> input values), `batch` (the batch runner: serial,
process pool or Dask), `tornado`, `morris`, `sobol`, `bands`, `odds`, `result` (the JSON models) and
`analysis` (all of them for one scenario). Kept import-light: `orgmodel.scenario` imports `ranges`.
"""
