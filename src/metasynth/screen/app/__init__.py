"""The screening app (`metasynth screen serve`): screen in the browser, write the same files.

A local web app on 127.0.0.1 that serves one reviewer, at one stage, the publications awaiting
them one at a time, most likely relevant first, and writes each decision at once as an ordinary
row of `data/screening/<stage>_<reviewer>.csv`. The files stay the single source of truth: the
app keeps nothing of its own, and the workflow reads what it wrote like any other row.

- `project`: the config and the workflow outputs the app reads; one publication as the page
  shows it;
- `view`: a reviewer's view of a stage derived from the decision files (the ranked queue by the
  project's queue model, their own decisions, open conflicts for a resolver, full-text places);
  `snapshot`: that view as the server holds it, without the model's libraries;
- `worker`: the background process that refreshes that view after every decision;
- `session`: the server's state between refreshes (next record, decisions, undo, progress);
- `decision_file`: appending a row durably under a file lock, and undo;
- `guidance`: stopping indicators (records since the last relevant, the knee method, an estimate
  of recall), shown as guidance;
- `server`: the Starlette app, its token and headers; `static/`: the page, its script and style.

How to use it: docs/screening-app.md.
"""
