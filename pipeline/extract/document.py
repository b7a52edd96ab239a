"""Document-level facts: kind, title, issuer, published date."""
from __future__ import annotations

import re

from pipeline.extract.lexicon import ExtractRules
from pipeline.models import AgencyMention, DateMention, DocInfo, Document

_NATIONAL = re.compile(r"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", re.IGNORECASE)


def _type_line(lines: list[str], x: ExtractRules) -> tuple[int, dict] | None:
    """The line naming the document type in capitals (`QUYẾT ĐỊNH`, `KẾ HOẠCH`)."""
    names = sorted(x.doc_types, key=lambda r: len(r["name"]), reverse=True)
    for i, line in enumerate(lines[:40]):
        s = line.strip().rstrip(":")
        if not s or not s.isupper():
            continue
        for r in names:
            if s == r["name"].upper() or s.startswith(r["name"].upper() + " "):
                return i, r
    return None


def document_info(doc: Document, x: ExtractRules, dates: list[DateMention],
                  agencies: list[AgencyMention]) -> DocInfo:
    lines = doc.text.split("\n")
    head = "\n".join(lines[:15])
    official = bool(_NATIONAL.search(head) or re.search(r"(?m)^\s*Số\s*:", head))
    typed = _type_line(lines, x) if official else None
    if typed:
        i, row = typed
        kind = row["kind"]
        rest = []
        for ln in lines[i + 1:i + 4]:
            if not ln.strip():
                break
            rest.append(ln.strip())
        title = " ".join([row["name"], *rest]).strip()
    else:
        kind = "news" if not official else "other"
        title = next((ln.strip() for ln in lines if len(ln.strip()) > 20), doc.meta_title)
    if doc.meta_title and not title:
        title = doc.meta_title
    issued = [d for d in dates if d.role == "issued" and not d.year_inferred]
    if official:
        published = issued[0].value if issued else None
    else:
        early = [d for d in dates if d.granularity == "day" and d.start < 400 and not d.year_inferred]
        published = doc.meta_date or (early[0].value if early else None)
    issuer = header_issuer(lines, x) if official else None
    return DocInfo(kind=kind, title=title[:300] if title else None, published_date=published, issuer=issuer)


_COUNCIL_HEAD = re.compile(r"(ủy ban nhân dân|hội đồng nhân dân)\s+(tỉnh|thành phố|huyện|quận|thị xã|xã|phường)\s+(.+)")


def header_issuer(lines: list[str], x: ExtractRules) -> str | None:
    """The issuing body printed in capitals at the top left of an official document."""
    upper = []
    for ln in lines[:8]:
        ln = ln.split("|")[0].strip()
        if not ln or _NATIONAL.search(ln) or not ln.isupper():
            break
        upper.append(ln)
    if not upper:
        return None
    from pipeline.extract.agencies import expand_abbreviations

    last = expand_abbreviations(upper[-1], x).lower()
    whole = expand_abbreviations(" ".join(upper), x).lower()
    for candidate in (last, whole):
        m = _COUNCIL_HEAD.match(candidate)
        if m:
            head = m.group(1)[0].upper() + m.group(1)[1:]
            return f"{head} {m.group(2)} {m.group(3).title()}"
        hit = x.gazetteer.phrases.get(candidate)
        if hit:
            return hit[0]
    return upper[-1].capitalize()
