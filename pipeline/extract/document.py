"""Document-level facts: kind, title, issuer, published date."""
from __future__ import annotations

import re

from pipeline.extract.dates import CITED_BEFORE
from pipeline.extract.lexicon import ExtractRules
from pipeline.models import AgencyMention, DateMention, DocInfo, Document

_NATIONAL = re.compile(r"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", re.IGNORECASE)


_NUMBER_LINE = re.compile(r"(?m)^\s*Số\s*:")
_ADDRESSED = re.compile(r"\s*Kính gửi\b")
_SUBJECT_IN_LINE = re.compile(r"(?:^|;\s*)\s*((?:V/v|Về việc)\b.*)", re.IGNORECASE)


_OWN_NUMBER = re.compile(r"Số\s*:\s*\d*\s*/\s*(?:\d{4}\s*/\s*)?([A-ZĐ]+)\s*-")


def _kind_of_number(head: str, x: ExtractRules) -> str | None:
    """The kind its own number's symbol names (`Số: 1056/QĐ-CT`: a decision) when no type
    line was read (a header run into one line)."""
    m = _OWN_NUMBER.search(head)
    name = x.code_types.get(m.group(1)) if m else None
    return next((r["kind"] for r in x.doc_types if r["name"] == name), None) if name else None


def _subject(lines: list[str]) -> str | None:
    """A letter's subject line (`V/v triển khai ...`), also where a header laid out as a
    table put it after the other cells of its line (`UBND TỈNH X; Số: /UBND; V/v ...`)."""
    for ln in lines:
        m = _SUBJECT_IN_LINE.search(ln)
        if m:
            return m.group(1).split(";")[0].strip()
    return None


def type_line(lines: list[str], x: ExtractRules) -> tuple[int, dict] | None:
    """The line naming the document type in capitals (`QUYẾT ĐỊNH`, `KẾ HOẠCH`)."""
    names, whole, openings = _type_names(x)
    for i, line in enumerate(lines[:40]):
        s = line.strip().rstrip(":")
        if not s or not s.isupper() or not (s in whole or s.startswith(openings)):
            continue  # (a quick test first: most lines in capitals name no type)
        for name, opening, r in names:
            if s == name or s.startswith(opening):
                return i, r
    return None


# each rule set's type names in capitals, longest first (an entry holds its rules, so their
# id is not reused while it is cached)
_TYPE_NAMES: dict[int, tuple[ExtractRules, tuple]] = {}


def _type_names(x: ExtractRules) -> tuple[list[tuple[str, str, dict]], frozenset[str], tuple[str, ...]]:
    """(name in capitals, the same and a space, doc_types row), longest name first; the
    names in capitals; the names and a space."""
    if id(x) not in _TYPE_NAMES:
        rows = sorted(x.doc_types, key=lambda r: len(r["name"]), reverse=True)
        names = [(r["name"].upper(), r["name"].upper() + " ", r) for r in rows]
        _TYPE_NAMES[id(x)] = (x, (names, frozenset(n for n, _, _ in names), tuple(o for _, o, _ in names)))
    return _TYPE_NAMES[id(x)][1]


def document_info(doc: Document, x: ExtractRules, dates: list[DateMention],
                  agencies: list[AgencyMention]) -> DocInfo:
    lines = doc.text.split("\n")
    head = "\n".join(lines[:15])
    official = bool(_NATIONAL.search(head) or _NUMBER_LINE.search(head))
    # without a header (an appendix, a copy that lost it), a type line opening the text
    # still names the document: `KẾ HOẠCH` / `Thực hiện công tác ...`; news never opens so
    opening = [i for i, ln in enumerate(lines) if ln.strip()][:2]
    typed = type_line(lines if official else lines[:opening[-1] + 1] if opening else [], x)
    if typed:
        i, row = typed
        kind = row["kind"]
        rest = []
        for ln in lines[i + 1:i + 4]:  # the subject line, and its wrapped continuation
            ln = ln.strip()
            if not ln or ln.endswith(":") or (rest and not ln[0].islower()):
                break
            rest.append(ln)
        title = " ".join([row["name"], *rest]).strip()
    elif official and (subject := _subject(lines[:15])):
        kind, title = "official_letter", subject  # `V/v triển khai ...`: a letter has no type line
    elif official and any(_ADDRESSED.match(ln) for ln in lines[:30]):
        kind, title = "official_letter", None  # `Kính gửi:` without a subject line read
    else:
        kind = (_kind_of_number(head, x) or "other") if official else "news"
        title = next((ln.strip() for ln in lines[:40] if len(ln.strip()) > 20 and not _stamp(ln)), doc.meta_title)
    if doc.meta_title and not title:
        title = doc.meta_title
    issued = [d for d in dates if d.role == "issued" and not d.year_inferred]
    if official or typed:
        published = issued[0].value if issued else None
    else:
        published = doc.meta_date or _news_date(doc.text, lines, title, dates)
    issuer = header_issuer(lines, x) if official else None
    return DocInfo(kind=kind, title=title[:300] if title else None, published_date=published, issuer=issuer)


