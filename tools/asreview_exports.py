r"""Write real ASReview LAB dataset exports, through ASReview's own web server, for the tests.

Run it with the Python of a virtual environment that holds one ASReview LAB version (never the
project's .venv), e.g.

    python3.11 -m venv .venv-asreview-3 && .venv-asreview-3/bin/pip install asreview==3.0.8
    .venv-asreview-3/bin/python tools/asreview_exports.py \
        tests/screen/data/asreview/metasynth_asreview.csv tests/screen/data/asreview/v3.0.8

It starts ASReview LAB's Flask application (authentication off, a temporary ASREVIEW_PATH) and
does over HTTP what a reviewer does in the browser: create an oracle project from the dataset
(the labels in its `included` column become prior knowledge, as in the LAB), label records,
relabel one prior, add notes, and download "Export → Dataset" as CSV, TSV and Excel. Every
label, note and export goes through the LAB's own endpoints; nothing here writes an export
itself. The labelling plan below is what the tests expect to read back.

Works with ASReview LAB 1.x (`/api/projects/info` + `/data`), 2.x and 3.x
(`/api/projects/create`).
"""

from __future__ import annotations

import csv
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

# (row of the dataset, label, note): what the reviewer does in the LAB. Rows 0-3 arrive labelled
# 1 and rows 4-7 labelled 0 (prior knowledge from metasynth); rows 8-15 arrive unlabelled,
# and row 14 stays so.
LABELS = [
    (8, 1, "mentoring of novice teachers online"),
    (9, 0, ""),
    (10, 1, ""),
    (11, 0, "not about mentoring, a survey of tools"),
    (12, 0, ""),
    (13, 1, ""),
    (15, 1, "check the full text, sample is small"),
]
RELABEL = [(1, 0, "relabelled: a face-to-face programme")]  # a prior the reviewer changes
FORMATS = ("csv", "tsv", "xlsx")


def _version() -> tuple[int, str]:
    import asreview

    version = str(asreview.__version__)
    return int(version.split(".")[0]), version


def _client(major: int, home: Path) -> tuple[Any, Any]:
    os.environ["ASREVIEW_PATH"] = str(home)
    from asreview.webapp.app import create_app

    if major == 1:
        os.environ["ASREVIEW_LAB_LOGIN_DISABLED"] = "true"
        app = create_app()
    else:
        app = create_app(authentication=False)
    app.config["TESTING"] = True
    return app, app.test_client()


def _ok(response: Any, what: str) -> Any:
    if response.status_code >= 300:
        raise SystemExit(f"{what}: HTTP {response.status_code} {response.data[:400]!r}")
    return response


def _create(client: Any, major: int, dataset: Path) -> str:
    with dataset.open("rb") as handle:
        if major == 1:
            info = {"mode": "oracle", "name": "metasynth", "authors": "", "description": ""}
            project_id = _ok(client.post("/api/projects/info", data=info), "create").json["id"]
            upload = {"file": (handle, dataset.name)}
            _ok(client.post(f"/api/projects/{project_id}/data", data=upload), "upload")
            return str(project_id)
        form = {"mode": "oracle", "file": (handle, dataset.name)}
        return str(_ok(client.post("/api/projects/create", data=form), "create").json["id"])


def _label(
    client: Any, major: int, project_id: str, row: int, label: int, note: str, *, put: bool
) -> None:
    url = f"/api/projects/{project_id}/record/{row}"
    if major == 1:
        # 1.x labels a record outside the model's queue only as prior knowledge (the project
        # setup's "search and label" step), which is how a reviewer labels chosen records there
        form = {"doc_id": row, "label": label, "is_prior": 1, "note": note}
        send = client.put if put else client.post
        _ok(send(url, data=form), f"label row {row}")
        return
    form = {"record_id": row, "label": label, "tags": "[]"}
    _ok((client.put if put else client.post)(url, data=form), f"label row {row}")
    if note:
        _ok(client.put(f"{url}/note", data={"note": note}), f"note on row {row}")


def _export(client: Any, major: int, project_id: str, fmt: str) -> bytes:
    url = f"/api/projects/{project_id}/export_dataset"
    query: dict[str, Any]
    if major == 1:
        query = {"file_format": fmt}
    else:  # the LAB's default: every collection
        query = {"format": fmt, "collections": ["relevant", "not_seen", "irrelevant"]}
    return bytes(_ok(client.get(url, query_string=query), f"export {fmt}").data)


def main(dataset: Path, out_dir: Path) -> None:
    major, version = _version()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as home:
        app, client = _client(major, Path(home))
        with app.app_context():
            project_id = _create(client, major, dataset)
            for row, label, note in LABELS:
                _label(client, major, project_id, row, label, note, put=False)
            for row, label, note in RELABEL:
                _label(client, major, project_id, row, label, note, put=True)
            for fmt in FORMATS:
                (out_dir / f"asreview_dataset_all_metasynth.{fmt}").write_bytes(
                    _export(client, major, project_id, fmt)
                )
    with dataset.open(encoding="utf-8", newline="") as handle:
        n_rows = sum(1 for _ in csv.DictReader(handle))
    plan = {
        "asreview_version": version,
        "dataset": dataset.name,
        "dataset_rows": n_rows,
        "labels": LABELS,
        "relabel": RELABEL,
    }
    (out_dir / "plan.json").write_text(json.dumps(plan, indent=1) + "\n", encoding="utf-8")
    print(f"ASReview LAB {version}: wrote {', '.join(FORMATS)} exports to {out_dir}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
