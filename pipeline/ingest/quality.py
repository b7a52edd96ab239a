"""Does a text layer read as Vietnamese, or is it a scan's garbage OCR?

A Vietnamese syllable has a fixed shape (onset, vowel nucleus, coda) and is written in
one case pattern (lower, Capitalized or UPPER). Hidden OCR layers of poor scans break
both ("uY BAN NgAN nAN", "DQc l$p"), and lose the diacritics.
"""
from __future__ import annotations

import re
import unicodedata

_V = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵ"
_SYLLABLE = re.compile(
    rf"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?[{_V}]{{1,3}}(?:ng|nh|ch|[cmnpt])?$")
_TOKEN = re.compile(r"\S+")
_PLAIN = set("abcdefghijklmnopqrstuvwxyz")


def _case_ok(tok: str) -> bool:
    return tok.islower() or tok.isupper() or (tok[0].isupper() and tok[1:].islower())


def text_quality(text: str) -> tuple[int, float, float]:
    """(words, share of words shaped like Vietnamese syllables, share with diacritics)."""
    words = []
    for tok in _TOKEN.findall(unicodedata.normalize("NFC", text)):
        tok = tok.strip(".,;:()[]\"'“”‘’!?-–…/")
        if tok and (tok.isalpha() or any(not c.isalnum() for c in tok) and any(c.isalpha() for c in tok)):
            words.append(tok)
    if not words:
        return 0, 0.0, 0.0
    good = sum(1 for w in words if w.isalpha() and _case_ok(w)
               and (_SYLLABLE.match(w.lower()) or (w.isupper() and len(w) <= 6)))
    marked = sum(1 for w in words if any(c.isalpha() and c.lower() not in _PLAIN for c in w))
    return len(words), good / len(words), marked / len(words)


def is_garbage(text: str) -> bool:
    """True for a text layer that a reader could not read as Vietnamese."""
    n, shaped, marked = text_quality(text)
    if n < 15:
        return False  # too little to judge; the caller decides on near-empty pages
    return shaped < 0.75 or marked < 0.12
