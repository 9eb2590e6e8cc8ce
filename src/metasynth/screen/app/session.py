"""A reviewer's screening session in the server: the next record, decisions, undo, progress.

The session holds the latest `Snapshot` from the background process and, on top of it, the
decisions and undos made since that snapshot was started (`_events`, each stamped with the
session's generation), so the next record never waits for a refresh: a decision is written to
the file, recorded here, and the next record is the first of the (possibly slightly older)
ranked order that this reviewer has not decided. When a snapshot for generation g arrives, the
events up to g are in it and are dropped; later ones are applied again on top (adding or
removing one publication is idempotent, so one already in the files does no harm).

Everything here runs on the server's event loop; only the file write (`decision_file`) is
handed to a thread.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from metasynth.errors import InputError
from metasynth.screen.app.decision_file import FileState, WrittenRow, decision_file
from metasynth.screen.app.guidance import guidance
from metasynth.screen.app.project import Project, card
from metasynth.screen.app.snapshot import (
    RELEVANT,
    OwnDecision,
    Snapshot,
    fulltext_location,
    fulltext_note,
)
from metasynth.screen.decisions import check_decision
from metasynth.text import stable_hash
from metasynth.validation import validate_document

SCHEMA = "screening_decisions"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
NOTE_LIMIT = 2000


class RefusedError(Exception):
    """A request the session turns down, with a message for the page (HTTP 409)."""


def no_surrogates(value: str) -> str:
    """`value` with every lone surrogate (JSON's `"\\ud800"`: no UTF-8 file or answer can hold
    one, so writing or answering would fail) replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", value)


def clean_text(value: str, limit: int = NOTE_LIMIT) -> str:
    """One line of text for a CSV cell: control characters (line breaks too, U+0085, U+2028
    and U+2029 included) become spaces, lone surrogates U+FFFD (`no_surrogates`)."""
    return no_surrogates(_CONTROL.sub(" ", value)).strip()[:limit]


def local_fulltext(location: str, root: Path, entered: str = "") -> tuple[Path | None, str]:
    """The file a local full-text location names, if the app may serve it; else None and why.

    The token opens the page, not every file the server's user can read: only a regular file
    inside the project folder `root` (resolved) is served. A relative location starts at the
    project folder; links and `..` are resolved before the check, so neither they nor an
    absolute path lead outside it. The file served is the resolved one. `entered`: the row that
    holds the location (`file:line`), named when the file does not exist.
    """
    copy_it = (
        "copy the full text into the project folder (e.g. pdfs/) and enter its path "
        "relative to the project folder"
    )
    try:
        resolved = (root / Path(location.removeprefix("file://")).expanduser()).resolve()
    except (OSError, RuntimeError, ValueError):  # a loop of links, a name the system refuses
        return None, f"{location} cannot be followed to a file; {copy_it}"
    if not resolved.is_relative_to(root):
        return None, (
            f"{location} is outside the project folder ({root}), and the app serves only files "
            f"inside it; {copy_it}"
        )
    try:
        exists, is_file = resolved.exists(), resolved.is_file()
    except (OSError, ValueError):  # a name too long for the file system
        return None, f"{location} cannot be followed to a file; {copy_it}"
    if not exists:
        return None, missing_fulltext(location, resolved, root, entered)
    if not is_file:  # a folder, a named pipe (reading it would wait forever), a device
        return None, f"{location} is not a file; {copy_it}"
    return resolved, ""


def missing_fulltext(location: str, resolved: Path, root: Path, entered: str) -> str:
    """Why a full-text path inside the project folder does not open: no such file (a typo, a
    file not copied yet), the row it was entered in, the folder's files with a similar name
    (`difflib`), and what to do."""
    typed = Path(location.removeprefix("file://"))
    folder = resolved.parent
    if folder.is_dir():
        try:
            # only files the app would serve: not a link in the folder that leads outside
            names = sorted(
                p.name for p in folder.iterdir() if p.is_file() and p.resolve().is_relative_to(root)
            )
        except OSError:  # a folder this account cannot list: no suggestion
            names = []
        similar = difflib.get_close_matches(resolved.name, names, n=3, cutoff=0.6)
        where = "the project folder" if folder == root else f"{typed.parent.as_posix()}/"
        hint = (
            f"Did you mean {' or '.join((typed.parent / n).as_posix() for n in similar)}?"
            if similar
            else f"No file in {where} has a similar name."
        )
    else:
        hint = f"There is no folder {typed.parent.as_posix()}/ either."
    at = f"entered at {entered}; " if entered else ""
    return (
        f"{location} does not exist ({at}a relative path starts at the project folder, "
        f'{root}). {hint} Correct the path after "full text: " in that row\'s note, or put '
        f"the full text at {location}."
    )


@dataclass(frozen=True)
class Pending:
    """A decision checked and ready to write."""

    row: dict[str, str]
    decision: OwnDecision


