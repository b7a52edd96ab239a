"""File names in any encoding: shown as a Vietnamese reader would read them, kept losslessly.

A name copied from an old Windows share, or unpacked by a tool that kept the bytes, is
not UTF-8: Windows-1258, TCVN3 (ABC) or VNI bytes, or a zip entry without the UTF-8 flag
(Python's zipfile shows those as cp437). Python hands such a name over as a `str` with
lone surrogates (`surrogateescape`), which neither SQLite nor Arrow can store. Here:

- `readable_name(raw)`: the bytes of a name as text, each `/`-separated part on its own:
  UTF-8 when it is UTF-8, else the candidate (Windows-1258, TCVN3, VNI, cp437, broken UTF-8) that reads
  most like Vietnamese by the text reader's own score (`encodings.vietnamese_score`);
- `fs_name(path_str)`: a name as the file system gives it -> (readable, raw bytes or None
  when the name is plain UTF-8 and `readable` is exactly it).
"""
from __future__ import annotations

import hashlib
import os
import unicodedata

from pipeline.ingest.encodings import decode_legacy, vietnamese_score

# tried in this order; on equal scores the earlier one wins (Windows-1258 is what Windows
# shares in Vietnam wrote; cp437 is the zip format's own default)
# ("utf-8": a UTF-8 name that a tool cut inside a character, its broken bytes shown as U+FFFD)
NAME_ENCODINGS = ("windows-1258", "tcvn3", "vni", "cp437", "utf-8")


def _decode(part: bytes, encoding: str) -> str:
    if encoding == "windows-1258":
        return unicodedata.normalize("NFC", part.decode("cp1258", errors="replace"))
    if encoding in ("cp437", "utf-8"):
        return part.decode(encoding, errors="replace")
    return decode_legacy(part, encoding)


def _oddities(text: str) -> int:
    """What a wrong decoding leaves in a name: lost bytes (U+FFFD), control characters,
    non-ASCII symbols and punctuation (`‚`, `¥`, `╗`), a capital after a small letter
    inside a word (`RÃsumÃ`). Breaks ties when no decoding reads as Vietnamese."""
    odd, prev = 0, ""
    for c in text:
        cat = unicodedata.category(c)
        if c == "\ufffd" or cat == "Cc" or (ord(c) > 127 and cat[0] in "SP"):
            odd += 1
        elif c.isupper() and prev.islower():
            odd += 1
        prev = c
    return odd


def _readable_part(part: bytes) -> str:
    try:
        return part.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best, best_key = "", None
    for rank, enc in enumerate(NAME_ENCODINGS):
        text = _decode(part, enc)
        key = (vietnamese_score(text), -_oddities(text), -rank)
        if best_key is None or key > best_key:
            best, best_key = text, key
    return best


def readable_name(raw: bytes) -> str:
    """`raw` (a path, `/`-separated) as readable text; never fails."""
    return "/".join(_readable_part(p) for p in raw.split(b"/"))


def is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def fs_name(name: str) -> tuple[str, bytes | None]:
    """A name as `os` gives it (undecodable bytes as surrogates) -> (readable text, its raw
    bytes, or None when the name is valid UTF-8 and the text is exactly the name)."""
    raw = os.fsencode(name)
    if is_utf8(raw):
        return raw.decode("utf-8"), None
    return readable_name(raw), raw


def distinct(readable: str, raw: bytes) -> str:
    """A readable name made distinct from another file's that reads the same (a UTF-8 name
    and a legacy one can read alike): the name, `~` and 8 hex digits of its raw bytes' hash."""
    return f"{readable}~{hashlib.sha256(raw).hexdigest()[:8]}"


def raw_unless_utf8(readable: str, raw: bytes) -> bytes | None:
    """`raw`, or None when it is just the UTF-8 of `readable` (nothing to keep)."""
    return None if raw == readable.encode("utf-8", "surrogateescape") else raw
