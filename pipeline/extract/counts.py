"""Counts of tasks and work items: `506 nhiệm vụ hoàn thành đúng hạn`, `12/55 nhiệm vụ`."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

import re
from typing import TYPE_CHECKING, Iterator

from pipeline.models import Count
from pipeline.rules import Rule

if TYPE_CHECKING:
    from pipeline.extract.lexicon import ExtractRules

_NUM = r"\d{1,3}(?:\.\d{3})+|\d+"
_NOT_COUNT_BEFORE = re.compile(  # (`tổng số 3.726 nhiệm vụ`, `trong số 87 nhiệm vụ` count; `Quyết định số 12` not)
    r"(?:năm|tháng|ngày|quý|giai đoạn|khóa|khoá|điều|khoản|(?<!tổng )(?<!trong )số|lần thứ|thứ|kỳ|(?<!danh )mục|phụ lục|"
    r"(?<!dứt )điểm)\s*$",  # (`Danh mục 3 nhiệm vụ`, `xử lý dứt điểm 126 nhiệm vụ` count)
    re.IGNORECASE)
_BEFORE_CUT = re.compile(r"[;:.()]|,\s")  # the clause a count's status words before it stand in
_AMONG = re.compile(r"trong đó", re.IGNORECASE)
_LIST_AFTER = re.compile(r"\s(?:là|gồm)\s|:")  # `... quá hạn là Sở X (9 nhiệm vụ)`: the status, then its list
_PART_CUT = re.compile(r"[(,;]")
_LABEL_BEFORE = re.compile(r"(?:^|\n)[ \t]*(?:[-+•*][ \t]*|\d+[.)][ \t]*|[a-zđ]\)[ \t]*)?([^\n:;.]{2,60}):[ \t]*$")  # `- Label: 12 ...`
_CLAUSE_END = re.compile(r"[,;.()]|\s(?:và|còn lại)\s|\s\d")  # (`hoàn thành nhưng quá hạn` is one status)


def vn_int(s: str) -> int:
    return int(s.replace(".", ""))


def _a_year(number: str) -> bool:
    """A number written as a year, not a count (`năm 2021 báo cáo`, a table's `2026`)."""
    return "." not in number and 1900 <= int(number) <= 2100


def count_pattern(units: list[Rule], qualifiers: list[Rule]) -> tuple[re.Pattern, re.Pattern]:
    """One pattern for every counted noun (group `u_<id>` tells which), built by the lexicon;
    and the same without its opening (look-behind, qualifier) for a fast scan: it opens on
    a digit, which the regex engine skips ahead to."""
    unit_alt = "|".join(f"(?P<u_{r.id}>{r.pattern})" for r in units)  # (loaded with `blanks`: `nhiệm` / `vụ`)
    quals = "|".join(f"(?:{r.pattern})" for r in qualifiers)
    tail = rf"(?:\s*/\s*(?P<total>{_NUM}))?\s+(?:(?P<unit>{unit_alt}))(?!\w)"
    full = re.compile(rf"(?<![\w/.,%-])(?:(?P<qual>{quals})\s+)?(?P<n>{_NUM}){tail}", re.IGNORECASE)
    # = _NUM, opening on \d; not inside a number (the full pattern never starts there): the
    # look-behind comes after the first digit, so the engine still skips ahead to digits
    scan = re.compile(rf"(?P<n>\d(?<!\d\d)(?:\d{{0,2}}(?:\.\d{{3}})+|\d*)){tail}", re.IGNORECASE)
    return full, scan


def count_matches(text: str, x: ExtractRules) -> Iterator[re.Match]:
    """`x.count_pattern.finditer(text)`, fast: the scan finds each number and counted noun,
    then the full pattern is tried over the few characters before it (qualifier,
    look-behind), from where the last match ended."""
    pos = 0
    while core := x.count_scan.search(text, pos):
        m = x.count_pattern.search(text, max(pos, core.start() - 40), core.end())
        if m:
            yield m
            pos = m.end()
        else:
            pos = core.start() + 1


def _nearest_status(s: str, x: ExtractRules, before: bool) -> str | None:
    """The status whose words stand nearest the number: first in the words after it, last
    in the words `before` it; the longest where two meet there (`chưa hoàn thành quá hạn`
    is overdue, `hoàn thành quá hạn` completed late, not the `quá hạn` inside them)."""
    if not x.any_status.search(s):
        return None  # (most windows hold no status word: one search instead of one a status)
    best = None
    for rule in x.statuses:
        if rule.data.get("before_only"):
            continue
        # (after the number only a status's first match can be nearest: its later ones start later)
        for found in rule.regex.finditer(s) if before else filter(None, [rule.regex.search(s)]):
            key = (-found.end() if before else found.start(), -(found.end() - found.start()))
            if best is None or key < best[0]:
                best = (key, rule.data["status"])
    return best[1] if best else None


def _status(text: str, m: re.Match, task_like: bool, x: ExtractRules) -> str | None:
    after = text[m.end():m.end() + 80]
    cut = _CLAUSE_END.search(after)
    after = after[:cut.start()] if cut else after
    if "\n" in after:
        after = " ".join(after.split())  # `hoàn thành` / `quá hạn` on two printed lines
    status = _nearest_status(after, x, before=False)
    if status:
        return status
    label = _LABEL_BEFORE.search(text, max(0, m.start() - 80), m.start())
    status = _nearest_status(label.group(1), x, before=True) if label else None
    if status:
        return status  # `- Đang thực hiện trong hạn: 109 nhiệm vụ`: the line's label
    before = text[max(0, m.start() - 60):m.start()]
    before = _BEFORE_CUT.split(before)[-1]
    if "\n" in before:
        before = " ".join(before.split())
    if not task_like:  # documents, meetings: only `có`, `giao` ... make them a total (`đã có 27 văn bản`)
        return "total" if any(r.data.get("before_only") and r.regex.search(before) for r in x.statuses) else None
    if x.total_before.search(before):
        return "total"  # `trên tổng số 170 nhiệm vụ được giao`
    sentence_start = max(text.rfind(".", 0, m.start()), text.rfind("\n", 0, m.start()))
    sentence = text[sentence_start + 1:m.start()]
    head = _LIST_AFTER.split(sentence)  # the words before a list (`... quá hạn là`, `... gồm:`) and the list
    listed = _nearest_status(head[0], x, before=True) if len(head) > 1 else None
    if text[max(0, m.start() - 2):m.start()].strip() == "(":
        # `nhiều nhiệm vụ quá hạn là Sở X (9 nhiệm vụ), Sở Y (11 nhiệm vụ)`: each body's share of
        # the status named before the list; (`Bộ X là cơ quan có số nhiệm vụ quá hạn nhiều nhất
        # (22 nhiệm vụ)`: the status the clause names)
        status = listed or _nearest_status(sentence, x, before=True)
        if status:
            return status
    status = _nearest_status(before, x, before=True)  # `hoàn thành quá hạn 71 nhiệm vụ`: completed late
    if status:
        return status
    if listed:  # `Các đơn vị có nhiều nhiệm vụ quá hạn gồm: Sở Xây dựng 12 nhiệm vụ, ...`: a share of it
        return listed
    if _AMONG.search(sentence):
        return None
    return "total"


def find_counts(text: str, x: ExtractRules) -> list[Count]:
    out: list[Count] = []
    for m in count_matches(text, x):
        if _NOT_COUNT_BEFORE.search(text[max(0, m.start() - 12):m.start()]):
            continue
        n = vn_int(m.group("n"))
        total = vn_int(m.group("total")) if m.group("total") else None
        if total is not None and (1900 <= total <= 2100 or total < n):
            continue  # 12/2021 is a date, 15/1 not a share
        if total is None and _a_year(m.group("n")):
            continue  # a year before a noun: `năm 2021 báo cáo`
        unit_rule = next(r for r in x.units if m.group(f"u_{r.id}"))
        task_like = bool(unit_rule.data.get("task_like"))
        qual = next((r.data["qualifier"] for r in x.qualifiers
                     if m.group("qual") and r.regex.fullmatch(m.group("qual"))), "exact")
        status = _status(text, m, task_like, x)
        rule = f"counts.yaml:{unit_rule.id}"
        out.append(Count(count=n, unit=unit_rule.data["lemma"], status=status, scope=_scope(text, m.start()),
                         qualifier=qual, of_total=total, start=m.start(), end=m.end(), text=m.group(0), rule=rule))
        if total is not None:
            out.append(Count(count=total, unit=unit_rule.data["lemma"], status="total", scope=None,
                             qualifier="exact", of_total=None, start=m.start("total"), end=m.end(),
                             text=m.group(0), rule=rule))
    return _broken_down(text, out, x) + _elided(text, out, x) + _table_counts(text, x) + _spaced_tables(text, x)


def _broken_down(text: str, counts: list[Count], x: ExtractRules) -> list[Count]:
    """Counts that break down the count before them inside a parenthesis, each with its own
    noun: `đã hoàn thành 1.204 nhiệm vụ (đúng hạn 1.100 nhiệm vụ, quá hạn 104 nhiệm vụ)`: on time
    and late among the completed (rules/counts.yaml `elided`, its `within`), not a total and an
    overdue count."""
    out = list(counts)
    for i in range(1, len(out)):
        c = out[i]
        paren = text.rfind("(", 0, c.start)
        if paren < 0 or ")" in text[paren:c.start]:
            among = _among_before(text, c.start)
            if among is not None:
                out[i] = _among_status(text, c, out[:i], among, x)
            continue
        before = [p for p in out[:i] if p.end <= paren]
        last = [p for p in before if p.end == before[-1].end] if before else []
        # (of a share and the total it names, `158/186 nhiệm vụ`, the share is broken down)
        parent = next((p for p in last if p.of_total is not None), last[-1] if last else None)
        gap = text[parent.end:paren].replace(parent.unit, "", 1) if parent is not None else ""
        if parent is None or parent.status is None or gap.strip(" ,"):
            continue  # the parenthesis must follow the count it breaks down (and its noun)
        words = _PART_CUT.split(text[paren:c.start])[-1].strip(" :")
        rule = next((r for r, _ in x.elided if words and r.regex.fullmatch(words)), None) or \
            next((r for r, _ in x.elided if r.data["status"] == c.status), None)  # (`14 nhiệm vụ trễ hạn`: its own words)
        if rule is not None:
            out[i] = replace(c, status=rule.data.get("within", {}).get(parent.status, rule.data["status"]))
    return out


def _among_before(text: str, pos: int) -> int | None:
    """Start of the `trong đó` whose clause holds `pos` (no `;`, `.` or parenthesis between)."""
    m = None
    for m in _AMONG.finditer(text, max(0, pos - 200), pos):
        pass
    if m is None or any(ch in text[m.end():pos] for ch in ";.()\n"):
        return None
    return m.start()


def _among_status(text: str, c: Count, before: list[Count], among: int, x: ExtractRules) -> Count:
    """A count with its noun in a `trong đó` breakdown of the count right before it:
    `đã hoàn thành 280 nhiệm vụ, trong đó 265 nhiệm vụ đúng hạn, 15 nhiệm vụ quá hạn` (late
    among the completed: completed_late), `34 nhiệm vụ quá hạn, trong đó Sở Tài nguyên và Môi
    trường 7 nhiệm vụ` (a body's share: the status it breaks down)."""
    prior = [p for p in before if p.end <= among]
    gap = text[prior[-1].end:among] if prior else ""
    if not prior or len(gap) > 40 or _DIGIT.search(gap):
        return c  # the breakdown follows the count it breaks down (and its status words)
    parent = _among_parent(prior, among)
    if parent in (None, "total"):
        return c
    if c.status is None:
        return replace(c, status=parent)
    rule = next((r for r, _ in x.elided if r.data["status"] == c.status), None)
    return replace(c, status=rule.data.get("within", {}).get(parent, c.status)) if rule is not None else c


_DIGIT = re.compile(r"\d")
_SENTENCE_END = re.compile(r"\.(?=\s|$)|\n")


def _elided(text: str, counts: list[Count], x: ExtractRules) -> list[Count]:
    """Numbers whose counted noun is left out after a count that names it, in the same
    sentence: `1.739 nhiệm vụ đã hoàn thành (đúng hạn 1.310, quá hạn 429); chưa hoàn thành
    1.987 (trong hạn 1.812, quá hạn 175)` (rules/counts.yaml `elided`)."""
    out: list[Count] = []
    taken = {c.start for c in counts}
    starts = [c.start for c in counts]
    in_order = all(a <= b for a, b in zip(starts, starts[1:]))  # (find_counts gives them so)
    for i, c in enumerate(counts):
        if c.of_total is not None or c.status is None:
            continue  # a share, or a noun that is not counted work
        end = _SENTENCE_END.search(text, c.end)
        if in_order:  # the first count after this one's end: the next that starts past it
            j = bisect_right(starts, c.end, i + 1)
            later = starts[j:j + 1]
        else:
            later = [d.start for d in counts[i + 1:] if d.start > c.end]
        stop = min([end.start() if end else len(text)] + later)
        if not _DIGIT.search(text, c.end, stop):
            continue  # every elided count is a number
        found = sorted(((m.start("n"), rule, m) for rule, rx in x.elided for m in rx.finditer(text, c.end, stop)),
                       key=lambda f: (f[0], f[2].start()))  # the longest words before a number first
        seen = [(c.start, c.status)]  # the counts so far in the sentence: a parenthesis breaks down the last
        for pos, rule, m in found:
            if pos in taken:
                continue
            paren = text.rfind("(", c.end, m.start())
            inside = paren >= 0 and ")" not in text[paren:m.start()]
            parent = next((st for p, st in reversed(seen) if p < paren), None) if inside else None
            among = None if inside else _AMONG.search(text, c.end, m.start())
            if among:  # `đã hoàn thành 51/64 nhiệm vụ; trong đó đúng hạn 46, trễ hạn 5`: among the completed
                parent = _among_parent(counts, among.start())
            status = rule.data.get("within", {}).get(parent, rule.data["status"])
            taken.add(pos)
            seen.append((pos, status))
            out.append(Count(count=vn_int(m.group("n")), unit=c.unit, status=status, scope=None, qualifier="exact",
                             of_total=None, start=pos, end=m.end("n"), text=m.group(0),
                             rule=f"counts.yaml:elided:{rule.id}"))
    return sorted(out, key=lambda c: c.start)


def _among_parent(counts: list[Count], pos: int) -> str | None:
    """The status of the count a `trong đó` at `pos` breaks down: the last before it (of a
    share and the total it names, the share)."""
    before = [c for c in counts if c.end <= pos and c.status]
    if not before:
        return None
    last = [c for c in before if c.end == before[-1].end]
    return next((c.status for c in last if c.of_total is not None), last[-1].status)


def _table_counts(text: str, x: ExtractRules) -> list[Count]:
    """Counts in a table of statistics by body, its status in the column's header and its
    noun in the header or the text just above (`Đơn vị | Được giao | Hoàn thành | Quá hạn` /
    `Phòng Bảo trợ xã hội | 15 | 12 | 2`): each number under a status is a count of the
    body the row names (its scope)."""
    out: list[Count] = []
    pos = text.find(" | ")
    while pos >= 0:
        start = text.rfind("\n", 0, pos) + 1
        rows: list[tuple[int, list[str]]] = []  # (offset, cells) of each line of the table
        line_start = start
        while line_start < len(text):
            line_end = text.find("\n", line_start)
            line_end = len(text) if line_end < 0 else line_end
            line = text[line_start:line_end]
            if " | " not in line:
                break
            rows.append((line_start, line.split(" | ")))
            line_start = line_end + 1
        out += _table_of_counts(text, start, rows, x)
        pos = text.find(" | ", line_start)
    return out


def _header_status(cell: str, x: ExtractRules) -> str | None:
    """The status a column's header names (`Được giao`: total, `Quá hạn`: overdue), by its
    longest status words."""
    found = [(m.end() - m.start(), r.data["status"]) for r in x.statuses for m in [r.regex.search(cell)] if m]
    if not found and _TOTAL_HEADER.fullmatch(cell.strip()):
        return "total"  # `Tổng số` over a column of counts
    return max(found)[1] if found else None


_TOTAL_HEADER = re.compile(r"tổng(?: số| cộng)?(?: nhiệm vụ)?(?: được giao)?", re.IGNORECASE)


def _table_of_counts(text: str, start: int, rows: list[tuple[int, list[str]]], x: ExtractRules) -> list[Count]:
    if len(rows) < 2:
        return []
    header = [c.strip().lower() for c in rows[0][1]]
    statuses = {i: _header_status(c, x) for i, c in enumerate(header) if i > 0 and not _TIME_HEADER.search(c)}
    statuses = {i: st for i, st in statuses.items() if st}
    if not statuses:
        return []
    if "completed_on_time" in statuses.values():  # `Đúng hạn | Trễ hạn`: the completed, on time and late
        statuses = {i: "completed_late" if st == "overdue" and "trễ hạn" in header[i] else st for i, st in statuses.items()}
    above = text[max(0, start - 300):start]
    unit = next((r.data["lemma"] for r in x.units for c in header if r.regex.search(c)), None) or \
        next((r.data["lemma"] for r in x.units if r.data.get("task_like") and r.regex.search(above)), None)
    if unit is None:
        return []
    out = []
    for offset, cells in rows[1:]:
        label = next((c.strip() for i, c in enumerate(cells) if i not in statuses and c.strip()
                      and not _COUNT_CELL.fullmatch(c.strip())), None)  # (past a row number)
        if label is None:
            continue
        at = offset
        for i, cell in enumerate(cells):
            value = cell.strip()
            cell_at = max(text.find(value, at), at) if value else at  # (cells in order: each found after the last)
            if i in statuses and _COUNT_CELL.fullmatch(value) and not _a_year(value):
                out.append(Count(count=vn_int(value), unit=unit, status=statuses[i], scope=label, qualifier="exact",
                                 of_total=None, start=cell_at, end=cell_at + len(value), text=value,
                                 rule="counts.yaml:table"))
            at = cell_at + len(value)
    return out


_SPACED_ROW = re.compile(r"(?P<label>\S.*?[^\d\s.,])[ \t]+(?P<nums>\d[\d.]*(?:[ \t]+\d[\d.]*)+)[ \t]*")


def _spaced_tables(text: str, x: ExtractRules) -> list[Count]:
    """A table of statistics whose columns a copied PDF parts by spaces only (`Cơ quan, đơn
    vị Được giao Hoàn thành Quá hạn` / `Sở Tài chính 57 50 2`): a line of two or more status
    headers and no digit, then rows of a label and as many numbers; read as _table_of_counts."""
    out: list[Count] = []
    lines = [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]+", text)]
    for k, (start, line) in enumerate(lines):
        if " | " in line or _DIGIT.search(line) or len(line) > 160:
            continue
        heads = _status_headers(line, x)
        if len(heads) < 2:
            continue
        rows = [(start, [line[:heads[0][0]]] + [line[a:b] for a, b in heads])]
        for offset, row in lines[k + 1:]:
            m = _SPACED_ROW.fullmatch(row)
            if not m or len(m.group("nums").split()) != len(heads):
                break
            rows.append((offset, [m.group("label")] + m.group("nums").split()))
        out += _table_of_counts(text, start, rows, x)
    return out


def _status_headers(line: str, x: ExtractRules) -> list[tuple[int, int]]:
    """The spans of the status words in a header line, in order, the longest at each place."""
    low = line.lower()
    found = sorted({(m.start(), -(m.end() - m.start())) for r in x.statuses for m in r.regex.finditer(low)} |
                   {(m.start(), -(m.end() - m.start())) for m in _TOTAL_HEADER.finditer(low)})
    spans, end = [], 0
    for s, neg in found:
        words = line[s:s - neg].split()
        if any(w[:1].isupper() for w in words[1:]):
            continue  # two headers side by side (`Hoàn thành Quá hạn`), not one (`hoàn thành quá hạn`)
        if s >= end and (s == 0 or not low[s - 1].isalnum()):
            spans.append((s, s - neg))
            end = s - neg
    return spans


_COUNT_CELL = re.compile(_NUM)
_TIME_HEADER = re.compile(r"thời gian|thời hạn|tiến độ|ngày|tháng|năm|quý")  # (`Thời gian hoàn thành` holds days)
_SCOPE_CUT = re.compile(r"[;:.]|\n")
_NOT_SCOPE_START = re.compile(r"(?:UBND|Ủy ban|Trong|Đến|Có|Đã|Theo)")
_SCOPE = re.compile(r"(?:[Ll]ĩnh vực\s+)?((?:[A-ZĐ][\wÀ-ỹ]*)(?:[ ,-]+(?:và\s+)?[A-ZĐ]?[\wÀ-ỹ]*){0,6}?)\s+(?:có\s+)?$")


def _scope(text: str, start: int) -> str | None:
    """`Y tế có 2 nhiệm vụ; Giáo dục 7 nhiệm vụ`: a capitalized sector just before."""
    before = _SCOPE_CUT.split(text[max(0, start - 60):start])[-1]
    m = _SCOPE.search(before)
    if m and m.group(1)[:1].isupper() and not _NOT_SCOPE_START.match(m.group(1)) \
            and not _NOT_SCOPE.search(m.group(1)):
        return m.group(1).strip(" ,")
    return None


# a clause, not a sector (`Văn hóa, Thể thao và Du lịch`, `Giao thông vận tải` are):
# `Năm 2024, UBND tỉnh giao`, `Các cơ quan đã hoàn thành`, `Tổng số`
_NOT_SCOPE = re.compile(r"\d|(?<!\w)(?:đã|đang|được|giao(?! thông)|hoàn thành|tổng|số|các|cơ quan|đơn vị)(?!\w)",
                        re.IGNORECASE)
