"""Decode the text encodings of Vietnamese archives, and tell them apart.

Unicode (UTF-8 with or without BOM, UTF-16/32), Windows-1258, and the legacy font
encodings TCVN3 (ABC), VNI and VISCII. The legacy tables are data in
`rules/encodings/*.csv` (made by `tools/gen_encodings.py`, checked by the tests).
Detection decodes with each candidate and keeps the one whose words read most like
Vietnamese.
"""
from __future__ import annotations

import codecs
import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.config import RULES_DIR
from pipeline.models import ReadError

LEGACY = ("tcvn3", "vni", "viscii")
_VISCII_C0 = {0x02, 0x05, 0x06, 0x14, 0x19, 0x1E}
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Legacy:
    name: str
    pattern: re.Pattern  # longest source sequence first
    table: dict[str, str]

    def decode(self, surface: str) -> str:
        return self.pattern.sub(lambda m: self.table[m.group(0)], surface)


@lru_cache(maxsize=None)
def legacy(name: str, rules_dir: Path = RULES_DIR) -> Legacy:
    path = rules_dir / "encodings" / f"{name}.csv"
    table: dict[str, str] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            table[bytes.fromhex(row["bytes"]).decode("latin-1")] = row["char"]
    keys = sorted(table, key=len, reverse=True)
    return Legacy(name, re.compile("|".join(re.escape(k) for k in keys)), table)


def _surface(data: bytes, name: str) -> str:
    """Bytes as the characters a legacy font file shows: cp1252 for VNI (its marks are
    cp1252 letters), Latin-1 for the byte tables."""
    if name == "vni":
        return data.decode("cp1252", errors="replace").replace("\ufffd", "")
    return data.decode("latin-1")


def decode_legacy(data: bytes, name: str) -> str:
    return unicodedata.normalize("NFC", legacy(name).decode(_surface(data, name)))


@lru_cache(maxsize=1)
def _frequent() -> frozenset[str]:
    path = RULES_DIR / "encodings" / "frequent_syllables.txt"
    words = path.read_text(encoding="utf-8").split()
    return frozenset(unicodedata.normalize("NFC", w).casefold() for w in words)


def vietnamese_score(text: str) -> float:
    """Share of words that are frequent Vietnamese syllables (0..1)."""
    words = _WORD.findall(unicodedata.normalize("NFC", text[:20000]).casefold())
    if not words:
        return 0.0
    freq = _frequent()
    return sum(w in freq for w in words) / len(words)


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    ctrl = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13) and b not in _VISCII_C0)
    return ctrl > max(8, len(sample) // 200)


def _unicode_bom(data: bytes) -> str | None:
    for bom, name in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                      (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return name
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0) / (len(sample) / 2)
    odd_nul = sample[1::2].count(0) / (len(sample) / 2)
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def decode_text(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Raise ReadError for binary or unreadable bytes."""
    name = _unicode_bom(data) or _utf16_without_bom(data)
    if name:
        try:
            return data.decode(name), name.replace("-sig", "")
        except UnicodeDecodeError as e:
            raise ReadError(f"text starts with a {name} byte-order mark but is not valid {name}: {e.reason}") from e
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _looks_binary(data):
        raise ReadError("binary data, not a text file")
    candidates = {"windows-1258": unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))}
    for enc in LEGACY:
        candidates[enc] = decode_legacy(data, enc)
    best = max(candidates, key=lambda k: vietnamese_score(candidates[k]))
    if vietnamese_score(candidates[best]) < 0.2:
        raise ReadError("unknown text encoding: not UTF-8, and no Vietnamese legacy encoding reads as Vietnamese")
    return candidates[best], best


# characters a legacy font shows in place of Vietnamese letters when its text sits in a
# Unicode document (a `.VnTime` run in Word, a TCVN3 title in metadata)
# (only characters that never occur in Unicode Vietnamese, so good text is never touched)
_TCVN3_TELL = re.compile(r"[µ¸¶·¹¨©®ª«¬\xad¡¢§£¤¥¦ÆÇËÎÏÑÖ×ØÛÜÞßäåæçëîïñö÷øûüþ]")
_VNI_TELL = re.compile(r"[a-zA-Z][øûïåäëüÆØÛÏÅÄËÜ]|[ñÑ]")


def repair_legacy_font_text(text: str) -> str:
    """Convert a Unicode string that is really TCVN3 or VNI font text; leave others alone."""
    if not text or not (_TCVN3_TELL.search(text) or _VNI_TELL.search(text)):
        return text
    before = vietnamese_score(text)
    best, best_score = text, before
    for enc in ("tcvn3", "vni"):
        try:
            raw = text.encode("cp1252" if enc == "vni" else "latin-1")
        except UnicodeEncodeError:
            continue
        cand = decode_legacy(raw, enc)
        score = vietnamese_score(cand)
        if score > best_score + 0.15:
            best, best_score = cand, score
    return best


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def encode_text(text: str, name: str) -> bytes:
    """The inverse of decoding, for making legacy-encoded samples and test fixtures.
    TCVN3 fonts have no capital toned letters: those are written with the small ones."""
    if name == "windows-1258":  # base letters precomposed, tone marks combining
        out = []
        for ch in unicodedata.normalize("NFC", text):
            d = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in d if c in _TONE_MARKS)
            out.append(unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONE_MARKS)) + tones)
        return "".join(out).encode("cp1258")
    if name not in LEGACY:
        return text.encode(name)
    rev = {v: k for k, v in legacy(name).table.items()}
    surface = []
    for ch in unicodedata.normalize("NFC", text):
        surface.append(rev.get(ch) or rev.get(ch.lower()) or ch)
    return "".join(surface).encode("cp1252" if name == "vni" else "latin-1")
