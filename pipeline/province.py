"""The province of a document's issuing body, as the document names it and after the 2025 merger.

    province_of(text, rules_dir) -> ("Quảng Bình", "Quảng Trị")

Read from the header (`ỦY BAN NHÂN DÂN / TỈNH QUẢNG BÌNH`, `UBND TP. HỒ CHÍ MINH`, `SỞ NỘI
VỤ` under `UBND TỈNH LÂM ĐỒNG`: `tỉnh`, `thành phố` or `TP.` and a province's name in the
first lines, capitals first; compared without marks, so old-style tones and an OCR'd
`TỈNH LÂM ĐÒNG` read), else from the place-date line (`Quảng Trị, ngày 18 tháng 01 năm 2024`) of a
document whose header names no central body (ministries write `Hà Nội, ngày ...`). Names
and the 2025 provinces come from `rules/provinces_2025.csv`; the 34 provinces of today are
checked against vietnam-provinces by the tests. A document of a district or a ministry, or
a news article, has none (None, None).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.config import RULES_DIR
from pipeline.rules import load_csv

HEAD_CHARS = 600          # the header: the issuing body's lines come first
PLACE_DATE_CHARS = 1500   # the place-date line stands beside or under the header
_CENTRAL = re.compile(r"(?<!\w)(?:bộ|chính phủ|thủ tướng|quốc hội|trung ương)(?!\w)")


@dataclass(frozen=True)
class Provinces:
    header: re.Pattern      # `tỉnh|thành phố|tp.` + a name (without marks, any case)
    place_date: re.Pattern  # a line or table cell that opens on a name, then `, ngày`
    names: dict[str, tuple[str, str]]  # name or alias, without marks, casefolded -> (province, province_2025)


def _bare_table() -> dict[int, str]:
    table = {ord("Đ"): "D", ord("đ"): "d"}
    for c in range(0xC0, 0x1F00):
        base = unicodedata.normalize("NFD", chr(c))
        if len(base) > 1 and base[0].isascii() and all(unicodedata.combining(m) for m in base[1:]):
            table[c] = base[0]
    for c in range(0x300, 0x370):  # combining marks left by an NFD text or old-style input
        table[c] = None
    return table


_BARE = _bare_table()


def _bare(s: str) -> str:
    """Without tone marks and diacritics (`Lâm Đồng` -> `Lam Dong`), case kept: names match
    through old-style tones and OCR that misreads a mark (`TỈNH LÂM ĐÒNG`)."""
    return s.translate(_BARE)


@lru_cache(maxsize=4)
def load_provinces(rules_dir: Path = RULES_DIR) -> Provinces:
    names: dict[str, tuple[str, str]] = {}
    for row in load_csv(rules_dir / "provinces_2025.csv", ("province", "province_2025")):
        canonical = (row["province"], row["province_2025"])
        for name in [row["province"], *filter(None, (a.strip() for a in row.get("aliases", "").split(";")))]:
            names[_bare(name).casefold()] = canonical
    alt = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len, reverse=True))
    return Provinces(
        header=re.compile(rf"(?<!\w)(?:tinh|thanh\s+pho|tp\.?)\s*({alt})(?!\w)", re.IGNORECASE),
        place_date=re.compile(rf"(?m)(?:^|[|;])[ \t]*(?:(?:tinh|thanh\s+pho|tp\.?)\s*)?({alt})\s*,\s*ngay(?!\w)",
                              re.IGNORECASE),
        names=names)


def province_of(text: str, rules_dir: Path = RULES_DIR) -> tuple[str | None, str | None]:
    p = load_provinces(rules_dir)
    head = text[:HEAD_CHARS]  # the document's normalized text (NFC, digits 0-9); marks go anyway
    bare = _bare(head)
    found = list(p.header.finditer(bare))
    # the header is written in capitals: `ỦY BAN NHÂN DÂN TỈNH SƠN LA` before a title that
    # mentions `UBND tỉnh Tuyên Quang`
    m = next((f for f in found if f.group(0).isupper()), found[0] if found else None)
    if m is None and not _CENTRAL.search(head[:200].casefold()):
        m = p.place_date.search(_bare(text[:PLACE_DATE_CHARS]))
    if m is None:
        return None, None
    return p.names[" ".join(m.group(1).split()).casefold()]
