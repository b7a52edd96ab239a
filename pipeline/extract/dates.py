"""Dates (day), months and quarters, with the year taken from context when not written."""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections import Counter

from pipeline.extract.lexicon import ExtractRules
from pipeline.models import DateMention

_YEAR = re.compile(r"(?<!\d)(?:19[4-9]\d|20\d\d)(?!\d)")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_HEADER_DATE = re.compile(r"^[^\n,]{2,40},\s*ngày\s*$", re.MULTILINE)


def context_year(text: str, pos: int) -> int | None:
    """The nearest year written before `pos`, else the first after it."""
    return _Years(text).at(pos)


class _Years:
    """The years written in a text, found once: `context_year` for many positions of it
    (a search from the text's start for each date would read a long text once a date)."""
    __slots__ = ("text", "ends", "starts", "values")

    def __init__(self, text: str):
        found = [(m.start(), m.end(), int(m.group(0))) for m in _YEAR.finditer(text)]
        self.text = text
        self.starts = [s for s, _, _ in found]
        self.ends = [e for _, e, _ in found]
        self.values = [v for _, _, v in found]

    def at(self, pos: int) -> int | None:
        # what `_YEAR.finditer(text, 0, pos)` finds: the text's own years that end by `pos`,
        # and a year ending right at `pos` that a digit after it hides in the whole text
        cut = _YEAR.fullmatch(self.text, max(0, pos - 4), pos) if pos >= 4 else None
        if cut:
            return int(cut.group(0))
        i = bisect_right(self.ends, pos)
        if i:
            return self.values[i - 1]
        j = bisect_left(self.starts, pos)  # `_YEAR.search(text, pos)`: the first starting at `pos` or after
        return self.values[j] if j < len(self.values) else None


def main_year(dates: list[DateMention]) -> int | None:
    """The year a document's dates mostly fall in: for deadlines written without one
    (`trước ngày 20.7`, `trong quý II`) when the document carries no date of its own."""
    years = Counter(d.value[:4] for d in dates if not d.year_inferred)
    return int(years.most_common(1)[0][0]) if years else None


def _valid(y: int, m: int, d: int) -> bool:
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
    low = _lower(text)
    out = [DateMention(value=value, granularity=gran, year_inferred=inferred,
                       role=_role(text, low, start, x, header_end), start=start, end=end,
                       text=text[start:end], rule=f"dates.yaml:{rule_id}")
           for start, end, value, gran, inferred, rule_id in _found(text, low, x, default_year)]
    return sorted(out, key=lambda d: d.start)


def _lower(text: str) -> str | None:
    """The text in lower case, which the rules scan (read words from `text`); None when
    that shifts offsets (`İ` lower-cases to two characters)."""
    low = text.lower()
    return low if len(low) == len(text) else None


