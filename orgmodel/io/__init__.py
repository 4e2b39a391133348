"""Reading organisations people already have: HR exports as CSV, .xlsx or JSON.

Modules (import them directly; this package imports nothing, so `orgmodel.people` can use
`csvcells`): `rows` reads a file into a header and text rows (`header` picks the header row),
`columns` finds the id, manager, name, department, title, status, end-date and path columns,
`roles` infers roles, teams and departments from the tree, `staff` leaves out former staff,
`tree` lays a chart out as an `OrgTable` with the team-size and span what-ifs, `orgfiles` puts
them together (`read_org_file`), `habits` joins a chart with someone's working habits
(`imported_scenario`), `people` finds a person's chain to the top, `csvcells`
makes CSV cells safe to open in a spreadsheet, and `commands` reads a file as `ImportOptions`
say (the CLI builds the parser).
"""
