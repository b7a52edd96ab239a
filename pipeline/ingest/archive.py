"""Zip deliveries: their entries are read as documents of their own.

Entry names: UTF-8 when the entry says so (flag bit 11) or carries an Info-ZIP Unicode
Path field; otherwise the stored bytes (which Python's zipfile decodes as cp437) read as
a Vietnamese user would read them (`ingest.names`), the bytes kept in `Entry.raw`.

Safe against entries whose path leaves the archive (`../`, absolute paths), against
zip bombs (an entry that unpacks to far more than it packs, or an archive that unpacks
past a total), and against encrypted entries. Each bad entry becomes its own error,
the good ones are still read.
"""
from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath

from pipeline.config import LIMITS, Limits
from pipeline.ingest.names import raw_unless_utf8, readable_name


@dataclass(frozen=True)
class Entry:
    name: str                # readable, unique within the archive
    data: bytes | None
    error: str | None = None
    raw: bytes | None = None  # the name's bytes as stored, when they are not the UTF-8 of `name`


_UNICODE_PATH = 0x7075  # Info-ZIP Unicode Path extra field: version, CRC-32 of the stored name, UTF-8 name


def _unicode_path(extra: bytes, stored: bytes) -> str | None:
    i = 0
    while i + 4 <= len(extra):
        kind, size = struct.unpack_from("<HH", extra, i)
        body = extra[i + 4:i + 4 + size]
        if kind == _UNICODE_PATH and len(body) > 5 and body[0] == 1 \
                and struct.unpack_from("<L", body, 1)[0] == zlib.crc32(stored):
            try:
                return body[5:].decode("utf-8")
            except UnicodeDecodeError:
                return None
        i += 4 + size
    return None


def entry_name(info: zipfile.ZipInfo) -> tuple[str, bytes | None]:
    """(readable name, stored bytes or None when the name is UTF-8 as stored)."""
    if info.flag_bits & 0x800:
        return info.filename, None
    stored = info.orig_filename.encode("cp437")  # zipfile decoded the stored bytes as cp437
    name = _unicode_path(info.extra, stored) or readable_name(stored)
    return name, raw_unless_utf8(name, stored)


def _escapes(name: str) -> bool:
    p = PurePosixPath(name.replace("\\", "/"))
    return p.is_absolute() or ".." in p.parts or (len(name) > 1 and name[1] == ":")


def _read_bounded(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes | None:
    """The entry's bytes, or None when it unpacks past `limit` (its header may lie)."""
    out = io.BytesIO()
    with zf.open(info) as fh:
        while chunk := fh.read(1 << 20):
            out.write(chunk)
            if out.tell() > limit:
                return None
    return out.getvalue()


def expand_zip(data: bytes, limits: Limits = LIMITS) -> list[Entry]:
    """Entries of a zip archive, in name order; raises zipfile.BadZipFile for a broken one."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    infos = [i for i in zf.infolist() if not i.is_dir()]
    if len(infos) > limits.max_archive_entries:
        return [Entry("", None, f"archive holds {len(infos)} files, more than the limit of "
                                f"{limits.max_archive_entries}")]
    entries, total, seen = [], 0, set()
    named = sorted(((*entry_name(i), i) for i in infos), key=lambda t: t[0])
    for name, raw, info in named:
        if name in seen:  # two entries that read alike (or a name stored twice): each its own row
            name = next(f"{name}~{k}" for k in range(2, len(infos) + 2) if f"{name}~{k}" not in seen)
            raw = raw or info.orig_filename.encode("utf-8", "surrogateescape")
        seen.add(name)
        if _escapes(name):
            entries.append(Entry(name, None, "archive entry escapes the archive (its path leaves the folder)", raw))
            continue
        if info.flag_bits & 0x1:
            entries.append(Entry(name, None, "archive entry is encrypted", raw))
            continue
        budget = min(limits.max_file_bytes, limits.max_archive_total - total,
                     max(info.compress_size, 1) * limits.max_archive_ratio)
        try:
            body = _read_bounded(zf, info, budget)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as e:
            entries.append(Entry(name, None, f"archive entry is damaged: {e}", raw))
            continue
        if body is None:
            entries.append(Entry(name, None, "archive entry looks like a zip bomb: it unpacks to more than "
                                             f"{budget // (1024 * 1024)} MB, over {limits.max_archive_ratio}x "
                                             "its packed size or the archive's total limit", raw))
            continue
        total += len(body)
        entries.append(Entry(name, body, raw=raw))
    return entries
