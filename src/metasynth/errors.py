"""The error types for bad input and failed outputs, and the notice type for problems that do not
stop a run.

Every stage reports bad input the same way: the file, the line (or XML element, or table row),
what is wrong and what to do about it. `InputError` stops the run; `Notice` is collected into a
stage's report (the ingest report, the screening completeness list, ...) and never stops it.
`OutputError` is a file that could not be written (a full disk, a read-only folder, no
permission): the file and the reason in one line. The command line and the rule scripts print
either error in one or two lines and exit non-zero; tracebacks are reserved for bugs.

Text from inputs that reaches a message is shown with its invisible controls made visible
(`visible`): a right-to-left override (U+202E) inside a record_id or a code name would otherwise
reorder the message on the terminal and in the CSVs that list notices. The zero-width
(non-)joiners that Persian, Arabic-script and Indic words and emoji sequences are spelled with
stay as they are.
"""

from __future__ import annotations

import errno
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2069\ud800-\udfff\ufeff\ufff9-\ufffb]"
)
"""Characters that are invisible or change how the text around them is shown: C0 and C1
controls (tab, LF and CR excepted), zero-width characters, and every bidirectional control
(embeddings, overrides, isolates, marks; the Trojan Source set); and lone surrogates (a byte
of a file name that is not UTF-8, as Python decodes it), which no UTF-8 log or CSV can hold."""


def visible(text: str) -> str:
    """`text` with every invisible or reordering control shown as `<U+202E>`-style marks, so a
    reader sees that it is there and it cannot reorder what follows. A zero-width non-joiner or
    joiner that is part of the spelling stays as it is (`_spells`)."""
    if not _INVISIBLE.search(text):
        return text
    return _INVISIBLE.sub(
        lambda match: (
            match.group() if _spells(text, match.start()) else f"<U+{ord(match.group()):04X}>"
        ),
        text,
    )


def _spells(text: str, index: int) -> bool:
    """Whether the zero-width non-joiner (U+200C) or joiner (U+200D) at `text[index]` is part
    of a word's spelling: between two letters of a script that writes with them (Persian
    `می‌خواهم`, Urdu, Arabic, the Indic scripts: anything from Hebrew on, U+0590), or a joiner
    between two symbols (an emoji sequence). Between Latin, Greek or Cyrillic letters, or at
    the edge of a text, it is shown: there it only makes two names look alike."""
    char = text[index]
    if char not in "\u200c\u200d" or index == 0 or index == len(text) - 1:
        return False
    before, after = text[index - 1], text[index + 1]
    emoji = unicodedata.category(before) in ("So", "Sk") or before == "\ufe0f"
    if char == "\u200d" and emoji and unicodedata.category(after) == "So":
        return True
    return all(ord(c) >= 0x0590 and unicodedata.category(c)[0] in "LM" for c in (before, after))


def _where(file: str | Path | None, line: int | None, element: str | None) -> str:
    parts = []
    if file is not None:
        parts.append(str(file) + (f":{line}" if line is not None else ""))
    elif line is not None:
        parts.append(f"line {line}")
    if element:
        parts.append(element)
    return " ".join(parts)


class InputError(Exception):
    """Bad input that a person must fix: says where, what is wrong, and what to do."""

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        element: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = visible(message)
        self.file = visible(str(file)) if file is not None else None
        self.line = line
        self.element = visible(element) if element else element
        self.hint = visible(hint) if hint else hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = _where(self.file, self.line, self.element)
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text += f"\n  what to do: {self.hint}"
        return text


class CollectedInputError(InputError):
    """Several pieces of bad input found in one pass (the rows of the decision files, say),
    reported together so that a person fixes them in one go instead of one per run.

    Its `file`, `line`, `message` and `hint` are the first error's, so a caller that shows one
    error still shows something true; `str()` lists up to `SHOWN` of them, each where-and-what
    on one line, a hint once under the run of errors that share it.
    """

    SHOWN = 20

    def __init__(self, errors: Sequence[InputError]) -> None:
        if not errors:
            raise ValueError("CollectedInputError needs at least one error")
        self.errors = list(errors)
        first = self.errors[0]
        super().__init__(first.message, file=first.file, line=first.line, element=first.element)
        self.hint = first.hint

    def __str__(self) -> str:
        shown = self.errors[: self.SHOWN]
        lines = [f"{len(self.errors)} problems; fix them all, then run again:"]
        for index, error in enumerate(shown):
            where = _where(error.file, error.line, error.element)
            lines.append(f"  {where}: {error.message}" if where else f"  {error.message}")
            following = shown[index + 1] if index + 1 < len(shown) else None
            if error.hint and (following is None or following.hint != error.hint):
                lines.append(f"    what to do: {error.hint}")
        hidden = len(self.errors) - len(shown)
        if hidden:
            files = len({e.file for e in self.errors[self.SHOWN :]})
            lines.append(f"  and {hidden} more in {files} file(s), listed once these are fixed")
        return "\n".join(lines)


def raise_collected(errors: Sequence[InputError]) -> None:
    """Raise what a pass over many rows found: nothing for none, the error itself for one,
    `CollectedInputError` listing them for several."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise CollectedInputError(errors)


@dataclass(frozen=True)
class Notice:
    """A problem found in the input that does not stop the run; it is always reported."""

    severity: str  # "warning" or "info"
    message: str
    file: str | None = None
    line: int | None = None
    element: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", visible(self.message))
        if self.file:
            object.__setattr__(self, "file", visible(self.file))
        if self.element:
            object.__setattr__(self, "element", visible(self.element))

    def __str__(self) -> str:
        where = _where(self.file, self.line, self.element)
        return f"{where}: {self.message}" if where else self.message


_OUTPUT_PROBLEMS = {
    errno.ENOSPC: ("no space left on the disk", "free some space on that disk, then run again"),
    errno.EDQUOT: ("the disk quota is used up", "free some space in your quota, then run again"),
    errno.EROFS: (
        "the folder is on a read-only file system",
        "write to a folder you can change (or mount it read-write), then run again",
    ),
    errno.EACCES: (
        "permission denied",
        "write to a folder you own, or ask for write permission on this one",
    ),
    errno.EPERM: (
        "operation not permitted",
        "write to a folder you own, or ask for write permission on this one",
    ),
    errno.EFBIG: (
        "the file grew past the size limit for files (ulimit -f, or the file system's)",
        "raise the limit, or write to another disk",
    ),
}


class OutputError(Exception):
    """An output that could not be written: which file, and why (disk full, read-only, ...)."""

    def __init__(self, file: str | Path, reason: OSError | str, *, hint: str | None = None) -> None:
        self.file = visible(str(file))
        if isinstance(reason, OSError):
            known = _OUTPUT_PROBLEMS.get(reason.errno or 0)
            code = errno.errorcode.get(reason.errno or 0)
            text = known[0] if known else (reason.strerror or str(reason))
            self.reason = f"{text} ({code})" if code else text
            hint = hint or (known[1] if known else None)
        else:
            self.reason = reason
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"cannot write {self.file}: {self.reason}"
        if self.hint:
            text += f"\n  what to do: {self.hint}"
        return text


def environment_error(exc: OSError) -> OutputError | InputError:
    """An `OSError` that reached the command line or a rule script, as the one-line error a
    person reads: a read failure (missing file, not a file) as `InputError`, the rest as the
    `OutputError` of the file it names."""
    file = exc.filename if exc.filename is not None else "(unknown file)"
    if isinstance(exc, FileNotFoundError | IsADirectoryError | NotADirectoryError):
        return InputError(exc.strerror or str(exc), file=file)
    return OutputError(file, exc)
