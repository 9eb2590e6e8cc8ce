"""The one error type for bad input, and the notice type for problems that do not stop a run.

Every stage reports bad input the same way: the file, the line (or XML element, or table row),
what is wrong and what to do about it. `InputError` stops the run; `Notice` is collected into a
stage's report (the ingest report, the screening completeness list, ...) and never stops it.
The command line and the rule scripts print an `InputError` in one or two lines and exit non-zero;
tracebacks are reserved for bugs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.element = element
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = _where(self.file, self.line, self.element)
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text += f"\n  what to do: {self.hint}"
        return text


@dataclass(frozen=True)
class Notice:
    """A problem found in the input that does not stop the run; it is always reported."""

    severity: str  # "warning" or "info"
    message: str
    file: str | None = None
    line: int | None = None
    element: str | None = None

    def __str__(self) -> str:
        where = _where(self.file, self.line, self.element)
        return f"{where}: {self.message}" if where else self.message