_FULL_DATE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d\d)\b")


_BORN_BEFORE = re.compile(r"(?:sinh|ngày sinh|năm sinh)\s*(?:ngày|năm)?\s*:?\s*$", re.IGNORECASE)  # a person's birth


def _stamp(line: str) -> re.Match | None:
    """A date-stamp line of a web page (`Thứ Sáu, 09/04/2021, 07:04 [GMT+7]`,
    `05/03/2021`, `cms-publish-date 12/01/2021 | 01:59`): short, holding a full date and
    few words besides."""
    m = _FULL_DATE.search(line)
    if not m or len(line) > 90 or _BORN_BEFORE.search(line[:m.start()]):
        return None
    words = [w for w in re.findall(r"[^\W\d_][\w-]*", line)]
    return m if len(words) <= 5 else None


def _news_date(text: str, lines: list[str], title: str | None, dates: list[DateMention]) -> str | None:
    """A news page's own date: the stamp line under its title (a page may also show today's
    date above the title), else the first full date near the top that is not a cited
    document's date."""
    stamps = [(i, m) for i, ln in enumerate(lines[:15]) if (m := _stamp(ln))]
    if stamps:
        t = next((i for i, ln in enumerate(lines[:15]) if ln.strip() == (title or "")), -1)
        i, m = next(((i, m) for i, m in stamps if i > t), stamps[0])
        d, mo, y = (int(g) for g in m.groups())
        return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None
    early = [d for d in dates if d.granularity == "day" and d.start < 400 and not d.year_inferred
             and not CITED_BEFORE.search(text[max(0, d.start - 40):d.start])
             and not _BORN_BEFORE.search(text[max(0, d.start - 20):d.start])]
    return early[0].value if early else None


_COUNCIL_HEAD = re.compile(r"(ủy ban nhân dân|hội đồng nhân dân)\s+(tỉnh|thành phố|huyện|quận|thị xã|xã|phường)\s+(.+)")


_COUNCIL_LINE = re.compile(r"(?:ủy ban nhân dân|uỷ ban nhân dân|hội đồng nhân dân)(?:\s+(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường)(?!\w))?",
                           re.IGNORECASE)
_HEADER_CELLS = re.compile(r"[|;\n]")


def _in_capitals(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def issuing_council(text: str) -> str | None:
    """`hội đồng nhân dân tỉnh`: the People's Council or Committee (and its level) printed in
    capitals near the top as the document's issuer (the header's first line, or the line
    that enacts a resolution: `HỘI ĐỒNG NHÂN DÂN TỈNH BÀ RỊA-VŨNG TÀU` / `KHÓA VI, KỲ HỌP
    THỨ NĂM`), or None. Lower case, without the place; a header's cells and printed lines
    (`ỦY BAN NHÂN DÂN; TỈNH LÂM ĐỒNG | CỘNG HÒA ...`) are read in turn."""
    cells = [c.strip() for c in _HEADER_CELLS.split(text[:2000])[:60]]
    for i, cell in enumerate(cells):
        m = _COUNCIL_LINE.match(cell)
        if not m or not _in_capitals(m.group(0)):
            continue
        name = m.group(0)
        if name.count(" ") == 3 and i + 1 < len(cells) and _in_capitals(cells[i + 1]):
            m = _COUNCIL_LINE.match(f"{name} {cells[i + 1]}")  # `ỦY BAN NHÂN DÂN` / `TỈNH SƠN LA`
            name = m.group(0) if m else name
        return " ".join(name.lower().replace("uỷ", "ủy").split())
    return None


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
