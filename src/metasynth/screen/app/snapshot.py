"""What the screening app's server and its background process pass between them, kept apart
from the ranking so that the server starts without the model's libraries (numpy's sparse
matrices, scikit-learn), which only the background process (`metasynth.screen.app.view`) loads.

- `Snapshot`: a reviewer's view of a stage at one moment (the ranked queue, their own rows, the
  open conflicts for a resolver, where each full text is), and `OwnDecision`, one of their rows;
- `decision_signature`: what changes when any decision file does (the server's watcher);
- `fulltext_note` / `fulltext_location`: the `full text: …` convention in decision notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from metasynth.errors import InputError
from metasynth.hand_files import hand_edited_files
from metasynth.screen.app.project import file_signature

FULLTEXT_PREFIX = "full text: "
NOTE_SEPARATOR = " | "
RELEVANT = frozenset({"include", "maybe"})


def fulltext_note(location: str, note: str) -> str:
    """A decision note carrying the full text's location: `full text: LOCATION | NOTE`."""
    location, note = location.strip(), note.strip()
    if not location:
        return note
    return FULLTEXT_PREFIX + location + (NOTE_SEPARATOR + note if note else "")


def fulltext_location(note: str) -> tuple[str, str]:
    """(location, the rest of the note) from a note written by `fulltext_note`."""
    if not note.startswith(FULLTEXT_PREFIX):
        return "", note
    location, _, rest = note[len(FULLTEXT_PREFIX) :].partition(NOTE_SEPARATOR)
    return location.strip(), rest.strip()


@dataclass(frozen=True)
class OwnDecision:
    """One of this reviewer's rows at this stage."""

    publication: str
    named_record_id: str
    decision: str
    reason: str
    note: str
    date: str
    source_file: str
    source_line: int


UNRANKED = "not ranked: found by other methods only (no title/abstract screening)"


@dataclass
class Snapshot:
    """A reviewer's view of a stage at one moment (see the module docstring)."""

    generation: int
    signature: tuple[tuple[str, int, int], ...] = ()
    order: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    method: str = ""
    mine: list[OwnDecision] = field(default_factory=list)
    conflicts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    fulltext: dict[str, tuple[str, str]] = field(default_factory=dict)
    seconds: float = 0.0
    error: str = ""


def decision_signature(decisions_dir: str | Path) -> tuple[tuple[str, int, int], ...]:
    """Size and modification time of every decision file: changes when any row does. A folder
    that cannot be listed (a link to nothing) has its error as signature: the server's watcher
    goes on, and the snapshot it asks for reports the error."""
    try:
        files = hand_edited_files(decisions_dir)
    except InputError as error:
        return ((str(error), -1, -1),)
    return file_signature([Path(p) for p in files])
