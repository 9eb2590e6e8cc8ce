"""`.qdpx` archives: opened without trusting them, written so that the bytes never change.

A `.qdpx` is a zip holding the project XML (`project.qde`, though tools name it otherwise too) and
its sources (`sources/…`, as REFI-QDA 1.5 §8.1 names the folder; QualCoder 3.x and NVivo write
`Sources/…`: member names are matched without case). `open_archive` checks the whole member list
before anything is unpacked: a member whose path leaves the archive (absolute, `..`, a drive letter)
is refused, and so is an archive whose member count, unpacked size or compression ratio exceeds the
configured limits (`synthesis.archive_limits`; `DEFAULT_LIMITS` otherwise). `Archive.read` unpacks
one member with a cap, so a member that unpacks to more than it declares is refused too, and so is
one that is encrypted, compressed with a method zipfile cannot read, or damaged (bad CRC, a broken
compressed stream, cut short): each an `InputError` naming the archive and the member.
`write_zip` writes members with fixed times and permissions: the same members give the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from metasynth.errors import InputError
from metasynth.files import check_input_file, write_bytes

DEFAULT_LIMITS = {"max_members": 10_000, "max_unpacked_bytes": 1_000_000_000, "max_ratio": 200}
"""Archive limits used when none are configured (synthesis.archive_limits)."""


@dataclass
class Archive:
    """The members of a checked `.qdpx` archive, read lazily with a size cap."""

    file: Path
    zip: zipfile.ZipFile
    limits: Mapping[str, int]
    by_lower_name: dict[str, zipfile.ZipInfo] = field(default_factory=dict)

    def read(self, info: zipfile.ZipInfo) -> bytes:
        """A member's bytes; InputError when it cannot be unpacked or is larger than declared."""
        _check_readable(info, file=self.file)
        cap = min(info.file_size, int(self.limits["max_unpacked_bytes"]))
        try:
            with self.zip.open(info) as handle:
                data = handle.read(cap + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            # OSError/ValueError: a header offset pointing before the start of the file
            raise InputError(
                f"archive member is damaged ({exc})",
                file=self.file,
                element=info.filename,
                hint="copy or export the project again; the file was changed or cut short",
            ) from None
        if len(data) > cap:
            raise InputError(
                "archive member unpacks to more than it declares or than the limit allows",
                file=self.file,
                element=info.filename,
                hint="raise synthesis.archive_limits.max_unpacked_bytes if the file is genuine",
            )
        return data

    def find(self, name: str) -> zipfile.ZipInfo | None:
        return self.by_lower_name.get(name.replace("\\", "/").lower())


_READABLE_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}


def _check_readable(info: zipfile.ZipInfo, *, file: Path) -> None:
    """Refuse a member zipfile cannot unpack: encrypted, or compressed with another method."""
    if info.flag_bits & 0x1:
        raise InputError(
            "archive member is encrypted",
            file=file,
            element=info.filename,
            hint="export the project again from the QDA tool without a password",
        )
    if info.compress_type not in _READABLE_METHODS:
        raise InputError(
            f"archive member is compressed with method {info.compress_type}, which cannot be "
            "unpacked (stored, deflate, bzip2 and LZMA can)",
            file=file,
            element=info.filename,
            hint="export the project again as REFI-QDA (.qdpx), or re-zip it with deflate",
        )


def _check_member_name(name: str, *, file: Path) -> None:
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", name):
        raise InputError(
            "archive member's path leaves the archive",
            file=file,
            element=name,
            hint="this is not a project a QDA tool would write; do not unpack it",
        )


def _check_sizes(infos: list[zipfile.ZipInfo], limits: Mapping[str, int], *, file: Path) -> None:
    if len(infos) > int(limits["max_members"]):
        raise InputError(
            f"archive has {len(infos)} members, more than the limit {limits['max_members']}",
            file=file,
            hint="raise synthesis.archive_limits.max_members if the file is genuine",
        )
    total = 0
    for info in infos:
        _check_member_name(info.filename, file=file)
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1_000_000 and ratio > float(limits["max_ratio"]):
            raise InputError(
                f"archive member compresses {ratio:.0f}:1, beyond the limit {limits['max_ratio']}",
                file=file,
                element=info.filename,
                hint="this looks like a zip bomb; raise synthesis.archive_limits.max_ratio "
                "if the file is genuine",
            )
    if total > int(limits["max_unpacked_bytes"]):
        raise InputError(
            f"archive unpacks to {total} bytes, more than the limit {limits['max_unpacked_bytes']}",
            file=file,
            hint="raise synthesis.archive_limits.max_unpacked_bytes if the file is genuine",
        )


def open_archive(path: Path, limits: Mapping[str, int]) -> Archive:
    """Open a `.qdpx`, refusing escaping member paths and absurd sizes before reading anything."""
    check_input_file(path)
    try:
        archive = zipfile.ZipFile(path)
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", file=path) from None
    except zipfile.BadZipFile:
        raise InputError(
            "not a zip archive (a .qdpx is a zip holding a .qde project and its sources)",
            file=path,
            hint="export the project again as REFI-QDA (.qdpx)",
        ) from None
    except (EOFError, ValueError, NotImplementedError, RuntimeError, zlib.error) as exc:
        raise InputError(  # a central directory zipfile cannot make sense of
            f"archive is damaged ({exc or type(exc).__name__})",
            file=path,
            hint="copy or export the project again; the file was changed or cut short",
        ) from None
    infos = archive.infolist()
    _check_sizes(infos, limits, file=path)
    result = Archive(path, archive, limits)
    for info in infos:
        name = info.filename.replace("\\", "/").lower()
        if name in result.by_lower_name:  # zipfile would read the last, a QDA tool the first
            raise InputError(
                f"two archive members are named {info.filename!r}: which one the project holds "
                "cannot be told",
                file=path,
                element=info.filename,
                hint="export the project again from the QDA tool (a zip tool that adds files "
                "to an archive keeps the old ones)",
            )
        result.by_lower_name[name] = info
    return result


def project_member(archive: Archive) -> zipfile.ZipInfo:
    """The project XML: `project.qde` if present (any case), else the only `.qde` in the zip."""
    candidates = [i for i in archive.zip.infolist() if i.filename.lower().endswith(".qde")]
    if not candidates:
        raise InputError(
            "no .qde project file inside the archive",
            file=archive.file,
            hint="a .qdpx must hold the project XML (project.qde); export it again",
        )
    preferred = [i for i in candidates if i.filename.lower() == "project.qde"]
    if preferred:
        return preferred[0]
    top = [i for i in candidates if "/" not in i.filename.strip("/")]
    if len(top) == 1 or len(candidates) == 1:
        return (top or candidates)[0]
    raise InputError(
        "several .qde files inside the archive: " + ", ".join(i.filename for i in candidates),
        file=archive.file,
        hint="keep one project per .qdpx",
    )


def write_zip(path: str | Path, members: Mapping[str, bytes]) -> None:
    """A zip with fixed timestamps and permissions, members in the given order: byte-stable."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, data, compresslevel=9)
    write_bytes(buffer.getvalue(), path)
