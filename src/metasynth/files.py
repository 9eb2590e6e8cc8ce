"""Files in and out: inputs refused before they are opened, locks, atomic outputs.

An input file is opened only when it is a regular file (`check_input_file`, `read_input_bytes`:
a missing file, a folder, a named pipe or a device is an `InputError` naming it, never a traceback
or a wait; so is a name that is not UTF-8, `check_file_name`). Folders are walked through links
(`walk_files`). Hand-edited tables are read and appended to under an advisory lock
(`locked_file`), so a row that the screening app is appending is read whole or not at all. Every
output is written atomically (`atomic_output`, `AtomicFile`): to a temporary file of its own in
the same folder, flushed to disk, then renamed over the real name, so a reader (or a second run
writing the same file) never sees half a file, and a failed write leaves the old file as it was
and no temporary behind; a failure to write is an `OutputError` naming the file and the reason.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import signal
import socket
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from types import FrameType

from metasynth.errors import InputError, OutputError

# --------------------------------------------------------------------------- input files

_SPECIAL_FILES = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


_NOT_UTF8_NAME = re.compile("[\udc80-\udcff]")
"""The bytes of a file name that are not UTF-8, as Python decodes them (`os.fsdecode`): such a
name cannot be written to a table, a log or searches.yaml."""


def check_file_name(path: str | Path, *, shown: str | Path | None = None) -> None:
    """Refuse a path whose name (or a folder's on the way) holds bytes that are not UTF-8."""
    if _NOT_UTF8_NAME.search(str(path)):
        raise InputError(
            "the file's name is not valid UTF-8 (each <U+DCxx> is a byte of another encoding)",
            file=shown if shown is not None else path,
            hint="rename the file (or its folder) to a name without those characters",
        )


def check_output_file(path: str | Path) -> None:
    """Refuse to write a file whose name (or a folder's on the way) holds bytes that are not
    UTF-8 — the workflow would refuse it as an input, and no message or table could name it —
    or that is a folder or a special file: `/dev/full` would be read forever by an append, and
    renamed over (as root) a device would be replaced by a plain file."""
    if _NOT_UTF8_NAME.search(str(path)):
        raise InputError(
            "the output's name is not valid UTF-8 (each <U+DCxx> is a byte of another encoding)",
            file=path,
            hint="name the output with UTF-8 characters only",
        )
    try:
        mode = Path(path).stat().st_mode
    except OSError:
        return  # a new file, or one the write itself will fail on (with an OutputError)
    kinds = [(stat.S_ISDIR, "a folder"), *_SPECIAL_FILES]
    for test, kind in kinds:
        if test(mode):
            raise InputError(
                f"is {kind}, not a file an output can be written to",
                file=path,
                hint="name a file (a new one, or one this command wrote before)",
            )


def check_input_file(path: str | Path, *, shown: str | None = None, what: str = "a file") -> None:
    """Refuse, without opening it, an input file that is missing, a folder or not a regular
    file: reading a named pipe would wait forever for a writer, and a device never ends.
    `shown` is the path as messages give it, `what` what the file should be ("an export file")."""
    path = Path(path)
    where = shown if shown is not None else path
    check_file_name(path, shown=where)
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise InputError(
                "a symbolic link to a file that does not exist",
                file=where,
                hint="copy the file itself into the folder, or remove the link",
            ) from None
        raise InputError("file not found", file=where) from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", file=where) from None
    mode = info.st_mode
    if _INPUTS_READ is not None:
        _INPUTS_READ[(info.st_dev, info.st_ino)] = (where, path)
    if stat.S_ISDIR(mode):
        raise InputError(f"is a folder, not {what}", file=where, hint="name the file itself")
    for test, kind in _SPECIAL_FILES:
        if test(mode):
            raise InputError(
                f"is {kind}, not {what}",
                file=where,
                hint="save it as an ordinary file and name that one",
            )


_INPUTS_READ: dict[tuple[int, int], tuple[str | Path, Path]] | None = None
"""The files a command has read (`check_input_file`), by device and inode, while
`guard_inputs` is on: an output that is one of them is refused (`refuse_writing_over_input`)."""


@contextlib.contextmanager
def guard_inputs() -> Iterator[None]:
    """While the block runs (one command of the command line), an output named like a file the
    command has read — `--report` naming the sheet being imported, `export` over
    `results/screening/status.csv`, `codebook export --qdc` over the codebook — is refused
    before anything is written, instead of replacing the input without a word."""
    global _INPUTS_READ
    _INPUTS_READ = {}
    try:
        yield
    finally:
        _INPUTS_READ = None


def forget_input(path: str | Path) -> None:
    """`path` was read only to see what an output written there will replace (a codebook that
    `--force` replaces): writing it is what the user asked for."""
    if _INPUTS_READ is not None:
        with contextlib.suppress(OSError):
            info = Path(path).stat()
            _INPUTS_READ.pop((info.st_dev, info.st_ino), None)


def refuse_writing_over_input(path: Path) -> None:
    """InputError when the output `path` is (or links to) a file this command has read. A hard
    link of it under another name is not: the output, written atomically, replaces that name
    only (the link), and the input keeps its bytes."""
    if not _INPUTS_READ:
        return
    try:
        info = path.stat()
    except OSError:
        return
    found = _INPUTS_READ.get((info.st_dev, info.st_ino))
    if found is None:
        return
    read_as, read_path = found
    names_of_input = {_entry(read_path), _entry(read_path.resolve())}
    if not path.is_symlink() and _entry(path) not in names_of_input:
        return
    same = "" if Path(read_as) == path else f" (read as {read_as})"
    raise InputError(
        f"is an input of this command{same}: writing the output there would replace it",
        file=path,
        hint="name another output file",
    )


def _entry(path: Path) -> tuple[int, int, str] | None:
    """The folder entry that names `path`: its folder's device and inode, and its name."""
    try:
        folder = path.parent.stat()
    except OSError:
        return None
    return folder.st_dev, folder.st_ino, path.name


def walk_files(root: Path, skip: Callable[[Path], bool] | None = None) -> Iterator[Path]:
    """Every entry under the folder `root` that is not a folder, folder by folder in name order,
    through links to folders too: a team's shared folder linked in is read, not left out without
    a word (`Path.rglob` does not follow such links). Links to nothing come out too, for the
    caller to refuse by name. `skip(relative path)` leaves out a file, or a folder and all in it.
    A link to a folder already walked, or to one above `root`, is an InputError (a loop), and so
    is a name that is not UTF-8 (`check_file_name`)."""
    above = set(root.resolve().parents)
    walked = {root.resolve()}
    pending = [root]
    while pending:
        folder = pending.pop(0)
        for path in sorted(folder.iterdir()):
            if skip is not None and skip(path.relative_to(root)):
                continue
            check_file_name(path)  # before Snakemake, which cannot write it to its lock file
            if not path.is_dir():
                yield path
                continue
            target = path.resolve()
            if target in walked or target in above:
                raise InputError(
                    "a symbolic link to a folder already read here, or to one above it (a loop)",
                    file=path,
                    hint="remove the link",
                )
            walked.add(target)
            pending.append(path)


def read_input_bytes(
    path: str | Path, *, locked: bool = False, shown: str | None = None, what: str = "a file"
) -> bytes:
    """The bytes of an input file, after `check_input_file` (under a shared lock when `locked`:
    `read_bytes_locked`); unreadable is an InputError."""
    path = Path(path)
    check_input_file(path, shown=shown, what=what)
    try:
        return read_bytes_locked(path) if locked else path.read_bytes()
    except OSError as exc:
        where = shown if shown is not None else path
        raise InputError(f"cannot be read ({exc.strerror or exc})", file=where) from None


# --------------------------------------------------------------------------- text inputs

_CONFLICT_MARKER = re.compile(r"^(?:<{7}|>{7}|={7}|\|{7})(?: .*)?$")


def refuse_merge_conflict(text: str, *, file: str | Path) -> None:
    """InputError when a Git merge left its conflict markers (`<<<<<<< HEAD`, `=======`,
    `>>>>>>> branch`) in a table: read as rows they are odd cells, and the rows between them
    are both sides of the conflict at once."""
    if "<<<<<<<" not in text:
        return
    markers = [
        (n, line) for n, line in enumerate(text.splitlines(), 1) if _CONFLICT_MARKER.match(line)
    ]
    starts = [n for n, line in markers if line.startswith("<<<<<<<")]
    if not starts or len(markers) < 2:
        return
    lines = [n for n, _ in markers]
    shown = ", ".join(map(str, lines[:9])) + (", ..." if len(lines) > 9 else "")
    raise InputError(
        f"a Git merge conflict is left in the file (marker lines {shown})",
        file=file,
        line=starts[0],
        hint="between <<<<<<< and ======= are your rows, between ======= and >>>>>>> the other "
        "side's: keep the right rows (both, when they are different rows), delete the three "
        "marker lines, then commit the file",
    )


# --------------------------------------------------------------------------- locks


@contextlib.contextmanager
def locked_file(path: str | Path, *, exclusive: bool) -> Iterator[int]:
    """An open descriptor of `path` holding an advisory lock (flock) until the block ends.

    Shared for readers, exclusive for a writer (opened read-write and append-only, created if
    missing). Every program that reads or appends hand-edited tables here takes it, so a reader
    never sees half a row; editors and spreadsheets do not, which is why the writer appends a
    whole row in one write. Local file systems only (flock is not reliable over NFS).
    """
    flags = os.O_RDWR | os.O_APPEND | os.O_CREAT if exclusive else os.O_RDONLY
    descriptor = os.open(path, flags | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield descriptor
    finally:
        os.close(descriptor)  # closing releases the lock


def read_bytes_locked(path: str | Path) -> bytes:
    """The whole file, read under a shared lock (`locked_file`)."""
    with locked_file(path, exclusive=False) as descriptor:
        chunks = []
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)


# --------------------------------------------------------------------------- atomic outputs


_TEMPORARY_SUFFIX = ".partial"
_HOST = re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname().split(".")[0]) or "host"


