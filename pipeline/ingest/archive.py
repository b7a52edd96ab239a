"""Zip deliveries: their entries are read as documents of their own.

Safe against entries whose path leaves the archive (`../`, absolute paths), against
zip bombs (an entry that unpacks to far more than it packs, or an archive that unpacks
past a total), and against encrypted entries. Each bad entry becomes its own error,
the good ones are still read.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from pipeline.config import LIMITS, Limits


@dataclass(frozen=True)
class Entry:
    name: str
    data: bytes | None
    error: str | None = None


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
    entries, total = [], 0
    for info in sorted(infos, key=lambda i: i.filename):
        name = info.filename
        if _escapes(name):
            entries.append(Entry(name, None, "archive entry escapes the archive (its path leaves the folder)"))
            continue
        if info.flag_bits & 0x1:
            entries.append(Entry(name, None, "archive entry is encrypted"))
            continue
        budget = min(limits.max_file_bytes, limits.max_archive_total - total,
                     max(info.compress_size, 1) * limits.max_archive_ratio)
        try:
            body = _read_bounded(zf, info, budget)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as e:
            entries.append(Entry(name, None, f"archive entry is damaged: {e}"))
            continue
        if body is None:
            entries.append(Entry(name, None, "archive entry looks like a zip bomb: it unpacks to more than "
                                             f"{budget // (1024 * 1024)} MB, over {limits.max_archive_ratio}x "
                                             "its packed size or the archive's total limit"))
            continue
        total += len(body)
        entries.append(Entry(name, body))
    return entries
