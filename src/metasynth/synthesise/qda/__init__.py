"""REFI-QDA interchange: codings and codebooks to and from NVivo, ATLAS.ti, MAXQDA, QualCoder…

REFI-QDA 1.5 is those tools' common exchange format: a project (`.qdpx`, a zip holding the
`.qde` project XML and its source texts) and a codebook (`.qdc` XML). The modules, lowest first:

- `elements` — untrusted XML parsed safely (no DTDs, entities or external references), the
  root element and namespace checked, XSD violations as warnings, namespace-blind lookups;
- `archive` — `.qdpx` zips opened safely (member paths, counts, sizes and compression ratios
  checked before anything is read) and written byte-reproducibly;
- `codebooks` — import of code trees (`.qdc`, or a project's codebook) and of a `.qdc` that
  nests category > sub-category > concept > code as a codebook document;
- `projects` — import of a project's codings as rows of the imported-codes table;
- `export` — a `Codebook` as `.qdc`, and codings as a `.qdpx` the tools open.

Every input failure is an `InputError` naming the file (with `!member` inside a zip) and the
element.
"""
