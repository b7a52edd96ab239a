"""Dates (day), months and quarters, with the year taken from context when not written."""
from __future__ import annotations

import re
from collections import Counter

from pipeline.extract.lexicon import ExtractRules
from pipeline.models import DateMention

_YEAR = re.compile(r"(?<!\d)(?:19[4-9]\d|20\d\d)(?!\d)")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_HEADER_DATE = re.compile(r"^[^\n,]{2,40},\s*ngày\s*$", re.MULTILINE)


def context_year(text: str, pos: int) -> int | None:
    """The nearest year written before `pos`, else the first after it."""
    before = list(_YEAR.finditer(text, 0, pos))
    if before:
        return int(before[-1].group(0))
    after = _YEAR.search(text, pos)
    return int(after.group(0)) if after else None


def main_year(dates: list[DateMention]) -> int | None:
    """The year a document's dates mostly fall in: for deadlines written without one
    (`trước ngày 20.7`, `trong quý II`) when the document carries no date of its own."""
    years = Counter(d.value[:4] for d in dates if not d.year_inferred)
    return int(years.most_common(1)[0][0]) if years else None


def _valid(y: int, m: int, d: int) -> bool:
    import datetime as dt
    try:
        dt.date(y, m, d)
        return True
    except ValueError:
        return False


_ISSUED_LINE = re.compile(r",\s*(?:ngày\s*)?$")


def _role(text: str, low: str | None, start: int, x: ExtractRules, header_end: int) -> str | None:
    if start < header_end:
        line_before = text[max(0, start - 60):start].rsplit("\n", 1)[-1]
        if len(line_before) < 45 and _ISSUED_LINE.search(line_before):
            return "issued"  # the `Hà Nội, ngày 05 tháng 12 năm 2024` line of a header
    if x.issued_before.search(text, max(0, start - 30), start):
        return "issued"  # `... kỳ họp thứ năm thông qua ngày 13 tháng 7 năm 2017`
    before = x.deadline_before.lower.search(low, max(0, start - 40), start) if low is not None \
        else x.deadline_before.search(text[max(0, start - 40):start])
    return "deadline" if before else None


def find_dates(text: str, x: ExtractRules, default_year: int | None = None) -> list[DateMention]:
    """Days first (the rules in their order; a day that starts inside one found already is
    skipped), then months and quarters that do not overlap a day."""
    header_end = min(len(text), 800)
    out: list[DateMention] = []
    taken = bytearray(len(text) + 1)  # 1 where a day found already runs
    low: str | None = text.lower()  # the rules scan it in lower case: read words from `text`
    if len(low) != len(text):
        low = None  # `İ` lower-cases to two characters: offsets would shift
    for rule in x.dates:
        for m in rule.finditer(text, low):
            start, end = m.span()
            if taken[start]:
                continue
            g = m.groupdict()
            d, mo = int(g["d"]), int(g["m"])
            inferred = not g.get("y")
            y = int(g["y"]) if g.get("y") else (default_year or context_year(text, start))
            if y is None or not _valid(y, mo, d):
                continue
            taken[start:end] = b"\x01" * (end - start)
            out.append(DateMention(value=f"{y:04d}-{mo:02d}-{d:02d}", granularity="day", year_inferred=inferred,
                                   role=_role(text, low, start, x, header_end), start=start, end=end,
                                   text=text[start:end], rule=f"dates.yaml:{rule.id}"))
    for rule in x.periods:
        for m in rule.finditer(text, low):
            start, end = m.span()
            if 1 in taken[start:end]:
                continue  # `tháng 02 năm 2023` inside `ngày 17 tháng 02 năm 2023` is that day
            g = m.groupdict()
            y = int(g["y"])
            if g.get("q"):
                q = _ROMAN.get(g["q"].upper()) or int(g["q"])
                value, gran = f"{y}-Q{q}", "quarter"
            else:
                value, gran = f"{y}-{int(g['m']):02d}", "month"
            out.append(DateMention(value=value, granularity=gran, year_inferred=False,
                                   role=_role(text, low, start, x, header_end), start=start, end=end,
                                   text=text[start:end], rule=f"dates.yaml:{rule.id}"))
    return sorted(out, key=lambda d: d.start)


# text ending in a document symbol: a date right after it is that document's date
CITED_BEFORE = re.compile(r"\d+/[\w/-]*[A-ZĐ][\w-]*\s*(?:,\s*)?(?:ngày\s*)?$")


# the same deadline cells and phrases come again and again; an entry holds its rules, so
# their id is not reused while it is cached
_DEADLINES: dict[tuple[int, str, int | None], tuple[ExtractRules, str | None]] = {}


def deadline_value(phrase: str, x: ExtractRules, year: int | None) -> str | None:
    """ISO value of a deadline phrase: `trước ngày 30/6/2021`, `Quý II/2021`, `cuối năm 2021`."""
    key = (id(x), phrase, year)
    if key not in _DEADLINES:
        if len(_DEADLINES) >= 4096:
            _DEADLINES.clear()
        _DEADLINES[key] = (x, _deadline_value(phrase, x, year))
    return _DEADLINES[key][1]


_RANGE_END = re.compile(r"\s(?:đến|tới)\s", re.IGNORECASE)


def _deadline_value(phrase: str, x: ExtractRules, year: int | None) -> str | None:
    # a date that belongs to a cited document (`Nghị định số 52/2015/NĐ-CP ngày 28/5/2015`)
    # says when that document was issued, not when the work is due
    found = [d for d in find_dates(phrase, x, default_year=year) if not CITED_BEFORE.search(phrase[:d.start])]
    if len(found) > 1 and _RANGE_END.search(phrase, found[0].end, found[-1].start):
        return found[-1].value  # `từ ngày 15/3 đến ngày 01/4/2009`: due by the end of the range
    if found:
        return found[0].value
    m = re.search(r"(?:cuối|hết)\s+năm\s+((?:19|20)\d\d)", phrase, re.IGNORECASE)
    if m:
        return f"{m.group(1)}-12-31"
    m = re.search(r"(?:quý|Quý)\s+(IV|III|II|I|[1-4])\b", phrase)
    if m and year:
        return f"{year}-Q{_ROMAN.get(m.group(1).upper()) or int(m.group(1))}"
    m = re.fullmatch(r"\s*(?:trong\s+|trước\s+|cuối\s+|hết\s+)?tháng\s+(\d{1,2})\s*", phrase, re.IGNORECASE)
    if m and year and 1 <= int(m.group(1)) <= 12:
        return f"{year}-{int(m.group(1)):02d}"  # `Tháng 5` in a deadline cell of a plan for one year
    m = _YEAR_DEADLINE.fullmatch(phrase.strip())
    if m:
        return m.group(1)  # `Năm 2025.`, `hoàn thành trong năm 2023` (gold.md: `Trong năm 2026` -> 2026)
    return None


_YEAR_DEADLINE = re.compile(r"(?:(?:hoàn thành|thực hiện xong|xong)\s+)?(?:trong|trước|đến|vào|hết|cuối)?\s*"
                            r"(?:năm\s+)?((?:19|20)\d\d)\s*[.;]?", re.IGNORECASE)
