"""QualCoder's own REFI-QDA export (data/qualcoder/, written by QualCoder 3.8.2) read as a user
reads it: the project in data/coded/ of a review, listed in `synthesis.sources`, imported the way
the workflow's `import_codes` rule does, and the codebook through `metasynth codebook`.

QualCoder counts a passage selected in its editor in UTF-16 code units (Qt's cursor positions),
writes the whole passage as the selection's name (line ends as U+2029), the plain texts with a
UTF-8 byte order mark, and users, categories (non-codable codes) and codes as in the file below.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
import yaml

from metasynth.errors import InputError
from metasynth.synthesise import SynthesisSettings, import_codes
from metasynth.synthesise.qda.projects import read_project_codes
from metasynth.tables import write_table

from .conftest import DATA, Run

QUALCODER = DATA / "qualcoder" / "v3.8.2"
PROJECT = QUALCODER / "e-mentoring.qdpx"
CODEBOOK = QUALCODER / "Codebook-e-mentoring.qdc"

COMMUNICATION = "Dimensions > Communication dimension"
TECHNICAL = "Dimensions > Technical dimension"
# (record_id, coder, code_path, quote, location, memo): every coding made in QualCoder's coding
# window (tests/interop/data/README.md says how), in the order QualCoder exports them.
CODINGS = [
    ("WOS:1", "coder_1", f"{COMMUNICATION} > timely feedback", "timely feedback kept them going",
     "chars 58-89", "Said by 3 of 5 mentees; see also “day”."),
    ("WOS:1", "coder_1", f"{TECHNICAL} > data privacy",
     "Privacy mattered too; data privacy was raised by the mentees.", "chars 128-189", ""),
    ("WOS:1", "coder_1", f"{COMMUNICATION} > rapport building",
     "Rapport building took weeks & sometimes <never> happened.", "chars 190-247", ""),
    ("WOS:1", "coder_2", f"{COMMUNICATION} > timely feedback",
     "“the mentor answered within a day”.\n\nPrivacy mattered", "chars 91-144", ""),
    ("WOS:1", "coder_2", f"{COMMUNICATION} > confiança & «rapport»",
     "Rapport building took weeks", "chars 190-217", ""),
    # after 🙂 (two UTF-16 units): QualCoder's 90-139 and 141-204 are code points 89-136, 138-201
    ("WOS:2", "coder_1", f"{TECHNICAL} > easy to use platform",
     "easy to use platform 👍🏽 was the mentees' phrase", "chars 89-136", ""),
    ("WOS:2", "coder_2", f"{TECHNICAL} > easy to use platform", "einfach zu bedienen",
     "chars 67-86", ""),
    ("WOS:2", "coder_1", "Requirements > training of mentors",
     "Training of mentors: a two-day workshop (Schulung) was offered.", "chars 138-201", ""),
    # coded by QualCoder's text search (auto_code), which counts in code points
    ("WOS:2", "coder_2", "Requirements > training of mentors", "Schulung", "chars 179-187", ""),
    ("WOS:3", "coder_1", "Requirements > training of mentors", "training of mentors",
     "chars 18-37", ""),
    ("WOS:3", "coder_1", "video glitches", "Video glitches interrupted sessions.",
     "chars 39-75", ""),
]  # fmt: skip
# QualCoder exports its journal as a <Note>: not a coding, reported as not read
NOTES_NOT_READ = (
    "notes (memos, annotations, journal entries): 1 not read "
    "('522c4277-b9d3-4466-9a7b-853efda8a7b0')"
)


def _review(project: Path) -> SynthesisSettings:
    """A review whose data/coded/ holds QualCoder's export, as config.yaml lists it."""
    coded = project / "data" / "coded"
    coded.mkdir(parents=True)
    shutil.copy(PROJECT, coded)
    config = {
        "coders": ["coder_1", "coder_2"],
        "sources": [
            {
                "path": "data/coded/e-mentoring.qdpx",
                "format": "refiqda",
                "coder_names": {"Ana": "coder_1", "Zoë": "coder_2"},
            }
        ],
    }
    (project / "config").mkdir()
    (project / "config" / "config.yaml").write_text(
        yaml.safe_dump({"synthesis": config}, allow_unicode=True), encoding="utf-8"
    )
    loaded = yaml.safe_load((project / "config" / "config.yaml").read_text(encoding="utf-8"))
    return SynthesisSettings.from_config(loaded["synthesis"])


