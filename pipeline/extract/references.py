"""Document numbers (số, ký hiệu): own number and cited ones, with type and date."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from pipeline.extract.lexicon import ExtractRules
from pipeline.models import DateMention, Reference

_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_BLANKS = re.compile(r"\s+")
_CLAUSE_CUT = re.compile(r"[.;:\n](?=\s)|\n")
_CODE_CUT = re.compile(r"[-/]")
_DATE_AFTER = re.compile(r"\s*[(,]?\s*(?:ban hành\s+)?ngày\s")
_DIGITS = re.compile(r"\d+")


def normalize_ref(s: str) -> str:
    s = _DASHES.sub("-", s).replace("\u00d0", "\u0110")
    return _BLANKS.sub("", s)


def _doc_type(text: str, start: int, code: str, x: ExtractRules) -> str | None:
    before = text[max(0, start - 90):start]
    sentence = _CLAUSE_CUT.split(before)[-1]
    words = list(x.doc_type_words.finditer(sentence))
    if words:
        return words[-1].group(0)  # written as the text has it; find_references canonicalises
    head = _CODE_CUT.split(code)[0]
    return x.code_types.get(head)


_ISSUED_BEFORE = re.compile(r"^\s*,?\s*[^.;:\d]{0,60}?\b(?:ban hành|ký ban hành|ký)\b[^.;:\d]{0,40}$", re.IGNORECASE)


def _issued(text: str, start: int, end: int, dates: list[DateMention], starts: list[int],
            longest: int = -1) -> str | None:
    """A date written right after the number (`số 108/QĐ-UBND (ngày 15/1/2021)`), or
    opening the clause that issues it (`Ngày 3/12/2020, UBND tỉnh đã ban hành Kế hoạch số
    694/KH-UBND`). `dates` in text order, `starts` their offsets; `longest` the longest
    date's length (-1: unknown), which bounds how far back a date ending near `start` begins."""
    if _DATE_AFTER.match(text[end:end + 20]):
        for d in dates[bisect_left(starts, end):]:
            if d.start > end + 24:
                break
            if d.granularity == "day":
                return d.value
        return None
    last = None  # the last day in text order that ends at most 100 characters before `start`
    for i in range(bisect_right(starts, start) - 1, -1, -1):
        d = dates[i]
        if longest >= 0 and d.start + longest < start - 100:
            break  # (it and every date before it end too early)
        if d.granularity == "day" and d.end <= start and start - d.end <= 100:
            last = d
            break
    if last is not None and _ISSUED_BEFORE.match(text[last.end:start]):
        return last.value
    return None


def find_references(text: str, x: ExtractRules, dates: list[DateMention]) -> list[Reference]:
    """Every document number in the text; `dates` are the text's dates in text order
    (`find_dates`), for the date each document was issued."""
    starts = [d.start for d in dates]
    longest = max((d.end - d.start for d in dates), default=0)
    out: list[Reference] = []
    taken = bytearray(len(text) + 1)  # 1 where a reference found already runs
    header_end = min(len(text), 600)
    self_ref = None
    for rule in x.references:
        for m in rule.finditer(text):
            s = m.start("num")
            if taken[s]:
                continue
            g = m.groupdict()
            code = g.get("code") or ""
            if rule.id == "bare_number":
                ref, code = g["num"], ""
            elif rule.id == "party_symbol":
                ref = f"{g['num']}-{code}"
            elif rule.id == "technical_standard":
                ref = f"{g['std']}{g['num']}:{g['year']}" + (f"/{code}" if code else "")
            else:
                ref = f"{g['num']}/" + (f"{g['year']}/" if g.get("year") else "") + code
            ref = normalize_ref(ref)
            taken[s:m.end()] = b"\x01" * (m.end() - s)
            dtype = g.get("doctype") or _doc_type(text, s, code, x)
            if dtype:
                dtype = x.type_names.get(dtype.lower(), dtype)
            role = "cited"
            if rule.id == "header_number" and m.start() < header_end and self_ref is None:
                role, self_ref = "self", ref
            elif ref == self_ref:
                role = "self"
            issued = _issued(text, m.start(), m.end(), dates, starts, longest)
            if role == "self" and issued is None:
                issued = next((d.value for d in dates if d.role == "issued"), None)
            year = int(g["year"]) if g.get("year") else None
            out.append(Reference(ref=ref, number=int(_DIGITS.match(g["num"]).group(0)), year=year, doc_type=dtype, issued_date=issued,
                                 role=role, start=m.start(), end=m.end(), text=m.group(0),
                                 rule=f"references.yaml:{rule.id}"))
    return sorted(out, key=lambda r: r.start)
