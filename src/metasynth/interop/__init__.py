"""Interchange with the tools reviewers already use.

Imports — ASReview LAB (`asreview`), Rayyan (`rayyan`), Covidence (`covidence`), spreadsheets
and bulk lists (`sheet`) — read another tool's file into rows that `keyed` turns into ordinary
decision or coding rows (the publication found by `matching`, every row checked with the
workflow's own rules, the outcome of each row reported). Exports write publications for
reference managers (`references`: RIS, BibTeX, CSL-JSON). `sheets` reads CSV, TSV and Excel.
docs/interop.md lists the formats and the versions each was tested with.
"""