class Session:
    """One reviewer at one stage (see the module docstring)."""

    def __init__(self, project: Project, reviewer: str, stage: str, snapshot: Snapshot) -> None:
        settings = project.settings
        self.project = project
        self.reviewer = reviewer
        self.stage = stage
        self.is_resolver = settings.is_resolver(reviewer) and stage != "retrieval"
        self.path = decision_file(settings.decisions_dir, stage, reviewer)
        # the project folder: relative full-text paths start here, and no full text outside it
        # is served
        self.root = Path.cwd().resolve()
        self.snapshot = snapshot
        self.generation = snapshot.generation
        self.random_order = False
        self.known: FileState | None = None  # the decision file as this session left it
        # the files' signature when the server saw them change on disk, until a snapshot has it
        self.outside: tuple[tuple[str, int, int], ...] | None = None
        self._events: list[tuple[int, bool, OwnDecision]] = []  # (generation, added, decision)
        self._undo: list[tuple[WrittenRow, OwnDecision]] = []
        self._random: tuple[int, list[str]] = (-1, [])
        self._version = 0  # changes with every snapshot, decision and undo (caches below)
        self._snapshots = 0  # changes with every snapshot
        self._mine: tuple[int, dict[str, OwnDecision]] = (-1, {})

    # ----------------------------------------------------------------- state
    def apply(self, snapshot: Snapshot) -> None:
        """Take a new snapshot (an error snapshot keeps the last good order, with its message)."""
        if snapshot.error:
            self.snapshot = replace(self.snapshot, error=snapshot.error)
            return
        self.snapshot = snapshot
        if snapshot.signature == self.outside:
            self.outside = None
        self._events = [e for e in self._events if e[0] > snapshot.generation]
        self._version += 1
        self._snapshots += 1

    @property
    def fresh(self) -> bool:
        """True when the order reflects every decision of this session and every change to the
        files that the server has seen."""
        caught_up = self.snapshot.generation >= self.generation and self.outside is None
        return caught_up and not self.snapshot.error

    def mine(self) -> dict[str, OwnDecision]:
        """This reviewer's decisions at this stage, in the order made (do not modify)."""
        if self._mine[0] != self._version:
            self._mine = (self._version, self._decided())
        return self._mine[1]

    def _decided(self) -> dict[str, OwnDecision]:
        decided = {d.publication: d for d in self.snapshot.mine}
        for _, added, decision in self._events:
            if added:
                decided.pop(decision.publication, None)
                decided[decision.publication] = decision
            else:
                decided.pop(decision.publication, None)
        return decided

    def order(self) -> list[str]:
        """The queue in the order served: ranked, or a fixed random order (for calibration)."""
        if not self.random_order:
            return self.snapshot.order
        if self._random[0] != self._snapshots:
            seed = f"{self.reviewer}/{self.stage}"
            shuffled = sorted(self.snapshot.order, key=lambda p: stable_hash(seed, p))
            self._random = (self._snapshots, shuffled)
        return self._random[1]

    def waiting(self) -> list[str]:
        """The publications still to decide, in the order served."""
        decided = self.mine()
        return [p for p in self.order() if p not in decided]

    def next_publication(self) -> str | None:
        decided, known = self.mine(), self.project.has
        # `known`: after a new workflow run the order may still name a publication of the
        # previous run until the background process has re-ranked
        return next((p for p in self.order() if p not in decided and known(p)), None)

    # ----------------------------------------------------------------- decisions
    def prepare(
        self, publication: str, decision: str, reason: str, note: str, location: str
    ) -> Pending:
        """Check a decision against the queue, the decision-file schema and the config (the
        checks the workflow makes of every row: `validate_document`, `check_decision`)."""
        if publication in self.mine():
            raise RefusedError(f"you already decided {publication} at {self.stage}")
        if publication not in self.snapshot.order and not self._was_undone(publication):
            raise RefusedError(f"{publication} is not in your {self.stage} queue")
        if self.is_resolver and decision not in ("include", "exclude"):
            raise RefusedError("a resolution settles the conflict: include or exclude")
        row = {
            "record_id": publication,
            "stage": self.stage,
            "reviewer": self.reviewer,
            "decision": decision,
            # a reason belongs to an exclusion or a non-retrieval only
            "reason": reason.strip() if decision in ("exclude", "not_retrieved") else "",
            "note": fulltext_note(clean_text(location), clean_text(note)),
            "date": dt.date.today().isoformat(),
        }
        try:
            checked = {**row, "source_file": self.path.as_posix(), "source_line": 0}
            check_decision(checked, self.project.settings, self.project.members)
            validate_document({k: v for k, v in row.items() if v}, SCHEMA, file=self.path)
        except InputError as error:
            raise RefusedError(error.message) from None
        own = OwnDecision(
            publication=publication,
            named_record_id=publication,
            decision=decision,
            reason=row["reason"],
            note=row["note"],
            date=row["date"],
            source_file=self.path.as_posix(),
            source_line=0,
        )
        return Pending(row=row, decision=own)

    def record(self, written: WrittenRow, pending: Pending) -> OwnDecision:
        """Note a decision that is now in the file."""
        decision = replace(pending.decision, source_line=written.line)
        self.generation += 1
        self.known = written.after
        self._events.append((self.generation, True, decision))
        self._version += 1
        self._undo.append((written, decision))
        return decision

    def last_written(self) -> tuple[WrittenRow, OwnDecision]:
        if not self._undo:
            raise RefusedError("nothing to undo: no decision of this session is left")
        return self._undo[-1]

    def forget(self, state: FileState) -> OwnDecision:
        """Note that the last decision was taken back out of the file (now in `state`)."""
        _, decision = self._undo.pop()
        self.generation += 1
        self.known = state
        self._events.append((self.generation, False, decision))
        self._version += 1
        return decision

    def _was_undone(self, publication: str) -> bool:
        return any(not added and d.publication == publication for _, added, d in self._events)

    # ----------------------------------------------------------------- for the page
    def card(self, publication: str, previous: OwnDecision | None = None) -> dict[str, Any]:
        """The publication as the page shows it here: its fields, full text, conflict, and its rank
        and score in the ranked order (none in the random one)."""
        shown = card(self.project, publication)
        # a calibration round in random order must not see what the model thinks of a record
        ranked = not self.random_order
        shown["score"] = self.snapshot.scores.get(publication) if ranked else None
        # the place in this reviewer's own queue (1: next): the snapshot's order also holds what
        # they decided since, and what waits only for the other screeners ("rank 13" for the
        # record served next)
        waiting = self.waiting() if ranked else []
        shown["rank"] = waiting.index(publication) + 1 if publication in waiting else None
        shown["fulltext"] = self._fulltext(publication)
        shown["conflict"] = self.snapshot.conflicts.get(publication, []) if self.is_resolver else []
        if previous is not None:
            _, note = fulltext_location(previous.note)
            shown["previous"] = {
                "decision": previous.decision,
                "reason": previous.reason,
                "note": note,
            }
        return shown

    def _fulltext(self, publication: str) -> dict[str, str]:
        """The full text's recorded place, the link the page opens, and (a local file the app
        does not serve) why not and what to do."""
        location, entered = self._location(publication)
        if not location:
            return {"location": "", "href": "", "problem": ""}
        if location.startswith(("https://", "http://")):
            return {"location": location, "href": location, "problem": ""}
        _, problem = local_fulltext(location, self.root, entered)
        href = "" if problem else f"/fulltext/{publication}"
        return {"location": location, "href": href, "problem": problem}

    def _location(self, publication: str) -> tuple[str, str]:
        """Where the publication's full text is and the row that says so (`file:line`)."""
        location, entered = self.snapshot.fulltext.get(publication, ("", ""))
        for _, added, decision in self._events:
            if decision.publication == publication:
                found, _ = fulltext_location(decision.note)
                if added and found:
                    location, entered = found, f"{decision.source_file}:{decision.source_line}"
        return location, entered

    def fulltext_path(self, publication: str) -> tuple[Path | None, str]:
        """The local file holding a publication's full text, or None and why (nothing local is
        recorded: an empty reason)."""
        location, entered = self._location(publication)
        if not location or location.startswith(("https://", "http://")):
            return None, ""
        return local_fulltext(location, self.root, entered)

    def progress(self) -> dict[str, Any]:
        """Counts, the ranking's state and (title/abstract) the stopping guidance."""
        decided = self.mine()
        counts: dict[str, int] = {}
        for decision in decided.values():
            counts[decision.decision] = counts.get(decision.decision, 0) + 1
        remaining = len(self.waiting())
        shown: dict[str, Any] = {
            "decided": len(decided),
            "remaining": remaining,
            "counts": counts,
            "order": "random" if self.random_order else "ranked",
            "ranking": {
                "method": self.snapshot.method,
                "fresh": self.fresh,
                "seconds": round(self.snapshot.seconds, 2),
                "error": self.snapshot.error,
            },
            "undo": len(self._undo),
        }
        if self.stage == "title_abstract" and not self.is_resolver:
            flags = [1 if d.decision in RELEVANT else 0 for d in decided.values()]
            advice = guidance(flags, remaining)
            shown["guidance"] = {
                "relevant": advice.relevant,
                "since_last_relevant": advice.since_last_relevant,
                "knee_rho": advice.knee_rho,
                "knee_threshold": advice.knee_threshold,
                "knee_met": advice.knee_met,
                "estimated_recall": advice.estimated_recall,
            }
        return shown
