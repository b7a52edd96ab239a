"""Plain text: any of the encodings in `encodings.py`, one block per line."""
from __future__ import annotations

import re

from pipeline.ingest.encodings import decode_text
from pipeline.models import Block, RawDocument


_MD_RULE = re.compile(r"\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*")  # `|---|---|` under a header


def _md_row(line: str) -> bool:
    """A Markdown table row (`| Sở Y tế | Quý II/2026 |`): opens and closes on a bar, two cells or more."""
    s = line.strip()
    return len(s) > 2 and s[0] == "|" and s[-1] == "|" and "|" in s[1:-1]


def _cell_separator(line: str) -> str | None:
    """`|` for a Markdown row, ` | ` or a tab when a line holds three cells or more so
    parted, else None."""
    if _md_row(line):
        return "|"
    if line.count(" | ") >= 2:
        return " | "
    return "\t" if line.strip("\t").count("\t") >= 2 else None


# Markdown a web page exported as text keeps (`#### Điều 3. ...`, `**Điều 1. Phạm vi điều chỉnh**`):
# the heading marks and the bold around a whole line are no part of the document's words
_MARKDOWN_LINE = re.compile(r"^(?:#{1,6}[ \t]+|\*\*(?=\S)(?=.*\S\*\*[ \t]*$))|(?<=\S)\*\*[ \t]*$")


def text_blocks(text: str) -> tuple[Block, ...]:
    """One block per line; runs of two or more lines with ` | ` or tabs between cells
    (plain-text tables, as exported by many document systems and copied from spreadsheets),
    or Markdown rows (`| a | b |`, the `|---|` rule under the header dropped), become one
    table block."""
    lines = [_MARKDOWN_LINE.sub("", line) if ("#" in line[:7] or "**" in line) else line
             for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    blocks: list[Block] = []
    run: list[tuple[str, ...]] = []
    run_sep: str | None = None
    for line in lines + [""]:
        sep = _cell_separator(line)
        if run and sep != run_sep:  # the run of rows ends (a line of text, or the other separator)
            if len(run) >= 2:
                blocks.append(Block(rows=tuple(run)))
            else:
                blocks.extend(Block(text=" | ".join(r)) for r in run)
            run = []
        if sep == "|" and run_sep == "|" and run and _MD_RULE.fullmatch(line):
            continue  # the rule under a Markdown table's header row
        if sep is not None:
            cells = line.strip()[1:-1] if sep == "|" else line
            run.append(tuple(c.strip() for c in cells.split(sep)))
            run_sep = sep
            continue
        blocks.append(Block(text=line))
    return tuple(blocks[:-1])


def read_text(data: bytes) -> RawDocument:
    text, encoding = decode_text(data)
    return RawDocument(format="txt", blocks=text_blocks(text), reader="text", encoding=encoding)
