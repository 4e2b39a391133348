"""Reading organisations people already have: HR exports as CSV, .xlsx or JSON.

Modules (import them directly; this package imports nothing so the schema can use `tree`):
`rows` reads a file into a header and text rows, `columns` finds the id, manager, name,
department, title and status columns, `roles` infers roles, teams and departments from the
tree, `tree` checks a chart is a forest and lays it out as an `OrgTable` with the team-size and
span what-ifs, `orgfiles` puts them together (`read_org_file`, `imported_scenario`), `people`
finds a person's chain to the top, and `commands` holds the CLI's import options.
"""
