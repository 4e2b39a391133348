"""Size limits: the largest inputs orgmodel accepts, stated once for the schema and the loaders."""

MAX_HEADCOUNT = 1_000_000
"""Most engineers a scenario may hold in all (leads, managers and founders come on top)."""
MAX_FOUNDERS = 50
MAX_DEPARTMENTS = 500
MAX_ROUNDS = 30
MAX_SWEEP_POINTS = 200
MAX_UPLOAD_BYTES = 1_000_000
"""Largest scenario or org-CSV upload, in bytes (1 MB)."""
MAX_CSV_ROWS = 200_000
"""Most rows an uploaded org CSV may have."""
MAX_YAML_DEPTH = 24
"""Deepest nesting of lists and mappings a scenario YAML may have (a real one nests about 6 deep)."""
MAX_YAML_NODES = 100_000
"""Most YAML nodes (scalars, lists, mappings) a scenario file may hold; refused before it is built."""
MAX_NUMBER_DIGITS = 40
"""Longest plain number accepted in YAML, in characters (no field needs more than about 16)."""
MAX_ORG_DEPTH = 200
"""Deepest manager chain an uploaded org chart may have, in edges from the root."""
