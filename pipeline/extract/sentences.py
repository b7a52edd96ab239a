"""Sentences of a document's text, as (start, end) spans into it.

Lines are paragraphs in Word and HTML, but printed lines in PDF and OCR text: two lines
are one paragraph when the second starts in lower case or the first ends on a word that
cannot end a sentence (rules/sentences.yaml `join_after`), unless the second opens a list
item or a heading (`block_start`). In a text of printed lines (most lines about as long as
its longest: `printed_width`), a line that runs to the right margin without a closing mark
goes on in the next, whatever its first letter (`... sử dụng trái phép` + `VLNCN, TCTN ...`,
`... Việt Nam - Trung` + `Quốc ...`). A paragraph is then cut after `.!?` before a capital (not after `;`: the parts of
an enumerated item are one piece of work).
"""
from __future__ import annotations

import re

from pipeline.extract.lexicon import UPPER, ExtractRules

_SENT_END = re.compile(rf"[.!?](\s+)(?={UPPER}|[\"“(])")  # the gap after the mark is group 1
_END_PUNCT = (".", ";", "!", "?", ":")


PRINTED_MAX = 130   # printed lines are at most this long (a page's width in characters) ...
PRINTED_SHARE = 0.25  # ... and this share of the lines is within 80-110% of the longest (the 90th percentile)
FULL_LINE = 0.85     # a line at least this share of that width runs to the right margin


def printed_width(lines: list[str]) -> int | None:
    """The width of a text's printed lines (PDF, OCR), None when its lines are paragraphs."""
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip() and " | " not in line)  # (not table rows)
    if len(lengths) < 10:
        return None
    width = lengths[int(len(lengths) * 0.9)]
    near = sum(1 for n in lengths if 0.8 * width <= n <= 1.1 * width)
    return width if width <= PRINTED_MAX and near >= PRINTED_SHARE * len(lengths) else None


def _joins(prev: str, line: str, x: ExtractRules, width: int | None = None) -> bool:
    prev, line = prev.rstrip(), line.lstrip()
    if not prev or not line or x.block_start.match(line) or prev.endswith(_END_PUNCT):
        return False
    if line[0].islower() or x.join_after.search(prev) is not None:
        return True
    # a line to the margin goes on (not a heading or a title in capitals, on either side, nor a table's row)
    return width is not None and len(prev) >= FULL_LINE * width and not prev.isupper() and not line.isupper() \
        and " | " not in prev and " | " not in line


def paragraphs(text: str, x: ExtractRules) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    prev = ""
    lines = text.split("\n")
    width = printed_width(lines)
    for line in lines:
        start, end = pos, pos + len(line)
        pos = end + 1
        if spans and _joins(prev, line, x, width):
            spans[-1] = (spans[-1][0], end)
        elif line.strip():
            spans.append((start, end))
        prev = line
    return spans


def flowed(text: str, spans, tables=()) -> str:
    """The text with every line break inside a paragraph (`spans`: `paragraphs`) made a
    space: the same length, so offsets stay the text's. Names, lists and dates that a printed
    line breaks (`Nông nghiệp và Phát triển nông` / `thôn`, `UBND các xã: Nam` / `Mẫu`) are
    read whole; a line that ends a paragraph (a heading, an item) still ends them, and so
    does each row of a table (`tables`: its spans)."""
    if "\n" not in text:
        return text
    chars = list(text)
    for start, end in spans:
        i = text.find("\n", start, end)
        while i >= 0:
            chars[i] = " "
            i = text.find("\n", i + 1, end)
    for start, end in tables:
        i = text.find("\n", start, end)
        while i >= 0:
            chars[i] = "\n"
            i = text.find("\n", i + 1, end)
    return "".join(chars)


def flowed_text(doc, outline) -> str:
    """A document's text flowed along its outline's paragraphs, its tables' rows kept apart."""
    return flowed(doc.text, outline.paragraphs, [(t.start, t.end) for t in doc.tables])


# a list item's number or an article's heading before a sentence (`1. Giao Sở Y tế ...`,
# `Điều 3. Chánh Văn phòng ...`)
_MARKER_ONLY = re.compile(r"\s*(?:\d+(?:\.\d+)*|[a-zđ]|[IVXLC]+|(?:Điều|ĐIỀU)\s+\d+)[.)]")


_ABBREVIATION = re.compile(r"(?<!\w)(?:TP|Tp|TX|Tx|TT|ThS|TS|PGS|GS)$")  # before a `.` that ends no sentence


def split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of text[start:end]."""
    out: list[tuple[int, int]] = []
    pos = start
    for m in _SENT_END.finditer(text, start, end):
        if _ABBREVIATION.search(text, max(start, m.start() - 6), m.start()):
            continue  # `UBND TP. Nha Trang`: a shortened word, not a sentence's end
        if pos != start or not _MARKER_ONLY.fullmatch(text, pos, m.start(1)):
            out.append((pos, m.start(1)))  # (a number alone is not a sentence: the first starts after it)
        pos = m.end()
    out.append((pos, end))
    return out


def sentences(text: str, x: ExtractRules) -> list[tuple[int, int]]:
    return [span for start, end in paragraphs(text, x) for span in split(text, start, end)]