def test_every_qualcoder_coding_is_imported_exactly(project: Path) -> None:
    settings = _review(project)
    codes, notices = import_codes(settings.sources, settings)
    assert [n.message for n in notices] == [NOTES_NOT_READ]
    got = codes[["record_id", "coder", "code_path", "quote", "location", "memo"]]
    assert [tuple(row) for row in got.itertuples(index=False)] == CODINGS
    assert codes["code"].tolist() == [path.split(" > ")[-1] for _, _, path, *_ in CODINGS]
    assert set(codes["source_file"]) == {"data/coded/e-mentoring.qdpx"}


def _with_crlf_texts(target: Path) -> Path:
    """QualCoder's export as its "MAXQDA" line-endings choice writes it (QualCoder 3.8.2,
    src/qualcoder/refi.py:2073, `f.write(s['fulltext'].replace("\\n", "\\r\\n"))`): the
    plain texts with CRLF line ends, the offsets in project.qde unchanged (counting a line end
    once, as QualCoder holds its texts)."""
    with zipfile.ZipFile(PROJECT) as original, zipfile.ZipFile(target, "w") as copy:
        plain = set(
            re.findall(
                r'plainTextPath="internal://([^"]+)"',
                original.read("project.qde").decode("utf-8-sig"),
            )
        )
        for info in original.infolist():
            data = original.read(info)
            if info.filename.removeprefix("Sources/") in plain:
                data = data.replace(b"\n", b"\r\n")
            copy.writestr(info, data)
    return target


def test_qualcoder_export_with_crlf_texts_quotes_the_same_passages(project: Path) -> None:
    """Every passage is the one QualCoder coded, though each line end before it is two
    characters in the text and one in the offsets; before, the quotes after a line end were
    shifted by one character per line end."""
    _review(project)
    _with_crlf_texts(project / "data" / "coded" / "e-mentoring.qdpx")
    settings = SynthesisSettings.from_config(
        yaml.safe_load((project / "config" / "config.yaml").read_text(encoding="utf-8"))[
            "synthesis"
        ]
    )
    codes, notices = import_codes(settings.sources, settings)
    assert [n.message for n in notices] == [NOTES_NOT_READ]
    assert codes["quote"].tolist() == [quote for _, _, _, quote, *_ in CODINGS]
    assert "\r" not in "".join(codes["quote"])


def test_imported_codings_exported_back_as_a_project_keep_every_quote(
    project: Path, cli: Callable[..., Run]
) -> None:
    """The round trip the CLI's help names: QualCoder's project through the workflow's import
    (results/synthesis/imported_codes.csv, as the rule writes it), then `codebook export --qdpx
    --codes` that file. Before, the export refused the file's provenance columns
    ("unknown column(s) 'code_path', 'source_file', 'source_ref'")."""
    settings = _review(project)
    codes, _ = import_codes(settings.sources, settings)
    write_table(codes, project / "results" / "synthesis" / "imported_codes.csv")
    (project / "codebook.yaml").write_text("categories: []\nsubcategories: []\nconcepts: []\n")
    run = cli(
        ["codebook", "export", "--codebook", "codebook.yaml", "--qdpx", "back.qdpx",
         "--codes", "results/synthesis/imported_codes.csv"],
        config=False,
    )  # fmt: skip
    assert run.status == 0, run.err
    assert run.out == "wrote back.qdpx (11 codings on 3 documents)\n"
    again, _ = read_project_codes(project / "back.qdpx")
    key = ["record_id", "coder", "code", "quote"]
    assert again[key].values.tolist() == codes[key].values.tolist()


def test_qualcoder_project_is_valid_against_the_schema(shared: Path) -> None:
    codes, notices = read_project_codes(PROJECT, xsd_dir=shared / "qda" / "xsd")
    assert [n.message for n in notices] == [NOTES_NOT_READ]
    assert sorted(set(codes["coder"])) == ["Ana", "Zoë"]  # QualCoder's user names


