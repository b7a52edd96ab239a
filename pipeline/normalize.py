"""Normalization: RawDocument -> Document.

Line cleaners form a registry of named steps applied in order to every line and table
cell; document cleaners then drop page furniture and web chrome. Tables are rendered
into the text, one line per row (` | ` between cells), and keep their cells' offsets.
All offsets of all tables refer to the text made here.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Callable

from pipeline.ingest.quality import _SYLLABLE
from pipeline.models import Block, Cell, Document, RawDocument, Table
from pipeline.rules import RuleSet

# -- line cleaners -----------------------------------------------------------

_OLD_TONES = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
# the same pairs as one character-class pattern (an alternation with IGNORECASE is slow)
# (the pattern opens on its first letter, which lets the engine skip ahead fast)
_OLD_TONE_RE = re.compile(r"[oOuU](?<![qQ][oOuU])(?:(?<=[oO])[àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ]|(?<=[uU])[ỳýỷỹỵỲÝỶỸỴ])(?![^\W\d_])")
_LOOKALIKE_D = {"\u00d0": "\u0110", "\u0189": "\u0110", "\u00f0": "\u0111"}


def _lookalike_d(s: str) -> str:
    """Icelandic eth and African D look like Đ/đ and are typed for them."""
    for bad, good in _LOOKALIKE_D.items():
        if bad in s:
            s = s.replace(bad, good)
    return s


def _digit_ranges() -> list[tuple[int, int]]:
    """The decimal digits other than 0-9 (what `\\d` also matches), as (first, last) runs;
    planes 0 and 1 hold them all."""
    ranges: list[list[int]] = []
    for c in range(0x80, 0x20000):
        if chr(c).isdecimal():
            if ranges and ranges[-1][1] == c - 1:
                ranges[-1][1] = c
            else:
                ranges.append([c, c])
    return [(a, b) for a, b in ranges]


def _char_class(ranges: list[tuple[int, int]], extra: str = "") -> re.Pattern:
    return re.compile("[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges) + extra + "]")


# every decimal digit but 0-9; the quick test finds the ones of plane 0 or any character
# beyond it, a wide class being slow to search
_DIGIT_RANGES = _digit_ranges()
_OTHER_DIGITS = _char_class(_DIGIT_RANGES)
_MAYBE_OTHER_DIGITS = _char_class([r for r in _DIGIT_RANGES if r[1] <= 0xFFFF], "\U00010000-\U0010FFFF")


def _ascii_digits(s: str) -> str:
    """Full-width (`１２/QĐ-UBND`) and other scripts' digits -> 0-9: numbers read the same
    whatever font wrote them, and rules may open on `(?=[0-9])`, which lets the regex
    engine skip ahead to digits (`\\d` also matches the other scripts' digits, and then it
    cannot)."""
    if _MAYBE_OTHER_DIGITS.search(s):
        s = _OTHER_DIGITS.sub(lambda m: str(unicodedata.decimal(m.group())), s)
    return s


# runs of two or more blanks, and any single blank other than a plain space
_ODD_BLANKS = "\t\u00a0" + "".join(map(chr, range(0x2000, 0x200c))) + "\u202f\u3000"
_SPACES = re.compile(rf"[ {_ODD_BLANKS}]{{2,}}|[{_ODD_BLANKS}]")
_SPACED_CAPS = re.compile(r"[A-ZĐ](?<!\w[A-ZĐ])[A-ZĐ]? (?:[A-ZĐ]{1,2} ){0,3}[A-ZĐ]{1,2}\b")
_WORD = re.compile(r"[^\W\d_]+")
_LINE_EDGES = re.compile(r" \n *|\n +")


def _spaces(s: str) -> str:
    """One plain space between words, none at a line's edges (the scan for odd blanks is
    skipped when a fast substring test finds none)."""
    if "  " in s or any(c in s for c in _ODD_BLANKS):
        s = _SPACES.sub(" ", s)
    return _LINE_EDGES.sub("\n", s).strip(" ")


def _new_tone(m: re.Match) -> str:
    s = m.group(0)
    out = _OLD_TONES[s.lower()]
    return out[0].upper() + out[1:] if s[0].isupper() else out


def _join_spaced_caps(m: re.Match) -> str:
    """`U B ND` -> `UBND`: short capital fragments with at least one lone consonant."""
    parts = m.group(0).split(" ")
    joined = "".join(parts)
    lone_consonant = any(len(p) == 1 and p not in "AEIOUY" for p in parts)
    return joined if lone_consonant and 3 <= len(joined) <= 6 else m.group(0)


@lru_cache(maxsize=1 << 16)
def _is_syllable(w: str) -> bool:
    return bool(_SYLLABLE.match(w.lower()))


@lru_cache(maxsize=1 << 16)
def _odd_fragment(tok: str) -> bool:
    return bool(_WORD.fullmatch(tok or "-")) and not _is_syllable(tok)


def _join_split_syllables(line: str) -> str:
    """`Qu ả ng Ngãi` -> `Quảng Ngãi`: adjacent fragments that are not words alone but are
    one syllable together (PDF converters' spacing artefacts)."""
    if " " not in line:
        return line
    if not any(_odd_fragment(t) for t in set(line.split()) if len(t) <= 3 and (len(t) == 1 or t[1:].islower())):
        # a join needs a short piece that is no syllable by itself (`Qu ả ng`, `Vi ệt`,
        # `tr ường`); nearly every line has none
        return line
    tokens = line.split(" ")
    out: list[str] = []
    for tok in tokens:
        if out and _WORD.fullmatch(out[-1] or "-") and _WORD.fullmatch(tok or "-"):
            prev = out[-1]
            if (not _is_syllable(prev) or not _is_syllable(tok)) and _is_syllable(prev + tok) \
                    and (prev + tok)[1:].islower() and len(prev) <= 3:
                out[-1] = prev + tok
                continue
        out.append(tok)
    return " ".join(out)


LINE_CLEANERS: dict[str, Callable[[str], str]] = {
    "nfc": lambda s: unicodedata.normalize("NFC", s),
    "lookalike_d": _lookalike_d,
    "ascii_digits": _ascii_digits,
    "new_style_tones": lambda s: _OLD_TONE_RE.sub(_new_tone, s),
    "spaces": _spaces,
    "spaced_caps": lambda s: _SPACED_CAPS.sub(_join_spaced_caps, s),
    "split_syllables": _join_split_syllables,
}


def clean_line(s: str) -> str:
    """Every cleaner, in order. Each one keeps line breaks where they are, so a block of
    lines is cleaned in one call (see `clean_lines`), which is much faster than line by line."""
    for step in LINE_CLEANERS.values():
        s = step(s)
    return s


def clean_lines(lines: list[str]) -> list[str]:
    if not lines:
        return []
    out = clean_line("\n".join(line.replace("\n", " ") for line in lines)).split("\n")
    if len(out) != len(lines):  # a cleaner broke the line structure: fall back, line by line
        return [clean_line(line) for line in lines]
    return out


# -- document cleaners ---------------------------------------------------------

def drop_chrome(blocks: list[Block], rules: RuleSet) -> list[Block]:
    out: list[Block] = []
    in_block = False
    for b in blocks:
        if b.is_table:
            out.append(b)
            continue
        line = b.text
        if in_block:
            in_block = bool(line)
            continue
        if rules.chrome_tail.fullmatch(line):
            break
        if rules.chrome_block.fullmatch(line):
            in_block = True
            continue
        if rules.chrome_line.fullmatch(line) or (b.page and rules.chrome_page_line.fullmatch(line)):
            continue
        out.append(b)
    return out


def drop_running_headers(blocks: list[Block]) -> list[Block]:
    """Lines repeated on three or more pages (running headers and footers)."""
    pages = {b.page for b in blocks if b.page}
    if len(pages) < 3:
        return blocks
    per_page: dict[str, set] = {}
    for b in blocks:
        if not b.is_table and b.text and b.page:
            per_page.setdefault(b.text, set()).add(b.page)
    seen = {t for t, ps in per_page.items() if len(ps) >= 3 and len(t) < 120 and not t.startswith(("-", "+", "*"))}
    return [b for b in blocks if b.is_table or b.text not in seen]


# -- assembly ----------------------------------------------------------------

def _clean_cell(s: str) -> str:
    lines = clean_lines(s.split("\n"))
    return "; ".join(x for x in lines if x)


def build_document(raw: RawDocument, doc_id: str, source: str, rules: RuleSet) -> Document:
    texts = iter(clean_lines([b.text for b in raw.blocks if not b.is_table]))
    blocks: list[Block] = []
    for b in raw.blocks:
        if b.is_table:
            rows = tuple(tuple(_clean_cell(c) for c in row) for row in b.rows)
            blocks.append(Block(rows=rows, page=b.page))
        else:
            blocks.append(Block(text=next(texts), page=b.page))
    blocks = drop_running_headers(drop_chrome(blocks, rules))
    parts: list[str] = []
    tables: list[Table] = []
    pos = 0
    blank = 0
    for b in blocks:
        if not b.is_table:
            if not b.text:
                blank += 1
                if blank > 1 or not parts:
                    continue
            else:
                blank = 0
            parts.append(b.text)
            pos += len(b.text) + 1
            continue
        blank = 0
        cells: list[Cell] = []
        t_start = pos
        for r, row in enumerate(b.rows):
            line_parts = []
            col_pos = pos
            for c, text in enumerate(row):
                if c:
                    col_pos += 3
                cells.append(Cell(r, c, col_pos, col_pos + len(text)))
                line_parts.append(text)
                col_pos += len(text)
            line = " | ".join(line_parts)
            parts.append(line)
            pos += len(line) + 1
        tables.append(Table(start=t_start, end=pos - 1, n_cols=max(len(r) for r in b.rows),
                            cells=tuple(cells), page=b.page))
    text = "\n".join(parts).rstrip()
    return Document(doc_id=doc_id, source=source, format=raw.format, text=text, tables=tuple(tables),
                    meta_title=raw.meta_title, meta_date=raw.meta_date)