def _found(text: str, low: str | None, x: ExtractRules,
           default_year: int | None) -> list[tuple[int, int, str, str, bool, str]]:
    """find_dates' mentions as (start, end, value, granularity, year inferred, rule id),
    in the order found, without their roles (a deadline phrase needs none)."""
    out: list[tuple[int, int, str, str, bool, str]] = []
    taken = bytearray(len(text) + 1)  # 1 where a day found already runs
    years: _Years | None = None  # the text's years, read when a day without one needs it
    for rule in x.dates:
        for m in rule.finditer(text, low):
            start, end = m.span()
            if taken[start]:
                continue
            g = m.groupdict()
            d, mo = int(g["d"]), int(g["m"])
            inferred = not g.get("y")
            if g.get("y"):
                y = int(g["y"])
            elif default_year:
                y = default_year
            else:
                years = years or _Years(text)
                y = years.at(start)
            if y is None or not _valid(y, mo, d):
                continue
            taken[start:end] = b"\x01" * (end - start)
            out.append((start, end, f"{y:04d}-{mo:02d}-{d:02d}", "day", inferred, rule.id))
    for rule in x.periods:
        for m in rule.finditer(text, low):
            start, end = m.span()
            if 1 in taken[start:end]:
                continue  # `tháng 02 năm 2023` inside `ngày 17 tháng 02 năm 2023` is that day
            g = m.groupdict()
            y = int(g["y"])
            if g.get("q"):
                q = _ROMAN.get(g["q"].upper()) or int(g["q"])
                out.append((start, end, f"{y}-Q{q}", "quarter", False, rule.id))
            else:
                out.append((start, end, f"{y}-{int(g['m']):02d}", "month", False, rule.id))
    return out


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
    found = [f for f in sorted(_found(phrase, _lower(phrase), x, year), key=lambda f: f[0])
             if not CITED_BEFORE.search(phrase[:f[0]])]
    if len(found) > 1 and _RANGE_END.search(phrase, found[0][1], found[-1][0]):
        return found[-1][2]  # `từ ngày 15/3 đến ngày 01/4/2009`: due by the end of the range
    if found:
        return found[0][2]
    label = deadline_label(phrase, x)
    if label:  # `Thời gian: tháng 3` inside a sentence: the value after the label
        phrase = phrase[label.end():]
    m = _BARE_DAY.fullmatch(phrase)
    if m and year and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(1)) <= 31:
        return f"{year}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"  # `30/6` in a deadline cell of a plan for one year
    m = _MONTH_RANGE.fullmatch(phrase)
    if m and year and 1 <= int(m.group(1)) <= 12:
        return f"{year}-{int(m.group(1)):02d}"  # `tháng 8 - tháng 9`: due by the end of the range
    m = _YEAR_END.search(phrase)
    if m:
        return f"{m.group(1)}-12-31"
    m = _QUARTER.search(phrase)
    if m and year:
        return f"{year}-Q{_ROMAN.get(m.group(1).upper()) or int(m.group(1))}"
    m = _MONTH_ONLY.fullmatch(phrase)
    if m and year and 1 <= int(m.group(1)) <= 12:
        return f"{year}-{int(m.group(1)):02d}"  # `Tháng 5` in a deadline cell of a plan for one year
    m = _YEAR_DEADLINE.fullmatch(phrase.strip())
    if m:
        return m.group(1)  # `Năm 2025.`, `hoàn thành trong năm 2023` (gold.md: `Trong năm 2026` -> 2026)
    return None


def deadline_label(text: str, x: ExtractRules) -> re.Match | None:
    """The label a written time opens with (`Thời gian hoàn thành: `, tasks.yaml field_labels
    of role deadline), or None."""
    return next((m for role, rx in x.field_labels if role == "deadline" for m in [rx.match(text)] if m), None)


_BARE_DAY = re.compile(r"\s*(?:(?:trước|đến|hết|chậm nhất)\s+)?(?:ngày\s+)?(\d{1,2})\s*/\s*(\d{1,2})\s*[.;]?\s*", re.IGNORECASE)
_MONTH_RANGE = re.compile(r"\s*(?:từ\s+)?tháng\s+\d{1,2}\s*(?:-|–|đến)\s*(?:tháng\s+)?(\d{1,2})\s*[.;]?\s*", re.IGNORECASE)
_YEAR_END = re.compile(r"(?:cuối|hết)\s+năm\s+((?:19|20)\d\d)", re.IGNORECASE)
_QUARTER = re.compile(r"(?:quý|Quý)\s+(IV|III|II|I|[1-4])\b")
_MONTH_ONLY = re.compile(r"\s*(?:trong\s+|trước\s+|cuối\s+|hết\s+)?tháng\s+(\d{1,2})\s*", re.IGNORECASE)
_YEAR_DEADLINE = re.compile(r"(?:(?:hoàn thành|thực hiện xong|xong)\s+)?(?:trong|trước|đến|vào|hết|cuối)?\s*"
                            r"(?:năm\s+)?((?:19|20)\d\d)\s*[.;]?", re.IGNORECASE)
