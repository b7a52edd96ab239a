"""Sentences of a document's text, as (start, end) spans into it.

Lines are paragraphs in Word and HTML, but printed lines in PDF and OCR text: two lines
are one paragraph when the second starts in lower case or the first ends on a word that
cannot end a sentence (rules/sentences.yaml `join_after`), unless the second opens a list
item or a heading (`block_start`). A paragraph is then cut after `.!?` before a capital (not after `;`: the parts of
an enumerated item are one piece of work).
"""
from __future__ import annotations

import re

from pipeline.extract.lexicon import UPPER, ExtractRules

_SENT_END = re.compile(rf"[.!?](\s+)(?={UPPER}|[\"“(])")  # the gap after the mark is group 1
_END_PUNCT = (".", ";", "!", "?", ":")


def _joins(prev: str, line: str, x: ExtractRules) -> bool:
    prev, line = prev.rstrip(), line.lstrip()
    if not prev or not line or x.block_start.match(line) or prev.endswith(_END_PUNCT):
        return False
    return line[0].islower() or x.join_after.search(prev) is not None


def paragraphs(text: str, x: ExtractRules) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    prev = ""
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if spans and _joins(prev, line, x):
            spans[-1] = (spans[-1][0], end)
        elif line.strip():
            spans.append((start, end))
        prev = line
    return spans


# a list item's number or an article's heading before a sentence (`1. Giao Sở Y tế ...`,
# `Điều 3. Chánh Văn phòng ...`)
_MARKER_ONLY = re.compile(r"\s*(?:\d+(?:\.\d+)*|[a-zđ]|[IVXLC]+|(?:Điều|ĐIỀU)\s+\d+)[.)]")


def split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of text[start:end]."""
    out: list[tuple[int, int]] = []
    pos = start
    for m in _SENT_END.finditer(text, start, end):
        if pos != start or not _MARKER_ONLY.fullmatch(text, pos, m.start(1)):
            out.append((pos, m.start(1)))  # (a number alone is not a sentence: the first starts after it)
        pos = m.end()
    out.append((pos, end))
    return out


def sentences(text: str, x: ExtractRules) -> list[tuple[int, int]]:
    return [span for start, end in paragraphs(text, x) for span in split(text, start, end)]
