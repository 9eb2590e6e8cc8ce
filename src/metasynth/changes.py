"""Every committed change of a publication's rows in the hand-written files, for `metasynth audit`.

The decision, appraisal, verdict and code files hold one row per reviewer and record: a
reviewer who changes their mind edits their row, and version control keeps what it said before
(docs/new-review.md recommends a git repository for a review project). `row_changes` asks git
for every commit that added, removed or edited a line naming one of the publication's
record_ids (`git log -E -G`) in the review's hand-written inputs — the exports, verdicts,
decisions, appraisals and coding sources where the config puts them (`input_paths`): a line
naming the record in a note, a test fixture or a document elsewhere in the repository is no row
of the review — and the working tree's changes not yet committed (files git does not track
yet included), and returns each such line with
its file and line number, oldest first; `format_changes` prints them under the audit. Without git
or a repository it says so in one line; nothing is guessed.

Input: the project folder, the publication's record_ids (its cluster's, former ids included),
the config's sections. Output: text. Nothing is written.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from metasynth.config import section_with_defaults

MAX_COMMITS = 20
"""Commits shown (the most recent); earlier ones are counted."""
_TIMEOUT = 60
_WIDTH = 160
"""Characters of a row shown (a long code quote is cut)."""
_DIFF_OPTIONS = ("--no-ext-diff", "--no-textconv", "--src-prefix=a/", "--dst-prefix=b/")
_COMMIT = "\x1e"
_FIELD = "\x1f"
_HUNK = re.compile(r"^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@")
_ERE_SPECIAL = re.compile(r"([.\[\](){}*+?|^$\\])")


@dataclass(frozen=True)
class RowChange:
    """One line naming the publication, added (`+`) or removed (`-`) in a file."""

    sign: str
    file: str
    line: int
    text: str


@dataclass
class Commit:
    """A commit (or the uncommitted changes: `sha` "") and the publication's lines it changed."""

    sha: str
    date: str
    author: str
    subject: str
    rows: list[RowChange] = field(default_factory=list)


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            ["git", "-c", "core.quotepath=off", "-C", str(root), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(args, 1, "", f"no answer within {_TIMEOUT} s")


def input_paths(config: Mapping[str, Any]) -> list[str]:
    """Where the review's hand-written rows live, as the config names them (schema defaults for
    what it leaves out): the exports folder, the dedup verdicts, the decision and appraisal
    folders, the codebook and every coding source."""
    values = {
        name: section_with_defaults(name, dict(config.get(name) or {}))
        for name in ("ingest", "dedup", "screening", "appraisal", "synthesis")
    }
    paths = [
        values["ingest"]["raw_dir"],
        values["dedup"]["verdicts"],
        values["screening"]["decisions_dir"],
        values["appraisal"]["appraisal_dir"],
        values["synthesis"]["codebook"],
        *(source["path"] for source in values["synthesis"]["sources"]),
    ]
    return sorted({str(path) for path in paths})


def _pathspecs(root: Path, paths: Sequence[str]) -> list[str]:
    """git pathspecs (literal, relative to `root`) of the paths inside the project folder."""
    specs: list[str] = []
    for path in paths:
        place = Path(path)
        if place.is_absolute():
            try:
                place = place.resolve().relative_to(root.resolve())
            except ValueError:
                continue
        specs.append(f":(literal){place.as_posix()}")
    return specs


def _naming(record_ids: Iterable[str]) -> re.Pattern[str]:
    ids = sorted({r for r in record_ids if r}, key=len, reverse=True)
    return re.compile(r"(?<![\w:.])(?:" + "|".join(map(re.escape, ids)) + r")(?![\w:.])")


def _rows(patch: str, naming: re.Pattern[str]) -> list[RowChange]:
    """The added and removed lines of a `-U0` patch that name the publication."""
    rows: list[RowChange] = []
    file, old, new = "", 0, 0
    for line in patch.splitlines():
        if line.startswith("+++ ") or line.startswith("--- "):
            if line.startswith("+++ "):
                file = line[4:].removeprefix("b/")
            elif line[4:] != "/dev/null":
                file = line[4:].removeprefix("a/")
            continue
        hunk = _HUNK.match(line)
        if hunk:
            old, new = int(hunk.group(1)), int(hunk.group(2))
        elif line.startswith("-"):
            if naming.search(line):
                rows.append(RowChange("-", file, old, line[1:]))
            old += 1
        elif line.startswith("+"):
            if naming.search(line):
                rows.append(RowChange("+", file, new, line[1:]))
            new += 1
    return rows


def row_changes(root: Path, record_ids: Iterable[str], paths: Sequence[str]) -> list[Commit] | str:
    """The commits (oldest first, then the uncommitted changes) that changed a line naming one of
    `record_ids` in `paths` (files or folders, relative to `root`), or a sentence saying why there
    is no history to read."""
    ids = sorted({str(r) for r in record_ids if str(r)})
    if not ids:
        return "no record_id to look for"
    specs = _pathspecs(root, paths)
    if not specs:
        return "the config names no input inside the project folder"
    if shutil.which("git") is None:
        return "git is not installed"
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        return f"{root} is not in a git repository"
    if _git(root, "rev-parse", "--verify", "-q", "HEAD").returncode != 0:
        return f"the git repository of {root} has no commit yet"
    naming = _naming(ids)
    found = _git(
        root,
        "log",
        "--topo-order",
        "-p",
        "-U0",
        "--no-color",
        *_DIFF_OPTIONS,
        "--date=short",
        f"--format={_COMMIT}%H{_FIELD}%ad{_FIELD}%an{_FIELD}%s",
        "-E",
        "-G" + "|".join(_ERE_SPECIAL.sub(r"\\\1", record_id) for record_id in ids),
        "--",
        *specs,
    )
    if found.returncode != 0:
        return f"git log failed ({' '.join(found.stderr.split()[:20])})"
    ordered: list[Commit] = []
    for block in found.stdout.split(_COMMIT)[1:]:
        header, _, patch = block.partition("\n")
        sha, date, author, subject = (header.split(_FIELD) + [""] * 4)[:4]
        ordered.append(Commit(sha, date, author, subject, _rows(patch, naming)))
    ordered.reverse()  # git log: newest first
    pending = _git(root, "diff", "HEAD", "-U0", "--no-color", *_DIFF_OPTIONS, "--", *specs)
    if pending.returncode == 0:
        rows = _rows(pending.stdout, naming) + _untracked_rows(root, specs, naming)
        if rows:
            ordered.append(Commit("", "", "", "not committed yet", rows))
    return [commit for commit in ordered if commit.rows]


def _untracked_rows(root: Path, specs: Sequence[str], naming: re.Pattern[str]) -> list[RowChange]:
    """The lines naming the publication in files git does not track yet (a decision file a
    reviewer has just written and not added): every line of such a file is new."""
    listed = _git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", *specs)
    if listed.returncode != 0:
        return []
    rows: list[RowChange] = []
    for name in sorted(filter(None, listed.stdout.split("\0"))):
        try:
            with (root / name).open(encoding="utf-8", errors="replace", newline="") as handle:
                for number, line in enumerate(handle, start=1):
                    if naming.search(line):
                        rows.append(RowChange("+", name, number, line.rstrip("\r\n")))
        except OSError as error:
            rows.append(RowChange("+", name, 0, f"(not read: {error.strerror or error})"))
    return rows


def format_changes(root: Path, record_ids: Iterable[str], paths: Sequence[str]) -> str:
    """The publication's rows in `paths` as version control saw them change, as a block of text."""
    found = row_changes(root, record_ids, paths)
    lines = [
        "",
        "version history (git: every committed change of these rows)",
        f"  rows of the review's inputs: {', '.join(paths)}",
    ]
    if isinstance(found, str):
        lines.append(
            f"  not available: {found} (docs/new-review.md: keep the review project in git to "
            "see here every earlier version of its decision, appraisal and code rows)"
        )
        return "\n".join(lines) + "\n"
    if not found:
        lines.append("  no commit has changed a row of this publication")
    hidden = max(0, len(found) - MAX_COMMITS)
    if hidden:
        lines.append(f"  … {hidden} earlier commit(s) not shown (git log -G <record_id>)")
    for commit in found[hidden:]:
        when = f"{commit.date}  {commit.sha[:7]}  {commit.author}" if commit.sha else ""
        lines.append(f"  {when}  {commit.subject[:72]}".rstrip() if when else "  (not committed)")
        for row in commit.rows:
            word = "added" if row.sign == "+" else "removed"
            shown = row.text if len(row.text) <= _WIDTH else row.text[: _WIDTH - 1] + "…"
            lines.append(f"      {word:8}{row.file}:{row.line}  {shown}")
    return "\n".join(lines) + "\n"