def test_one_unit_for_every_selection_misreads_a_qualcoder_project(tmp_path: Path) -> None:
    """`offset_unit: code_points` reads QualCoder's UTF-16 offsets as written: a passage after
    🙂 then ends past the text, and the error says so instead of quoting the wrong words;
    `utf16` misreads the passage its text search coded. Only `auto` reads both."""
    with pytest.raises(InputError, match="falls outside its source text"):
        read_project_codes(PROJECT, offset_unit="code_points")
    # UTF-16 for all: right for the editor's selections, wrong for the text search's
    codes, _ = read_project_codes(PROJECT, offset_unit="utf16")
    quotes = [quote for _, _, _, quote, *_ in CODINGS]
    wrong = [i for i, quote in enumerate(codes["quote"]) if quote != quotes[i]]
    assert wrong == [quotes.index("Schulung")]


def test_codebook_list_shows_qualcoder_categories_and_codes(
    project: Path, cli: Callable[..., Run]
) -> None:
    run = cli(["codebook", "list", str(CODEBOOK)], config=False)
    assert run.status == 0, run.err
    table = pd.read_csv(pd.io.common.StringIO(run.out), dtype=str)
    assert table[["path", "is_codable"]].values.tolist() == [
        ["video glitches", "True"],
        ["Dimensions", "False"],
        [COMMUNICATION, "False"],
        [f"{COMMUNICATION} > timely feedback", "True"],
        [f"{COMMUNICATION} > rapport building", "True"],
        [f"{COMMUNICATION} > confiança & «rapport»", "True"],
        [TECHNICAL, "False"],
        [f"{TECHNICAL} > data privacy", "True"],
        [f"{TECHNICAL} > easy to use platform", "True"],
        ["Requirements", "False"],
        ["Requirements > training of mentors", "True"],
    ]


def test_codebook_import_names_codes_outside_a_sub_category(
    project: Path, cli: Callable[..., Run]
) -> None:
    """QualCoder lets a code sit at the top of the tree or straight in a category; by depth it
    would become an empty category or sub-category, so the import stops and names them."""
    run = cli(["codebook", "import", str(CODEBOOK), "--output", "codebook.yaml"], config=False)
    assert run.status == 2
    assert "2 code(s) above the concept level with no codes below: 'video glitches' (" in run.err
    assert "'training of mentors' (under 'Requirements')" in run.err
    assert not (project / "codebook.yaml").exists()


def test_codebook_import_of_a_qualcoder_tree_of_sub_categories(
    project: Path, cli: Callable[..., Run]
) -> None:
    """QualCoder's codebook without those two codes: categories, sub-categories and codes
    become categories, sub-categories and concepts, with QualCoder's memos."""
    text = CODEBOOK.read_text(encoding="utf-8-sig")
    kept = [line for line in text.splitlines() if "video glitches" not in line]
    kept = [line for line in kept if "training of mentors" not in line]
    (project / "qualcoder.qdc").write_text("\n".join(kept), encoding="utf-8")
    run = cli(["codebook", "import", "qualcoder.qdc", "--output", "codebook.yaml"], config=False)
    assert run.status == 0, run.err
    book = yaml.safe_load((project / "codebook.yaml").read_text(encoding="utf-8"))
    assert [c["label"] for c in book["categories"]] == ["Dimensions", "Requirements"]
    assert [(s["category"], s["label"], s.get("description")) for s in book["subcategories"]] == [
        ("dimensions", "Communication dimension", "How mentors & mentees talk."),
        ("dimensions", "Technical dimension", None),
    ]
    assert [(c["subcategory"], c["label"]) for c in book["concepts"]] == [
        ("communication_dimension", "timely feedback"),
        ("communication_dimension", "rapport building"),
        ("communication_dimension", "confiança & «rapport»"),
        ("technical_dimension", "data privacy"),
        ("technical_dimension", "easy to use platform"),
    ]
    assert book["concepts"][0]["description"] == "Feedback within a week <7 days>."
