"""Hostile YAML for every YAML input: the config, `searches.yaml`, the codebook, the findings, the
CERQual judgements and a checklist of the review's own.

Each real file of the default corpus (and the shipped CASP checklist, as a review's own file)
gets one hostile construct in place of a scalar value, or a whole line: YAML tags that build
Python objects in an unsafe loader (`!!python/object/apply:os.system`, `!!python/name:…`),
other standard tags (`!!binary`, `!!set`, `!!omap`, `!!timestamp`, `!!float .nan`), merge keys,
anchors and aliases, a key twice in a nested mapping, a huge integer, a value of 5 MB, a
multi-document stream (`---`), a tab for indentation, a NUL byte and a BOM in the middle. Each
is read by the function the workflow's rule (or `metasynth status`) calls; the oracle is the
first one: it reads, or refuses with an InputError naming the file, in at most `TIMEOUT`
seconds — never a traceback, never a hang, and a tag never runs anything.

    python tests/fuzz/yaml_probe.py
"""

from __future__ import annotations

import contextlib
import re
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

from metasynth.checklist import load_checklist
from metasynth.confidence.findings import load_findings
from metasynth.confidence.judgements import load_judgements
from metasynth.config import load_config
from metasynth.errors import InputError
from metasynth.searches import load_searches
from metasynth.synthesise.codebook import load_codebook

ROOT = Path(__file__).resolve().parents[2]
CODED = ROOT / "data" / "coded"
TIMEOUT = 30
CANARY = "metasynth_yaml_probe_ran"

VALUES = [
    f"!!python/object/apply:os.system ['touch {CANARY}']",
    f"!!python/object/apply:subprocess.check_output [['touch', '{CANARY}']]",
    "!!python/name:os.system",
    "!!python/object:argparse.Namespace {a: 1}",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!omap [a: 1, b: 2]",
    "!!timestamp 2024-01-01",
    "!!float .nan",
    ".inf",
    "!!int 0x7fffffff",
    "!!str",
    "!!null",
    "!foo bar",
    "&a [1, 2]",
    "*undefined",
    "{<<: {a: 1}, b: 2}",
    "{a: 1, a: 2}",
    "[" * 200 + "]" * 200,
    "9" * 5000,
    "1e999",
    "x" * 5_000_000,
    "'a\x00b'",
    '"a\\x00b"',
    '"\\ud800"',
    '"\u202e"',
    "\ufeffx",
    "|\n  multi\n  line",
    "? complex\n  : key",
    "2024-13-45",
    "yes",
    "~",
    "[]",
    "{}",
    "''",
    "- a\n- b",
]
LINES = [
    "---\nfindings: []",
    "...",
    "%YAML 1.1",
    "%TAG ! tag:yaml.org,2002:python/object/apply:",
    "\tkey: value",
    "<<: *nothing",
    "\x00",
]


class _HangError(Exception):
    pass


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise _HangError


def _readers(folder: Path) -> dict[str, tuple[Path, Callable[[Path], Any]]]:
    codebook = load_codebook(CODED / "codebook.yaml")
    findings = load_findings(CODED / "findings.yaml", codebook)
    checklist = folder / "checklist.yaml"
    shutil.copy(ROOT / "src" / "metasynth" / "checklists" / "casp_qualitative.yaml", checklist)
    return {
        "config": (ROOT / "config" / "config.yaml", load_config),
        "searches": (ROOT / "data" / "raw" / "searches.yaml", load_searches),
        "codebook": (CODED / "codebook.yaml", load_codebook),
        "findings": (CODED / "findings.yaml", lambda p: load_findings(p, codebook)),
        "judgements": (CODED / "cerqual.yaml", lambda p: load_judgements(p, findings)),
        "checklist": (checklist, lambda p: load_checklist(str(p))),
    }


_SCALAR = re.compile(r"^(\s*(?:- )?[A-Za-z_]+: )(\S[^\n]*)$", re.MULTILINE)


def _variants(text: str) -> list[tuple[str, str]]:
    """(description, text): each hostile value at three scalar places, each line at three."""
    places = list(_SCALAR.finditer(text))
    picked = [places[0], places[len(places) // 2], places[-1]] if places else []
    out = []
    for value in VALUES:
        for match in picked:
            indent = " " * (len(match.group(1)) + 2)
            shown = value.replace("\n", "\n" + indent)
            new = text[: match.start(2)] + shown + text[match.end(2) :]
            out.append((f"{value[:40]!r} at line {text.count(chr(10), 0, match.start()) + 1}", new))
    lines = text.splitlines(keepends=True)
    for line in LINES:
        for at in (0, len(lines) // 2, len(lines)):
            new = "".join(lines[:at]) + line + "\n" + "".join(lines[at:])
            out.append((f"line {line[:30]!r} before line {at + 1}", new))
    return out


def run(reader: Callable[[Path], Any], path: Path) -> tuple[str, str]:
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(TIMEOUT)
    try:
        reader(path)
    except InputError as exc:
        message = str(exc)
        named = path.name in message or str(path) in message
        return ("refused" if named else "message"), message[:200]
    except _HangError:
        return "hang", f"more than {TIMEOUT} s"
    except Exception as exc:  # the oracle: anything but an InputError is a bug
        return "traceback", f"{type(exc).__name__}: {exc}"[:300]
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return "read", ""


def verdicts(folder: Path, step: int = 1) -> Iterator[tuple[str, str, str, str]]:
    """(kind, file, case, detail) of every `step`-th case, run in `folder`."""
    canary = folder / CANARY
    for name, (path, reader) in _readers(folder).items():
        text = path.read_text(encoding="utf-8")
        for described, variant in _variants(text)[::step]:
            target = folder / path.name
            target.write_text(variant, encoding="utf-8", errors="surrogatepass")
            with contextlib.chdir(folder):
                kind, detail = run(reader, target)
            if canary.exists():
                kind, detail = "ran code", f"{CANARY} was created"
                canary.unlink()
            yield kind, name, described, detail


def main() -> int:
    tally: Counter[str] = Counter()
    started = time.monotonic()
    n_cases = 0
    with tempfile.TemporaryDirectory() as work:
        for kind, name, described, detail in verdicts(Path(work)):
            n_cases += 1
            tally[kind] += 1
            if kind not in {"read", "refused"}:
                print(f"{kind}: {name}: {described}: {detail}", flush=True)
    counts = ", ".join(f"{kind} {n}" for kind, n in sorted(tally.items()))
    print(f"yaml probe: {n_cases} cases in {time.monotonic() - started:.0f} s: {counts}")
    return 0 if set(tally) <= {"read", "refused"} else 1


if __name__ == "__main__":
    sys.exit(main())
