"""Your own review history: read a git log or a gh export, measure its review flow, fit the model to it.

Modules, one concept each: `gitlog` (the log format, streamed), `dates` (ISO dates, impossible
ones flagged), `people` (mailmap, identities merged, bots), `flows` (Gerrit, merge, squash, plain),
`ghexport`, `source` (every source, with its refusals), `measure`, `communities` (Louvain review
teams), `landing` (review rounds and author delay composed with the review engine's wait), `fit`,
`whatif`, `analysis` (the whole run), `result` (pydantic results), `command` (the CLI subcommand).
"""
