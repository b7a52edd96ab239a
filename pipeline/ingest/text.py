"""Plain text: any of the encodings in `encodings.py`, one block per line."""
from __future__ import annotations

from pipeline.ingest.encodings import decode_text
from pipeline.models import Block, RawDocument


def text_blocks(text: str) -> tuple[Block, ...]:
    """One block per line; runs of two or more lines with ` | ` between cells (plain-text
    tables, as exported by many document systems) become one table block."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    run: list[tuple[str, ...]] = []
    for line in lines + [""]:
        if line.count(" | ") >= 2:
            run.append(tuple(c.strip() for c in line.split(" | ")))
            continue
        if len(run) >= 2:
            blocks.append(Block(rows=tuple(run)))
        else:
            blocks.extend(Block(text=" | ".join(r)) for r in run)
        run = []
        blocks.append(Block(text=line))
    return tuple(blocks[:-1])


def read_text(data: bytes) -> RawDocument:
    text, encoding = decode_text(data)
    return RawDocument(format="txt", blocks=text_blocks(text), reader="text", encoding=encoding)
