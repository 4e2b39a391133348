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
