"""The equity model: cap table, dilution, exit waterfall, buybacks and per-person stakes."""