def _temporary_prefix(path: Path) -> str:
    """`.<name>.<pid>-<host>.`: hidden, and naming the process that writes it, so a later run
    can tell a temporary file left by a killed process from one being written now."""
    return f".{path.name}.{os.getpid()}-{_HOST}."


def _is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def remove_stale_temporaries(path: str | Path) -> list[Path]:
    """Remove the temporary files that writers of `path` left behind when they were killed
    (their process is gone, on this host), and a `.<name>.partial` of older versions; the
    temporary of a writer still running is left alone. Returns what was removed."""
    path = Path(path)
    pattern = re.compile(
        re.escape(f".{path.name}")
        + r"(?:\.(\d+)-([A-Za-z0-9-]+)\.[^/]*)?"
        + re.escape(_TEMPORARY_SUFFIX)
        + "$"
    )
    removed = []
    with contextlib.suppress(OSError):
        for candidate in path.parent.iterdir():
            match = pattern.match(candidate.name)
            if match is None:
                continue
            pid, host = match.group(1), match.group(2)
            if pid is not None and (host != _HOST or _is_alive(int(pid))):
                continue
            with contextlib.suppress(FileNotFoundError):
                candidate.unlink()
                removed.append(candidate)
    return removed


@cache
def _file_mode() -> int:
    """The permissions a newly created file gets here (0666 less the umask)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


_BEING_WRITTEN: set[Path] = set()
"""The temporary files of the outputs this process is writing (`AtomicFile`)."""


class AtomicFile:
    """One output being written: a temporary file of its own beside `path` (created now), then
    `commit()` (flush to disk, rename over `path`) or `discard()` (remove the temporary).

    Two writers of one path never share a temporary file, a reader never sees a half-written
    `path`, and a failure leaves the previous `path` untouched. Any OSError (a full disk, a
    read-only folder, no permission) is raised as an `OutputError` naming `path`.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        check_output_file(self.path)
        refuse_writing_over_input(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            remove_stale_temporaries(self.path)
            descriptor, name = tempfile.mkstemp(
                prefix=_temporary_prefix(self.path), suffix=_TEMPORARY_SUFFIX, dir=self.path.parent
            )
        except OSError as exc:
            raise OutputError(self.path, exc) from None
        os.close(descriptor)
        self.temporary = Path(name)
        _BEING_WRITTEN.add(self.temporary)

    def commit(self) -> None:
        """Make the written temporary file the output: fsync, set the usual permissions, rename
        over `path`, fsync the folder (so the rename survives a crash)."""
        try:
            descriptor = os.open(self.temporary, os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
            self.temporary.chmod(_file_mode())
            self.temporary.replace(self.path)
            _BEING_WRITTEN.discard(self.temporary)
        except OSError as exc:
            self.discard()
            raise OutputError(self.path, exc) from None
        with contextlib.suppress(OSError):  # not every file system can sync a folder
            folder = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)

    def finish(self, close: Callable[[], None], *, keep: bool = True) -> None:
        """Close the writer of the temporary file (`close`), then `commit`; or `discard` when
        `keep` is False (a failed run) or closing fails (an `OutputError` when kept)."""
        try:
            close()
        except OSError as exc:
            self.discard()
            if keep:
                raise OutputError(self.path, exc) from None
            return
        if keep:
            self.commit()
        else:
            self.discard()

    def discard(self) -> None:
        """Remove the temporary file (after a failure); `path` stays as it was."""
        _BEING_WRITTEN.discard(self.temporary)
        with contextlib.suppress(OSError):
            self.temporary.unlink(missing_ok=True)


def end_on_sigterm() -> None:
    """Make SIGTERM (`kill`, a closed terminal, a cluster's time limit) remove the temporary
    files of the outputs being written and end the process as Ctrl-C does; by default it ends
    the process at once and leaves them behind."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminated)


def _terminated(signum: int, frame: FrameType | None) -> None:
    for temporary in list(_BEING_WRITTEN):  # also those no `finally` block guards yet
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
    raise SystemExit(128 + signum)  # the status a shell gives a process ended by the signal


@contextlib.contextmanager
def atomic_output(path: str | Path) -> Iterator[Path]:
    """A temporary path to write `path`'s content to; when the block ends without an error it
    becomes `path` (`AtomicFile.commit`), otherwise it is removed. An OSError while writing is
    raised as an `OutputError` naming `path`."""
    output = AtomicFile(path)
    try:
        yield output.temporary
    except OSError as exc:
        output.discard()
        raise OutputError(output.path, exc) from None
    except BaseException:
        output.discard()
        raise
    output.commit()


def write_text(text: str, path: str | Path) -> None:
    """Write UTF-8 text with "\\n" line ends, atomically (`atomic_output`)."""
    write_bytes(text.encode("utf-8"), path)


def write_bytes(data: bytes, path: str | Path) -> None:
    """Write bytes to `path` atomically (`atomic_output`)."""
    with atomic_output(path) as temporary, temporary.open("wb") as handle:
        handle.write(data)
